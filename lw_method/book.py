"""``lw_method.book``: the handbook's design around its pages, an extension of its own.

List it after ``lw_method`` in ``extensions`` for:

* ``lw-sections.html``, a template component any theme can include (the handbook
  puts it in sphinx-book-theme's ``article_header_start``): the root document's
  first toctree as a bar of links, with ``aria-current`` on the reader's section.
  Give the toctree entries short titles (``Approach <approach/index>``); an entry
  without one shows its page title up to the first colon.
* ``lw-book.sty``, the PDF's book design: title page, contents, part openers, chapter
  heads, running heads, sphinx-design cards, the bibliography on its page (the objects'
  own styles, ``lw-method.sty``, come with ``lw_method``, so a site without this
  extension keeps its own LaTeX look).
* Two small ARIA repairs of what themes and writers produce, so every page passes
  axe-core: pydata-based themes' toctree toggles (``<summary>`` with only an
  icon) get a name, and citations get ``role="listitem"`` in place of the
  deprecated ``doc-biblioentry`` inside their ``role="list"``.
"""

from __future__ import annotations

import re

from markupsafe import Markup
from sphinx import addnodes

from . import __version__
from .assets import BOOK, TEMPLATES_DIR, register
from .translations import _


def setup(app) -> dict:
    app.setup_extension("lw_method")
    app.connect("config-inited", _add_templates)
    register(app, BOOK)
    app.connect("html-page-context", _add_sections)
    app.connect("html-page-context", _repair_aria, priority=900)  # after the theme's own handlers
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}


def _add_templates(app, config) -> None:
    path = str(TEMPLATES_DIR)
    if path not in config.templates_path:
        config.templates_path = [*config.templates_path, path]


# -- the sections bar ---------------------------------------------------------------------------

def short_title(title: str) -> str:
    return title.split(":", 1)[0].strip() or title


def handbook_sections(app) -> list[tuple[str, str]]:
    """(docname, label): the root page, then the entries of its first toctree; once per build."""
    cached = getattr(app.builder, "_lw_sections", None)
    if cached is not None:
        return cached
    env, root = app.env, app.config.root_doc
    sections: list[tuple[str, str]] = []
    if root in env.all_docs:
        toctrees = list(env.get_doctree(root).findall(addnodes.toctree))
        if toctrees:
            sections.append((root, str(_("Home"))))
            for title, ref in toctrees[0]["entries"]:
                if ref in env.all_docs and ref != root:
                    sections.append((ref, title or short_title(env.titles[ref].astext())))
    app.builder._lw_sections = sections
    return sections


def _add_sections(app, pagename: str, templatename, context: dict, doctree) -> None:
    pathto = context.get("pathto")
    if pathto is None:
        return
    sections = []
    for docname, title in handbook_sections(app):
        folder = docname[: -len("index")] if docname.endswith("/index") else None
        current = "page" if pagename == docname else "true" if folder and pagename.startswith(folder) else ""
        sections.append({"title": title, "url": pathto(docname), "current": current})
    context["lw_sections"] = sections
    context["lw_sections_label"] = str(_("Handbook sections"))


# -- ARIA repairs -------------------------------------------------------------------------------

_TOGGLE = re.compile(r'(<a class="[^"]*\breference\b[^"]*" href="[^"]*">([^<]*)</a>\s*<details[^>]*>\s*)<summary>')
_BIBLIOENTRY = re.compile(r'(<div class="citation"[^>]*?) role="doc-biblioentry"')


def label_toctree_toggles(html: str) -> str:
    """Name each icon-only ``<summary>`` after the page whose sub-pages it shows or hides."""
    def named(match: re.Match) -> str:
        page = match.group(2).strip().replace('"', "&quot;")
        label = str(_("Pages in {page}")).replace("{page}", page)
        return f'{match.group(1)}<summary aria-label="{label}">'
    return _TOGGLE.sub(named, html)


def _repair_aria(app, pagename: str, templatename, context: dict, doctree) -> None:
    generate = context.get("generate_toctree_html")
    if callable(generate) and not getattr(generate, "lw_repaired", False):
        def labelled(*args, **kwargs):
            html = generate(*args, **kwargs)
            return Markup(label_toctree_toggles(str(html)))
        labelled.lw_repaired = True
        context["generate_toctree_html"] = labelled
    if "body" in context and "doc-biblioentry" in context["body"]:
        context["body"] = _BIBLIOENTRY.sub(r'\1 role="listitem"', context["body"])
