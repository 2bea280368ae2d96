"""Other handbooks this one builds on (``lw_handbooks``): their exports, read once per build.

A site handbook names the core (and a core names its sites) in ``conf.py``::

    lw_handbooks = {"core": {"url": "https://handbook.example/", "export": "../core/lw-method.json"}}

Each export is read when a build starts (a URL is fetched and cached beside the doctrees,
so an offline build uses the last copy) and turned into the same frozen records the
domain holds for its own pages, marked with their handbook and address.  They live in
the domain as one :class:`Handbooks` value, so the derived data, page digests and links
treat them like the site's own: a changed export rewrites exactly the pages that show it.

An export is untrusted input: only its plain fields are read, addresses must be relative
to the handbook's own ``url``, and a public build never takes a story (or its quotes) that
the export does not mark as public.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from .records import (ADAPTATION_STATUSES, Adaptation, Check, Insight, Method, Problem, Quote,
                      Record, Story)

SCHEMA = "lw-method/2"
CACHE_FOLDER = "lw-handbooks"
#: an export bigger than this is not a handbook's (a mistake, or hostile)
MAX_EXPORT_BYTES = 64 * 1024 * 1024
FETCH_TIMEOUT_S = 20
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: an id as a handbook writes it: ``id`` or ``handbook:id``
QUALIFIED_ID = re.compile(r"^(?:(?P<handbook>[a-z0-9]+(?:-[a-z0-9]+)*):)?(?P<id>[a-z0-9]+(?:-[a-z0-9]+)*)$")


class ExportProblem(Exception):
    """Why an export cannot be used, worded for the site's editor."""


def split_key(key: str) -> tuple[str, str]:
    """``("core", "design-teams")`` for ``core:design-teams``; ``("", id)`` for a plain id."""
    handbook, _, id_ = key.rpartition(":")
    return handbook, id_


@dataclass(frozen=True)
class Handbook:
    """One declared handbook: its name here, its address, and its objects by (type, id)."""

    name: str
    url: str
    project: str = ""
    edition: str = ""
    records: dict[tuple[str, str], Record] = field(default_factory=dict)
    #: the handbooks its own export names (its ``handbooks``), name → project
    declares: dict[str, str] = field(default_factory=dict)

    def of_type(self, type_: str) -> list[Record]:
        return [record for (kind, _id), record in self.records.items() if kind == type_]


@dataclass
class Handbooks:
    """Every declared handbook, in declaration order, and what loading them found."""

    books: dict[str, Handbook] = field(default_factory=dict)
    #: handbook names in ``lw_handbooks`` order (a name stays even when its export is missing)
    names: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def find(self, type_: str, key: str) -> Record | None:
        """The object ``key`` names: ``handbook:id`` in that handbook, a plain id in the first
        declared handbook that has it."""
        handbook, id_ = split_key(key)
        if handbook:
            book = self.books.get(handbook)
            return book.records.get((type_, id_)) if book else None
        for book in self.books.values():
            if (type_, id_) in book.records:
                return book.records[(type_, id_)]
        return None

    def holders(self, type_: str, id_: str) -> list[str]:
        """Names of the handbooks that have an object of ``type_`` with the plain ``id_``."""
        return [name for name, book in self.books.items() if (type_, id_) in book.records]


# -- reading an export -------------------------------------------------------------------------

def _text(entry: dict, name: str) -> str:
    value = entry.get(name)
    return " ".join(value.split()) if isinstance(value, str) else ""


def _words(entry: dict, name: str) -> str:
    """A text field whose paragraphs matter (a quote's words)."""
    value = entry.get(name)
    if not isinstance(value, str):
        return ""
    return "\n\n".join(" ".join(p.split()) for p in value.split("\n\n") if p.strip())


