"""Fill in what a page shows from other pages, from the derived data its renderer declares.

Directives leave an ``lw_pending`` placeholder where a page needs project-wide data
(backlinks, the checklist, neighbouring stories, the views) and note it in the
page's records (:class:`~lw_method.records.Placeholder`).  Each kind of placeholder
has a :class:`Renderer` of two parts:

* ``reads(derived, params)`` picks what the placeholder shows out of
  :class:`~lw_method.derive.Derived`.  It is the renderer's declaration of its inputs:
  after reading, :mod:`lw_method.page_view` digests it for every placeholder of a page,
  so a page is written again exactly when what it would show has changed.
* ``render(context, inputs, params)`` builds the nodes from those inputs alone: its
  :class:`RenderContext` holds no environment and no derived data, so it cannot show
  anything its ``reads`` did not declare.  Links are ``pending_xref`` nodes, resolved by
  the domain like every role.

``check(derived, placeholder)`` (optional) reports problems with the placeholder's options
once after reading, so they are reported whether or not the page is written again.
Placeholders are filled by a post-transform that runs before Sphinx resolves references.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.transforms.post_transforms import SphinxPostTransform

from .nodes import lw_pending
from .records import Placeholder, Problem, Record

Reads = Callable[[Any, Mapping[str, Any]], Any]
Render = Callable[["RenderContext", Any, Mapping[str, Any]], list[nodes.Node]]
Check = Callable[[Any, Placeholder], list[Problem]]


@dataclass(frozen=True)
class Renderer:
    kind: str
    reads: Reads
    render: Render
    check: Check | None = None


RENDERERS: dict[str, Renderer] = {}


def renderer(kind: str, *, reads: Reads, check: Check | None = None) -> Callable[[Render], Render]:
    """Register the function that renders placeholders of ``kind`` from what ``reads`` returns."""
    def register(function: Render) -> Render:
        RENDERERS[kind] = Renderer(kind, reads, function, check)
        return function
    return register


def everything(derived, params) -> Any:
    """The ``reads`` of a view, which shows the whole project: all of the derived data."""
    return derived


@dataclass(frozen=True)
class RenderContext:
    """What a renderer may use besides its inputs: the page, the output format, the config."""

    docname: str
    format: str
    config: Any

    @property
    def html(self) -> bool:
        """Whether the page is written as HTML (views add what only a browser can use)."""
        return self.format == "html"

    def link(self, record: Record, text: str | None = None, title: str | None = None,
             content: nodes.Node | None = None) -> pending_xref:
        """A link to ``record``, resolved by the domain: ``content``, ``text`` or the record's
        title shown, ``title`` (or the record's title) on hover."""
        explicit = content is not None or bool(text)
        if content is None:
            content = nodes.inline(text or "", text or "", classes=["lw-ref", f"lw-ref-{record.type}"])
        node = pending_xref("", content, refdomain="lw", reftype=record.type,
                            reftarget=f"{record.docname}#{record.anchor}" if record.type == "excerpt"
                            else record.key,
                            refexplicit=explicit, refwarn=False, refdoc=self.docname, lw_checked=True)
        if title:
            node["lw_title"] = title
        return node


@dataclass(frozen=True)
class ViewContext:
    """What a view renders with: its page's context and the whole project, which it declared
    it reads (``reads=everything``)."""

    page: RenderContext
    derived: Any

    @property
    def html(self) -> bool:
        return self.page.html

    @property
    def config(self) -> Any:
        return self.page.config

    def link(self, record: Record, text: str | None = None, title: str | None = None,
             content: nodes.Node | None = None) -> pending_xref:
        return self.page.link(record, text, title, content)

    def page_title(self, docname: str) -> str:
        return self.derived.page_titles.get(docname, "")


def params_of(node: lw_pending) -> dict[str, Any]:
    return {key: value for key, value in node.attributes.items()
            if key not in ("kind", "docname", "ids", "classes", "names", "dupnames", "backrefs")}


def stamp_docname(app, doctree: nodes.document) -> None:
    """Remember each placeholder's page, so links from it are relative to the right file."""
    for node in doctree.findall(lw_pending):
        node["docname"] = app.env.docname


def _builder(transform: SphinxPostTransform):
    """The builder (class) of the build a post-transform runs in: Sphinx 9 keeps its class on
    the environment; 8.2 only on the application, which 9 deprecates here.  The one place
    that knows."""
    builder_cls = getattr(transform.env, "_builder_cls", None)
    return builder_cls if builder_cls is not None else transform.app.builder


def builder_format(transform: SphinxPostTransform) -> str:
    """The output format of the build a post-transform runs in (``html``, ``latex``…)."""
    return _builder(transform).format


def builder_name(transform: SphinxPostTransform) -> str:
    """The name of the builder a post-transform runs in (``html``, ``dirhtml``, ``epub``…)."""
    return _builder(transform).name


class FillPlaceholders(SphinxPostTransform):
    """Replace every placeholder with what its renderer builds, before references resolve."""

    default_priority = 4

    def run(self, **kwargs) -> None:
        derived = self.env.domains["lw"].derived
        for node in list(self.document.findall(lw_pending)):
            found = RENDERERS[node["kind"]]
            params = params_of(node)
            context = RenderContext(node.get("docname", self.env.docname), builder_format(self),
                                    self.config)
            node.replace_self(found.render(context, found.reads(derived, params), params))
