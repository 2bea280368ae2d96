"""What follows from all documents together, computed once after reading.

:class:`Derived` is rebuilt from the per-document records on every build
(``env-updated``): the id index, backlinks (quote → insights, method → checks),
story order, the checklist, the problems to report, and for each page a digest
of what it shows from other pages.  Comparing digests with the previous build
tells which unchanged pages must be written again.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .edition import Withheld, publishes_everything
from .coverage import coverage
from .handbooks import Handbooks
from .page_view import digest, view_of
from .records import (OBJECT_TYPES, Adaptation, Check, DocumentData, Excerpt, Insight, Method,
                      Problem, Quote, Record, Story)
from .validation import all_problems, ambiguous_links

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

@dataclass
class Derived:
    index: dict[str, dict[str, Record]] = field(default_factory=dict)
    #: quote id → story id, after applying "the page's story" defaults
    story_of_quote: dict[str, str] = field(default_factory=dict)
    #: story id → its quote ids, in page order
    quotes_of_story: dict[str, list[str]] = field(default_factory=dict)
    #: ids of quotes by a voice with no story page (``:speaker:``), in page order
    speaker_quotes: list[str] = field(default_factory=list)
    #: (docname, serial) of an excerpt → insight id
    insight_of_excerpt: dict[tuple[str, int], str] = field(default_factory=dict)
    #: quote id → excerpts of it, ordered by insight number
    cited_by: dict[str, list[Excerpt]] = field(default_factory=dict)
    #: insight id → its excerpts in page order
    excerpts_of_insight: dict[str, list[Excerpt]] = field(default_factory=dict)
    #: insight id → its place in the one insight order (by number, then page order)
    insight_rank: dict[str, int] = field(default_factory=dict)
    #: ``docname#anchor`` of an excerpt an edition shows → the excerpt (quotes link to it)
    excerpt_by_anchor: dict[str, Excerpt] = field(default_factory=dict)
    #: method id → ids of checks that name it
    checks_of_method: dict[str, list[str]] = field(default_factory=dict)
    #: story ids in toctree order
    story_order: list[str] = field(default_factory=list)
    #: area → check ids, areas and checks in toctree order
    checks_by_area: dict[str, list[str]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: what an author should know but is not wrong (an id two handbooks define), said as info
    notes: list[Problem] = field(default_factory=list)
    #: the title of every page that holds lw objects (labels use them)
    page_titles: dict[str, str] = field(default_factory=dict)
    #: where the evidence is thin (the editors' coverage report)
    gaps: list = field(default_factory=list)
    #: a digest of everything below, what a view of the whole project shows
    project_digest: str = ""
    digests: dict[str, str] = field(default_factory=dict)
    #: what this edition leaves out (internal stories and their quotes)
    withheld: Withheld = field(default_factory=Withheld)
    #: the other handbooks this one builds on (``lw_handbooks``), read when the build started
    handbooks: Handbooks = field(default_factory=Handbooks)
    #: a digest of everything this was derived from (see :func:`inputs_digest`)
    inputs: str = ""
    #: method id → adaptations of it, this handbook's and those of the sites that name it
    adaptations_of_method: dict[str, list[Adaptation]] = field(default_factory=dict)
    #: path id → the path with its steps numbered (components/path.py), in page order
    reading_paths: dict = field(default_factory=dict)
    #: docname → the paths passing through the page, with its step on each
    path_stops: dict = field(default_factory=dict)
    #: (name, title, type, docname, anchor, priority) of each object, for the search index and
    #: the inventory: titled once per derivation, not on every build that writes them
    objects: list[tuple[str, str, str, str, str, int]] = field(default_factory=list)

    # -- lookups used when rendering ------------------------------------------------------------

    def get(self, type_: str, id_: str | None) -> Record | None:
        """The object an id names: this handbook's own, else (``core:id``, or a plain id this
        handbook does not define) another declared handbook's."""
        if id_ is None:
            return None
        record = self.index.get(type_, {}).get(id_)
        if record is None and self.handbooks.books:
            record = self.handbooks.find(type_, id_)
        return record

    def insight_of(self, excerpt: Excerpt) -> Insight | None:
        """The insight an excerpt belongs to: the one lookup of it."""
        return self.get("insight", self.insight_of_excerpt.get((excerpt.docname, excerpt.serial)))

    def visible(self, type_: str, ids) -> list[str]:
        """``ids`` without those this edition withholds: what an output may name."""
        return [id_ for id_ in ids if not self.withheld.holds(type_, id_)]

    def story_for_quote(self, quote_id: str) -> Story | None:
        story = self.story_of_quote.get(quote_id)
        if story is None:
            quote = self.get("quote", quote_id)
            story = quote.story if isinstance(quote, Quote) and quote.handbook else None
        return self.get("story", story)

    def voice_of(self, quote_id: str) -> Story | None:
        """Who said a quote: its story, or for a voice with no story page, a story-less stand-in
        (id ``""``) that carries the :speaker: as its name and the :site:."""
        story = self.story_for_quote(quote_id)
        if story is not None:
            return story
        quote = self.get("quote", quote_id)
        if isinstance(quote, Quote) and quote.speaker:
            return Story("", quote.docname, quote.lineno, name=quote.speaker, site=quote.site)
        return None

    def neighbours(self, story_id: str) -> tuple[Story | None, Story | None]:
        """The previous and next story in toctree order."""
        try:
            position = self.story_order.index(story_id)
        except ValueError:
            return None, None
        before = self.story_order[position - 1] if position > 0 else None
        after = self.story_order[position + 1] if position + 1 < len(self.story_order) else None
        return self.get("story", before), self.get("story", after)

    def insights_of_check(self, check: Check) -> list[str]:
        """Insights behind a check: this handbook's (those excerpting its evidence, then those of
        its methods) in insight order, then other handbooks' (those of their methods) by number."""
        own: dict[str, None] = {}
        if not check.handbook:
            for quote in check.evidence:
                for excerpt in self.cited_by.get(quote, []):
                    own[self.insight_of_excerpt[(excerpt.docname, excerpt.serial)]] = None
        other: dict[str, None] = {}
        for method_id in check.methods:
            method = self.get("method", method_id)
            if isinstance(method, Method):
                (other if method.handbook else own).update(dict.fromkeys(method.insights))
        ranked = sorted((i for i in own if i in self.insight_rank), key=self.insight_rank.__getitem__)
        found = [i for i in (self.get("insight", key) for key in other) if isinstance(i, Insight) and i.handbook]
        return ranked + [i.key for i in sorted(found, key=lambda i: (i.number or 10**9, i.key))]

    def insights_in_order(self) -> list[Insight]:
        """Every insight in the one insight order: by number, unnumbered last, then page order."""
        return sorted(self.index.get("insight", {}).values(), key=lambda i: self.insight_rank[i.id])

    def everything(self) -> list:
        """All the facts a view may show, as plain data (for ``project_digest``)."""
        return [sorted((t, i, repr(r)) for t, records in self.index.items() for i, r in records.items()),
                list(self.story_order), list(self.speaker_quotes), sorted(self.insight_of_excerpt.items()),
                sorted((q, [e.anchor for e in es]) for q, es in self.cited_by.items()),
                sorted(self.checks_by_area.items()), sorted(self.page_titles.items()),
                [repr(gap) for gap in self.gaps],
                [(name, book.url, sorted((k, repr(r)) for k, r in book.records.items()))
                 for name, book in self.handbooks.books.items()],
                sorted((m, [repr(a) for a in found]) for m, found in self.adaptations_of_method.items())]

    def changed_since(self, previous: Derived | None) -> set[str]:
        """Pages whose view of other pages differs from the last build."""
        if previous is None:
            return set()
        return {doc for doc, digest in self.digests.items() if previous.digests.get(doc) != digest}

    # -- building ---------------------------------------------------------------------------

    @classmethod
    def build(cls, env: BuildEnvironment, documents: dict[str, DocumentData],
              handbooks: Handbooks | None = None, inputs: str | None = None) -> Derived:
        withheld = Withheld.from_documents(
            documents, public=not publishes_everything(env.config),
            dependencies=env.dependencies, source_of=env.doc2path, srcdir=env.srcdir)
        derived = cls(withheld=withheld, handbooks=handbooks or Handbooks(),
                      inputs=inputs if inputs is not None else inputs_digest(env, documents, handbooks))
        for docname in sorted(withheld.showing):
            derived.problems.append(Problem(
                "this page shows the source of a page whose story is not public, so the public "
                "edition leaves it out too: show a public page's source, or nothing", (docname, 0),
                "withheld"))
        order = document_order(env, documents)
        derived._index(order, documents, lambda docname: str(env.doc2path(docname, False)))
        derived._link(order, documents)
        derived.adaptations_of_method = adaptations_by_method(derived, env.config.project)
        derived.problems += all_problems(derived, order, documents)
        derived.notes = ambiguous_links(derived, order, documents)
        derived.page_titles = {doc: env.titles[doc].astext() for doc in order if doc in env.titles}
        from .components.path import resolve_paths
        derived.reading_paths, derived.path_stops, path_problems = resolve_paths(derived, order, documents, env)
        derived.problems += path_problems
        derived.gaps = coverage(derived, documents)
        derived.project_digest = digest(derived.everything())
        memo: dict = {}  # each record's summary, once per build (see page_view.canonical)
        derived.digests = {doc: digest(view_of(documents[doc], derived, memo)) for doc in order}
        from .labels import title_of
        derived.objects = [(id_, title_of(record, derived), type_, record.docname, record.anchor, 1)
                           for type_ in OBJECT_TYPES for id_, record in derived.index[type_].items()]
        return derived

    def _index(self, order: list[str], documents: dict[str, DocumentData], source_of) -> None:
        self.index = {type_: {} for type_ in OBJECT_TYPES}
        for docname in order:
            seen_page_objects: dict[str, Record] = {}
            for record in documents[docname].objects:
                if self.withheld.covers(record):
                    continue
                if record.type in ("story", "insight"):
                    first = seen_page_objects.setdefault(record.type, record)
                    if first is not record:
                        self._problem(
                            f"a second {record.type} ({record.id!r}) on one page; a page holds one "
                            f"{record.type} (the first is {first.id!r} at line {first.lineno}): "
                            "move it to its own page",
                            record, "one-per-page")
                if record.type not in self.index:
                    continue
                existing = self.index[record.type].setdefault(record.id, record)
                if existing is not record:
                    self._problem(
                        f"duplicate {record.type} id {record.id!r}: already defined in "
                        f"{source_of(existing.docname)}:{existing.lineno}; give one of them another id",
                        record, "duplicate-id")

    def _link(self, order: list[str], documents: dict[str, DocumentData]) -> None:
        by_number = sorted(self.index["insight"].values(), key=lambda i: i.number or 10**9)
        self.insight_rank = {insight.id: rank for rank, insight in enumerate(by_number)}
        self.story_order = [r.id for doc in order for r in documents[doc].of_type("story")
                            if self.index["story"].get(r.id) is r]
        areas: dict[str, list[str]] = defaultdict(list)
        checks_of_method: dict[str, list[str]] = defaultdict(list)
        excerpts_of_insight: dict[str, list[Excerpt]] = defaultdict(list)
        for docname in order:
            data = documents[docname]
            page_story = next(iter(data.of_type("story")), None)
            page_insight = next(iter(data.of_type("insight")), None)
            for record in data.objects:
                if self.withheld.covers(record):
                    continue
                if isinstance(record, Quote) and self.index["quote"].get(record.id) is record:
                    story = record.story or (page_story.id if page_story and not record.speaker else None)
                    if record.speaker and story is None:
                        self.speaker_quotes.append(record.id)
                    elif story is None:
                        self._problem(
                            f"quote {record.id!r} has no story: put it on a page with an "
                            "lw:story, name one with :story:, or name who said it with :speaker:",
                            record, "no-story")
                    else:
                        self.story_of_quote[record.id] = story
                        self.quotes_of_story.setdefault(story, []).append(record.id)
                elif isinstance(record, Excerpt):
                    insight = record.insight or (page_insight.id if page_insight else None)
                    if insight is None:
                        self._problem(
                            f"excerpt of quote {record.id!r} belongs to no insight: put it on a "
                            "page with an lw:insight, or name one with :insight:", record, "no-insight")
                        continue
                    self.insight_of_excerpt[(record.docname, record.serial)] = insight
                    if not self.withheld.holds("quote", record.id):
                        excerpts_of_insight[insight].append(record)
                elif isinstance(record, Check) and self.index["check"].get(record.id) is record:
                    areas[record.area].append(record.id)
                    for method in dict.fromkeys(record.methods):
                        checks_of_method[method].append(record.id)
        self.checks_by_area = dict(areas)
        self.checks_of_method = dict(checks_of_method)
        self.excerpts_of_insight = dict(excerpts_of_insight)
        self.excerpt_by_anchor = {excerpt_target(e): e for found in excerpts_of_insight.values() for e in found}

        def insight_number(excerpt: Excerpt) -> tuple[int, str]:
            insight = self.insight_of(excerpt)
            return self.insight_rank.get(insight.id, 10**9) if insight else 10**9, excerpt.docname

        cited: dict[str, list[Excerpt]] = defaultdict(list)
        for excerpts in self.excerpts_of_insight.values():
            for excerpt in excerpts:
                cited[excerpt.id].append(excerpt)
        self.cited_by = {quote: sorted(found, key=insight_number) for quote, found in cited.items()}

    def _problem(self, message: str, record: Record, subtype: str) -> None:
        self.problems.append(Problem(message, (record.docname, record.lineno), subtype))


