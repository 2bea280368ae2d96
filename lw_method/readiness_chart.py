"""The readiness pictures: for one area, a bar per partner (and per date) of how many checks
are in place, emerging, not yet or not answered.

One layout, drawn twice: as inline SVG (``role="img"`` with a ``<title>`` and a ``<desc>``
that gives the figures in words) for HTML, and as ``\\rule`` bars for LaTeX, so the PDF needs
no picture package.  The SVG is 360 units wide, a phone's width, so its words stay readable
at 390 px; the fills differ in lightness as well as hue, so the bars read in grey print too,
and a table beside each picture gives the same figures.

Every word in the pictures is in the project's language (:mod:`lw_method.translations`): the
statuses of the key, the ``<title>``, the ``<desc>``; with no catalogue loaded (the command
line) they are English.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from sphinx.util.texescape import escape as tex_escape

from .translations import _

#: the segments of a bar, in order: status, label (English; :func:`status_words` gives the
#: project's language), fill, outline, text colour on the fill
SEGMENTS = (("in-place", "In place", "#00606b", "#00606b", "#ffffff"),
            ("emerging", "Emerging", "#6fb3bb", "#4a8f97", "#1a1a1a"),
            ("not-yet", "Not yet", "#f3d9a8", "#b08a3e", "#1a1a1a"),
            ("", "Not answered", "#ffffff", "#6b6b6b", "#1a1a1a"))

WIDTH = 360
ROW = 46
BAR = 20
LEGEND = 30


def status_words() -> dict[str, str]:
    """Each status (and "" for none) as the key and the tables show it, in the project's
    language."""
    return {"in-place": str(_("In place")), "emerging": str(_("Emerging")), "not-yet": str(_("Not yet")),
            "": str(_("Not answered"))}


def _counted(status: str, count: int) -> str:
    """How many checks have a status, in the words of the picture's description."""
    template = {"in-place": _("{count} in place"), "emerging": _("{count} emerging"),
                "not-yet": _("{count} not yet")}.get(status) or _("{count} not answered")
    return str(template).format(count=count)


@dataclass(frozen=True)
class Bar:
    """One partner (at one date): how many of the area's checks have each status."""

    label: str
    counts: tuple[tuple[str, int], ...]

    @property
    def total(self) -> int:
        return sum(n for _status, n in self.counts)

    def count(self, status: str) -> int:
        return dict(self.counts).get(status, 0)


def bar(label: str, counts: dict[str, int]) -> Bar:
    return Bar(label, tuple((status, counts.get(status, 0)) for status, *_rest in SEGMENTS))


def in_words(bar_: Bar) -> str:
    counts = ", ".join(_counted(status, bar_.count(status)) for status, *_rest in SEGMENTS)
    return str(_("{label}: {counts} (of {total})")).format(label=bar_.label, counts=counts, total=bar_.total)


def description(bars: list[Bar], intro: str | None = None) -> str:
    intro = str(_("A bar for each partner")) if intro is None else intro
    return (str(_("{intro}, split into the checks in place, emerging, not yet and not answered.")).format(intro=intro)
            + " " + ". ".join(in_words(b) for b in bars) + ".")


def _segments(bar_: Bar, width: float):
    """(status, x, width, count, fill, outline, ink) of each non-empty segment of a bar."""
    x, total = 0.0, bar_.total or 1
    for status, _label, fill, outline, ink in SEGMENTS:
        count = bar_.count(status)
        if count:
            span = width * count / total
            yield status, x, span, count, fill, outline, ink
            x += span


def _short(label: str, most: int = 46) -> str:
    """A label that fits the picture's width (the table and the description give it whole)."""
    return label if len(label) <= most else label[: most - 1].rstrip() + "…"


