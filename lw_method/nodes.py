"""The node types of the extension and their visitors for every builder.

``lw_block`` wraps each rendered object: in HTML a ``<div>`` (or the tag it
names) carrying the object's anchor and classes, in LaTeX a ``sphinxuseclass``
environment per class (classed paragraphs inside get theirs too) holding a
hyperref label, so ``lw-method.sty`` can style it.
``lw_pending`` marks where a page shows data from other pages; it is replaced
when the page is written (see :mod:`lw_method.resolve`) and never reaches a
writer, but skips cleanly if it ever does.

Two nodes exist only in written pages (renderers make them; they are never
stored): ``lw_picture``, a drawing given as SVG for HTML and as a LaTeX
``picture`` for the PDF, and ``lw_data``, the JSON a page's script reads (HTML
only: in print the same facts are on the page as text).
"""

from __future__ import annotations

import json
import re

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform


class lw_block(nodes.General, nodes.Element):
    """A rendered lw object or panel; ``tag`` picks the HTML element (default ``div``)."""


class lw_pending(nodes.General, nodes.Element):
    """Content computed from other pages, filled in at write time by ``kind``."""


class lw_picture(nodes.General, nodes.Element):
    """A drawing: ``svg`` markup for HTML, ``latex`` picture code for LaTeX; no text of its own."""


class lw_data(nodes.General, nodes.Element):
    """``data`` (JSON-ready) for a page script, as ``<script type="application/json">``."""


#: elements on which ARIA allows a name only with a role; a labelled one becomes a group
_NEEDS_ROLE_FOR_LABEL = {"div", "span", "p"}


def visit_block_html(self, node: lw_block) -> None:
    tag = node.get("tag", "div")
    attributes = dict(node.get("attributes", {}))
    if node.get("label"):
        attributes["aria-label"] = node["label"]
        if tag in _NEEDS_ROLE_FOR_LABEL:
            attributes.setdefault("role", "group")
    self.body.append(self.starttag(node, tag, "", **attributes))


def depart_block_html(self, node: lw_block) -> None:
    self.body.append(f"</{node.get('tag', 'div')}>\n")


def _ancestors(node: nodes.Node):
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


class ClassesForLatex(SphinxPostTransform):
    """Give each classed paragraph in an lw block a container, so LaTeX sees its ``lw-`` classes.

    Sphinx's LaTeX writer drops a paragraph's classes; a container keeps them as
    ``sphinxuseclass`` environments (``lw-story-name``, ``lw-field``, ``lw-cited-in``…) that
    ``lw-method.sty`` styles.  A post-transform for the LaTeX format, as sphinx-design
    does it, so the writer's visitors only write.
    """

    default_priority = 200
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        for block_node in list(self.document.findall(lw_block)):
            for paragraph in list(block_node.findall(nodes.paragraph)):
                around = {c for parent in _ancestors(paragraph) for c in parent.get("classes", [])}
                classes = [c for c in latex_classes(paragraph) if c.startswith("lw-") and c not in around]
                if classes:
                    parent = paragraph.parent
                    container = nodes.container(classes=classes)
                    parent[parent.index(paragraph)] = container
                    container += paragraph


#: what a class name may hold to become a LaTeX environment name
_LATEX_CLASS = re.compile(r"[A-Za-z0-9-]+")


def latex_classes(node: nodes.Element) -> list[str]:
    """The node's classes that are safe as LaTeX environment names.

    A class is written into LaTeX as it is, so one holding ``}``, ``\\`` or ``%`` could end
    the environment's name and run commands; such a class is never written.
    """
    return [class_ for class_ in node["classes"] if _LATEX_CLASS.fullmatch(class_)]


def visit_block_latex(self, node: lw_block) -> None:
    for class_ in latex_classes(node):
        self.body.append("\n\\begin{sphinxuseclass}{%s}" % class_)
    # the anchor inside the styled environment, so a page break can't part it from the block;
    # no line break either side, which would start a paragraph inside the box
    if node["ids"]:
        self.body.append("%\n" + self.hypertarget_to(node, anchor=True) + "\\ignorespaces ")


def depart_block_latex(self, node: lw_block) -> None:
    for _class in latex_classes(node):
        self.body.append("\n\\end{sphinxuseclass}")
    self.body.append("\n")


def visit_picture_html(self, node: lw_picture) -> None:
    self.body.append(node["svg"] + "\n")
    raise nodes.SkipNode


def visit_picture_latex(self, node: lw_picture) -> None:
    self.body.append("\n" + node["latex"] + "\n")
    raise nodes.SkipNode


def visit_data_html(self, node: lw_data) -> None:
    # a translated label is a lazy string until it is shown: shown here as its text
    text = json.dumps(node["data"], ensure_ascii=False, separators=(",", ":"), default=str)
    # nothing in the data may end the script element early: no "<" at all, as JSON allows
    text = text.replace("<", "\\u003c")
    self.body.append(self.starttag(node, "script", "", type="application/json") + text + "</script>\n")
    raise nodes.SkipNode


def visit_passthrough(self, node: nodes.Element) -> None:
    """Other writers render the block's children as they are."""


def skip(self, node: nodes.Element) -> None:
    raise nodes.SkipNode


def register(app) -> None:
    passthrough = (visit_passthrough, visit_passthrough)
    app.add_post_transform(ClassesForLatex)
    app.add_node(
        lw_block,
        html=(visit_block_html, depart_block_html),
        latex=(visit_block_latex, depart_block_latex),
        text=passthrough, man=passthrough, texinfo=passthrough,
    )
    app.add_node(lw_pending, html=(skip, None), latex=(skip, None), text=(skip, None),
                 man=(skip, None), texinfo=(skip, None))
    app.add_node(lw_picture, html=(visit_picture_html, None), latex=(visit_picture_latex, None),
                 text=(skip, None), man=(skip, None), texinfo=(skip, None))
    app.add_node(lw_data, html=(visit_data_html, None), latex=(skip, None), text=(skip, None),
                 man=(skip, None), texinfo=(skip, None))


def block(type_: str, *children: nodes.Node, anchor: str | None = None, tag: str = "div",
          classes: tuple[str, ...] = (), label: str | None = None,
          attributes: dict[str, str] | None = None) -> lw_block:
    """An ``lw_block`` with the classes ``lw-<type>`` plus ``classes``.

    ``attributes`` are extra HTML attributes (``aria-hidden``, ``data-*``); LaTeX ignores them.
    """
    node = lw_block("", *children, classes=[f"lw-{type_}", *classes], tag=tag)
    if anchor:
        node["ids"].append(anchor)
    if label:
        node["label"] = label
    if attributes:
        node["attributes"] = dict(attributes)
    return node


def attribution(*children: nodes.Node) -> lw_block:
    """Who said it, after an em dash; our own block so LaTeX gets a real dash, not ``---``."""
    line = nodes.paragraph("", "— ", *children)
    return block("attribution", line)


def pending(kind: str, **attributes) -> lw_pending:
    return lw_pending("", kind=kind, **attributes)
