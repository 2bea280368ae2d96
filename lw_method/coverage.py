"""Where the evidence is thin: the editors' view of the handbook.

Not warnings — a handbook may rightly hold quotes no insight uses — but what an
editor reviews: quotes no insight excerpts, insights resting on fewer than three
storytellers, methods with no insight or quote behind them, checks with no method.
``lw-method check`` prints these after the build's warnings; ``lw:coverage``
shows them on a page.
"""

from __future__ import annotations

from dataclasses import dataclass

from typing import TYPE_CHECKING

from .records import DocumentData, Problem, Record

if TYPE_CHECKING:
    from .derive import Derived

#: an insight should rest on at least this many storytellers' words
MIN_STORYTELLERS = 3


@dataclass(frozen=True)
class Gap:
    label: str
    record: Record
    problem: Problem


def coverage(derived: Derived, documents: dict[str, DocumentData]) -> list[Gap]:
    gaps: list[Gap] = []

    def gap(kind: str, label: str, record, message: str) -> None:
        gaps.append(Gap(label, record, Problem(message, (record.docname, record.lineno), f"coverage-{kind}")))

    for quote in derived.index["quote"].values():
        if not derived.cited_by.get(quote.id):
            gap("quote", "Quotes no insight excerpts", quote,
                f"quote {quote.id!r} is not excerpted by any insight")
    for insight in derived.index["insight"].values():
        tellers = {derived.story_of_quote.get(e.id) for e in derived.excerpts_of_insight.get(insight.id, [])}
        tellers.discard(None)
        if len(tellers) < MIN_STORYTELLERS:
            gap("insight", f"Insights evidenced by fewer than {MIN_STORYTELLERS} storytellers", insight,
                f"insight {insight.id!r} is evidenced by {len(tellers)} storyteller(s); "
                f"aim for {MIN_STORYTELLERS} or more")
    for method in derived.index["method"].values():
        page_quotes = [r for r in documents[method.docname].references if r.type == "quote"]
        if not method.insights and not page_quotes:
            gap("method", "Methods with no insight or evidence", method,
                f"method {method.id!r} names no insight (:insights:) and its page cites no quote")
    for check in derived.index["check"].values():
        if not [m for m in check.methods if derived.get("method", m)]:
            gap("check", "Checks with no method", check, f"check {check.id!r} points to no method")
    return gaps
