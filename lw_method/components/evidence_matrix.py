"""``lw:evidence-matrix``: insights × storytellers, each cell linking to the excerpts it counts.

A row per insight, a column per storyteller, and totals.  A cell shows one dot
per excerpt of that storyteller's words on that insight's page, each dot a link
to the excerpt; in HTML each link also says in words what it is, for screen readers.
"""

from __future__ import annotations

from docutils import nodes

from ..evidence import Grid, evidence_grid, insight_label
from ..nodes import block
from ..labels import title_of
from ..resolve import RenderContext, ViewContext, everything, renderer
from .base import ViewDirective
from ..translations import _

CAPTION = _("Excerpts of each storyteller’s words, by insight")
DOT = "●"


class EvidenceMatrixDirective(ViewDirective):
    object_type = "evidence-matrix"
    optional_options = ("caption",)

    def render(self, _id: None) -> list[nodes.Node]:
        return self.view(serial=self.serial(), caption=self.option("caption") or CAPTION)


def _entry(*children: nodes.Node, classes: tuple[str, ...] = ()) -> nodes.entry:
    return nodes.entry("", nodes.paragraph("", "", *children), classes=list(classes))


def _cell(context: ViewContext, grid: Grid, insight, story) -> nodes.entry:
    excerpts = grid.cell(insight, story)
    if not excerpts:
        return nodes.entry("", classes=["lw-matrix-empty"])
    paragraph = nodes.paragraph()
    number = _("Insight {number}").format(number=insight.number) if insight.number else _("Insight")
    for position, excerpt in enumerate(excerpts, start=1):
        quote = context.derived.get("quote", excerpt.id)
        if context.html:
            content = nodes.inline(classes=["lw-matrix-dots"])
            content += nodes.inline(text=f"{number}: excerpt {position} of {len(excerpts)} from {story.name}",
                                    classes=["lw-visually-hidden"])
            content += block("dot", nodes.Text(DOT), tag="span", attributes={"aria-hidden": "true"})
        else:
            content = nodes.inline(text="•")
        title = title_of(quote, context.derived) if quote else excerpt.id
        paragraph += context.link(excerpt, title=title, content=content)
        if position < len(excerpts):
            paragraph += nodes.Text(" ")
    return nodes.entry("", paragraph, classes=["lw-matrix-cell"])


@renderer("evidence-matrix", reads=everything)
def evidence_matrix(page: RenderContext, derived, params) -> list[nodes.Node]:
    context = ViewContext(page, derived)
    grid = evidence_grid(derived)
    if not grid.insights or not grid.stories:
        return [nodes.paragraph(text=_("No insights or stories yet, so no evidence to count."))]
    table = nodes.table(ids=[f"lw-evidence-matrix-{params['serial']}"], classes=["lw-evidence-matrix-table"])
    table += nodes.title(text=params["caption"])
    group = nodes.tgroup(cols=len(grid.stories) + 2)
    table += group
    if page.format == "text":  # the text writer takes widths as characters: room for every word
        widths = [max(len(str(_("Insight"))), 12),
                  *(max(len(story.name), 5) for story in grid.stories), len(str(_("Total")))]
    else:  # relative widths
        widths = [3 if context.html else 2, *[1] * (len(grid.stories) + 1)]
    group += nodes.colspec(colwidth=widths[0], stub=1)
    for width in widths[1:]:
        group += nodes.colspec(colwidth=width)

    head = nodes.row()
    head += _entry(nodes.Text(_("Insight")))
    for story in grid.stories:
        head += _entry(context.link(story))
    head += _entry(nodes.Text(_("Total")))
    group += nodes.thead("", head)

    body = nodes.tbody()
    for insight in grid.insights:
        row = nodes.row()
        label = insight_label(insight, context.page_title(insight.docname)) if context.html else (
            _("Insight {number}").format(number=insight.number) if insight.number else insight.id)
        row += _entry(context.link(insight, text=label))
        for story in grid.stories:
            row += _cell(context, grid, insight, story)
        row += _entry(nodes.Text(str(grid.row_total(insight))), classes=("lw-matrix-total",))
        body += row
    totals = nodes.row(classes=["lw-matrix-totals"])
    totals += _entry(nodes.Text(_("Total")))
    for story in grid.stories:
        totals += _entry(nodes.Text(str(grid.column_total(story))), classes=("lw-matrix-total",))
    totals += _entry(nodes.Text(str(sum(grid.row_total(i) for i in grid.insights))),
                     classes=("lw-matrix-total",))
    body += totals
    group += body
    return [table]
