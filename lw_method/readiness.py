"""Readiness reports: partners' exported answers, read against the handbook's checks.

The answers come from the checklist page's export (CSV ``check,status,notes`` or
JSON); the checks, methods, quotes and links come from the handbook's
``lw-method.json`` (schema ``lw-method/1`` or ``lw-method/2``, whose ``external``
objects come from another handbook and are keyed ``HANDBOOK:ID``).  Several answers
files are several partners (or one partner at several dates): :func:`compare` lines
them up check by check.  A bad file is an :class:`AnswersError` naming the line.

Rendering is in :mod:`lw_method.readiness_render`, the pictures in
:mod:`lw_method.readiness_chart`.
"""

from __future__ import annotations

import csv
import io
import json
import json.decoder
import json.scanner
import re
from dataclasses import dataclass, field
from datetime import date as _date, datetime as _datetime
from pathlib import Path

STATUSES = {"not-yet": "Not yet", "emerging": "Emerging", "in-place": "In place"}
#: how far along each status is: two statuses two steps apart are not yet and in place
STEP = {"not-yet": 0, "emerging": 1, "in-place": 2}
COLUMNS = ["check", "status", "notes"]
SCHEMAS = ("lw-method/1", "lw-method/2")


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
    """The checks and what they link to, from one or more exports (or a handbook's own data).

    Each object is its export entry plus ``href``: the link to it (its ``url`` after the
    report's base, or the absolute ``url`` of an object from another handbook)."""

    project: str
    objects: dict[tuple[str, str], dict]
    checks: list[dict] = field(default_factory=list)
    #: the ``project`` of every export read, in order (what answers files may say they answer)
    projects: tuple[str, ...] = ()

    def get(self, type_: str, id_: str | None) -> dict | None:
        return self.objects.get((type_, id_)) if id_ is not None else None

    def linked(self, entry: dict, type_: str, id_: str) -> dict | None:
        """The ``type_`` object that ``entry`` names as ``id_``: an object from another handbook
        names that handbook's objects by their own ids, which are keyed ``HANDBOOK:ID`` here."""
        home = entry.get("handbook")
        if home and ":" not in id_:
            return self.get(type_, f"{home}:{id_}")
        return self.get(type_, id_)

    @property
    def known(self) -> set[str]:
        return {check["key"] for check in self.checks}


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
_ABSOLUTE_URL = re.compile(r"^https?://[^\s/]+[^\s]*$")
#: a handbook's name in a qualified id (``core:shared-purpose``), and a qualified id
_HANDBOOK_NAME = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")


def _handbook_object_problem(entry: object, external: bool = False) -> str | None:
    """What is wrong with one object of a handbook export for the report, or None.  An
    object from another handbook (``external``) names that handbook and has an absolute url."""
    where = "'external'" if external else "'objects'"
    if not isinstance(entry, dict):
        return f"an object in {where} is not a JSON object"
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
    if type_ == "quote" and not isinstance(entry.get("speaker"), (str, type(None))):
        return f"the quote {id_!r} has a 'speaker' that is not text"
    if external:
        home = entry.get("handbook")
        if not (isinstance(home, str) and _HANDBOOK_NAME.match(home)):
            return f"the external {type_} {id_!r} has no 'handbook' name (such as \"core\")"
        if not _ABSOLUTE_URL.match(entry.get("url") or ""):
            return f"the external {type_} {id_!r} has a 'url' that is not an absolute http(s) address"
    elif _URL_SCHEME.match(entry.get("url") or ""):
        return f"the {type_} {id_!r} has a 'url' that is not a page of the handbook"
    return None


