"""``lw:paths``: every reading path in the handbook, as cards (HTML) or a list with page numbers.

A card names the path, who it is for, and its steps, each linked with the path in its
address so the page it opens shows where the reader is.  In print each path is set out
with its steps and the page each one is on.
"""

from __future__ import annotations

from docutils import nodes

from ..nodes import block
from ..resolve import RenderContext, renderer
from .base import LwDirective
from .path import content_notes, page_number, step_link
from ..translations import _


class PathsDirective(LwDirective):
    object_type = "paths"
    takes_id = False
    takes_body = False

    def render(self, _id: None) -> list[nodes.Node]:
        return [block("paths", self.placeholder("paths"), label=_("Reading paths"))]


def every_path(derived, params) -> list:
    """Each path with its numbered steps, in page order."""
    return [derived.reading_paths[record.id] for record in derived.index.get("path", {}).values()
            if record.id in derived.reading_paths]


@renderer("paths", reads=every_path)
def paths(context: RenderContext, found, params) -> list[nodes.Node]:
    if not found:
        return [nodes.paragraph(text=_("No reading paths yet: add one with lw:path."))]
    cards = nodes.bullet_list(classes=["lw-path-cards"])
    for path in found:
        record = path.record
        card = nodes.list_item(classes=["lw-path-card"])
        title = nodes.paragraph(classes=["lw-path-card-title"])
        title += nodes.strong("", "", context.link(record, text=record.title))
        card += title
        if record.audience:
            card += nodes.paragraph(text=record.audience, classes=["lw-path-card-for"])
        steps = nodes.enumerated_list(classes=["lw-path-card-steps"], enumtype="arabic", prefix="", suffix=".")
        for step in path.steps:
            paragraph = nodes.paragraph()
            paragraph += step_link(context, record, step)
            if content_notes(step):
                paragraph += nodes.inline(text=f" (content note: {content_notes(step)})",
                                          classes=["lw-path-card-note"])
            if not context.html:
                paragraph.extend(page_number(step))
            steps += nodes.list_item("", paragraph)
        card += steps
        if context.html and path.steps:
            start = nodes.paragraph(classes=["lw-path-card-start"])
            start += step_link(context, record, path.steps[0], text=_("Start: step 1 of {total}").format(total=len(path.steps)))
            card += start
        cards += card
    return [cards]
