"""Editions: a public build leaves out every story that is not exactly ``:visibility: public``.

What to withhold is decided from what Sphinx parsed, never from a second reading
of the sources: whatever the syntax (a YAML option block, a fence of any kind, a
list item, ``{include}``, another domain prefix), the story directive records its
visibility, and :meth:`Withheld.from_documents` derives the rest after reading.

A withheld page is still read (so its visibility is re-decided whenever it
changes), but :class:`EmptyWithheldPage` empties its doctree before any
collector sees it (no title, labels, index entries or words reach the
environment's shared tables), and while the builder writes, :class:`HiddenPages`
hides it from the environment, so it is never written, indexed, listed in a
toctree or linked.  The hiding happens after the environment is pickled and is
undone when the build ends, so an incremental build starts from exactly what
was read.  :mod:`lw_method.publish_guard` then checks every output file.
"""

from __future__ import annotations

import hashlib
import re
import weakref
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

from .records import DocumentData, Excerpt, Quote, Record, Story

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

EDITIONS = ("public", "internal")
PUBLIC = "public"
#: the value that marks a story internal; any other value that is not ``public`` means it too
INTERNAL = "internal"

#: consecutive words that make a fingerprint of withheld words (shorter texts count whole)
SHINGLE = 8
_WORD = re.compile(r"\w+")


def is_public(visibility: str) -> bool:
    """The one visibility rule: only exactly ``public`` is published."""
    return visibility == PUBLIC


def publishes_everything(config) -> bool:
    return config.lw_edition == INTERNAL


def word_list(text: str) -> list[str]:
    return [word.casefold() for word in _WORD.findall(text)]


def digest_of(run) -> str:
    """A stable digest of a run of words, so a fingerprint keeps no words of its own."""
    return hashlib.blake2b(" ".join(run).encode("utf-8"), digest_size=8).hexdigest()


def fingerprint_of(text: str, size: int = SHINGLE) -> set[str]:
    """Digests of every run of ``size`` words of ``text`` (a shorter text counts whole)."""
    words = word_list(text)
    if len(words) < size:
        return {digest_of(words)} if len(words) >= 3 else set()
    return {digest_of(words[i:i + size]) for i in range(len(words) - size + 1)}


def without_words(record: Record) -> Record:
    """The record with only its id, place and visibility: what a withheld page keeps."""
    kept = {"id", "docname", "lineno", "visibility", "serial", "story", "insight"}
    blank = {f.name: type(getattr(record, f.name))() for f in fields(record)
             if f.name not in kept and isinstance(getattr(record, f.name), (str, tuple))}
    return replace(record, **blank)


