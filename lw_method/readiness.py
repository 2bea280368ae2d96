"""Readiness reports: a site's exported answers, read against the handbook's checks.

The answers come from the checklist page's export (CSV ``check,status,notes`` or
JSON); the checks, methods, quotes and links come from the handbook's
``lw-method.json``.  A bad file is an :class:`AnswersError` naming the line.
"""

from __future__ import annotations

import csv
import io
import json
import json.decoder
import json.scanner
import re
from dataclasses import dataclass, field
from pathlib import Path

STATUSES = {"not-yet": "Not yet", "emerging": "Emerging", "in-place": "In place"}
COLUMNS = ["check", "status", "notes"]


class AnswersError(Exception):
    """A problem with an input file, worded for the person who exported it (``file: line N: …``)."""


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


# -- reading files -----------------------------------------------------------------------------

def _read_text(path: Path, what: str) -> str:
    """The UTF-8 text of ``path``; a folder, a missing file or other bytes are a located message."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise AnswersError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise AnswersError(f"{path}: is a folder, not {what}") from None
    except OSError as error:
        raise AnswersError(f"{path}: cannot be read: {error.strerror}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise AnswersError(f"{path}: line {line}: not {what}: byte 0x{data[error.start]:02x} "
                           "is not UTF-8 text") from None


def _line(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


#: deeper than any answers file or handbook export needs, far shallower than Python's recursion limit
MAX_JSON_DEPTH = 32
_JSON_NESTING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]')


def _check_json_depth(text: str) -> None:
    """Refuse JSON nested deeper than :data:`MAX_JSON_DEPTH` before decoding it: the decoder
    recurses once per level, so ``[[[[…]]]]`` thousands deep would end in a RecursionError."""
    depth = 0
    for token in _JSON_NESTING.finditer(text):
        bracket = token.group()
        if bracket in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                raise AnswersError(f"line {_line(text, token.start())}: JSON nested more than "
                                   f"{MAX_JSON_DEPTH} levels deep; this is not an exported file")
        elif bracket in "]}":
            depth -= 1


class _RepeatedKey(ValueError):
    """A JSON object that gives one key twice, which JSON readers would silently resolve."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key
        self.position: int | None = None


def _refuse_repeated_keys(pairs: list[tuple[str, object]]) -> dict:
    keys = [key for key, _ in pairs]
    for key in keys:
        if keys.count(key) > 1:
            raise _RepeatedKey(key)
    return dict(pairs)


def _int_or_float(digits: str) -> int | float:
    """An integer, or a float when it has too many digits for ``int()`` (which would raise)."""
    return int(digits) if len(digits) <= 100 else float(digits)


class _LocatingDecoder(json.JSONDecoder):
    """A JSON decoder that records where each element of every array starts, so a bad answer
    or handbook object is reported on the line where it starts, not where a search finds it."""

    def __init__(self) -> None:
        super().__init__(object_pairs_hook=_refuse_repeated_keys, parse_int=_int_or_float)
        self.element_starts: dict[int, list[int]] = {}
        self.parse_array = self._parse_array
        self.scan_once = json.scanner.py_make_scanner(self)

    def _parse_array(self, s_and_end, scan_once):
        starts: list[int] = []

        def scan_element(string: str, index: int):
            starts.append(index)
            try:
                return scan_once(string, index)
            except _RepeatedKey as error:
                error.position = index if error.position is None else error.position
                raise

        values, end = json.decoder.JSONArray(s_and_end, scan_element)
        self.element_starts[id(values)] = starts
        return values, end

    def lines_of(self, text: str, values: list) -> list[int]:
        """The line on which each element of ``values`` (an array of the decoded text) starts."""
        return [_line(text, start) for start in self.element_starts[id(values)]]


def _decode_json(text: str) -> tuple[object, _LocatingDecoder]:
    """The decoded JSON and the decoder that knows its lines; bad JSON is a located message."""
    _check_json_depth(text)
    decoder = _LocatingDecoder()
    try:
        return decoder.decode(text), decoder
    except json.JSONDecodeError as error:
        raise AnswersError(f"line {error.lineno}: not valid JSON: {error.msg}") from None
    except _RepeatedKey as error:
        position = error.position if error.position is not None else len(text) - len(text.lstrip())
        raise AnswersError(f"line {_line(text, position)}: the key {error.key!r} is given twice "
                           "in one object") from None


