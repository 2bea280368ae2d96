"""Readiness reports: a site's exported answers, read against the handbook's checks.

The answers come from the checklist page's export (CSV ``check,status,notes`` or
JSON); the checks, methods, quotes and links come from the handbook's
``lw-method.json``.  A bad file is an :class:`AnswersError` naming the line.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

STATUSES = {"not-yet": "Not yet", "emerging": "Emerging", "in-place": "In place"}
COLUMNS = ["check", "status", "notes"]


class AnswersError(Exception):
    """A problem with an input file, worded for the person who exported it."""


@dataclass
class Answer:
    check: str
    status: str
    notes: str
    line: int


@dataclass
class Handbook:
    project: str
    objects: dict[tuple[str, str], dict]
    checks: list[dict] = field(default_factory=list)

    def get(self, type_: str, id_: str) -> dict | None:
        return self.objects.get((type_, id_))


def read_handbook(path: Path) -> Handbook:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise AnswersError(f"{path}: no handbook export here; build the handbook first (make html) "
                           "or give its lw-method.json with --handbook") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise AnswersError(f"{path}: not a handbook export (lw-method.json): {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("objects"), list):
        raise AnswersError(f"{path}: not a handbook export (lw-method.json): no 'objects' list")
    objects = {(o.get("type"), o.get("id")): o for o in data["objects"] if isinstance(o, dict)}
    checks = [o for o in data["objects"] if isinstance(o, dict) and o.get("type") == "check"]
    return Handbook(data.get("project", ""), objects, checks)


def _line_of(text: str, needle: str) -> int:
    position = text.find(needle)
    return text.count("\n", 0, position) + 1 if position >= 0 else 0


def _entries_from_json(text: str) -> list[tuple[int, dict]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise AnswersError(f"line {error.lineno}: not valid JSON: {error.msg}") from None
    answers = data if isinstance(data, list) else data.get("answers") if isinstance(data, dict) else None
    if not isinstance(answers, list):
        raise AnswersError('line 1: JSON answers need an "answers" list of {"check", "status", "notes"}')
    entries = []
    for number, item in enumerate(answers, 1):
        if not isinstance(item, dict) or "check" not in item:
            raise AnswersError(f"answer {number}: each answer needs a \"check\" (and \"status\", \"notes\")")
        line = _line_of(text, json.dumps(str(item["check"]))) or number
        entries.append((line, {k: "" if item.get(k) is None else str(item.get(k)) for k in COLUMNS}))
    return entries


def _entries_from_csv(text: str) -> list[tuple[int, dict]]:
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader, None)
        if header is None or [h.strip().lower() for h in header] != COLUMNS:
            found = ",".join(header or [])[:60]
            raise AnswersError(f"line 1: not a readiness answers file: the first line must be "
                               f"the columns check,status,notes (found {found!r}); export CSV or JSON "
                               "from the checklist page")
        entries = []
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(COLUMNS):
                raise AnswersError(f"line {reader.line_num}: expected 3 columns (check,status,notes), "
                                   f"found {len(row)}")
            entries.append((reader.line_num, dict(zip(COLUMNS, row, strict=True))))
    except csv.Error as error:
        raise AnswersError(f"line {reader.line_num}: not valid CSV: {error}") from None
    return entries


def read_answers(path: Path, handbook: Handbook) -> dict[str, Answer]:
    """The answers in ``path``, checked against the handbook's checks."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise AnswersError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise AnswersError(f"{path}: not a CSV or JSON text file") from None
    stripped = text.lstrip()
    entries = _entries_from_json(text) if stripped[:1] in "{[" and stripped else _entries_from_csv(text)
    known = {c["id"] for c in handbook.checks}
    answers: dict[str, Answer] = {}
    for line, entry in entries:
        check, status = entry["check"].strip(), entry["status"].strip()
        if check not in known:
            raise AnswersError(f"line {line}: no check has the id {check!r} in this handbook")
        if status and status not in STATUSES:
            raise AnswersError(f"line {line}: status {status!r} is not one of {', '.join(STATUSES)}")
        if check in answers:
            raise AnswersError(f"line {line}: check {check!r} is answered twice (first on line "
                               f"{answers[check].line})")
        answers[check] = Answer(check, status, entry["notes"].strip(), line)
    return answers


