"""Problems that need every page: unknown ids, unfaithful excerpts, shared insight numbers.

Pure functions of the derived index and the records; :class:`~lw_method.derive.Derived`
collects their problems once after reading, and the domain reports them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .fidelity import differences
from .handbooks import split_key
from .records import Adaptation, Check, DocumentData, Excerpt, Method, Problem, Quote, Record

if TYPE_CHECKING:
    from .derive import Derived


def problem(message: str, record: Record, subtype: str) -> Problem:
    return Problem(message, (record.docname, record.lineno), subtype)


def links_of(record: Record) -> list[tuple[str, str, str]]:
    """(option, type, id) for every id a record names in its options."""
    links: list[tuple[str, str, str]] = []
    if isinstance(record, Quote) and record.story:
        links.append((":story:", "story", record.story))
    elif isinstance(record, Excerpt):
        links.append(("the quote id", "quote", record.id))
        if record.insight:
            links.append((":insight:", "insight", record.insight))
    elif isinstance(record, Method):
        links += [(":insights:", "insight", i) for i in record.insights]
        links += [(":related:", "method", m) for m in record.related]
    elif isinstance(record, Check):
        links += [(":methods:", "method", m) for m in record.methods]
        links += [(":evidence:", "quote", q) for q in record.evidence]
        if record.refines:
            links.append((":refines:", "check", record.refines))
    elif isinstance(record, Adaptation):
        if record.adapts:
            links.append((":adapts:", "method", record.adapts))
        links += [(":evidence:", "quote", q) for q in record.evidence]
    return links


def unknown_link(derived: Derived, record: Record, option: str, type_: str, target: str) -> Problem:
    """Why ``target`` finds nothing, naming the handbooks that were searched."""
    from .records import OBJECT_TYPES

    handbook, id_ = split_key(target)
    books = derived.handbooks
    what = f"lw:{record.type} {record.id}: {option}"
    if handbook and handbook not in books.names:
        declared = ", ".join(books.names) or "none"
        return problem(f"{what} names {target!r}, but no handbook is called {handbook!r} "
                       f"(lw_handbooks declares: {declared}); fix the prefix, or declare the handbook "
                       "in conf.py", record, "unknown-handbook")
    others = [t for t in OBJECT_TYPES if t != type_ and derived.get(t, target) is not None]
    if others:
        return problem(f"{what} names {target!r}, which is a {others[0]}, not a {type_}", record, "bad-value")
    if handbook:
        state = "" if handbook in books.books else " (its export could not be read)"
        return problem(f"{what} names no {type_} {id_!r} in handbook {handbook!r}{state}; fix the id",
                       record, "unknown-id")
    searched = " and ".join(["this handbook", *books.names]) if books.names else "any page"
    return problem(f"{what} names no {type_} on any page ({target!r}); searched {searched}: fix the id, or "
                   f"define it with :::{{lw:{type_}}} {target}" if books.names else
                   f"{what} names no {type_} on any page ({target!r}); fix the id, or define it with "
                   f":::{{lw:{type_}}} {target}", record, "unknown-id")


def ambiguous_links(derived: Derived, order: list[str], documents: dict[str, DocumentData]) -> list[Problem]:
    """A plain id this handbook does not define but two declared handbooks do: it goes to the
    first, and the author is told (an info message, not a warning: the link is not wrong)."""
    found, seen = [], set()
    targets = [(record, type_, target) for docname in order for record in documents[docname].objects
               for _option, type_, target in links_of(record)]
    for record, type_, target in targets:
        if ":" in target or derived.index.get(type_, {}).get(target) is not None or (type_, target) in seen:
            continue
        holders = derived.handbooks.holders(type_, target)
        if len(holders) > 1:
            seen.add((type_, target))
            found.append(problem(f"{target!r} is a {type_} in handbooks {', '.join(holders)}; it links to "
                                 f"{holders[0]}'s (write {holders[1]}:{target} for the other)",
                                 record, "ambiguous-id"))
    return found



def unknown_ids(derived: Derived, order: list[str], documents: dict[str, DocumentData]) -> list[Problem]:
    """Every id named in an option must exist (or be withheld by the edition)."""
    found = []
    for docname in order:
        for record in documents[docname].objects:
            for option, type_, target in links_of(record):
                if derived.get(type_, target) is None and not derived.withheld.holds(type_, target):
                    found.append(unknown_link(derived, record, option, type_, target))
    return found


def unfaithful_excerpts(derived: Derived, order: list[str], documents: dict[str, DocumentData]) -> list[Problem]:
    """An excerpt with its own words must be a faithful cut of its quote, or say how it differs."""
    found = []
    for docname in order:
        for excerpt in documents[docname].of_type("excerpt"):
            quote = derived.get("quote", excerpt.id)
            if not excerpt.text or excerpt.editorial_note or quote is None:
                continue
            changes = differences(excerpt.text, quote.text)
            if changes:
                found.append(problem(
                    f"excerpt of {excerpt.id!r} is not a faithful cut of the quote: "
                    f"{'; '.join(changes)}. Fix the excerpt, or add :editorial-note: saying what "
                    "differs", excerpt, "fidelity"))
    return found


def shared_insight_numbers(derived: Derived) -> list[Problem]:
    """Two insights with one number would be listed, cited and ordered as if they were one."""
    found, first_with = [], {}
    for insight in derived.index["insight"].values():
        if insight.number is None:
            continue
        first = first_with.setdefault(insight.number, insight)
        if first is not insight:
            found.append(problem(
                f"insight {insight.id!r} has :number: {insight.number}, which insight {first.id!r} "
                f"already has ({first.docname}, line {first.lineno}); give each insight its own number",
                insight, "duplicate-number"))
    return found


def placeholder_problems(derived: Derived, order: list[str], documents: dict[str, DocumentData]) -> list[Problem]:
    """What each renderer's ``check`` finds wrong with its placeholders' options."""
    from .resolve import RENDERERS

    found = []
    for docname in order:
        for placeholder in documents[docname].placeholders:
            check = RENDERERS[placeholder.kind].check
            if check is not None:
                found += check(derived, placeholder)
    return found


def all_problems(derived: Derived, order: list[str], documents: dict[str, DocumentData]) -> list[Problem]:
    return [*unknown_ids(derived, order, documents), *unfaithful_excerpts(derived, order, documents),
            *shared_insight_numbers(derived), *placeholder_problems(derived, order, documents)]