def _ids(entry: dict, name: str, handbook: str) -> tuple[str, ...]:
    """A list of ids in the export, as this handbook names them (``handbook:id``)."""
    value = entry.get(name)
    if not isinstance(value, list):
        return ()
    return tuple(qualify(item, handbook) for item in value if isinstance(item, str) and QUALIFIED_ID.match(item))


def qualify(id_: str, handbook: str) -> str:
    """An id of ``handbook``'s export as this handbook names it; one that already names a
    handbook keeps that name (the export's own external objects)."""
    return id_ if ":" in id_ else f"{handbook}:{id_}"


def safe_address(relative: Any, base: str) -> str | None:
    """The absolute address of an object: a relative path under the handbook's ``url``.

    An export that gives an address of its own (another site, ``javascript:``) is not
    followed: the link would go where the handbook's editor never said.
    """
    if not isinstance(relative, str) or not relative:
        return None
    parts = urlsplit(relative)
    if parts.scheme or parts.netloc or relative.startswith(("/", "\\")) or any(c in relative for c in "\x00\r\n\t\\"):
        return None
    return urljoin(base, relative)


def records_of(data: dict, name: str, base: str, public: bool) -> dict[tuple[str, str], Record]:
    """The export's objects as records of handbook ``name``; a public build keeps only the
    stories the export marks public, and only quotes of kept stories or named speakers."""
    entries = [e for e in data.get("objects", []) if isinstance(e, dict)]
    def shown(story: dict) -> bool:  # said to be public, by the story or by a public export
        visibility = story.get("visibility", "public" if data.get("edition") == "public" else None)
        return not public or visibility == "public"

    shown_stories = {e.get("id") for e in entries if e.get("type") == "story" and shown(e)}
    found: dict[tuple[str, str], Record] = {}
    for entry in entries:
        type_, id_ = entry.get("type"), entry.get("id")
        if not isinstance(id_, str) or not SLUG.match(id_) or type_ not in BUILDERS:
            continue
        url = safe_address(entry.get("url"), base)
        if url is None:
            continue
        if type_ == "story" and id_ not in shown_stories:
            continue
        if type_ == "quote" and entry.get("story") not in shown_stories and not (
                entry.get("story") is None and _text(entry, "speaker")):
            continue
        common = {"id": id_, "docname": "", "lineno": 0, "handbook": name, "url": url}
        found[(type_, id_)] = BUILDERS[type_](entry, common, name)
    return found


def _story(entry, common, name):
    return Story(**common, name=_text(entry, "name"), role=_text(entry, "role"), site=_text(entry, "site"),
                 consent=_text(entry, "consent"), content_notes=_text(entry, "content_notes"),
                 summary=_text(entry, "summary"), visibility="public")


def _quote(entry, common, name):
    story = entry.get("story")
    return Quote(**common, text=_words(entry, "text"),
                 story=qualify(story, name) if isinstance(story, str) and SLUG.match(story) else None,
                 themes=tuple(t for t in entry.get("themes", []) if isinstance(t, str)) if isinstance(entry.get("themes"), list) else (),
                 speaker=_text(entry, "speaker"), site=_text(entry, "site"))


def _insight(entry, common, name):
    number = entry.get("number")
    number = number if isinstance(number, int) and not isinstance(number, bool) and number > 0 else None
    title = _text(entry, "title")
    shown = f"Insight {number}: "  # the export's title is the label, "Insight N: statement"
    return Insight(**common, number=number, title=title[len(shown):] if number and title.startswith(shown) else title,
                   content_notes=_text(entry, "content_notes"))


def _method(entry, common, name):
    return Method(**common, title=_text(entry, "title") or common["id"], summary=_text(entry, "summary"),
                  when=_text(entry, "when"), who=_text(entry, "who"), time=_text(entry, "time"),
                  insights=_ids(entry, "insights", name), related=_ids(entry, "related", name))