# -- the report ------------------------------------------------------------------------------------

@dataclass
class AreaStanding:
    area: str
    counts: dict[str, int]
    total: int

    @property
    def standing(self) -> str:
        if self.counts["in-place"] == self.total:
            return "In place"
        if self.counts["in-place"] or self.counts["emerging"]:
            return "Emerging"
        if self.counts["not-yet"]:
            return "Not yet"
        return "Not assessed"


@dataclass
class Gap:
    check: dict
    answer: Answer


@dataclass
class Report:
    project: str
    areas: list[AreaStanding]
    gaps: list[Gap]
    unanswered: list[dict]


def build_report(handbook: Handbook, answers: dict[str, Answer]) -> Report:
    areas: dict[str, AreaStanding] = {}
    for check in handbook.checks:
        standing = areas.setdefault(check["area"], AreaStanding(
            check["area"], {"in-place": 0, "emerging": 0, "not-yet": 0, "": 0}, 0))
        standing.total += 1
        standing.counts[answers[check["id"]].status if check["id"] in answers else ""] += 1
    order = {"not-yet": 0, "emerging": 1}
    gaps = [Gap(c, answers[c["id"]]) for c in handbook.checks
            if c["id"] in answers and answers[c["id"]].status in order]
    gaps.sort(key=lambda g: (list(areas).index(g.check["area"]), order[g.answer.status]))
    unanswered = [c for c in handbook.checks if not (c["id"] in answers and answers[c["id"]].status)]
    return Report(handbook.project, list(areas.values()), gaps, unanswered)


@dataclass
class Link:
    text: str
    url: str


def _links(handbook: Handbook, type_: str, ids, base: str) -> list[Link]:
    found = []
    for id_ in ids:
        target = handbook.get(type_, id_)
        if target:
            found.append(Link(target["title"], f"{base}{target['url']}"))
    return found


def _quote_line(handbook: Handbook, quote_id: str, base: str) -> tuple[str, Link] | None:
    quote = handbook.get("quote", quote_id)
    if not quote:
        return None
    story = handbook.get("story", quote.get("story"))
    speaker = f"{story['name']}, {story['role']}, {story['site']}" if story else quote_id
    return speaker, Link(quote["text"], f"{base}{quote['url']}")


def render_markdown(report: Report, handbook: Handbook, base: str, source: str) -> str:
    def md(text: str) -> str:
        return re.sub(r"([\\`*_\[\]<>|])", r"\\\1", text)

    out = [f"# Readiness report{': ' + md(report.project) if report.project else ''}", "",
           f"From the answers in `{source}`, against {sum(a.total for a in report.areas)} checks.", "",
           "## Where you stand", "",
           "| Area | In place | Emerging | Not yet | Not answered | Standing |",
           "| --- | ---: | ---: | ---: | ---: | --- |"]
    for area in report.areas:
        c = area.counts
        out.append(f"| {md(area.area)} | {c['in-place']} | {c['emerging']} | {c['not-yet']} | {c['']} "
                   f"| {area.standing} |")
    out += ["", "## Gaps to work on", ""]
    if not report.gaps:
        out += ["No check is marked not yet or emerging.", ""]
    current_area = None
    for gap in report.gaps:
        check = gap.check
        if check["area"] != current_area:
            current_area = check["area"]
            out += [f"### {md(current_area)}", ""]
        out += [f"#### {STATUSES[gap.answer.status]}: {md(check['text'])}", "",
                f"Check `{check['id']}` — [the check in the handbook]({base}{check['url']})", ""]
        if gap.answer.notes:
            out += [f"Your notes: {md(gap.answer.notes)}", ""]
        methods = _links(handbook, "method", check.get("methods", []), base)
        if methods:
            out += ["Read first:", ""] + [f"- [{md(m.text)}]({m.url})" for m in methods] + [""]
        evidence = [q for q in (_quote_line(handbook, i, base) for i in check.get("evidence", [])) if q]
        if evidence:
            out += ["Why it matters:", ""]
            out += [f"- “{md(link.text)}” — {md(speaker)} ([full story]({link.url}))" for speaker, link in evidence]
            out += [""]
        insights = _links(handbook, "insight", check.get("insights", []), base)
        if insights:
            out += ["Insights: " + "; ".join(f"[{md(i.text)}]({i.url})" for i in insights), ""]
    if report.unanswered:
        out += ["## Not yet assessed", ""]
        out += [f"- {md(c['text'])} (`{c['id']}`)" for c in report.unanswered] + [""]
    return "\n".join(out)


