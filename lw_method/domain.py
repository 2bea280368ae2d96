"""The ``lw`` domain: every object authors declare, keyed by the document that declared it.

Like sphinxcontrib-bibtex, the domain holds only plain records per document
(``clear_doc`` drops a document, ``merge_domaindata`` copies documents read by
parallel workers), and one :class:`~lw_method.derive.Derived` view computed
once after reading, which answers every question that spans documents.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from .derive import Derived
from .labels import short_title_of, title_of
from .records import OBJECT_TYPES, DocumentData, Record, Reference

if TYPE_CHECKING:
    from sphinx.addnodes import pending_xref
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment


def external_reference(record: Record, content: nodes.Node, hover: str) -> nodes.reference:
    """A link to another handbook's object: its address there, marked so themes and the
    LaTeX style can tell it from a link within this handbook."""
    reference = nodes.reference("", "", internal=False, refuri=record.url, reftitle=hover,
                                classes=["lw-external", f"lw-handbook-{record.handbook}"])
    reference += content
    return reference


class LwXRefRole(XRefRole):
    """``{lw:quote}`id``` and friends: a link whose text is the target's title, or the
    role's own text, in the page's type (never ``<code>``: it names a thing, not code)."""

    innernodeclass = nodes.inline

    def result_nodes(self, document, env, node, is_ref):
        domain = env.domains["lw"]
        domain.note_reference(env.docname, Reference(node["reftype"], node["reftarget"]))
        return [node], []


class LwDomain(Domain):
    name = "lw"
    label = "Living Well"
    object_types = {type_: ObjType(type_, type_) for type_ in OBJECT_TYPES}
    roles = {type_: LwXRefRole(warn_dangling=True) for type_ in OBJECT_TYPES}
    #: ``structure`` is the digest of the site's toctrees and titles (see site_structure)
    #: ``handbooks`` is what ``lw_handbooks`` declares, read when each build starts (see handbooks)
    initial_data: dict[str, Any] = {"documents": {}, "derived": None, "structure": None, "handbooks": None}
    data_version = 3  # 3: Derived.objects

    # -- primary data, per document ---------------------------------------------------------

    @property
    def documents(self) -> dict[str, DocumentData]:
        return self.data["documents"]

    def document(self, docname: str) -> DocumentData:
        return self.documents.setdefault(docname, DocumentData())

    def add_record(self, record: Record) -> None:
        self.document(record.docname).objects.append(record)

    def note_reference(self, docname: str, reference: Reference) -> None:
        self.document(docname).references.add(reference)

    def clear_doc(self, docname: str) -> None:
        self.documents.pop(docname, None)

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["documents"]:
                self.documents[docname] = otherdata["documents"][docname]

    # -- derived data, computed once after reading ------------------------------------------

    @property
    def derived(self) -> Derived:
        """Computed once per build, when reading is done (``env-updated``)."""
        return self.data["derived"]

    def derive(self) -> Derived:
        """Compute what spans pages from every page's records; keep the previous for comparison.

        When nothing it is derived from changed (the same inputs digest), the previous
        derivation is kept: deriving is a pure function of those inputs."""
        from .derive import inputs_digest

        previous = self.data["derived"]
        handbooks = self.data.get("handbooks")
        inputs = inputs_digest(self.env, self.documents, handbooks)
        if previous is not None and previous.inputs == inputs:
            return previous
        self.data["derived"] = Derived.build(self.env, self.documents, handbooks, inputs)
        return previous

    def check_consistency(self) -> None:
        """Report what only the whole project shows: unknown ids, unfaithful excerpts…"""
        from .warnings import logger, warn

        for problem in self.derived.problems:
            warn(problem.message, problem.location, problem.subtype)
        for note in self.derived.notes:
            logger.info(f"{note.message} [lw.{note.subtype}]", location=note.location)

    def lookup(self, type_: str, id_: str) -> Record | None:
        """The object of ``type_`` with ``id_`` (an excerpt by ``docname#anchor``)."""
        if type_ == "excerpt":
            return self.derived.excerpt_by_anchor.get(id_)
        return self.derived.get(type_, id_)

    # -- cross-references ---------------------------------------------------------------------

    def _refnode(self, builder: Builder, fromdocname: str, record: Record, node, contnode):
        """The one way a link to an object is made: roles, option links and renderers' links."""
        if node.get("refexplicit"):
            content = contnode
        else:
            content = nodes.inline(classes=["lw-ref", f"lw-ref-{record.type}"])
            label = short_title_of if node.get("lw_short") else title_of
            content += nodes.Text(label(record, self.derived))
        hover = node.get("lw_title") or (
            content.astext() if record.type == "excerpt" else title_of(record, self.derived))
        if record.handbook:
            return external_reference(record, content, hover)
        return make_refnode(builder, fromdocname, record.docname, record.anchor, content, hover)

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        record = self.lookup(typ, target)
        if record is None:
            return None
        return self._refnode(builder, fromdocname, record, node, contnode)

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        """Let MyST's ``[](#id)`` find any object by id."""
        found = []
        for type_ in OBJECT_TYPES:
            record = self.lookup(type_, target)
            if record is not None:
                refnode = self._refnode(builder, fromdocname, record, node, contnode)
                found.append((f"lw:{type_}", refnode))
        return found

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        """Objects for the search index and inventory: found by id and by title."""
        yield from self.derived.objects
