"""``lw:check``: a statement a site assesses its readiness against."""

from __future__ import annotations

from docutils import nodes

from ..nodes import block
from ..records import Check
from ..labels import insight_short_title
from ..resolve import RenderContext, renderer
from .base import LwDirective, field_row, own_text, separated
from ..translations import _


class CheckDirective(LwDirective):
    object_type = "check"
    required_options = ("area", "methods")
    optional_options = ("evidence", "refines")
    id_list_options = {"methods": "method", "evidence": "quote", "refines": "check"}

    def render(self, check_id: str) -> list[nodes.Node]:
        body = self.parse_body()
        text = own_text(body)
        if not text:
            self.warn(f"check {check_id!r} has no statement: write what a site assesses "
                      "itself against in the body", "missing-option")
        record = Check(check_id, self.env.docname, self.lineno, area=self.option("area"), text=text,
                       methods=self.id_lists["methods"], evidence=self.id_lists["evidence"],
                       refines=self.id_lists["refines"][0] if self.id_lists["refines"] else "")
        if len(self.id_lists["refines"]) > 1:
            self.warn(":refines: takes one check id (the check this one sharpens)", "bad-value")
        self.domain.add_record(record)

        panel = block("check", anchor=record.anchor, label=_("Readiness check: {id}").format(id=check_id))
        panel.extend(body)
        if record.area:
            panel += field_row(_("Area"), nodes.Text(record.area), class_="area")
        if record.methods:
            panel += field_row(_("Built by"), *self.xref_list("method", record.methods), class_="methods")
        if record.evidence:
            panel += field_row(_("Evidence"), *self.xref_list("quote", record.evidence), class_="evidence")
        if record.refines:
            panel += field_row(_("Sharpens"), *self.xref_list("check", (record.refines,)), class_="refines")
        panel += self.placeholder("check-insights", check=check_id)
        return [panel]


def insights_behind(derived, params) -> list:
    check = derived.get("check", params["check"])
    return [derived.get("insight", i) for i in derived.insights_of_check(check)] if check else []


@renderer("check-insights", reads=insights_behind)
def check_insights(context: RenderContext, insights, params) -> list[nodes.Node]:
    if not insights:
        return []
    links = separated(context.link(insight, text=insight_short_title(insight)) for insight in insights)
    return [field_row(_("Insights"), *links, class_="insights")]
