"""``lw:checklist``: every check in the project, gathered by area wherever it is defined."""

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
    has_content = False

    def render(self, _id: None) -> list[nodes.Node]:
        self.domain.document(self.env.docname).checklists += 1
        node = pending("checklist", area=self.option("area"))
        self.set_source_info(node)
        return [block("checklist", node, label="Readiness checklist")]


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
        group = block("checklist-area")
        group += nodes.rubric(text=area)
        items = nodes.bullet_list(classes=["lw-checklist-items"])
        for check_id in check_ids:
            check = context.derived.get("check", check_id)
            item = nodes.list_item(classes=["lw-checklist-item"])
            statement = nodes.paragraph()
            statement += context.link(check, text=check.text or check.id)
            item += statement
            methods = [m for m in (context.derived.get("method", i) for i in check.methods) if m]
            if methods:
                line = nodes.paragraph(classes=["lw-checklist-methods"])
                line += nodes.Text("Read: ")
                for position, method in enumerate(methods):
                    if position:
                        line += nodes.Text(", ")
                    line += context.link(method)
                item += line
            items += item
        group += items
        result.append(group)
    return result