def svg(bars: list[Bar], ident: str, title: str, intro: str | None = None) -> str:
    words = status_words()
    height = len(bars) * ROW + LEGEND
    inner = WIDTH - 2
    out = [f'<svg class="lw-readiness-svg" xmlns="http://www.w3.org/2000/svg" role="img" '
           f'width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
           f'aria-labelledby="{ident}-title {ident}-desc">',
           f'<title id="{ident}-title">{escape(title)}</title>',
           f'<desc id="{ident}-desc">{escape(description(bars, intro))}</desc>']
    for row, item in enumerate(bars):
        top = row * ROW
        out.append(f'<text class="lw-readiness-bar-label" x="1" y="{top + 15}" font-size="13" '
                   f'fill="#1a1a1a">{escape(_short(item.label))}</text>')
        y = top + 21
        if not item.total:
            out.append(f'<rect x="1" y="{y}" width="{inner}" height="{BAR}" fill="#ffffff" '
                       'stroke="#6b6b6b" stroke-dasharray="3 2"/>')
        for status, x, span, count, fill, outline, ink in _segments(item, inner):
            dash = ' stroke-dasharray="3 2"' if not status else ""
            out.append(f'<rect class="lw-readiness-{status or "none"}" x="{1 + x:.1f}" y="{y}" '
                       f'width="{span:.1f}" height="{BAR}" fill="{fill}" stroke="{outline}"{dash}/>')
            if span >= 16:
                out.append(f'<text x="{1 + x + span / 2:.1f}" y="{y + 14}" font-size="12" '
                           f'text-anchor="middle" fill="{ink}">{count}</text>')
    y, x = len(bars) * ROW + 8, 1.0
    for status, _english, fill, outline, _ink in SEGMENTS:
        label = words[status]
        dash = ' stroke-dasharray="3 2"' if not status else ""
        out.append(f'<rect x="{x:.0f}" y="{y}" width="12" height="12" fill="{fill}" stroke="{outline}"{dash}/>')
        out.append(f'<text x="{x + 16:.0f}" y="{y + 11}" font-size="11.5" fill="#1a1a1a">{escape(label)}</text>')
        x += 16 + 6.6 * len(label) + 12  # room for the label in a wide sans-serif, then a gap
    out.append("</svg>")
    return "\n".join(out)


def latex(bars: list[Bar]) -> str:
    """The same bars for the PDF: each segment a coloured ``\\rule`` (not answered an empty
    frame), the partner's name above its bar, a key below."""
    def segment(status: str, fill: str, fraction: float) -> str:
        width = f"{fraction:.4f}\\linewidth"
        if not status:
            return ("{\\setlength{\\fboxsep}{0pt}\\setlength{\\fboxrule}{0.4pt}"
                    f"\\fbox{{\\rule{{0pt}}{{1.8ex}}\\hspace*{{\\dimexpr{width}-0.8pt\\relax}}}}}}")
        return f"\\textcolor[HTML]{{{fill[1:].upper()}}}{{\\rule{{{width}}}{{1.8ex}}}}"

    out = ["\\par\\begingroup\\sffamily\\small\\setlength{\\parindent}{0pt}"]
    for item in bars:
        out.append(f"\\par\\smallskip\\noindent{{{tex_escape(item.label)}}}\\par\\nopagebreak\\noindent")
        total = item.total or 1
        pieces = [segment(status, fill, 0.9 * item.count(status) / total)
                  for status, _label, fill, _outline, _ink in SEGMENTS if item.count(status)]
        out.append("".join(pieces) if pieces else segment("", "", 0.9))
    key, words = [], status_words()
    for status, _english, fill, _outline, _ink in SEGMENTS:
        swatch = ("{\\setlength{\\fboxsep}{0pt}\\fbox{\\rule{0pt}{1.2ex}\\hspace*{1.2ex}}}" if not status
                  else f"\\textcolor[HTML]{{{fill[1:].upper()}}}{{\\rule{{1.4ex}}{{1.4ex}}}}")
        key.append(f"{swatch}\\,{tex_escape(words[status])}")
    out.append("\\par\\smallskip{\\footnotesize " + "\\quad ".join(key) + "}\\par\\endgroup")
    return "\n".join(out)