def render_html(report: Report, handbook: Handbook, base: str, source: str) -> str:
    from html import escape as e

    title = f"Readiness report{': ' + report.project if report.project else ''}"
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{e(title)}</title>",
           "<style>body{font-family:sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem;"
           "line-height:1.5}table{border-collapse:collapse}th,td{border:1px solid #999;padding:.3rem .6rem}"
           "td.n{text-align:right}blockquote{margin:.3rem 0 .3rem 1rem;font-style:italic}</style>",
           "</head>", "<body>", "<main>", f"<h1>{e(title)}</h1>",
           f"<p>From the answers in <code>{e(source)}</code>, against "
           f"{sum(a.total for a in report.areas)} checks.</p>",
           "<h2>Where you stand</h2>", "<table>",
           "<thead><tr><th scope=\"col\">Area</th><th scope=\"col\">In place</th><th scope=\"col\">Emerging</th>"
           "<th scope=\"col\">Not yet</th><th scope=\"col\">Not answered</th><th scope=\"col\">Standing</th></tr></thead>",
           "<tbody>"]
    for area in report.areas:
        c = area.counts
        out.append(f"<tr><th scope=\"row\">{e(area.area)}</th><td class=\"n\">{c['in-place']}</td>"
                   f"<td class=\"n\">{c['emerging']}</td><td class=\"n\">{c['not-yet']}</td>"
                   f"<td class=\"n\">{c['']}</td><td>{e(area.standing)}</td></tr>")
    out += ["</tbody></table>", "<h2>Gaps to work on</h2>"]
    if not report.gaps:
        out.append("<p>No check is marked not yet or emerging.</p>")
    current_area = None
    for gap in report.gaps:
        check = gap.check
        if check["area"] != current_area:
            current_area = check["area"]
            out.append(f"<h3>{e(current_area)}</h3>")
        out += [f"<h4>{STATUSES[gap.answer.status]}: {e(check['text'])}</h4>",
                f"<p>Check <code>{e(check['id'])}</code> — "
                f"<a href=\"{e(base + check['url'])}\">the check in the handbook</a></p>"]
        if gap.answer.notes:
            out.append(f"<p>Your notes: {e(gap.answer.notes)}</p>")
        methods = _links(handbook, "method", check.get("methods", []), base)
        if methods:
            out += ["<p>Read first:</p>", "<ul>"]
            out += [f"<li><a href=\"{e(m.url)}\">{e(m.text)}</a></li>" for m in methods] + ["</ul>"]
        evidence = [q for q in (_quote_line(handbook, i, base) for i in check.get("evidence", [])) if q]
        if evidence:
            out.append("<p>Why it matters:</p>")
            out += [f"<blockquote><p>{e(link.text)}</p><footer>— {e(speaker)} "
                    f"(<a href=\"{e(link.url)}\">full story</a>)</footer></blockquote>"
                    for speaker, link in evidence]
        insights = _links(handbook, "insight", check.get("insights", []), base)
        if insights:
            out.append("<p>Insights: " + "; ".join(f"<a href=\"{e(i.url)}\">{e(i.text)}</a>"
                                                   for i in insights) + "</p>")
    if report.unanswered:
        out += ["<h2>Not yet assessed</h2>", "<ul>"]
        out += [f"<li>{e(c['text'])} (<code>{e(c['id'])}</code>)</li>" for c in report.unanswered]
        out.append("</ul>")
    out += ["</main>", "</body>", "</html>", ""]
    return "\n".join(out)