def _handbook_from_text(text: str, base: str = "") -> Handbook:
    data, decoder = _decode_json(text)
    if not isinstance(data, dict) or not isinstance(data.get("objects"), list):
        raise AnswersError("line 1: not a handbook export (lw-method.json): no 'objects' list")
    if not isinstance(data.get("project", ""), str):
        raise AnswersError("line 1: not a handbook export (lw-method.json): 'project' is not text")
    schema = data.get("schema", SCHEMAS[0])
    if schema not in SCHEMAS:
        shown = schema if isinstance(schema, str) else json.dumps(schema)
        raise AnswersError(f"line {_key_line(text, 'schema')}: the export's schema is {shown!r}; this "
                           f"lw-method reads {' and '.join(SCHEMAS)} (update lw-method, or build the "
                           "handbook with this one)")
    external = data.get("external", [])
    if not isinstance(external, list):
        raise AnswersError(f"line {_key_line(text, 'external')}: the export's 'external' is not a list "
                           "of objects")
    objects: dict[tuple[str, str], dict] = {}
    parts = [(data["objects"], False), (external, True)]
    for entries, is_external in parts:
        lines = decoder.lines_of(text, entries) if entries else []
        for line, entry in zip(lines, entries, strict=True):
            problem = _handbook_object_problem(entry, is_external)
            key = f"{entry['handbook']}:{entry['id']}" if is_external and problem is None else \
                (entry.get("id") if isinstance(entry, dict) else None)
            if problem is None and (entry["type"], key) in objects:
                problem = f"a second {entry['type']} has the id {key!r}"
            if problem:
                raise AnswersError(f"line {line}: {problem}; this is not a complete handbook export "
                                   "(build the handbook again)")
            href = entry["url"] if is_external else f"{base}{entry.get('url', '')}"
            objects[(entry["type"], key)] = {**entry, "key": key, "href": href}
    checks = [o for o in objects.values() if o["type"] == "check"]
    return Handbook(data.get("project", ""), objects, checks, (data.get("project", ""),))


def read_handbook(path: Path, base: str = "") -> Handbook:
    """The handbook's ``lw-method.json``, with every field the report reads checked; links to
    its pages start with ``base``."""
    if not path.exists():
        raise AnswersError(f"{path}: no handbook export here; build the handbook first (make html) "
                           "or give its lw-method.json with --handbook")
    text = _read_text(path, "a handbook export (lw-method.json)")
    try:
        return _handbook_from_text(text, base)
    except AnswersError as error:
        raise AnswersError(f"{path}: {error}") from None


def merge_handbooks(handbooks: list[Handbook]) -> Handbook:
    """Several exports as one: every object of each, the first export's where two share a key
    (a site's export and the core handbook's, say)."""
    objects: dict[tuple[str, str], dict] = {}
    for handbook in handbooks:
        for key, entry in handbook.objects.items():
            objects.setdefault(key, entry)
    checks = [o for o in objects.values() if o["type"] == "check"]
    projects = tuple(dict.fromkeys(p for h in handbooks for p in h.projects))
    return Handbook(handbooks[0].project if handbooks else "", objects, checks, projects)


def _key_line(text: str, key: str) -> int:
    """The line of the first ``"key":`` in a JSON text (1 when there is none): where a message
    about a top-level field points."""
    found = re.search(r'"%s"\s*:' % re.escape(key), text)
    return _line(text, found.start()) if found else 1

# -- answers -----------------------------------------------------------------------------------

#: a cell as the browser's CSV export guards it from spreadsheets: a ' before a cell that a
#: spreadsheet would run as a formula, or that already starts with ' and then a formula
_FORMULA_GUARDED = re.compile(r"'+[=+\-@\t\r]")


def _unguarded(notes: str) -> str:
    """A CSV cell without the ' the export put before a formula (OWASP's CSV injection advice)."""
    return notes[1:] if _FORMULA_GUARDED.match(notes) else notes


def _text_field(item: dict, name: str, where: str) -> str:
    """One field of a JSON answer as text: absent or null is empty, anything else is an error."""
    value = item.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise AnswersError(f"{where}: {name!r} must be text, not {_kind(value)}")
    return value


def _kind(value: object) -> str:
    return {dict: "an object", list: "a list", bool: "true or false"}.get(type(value), "a number")


@dataclass
class AnswersFile:
    """What one answers file holds: its answers, and who, when and which handbook it answers
    for when it says (a JSON file's ``"respondent"``, ``"date"`` and ``"handbook"``)."""

    answers: dict[str, Answer]
    respondent: str = ""
    date: str = ""
    handbook: str = ""
    #: the line of each of those fields, for messages about them
    lines: dict[str, int] = field(default_factory=dict)


def iso_date(value: str) -> str | None:
    """An ISO 8601 date as ``YYYY-MM-DD`` (a date and time counts by its date; ``YYYY-MM``
    stays a month), or None when ``value`` is not one."""
    value = value.strip()
    if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value):
        return value
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?", value):
        return None
    try:
        return (_date.fromisoformat(value) if len(value) == 10 else _datetime.fromisoformat(value).date()).isoformat()
    except ValueError:
        return None


