"""What each page shows from other pages, as a digest: a changed digest rewrites the page.

Computed from the renderers' own declarations (``reads``) for every placeholder on the
page, plus the targets of its references (roles and option links, noted as references,
which show the target's title): nothing is kept by hand, so a renderer cannot show what its page's digest
does not cover.
"""

from __future__ import annotations

import hashlib
from dataclasses import fields, is_dataclass
from typing import TYPE_CHECKING, Any

from .labels import title_of
from .records import DocumentData, Record

if TYPE_CHECKING:
    from .derive import Derived


def canonical(value: Any, derived: Derived, memo: dict | None = None) -> Any:
    """``value`` as plain data: each record with the title links to it show, the whole
    project (a view's input) as its digest.  ``memo`` keeps each record's summary for one
    build (records are shown on many pages; their summary is the same on each)."""
    if hasattr(value, "project_digest"):  # the Derived data itself
        return ("project", value.project_digest)
    if isinstance(value, Record):
        if memo is None:
            return (repr(value), title_of(value, derived))
        found = memo.get(id(value))
        if found is None or found[0] is not value:
            found = memo[id(value)] = (value, (repr(value), title_of(value, derived)))
        return found[1]
    if is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__, [canonical(getattr(value, f.name), derived, memo) for f in fields(value)])
    if isinstance(value, dict):
        return sorted((repr(k), canonical(v, derived, memo)) for k, v in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [canonical(v, derived, memo) for v in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    return value


def target_summary(derived: Derived, type_: str, id_: str | None, memo: dict | None = None):
    record = derived.get(type_, id_)
    return (type_, id_, None) if record is None else canonical(record, derived, memo)


def view_of(data: DocumentData, derived: Derived, memo: dict | None = None) -> list:
    """Everything a page renders from other pages: its placeholders' inputs and the targets
    of its references."""
    from .resolve import RENDERERS

    view: list = []
    for placeholder in data.placeholders:
        reads = RENDERERS[placeholder.kind].reads
        view.append((placeholder.kind, placeholder.params,
                     canonical(reads(derived, placeholder.parameters), derived, memo)))
    view += [target_summary(derived, r.type, r.target, memo)
             for r in sorted(data.references, key=lambda r: (r.type, r.target))]
    return view


def digest(view: list) -> str:
    return hashlib.sha1(repr(view).encode("utf-8")).hexdigest()
