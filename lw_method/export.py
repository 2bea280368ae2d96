"""``lw-method.json``: every object with its page, anchor and links, for other tools.

The schema is documented in the README ("The JSON export").  It is written by
HTML builders at the end of a successful build.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from . import __version__
from .derive import Derived
from .labels import title_of
from .records import OBJECT_TYPES, Check, Insight, Method, Quote, Record, Story

EXPORT_FILENAME = "lw-method.json"
SCHEMA = "lw-method/1"


def object_entry(record: Record, derived: Derived, url: str) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": record.id, "type": record.type, "docname": record.docname,
        "url": f"{url}#{record.anchor}", "title": title_of(record, derived),
    }
    if isinstance(record, Story):
        entry |= {"name": record.name, "role": record.role, "site": record.site,
                  "consent": record.consent, "content_notes": record.content_notes,
                  "summary": record.summary,
                  "quotes": derived.quotes_of_story.get(record.id, [])}
    elif isinstance(record, Quote):
        cited = [derived.insight_of(e).id for e in derived.cited_by.get(record.id, []) if derived.insight_of(e)]
        entry |= {"story": derived.story_of_quote.get(record.id),
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
                  "insights": derived.insights_of_check(record)}
    return entry


def build_export(derived: Derived, target_uri, project: str = "") -> dict[str, Any]:
    """The whole export; ``target_uri(docname)`` gives a page's URL relative to the site root."""
    objects = [object_entry(record, derived, target_uri(record.docname))
               for type_ in OBJECT_TYPES for record in derived.index.get(type_, {}).values()]
    return {"schema": SCHEMA, "generator": f"lw-method {__version__}", "project": project,
            "objects": objects}


def write_export(app, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    derived = app.env.domains["lw"].derived
    data = build_export(derived, app.builder.get_target_uri, app.config.project)
    path = Path(app.outdir) / EXPORT_FILENAME
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