def _about(data: dict, text: str) -> tuple[dict[str, str], dict[str, int]]:
    """A JSON file's respondent, date and handbook, checked: text, one line, an ISO date."""
    found, lines = {}, {}
    for name in ("respondent", "date", "handbook"):
        value = data.get(name)
        if value is None:
            continue
        line = lines[name] = _key_line(text, name)
        if not isinstance(value, str):
            raise AnswersError(f"line {line}: {name!r} must be text, not {_kind(value)}")
        bad = _NOT_TEXT.search(value) or re.search(r"[\n\r\u2028\u2029]", value)
        if bad:
            raise AnswersError(f"line {line}: {name!r} must be one line of text (it holds "
                               f"U+{ord(bad.group()):04X})")
        if name == "date" and value.strip():
            iso = iso_date(value)
            if iso is None:
                raise AnswersError(f"line {line}: the date {value!r} is not an ISO date: write it "
                                   "YYYY-MM-DD, e.g. 2026-03-31")
            value = iso
        found[name] = " ".join(value.split())
    return found, lines


def _entries_from_json(text: str) -> tuple[list[tuple[int, dict]], dict[str, str], dict[str, int]]:
    data, decoder = _decode_json(text)
    answers = data if isinstance(data, list) else data.get("answers") if isinstance(data, dict) else None
    if not isinstance(answers, list):
        raise AnswersError('line 1: JSON answers need an "answers" list of {"check", "status", "notes"}')
    about, lines = _about(data, text) if isinstance(data, dict) else ({}, {})
    entries = []
    for number, (line, item) in enumerate(zip(decoder.lines_of(text, answers), answers, strict=True), 1):
        where = f"line {line}: answer {number}"
        if not isinstance(item, dict):
            raise AnswersError(f'{where} is not an object {{"check", "status", "notes"}}')
        if not isinstance(item.get("check"), str):
            raise AnswersError(f'{where} needs a "check" id as text (and "status", "notes")')
        entries.append((line, {name: _text_field(item, name, where) for name in COLUMNS}))
    return entries, about, lines


def _delimiter(text: str) -> str:
    """``;`` when the first line is ``check;status;notes`` (a spreadsheet set to a locale that
    writes decimal commas saves CSV so), else ``,``."""
    first = text.split("\n", 1)[0]
    cells = [c.strip().strip('"').strip().lower() for c in first.split(";")]
    return ";" if cells[:3] == COLUMNS and "," not in first else ","


def _without_empty_tail(row: list[str]) -> list[str]:
    """A row without the empty cells a spreadsheet may add after the third column."""
    while len(row) > len(COLUMNS) and not row[-1].strip():
        row = row[:-1]
    return row


def _entries_from_csv(text: str) -> list[tuple[int, dict]]:
    """The rows of a CSV answers file, each with the line where it starts (a row's quoted
    notes may run over several lines).  Comma or semicolon separated, CRLF or LF line ends."""
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text), strict=True)
    start = 1
    try:
        header = next(reader, None)
        if header is None or [h.strip().lower() for h in _without_empty_tail(header)] != COLUMNS:
            found = ",".join(header or [])[:60]
            raise AnswersError(f"line 1: not a readiness answers file: the first line must be "
                               f"the columns check,status,notes (found {found!r}); export CSV or JSON "
                               "from the checklist page")
        entries = []
        start = reader.line_num + 1
        for row in reader:
            if any(cell.strip() for cell in row):
                row = _without_empty_tail(row)
                if len(row) != len(COLUMNS):
                    raise AnswersError(f"line {start}: expected 3 columns (check,status,notes), "
                                       f"found {len(row)}")
                check, status, notes = (_unguarded(cell) for cell in row)
                entries.append((start, {"check": check, "status": status,
                                        "notes": notes.replace("\r\n", "\n")}))
            start = reader.line_num + 1
    except csv.Error as error:
        if str(error) == "unexpected end of data":
            raise AnswersError(f"line {start}: a quoted field is never closed (a \" is missing), "
                               "so the rest of the file would be read as one answer") from None
        raise AnswersError(f"line {start}: not valid CSV: {error}") from None
    return entries


