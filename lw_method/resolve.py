"""Fill in what a page shows from other pages, when the page is written.

Directives leave ``lw_pending`` nodes where a page needs project-wide data
(backlinks, the checklist, neighbouring stories).  On ``doctree-resolved`` each
is replaced by what its component's renderer builds from the derived data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from docutils import nodes
from sphinx.util.nodes import make_refnode

from .derive import Derived
from .labels import title_of
from .nodes import lw_pending
from .records import Record

Renderer = Callable[["RenderContext", lw_pending], list[nodes.Node]]
RENDERERS: dict[str, Renderer] = {}


def renderer(kind: str) -> Callable[[Renderer], Renderer]:
    """Register the function that renders ``lw_pending`` nodes of ``kind``."""
    def register(function: Renderer) -> Renderer:
        RENDERERS[kind] = function
        return function
    return register


@dataclass
class RenderContext:
    builder: Any
    docname: str
    derived: Derived
    config: Any

    def title(self, record: Record) -> str:
        return title_of(record, self.derived)

    def link(self, record: Record, text: str | None = None, title: str | None = None) -> nodes.Element:
        """A link to ``record``'s anchor, showing ``text`` or the record's title (``title`` on hover)."""
        title = title or (self.title(record) if record.type != "excerpt" else text)
        content = nodes.inline(classes=["lw-ref", f"lw-ref-{record.type}"])
        content += nodes.Text(text or title)
        return make_refnode(self.builder, self.docname, record.docname, record.anchor, content, title)

    @property
    def html(self) -> bool:
        """Whether the page is written as HTML (views add what only a browser can use)."""
        return self.builder.format == "html"

    def page_title(self, docname: str) -> str:
        return self.derived.page_titles.get(docname, "")


def stamp_docname(app, doctree: nodes.document) -> None:
    """Remember each placeholder's page, so links from it are relative to the right file."""
    for node in doctree.findall(lw_pending):
        node["docname"] = app.env.docname


def resolve_pending(app, doctree: nodes.document, docname: str) -> None:
    derived = app.env.domains["lw"].derived
    for node in list(doctree.findall(lw_pending)):
        context = RenderContext(app.builder, node.get("docname", docname), derived, app.config)
        node.replace_self(RENDERERS[node["kind"]](context, node))
