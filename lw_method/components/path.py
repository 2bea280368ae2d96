"""``lw:path``: a reading path, an ordered list of pages and objects for one kind of reader.

The body is an ordered list; each item's first link is the step (a page, written
``[](../approach/design-teams.md)`` or ``{doc}`…```, or an lw object role), and the rest
of the item says why.  The directive keeps the list as written and puts a placeholder
where each step's link was, so the step shows its target's title, a page number in print,
and the path's address.

After reading, :func:`resolve_paths` (called from :meth:`Derived.build`) turns every path
into numbered steps on pages, and notes for each page the paths that pass through it.
Every page carries a ``path-nav`` placeholder (added when it is read, see :func:`setup`):
its renderer reads that page's stops, so editing a path rewrites exactly the pages on it.

In HTML a page on a path gets, for each path through it, a ``<nav>`` bar that is written
``hidden``: where the reader is on the path ("step 3 of 8"), the previous and next steps,
and the other paths through the page.  ``lw-paths.js`` reveals the bar of the path the
reader followed, named by the ``?path=ID&step=N`` that every link from a path carries; a
reader who arrived any other way, or reads without JavaScript, sees the page as it always
is.  The bar is not written in print or in an e-book, whose readers follow a path from
its page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import docname_join

from ..nodes import block, pending
from ..records import OBJECT_TYPES, Placeholder, Problem, ReadingPath, Record
from ..resolve import RenderContext, builder_name, renderer
from .base import SLUG, LwDirective, field_row
from ..translations import _

#: the query a link from a path carries, which the page's script reads
PATH_PARAMETER, STEP_PARAMETER = "path", "step"
#: the characters of a page's name or an anchor that may go into a LaTeX label as they are
_LATEX_LABEL = re.compile(r"[A-Za-z0-9/_.:-]+")
_LEADING_PUNCTUATION = " \t–—-:;,"


# -- what a path is, once every page is read ---------------------------------------------------

@dataclass(frozen=True)
class Step:
    """One step of a path, resolved: where it goes and what it shows."""

    number: int
    #: ``doc`` for a page, else the lw object type
    type: str
    docname: str
    #: the id of the place on the page (an object's anchor, a heading's id); "" for the page
    anchor: str
    #: the words the link shows: the author's own, else the page's or object's title
    title: str
    #: for a page: the heading slug as written (``#sec``), which MyST resolves
    slug: str = ""
    #: for an object step, the object (its links are made by the domain)
    record: Record | None = None


@dataclass(frozen=True)
class Path:
    """A path with its steps numbered: withheld steps left out, unknown ones too."""

    record: ReadingPath
    steps: tuple[Step, ...]
    #: for each of the record's steps, its number here (0: left out), and whether the
    #: edition withholds it
    numbers: tuple[int, ...] = ()
    withheld: tuple[bool, ...] = ()


@dataclass(frozen=True)
class Stop:
    """A path passing through a page: which step the page is, and the steps either side."""

    path: ReadingPath
    step: Step
    total: int
    previous: Step | None
    next: Step | None


def resolve_paths(derived, order: list[str], documents, env) -> tuple[dict[str, Path], dict[str, list[Stop]], list[Problem]]:
    """Every path's steps (by path id, in page order), each page's stops, and the problems:
    a step that names no page or object (``lw.unknown-id``)."""
    paths: dict[str, Path] = {}
    problems: list[Problem] = []
    for record in derived.index.get("path", {}).values():
        steps: list[Step] = []
        numbers, withheld = [], []
        for item, (type_, target, text, _why, line) in enumerate(record.steps, 1):
            held = _withheld(derived, type_, target)
            step = None if held else _resolve_step(derived, env, type_, target, text, len(steps) + 1)
            if step is None and not held:
                problems.append(Problem(_unknown_step_message(record, item, type_, target, text),
                                        (record.docname, line or record.lineno), "unknown-id"))
            if step is not None:
                steps.append(step)
            numbers.append(step.number if step else 0)
            withheld.append(held)
        paths[record.id] = Path(record, tuple(steps), tuple(numbers), tuple(withheld))
    stops: dict[str, list[Stop]] = {}
    for path in paths.values():
        steps = path.steps
        for position, step in enumerate(steps):
            stops.setdefault(step.docname, []).append(Stop(
                path.record, step, len(steps), steps[position - 1] if position else None,
                steps[position + 1] if position + 1 < len(steps) else None))
    return paths, stops, problems


def _withheld(derived, type_: str, target: str) -> bool:
    if type_ == "doc":
        return target.partition("#")[0] in derived.withheld.docnames
    if type_ == "any":
        return any(derived.withheld.holds(t, target) for t in OBJECT_TYPES)
    return bool(type_) and derived.withheld.holds(type_, target)


def _resolve_step(derived, env, type_: str, target: str, text: str, number: int) -> Step | None:
    from ..labels import title_of

    if type_ == "doc":
        docname, _hash, slug = target.partition("#")
        if docname not in env.found_docs or docname in derived.withheld.docnames:
            return None
        anchor, heading = "", ""
        if slug:
            found = env.metadata.get(docname, {}).get("myst_slugs", {}).get(slug)
            if found is None:
                return None
            _level, anchor, heading = found
        title = text or heading or (env.titles[docname].astext() if docname in env.titles else docname)
        return Step(number, "doc", docname, anchor, title, slug)
    if type_ == "any":  # [](#id): the object of any type with that id
        type_ = next((t for t in OBJECT_TYPES if derived.get(t, target) is not None), "")
    if type_ not in OBJECT_TYPES:
        return None
    record = derived.get(type_, target)
    if record is None or record.handbook or derived.withheld.holds(type_, target):
        return None
    title = text or title_of(record, derived)
    if type_ == "insight" and not text and record.docname in env.titles:  # "Insight 3: Equality of voice"
        title = env.titles[record.docname].astext()
    return Step(number, type_, record.docname, record.anchor, title, record=record)


def _unknown_step_message(record: ReadingPath, item: int, type_: str, target: str, text: str) -> str:
    where = f"lw:path {record.id}: step {item}"
    if not type_:
        shown = f" ({text!r})" if text else ""
        return (f"{where}{shown} names no page or object: start the list item with a link to a page, "
                "e.g. [](../approach/design-teams.md), or an lw role, e.g. {lw:method}`design-teams`")
    if type_ == "doc":
        docname, _hash, slug = target.partition("#")
        if slug:
            return f"{where} names {docname!r}, which has no heading {slug!r}; fix the link"
        return f"{where} names the page {docname!r}, which no source file holds; fix the link"
    what = "object" if type_ == "any" else type_
    return f"{where} names no {what} on any page ({target!r}); fix the id"


# -- the directive ------------------------------------------------------------------------------

class PathDirective(LwDirective):
    object_type = "path"
    required_options = ("title", "for")

    def render(self, path_id: str) -> list[nodes.Node]:
        body = self.parse_body()
        steps_list = next((n for n in body if isinstance(n, (nodes.enumerated_list, nodes.bullet_list))), None)
        if steps_list is None:
            self.warn(f"path {path_id!r} has no steps: write them as an ordered list, one link to a "
                      "page or lw object per item", "missing-option")
        steps = []
        for number, item in enumerate(steps_list.children if steps_list is not None else (), 1):
            steps.append(self.read_step(path_id, number, item))
        summary = " ".join(" ".join(n.astext().split()) for n in body
                           if isinstance(n, nodes.paragraph) and (steps_list is None or body.index(n) < body.index(steps_list)))
        record = ReadingPath(path_id, self.env.docname, self.lineno, title=self.option("title") or path_id,
                             audience=self.option("for"), summary=summary, steps=tuple(steps))
        self.domain.add_record(record)

        panel = block("path", anchor=record.anchor, label=_("Reading path: {title}").format(title=record.title))
        if record.audience:
            panel += field_row(_("Who it is for"), nodes.Text(record.audience), class_="for")
        if steps_list is not None:
            steps_list["classes"].append("lw-path-steps")
        panel.extend(body)
        return [panel]

    def read_step(self, path_id: str, number: int, item: nodes.Element):
        """A list item's step, as a record's tuple; its first link becomes the step's placeholder."""
        line = item.line or self.lineno
        paragraph = next(iter(item.findall(nodes.paragraph)), None)
        link = next(iter(paragraph.findall(lambda n: isinstance(n, (pending_xref, nodes.reference)))),
                    None) if paragraph is not None else None
        if link is None:
            text = " ".join(item.astext().split())
            return ("", "", text, text, line)
        line = link.line or line
        text = " ".join(link.astext().split()) if link.get("refexplicit") else ""
        type_, target = self.step_target(link)
        words = paragraph.astext()
        linked = link.astext()
        why = " ".join((words.replace(linked, " ", 1) if linked else words).split()).lstrip(_LEADING_PUNCTUATION)
        marker = self.placeholder("path-step", path=path_id, number=number)
        marker.line = line
        link.parent.replace(link, marker)
        paragraph += self.placeholder("path-step-page", path=path_id, number=number)
        item += self.placeholder("path-step-note", path=path_id, number=number)
        return (type_, target, text, why, line)

    def step_target(self, link: nodes.Element) -> tuple[str, str]:
        if isinstance(link, nodes.reference):  # [](#id) is read as a local link, then resolved
            uri = link.get("refuri", "")
            return ("any", uri[1:]) if link.get("id_link") and uri.startswith("#") else ("", uri)
        domain, reftype, target = link.get("refdomain"), link.get("reftype"), link.get("reftarget", "")
        if domain == "doc" and reftype == "myst":  # a MyST link to a page: a docname already
            slug = link.get("reftargetid")
            return "doc", f"{target}#{slug}" if isinstance(slug, str) and slug else target
        if domain == "std" and reftype == "doc":
            return "doc", docname_join(self.env.docname, target)
        if domain == "lw" and reftype in OBJECT_TYPES:
            return reftype, target
        if domain is None and reftype == "myst":  # [](#id): an object of any type, by id
            if not SLUG.match(target.lstrip("#")):  # a file MyST found no page for
                return "doc", docname_join(self.env.docname, target.rsplit(".", 1)[0])
            return "any", target.lstrip("#")
        return "", target