_NOT_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def _check_entry(entry: dict, known: set[str] | None) -> None:
    """Refuse an answer for no check of this handbook, an unknown status, or notes that hold
    control characters (which could rewrite a terminal showing the report) or broken text.
    With ``known`` None, any check id passes (the handbook's checks are not known yet)."""
    check, status = entry["check"].strip(), entry["status"].strip()
    if known is not None and check not in known:
        raise AnswersError(f"no check has the id {check!r} in this handbook")
    if status and status not in STATUSES:
        raise AnswersError(f"status {status!r} is not one of {', '.join(STATUSES)}")
    bad = _NOT_TEXT.search(entry["notes"])
    if bad:
        raise AnswersError(f"the notes hold a character that is not text (U+{ord(bad.group()):04X})")


def parse_answers(text: str, known: set[str] | None = None) -> AnswersFile:
    """An answers file's text, read and checked (against ``known`` check ids, when given)."""
    text = text.removeprefix("\ufeff")
    stripped = text.lstrip()
    if stripped[:1] in "{[" and stripped:
        entries, about, lines = _entries_from_json(text)
    else:
        entries, about, lines = _entries_from_csv(text), {}, {}
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
    return AnswersFile(answers, lines=lines, **about)


def _answers_from_text(text: str, known: set[str]) -> dict[str, Answer]:
    return parse_answers(text, known).answers


def read_answers_file(path: Path, handbook: Handbook | None) -> AnswersFile:
    """The answers in ``path`` and what it says about itself, checked against the handbook's
    checks (when given)."""
    text = _read_text(path, "a CSV or JSON text file")
    try:
        return parse_answers(text, handbook.known if handbook is not None else None)
    except AnswersError as error:
        raise AnswersError(f"{path}: {error}") from None


def read_answers(path: Path, handbook: Handbook) -> dict[str, Answer]:
    """The answers in ``path``, checked against the handbook's checks."""
    return read_answers_file(path, handbook).answers

# -- partners and dates ----------------------------------------------------------------------------

@dataclass
class Response:
    """One answers file: one partner's answers, at one date when the file gives it."""

    source: str
    label: str
    answers: dict[str, Answer]
    date: str = ""
    #: given as a baseline (``--baseline``, ``:baseline:``): earlier answers to compare with
    baseline: bool = False
    handbook: str = ""
    lines: dict[str, int] = field(default_factory=dict)
    #: every name the file goes by (its label, its "respondent", its file name without a
    #: date), folded: a baseline joins the partner that shares one
    names: frozenset[str] = frozenset()

    @property
    def when(self) -> str:
        """The date, or what the file is when it has none."""
        return self.date or ("earlier" if self.baseline else "latest")

    def status(self, key: str) -> str:
        answer = self.answers.get(key)
        return answer.status if answer else ""


_DATED_NAME = re.compile(r"^(?:(?P<before>\d{4}-\d{2}(?:-\d{2})?)[-_ .]+(?P<after>.+)|"
                         r"(?P<name>.+?)[-_ .]+(?P<date>\d{4}-\d{2}(?:-\d{2})?))$")


def name_and_date(source: str) -> tuple[str, str]:
    """A file's name as a label, and the date it carries when it is named like
    ``2026-03-trust.csv`` or ``trust-2026-03-31.json``: ("trust", "2026-03")."""
    stem = Path(source).stem or source
    found = _DATED_NAME.match(stem)
    if found:
        name, when = (found["after"], found["before"]) if found["before"] else (found["name"], found["date"])
        if iso_date(when):
            return name, iso_date(when) or ""
    return stem, ""


def response(source: str, file: AnswersFile, label: str | None = None, baseline: bool = False) -> Response:
    """A file's answers as one partner's: labelled by ``label``, else the file's
    ``"respondent"``, else its name (without the extension, or a date it starts or ends with);
    dated by its ``"date"``, else by a date in its name."""
    named, named_date = name_and_date(source)
    given = label if label is not None and label.strip() else ""
    chosen = " ".join((given or file.respondent or named).split())
    names = frozenset(n.casefold() for n in (chosen, file.respondent, named) if n)
    return Response(source, chosen, file.answers, file.date or named_date, baseline, file.handbook,
                    file.lines, names)


@dataclass
class Partner:
    """Everything one partner answered, oldest first; the last is their current answers."""

    label: str
    responses: list[Response]

    @property
    def current(self) -> Response:
        return self.responses[-1]

    @property
    def earliest(self) -> Response:
        return self.responses[0]


def _where(item: Response, key: str) -> str:
    line = item.lines.get(key)
    return f"{item.source}: line {line}" if line else item.source


