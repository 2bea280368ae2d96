"""``lw-method.json``: every object with its page, anchor and links, for other tools.

The schema is ``lw_method/schema/lw-method.schema.json`` (``lw-method/2``), described in
the README ("The JSON export").  It is written by HTML builders at the end of a
successful build.  Besides the handbook's own objects it lists, under ``external``, the
objects of other handbooks (``lw_handbooks``) that its pages use, each with its handbook
and address, so a site's export alone resolves every check it shows.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from . import __version__
from .derive import Derived
from .handbooks import SCHEMA
from .labels import title_of
from .records import (OBJECT_TYPES, Adaptation, Check, DocumentData, Insight, Method, Quote,
                      ReadingPath, Record, Story)

EXPORT_FILENAME = "lw-method.json"


def object_entry(record: Record, derived: Derived, url: str, target_uri=None) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": record.id, "type": record.type, "docname": record.docname,
        "url": record.url if record.handbook else f"{url}#{record.anchor}",
        "title": title_of(record, derived),
    }
    if record.handbook:
        entry["handbook"] = record.handbook
    if isinstance(record, Story):
        entry |= {"name": record.name, "role": record.role, "site": record.site,
                  "consent": record.consent, "content_notes": record.content_notes,
                  "summary": record.summary, "visibility": record.visibility,
                  "quotes": derived.quotes_of_story.get(record.id, [])}
    elif isinstance(record, Quote):
        cited = [derived.insight_of(e).id for e in derived.cited_by.get(record.id, []) if derived.insight_of(e)]
        entry |= {"story": record.story if record.handbook else derived.story_of_quote.get(record.id),
                  "speaker": record.speaker or None, "site": record.site or None, "text": record.text,
                  "themes": list(record.themes), "cited_by": list(dict.fromkeys(cited))}
    elif isinstance(record, Insight):
        excerpts = derived.excerpts_of_insight.get(record.id, [])
        entry |= {"number": record.number, "content_notes": record.content_notes,
                  "quotes": [e.id for e in excerpts],
                  "excerpts": [{"quote": e.id, "text": e.text, "editorial_note": e.editorial_note,
                                "url": f"{url}#{e.anchor}"} for e in excerpts]}
    elif isinstance(record, Method):
        entry |= {"summary": record.summary, "when": record.when, "who": record.who,
                  "time": record.time, "insights": list(record.insights),
                  "related": list(record.related), "checks": derived.checks_of_method.get(record.id, [])}
    elif isinstance(record, Check):
        entry |= {"area": record.area, "text": record.text,
                  "methods": derived.visible("method", record.methods),
                  "evidence": derived.visible("quote", record.evidence),
                  "insights": derived.insights_of_check(record), "refines": record.refines or None}
    elif isinstance(record, Adaptation):
        method = derived.get("method", record.adapts)
        entry |= {"adapts": {"handbook": method.handbook if method else record.adapts.rpartition(":")[0],
                             "id": method.id if method else record.adapts.rpartition(":")[2],
                             "url": method.url if method and method.handbook else None},
                  "site": record.site, "status": record.status or None, "since": record.since or None,
                  "kept": record.kept, "changed": record.changed, "why": record.why,
                  "evidence": derived.visible("quote", record.evidence)}
    elif isinstance(record, ReadingPath):
        entry |= {"for": record.audience, "summary": record.summary,
                  "steps": path_steps(record, derived, target_uri)}
    return entry


def path_steps(record: ReadingPath, derived: Derived, target_uri) -> list[dict[str, Any]]:
    """A path's steps as this edition shows them: number, what it links to, its address, why."""
    path = derived.reading_paths.get(record.id)
    steps = []
    for index, number in enumerate(path.numbers if path else ()):
        if not number:
            continue
        step, why = path.steps[number - 1], record.steps[index][3]
        target = step.record.id if step.record is not None else step.docname
        anchor = f"#{step.anchor}" if step.anchor else ""
        steps.append({"number": number, "type": "page" if step.type == "doc" else step.type,
                      "target": target, "docname": step.docname, "title": step.title,
                      "url": f"{target_uri(step.docname)}{anchor}", "why": why})
    return steps


def external_used(derived: Derived, documents: dict[str, DocumentData]) -> list[Record]:
    """Other handbooks' objects this one's pages use: what they link to and the checks their
    checklists gather, with what those name (a check's methods and evidence, a quote's story)."""
    from .validation import links_of

    wanted: list[tuple[str, str]] = []
    for data in documents.values():
        wanted += [(reference.type, reference.target) for reference in sorted(
            data.references, key=lambda r: (r.type, r.target))]
        for record in data.objects:
            wanted += [(type_, target) for _option, type_, target in links_of(record)]
        for placeholder in data.placeholders:
            for name in placeholder.parameters.get("handbooks", ()) if placeholder.kind == "checklist" else ():
                book = derived.handbooks.books.get(name)
                wanted += [("check", check.key) for check in (book.of_type("check") if book else ())]
    found: dict[tuple[str, str], Record] = {}
    while wanted:
        type_, target = wanted.pop(0)
        record = derived.get(type_, target)
        if record is None or not record.handbook or (type_, record.key) in found:
            continue
        found[(type_, record.key)] = record
        if isinstance(record, Check):
            wanted += [("method", m) for m in record.methods] + [("quote", q) for q in record.evidence]
        elif isinstance(record, Quote) and record.story:
            wanted.append(("story", record.story))
        elif isinstance(record, Adaptation) and record.adapts:
            wanted.append(("method", record.adapts))
    return sorted(found.values(), key=lambda r: (OBJECT_TYPES.index(r.type), r.handbook, r.id))


def build_export(derived: Derived, target_uri, project: str = "", *, edition: str = "public",
                 base_url: str = "", documents: dict[str, DocumentData] | None = None) -> dict[str, Any]:
    """The whole export; ``target_uri(docname)`` gives a page's URL relative to the site root."""
    objects = [object_entry(record, derived, target_uri(record.docname), target_uri)
               for type_ in OBJECT_TYPES for record in derived.index.get(type_, {}).values()]
    external = [object_entry(record, derived, "") for record in external_used(derived, documents or {})]
    handbooks = {name: {"url": book.url, "project": book.project}
                 for name, book in derived.handbooks.books.items()}
    return {"schema": SCHEMA, "generator": f"lw-method {__version__}", "project": project,
            "edition": edition, "base_url": base_url, "handbooks": handbooks,
            "objects": objects, "external": external}


def write_export(app, exception: Exception | None) -> None:
    """Write the export, unless the one written last is of the same derivation (a digest of
    it, the builder and the settings it shows, kept beside the doctrees)."""
    if exception is not None or app.builder.format != "html":
        return
    domain = app.env.domains["lw"]
    path = Path(app.outdir) / EXPORT_FILENAME
    stamp = Path(app.doctreedir) / "lw-method-export.stamp"
    key = "\n".join([__version__, domain.derived.inputs, app.builder.name, str(path.resolve()),
                     repr((app.config.project, app.config.lw_edition, app.config.html_baseurl))])
    if path.is_file() and stamp.is_file() and stamp.read_text(encoding="utf-8") == key:
        return
    data = build_export(domain.derived, app.builder.get_target_uri, app.config.project,
                        edition=app.config.lw_edition, base_url=app.config.html_baseurl or "",
                        documents=domain.documents)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    stamp.write_text(key, encoding="utf-8")
