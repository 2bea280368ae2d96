"""Plain records of what authors declared; kept in the domain, never docutils nodes.

Records are what a directive read from its source: they are pickled with the
environment and merged across parallel readers, so they hold only strings,
numbers and tuples.  Anything that needs the whole project (backlinks, order,
checklists) is derived from them after reading, in :mod:`lw_method.derive`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

#: The object types of the ``lw`` domain, in the order the JSON export lists them.
OBJECT_TYPES = ("story", "quote", "insight", "method", "check", "adaptation", "path")


@dataclass(frozen=True)
class Record:
    """Where an object was declared: enough to link to it and to blame a line."""

    id: str
    docname: str
    lineno: int
    #: for an object of another handbook (``lw_handbooks``): its name there, and its address
    handbook: str = ""
    url: str = ""

    type = "object"

    @property
    def anchor(self) -> str:
        """HTML id of the object on its page; prefixed so it never clashes with a section."""
        return f"lw-{self.type}-{self.id}"

    @property
    def key(self) -> str:
        """How this handbook names the object: its id, or ``handbook:id`` for another handbook's."""
        return f"{self.handbook}:{self.id}" if self.handbook else self.id


@dataclass(frozen=True)
class Story(Record):
    name: str = ""
    role: str = ""
    site: str = ""
    consent: str = ""
    content_notes: str = ""
    summary: str = ""
    visibility: str = "public"
    type = "story"


@dataclass(frozen=True)
class Quote(Record):
    text: str = ""
    #: The story id given with ``:story:``; ``None`` means the page's story.
    story: str | None = None
    themes: tuple[str, ...] = ()
    #: who said it, for a voice with no story page (``:speaker:``), and their ``:site:``
    speaker: str = ""
    site: str = ""
    type = "quote"


@dataclass(frozen=True)
class Insight(Record):
    number: int | None = None
    title: str = ""
    content_notes: str = ""
    type = "insight"


@dataclass(frozen=True)
class Method(Record):
    title: str = ""
    summary: str = ""
    when: str = ""
    who: str = ""
    time: str = ""
    insights: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    type = "method"


@dataclass(frozen=True)
class Check(Record):
    area: str = ""
    text: str = ""
    methods: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    #: the check (often another handbook's, ``core:ID``) this one sharpens for a site
    refines: str = ""
    type = "check"


#: how far a site has come with its version of a method
ADAPTATION_STATUSES = ("planned", "trying", "adopted", "dropped")


@dataclass(frozen=True)
class Adaptation(Record):
    """A site's version of a method, usually another handbook's (``:adapts: core:ID``)."""

    adapts: str = ""
    site: str = ""
    status: str = ""
    since: str = ""
    kept: str = ""
    changed: str = ""
    why: str = ""
    evidence: tuple[str, ...] = ()
    type = "adaptation"


#: a reading path's step: (type, target, text, why, line); type is ``doc`` for a page (target its
#: docname, ``#anchor`` added for a heading), an object type for an lw object, ``""`` for none
PathStep = tuple[str, str, str, str, int]


@dataclass(frozen=True)
class ReadingPath(Record):
    """A reading path: an ordered list of pages and objects for one kind of reader."""

    title: str = ""
    audience: str = ""
    summary: str = ""
    steps: tuple[PathStep, ...] = ()
    type = "path"


@dataclass(frozen=True)
class Excerpt(Record):
    """An insight's excerpt of a quote; ``id`` is the quote id it excerpts."""

    text: str = ""
    #: The insight id given with ``:insight:``; ``None`` means the page's insight.
    insight: str | None = None
    editorial_note: str = ""
    #: Position among the page's excerpts, to give each one its own anchor.
    serial: int = 0
    type = "excerpt"

    @property
    def anchor(self) -> str:
        return f"lw-excerpt-{self.serial}-{self.id.replace(':', '-')}"


Location = tuple[str, int]


@dataclass(frozen=True)
class Problem:
    """Something to report about the input, where it is, and its ``lw.<subtype>``."""

    message: str
    location: Location
    subtype: str


@dataclass(frozen=True)
class Reference:
    """A link from a page to an object, noted so a page is rewritten when its target changes."""

    type: str
    target: str


@dataclass(frozen=True)
class Placeholder:
    """Where a page shows data from other pages: its renderer's kind and parameters."""

    kind: str
    docname: str
    lineno: int
    params: tuple[tuple[str, object], ...] = ()

    @property
    def parameters(self) -> dict[str, object]:
        return dict(self.params)


@dataclass
class DocumentData:
    """Everything one document declared, in source order."""

    objects: list[Record] = field(default_factory=list)
    references: set[Reference] = field(default_factory=set)
    #: digests of runs of words of a withheld page's stories and quotes (its records keep no words)
    withheld_words: frozenset[str] = frozenset()
    #: the page's placeholders, in page order (see lw_method.resolve)
    placeholders: list[Placeholder] = field(default_factory=list)
    _fingerprint: str = field(default="", repr=False, compare=False)

    def of_type(self, type_: str) -> list[Record]:
        return [record for record in self.objects if record.type == type_]

    def fingerprint(self) -> str:
        """A digest of all the page declared, computed once: a page's data is complete when it
        has been read, and a page read again gets new data (``clear_doc``)."""
        if not self._fingerprint:
            declared = (repr(self.objects), sorted(map(repr, self.references)), repr(self.placeholders),
                        sorted(self.withheld_words))
            self._fingerprint = hashlib.sha1(repr(declared).encode("utf-8")).hexdigest()
        return self._fingerprint