def _order(responses: list[Response]) -> list[Response]:
    """One partner's files oldest first: an undated baseline first, dated files by date, undated
    answers last.  Two files in one place (one label, one date) are an error, as is a baseline
    dated after the answers it is compared with."""
    def slot(r: Response) -> tuple[int, str]:
        return (1, r.date) if r.date else ((0, "") if r.baseline else (2, ""))

    taken: dict[tuple[int, str], Response] = {}
    for item in responses:
        other = taken.setdefault(slot(item), item)
        if other is not item:
            when = f"and the date {item.date} " if item.date else ""
            raise AnswersError(f"{_where(item, 'respondent')}: the label {item.label!r} {when}is also "
                               f"{other.source}'s; give each partner's file its own label (--label or "
                               ':labels:, or "respondent" in JSON), or date each file ("date" in JSON)')
    ordered = sorted(responses, key=slot)
    dated_baselines = [r for r in ordered if r.baseline and r.date]
    dated_answers = [r for r in ordered if not r.baseline and r.date]
    if dated_baselines and dated_answers and dated_baselines[-1].date > dated_answers[0].date:
        late, early = dated_baselines[-1], dated_answers[0]
        raise AnswersError(f"{_where(late, 'date')}: this baseline is dated {late.date}, after the "
                           f"answers it is compared with ({early.source}, {early.date}); a baseline "
                           "holds the earlier answers")
    return ordered


def partners_of(responses: list[Response]) -> list[Partner]:
    """The answers files as partners, in the order of their first file.  Files that share a
    label are one partner at several dates; a baseline joins the partner that shares one of
    its names (the one partner, when there is one)."""
    groups: dict[str, list[Response]] = {}
    for item in responses:
        if not item.baseline:
            groups.setdefault(item.label, []).append(item)
    if not groups:
        raise AnswersError("no answers to report: give at least one answers file besides the baselines")
    for item in responses:
        if not item.baseline:
            continue
        matching = [label for label, files in groups.items()
                    if any(item.names & other.names for other in files)]
        if len(matching) == 1 or len(groups) == 1:
            groups[matching[0] if matching else next(iter(groups))].append(item)
            continue
        if matching:
            raise AnswersError(f"{_where(item, 'respondent')}: which partner's earlier answers are "
                               f"these? Their name {item.label!r} fits {' and '.join(matching)}; "
                               'give the file the partner\'s "respondent"')
        raise AnswersError(f"{_where(item, 'respondent')}: which partner's earlier answers are "
                           f"these? Their name {item.label!r} is none of the partners' "
                           f"({', '.join(groups)}); name the file as that partner's answers file "
                           'is named (a date before or after the name may differ), or give it the '
                           'partner\'s "respondent"')
    return [Partner(label, _order(items)) for label, items in groups.items()]


def check_handbooks(responses: list[Response], handbook: Handbook,
                    hint: str = "give the export of the handbook they answer with --handbook") -> None:
    """Every file that names the handbook it answers (``"handbook"``) names one that was read:
    files that disagree about which handbook they answer are an error at the first odd one."""
    projects = [p for p in handbook.projects if p]
    named = [r for r in responses if r.handbook]
    if projects:
        for item in named:
            if item.handbook not in projects:
                others = [r.source for r in named if r.handbook in projects]
                agree = f", as {others[0]} does" if others else ""
                raise AnswersError(
                    f"{_where(item, 'handbook')}: these answers are for the handbook {item.handbook!r}, "
                    f"but the handbook read is {' and '.join(map(repr, projects))}{agree}; {hint}")
    elif len({r.handbook for r in named}) > 1:
        first = named[0]
        odd = next(r for r in named if r.handbook != first.handbook)
        raise AnswersError(f"{_where(odd, 'handbook')}: these answers are for the handbook "
                           f"{odd.handbook!r}, but {first.source} answers {first.handbook!r}")


def check_labels(sources: list[str], labels: list[str]) -> None:
    """As many labels as answers files (when any is given)."""
    if labels and len(labels) != len(sources):
        raise AnswersError(f"{len(labels)} label{'s' if len(labels) != 1 else ''} for "
                           f"{len(sources)} answers file{'s' if len(sources) != 1 else ''} "
                           f"({', '.join(sources)}): give one label per file, in the files' order")


# -- the comparison --------------------------------------------------------------------------------

@dataclass
class AreaStanding:
    area: str
    counts: dict[str, int]
    total: int

    @property
    def standing(self) -> str:
        if self.total and self.counts["in-place"] == self.total:
            return "In place"
        if self.counts["in-place"] or self.counts["emerging"]:
            return "Emerging"
        if self.counts["not-yet"]:
            return "Not yet"
        return "Not assessed"


