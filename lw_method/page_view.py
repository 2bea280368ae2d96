"""What each page shows from other pages, as a digest: a changed digest rewrites the page."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from .labels import title_of
from .records import Check, DocumentData, Excerpt, Method, Quote, Story
from .validation import links_of

if TYPE_CHECKING:
    from .derive import Derived

def _summary(derived: Derived, type_: str, id_: str | None):
    record = derived.get(type_, id_)
    if record is None:
        return (type_, id_, None)
    return (type_, id_, title_of(record, derived), record.docname, record.anchor)


def view_of(data: DocumentData, derived: Derived) -> list:
    """Everything a page renders that comes from other pages; its digest decides rewrites."""
    view: list = []
    for record in data.objects:
        if isinstance(record, Story):
            view.append([_summary(derived, "story", s.id) if s else None
                         for s in derived.neighbours(record.id)])
        elif isinstance(record, Quote):
            story = derived.story_for_quote(record.id)
            view.append((story.name, story.role, story.site) if story else None)
            view.append([(e.docname, e.anchor, derived.insight_of_excerpt.get((e.docname, e.serial)))
                         for e in derived.cited_by.get(record.id, [])])
            view.append([_summary(derived, "insight", derived.insight_of_excerpt.get((e.docname, e.serial)))
                         for e in derived.cited_by.get(record.id, [])])
        elif isinstance(record, Excerpt):
            quote = derived.get("quote", record.id)
            story = derived.story_for_quote(record.id)
            view.append((_summary(derived, "quote", record.id), quote.text if quote else None,
                         story.name if story else None))
        elif isinstance(record, Method):
            view.append([_summary(derived, "check", c) for c in derived.checks_of_method.get(record.id, [])])
        elif isinstance(record, Check):
            view.append([_summary(derived, "insight", i) for i in derived.insights_of_check(record)])
        for _option, type_, target in links_of(record):
            view.append(_summary(derived, type_, target))
    for reference in sorted(data.references, key=lambda r: (r.type, r.target)):
        view.append(_summary(derived, reference.type, reference.target))
    if data.checklists:
        for area, check_ids in derived.checks_by_area.items():
            for check_id in check_ids:
                check = derived.get("check", check_id)
                view.append((area, check_id, check.text, check.docname, check.anchor,
                             [_summary(derived, "method", m) for m in check.methods]))
    if data.reports:
        view.append(sorted((t, i, r.docname) for t, records in derived.index.items() for i, r in records.items()))
        view.append(sorted((q, [e.anchor for e in es]) for q, es in derived.cited_by.items()))
        view.append(sorted((r.id, r.insights, r.docname) for r in derived.index["method"].values()))
        view.append(sorted((r.id, r.methods) for r in derived.index["check"].values()))
        # the evidence views show every object's words and fields, and the story order
        view.append([repr(r) for records in derived.index.values() for r in records.values()])
        view.append(list(derived.story_order))
    return view


def digest(view: list) -> str:
    return hashlib.sha1(repr(view).encode("utf-8")).hexdigest()