# -- the handbook export -----------------------------------------------------------------------

#: the fields the report reads from each type of object, all text
_TEXT_FIELDS = {"check": ("area", "text", "url"), "method": ("title", "url"),
                "insight": ("title", "url"), "quote": ("text", "url"), "story": ("name", "role", "site")}
#: the fields the report reads as lists of ids
_ID_LIST_FIELDS = {"check": ("methods", "evidence", "insights")}
_URL_SCHEME = re.compile(r"^\s*[A-Za-z][A-Za-z0-9+.-]*:")


def _handbook_object_problem(entry: object) -> str | None:
    """What is wrong with one object of a handbook export for the report, or None."""
    if not isinstance(entry, dict):
        return "an object in 'objects' is not a JSON object"
    type_, id_ = entry.get("type"), entry.get("id")
    if not isinstance(type_, str) or not isinstance(id_, str):
        return 'an object has no "type" and "id" text'
    for name in _TEXT_FIELDS.get(type_, ()):
        if not isinstance(entry.get(name), str):
            return f"the {type_} {id_!r} has no {name!r} text"
    for name in _ID_LIST_FIELDS.get(type_, ()):
        value = entry.get(name, [])
        if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            return f"the {type_} {id_!r} has a {name!r} that is not a list of ids"
    if type_ == "quote" and not isinstance(entry.get("story"), (str, type(None))):
        return f"the quote {id_!r} has a 'story' that is not an id"
    if _URL_SCHEME.match(entry.get("url") or ""):
        return f"the {type_} {id_!r} has a 'url' that is not a page of the handbook"
    return None


def _handbook_from_text(text: str) -> Handbook:
    data, decoder = _decode_json(text)
    if not isinstance(data, dict) or not isinstance(data.get("objects"), list):
        raise AnswersError("line 1: not a handbook export (lw-method.json): no 'objects' list")
    if not isinstance(data.get("project", ""), str):
        raise AnswersError("line 1: not a handbook export (lw-method.json): 'project' is not text")
    objects: dict[tuple[str, str], dict] = {}
    for line, entry in zip(decoder.lines_of(text, data["objects"]), data["objects"], strict=True):
        problem = _handbook_object_problem(entry)
        if problem is None and (entry["type"], entry["id"]) in objects:
            problem = f"a second {entry['type']} has the id {entry['id']!r}"
        if problem:
            raise AnswersError(f"line {line}: {problem}; this is not a complete handbook export "
                               "(build the handbook again)")
        objects[(entry["type"], entry["id"])] = entry
    checks = [o for o in objects.values() if o["type"] == "check"]
    return Handbook(data.get("project", ""), objects, checks)


def read_handbook(path: Path) -> Handbook:
    """The handbook's ``lw-method.json``, with every field the report reads checked."""
    if not path.exists():
        raise AnswersError(f"{path}: no handbook export here; build the handbook first (make html) "
                           "or give its lw-method.json with --handbook")
    text = _read_text(path, "a handbook export (lw-method.json)")
    try:
        return _handbook_from_text(text)
    except AnswersError as error:
        raise AnswersError(f"{path}: {error}") from None


# -- answers -----------------------------------------------------------------------------------

#: notes as the browser's CSV export guards them from spreadsheets: a ' before notes that a
#: spreadsheet would run as a formula, or that already start with ' and then a formula
_FORMULA_GUARDED = re.compile(r"'+[=+\-@\t\r]")


def _unguarded(notes: str) -> str:
    """CSV notes without the ' the export put before a formula (OWASP's CSV injection advice)."""
    return notes[1:] if _FORMULA_GUARDED.match(notes) else notes


def _text_field(item: dict, name: str, where: str) -> str:
    """One field of a JSON answer as text: absent or null is empty, anything else is an error."""
    value = item.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        kind = {dict: "an object", list: "a list", bool: "true or false"}.get(type(value), "a number")
        raise AnswersError(f"{where}: {name!r} must be text, not {kind}")
    return value