def excerpt_target(excerpt: Excerpt) -> str:
    """How a link names an excerpt: its anchor is unique only on its own page."""
    return f"{excerpt.docname}#{excerpt.anchor}"


def document_order(env: BuildEnvironment, documents: dict[str, DocumentData]) -> list[str]:
    """Documents with lw data in toctree order (depth first from the root), then the rest."""
    includes = env.toctree_includes
    ordered: dict[str, None] = {}
    stack = [env.config.root_doc]
    while stack:
        docname = stack.pop()
        if docname in ordered:
            continue
        ordered[docname] = None
        stack.extend(reversed(includes.get(docname, [])))
    in_order = [doc for doc in ordered if doc in documents]
    return in_order + sorted(set(documents) - set(in_order))



def adaptations_by_method(derived: Derived, project: str) -> dict[str, list[Adaptation]]:
    """Each method's adaptations: this handbook's own (of its own methods), then, in
    ``lw_handbooks`` order, those of each site whose export adapts one of this handbook's
    methods (a site names this handbook by a name its export says is this project)."""
    found: dict[str, list[Adaptation]] = defaultdict(list)
    for adaptation in derived.index.get("adaptation", {}).values():
        if ":" not in adaptation.adapts and adaptation.adapts in derived.index["method"]:
            found[adaptation.adapts].append(adaptation)
    for book in derived.handbooks.books.values():
        for adaptation in book.of_type("adaptation"):
            handbook, _, method = adaptation.adapts.rpartition(":")
            if handbook and book.declares.get(handbook) == project and method in derived.index["method"]:
                found[method].append(adaptation)
    return dict(found)