def _standing(area: str, statuses: list[str]) -> AreaStanding:
    counts = {"in-place": 0, "emerging": 0, "not-yet": 0, "": 0}
    for status in statuses:
        counts[status] += 1
    return AreaStanding(area, counts, len(statuses))


@dataclass
class Row:
    """One check, as every partner answers it now."""

    check: dict
    answers: list[Answer | None]

    @property
    def statuses(self) -> list[str]:
        return [a.status if a else "" for a in self.answers]

    @property
    def spread(self) -> int | None:
        """How many steps apart the partners who answered are (None when fewer than two did)."""
        steps = [STEP[s] for s in self.statuses if s]
        return max(steps) - min(steps) if len(steps) > 1 else None

    @property
    def combined(self) -> str:
        """In place only when every partner who answered says so: the lowest answer ("" when
        nobody answered)."""
        answered = [s for s in self.statuses if s]
        return min(answered, key=STEP.__getitem__) if answered else ""

    @property
    def missing(self) -> list[int]:
        """The partners (by position) who gave this check no status."""
        return [n for n, s in enumerate(self.statuses) if not s]


@dataclass
class Move:
    """One check for one partner, from their earliest answers to their latest."""

    partner: Partner
    check: dict
    history: list[tuple[Response, str]]

    @property
    def kind(self) -> str:
        first, last = self.history[0][1], self.history[-1][1]
        if not (first and last):
            return "once"
        return "forward" if STEP[last] > STEP[first] else "back" if STEP[last] < STEP[first] else "same"


MOVE_KINDS = {"forward": "Went forward", "back": "Went back", "same": "Stayed put",
              "once": "Answered at one date only"}


@dataclass
class Comparison:
    project: str
    handbook: Handbook
    partners: list[Partner]
    rows: list[Row]

    @property
    def areas(self) -> list[str]:
        return list(dict.fromkeys(row.check["area"] for row in self.rows))

    @property
    def several(self) -> bool:
        return len(self.partners) > 1

    @property
    def over_time(self) -> bool:
        return any(len(p.responses) > 1 for p in self.partners)

    def in_area(self, area: str) -> list[Row]:
        return [row for row in self.rows if row.check["area"] == area]

    def disagreements(self, steps: int) -> list[Row]:
        return [row for row in self.rows if row.spread == steps]

    def standing(self, area: str, item: Response) -> AreaStanding:
        return _standing(area, [item.status(row.check["key"]) for row in self.in_area(area)])

    def combined_standing(self, area: str) -> AreaStanding:
        return _standing(area, [row.combined for row in self.in_area(area)])

    @property
    def gaps(self) -> list[Row]:
        """Checks not in place for everyone who answered: by area, not yet before emerging."""
        found = [row for row in self.rows if row.combined in ("not-yet", "emerging")]
        areas = self.areas
        return sorted(found, key=lambda r: (areas.index(r.check["area"]), STEP[r.combined]))

    @property
    def unanswered(self) -> list[Row]:
        """Checks some partner (or every partner) gave no status."""
        return [row for row in self.rows if row.missing]

    def moves(self, area: str) -> list[Move]:
        found = []
        for row in self.in_area(area):
            for partner in self.partners:
                if len(partner.responses) < 2:
                    continue
                history = [(item, item.status(row.check["key"])) for item in partner.responses]
                if any(status for _, status in history):
                    found.append(Move(partner, row.check, history))
        return found


def compare(handbook: Handbook, partners: list[Partner]) -> Comparison:
    rows = [Row(check, [p.current.answers.get(check["key"]) for p in partners]) for check in handbook.checks]
    return Comparison(handbook.project, handbook, partners, rows)


def read_responses(answers: list[Path], labels: list[str], baselines: list[Path],
                   handbook: Handbook) -> list[Partner]:
    """The CLI's files as partners: each read and checked, labelled, grouped and ordered."""
    sources = [str(path) for path in answers]
    check_labels(sources, labels)
    items = [response(str(path), read_answers_file(path, handbook), labels[n] if labels else None)
             for n, path in enumerate(answers)]
    items += [response(str(path), read_answers_file(path, handbook), baseline=True) for path in baselines]
    check_handbooks(items, handbook)
    return partners_of(items)