@dataclass(frozen=True)
class Withheld:
    """What a public build leaves out, derived from every page's records after reading."""

    #: pages that hold a withheld story, or show the source of one
    docnames: frozenset[str] = frozenset()
    #: (type, id) of every object the edition leaves out
    objects: frozenset[tuple[str, str]] = frozenset()
    #: of those, the pages withheld only because they show a withheld page's source
    showing: frozenset[str] = frozenset()
    #: HTML ids that would name a withheld object (its anchors, excerpts of its quotes)
    anchors: frozenset[str] = frozenset()
    #: digests of runs of withheld words (stories' summaries, quotes) that no output may hold
    fingerprint: frozenset[str] = frozenset()
    #: the lengths of those runs
    run_lengths: tuple[int, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.docnames or self.objects)

    def holds(self, type_: str, id_: str | None) -> bool:
        return (type_, id_) in self.objects

    def covers(self, record: Record) -> bool:
        """Whether ``record`` is left out: it is on a withheld page, or is a withheld object."""
        return record.docname in self.docnames or self.holds(record.type, record.id)

    @classmethod
    def from_documents(cls, documents: dict[str, DocumentData], *, public: bool,
                       dependencies: dict[str, set] | None = None, source_of=None,
                       srcdir: Path | None = None) -> Withheld:
        """Withheld pages and objects: pages with a story that is not public, then every
        object on them, every quote told by a withheld story, and pages that show the
        source of a withheld page (``{literalinclude}``)."""
        if not public:
            return cls()
        pages = {doc for doc, data in documents.items()
                 if any(not is_public(s.visibility) for s in data.of_type("story"))}
        showing = _pages_showing_sources_of(pages, dependencies or {}, source_of, srcdir)
        pages |= showing
        on_pages = [r for doc in pages if doc in documents for r in documents[doc].objects]
        stories = {r.id for r in on_pages if isinstance(r, Story)}
        objects = {(r.type, r.id) for r in on_pages if not isinstance(r, Excerpt)}
        texts: list[str] = []
        fingerprint: set[str] = set()
        for doc, data in documents.items():
            fingerprint |= data.withheld_words
            page_story = next(iter(data.of_type("story")), None)
            for record in data.objects:
                if isinstance(record, Quote):
                    teller = record.story or (page_story.id if page_story else None)
                    if doc in pages or teller in stories:
                        objects.add(("quote", record.id))
                        texts.append(record.text)
        quotes = {id_ for type_, id_ in objects if type_ == "quote"}
        anchors = {f"lw-{type_}-{id_}" for type_, id_ in objects}
        for data in documents.values():
            for excerpt in data.of_type("excerpt"):
                if excerpt.id in quotes:
                    anchors.add(excerpt.anchor)
        for text in texts:
            fingerprint |= fingerprint_of(text)
        lengths = tuple(sorted({SHINGLE, *range(3, SHINGLE)})) if fingerprint else ()
        return cls(frozenset(pages), frozenset(objects), frozenset(showing), frozenset(anchors),
                   frozenset(fingerprint), lengths)


def _pages_showing_sources_of(pages: set[str], dependencies: dict[str, set], source_of,
                              srcdir: Path | None = None) -> set[str]:
    """Pages that depend on (include or show) the source file of a withheld page, transitively.
    (Dependencies are relative to the source folder in Sphinx 8.2, absolute in 9.)"""
    if source_of is None or not pages:
        return set()
    base = Path(srcdir) if srcdir is not None else Path.cwd()
    found: set[str] = set()
    withheld_files = {(base / source_of(doc)).resolve() for doc in pages}
    changed = True
    while changed:
        changed = False
        for doc, files in dependencies.items():
            if doc in pages or doc in found:
                continue
            if any((base / f).resolve() in withheld_files for f in files):
                found.add(doc)
                withheld_files.add((base / source_of(doc)).resolve())
                changed = True
    return found


# -- reading: a withheld page leaves nothing in the environment's shared tables ------------------

class EmptyWithheldPage(SphinxTransform):
    """Empty the doctree of a page whose story is not public, before any collector reads it.

    Runs before Sphinx collects titles, labels, index entries and domain objects, so none
    of the page's words or headings reach a table that other pages are written from.
    The page's records stay in the ``lw`` domain without their words (a digest of them is
    kept, for the final check of the outputs), and every view leaves them out.
    """

    default_priority = 100

    def apply(self, **kwargs) -> None:
        if publishes_everything(self.config):
            return
        data = self.env.domains["lw"].documents.get(self.env.docname)
        if data is None or all(is_public(s.visibility) for s in data.of_type("story")):
            return
        empty_document(self.document)
        words = set()
        for record in data.objects:
            words |= fingerprint_of(getattr(record, "text", "") or getattr(record, "summary", ""))
        data.withheld_words = frozenset(words)
        data.objects[:] = [without_words(record) for record in data.objects]


def empty_document(document: nodes.document) -> None:
    """Remove every node, and the tables of ids and names that still point at them."""
    from docutils.utils import new_document

    fresh = new_document(document["source"], document.settings)
    for name, value in vars(fresh).items():
        if name not in ("settings", "reporter", "transformer", "attributes", "children"):
            setattr(document, name, value)
    document.children = []