def inputs_digest(env: BuildEnvironment, documents: dict[str, DocumentData], handbooks: Handbooks | None) -> str:
    """A digest of everything :meth:`Derived.build` reads: every page's records, references,
    placeholders and withheld words, the pages, toctrees, titles and heading slugs, the files
    pages include, the configuration it consults and the other handbooks' records.  Equal digests mean an equal
    derivation, so a build that changed none of these (a sentence added to a story's prose)
    keeps the last one instead of deriving it again."""
    config = env.config
    pages = [(doc, data.fingerprint()) for doc, data in sorted(documents.items())]
    # every page's title and heading slugs, not only lw pages': a reading path's step may be any page
    titles = sorted((doc, title.astext()) for doc, title in env.titles.items())
    slugs = sorted((doc, repr(meta.get("myst_slugs"))) for doc, meta in env.metadata.items()
                   if meta.get("myst_slugs"))
    books = [(name, book.url, book.project, book.edition, sorted(book.declares.items()),
              sorted((key, repr(record)) for key, record in book.records.items()))
             for name, book in (handbooks.books.items() if handbooks else ())]
    return digest([config.lw_edition, config.project, config.root_doc, str(env.srcdir),
                   sorted((doc, list(children)) for doc, children in env.toctree_includes.items()),
                   sorted((doc, sorted(map(str, files))) for doc, files in env.dependencies.items()),
                   sorted(env.found_docs), titles, slugs, pages, books,
                   repr(handbooks.names if handbooks else ())])
