"""lw-method: a Sphinx extension for practice handbooks built from people's stories.

Add ``"lw_method"`` to ``extensions`` (with ``myst_parser`` and the ``colon_fence``
MyST extension) to get the ``lw`` domain: stories, quotes, insights, excerpts,
methods, readiness checks and checklists, linked both ways, in HTML and LaTeX.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.2.0"


DEFAULT_SUPPORT_TEXT = (
    "If this brings up difficult feelings, support is there: in the UK and Ireland you can call "
    "Samaritans free, day or night, on 116 123; in England, call NHS 111 and choose option 2 "
    "for urgent mental health help."
)


def _on_env_updated(app, env) -> list[str]:
    """Derive cross-page data once; return unchanged pages whose view of others changed."""
    from .edition import drop_withheld_from_pages_to_write
    from .publish_guard import refuse_withheld_root
    from .site_structure import pages_to_rewrite, structure_digest

    domain = env.domains["lw"]
    previous = domain.derive()
    derived = domain.derived
    refuse_withheld_root(app, derived.withheld)
    drop_withheld_from_pages_to_write(app, derived.withheld)
    structure = structure_digest(env, derived.withheld.docnames)
    rewrite = pages_to_rewrite(env, domain.data.get("structure"), structure)
    domain.data["structure"] = structure
    return sorted((rewrite | derived.changed_since(previous)) - derived.withheld.docnames)


def _on_missing_reference(app, domain, node) -> bool | None:
    """Report a role naming an unknown id as ``lw.unknown-id``; option links were checked already."""
    if domain is None or domain.name != "lw":
        return None
    if not node.get("lw_checked"):
        from .warnings import warn

        type_, target = node["reftype"], node["reftarget"]
        searched = app.env.domains["lw"].derived.handbooks.names
        where = f" (searched this handbook and {', '.join(searched)})" if searched else ""
        warn(f"{{lw:{type_}}}`{target}` names no {type_}{where}: fix the id, or define it with "
             f":::{{lw:{type_}}} {target}", node, "unknown-id")
    return True


def setup(app) -> dict[str, Any]:
    from . import assets, hardening
    from . import nodes as lw_nodes
    from .components import DIRECTIVES
    from .domain import LwDomain
    from . import edition, publish_guard, site_structure
    from .export import write_export
    from .handbooks import read_handbooks
    from .resolve import FillPlaceholders, stamp_docname
    from .safety import refuse_raw_html

    from . import collector, parallel
    collector.setup(app)
    parallel.setup(app)

    LwDomain.directives = dict(DIRECTIVES)
    app.add_domain(LwDomain)
    lw_nodes.register(app)

    app.add_config_value("lw_support_text", DEFAULT_SUPPORT_TEXT, "env", types=(str,))
    app.add_config_value("lw_quote_source", "", "env", types=(str,))
    app.add_config_value("lw_edition", "public", "env", types=(str,))
    app.add_config_value("lw_allow_raw_html", False, "env", types=(bool,))
    app.add_config_value("lw_handbooks", {}, "env", types=(dict,))

    # the reader's words in the project's language (see lw_method.translations)
    from . import translations
    app.connect("config-inited", translations.load_catalogue)
    app.connect("builder-inited", translations.add_latex_strings)

    # editions: decided from what was parsed, hidden while writing, guarded at the end
    app.connect("config-inited", edition.check_edition)
    app.add_transform(edition.EmptyWithheldPage)
    app.add_post_transform(edition.LeaveOutWithheld)
    app.connect("builder-inited", publish_guard.claim_output_folder)
    app.connect("env-before-read-docs", edition.remember_pages_to_read)
    app.connect("write-started", edition.hide_withheld_pages)
    app.connect("html-page-context", edition.copy_no_source_when_withholding)
    app.connect("build-finished", edition.show_withheld_pages, priority=100)
    app.connect("build-finished", publish_guard.guard_public_output, priority=900)

    app.connect("env-before-read-docs", read_handbooks)
    app.connect("doctree-read", refuse_raw_html)
    app.connect("doctree-read", stamp_docname)
    app.connect("env-updated", _on_env_updated)
    app.add_post_transform(FillPlaceholders)
    app.connect("warn-missing-reference", _on_missing_reference)
    app.connect("env-get-outdated", site_structure.remember_removed_pages)
    app.connect("html-collect-pages", site_structure.drop_search_terms_of_removed_pages)
    app.connect("build-finished", site_structure.remove_output_of_removed_pages)
    app.connect("build-finished", write_export)
    assets.register(app, assets.CORE)
    hardening.setup(app)  # page-level checks of what authors wrote
    from .components import path as reading_paths
    reading_paths.setup(app)  # every page can show the reading paths through it
    from . import kit_epub
    kit_epub.setup(app)  # the e-book: accessibility metadata, stylesheets, no script data

    return {
        "version": __version__,
        "env_version": 3,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
