"""The shared directive base: option checking, ids, bodies and located warnings.

Every ``lw`` directive declares which options it requires and which it allows;
the base accepts any option name at parse time so that an unknown one is reported
here, as ``lw.unknown-option`` with the file and line, instead of by the parser.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.addnodes import pending_xref
from sphinx.util.docutils import SphinxDirective

from ..nodes import block, pending
from ..records import Reference
from ..report import warn

if TYPE_CHECKING:
    from ..domain import LwDomain

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LOOKS_LIKE_HTML = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")


class AcceptAnyOption(dict):
    """An ``option_spec`` that lets every option through to :meth:`LwDirective.check_options`."""

    def __missing__(self, key: str):
        return directives.unchanged


def plain_paragraphs(lines) -> list[str]:
    """Source lines as paragraphs of plain text, white space folded."""
    paragraphs, current = [], []
    for line in list(lines) + [""]:
        if line.strip():
            current.append(line.strip())
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    return paragraphs


class LwDirective(SphinxDirective):
    """Base of every ``lw:`` directive."""

    #: the object type, as in ``lw:<type>``
    object_type: ClassVar[str] = ""
    #: whether the directive takes an id argument
    takes_id: ClassVar[bool] = True
    #: the type whose id the argument names (``excerpt`` names a quote)
    id_names: ClassVar[str | None] = None
    required_options: ClassVar[tuple[str, ...]] = ()
    optional_options: ClassVar[tuple[str, ...]] = ()
    #: options holding comma-separated ids, and the type of object they name
    id_list_options: ClassVar[dict[str, str]] = {}

    has_content = True
    required_arguments = 0
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = AcceptAnyOption()

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        # non-empty, so parsers look for an option block at all
        cls.option_spec = AcceptAnyOption(
            dict.fromkeys((*cls.required_options, *cls.optional_options), directives.unchanged))

    # -- helpers ---------------------------------------------------------------------------------

    @property
    def domain(self) -> LwDomain:
        return self.env.domains["lw"]

    @property
    def location(self) -> tuple[str, int]:
        return (self.env.docname, self.lineno)

    @property
    def directive_name(self) -> str:
        return f"lw:{self.object_type}"

    def warn(self, message: str, subtype: str) -> None:
        warn(f"{self.directive_name}: {message}", self.location, subtype)

    def option(self, name: str) -> str:
        value = self.options.get(name)
        return " ".join(str(value).split()) if value else ""

    def object_id(self) -> str | None:
        """The id argument, or ``None`` (with a warning) when it is missing or malformed."""
        names = self.id_names or self.object_type
        if not self.arguments:
            self.warn(f"needs the {names} id after the directive name, "
                      f"e.g. :::{{{self.directive_name}}} my-{names}-id", "bad-id")
            return None
        value = self.arguments[0].strip()
        if not SLUG.match(value):
            self.warn(f"{value!r} is not a valid id: use lowercase letters, digits and single "
                      f"hyphens, e.g. {slugify(value)!r}", "bad-id")
            return None
        return value

    def ids(self, name: str) -> tuple[str, ...]:
        """A comma-separated option of ids; malformed entries are reported and dropped."""
        found: list[str] = []
        for item in self.option(name).split(","):
            item = item.strip()
            if not item:
                continue
            if SLUG.match(item):
                found.append(item)
            else:
                self.warn(f":{name}: has {item!r}, which is not an id: use lowercase letters, "
                          "digits and hyphens, separated by commas", "bad-value")
        return tuple(dict.fromkeys(found))

    def words(self, name: str) -> tuple[str, ...]:
        """A comma-separated option of free words (themes)."""
        return tuple(dict.fromkeys(w.strip().lower() for w in self.option(name).split(",") if w.strip()))

    def check_options(self) -> None:
        allowed = set(self.required_options) | set(self.optional_options)
        for name in list(self.options):
            if name not in allowed:
                takes = ", ".join(f":{o}:" for o in sorted(allowed)) or "no options"
                self.warn(f"unknown option :{name}: (it takes {takes}); it was ignored", "unknown-option")
                del self.options[name]
        for name in self.required_options:
            if not self.option(name):
                self.warn(f"missing required option :{name}:", "missing-option")
        for name in self.options:
            if LOOKS_LIKE_HTML.search(self.option(name)):
                self.warn(f":{name}: looks like HTML; options are plain text and it is shown as "
                          "written, not as markup", "bad-value")

    def body_paragraphs(self) -> list[str]:
        return plain_paragraphs(self.content)

    def parse_body(self) -> list[nodes.Node]:
        return self.parse_content_to_nodes() if self.content else []

    def note_links(self, type_: str, ids) -> None:
        for id_ in ids:
            self.domain.note_reference(self.env.docname, Reference(type_, id_))

    def xref(self, type_: str, target: str, **extra) -> pending_xref:
        """A link to another object, resolved at write time like a role."""
        node = pending_xref("", nodes.inline(text=target), refdomain="lw", reftype=type_,
                            reftarget=target, refexplicit=False, refwarn=False,
                            refdoc=self.env.docname, lw_checked=True, **extra)
        self.set_source_info(node)
        return node

    def xref_list(self, type_: str, targets) -> list[nodes.Node]:
        """Links separated by commas, for a field in a panel, with short labels."""
        items: list[nodes.Node] = []
        for position, target in enumerate(targets):
            if position:
                items.append(nodes.Text(", "))
            items.append(self.xref(type_, target, lw_short=True))
        return items

    # -- the shape of run() ------------------------------------------------------------------------

    def run(self) -> list[nodes.Node]:
        self.check_options()
        object_id = self.object_id() if self.takes_id else None
        if self.takes_id and object_id is None:
            return []
        self.id_lists = {option: self.ids(option) for option in self.id_list_options}
        for option, type_ in self.id_list_options.items():
            self.note_links(type_, self.id_lists[option])
        return self.render(object_id)

    def render(self, object_id: str | None) -> list[nodes.Node]:
        raise NotImplementedError


class ViewDirective(LwDirective):
    """Base of directives that show data from every page (views, reports).

    Such a page is written again whenever any page's lw data changes, and its
    content is a placeholder of the directive's own kind, filled when written.
    """

    takes_id = False
    has_content = False

    def serial(self) -> int:
        """This view's number among views of its kind in the project, from 1."""
        return self.env.new_serialno(f"lw-{self.object_type}") + 1

    def view(self, *, label: str | None = None, anchor: str | None = None,
             attributes: dict[str, str] | None = None, **parameters) -> list[nodes.Node]:
        self.domain.document(self.env.docname).reports += 1
        node = pending(self.object_type, **parameters)
        self.set_source_info(node)
        return [block(self.object_type, node, label=label, anchor=anchor, attributes=attributes)]


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "an-id"


def field_row(label: str, *content: nodes.Node, class_: str) -> nodes.paragraph:
    """One labelled line of a panel: **Label:** content."""
    paragraph = nodes.paragraph(classes=["lw-field", f"lw-field-{class_}"])
    paragraph += nodes.strong(text=f"{label}: " if content else f"{label}:")
    paragraph.extend(content)
    return paragraph
