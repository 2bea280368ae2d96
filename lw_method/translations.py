"""Every string the extension shows a reader, translatable: Python, the pages' scripts, LaTeX.

Python wraps them in :func:`_` (the ``lw_method`` message catalogue, through
``sphinx.locale``), so a page is written in the project's ``language``.  The catalogue is
looked for in the package's ``locales`` folder and in the project's own ``locale_dirs``, so a
site can translate (or reword) the extension's strings without touching it: put
``<language>/LC_MESSAGES/lw_method.mo`` in a folder named in ``locale_dirs``.  LaTeX takes them
as macros (``\\lwMethodAtAGlance``…) set in the preamble; scripts read theirs from the page.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.locale import get_translation, init

CATALOGUE = "lw_method"
PACKAGE_LOCALES = Path(__file__).parent / "locales"

_ = get_translation(CATALOGUE)


def load_catalogue(app, config) -> None:
    """The extension's strings in the project's language: the site's own translations first
    (its ``locale_dirs``), then the package's."""
    from sphinx.util.i18n import CatalogRepository

    locale_dirs = list(getattr(config, "locale_dirs", ()) or ())
    repository = CatalogRepository(app.srcdir, locale_dirs, config.language, config.source_encoding)
    for catalogue in repository.catalogs:  # Sphinx compiles a project's catalogues after this
        if catalogue.domain == CATALOGUE and catalogue.is_outdated():
            catalogue.write_mo(config.language, getattr(config, "gettext_allow_fuzzy_translations", False))
    project_dirs = [str(Path(app.srcdir, d)) for d in locale_dirs]
    init([*project_dirs, str(PACKAGE_LOCALES)], config.language, CATALOGUE)


#: the LaTeX styles' words, by the macro that holds them; lw-method.sty defines the same English
LATEX_STRINGS = {
    "lwMethodAtAGlance": "Method at a glance",
    "lwSiteVersionOfAMethod": "A site's version of a method",
    "lwNotesAndEvidence": "Notes and evidence",
    "lwWorksheetKeyText": ("For each check, tick the box that describes your site today and note the "
                           "evidence for your answer. Each statement links to where the check is "
                           "explained, and each method to its page."),
    "lwWhoTookPart": "Who took part",
    "lwSiteLabel": "Site",
    "lwDateLabel": "Date",
}
#: the three statuses, as the worksheet's tick boxes show them (one macro of three groups)
STATUS_WORDS = ("Not yet", "Emerging", "In place")


def latex_preamble(escape) -> str:
    """``\\renewcommand`` lines for the words the project's language changes; none for English."""
    lines = [f"\\renewcommand\\{macro}{{{escape(str(_(english)))}}}"
             for macro, english in LATEX_STRINGS.items() if str(_(english)) != english]
    statuses = [str(_(word)) for word in STATUS_WORDS]
    if statuses != list(STATUS_WORDS):
        groups = "".join(f"{{{escape(word)}}}" for word in statuses)
        lines.append(f"\\renewcommand\\lwstatuslabels{{{groups}}}")
    return "\n".join(lines)


def add_latex_strings(app) -> None:
    """On a LaTeX build, put the translated words in the preamble (after lw-method.sty)."""
    if app.builder.format != "latex":
        return
    from sphinx.util.texescape import escape

    preamble = latex_preamble(lambda text: escape(text, app.config.latex_engine))
    if preamble:
        app.builder.context["preamble"] = app.builder.context.get("preamble", "") + "\n" + preamble + "\n"


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a counted phrase the project's language uses for ``count`` (its catalogue's
    plural rule; English's when no catalogue is loaded)."""
    from sphinx.locale import translators

    translator = translators.get(("general", CATALOGUE))
    if translator is None:
        return singular if count == 1 else plural
    return translator.ngettext(singular, plural, count)