# -- rendering ----------------------------------------------------------------------------------

def step_link(context: RenderContext, path: ReadingPath, step: Step, text: str | None = None) -> nodes.Element:
    """A link to ``step``'s page or object that carries the path (see :class:`PathLinks`)."""
    shown = text or step.title
    if step.record is not None:
        link = context.link(step.record, text=shown)
    else:
        content = nodes.inline(shown, shown, classes=["lw-ref", "lw-ref-page"])
        link = pending_xref("", content, refdomain="doc", reftype="myst", reftarget=step.docname,
                            reftargetid=step.slug or None, refexplicit=True, refwarn=False,
                            refdoc=context.docname)
    return nodes.inline("", "", link, classes=["lw-path-link"], lw_path=path.id, lw_step=step.number)


def page_number(step: Step) -> list[nodes.Node]:
    """In print: the page a step is on, as a link (``\\pageref``); nothing for a name LaTeX
    cannot take as a label as it is."""
    label = f"{step.docname}:{step.anchor}" if step.anchor else f"{step.docname}::doc"
    if not _LATEX_LABEL.fullmatch(label):
        return []
    return [nodes.raw("", "\\nobreak\\hfill\\mbox{page~\\pageref{\\detokenize{%s}}}" % label, format="latex")]


def path_and_step(derived, params):
    """The path, the step the placeholder stands for (``None`` if it was left out), whether the
    edition withholds it, and the author's words for it."""
    path = derived.reading_paths.get(params["path"])
    index = params["number"] - 1
    if path is None or index >= len(path.numbers):
        return None
    number = path.numbers[index]
    _type, target, text = path.record.steps[index][:3]
    return (path.record, path.steps[number - 1] if number else None, path.withheld[index], text or target)