def _check(entry, common, name):
    refines = entry.get("refines")
    return Check(**common, area=_text(entry, "area"), text=_text(entry, "text"),
                 methods=_ids(entry, "methods", name), evidence=_ids(entry, "evidence", name),
                 refines=qualify(refines, name) if isinstance(refines, str) and QUALIFIED_ID.match(refines) else "")


def _adaptation(entry, common, name):
    adapts = entry.get("adapts") if isinstance(entry.get("adapts"), dict) else {}
    target = adapts.get("id") if isinstance(adapts.get("id"), str) and SLUG.match(adapts.get("id", "")) else ""
    where = adapts.get("handbook") if isinstance(adapts.get("handbook"), str) else ""
    status = _text(entry, "status")
    return Adaptation(**common, adapts=f"{where}:{target}" if where and target else target,
                      site=_text(entry, "site"), status=status if status in ADAPTATION_STATUSES else "",
                      since=_text(entry, "since"), kept=_text(entry, "kept"), changed=_text(entry, "changed"),
                      why=_text(entry, "why"), evidence=_ids(entry, "evidence", name))


BUILDERS = {"story": _story, "quote": _quote, "insight": _insight, "method": _method,
            "check": _check, "adaptation": _adaptation}


def parse_export(raw: bytes, where: str) -> dict:
    """The export's JSON, or an :class:`ExportProblem` saying what is wrong with it."""
    if len(raw) > MAX_EXPORT_BYTES:
        raise ExportProblem(f"{where} is larger than {MAX_EXPORT_BYTES // 2**20} MB, which no handbook's "
                            "export is")
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ExportProblem(f"{where} is not UTF-8 text") from None
    except (json.JSONDecodeError, RecursionError) as error:
        detail = f"line {error.lineno}: {error.msg}" if isinstance(error, json.JSONDecodeError) else "nested too deeply"
        raise ExportProblem(f"{where} is not JSON ({detail})") from None
    if not isinstance(data, dict) or not isinstance(data.get("objects"), list):
        raise ExportProblem(f"{where} is not an lw-method export (no \"objects\" list)")
    if data.get("schema") != SCHEMA:
        raise ExportProblem(f"{where} has schema {data.get('schema')!r}, and this lw-method reads "
                            f"{SCHEMA!r}: build that handbook again with this version")
    return data


# -- finding the export: a file or an address, with a cache ----------------------------------

@dataclass(frozen=True)
class Loaded:
    data: dict | None
    #: an info message (an offline build using the cached copy)
    note: str = ""
    problem: str = ""


def load_export(source: str, confdir: Path, cache: Path) -> Loaded:
    """Read ``source`` (a path relative to the conf folder, or an http(s) address)."""
    scheme = urlsplit(source).scheme.lower()
    if scheme in ("http", "https"):
        return _load_url(source, cache)
    if scheme and len(scheme) > 1:  # not a Windows drive letter
        return Loaded(None, problem=f"export {source!r} is neither a file nor an http(s) address")
    path = (confdir / source).resolve()
    try:
        raw = path.read_bytes()
    except OSError as error:
        return Loaded(None, problem=f"export {source!r} cannot be read ({path}: {error.strerror or error})")
    try:
        return Loaded(parse_export(raw, str(path)))
    except ExportProblem as error:
        return Loaded(None, problem=str(error))


def _load_url(address: str, cache: Path) -> Loaded:
    try:
        request = urllib.request.Request(address, headers={"User-Agent": "lw-method"})
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT_S) as response:
            raw = response.read(MAX_EXPORT_BYTES + 1)
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        if cache.is_file():
            try:
                data = parse_export(cache.read_bytes(), str(cache))
            except ExportProblem as problem:
                return Loaded(None, problem=f"{address} cannot be fetched ({reason}), and its cached copy "
                                            f"is unusable: {problem}")
            return Loaded(data, note=f"{address} cannot be fetched ({reason}); using the copy cached at {cache}")
        return Loaded(None, problem=f"export {address} cannot be fetched ({reason}) and there is no cached "
                                    "copy yet: build once while online")
    try:
        data = parse_export(raw, address)
    except ExportProblem as error:
        return Loaded(None, problem=str(error))
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(raw)
    return Loaded(data)


