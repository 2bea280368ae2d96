"""``lw:coverage``: the editors' report of thin evidence, as a page section."""

from __future__ import annotations

from docutils import nodes

from ..resolve import RenderContext, renderer
from .base import ViewDirective
from ..translations import _


class CoverageDirective(ViewDirective):
    object_type = "coverage"

    def render(self, _id: None) -> list[nodes.Node]:
        return self.view(label=_("Coverage report"))


def thin_evidence(derived, params) -> list:
    return derived.gaps


@renderer("coverage", reads=thin_evidence)
def coverage_report(context: RenderContext, gaps, params) -> list[nodes.Node]:
    if not gaps:
        return [nodes.paragraph(text="No gaps: every quote is excerpted, every insight rests on "
                                     "three or more storytellers, and every method and check is backed.")]
    result: list[nodes.Node] = []
    for label in dict.fromkeys(g.label for g in gaps):
        group = [g for g in gaps if g.label == label]
        result.append(nodes.rubric(text=f"{label} ({len(group)})"))
        items = nodes.bullet_list()
        for found in group:
            paragraph = nodes.paragraph()
            paragraph += context.link(found.record)
            paragraph += nodes.Text(" — ")
            paragraph += nodes.Text(found.problem.message)
            items += nodes.list_item("", paragraph)
        result += [items]
    return result