@renderer("path-step", reads=path_and_step)
def path_step(context: RenderContext, found, params) -> list[nodes.Node]:
    """A step's link on its path's page: its target's title, linked, with the page in print."""
    if found is None:
        return []
    path, step, withheld, text = found
    if withheld:  # the list item goes too (PathLinks), with any words about the withheld page
        return [nodes.inline(classes=["lw-path-withheld"])]
    if step is None:
        return [nodes.inline(text or "", text or "")]
    return [step_link(context, path, step)]


@renderer("path-step-page", reads=path_and_step)
def path_step_page(context: RenderContext, found, params) -> list[nodes.Node]:
    """At the end of a step's line in print: the page it is on."""
    if found is None or found[1] is None or context.html:
        return []
    return page_number(found[1])


def content_notes(step: Step | None) -> str:
    """The content notes of the story or insight a step opens, to say before it is followed."""
    return getattr(step.record, "content_notes", "") if step is not None and step.record is not None else ""


def note_of_step(derived, params):
    found = path_and_step(derived, params)
    return content_notes(found[1]) if found else ""


@renderer("path-step-note", reads=note_of_step)
def path_step_note(context: RenderContext, notes: str, params) -> list[nodes.Node]:
    """Under a step that opens a story or insight with content notes: what it talks about."""
    if not notes:
        return []
    return [nodes.paragraph(text=_("Content note: {notes}.").format(notes=notes), classes=["lw-path-step-note"])]


def stops_on_page(derived, params) -> list[Stop]:
    return derived.path_stops.get(params["page"], [])