def _entries_from_json(text: str) -> list[tuple[int, dict]]:
    data, decoder = _decode_json(text)
    answers = data if isinstance(data, list) else data.get("answers") if isinstance(data, dict) else None
    if not isinstance(answers, list):
        raise AnswersError('line 1: JSON answers need an "answers" list of {"check", "status", "notes"}')
    entries = []
    for number, (line, item) in enumerate(zip(decoder.lines_of(text, answers), answers, strict=True), 1):
        where = f"line {line}: answer {number}"
        if not isinstance(item, dict):
            raise AnswersError(f'{where} is not an object {{"check", "status", "notes"}}')
        if not isinstance(item.get("check"), str):
            raise AnswersError(f'{where} needs a "check" id as text (and "status", "notes")')
        entries.append((line, {name: _text_field(item, name, where) for name in COLUMNS}))
    return entries


def _entries_from_csv(text: str) -> list[tuple[int, dict]]:
    """The rows of a CSV answers file, each with the line where it starts (a row's quoted
    notes may run over several lines)."""
    reader = csv.reader(io.StringIO(text), strict=True)
    start = 1
    try:
        header = next(reader, None)
        if header is None or [h.strip().lower() for h in header] != COLUMNS:
            found = ",".join(header or [])[:60]
            raise AnswersError(f"line 1: not a readiness answers file: the first line must be "
                               f"the columns check,status,notes (found {found!r}); export CSV or JSON "
                               "from the checklist page")
        entries = []
        start = reader.line_num + 1
        for row in reader:
            if any(cell.strip() for cell in row):
                if len(row) != len(COLUMNS):
                    raise AnswersError(f"line {start}: expected 3 columns (check,status,notes), "
                                       f"found {len(row)}")
                check, status, notes = row
                entries.append((start, {"check": check, "status": status,
                                        "notes": _unguarded(notes)}))
            start = reader.line_num + 1
    except csv.Error as error:
        if str(error) == "unexpected end of data":
            raise AnswersError(f"line {start}: a quoted field is never closed (a \" is missing), "
                               "so the rest of the file would be read as one answer") from None
        raise AnswersError(f"line {start}: not valid CSV: {error}") from None
    return entries


_NOT_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def _check_entry(entry: dict, known: set[str]) -> None:
    """Refuse an answer for no check of this handbook, an unknown status, or notes that hold
    control characters (which could rewrite a terminal showing the report) or broken text."""
    check, status = entry["check"].strip(), entry["status"].strip()
    if check not in known:
        raise AnswersError(f"no check has the id {check!r} in this handbook")
    if status and status not in STATUSES:
        raise AnswersError(f"status {status!r} is not one of {', '.join(STATUSES)}")
    bad = _NOT_TEXT.search(entry["notes"])
    if bad:
        raise AnswersError(f"the notes hold a character that is not text (U+{ord(bad.group()):04X})")


def _answers_from_text(text: str, known: set[str]) -> dict[str, Answer]:
    stripped = text.lstrip()
    entries = _entries_from_json(text) if stripped[:1] in "{[" and stripped else _entries_from_csv(text)
    answers: dict[str, Answer] = {}
    for line, entry in entries:
        try:
            _check_entry(entry, known)
        except AnswersError as error:
            raise AnswersError(f"line {line}: {error}") from None
        check = entry["check"].strip()
        if check in answers:
            raise AnswersError(f"line {line}: check {check!r} is answered twice (first on line "
                               f"{answers[check].line})")
        answers[check] = Answer(check, entry["status"].strip(), entry["notes"].strip(), line)
    return answers


def read_answers(path: Path, handbook: Handbook) -> dict[str, Answer]:
    """The answers in ``path``, checked against the handbook's checks."""
    text = _read_text(path, "a CSV or JSON text file")
    try:
        return _answers_from_text(text, {c["id"] for c in handbook.checks})
    except AnswersError as error:
        raise AnswersError(f"{path}: {error}") from None


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
        """Inline Markdown: markup escaped and line breaks folded into spaces, so no value (a
        site's notes, say) can start a heading, a list or a table row of its own."""
        return re.sub(r"([\\`*_\[\]<>|])", r"\\\1", " ".join(text.split()))

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