# -- the whole set, once per build ----------------------------------------------------------

def declared(config) -> tuple[list[tuple[str, dict]], list[str]]:
    """(name, settings) of each well-formed entry of ``lw_handbooks``, and what is malformed."""
    value = config.lw_handbooks
    if not isinstance(value, dict):
        return [], [f"lw_handbooks must be a dict of handbook name → {{'url': …, 'export': …}}, "
                    f"not {type(value).__name__}"]
    good, bad = [], []
    for name, settings in value.items():
        if not isinstance(name, str) or not SLUG.match(name):
            bad.append(f"lw_handbooks: {name!r} is not a handbook name: use lowercase letters, digits "
                       "and hyphens (it prefixes ids, as in core:design-teams)")
        elif not isinstance(settings, dict) or not isinstance(settings.get("export"), str) or not settings["export"]:
            bad.append(f"lw_handbooks[{name!r}] needs an 'export': the path or address of that handbook's "
                       "lw-method.json")
        elif "url" in settings and not isinstance(settings["url"], str):
            bad.append(f"lw_handbooks[{name!r}]['url'] must be text: the address of that handbook")
        else:
            good.append((name, settings))
    return good, bad


def base_address(settings: dict, data: dict) -> str | None:
    url = settings.get("url") or data.get("base_url") or ""
    if not isinstance(url, str) or not url:
        return None
    return url if url.endswith("/") else url + "/"


def load_handbooks(config, confdir: Path, doctreedir: Path, public: bool, location) -> Handbooks:
    """Every declared handbook's records, and a located problem for each that cannot be used."""
    from .warnings import logger

    found = Handbooks()
    entries, malformed = declared(config)
    found.problems += [Problem(message, location, "bad-config") for message in malformed]
    for name, settings in entries:
        found.names.append(name)
        loaded = load_export(settings["export"], confdir, doctreedir / CACHE_FOLDER / f"{name}.json")
        if loaded.note:
            logger.info(f"lw_handbooks[{name!r}]: {loaded.note}")
        if loaded.data is None:
            found.problems.append(Problem(f"handbook {name!r} is unavailable: {loaded.problem}; links to "
                                          f"its objects ({name}:…) are reported as unknown", location,
                                          "handbook-unavailable"))
            continue
        base = base_address(settings, loaded.data)
        if base is None:
            found.problems.append(Problem(f"lw_handbooks[{name!r}] needs a 'url', the address its pages are "
                                          "published at, to link to them", location, "bad-config"))
            continue
        declares = loaded.data.get("handbooks") if isinstance(loaded.data.get("handbooks"), dict) else {}
        found.books[name] = Handbook(
            name, base, project=_text(loaded.data, "project"), edition=_text(loaded.data, "edition"),
            records=records_of(loaded.data, name, base, public),
            declares={k: _text(v, "project") for k, v in declares.items() if isinstance(v, dict)})
    return found


def read_handbooks(app, env, docnames) -> None:
    """Read every declared handbook when the build starts (``env-before-read-docs``), so the
    derived data sees this build's exports; a handbook that cannot be used is one warning."""
    from .edition import conf_location, publishes_everything
    from .warnings import warn

    domain = env.domains["lw"]
    if not app.config.lw_handbooks and not domain.data.get("handbooks"):
        domain.data["handbooks"] = Handbooks()
        return
    location = conf_location(app, "lw_handbooks")
    found = load_handbooks(app.config, Path(app.confdir or app.srcdir), Path(app.doctreedir),
                           public=not publishes_everything(app.config), location=location)
    for problem in found.problems:
        warn(problem.message, problem.location, problem.subtype)
    domain.data["handbooks"] = found
