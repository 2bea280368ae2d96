"""Raw HTML in a source never reaches a page: it is left out, with a located warning.

Handbooks are written by many hands and shared widely; a ``<script>`` or a
styled ``<div>`` pasted into Markdown would otherwise pass straight into every
page.  Set ``lw_allow_raw_html = True`` to let it through deliberately.
"""

from __future__ import annotations

from docutils import nodes

from .warnings import warn


def refuse_raw_html(app, doctree: nodes.document) -> None:
    if app.config.lw_allow_raw_html:
        return
    for raw in list(doctree.findall(nodes.raw)):
        if "html" not in raw.get("format", "").split():
            continue
        snippet = " ".join(raw.astext().split())[:60]
        warn(f"raw HTML is not allowed in handbook sources and was left out: {snippet!r} "
             "(write it in Markdown, or set lw_allow_raw_html = True)", raw, "raw-html")
        raw.parent.remove(raw)
