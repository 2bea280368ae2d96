"""``lw:checklist``: every check in the project, gathered by area wherever it is defined.

Rendered as a worksheet: each check with tick boxes for its status (not yet,
emerging, in place) and room for notes.  In print and PDF that is what a site
fills in by hand; in HTML ``lw-checklist.js`` turns the same markup into a
self-assessment kept in the reader's browser.
"""

from __future__ import annotations

from docutils import nodes

from ..nodes import block, pending
from ..report import warn
from ..resolve import RenderContext, renderer
from .base import LwDirective


class ChecklistDirective(LwDirective):
    object_type = "checklist"
    takes_id = False
    optional_options = ("area",)
    takes_body = False

    def render(self, _id: None) -> list[nodes.Node]:
        self.domain.document(self.env.docname).checklists += 1
        node = pending("checklist", area=self.option("area"))
        self.set_source_info(node)
        storage = f"lw-readiness:{self.config.project}"
        return [block("checklist", node, label="Readiness checklist",
                      attributes={"data-storage-key": storage})]


#: the statuses a site gives a check, as stored and exported, and as shown
STATUSES = {"not-yet": "Not yet", "emerging": "Emerging", "in-place": "In place"}


def worksheet_fields() -> list[nodes.Node]:
    """Tick boxes for the status and a space for notes, for print; the script makes them live."""
    boxes = nodes.paragraph()
    for position, label in enumerate(STATUSES.values()):
        if position:
            boxes += nodes.Text("    ")
        boxes += nodes.inline(text=f"☐ {label}", classes=["lw-checklist-box"])
    notes = nodes.paragraph(text="Notes:")
    return [block("checklist-status", boxes), block("checklist-notes", notes)]


@renderer("checklist")
def checklist(context: RenderContext, node) -> list[nodes.Node]:
    wanted = node["area"]
    areas = {area: ids for area, ids in context.derived.checks_by_area.items()
             if not wanted or area.casefold() == wanted.casefold()}
    if wanted and not areas:
        known = ", ".join(repr(a) for a in context.derived.checks_by_area) or "none yet"
        warn(f"lw:checklist: no check has :area: {wanted!r} (areas: {known})", node, "bad-value")
        return []
    result: list[nodes.Node] = []
    for area, check_ids in areas.items():
        group = block("checklist-area", attributes={"data-area": area})
        group += nodes.rubric(text=area)
        items = nodes.bullet_list(classes=["lw-checklist-items"])
        for check_id in check_ids:
            check = context.derived.get("check", check_id)
            item = nodes.list_item(classes=["lw-checklist-item"])
            entry = block("checklist-entry", attributes={"data-check": check.id, "data-area": area})
            statement = nodes.paragraph(classes=["lw-checklist-statement"])
            statement += nodes.Text(f"{check.text or check.id} ")
            statement += context.link(check, text="(why this matters)")
            entry += statement
            methods = [m for m in (context.derived.get("method", i) for i in check.methods) if m]
            if methods:
                line = nodes.paragraph(classes=["lw-checklist-methods"])
                line += nodes.Text("Read: ")
                for position, method in enumerate(methods):
                    if position:
                        line += nodes.Text(", ")
                    line += context.link(method)
                entry += line
            entry.extend(worksheet_fields())
            item += entry
            items += item
        group += items
        result.append(group)
    return result
