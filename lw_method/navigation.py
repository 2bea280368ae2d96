"""The sidebar's site navigation, resolved once per build rather than once per page.

Sphinx's ``toctree()`` template function resolves the root document's toctrees again
for every page it writes: it copies the table of contents of each page the navigation
lists, prunes and marks the copy, and renders it.  A handbook whose sections list a
hundred parts pays that on each of its thousands of pages, and the garbage drives
Python's full collections: at 100× the benchmark handbook it was 59 of 128 s.

Here the root toctrees are resolved once, with Sphinx's own functions, from no page's
point of view (``SiteTree``).  Each page then marks its own branch ``current`` and keeps
the branches it shows, by Sphinx's rules, and writes them with each link's HTML rendered
once by Sphinx's translator (``NavigationHtml``).  The result is Sphinx's HTML, which
``tests/test_navigation.py`` checks on every page and option, and each build checks
again on the page where it switches over.  Sites whose navigation depends on the page in
ways this does not model (``unsupported``) keep Sphinx's function, as does any build
with ``lw_fast_navigation = False``.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util import logging, url_re

try:  # a private helper of Sphinx 9; without it Sphinx's own function is used
    from sphinx.environment.adapters.toctree import _resolve_toctree
except ImportError:  # pragma: no cover - a Sphinx that moved it
    _resolve_toctree = None

logger = logging.getLogger(__name__)

#: The page the shared tree is resolved for: no page, so nothing is marked current.
NO_PAGE = "\x00lw-no-page"
#: The options of Sphinx's ``toctree()`` template function reproduced here.
OPTIONS = frozenset({"includehidden", "maxdepth", "titles_only"})
#: Pages a serial build writes with Sphinx's function before resolving the whole site:
#: an edit that rewrites a few pages should not pay for the whole tree.
SPHINX_PAGES = 40
#: Stand-ins rendered into each link once, replaced per page.
CLASS_MARK = "lw-nav-class-mark"
HREF_MARK = "lw-nav-href-mark"
#: docutils' ``HTMLTranslator.attval`` for attribute values.
ATTRIBUTE_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", '"': "&quot;", ">": "&gt;",
                                   "@": "&#64;", "\n": " ", "\r": " ", "\t": " ", "\v": " ",
                                   "\f": " "})


class Unsupported(Exception):
    """The shared tree holds something ``NavigationHtml`` does not write as Sphinx would."""


class _DocnameLinks:
    """Stands in for the builder while the shared tree is resolved: links stay docnames.
    (Sphinx 8.2 reads the builder's ``tags`` there; 9 takes them as an argument.)"""

    def __init__(self, tags) -> None:
        self.tags = tags

    def get_relative_uri(self, from_: str, to: str, typ: str | None = None) -> str:
        return to


class SiteTree:
    """The root document's toctrees, resolved in full and unmarked, linking to docnames."""

    def __init__(self, roots: list[tuple[addnodes.compact_paragraph, int]]) -> None:
        #: (resolved toctree, the toctree's own ``:maxdepth:``), empty toctrees left out
        self.roots = [(root, maxdepth) for root, maxdepth in roots
                      if not (isinstance(root[-1], nodes.Element) and len(root[-1]) == 0)]
        self.links: dict[str, list[nodes.reference]] = {}
        for root, _maxdepth in self.roots:
            for reference in root.findall(nodes.reference):
                if url_re.match(reference["refuri"]) is None:
                    self.links.setdefault(target(reference), []).append(reference)

    @classmethod
    def resolve(cls, env, tags, *, includehidden: bool, titles_only: bool) -> SiteTree:
        roots = []
        for toctree in env.master_doctree.findall(addnodes.toctree):
            resolved = _resolve_toctree(env, NO_PAGE, _DocnameLinks(tags), toctree, prune=False,
                                        titles_only=titles_only, collapse=False,
                                        includehidden=includehidden, tags=tags)
            if resolved is not None:
                roots.append((resolved, toctree.get("maxdepth", -1)))
        return cls(roots)

    def marks(self, docname: str) -> tuple[set[int], set[int]]:
        """Sphinx's ``_toctree_add_classes`` for one page: the ids of the nodes it marks
        ``iscurrent`` and of those it gives the class ``current``."""
        current_branch: set[int] = set()
        current_class: set[int] = set()
        for reference in self.links.get(docname, ()):
            node = reference
            while node:
                current_branch.add(id(node))
                if not reference["anchorname"]:
                    current_class.add(id(node))
                node = node.parent
        return current_branch, current_class


def target(reference: nodes.reference) -> str:
    """The docname a shared-tree link points to (its refuri is docname + anchor)."""
    anchor, refuri = reference["anchorname"], reference["refuri"]
    return refuri[: len(refuri) - len(anchor)] if anchor else refuri


class NavigationHtml:
    """A page's navigation as Sphinx's HTML translator writes it, from a ``SiteTree``."""

    def __init__(self, builder, tree: SiteTree) -> None:
        self.builder = builder
        self.tree = tree
        self._links: dict[int, tuple[str, str, str]] = {}
        self._captions: dict[int, str] = {}
        #: the HTML of list items outside the current branch, by item, folder and pruning
        self.items: dict[tuple, str] = {}

    def page(self, docname: str, *, collapse: bool, maxdepth: int) -> str:
        """What ``toctree(collapse=…, maxdepth=…)`` gives ``docname``."""
        out: list[str] = []
        # a link's relative URL depends only on the page's folder, when it is not the page
        folder = self.builder.get_target_uri(docname).rpartition("/")[0]
        page = _Page(self, docname, folder, collapse, *self.tree.marks(docname))
        for root, own_maxdepth in self.tree.roots:
            page.maxdepth = maxdepth or own_maxdepth
            page.write(root, 1, is_current=False, out=out, initial=True)
        return "".join(out)

    def link(self, reference: nodes.reference) -> tuple[str, str, str]:
        """The link's HTML split around its ``current`` class and its href; rendered once."""
        key = id(reference)
        if key not in self._links:
            copied = reference.deepcopy()
            copied["classes"] = [*reference["classes"], CLASS_MARK]
            copied["refuri"] = HREF_MARK
            html = self.builder.render_partial(addnodes.compact_paragraph("", "", copied))["fragment"]
            head, found, rest = html.partition(CLASS_MARK + " ")
            middle, found_href, tail = rest.partition(HREF_MARK)
            if not (found and found_href) or HREF_MARK in tail or CLASS_MARK in tail:
                raise Unsupported(f"a link renders as {html!r}")
            self._links[key] = (head, middle, tail)
        return self._links[key]

    def caption(self, title: nodes.title) -> str:
        key = id(title)
        if key not in self._captions:
            paragraph = addnodes.compact_paragraph("", "", title.deepcopy(), toctree=True)
            self._captions[key] = self.builder.render_partial(paragraph)["fragment"]
        return self._captions[key]


class _Page:
    """Sphinx's ``_toctree_copy`` and HTML translator in one walk over the shared tree."""

    def __init__(self, html: NavigationHtml, docname: str, folder: str, collapse: bool,
                 current_branch: set[int], current_class: set[int]) -> None:
        self.html = html
        self.docname = docname
        self.folder = folder
        self.collapse = collapse
        self.current_branch = current_branch
        self.current_class = current_class
        self.maxdepth = 0

    def start_tag(self, tag: str, node: nodes.Element) -> str:
        if node["ids"]:
            raise Unsupported(f"a {node.tagname} with ids")
        classes = list(dict.fromkeys(node["classes"]))
        if id(node) in self.current_class and "current" not in classes:
            classes.append("current")
        if not classes:
            return f"<{tag}>"
        return f'<{tag} class="{" ".join(classes).translate(ATTRIBUTE_ESCAPES)}">'

    def write_item(self, node: nodes.list_item, depth: int, out: list[str]) -> None:
        out.append(self.start_tag("li", node))
        inside_current = id(node) in self.current_branch
        for child in node.children:
            self.write(child, depth, is_current=inside_current, out=out)
        out.append("</li>\n")

    def write(self, node: nodes.Node, depth: int, *, is_current: bool, out: list[str],
              initial: bool = False) -> None:
        if isinstance(node, nodes.list_item) and id(node) not in self.current_branch:
            # no link inside leads to this page: the same HTML for every page in the folder
            key = (id(node), self.folder, depth, self.maxdepth, self.collapse)
            if key not in self.html.items:
                item: list[str] = []
                self.write_item(node, depth, item)
                self.html.items[key] = "".join(item)
            out.append(self.html.items[key])
        elif isinstance(node, nodes.list_item):
            self.write_item(node, depth, out)
        elif isinstance(node, addnodes.compact_paragraph):
            inside_current = id(node) in self.current_branch
            for child in node.children:
                self.write(child, depth, is_current=inside_current, out=out)
        elif isinstance(node, nodes.bullet_list):
            keep = depth <= 1 or ((depth <= self.maxdepth or self.maxdepth <= 0) and (
                not self.collapse or is_current or id(node) in self.current_branch))
            if not keep and not initial:
                return
            if len(node) == 1 and isinstance(node[0], addnodes.toctree):
                return  # Sphinx avoids an empty <ul>
            out.append(self.start_tag("ul", node) + "\n")
            inside_current = id(node) in self.current_branch
            for child in node.children:
                self.write(child, depth + 1, is_current=inside_current, out=out)
            out.append("</ul>\n")
        elif isinstance(node, addnodes.toctree):
            return  # a hidden toctree left unresolved: Sphinx skips it
        elif isinstance(node, nodes.reference):
            head, middle, tail = self.html.link(node)
            if url_re.match(node["refuri"]) is None:
                href = self.html.builder.get_relative_uri(self.docname, target(node))
                href += node["anchorname"]
            else:
                href = node["refuri"]
            current = "current " if id(node) in self.current_class else ""
            out.append(f"{head}{current}{middle}{(href or '#').translate(ATTRIBUTE_ESCAPES)}{tail}")
        elif isinstance(node, nodes.title):
            out.append(self.html.caption(node))
        else:
            raise Unsupported(f"a {node.__class__.__name__} in the navigation")


def unsupported(env) -> str | None:
    """Why this site's navigation must be resolved per page by Sphinx, or None."""
    from collections import Counter

    from sphinx.domains.std import StandardDomain

    if _resolve_toctree is None:
        return "this Sphinx has no _resolve_toctree"
    if env.numbered_toctrees:
        return "numbered toctrees"
    if any(metadata.get("tocdepth") for metadata in env.metadata.values()):
        return "a page sets tocdepth"
    if any(any(toc.findall(addnodes.only)) for toc in env.tocs.values()):
        return "an only directive in a table of contents"
    listed = Counter(child for children in env.toctree_includes.values() for child in children)
    if listed and listed.most_common(1)[0][1] > 1:
        return f"{listed.most_common(1)[0][0]!r} is listed in more than one toctree"
    if env.config.root_doc in listed:
        return "the root document is listed in a toctree"
    for child in listed:
        if child in StandardDomain._virtual_doc_names:  # genindex, modindex, search
            continue
        if child not in env.tocs or not env.tocs[child].children:
            return f"a toctree lists {child!r}, which has no title"
    return None


class FastNavigation:
    """Per app: the shared trees of the current build and the page-context hook."""

    def __init__(self, sphinx_pages: int | None = None) -> None:
        self.sphinx_pages = sphinx_pages  # None: SPHINX_PAGES
        self.reset()

    def reset(self, app=None, env=None) -> None:
        """After reading: the tables of contents may have changed."""
        self.html: dict[tuple[bool, bool], NavigationHtml] = {}
        self.reason: str | None = None
        self.checked = False
        self.pages_by_sphinx = 0

    def install(self, app, pagename: str, templatename: str, context: dict[str, Any],
                doctree) -> None:
        builder = app.builder
        if ("toctree" not in context or not app.config.lw_fast_navigation
                or type(builder)._get_local_toctree is not StandaloneHTMLBuilder._get_local_toctree):
            return
        if not self.checked:
            self.reason, self.checked = unsupported(app.env), True
        if self.reason is None:
            context["toctree"] = partial(self.toctree, builder, pagename, context["toctree"])

    def toctree(self, builder, docname: str, sphinx_toctree, collapse: bool = True,
                **options: Any) -> str:
        """``toctree()`` for templates: Sphinx's ``_get_local_toctree``, from the shared tree."""
        options.setdefault("includehidden", False)
        if options.get("maxdepth") == "":
            options.pop("maxdepth")
        try:
            maxdepth = int(options.get("maxdepth", 0))
        except (TypeError, ValueError):
            maxdepth = None
        if maxdepth is None or not OPTIONS.issuperset(options) or self.reason is not None:
            return sphinx_toctree(collapse=collapse, **options)
        key = (bool(options["includehidden"]), bool(options.get("titles_only", False)))
        if key not in self.html:
            first_pages = SPHINX_PAGES if self.sphinx_pages is None else self.sphinx_pages
            if self.pages_by_sphinx < first_pages and not builder.parallel_ok:
                self.pages_by_sphinx += 1
                return sphinx_toctree(collapse=collapse, **options)
            return self._switch(builder, docname, sphinx_toctree, key, collapse, maxdepth, options)
        try:
            return self.html[key].page(docname, collapse=bool(collapse), maxdepth=maxdepth)
        except Unsupported as reason:
            return self._give_up(str(reason), sphinx_toctree, collapse, options)

    def _switch(self, builder, docname, sphinx_toctree, key, collapse, maxdepth, options) -> str:
        """Resolve the shared tree; keep it if it gives this page what Sphinx gives."""
        tree = SiteTree.resolve(builder.env, builder.tags, includehidden=key[0], titles_only=key[1])
        html = NavigationHtml(builder, tree)
        expected = sphinx_toctree(collapse=collapse, **options)
        try:
            ours = html.page(docname, collapse=bool(collapse), maxdepth=maxdepth)
        except Unsupported as reason:
            return self._give_up(str(reason), sphinx_toctree, collapse, options, expected)
        if ours != expected:
            return self._give_up(f"{docname!r} came out differently", sphinx_toctree, collapse,
                                 options, expected)
        self.html[key] = html
        return ours

    def _give_up(self, reason: str, sphinx_toctree, collapse, options, expected=None) -> str:
        self.reason = reason
        logger.info("lw: the sidebar navigation is resolved per page by Sphinx: %s", reason)
        return expected if expected is not None else sphinx_toctree(collapse=collapse, **options)


def setup(app) -> dict:
    """``lw_method.navigation``: list it in ``extensions`` for the navigation resolved once."""
    from . import __version__

    navigation = FastNavigation()
    app.add_config_value("lw_fast_navigation", True, "html", types=(bool,))
    app.connect("env-updated", navigation.reset)
    app.connect("html-page-context", navigation.install)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
