"""``lw:evidence-map``: a picture of which storytellers' words support which insights.

Storytellers stand on the left, insights on the right, and a line joins the two
wherever the insight excerpts the storyteller's words, thicker for more excerpts.
The one layout is drawn twice: as inline SVG (with a title and description) for
HTML, and as a LaTeX ``picture`` (pict2e) for the PDF, so no image converter is
needed.  Under the picture, the same facts are given in words, in both formats.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from docutils import nodes
from sphinx.util.texescape import escape as tex_escape

from ..evidence import Grid, evidence_grid, insight_label
from ..nodes import block, lw_picture
from ..resolve import RenderContext, ViewContext, everything, renderer
from .base import ViewDirective
from ..translations import _, ngettext

TITLE = _("Which storytellers’ words support which insights")
DESCRIPTION = _("Storytellers are on the left and insights on the right. A line joins a storyteller "
                 "to each insight that excerpts their words; the thicker the line, the more excerpts. "
                 "The list under the picture gives the same links in words.")
#: line colours, one per storyteller, each dark enough to read against white (3:1 or more)
PALETTE = ("#00606b", "#a1401f", "#5b3f8c", "#2f6b2f", "#9c2f5a", "#1f4e8c", "#7a5a00", "#4d4d4d")

WIDTH = 780
ROW = 48
TOP = 44
LEGEND = 56
LEFT_X = 210
RIGHT_X = 500


class EvidenceMapDirective(ViewDirective):
    object_type = "evidence-map"
    optional_options = ("caption",)

    def render(self, _id: None) -> list[nodes.Node]:
        return self.view(serial=self.serial(), caption=self.option("caption") or TITLE)


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str
    detail: str
    anchor: str  # "end" (right-aligned) or "start"


@dataclass(frozen=True)
class Link:
    start: tuple[float, float]
    end: tuple[float, float]
    width: float
    colour: str


@dataclass(frozen=True)
class Layout:
    height: float
    dots: tuple[tuple[float, float, str], ...]
    labels: tuple[Label, ...]
    links: tuple[Link, ...]


def stroke(count: int) -> float:
    return 2.0 * count


def layout(grid: Grid, insight_names: dict[str, tuple[str, str]]) -> Layout:
    rows = max(len(grid.stories), len(grid.insights), 1)
    span = rows * ROW
    height = TOP + span + LEGEND

    def ys(count: int) -> list[float]:
        return [TOP + (n + 0.5) * span / count for n in range(count)]

    story_y = dict(zip((s.id for s in grid.stories), ys(len(grid.stories)), strict=True))
    insight_y = dict(zip((i.id for i in grid.insights), ys(len(grid.insights)), strict=True))
    colour = {story.id: PALETTE[n % len(PALETTE)] for n, story in enumerate(grid.stories)}
    dots = [(LEFT_X, story_y[s.id], colour[s.id]) for s in grid.stories]
    dots += [(RIGHT_X, insight_y[i.id], "#1a1a1a") for i in grid.insights]
    labels = [Label(LEFT_X - 14, story_y[s.id], s.name, s.site, "end") for s in grid.stories]
    labels += [Label(RIGHT_X + 14, insight_y[i.id], *insight_names[i.id], "start") for i in grid.insights]
    links = [Link((LEFT_X, story_y[s.id]), (RIGHT_X, insight_y[i.id]), stroke(len(grid.cell(i, s))),
                  colour[s.id])
             for s in grid.stories for i in grid.insights if grid.cell(i, s)]
    return Layout(height, tuple(dots), tuple(labels), tuple(links))


def _curve(link: Link) -> tuple[tuple[float, float], ...]:
    (x1, y1), (x2, y2) = link.start, link.end
    bend = (x2 - x1) * 0.45
    return (x1, y1), (x1 + bend, y1), (x2 - bend, y2), (x2, y2)


def _legend(height: float) -> list[tuple[float, float, int]]:
    """(x, y, count) of the sample lines under the picture."""
    y = height - LEGEND / 2
    return [(LEFT_X + 40 + n * 120, y, count) for n, count in enumerate((1, 2, 3))]


def svg(shape: Layout, serial: int, title: str = TITLE) -> str:
    ids = f"lw-evidence-map-{serial}"
    out = [f'<svg class="lw-evidence-map-svg" xmlns="http://www.w3.org/2000/svg" role="img" '
           f'viewBox="0 0 {WIDTH} {shape.height:.0f}" aria-labelledby="{ids}-title {ids}-desc">',
           f'<title id="{ids}-title">{escape(str(title))}</title>',
           f'<desc id="{ids}-desc">{escape(str(DESCRIPTION))}</desc>',
           f'<text class="lw-map-heading" x="{LEFT_X - 14}" y="20" text-anchor="end">{escape(str(_("Storytellers")))}</text>',
           f'<text class="lw-map-heading" x="{RIGHT_X + 14}" y="20">{escape(str(_("Insights")))}</text>',
           '<g fill="none" stroke-linecap="round" stroke-opacity="0.75">']
    for link in shape.links:
        (x1, y1), (c1x, c1y), (c2x, c2y), (x2, y2) = _curve(link)
        out.append(f'<path d="M{x1:.1f},{y1:.1f} C{c1x:.1f},{c1y:.1f} {c2x:.1f},{c2y:.1f} {x2:.1f},{y2:.1f}" '
                   f'stroke="{link.colour}" stroke-width="{link.width:.1f}"/>')
    out.append("</g>")
    for x, y, colour in shape.dots:
        out.append(f'<circle cx="{x}" cy="{y:.1f}" r="6" fill="{colour}"/>')
    for label in shape.labels:
        anchor = ' text-anchor="end"' if label.anchor == "end" else ""
        out.append(f'<text class="lw-map-label" x="{label.x}" y="{label.y - 3:.1f}"{anchor}>'
                   f'{escape(label.text)}</text>')
        if label.detail:
            out.append(f'<text class="lw-map-detail" x="{label.x}" y="{label.y + 13:.1f}"{anchor}>'
                       f'{escape(label.detail)}</text>')
    for x, y, count in _legend(shape.height):
        out.append(f'<path d="M{x},{y:.1f} H{x + 40}" stroke="#1a1a1a" stroke-width="{stroke(count):.1f}" '
                   f'stroke-linecap="round"/>')
        out.append(f'<text class="lw-map-detail" x="{x + 50}" y="{y + 4:.1f}">'
                   f'{escape(ngettext("{count} excerpt", "{count} excerpts", count).format(count=count))}</text>')
    out.append("</svg>")
    return "\n".join(out)


def latex(shape: Layout) -> str:
    """The same picture in LaTeX: pict2e lines and curves, y measured upwards.

    Every element is a ``\\put`` (colour and line width inside it), so no stray space or
    colour special ever moves the picture's reference point.
    """
    height = shape.height

    def up(y: float) -> float:
        return height - y

    def colour(hex_: str) -> str:
        return r"\color[HTML]{%s}" % hex_[1:].upper()

    out = [r"\begin{center}", r"\setlength{\unitlength}{\dimexpr\linewidth/%d\relax}%%" % WIDTH,
           r"\begin{picture}(%d,%.0f)" % (WIDTH, height),
           r"\put(%d,%.1f){\makebox(0,0)[r]{\sffamily\small\bfseries %s}}" % (LEFT_X - 14, up(16), tex_escape(str(_("Storytellers")))),
           r"\put(%d,%.1f){\makebox(0,0)[l]{\sffamily\small\bfseries %s}}" % (RIGHT_X + 14, up(16), tex_escape(str(_("Insights"))))]
    for link in shape.links:
        points = "".join(f"({x:.1f},{up(y):.1f})" for x, y in _curve(link))
        out.append(r"\put(0,0){%s\linethickness{%.1f\unitlength}\cbezier%s}"
                   % (colour(link.colour), link.width, points))
    for x, y, dot in shape.dots:
        out.append(r"\put(%d,%.1f){%s\circle*{12}}" % (x, up(y), colour(dot)))
    for label in shape.labels:
        side = "r" if label.anchor == "end" else "l"
        out.append(r"\put(%d,%.1f){\makebox(0,0)[%s]{\sffamily\small\bfseries %s}}"
                   % (label.x, up(label.y - 5), side, tex_escape(label.text)))
        if label.detail:
            out.append(r"\put(%d,%.1f){\makebox(0,0)[%s]{\sffamily\scriptsize %s}}"
                       % (label.x, up(label.y + 11), side, tex_escape(label.detail)))
    for x, y, count in _legend(height):
        out.append(r"\put(0,0){\linethickness{%.1f\unitlength}\Line(%d,%.1f)(%d,%.1f)}"
                   % (stroke(count), x, up(y), x + 40, up(y)))
        out.append(r"\put(%d,%.1f){\makebox(0,0)[l]{\sffamily\scriptsize %s}}"
                   % (x + 50, up(y), tex_escape(ngettext("{count} excerpt", "{count} excerpts", count).format(count=count))))
    out += [r"\end{picture}", r"\end{center}"]
    return "\n".join(out)


def in_words(context: ViewContext, grid: Grid) -> list[nodes.Node]:
    """The text alternative: for each insight, whose words it excerpts and how often."""
    items = nodes.bullet_list(classes=["lw-evidence-map-words"])
    for insight in grid.insights:
        item = nodes.paragraph()
        item += context.link(insight, text=insight_label(insight, context.page_title(insight.docname)))
        tellers = [(story, len(grid.cell(insight, story))) for story in grid.stories if grid.cell(insight, story)]
        if tellers:
            words = ", ".join(f"{story.name} ({ngettext('{count} excerpt', '{count} excerpts', count).format(count=count)})"
                              for story, count in tellers)
            item += nodes.Text(f": {words}.")
        else:
            item += nodes.Text(_(": no excerpts yet."))
        items += nodes.list_item("", item)
    result: list[nodes.Node] = [items]
    unheard = [story.name for story in grid.stories if not grid.column_total(story)]
    if unheard:
        result.append(nodes.paragraph(text=_("Not yet excerpted by any insight: {names}.").format(names=", ".join(unheard))))
    return result


@renderer("evidence-map", reads=everything)
def evidence_map(page: RenderContext, derived, params) -> list[nodes.Node]:
    context = ViewContext(page, derived)
    grid = evidence_grid(derived)
    if not grid.insights or not grid.stories:
        return [nodes.paragraph(text=_("No insights or stories yet, so nothing to draw."))]
    names = {}
    for insight in grid.insights:
        number, _colon, short = insight_label(insight, context.page_title(insight.docname)).partition(": ")
        names[insight.id] = (number, short)
    shape = layout(grid, names)
    caption = nodes.paragraph(text=_("{caption}: lines join storytellers (left) to the insights that excerpt "
                                     "their words (right); thicker lines, more excerpts.").format(
                                         caption=params["caption"]))
    picture = lw_picture("", svg=svg(shape, params["serial"], params["caption"]), latex=latex(shape))
    # on a narrow screen the picture scrolls sideways rather than shrink its words away
    scroll = block("evidence-map-scroll", picture, label=_("Evidence map"), attributes={"tabindex": "0"})
    figure = block("evidence-map-figure", scroll, block("evidence-map-caption", caption, tag="figcaption"),
                   tag="figure")
    heading = nodes.paragraph(classes=["lw-evidence-map-words-title"])
    heading += nodes.strong(text=_("The same in words"))
    return [figure, heading, *in_words(context, grid)]