# -- writing: withheld pages are hidden from the environment while the builder writes ---------

_read_lists: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def remember_pages_to_read(app, env, docnames: list[str]) -> None:
    """Keep Sphinx's list of pages to read: the pages it writes because they were read."""
    _read_lists[app] = docnames


def unwritten_pages(app, withheld: Withheld) -> frozenset[str]:
    """The withheld pages a build leaves unwritten: all but the home page, which every
    build writes (a withheld home page is written empty, and the build fails)."""
    return withheld.docnames - {app.config.root_doc}


def drop_withheld_from_pages_to_write(app, withheld: Withheld) -> None:
    """A withheld page is not written: not as a page that was read, nor as a found page
    without output.  (Sphinx finds the pages again at the start of every build.)"""
    unwritten = unwritten_pages(app, withheld)
    docnames = _read_lists.pop(app, None)
    if docnames is not None and unwritten:
        docnames[:] = [doc for doc in docnames if doc not in unwritten]
    app.env.found_docs.difference_update(unwritten)


@dataclass
class HiddenPages:
    """The environment's tables as they were before withheld pages were hidden from them."""

    all_docs: dict[str, int] = field(default_factory=dict)
    toctree_includes: dict[str, list[str]] = field(default_factory=dict)
    tocs: dict[str, nodes.bullet_list] = field(default_factory=dict)

    @classmethod
    def hide(cls, env: BuildEnvironment, docnames: frozenset[str]) -> HiddenPages:
        """Remove ``docnames`` from what the builder writes, indexes, links and lists."""
        hidden = cls()
        for doc in docnames:
            if doc in env.all_docs:
                hidden.all_docs[doc] = env.all_docs.pop(doc)
        for parent, children in list(env.toctree_includes.items()):
            if docnames.intersection(children):
                hidden.toctree_includes[parent] = children
                env.toctree_includes[parent] = [c for c in children if c not in docnames]
        for doc, toc in list(env.tocs.items()):
            if any(docnames.intersection(t["includefiles"]) for t in toc.findall(addnodes.toctree)):
                hidden.tocs[doc] = toc
                env.tocs[doc] = toc.deepcopy()
                drop_from_toctrees(env.tocs[doc], docnames)
        env.__dict__.pop("master_doctree", None)
        drop_from_toctrees(env.master_doctree, docnames)
        return hidden

    def restore(self, env: BuildEnvironment) -> None:
        env.all_docs.update(self.all_docs)
        env.toctree_includes.update(self.toctree_includes)
        env.tocs.update(self.tocs)
        env.__dict__.pop("master_doctree", None)


_hidden: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def hide_withheld_pages(app, builder) -> None:
    """Before writing (the environment is already pickled): hide withheld pages from it."""
    unwritten = unwritten_pages(app, app.env.domains["lw"].derived.withheld)
    if unwritten:
        _hidden[app] = HiddenPages.hide(app.env, unwritten)


def show_withheld_pages(app, exception) -> None:
    """After writing: the environment as it was read, for the next build in this process."""
    hidden = _hidden.pop(app, None)
    if hidden is not None:
        hidden.restore(app.env)


def copy_no_source_when_withholding(app, pagename, templatename, context, doctree) -> None:
    """A public build that withholds anything copies no page source (an excerpt's source
    may hold withheld words) and shows no link to one."""
    if app.env.domains["lw"].derived.withheld:
        context["sourcename"] = ""


def drop_from_toctrees(tree: nodes.Node, docnames: frozenset[str]) -> None:
    """Leave the withheld pages out of every toctree in ``tree``, silently."""
    for toctree in tree.findall(addnodes.toctree):
        toctree["entries"] = [(title, ref) for title, ref in toctree["entries"] if ref not in docnames]
        toctree["includefiles"] = [ref for ref in toctree["includefiles"] if ref not in docnames]


# -- configuration -----------------------------------------------------------------------------

