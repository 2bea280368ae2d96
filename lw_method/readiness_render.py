"""The readiness report: its content built once, as a list of blocks, then written as
Markdown or as an HTML page of its own (``lw-method readiness``); the ``lw:readiness-report``
directive writes the same blocks as docutils nodes, for HTML and LaTeX alike.

The report opens with where partners disagree (two steps apart, then one), each check with
every partner's status and notes side by side and what to read before talking; then each
area's standing per partner (a picture and a table), what moved since earlier answers, the
gaps of the partners together (a check is in place only when every partner who answered says
so) and the checks some partners left unanswered.  One partner's answers give the report a
single file always gave: standing, gaps, and what is not yet assessed.

Its words are in the project's language on a page (the ``lw_method`` catalogue); the command
line loads no catalogue, so its reports are English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape as e
from pathlib import Path

from .readiness import MOVE_KINDS, STATUSES, AreaStanding, Comparison, Handbook, Partner, Response, Row
from .readiness_chart import Bar, bar, status_words, svg
from .translations import _, ngettext

# -- the blocks ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    """A link to an object of the handbook (its ``href``, or its record on a handbook page)."""

    text: str
    target: dict


@dataclass(frozen=True)
class Code:
    text: str


Inline = str | Link | Code


@dataclass
class Heading:
    level: int
    content: list


@dataclass
class Para:
    content: list
    kind: str = ""


@dataclass
class Bullets:
    items: list[list]


@dataclass
class Quotes:
    """Quotes behind a check: (text, who said it, a link to the full story)."""

    items: list[tuple[str, str, Link]]


@dataclass
class Table:
    head: list[str]
    rows: list[list[list]]
    #: the columns that hold figures (right-aligned)
    numeric: tuple[int, ...] = ()
    kind: str = ""
    #: what the table holds, for a reader that lands on it (its scrolling region's name)
    label: str = ""


@dataclass
class Figure:
    """A picture of bars with, beside it, the table of the same figures."""

    bars: list[Bar]
    ident: str
    title: str
    intro: str
    table: Table
    caption: str = ""


@dataclass
class Group:
    """Blocks that belong together (one check's entry), for styling."""

    kind: str
    children: list = field(default_factory=list)


# -- the content -----------------------------------------------------------------------------------
#
# Every word a reader sees is in the project's language (``_``, :mod:`lw_method.translations`),
# each sentence one message with ``{name}`` where a number, a name or a link goes, so a
# translation can put them in its own order; with no catalogue loaded (the command line) the
# words are English.

_FIELD = re.compile(r"\{(\w+)\}")


def _fill(template, **values) -> list:
    """A sentence as inline content: each ``{name}`` of the (translated) ``template`` replaced by
    its value (text, a :class:`Link`, :class:`Code`, or a list of them); a ``{name}`` with no
    value stays as it is written."""
    out: list = []
    for n, piece in enumerate(_FIELD.split(str(template))):
        if n % 2 == 0:
            if piece:
                out.append(piece)
        elif piece in values:
            value = values[piece]
            out += value if isinstance(value, list) else [value]
        else:
            out.append(f"{{{piece}}}")
    return out


def status_label(status: str) -> str:
    words = status_words()
    return words.get(status, words[""])


def standing_label(standing: AreaStanding) -> str:
    """An area's standing (:attr:`AreaStanding.standing`, English) in the project's language."""
    english = standing.standing
    return {"In place": str(_("In place")), "Emerging": str(_("Emerging")), "Not yet": str(_("Not yet")),
            "Not assessed": str(_("Not assessed"))}.get(english, english)


def move_titles() -> dict[str, str]:
    """The heading of each kind of move (:data:`MOVE_KINDS`), ``{count}`` for how many."""
    words = {"forward": _("Went forward ({count}):"), "back": _("Went back ({count}):"),
             "same": _("Stayed put ({count}):"), "once": _("Answered at one date only ({count}):")}
    return {kind: str(words[kind]) if kind in words else f"{title} ({{count}}):"
            for kind, title in MOVE_KINDS.items()}


def _dated(item: Response) -> str:
    return f"`{item.source}`" + (f" ({item.date})" if item.date else "")


def _sources(comparison: Comparison) -> list:
    """Who answered, from which files: the report's opening sentence."""
    total = len(comparison.rows)
    partners = comparison.partners
    if not comparison.several:
        partner = partners[0]
        current = partner.current
        file: list = [Code(current.source)] + ([f" ({current.date})"] if current.date else [])
        earlier_files = partner.responses[:-1]
        if not earlier_files:
            return _fill(_("From the answers in {file}, against {count} checks."), file=file, count=str(total))
        earlier: list = []
        for n, item in enumerate(earlier_files):
            earlier += [", " if n else "", Code(item.source)] + ([f" ({item.date})"] if item.date else [])
        return _fill(_("From the answers in {file}, against {count} checks, compared with the earlier "
                       "answers in {earlier}."), file=file, count=str(total), earlier=earlier)
    each: list = []
    for n, partner in enumerate(partners):
        files: list = [Code(partner.current.source)]
        if partner.current.date:
            files.append(f", {partner.current.date}")
        for item in partner.responses[:-1]:
            files += ["; ", *_fill(_("earlier {file}"), file=Code(item.source))]
            files += [f", {item.date}"] if item.date else []
        each += ["; " if n else "", *_fill(_("{partner} ({files})"), partner=partner.label, files=files)]
    return _fill(ngettext("From the answers of {count} partner — {partners} — against {total} checks.",
                          "From the answers of {count} partners — {partners} — against {total} checks.",
                          len(partners)),
                 count=str(len(partners)), partners=each, total=str(total))


def _reading(handbook: Handbook, check: dict, methods_heading: str) -> list:
    """What to read about a check: its methods, the quotes behind it, its insights."""
    blocks: list = []
    methods = [Link(m["title"], m) for m in (handbook.linked(check, "method", i) for i in check.get("methods", []))
               if m]
    if methods:
        blocks += [Para([methods_heading]), Bullets([[m] for m in methods])]
    quotes = []
    for quote_id in check.get("evidence", []):
        quote = handbook.linked(check, "quote", quote_id)
        if not quote:
            continue
        story = handbook.linked(quote, "story", quote["story"]) if quote.get("story") else None
        if story:
            speaker = ", ".join(p for p in (story.get("name"), story.get("role"), story.get("site")) if p)
        else:
            speaker = ", ".join(p for p in (quote.get("speaker"), quote.get("site")) if p) or quote["key"]
        quotes.append((quote["text"], speaker, Link(str(_("full story")), quote)))
    if quotes:
        blocks += [Para([str(_("Why it matters:"))]), Quotes(quotes)]
    insights = [Link(i["title"], i) for i in (handbook.linked(check, "insight", x) for x in check.get("insights", []))
                if i]
    if insights:
        listed: list = []
        for n, insight in enumerate(insights):
            listed += ["; " if n else "", insight]
        blocks.append(Para(_fill(_("Insights: {insights}"), insights=listed)))
    return blocks


def _check_line(check: dict, with_area: bool = False) -> Para:
    link = Link(str(_("the check in the handbook")), check)
    if with_area:
        return Para(_fill(_("Check {key} ({area}) — {link}"), key=Code(check["key"]), area=check["area"], link=link))
    return Para(_fill(_("Check {key} — {link}"), key=Code(check["key"]), link=link))


def _side_by_side(comparison: Comparison, row: Row) -> Table:
    """Every partner's status and notes for one check."""
    rows = [[[p.label], [status_label(a.status if a else "")], [a.notes if a else ""]]
            for p, a in zip(comparison.partners, row.answers, strict=True)]
    return Table([str(_("Partner")), str(_("Status")), str(_("Notes"))], rows, kind="readiness-answers")


def _entry(comparison: Comparison, row: Row, level: int, title: list, methods_heading: str,
           with_area: bool = False) -> Group:
    check = row.check
    children: list = [Heading(level, title), _check_line(check, with_area)]
    if comparison.several:
        children.append(_side_by_side(comparison, row))
    elif row.answers[0] and row.answers[0].notes:
        children.append(Para([str(_("Your notes: {notes}")).format(notes=row.answers[0].notes)],
                             kind="readiness-notes"))
    children += _reading(comparison.handbook, check, methods_heading)
    return Group("readiness-check", children)


def _disagreements(comparison: Comparison) -> list:
    two, one = comparison.disagreements(2), comparison.disagreements(1)
    blocks: list = [Heading(2, [str(_("Where partners disagree"))])]
    if not (two or one):
        return [*blocks, Para([str(_("Partners who answered the same check agree on every one: no check "
                                     "has different statuses."))])]
    blocks.append(Para([ngettext(
        "{two} check where partners are two steps apart (one says not yet, another in place), then "
        "{one} one step apart. Read the methods and the evidence of each before you talk it through.",
        "{two} checks where partners are two steps apart (one says not yet, another in place), then "
        "{one} one step apart. Read the methods and the evidence of each before you talk it through.",
        len(two)).format(two=len(two), one=len(one))]))
    read = str(_("Read before you talk:"))
    for rows, title in ((two, _("Two steps apart: not yet and in place")), (one, _("One step apart"))):
        if not rows:
            continue
        blocks.append(Heading(3, [str(title)]))
        blocks += [_entry(comparison, row, 4, [row.check["text"]], read, with_area=True) for row in rows]
    return blocks


def _standing_cells(standing: AreaStanding) -> list[list]:
    c = standing.counts
    return [[str(c["in-place"])], [str(c["emerging"])], [str(c["not-yet"])], [str(c[""])],
            [standing_label(standing)]]


def standing_head() -> list[str]:
    """The heads of a standing table's figures, after its first column."""
    words = status_words()
    return [words["in-place"], words["emerging"], words["not-yet"], words[""], str(_("Standing"))]


def _summary_table(comparison: Comparison, item: Response | None) -> Table:
    """Each area's standing: one partner's answers, or (``item`` None) the partners together."""
    rows = []
    for area in comparison.areas:
        standing = comparison.standing(area, item) if item else comparison.combined_standing(area)
        rows.append([[area], *_standing_cells(standing)])
    label = (str(_("Standing by area: {partner}")).format(partner=item.label) if item
             else str(_("Standing by area, the partners together")))
    return Table([str(_("Area")), *standing_head()], rows, numeric=(1, 2, 3, 4), kind="readiness-standing",
                 label=label)


def _when(partner: Partner, item: Response) -> str:
    """The date a bar or row stands for: none for a partner with one undated file."""
    return item.date if len(partner.responses) == 1 else item.when


def _bar_label(partner: Partner, item: Response, over_time: bool, several: bool) -> str:
    if not over_time:
        return partner.label
    if not several:
        return item.when
    when = _when(partner, item)
    return f"{partner.label} · {when}" if when else partner.label


def _per_bar(several: bool, over_time: bool) -> dict[str, str]:
    """What each bar of an area's picture stands for, in the words of its table's head, the
    table's name, the picture's title and the start of its description (``{area}`` the area)."""
    if several and over_time:
        words = {"head": _("Partner and date"), "label": _("Figures: {area}, for each partner and date"),
                 "title": _("{area}: checks by status, for each partner and date"),
                 "intro": _("A bar for each partner and date")}
    elif several:
        words = {"head": _("Partner"), "label": _("Figures: {area}, for each partner"),
                 "title": _("{area}: checks by status, for each partner"), "intro": _("A bar for each partner")}
    else:
        words = {"head": _("Date"), "label": _("Figures: {area}, for each date"),
                 "title": _("{area}: checks by status, for each date"), "intro": _("A bar for each date")}
    return {name: str(text) for name, text in words.items()}


def _standings(comparison: Comparison, serial: str) -> list:
    several, over_time = comparison.several, comparison.over_time
    blocks: list = [Heading(2, [str(_("Where each partner stands")) if several else str(_("Where you stand"))])]
    if not several:
        current = comparison.partners[0].current
        table = _summary_table(comparison, current)
        if over_time:
            blocks.append(table)
        else:
            bars = [bar(area, comparison.standing(area, current).counts) for area in comparison.areas]
            blocks.append(Figure(bars, f"{serial}-standing", str(_("Where you stand, by area")),
                                 str(_("A bar for each area")), table))
            return blocks
    words = _per_bar(several, over_time)
    for n, area in enumerate(comparison.areas, 1):
        bars, rows = [], []
        for partner in comparison.partners:
            for item in (partner.responses if over_time else [partner.current]):
                standing = comparison.standing(area, item)
                label = _bar_label(partner, item, over_time, several)
                bars.append(bar(label, standing.counts))
                rows.append([[label], *_standing_cells(standing)[:4]])
        table = Table([words["head"], *standing_head()[:4]], rows, numeric=(1, 2, 3, 4),
                      kind="readiness-figures", label=words["label"].format(area=area))
        blocks += [Heading(3, [area]),
                   Figure(bars, f"{serial}-area-{n}", words["title"].format(area=area), words["intro"], table)]
    return blocks


def _history(move) -> str:
    return " → ".join(f"{status_label(status)} ({item.when})" for item, status in move.history)


def _moved(comparison: Comparison) -> list:
    blocks: list = [Heading(2, [str(_("What moved"))])]
    timeline: list = []
    timed = [p for p in comparison.partners if len(p.responses) > 1]
    for n, partner in enumerate(timed):
        timeline += ["; " if n else ""] + ([f"{partner.label}: "] if comparison.several else [])
        for m, item in enumerate(partner.responses):
            timeline += [" → " if m else "", item.when, " (", Code(item.source), ")"]
    opening = (_("From each partner's earliest answers to their latest: {timeline}.") if comparison.several
               else _("From the earliest answers to the latest: {timeline}."))
    blocks.append(Para(_fill(opening, timeline=timeline)))
    titles = move_titles()
    for area in comparison.areas:
        moves = comparison.moves(area)
        blocks.append(Heading(3, [area]))
        if not moves:
            blocks.append(Para([str(_("No check in this area was answered at more than one date."))]))
            continue
        for kind in MOVE_KINDS:
            found = [m for m in moves if m.kind == kind]
            if not found:
                continue
            blocks.append(Para([titles[kind].format(count=len(found))]))
            blocks.append(Bullets([[m.check["text"], " (", Code(m.check["key"]), ") — ",
                                    (f"{m.partner.label}: " if comparison.several else "") + _history(m)]
                                   for m in found]))
    return blocks


def _gaps(comparison: Comparison) -> list:
    several = comparison.several
    blocks: list = [Heading(2, [str(_("Gaps to work on together")) if several else str(_("Gaps to work on"))])]
    if several:
        blocks += [Para([str(_("A check counts as in place only when every partner who answered says so: "
                               "the lowest answer is the partners' together. Not answered counts the checks "
                               "no partner answered; a check only some partners answered counts by their "
                               "answers and is listed under “{heading}”."))
                         .format(heading=str(_("Not answered by everyone")))]),
                   _summary_table(comparison, None)]
    gaps = comparison.gaps
    if not gaps:
        blocks.append(Para([str(_("No check is marked not yet or emerging."))]))
    area = None
    read = str(_("Read first:"))
    for row in gaps:
        if row.check["area"] != area:
            area = row.check["area"]
            blocks.append(Heading(3, [area]))
        title = [str(_("{status}: {check}")).format(status=status_label(row.combined), check=row.check["text"])]
        if several and row.spread:
            blocks.append(Group("readiness-check", [
                Heading(4, title), _check_line(row.check),
                Para([str(_("Partners disagree on this check: each partner's answer and what to read are "
                            "under “{heading}”.")).format(heading=str(_("Where partners disagree")))])]))
        else:
            blocks.append(_entry(comparison, row, 4, title, read))
    return blocks


def _unanswered(comparison: Comparison) -> list:
    rows = comparison.unanswered
    if not rows:
        return []
    if not comparison.several:
        return [Heading(2, [str(_("Not yet assessed"))]),
                Bullets([_fill(_("{check} ({key})"), check=row.check["text"], key=Code(row.check["key"]))
                         for row in rows])]
    items = []
    for row in rows:
        missing = [comparison.partners[n].label for n in row.missing]
        if len(missing) == len(comparison.partners):
            items.append(_fill(_("{check} ({key}): not answered by anyone"), check=row.check["text"],
                               key=Code(row.check["key"])))
        else:
            items.append(_fill(_("{check} ({key}): not answered by {partners}"), check=row.check["text"],
                               key=Code(row.check["key"]), partners=", ".join(missing)))
    return [Heading(2, [str(_("Not answered by everyone"))]),
            Para([str(_("Each of these checks counts as not answered for the partners named: never as in "
                        "place, emerging or not yet."))]),
            Bullets(items)]


def report_title(project: str) -> str:
    return (str(_("Readiness report: {project}")).format(project=project) if project
            else str(_("Readiness report")))


def report_blocks(comparison: Comparison, serial: str = "lw-readiness", title: bool = True) -> list:
    """The whole report as blocks; ``serial`` starts the ids of its pictures."""
    blocks: list = []
    if title:
        blocks.append(Heading(1, [report_title(comparison.project)]))
    blocks.append(Para(_sources(comparison)))
    if comparison.several:
        blocks += _disagreements(comparison)
    blocks += _standings(comparison, serial)
    if comparison.over_time:
        blocks += _moved(comparison)
    blocks += _gaps(comparison)
    blocks += _unanswered(comparison)
    return blocks


# -- Markdown --------------------------------------------------------------------------------------

def _md(text: str) -> str:
    """Inline Markdown: markup escaped and line breaks folded into spaces, so no value (a
    partner's notes, say) can start a heading, a list or a table row of its own."""
    return re.sub(r"([\\`*_\[\]<>|])", r"\\\1", re.sub(r"\s+", " ", text))


def _md_code(text: str) -> str:
    text = " ".join(text.split())
    fence = "``" if "`" in text else "`"
    return f"{fence}{text}{fence}" if fence == "`" else f"{fence} {text} {fence}"


def _md_url(url: str) -> str:
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def _md_inline(content: list) -> str:
    out = []
    for item in content:
        if isinstance(item, Link):
            out.append(f"[{_md(item.text)}]({_md_url(item.target['href'])})")
        elif isinstance(item, Code):
            out.append(_md_code(item.text))
        else:
            out.append(_md(item))
    return "".join(out)


def _md_table(table: Table) -> list[str]:
    lines = ["| " + " | ".join(table.head) + " |",
             "| " + " | ".join("---:" if n in table.numeric else "---" for n in range(len(table.head))) + " |"]
    lines += ["| " + " | ".join(_md_inline(cell) or " " for cell in row) + " |" for row in table.rows]
    return lines


def _md_blocks(blocks: list) -> list[str]:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append("#" * block.level + " " + _md_inline(block.content))
        elif isinstance(block, Para):
            out.append(_md_inline(block.content))
        elif isinstance(block, Bullets):
            out.append("\n".join("- " + _md_inline(item) for item in block.items))
        elif isinstance(block, Quotes):
            out.append("\n".join(f"- “{_md(text.strip())}” — {_md(speaker.strip())} ({_md_inline([link])})"
                                 for text, speaker, link in block.items))
        elif isinstance(block, Table):
            out.append("\n".join(_md_table(block)))
        elif isinstance(block, Figure):
            out.append("\n".join(_md_table(block.table)))
        elif isinstance(block, Group):
            out += _md_blocks(block.children)
    return out


def render_markdown(comparison: Comparison) -> str:
    return "\n\n".join(_md_blocks(report_blocks(comparison))) + "\n"


# -- HTML ------------------------------------------------------------------------------------------

STYLESHEET = Path(__file__).parent / "static" / "lw-readiness.css"
_PAGE_STYLE = ("body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;"
               "max-width:52rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a;background:#fff}"
               "a{color:#00606b}code{overflow-wrap:anywhere}"
               "@media print{body{margin:0;max-width:none}a{color:inherit}}")


def _html_inline(content: list) -> str:
    out = []
    for item in content:
        if isinstance(item, Link):
            out.append(f'<a href="{e(item.target["href"])}">{e(item.text)}</a>')
        elif isinstance(item, Code):
            out.append(f"<code>{e(item.text)}</code>")
        else:
            out.append(e(item))
    return "".join(out)


def _html_table(table: Table) -> list[str]:
    """A table; a wide one (``label``) in a region that scrolls sideways on a narrow screen,
    focusable so a keyboard can scroll it."""
    out = [f'<div class="lw-readiness-scroll" role="region" tabindex="0" aria-label="{e(table.label)}">'
           if table.label else ""]
    out.append(f'<table class="lw-{table.kind}">' if table.kind else "<table>")
    out.append("<thead><tr>" + "".join(f'<th scope="col">{e(h)}</th>' for h in table.head) + "</tr></thead>")
    out.append("<tbody>")
    for row in table.rows:
        cells = []
        for n, cell in enumerate(row):
            if n == 0:
                cells.append(f'<th scope="row">{_html_inline(cell)}</th>')
            else:
                number = ' class="lw-readiness-n"' if n in table.numeric else ""
                cells.append(f"<td{number}>{_html_inline(cell)}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>" + ("</div>" if table.label else ""))
    return [line for line in out if line]


def _html_blocks(blocks: list) -> list[str]:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append(f"<h{block.level}>{_html_inline(block.content)}</h{block.level}>")
        elif isinstance(block, Para):
            kind = f' class="lw-{block.kind}"' if block.kind else ""
            out.append(f"<p{kind}>{_html_inline(block.content)}</p>")
        elif isinstance(block, Bullets):
            out += ["<ul>", *(f"<li>{_html_inline(item)}</li>" for item in block.items), "</ul>"]
        elif isinstance(block, Quotes):
            out += [f"<blockquote><p>{e(text)}</p><footer>— {e(speaker)} ({_html_inline([link])})</footer>"
                    "</blockquote>" for text, speaker, link in block.items]
        elif isinstance(block, Table):
            out += _html_table(block)
        elif isinstance(block, Figure):
            out += ['<figure class="lw-readiness-figure">',
                    f'<div class="lw-readiness-picture">{svg(block.bars, block.ident, block.title, block.intro)}</div>',
                    *_html_table(block.table),
                    f"<figcaption>{e(block.title)}</figcaption>",
                    "</figure>"]
        elif isinstance(block, Group):
            out += [f'<div class="lw-{block.kind}">', *_html_blocks(block.children), "</div>"]
    return out


def render_html(comparison: Comparison) -> str:
    title = report_title(comparison.project)
    css = STYLESHEET.read_text(encoding="utf-8")
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{e(title)}</title>", f"<style>{_PAGE_STYLE}\n{css}</style>", "</head>", "<body>",
           '<main class="lw-readiness-report">', *_html_blocks(report_blocks(comparison)), "</main>",
           "</body>", "</html>", ""]
    return "\n".join(out)
