"""``lw:checklist``: every check in the project, gathered by area wherever it is defined.

Rendered as a worksheet: each check with tick boxes for its status (not yet,
emerging, in place) and room for notes.  In print and PDF that is what a site
fills in by hand; in HTML ``lw-checklist.js`` turns the same markup into a
self-assessment kept in the reader's browser.
"""

from __future__ import annotations

from docutils import nodes

from ..nodes import block
from ..records import Problem
from ..resolve import RenderContext, renderer
from .base import LwDirective


class ChecklistDirective(LwDirective):
    object_type = "checklist"
    takes_id = False
    optional_options = ("area",)
    takes_body = False

    def render(self, _id: None) -> list[nodes.Node]:
        node = self.placeholder("checklist", area=self.option("area"))
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


def areas_wanted(derived, params) -> dict[str, list[str]]:
    wanted = params["area"]
    return {area: ids for area, ids in derived.checks_by_area.items()
            if not wanted or area.casefold() == wanted.casefold()}


def checks_and_methods(derived, params) -> list[tuple[str, list[tuple]]]:
    """Each area wanted, with each of its checks and the methods it names."""
    def with_methods(check):
        return check, [m for m in (derived.get("method", i) for i in check.methods) if m]
    return [(area, [with_methods(derived.get("check", i)) for i in ids])
            for area, ids in areas_wanted(derived, params).items()]


def unknown_area(derived, placeholder) -> list[Problem]:
    wanted = placeholder.parameters["area"]
    if not wanted or areas_wanted(derived, placeholder.parameters):
        return []
    known = ", ".join(repr(a) for a in derived.checks_by_area) or "none yet"
    return [Problem(f"lw:checklist: no check has :area: {wanted!r} (areas: {known})",
                    (placeholder.docname, placeholder.lineno), "bad-value")]


@renderer("checklist", reads=checks_and_methods, check=unknown_area)
def checklist(context: RenderContext, areas, params) -> list[nodes.Node]:
    result: list[nodes.Node] = []
    for area, checks in areas:
        group = block("checklist-area", attributes={"data-area": area})
        group += nodes.rubric(text=area)
        items = nodes.bullet_list(classes=["lw-checklist-items"])
        for check, methods in checks:
            item = nodes.list_item(classes=["lw-checklist-item"])
            entry = block("checklist-entry", attributes={"data-check": check.id, "data-area": area})
            statement = nodes.paragraph(classes=["lw-checklist-statement"])
            statement += nodes.Text(f"{check.text or check.id} ")
            statement += context.link(check, text="(why this matters)")
            entry += statement
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