def check_edition(app, config) -> None:
    """``lw_edition`` must be exactly public or internal; anything else builds the public one."""
    if config.lw_edition in EDITIONS:
        return
    from .warnings import warn

    warn(f"lw_edition must be exactly 'public' or 'internal', not {config.lw_edition!r}; "
         "building the public edition", conf_location(app, "lw_edition"), "bad-config")
    config.lw_edition = PUBLIC


def conf_location(app, name: str) -> str | None:
    """``conf.py:LINE`` where ``name`` is set, for warnings about a configuration value."""
    from .warnings import assignment_line

    if not app.confdir:
        return None
    path = Path(app.confdir) / "conf.py"
    try:
        return f"{path}:{assignment_line(path, name)}"
    except (OSError, SyntaxError, ValueError):
        return str(path)


# -- what public pages show of withheld objects ----------------------------------------------------

WITHHELD_LABELS = {"story": "a story kept for the internal edition",
                   "quote": "a quote kept for the internal edition",
                   "page": "a page kept for the internal edition"}
WITHHELD_QUOTE_TEXT = "This quote comes from a story that is kept for the internal edition of the handbook."


def withheld_label(type_: str) -> str:
    return WITHHELD_LABELS.get(type_, "an item kept for the internal edition")


def neutral_text(type_: str) -> nodes.inline:
    """What a link to a withheld object becomes: plain words, no link, no id."""
    text = withheld_label(type_)
    return nodes.inline(text, text, classes=["lw-withheld"])


class LeaveOutWithheld(SphinxPostTransform):
    """On every page written by a public build: no toctree entry, id or quote of a withheld story.

    A reference to a withheld object or page becomes plain words (whatever the role or link
    syntax); excerpts of a withheld quote keep their place but lose the quote's id from their
    anchor; a quote told by a withheld story on a public page becomes a neutral line.
    """

    default_priority = 5  # before Sphinx and MyST resolve references

    def run(self, **kwargs) -> None:
        withheld = self.env.domains["lw"].derived.withheld
        if not withheld:
            return
        drop_from_toctrees(self.document, withheld.docnames)
        for inlined in list(self.document.findall(addnodes.start_of_file)):
            if inlined["docname"] in withheld.docnames:  # a page inlined by singlehtml or LaTeX
                inlined.parent.remove(inlined)
        for reference in list(self.document.findall(addnodes.pending_xref)):
            kind = withheld_target(withheld, reference)
            if kind is not None:
                reference.parent.replace(reference, neutral_text(kind))
        for node in list(self.document.findall(nodes.Element)):
            named = [i for i in node["ids"] if i in withheld.anchors] if "ids" in node else []
            if not named:
                continue
            if "lw-quote" in node.get("classes", ()):
                neutral = nodes.paragraph(text=WITHHELD_QUOTE_TEXT, classes=["lw-withheld"])
                node.parent.replace(node, neutral)  # not replace_self, which keeps the ids
                continue
            node["ids"] = [re.sub(r"^(lw-[a-z]+-(?:\d+-)?).*$", r"\1withheld", i) if i in named else i
                           for i in node["ids"]]


def withheld_target(withheld: Withheld, node: addnodes.pending_xref) -> str | None:
    """The kind of withheld thing a reference names (``story``, ``page``…), or ``None``."""
    from sphinx.util import docname_join

    type_, target = node.get("reftype"), node.get("reftarget", "")
    if node.get("refdomain") == "lw":
        return type_ if withheld.holds(type_, target) else None
    if type_ == "doc" or (type_ == "myst" and node.get("refdomain") == "doc"):
        page = target.split("#")[0].removesuffix(".md").removesuffix(".rst")
        if page.lstrip("/") in withheld.docnames or \
                docname_join(node.get("refdoc", ""), page) in withheld.docnames:
            return "page"
        return None
    if type_ in ("myst", "any"):
        return next((t for t, id_ in withheld.objects if id_ == target), None)
    return None