@renderer("path-nav", reads=stops_on_page)
def path_nav(context: RenderContext, stops, params) -> list[nodes.Node]:
    """For each path through the page, a bar shown only to readers who came along it."""
    if not context.html or not stops:
        return []
    bars: list[nodes.Node] = []
    for stop in stops:
        path = stop.path
        bar = block("path-nav", tag="nav", label=_("Reading path: {title}").format(title=path.title),
                    attributes={"hidden": "hidden", "data-lw-path": path.id,
                                "data-lw-step": str(stop.step.number)})
        where = nodes.paragraph(classes=["lw-path-nav-where"])
        where += context.link(path, text=path.title)
        where += nodes.Text(_(": step {number} of {total}").format(number=stop.step.number, total=stop.total))
        bar += where
        moves = nodes.paragraph(classes=["lw-path-nav-moves"])
        if stop.previous is not None:
            moves += nodes.inline("", "", nodes.Text(_("Previous: ")),
                                  step_link(context, path, stop.previous), classes=["lw-path-previous"])
        if stop.next is not None:
            moves += nodes.inline("", "", nodes.Text(_("Next: ")), step_link(context, path, stop.next),
                                  classes=["lw-path-next"])
            if content_notes(stop.next):
                moves += nodes.inline(text=_("Content note for the next step: {notes}.").format(notes=content_notes(stop.next)),
                                      classes=["lw-path-nav-note"])
        else:
            moves += nodes.inline("", "", nodes.Text(_("The last step. ")),
                                  context.link(path, text=_("Back to the path")), classes=["lw-path-next"])
        bar += moves
        others = [other for other in stops if other.path.id != path.id]
        if others:
            also = nodes.paragraph(classes=["lw-path-nav-also"])
            also += nodes.Text(_("This page is also on "))
            for position, other in enumerate(others):
                if position:
                    also += nodes.Text(", ")
                also += step_link(context, other.path, other.step, text=other.path.title)
                also += nodes.Text(_(" (step {number} of {total})").format(number=other.step.number, total=other.total))
            bar += also
        bars.append(bar)
    return bars


# -- wiring: a placeholder on every page, links that carry the path ---------------------------

def add_path_nav(app, doctree: nodes.document) -> None:
    """Give every page a ``path-nav`` placeholder, at its end: any page can join a path later,
    and an incremental build then rewrites it without reading it again."""
    docname = app.env.docname
    # the page's heading anchors (MyST's slugs), which a path's step may name: so renaming a
    # heading changes what the derivation reads (its inputs digest), and the step is checked again
    slugs = tuple(sorted((slug, found[1]) for slug, found in
                         app.env.metadata.get(docname, {}).get("myst_slugs", {}).items()))
    app.env.domains["lw"].document(docname).placeholders.append(
        Placeholder("path-nav", docname, 0, (("anchors", slugs), ("page", docname))))
    node = pending("path-nav", page=docname)
    node["docname"] = docname
    doctree += node


def with_path(uri: str, path_id: str, number: int) -> str:
    """``uri`` with ``?path=ID&step=N`` before its fragment."""
    parts = urlsplit(uri)
    query = f"{PATH_PARAMETER}={path_id}&{STEP_PARAMETER}={number}"
    return urlunsplit(parts._replace(query=f"{parts.query}&{query}" if parts.query else query))


class PathLinks(SphinxPostTransform):
    """After references resolve: in a web page, links from a path carry it (``?path=ID&step=N``);
    an e-book has no bars to reveal, so its links stay plain and the bars go."""

    default_priority = 20
    formats = ("html",)

    def run(self, **kwargs) -> None:
        name = builder_name(self)
        web = not name.startswith("epub")
        for node in list(self.document.findall(nodes.inline)):
            if "lw-path-withheld" in node["classes"]:
                item = next((a for a in _ancestors(node) if isinstance(a, nodes.list_item)), None)
                (item or node).parent.remove(item or node)
        for node in list(self.document.findall(nodes.inline)):
            if "lw-path-link" not in node["classes"]:
                continue
            if web:
                for reference in node.findall(nodes.reference):
                    if "refid" in reference:  # a step on this same page: reload it on the path
                        reference["refuri"] = f"#{reference['refid']}"
                        del reference["refid"]
                    if "refuri" in reference and not urlsplit(reference["refuri"]).scheme:
                        reference["refuri"] = with_path(reference["refuri"], node["lw_path"], node["lw_step"])
            del node["lw_path"], node["lw_step"]
        if not web:
            for bar in list(self.document.findall(lambda n: isinstance(n, nodes.Element)
                                                  and "lw-path-nav" in n.get("classes", ()))):
                bar.parent.remove(bar)


def _ancestors(node: nodes.Node):
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def setup(app) -> None:
    app.connect("doctree-read", add_path_nav)
    app.add_post_transform(PathLinks)
