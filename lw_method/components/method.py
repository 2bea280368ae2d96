"""``lw:method``: the summary panel a method page opens with."""

from __future__ import annotations

from docutils import nodes

from ..nodes import block
from ..records import Method
from ..resolve import RenderContext, renderer
from .base import LwDirective, field_row
from ..translations import _


class MethodDirective(LwDirective):
    object_type = "method"
    required_options = ("title", "summary")
    optional_options = ("when", "who", "time", "insights", "related")
    id_list_options = {"insights": "insight", "related": "method"}

    def render(self, method_id: str) -> list[nodes.Node]:
        record = Method(method_id, self.env.docname, self.lineno,
                        title=self.option("title") or method_id, summary=self.option("summary"),
                        when=self.option("when"), who=self.option("who"), time=self.option("time"),
                        insights=self.id_lists["insights"], related=self.id_lists["related"])
        self.domain.add_record(record)

        panel = block("method", anchor=record.anchor, tag="aside", label=_("Summary: {title}").format(title=record.title))
        title = nodes.paragraph(classes=["lw-method-title"])
        title += nodes.strong(text=record.title)
        panel += title
        if record.summary:
            panel += nodes.paragraph(text=record.summary, classes=["lw-method-summary"])
        for label, value, class_ in ((_("When"), record.when, "when"), (_("Who"), record.who, "who"),
                                     (_("Time"), record.time, "time")):
            if value:
                panel += field_row(label, nodes.Text(value), class_=class_)
        if record.insights:
            panel += field_row(_("Evidence"), *self.xref_list("insight", record.insights), class_="insights")
        if record.related:
            panel += field_row(_("Related methods"), *self.xref_list("method", record.related),
                               class_="related")
        panel += self.placeholder("method-checks", method=method_id)
        panel += self.placeholder("method-adaptations", method=method_id)
        panel.extend(self.parse_body())
        return [panel]


def checks_building_on(derived, params) -> list:
    found = (derived.get("check", i) for i in derived.checks_of_method.get(params["method"], []))
    return [check for check in found if check]


@renderer("method-checks", reads=checks_building_on)
def method_checks(context: RenderContext, checks, params) -> list[nodes.Node]:
    if not checks:
        return []
    heading = field_row(_("Readiness checks that build on this method"), class_="checks")
    items = nodes.bullet_list(classes=["lw-method-checks"])
    for check in checks:
        paragraph = nodes.paragraph()
        paragraph += context.link(check)
        items += nodes.list_item("", paragraph)
    return [heading, items]
