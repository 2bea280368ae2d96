"""The shared directive base: option checking, ids, bodies and located warnings.

Every ``lw`` directive declares which options it requires and which it allows;
the base accepts any option name at parse time so that an unknown one is reported
here, as ``lw.unknown-option`` with the file and line, instead of by the parser.

It also reports, at the line concerned, what the parsers accept without a word: an
option given twice (they keep one), option lines that an indented or blank line turned
into body text, an argument or body given to a directive that takes none, an lw
directive inside another lw object's body, and an object that links to itself.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import takewhile
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from myst_parser.mocking import MockState
from sphinx.addnodes import pending_xref
from sphinx.util.docutils import SphinxDirective
from sphinx.util.parsing import nested_parse_to_nodes

from ..nodes import block, lw_block, lw_pending, pending
from ..records import Placeholder, Reference
from ..warnings import warn

if TYPE_CHECKING:
    from ..domain import LwDomain

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: an id that links may use: a slug, or ``handbook:slug`` for another handbook's object
LINKABLE_ID = re.compile(r"^(?:[a-z0-9]+(?:-[a-z0-9]+)*:)?[a-z0-9]+(?:-[a-z0-9]+)*$")
LOOKS_LIKE_HTML = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")
#: a ``:name: value`` option line (MyST's and docutils' option blocks)
OPTION_LINE = re.compile(r"^\s*:(?P<name>[A-Za-z][\w-]*):(?:\s|$)")
#: a top-level key of MyST's YAML option block (``---`` … ``---``)
YAML_KEY = re.compile(r"^(?P<indent>\s*)(?P<name>[A-Za-z][\w-]*)\s*:(?:\s|$)")
#: the opening line of an lw directive: a MyST fence or a docutils directive
LW_FENCE = re.compile(r"^\s*(?P<fence>:{3,}|`{3,}|~{3,})\s*\{lw:[a-z-]+\}")
LW_RST_DIRECTIVE = re.compile(r"^(?P<indent>\s*)\.\.\s+lw:[a-z-]+::")
#: the opening line of any directive, which ends a paragraph
ANY_DIRECTIVE = re.compile(r"^\s*(?::{3,}|`{3,}|~{3,}|\.\.\s)")
#: ``env.temp_data`` key: the lw objects whose bodies are being parsed, outermost first
ENCLOSING = "lw_enclosing"
ONE_OPTION_A_LINE = ("write each option on one line, straight after the directive line, with no blank "
                     "or indented line between")


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


def own_text(body: list[nodes.Node]) -> str:
    """A parsed body's text, white space folded, leaving out any lw object nested in it.

    A nested object is kept on the page (and warned about), but its words are its own,
    not part of a statement or summary around it.
    """
    parts = ("".join(text.astext() for text in node.findall(nodes.Text) if not _in_lw_object(text, node))
             for node in body)
    return " ".join(" ".join(part.split()) for part in parts if part.strip())


def _in_lw_object(node: nodes.Node, top: nodes.Node) -> bool:
    """Whether ``node`` lies inside an lw object, from itself up to ``top``."""
    while node is not None:
        if isinstance(node, lw_block):
            return True
        if node is top:
            return False
        node = node.parent
    return False


def nested_lw_blocks(lines: list[str]) -> list[tuple[int, int]]:
    """(start, stop) of each lw directive written inside a plain-text body (outermost only)."""
    blocks, index = [], 0
    while index < len(lines):
        stop = _lw_block_stop(lines, index)
        if stop is None:
            index += 1
        else:
            blocks.append((index, stop))
            index = stop
    return blocks


def _lw_block_stop(lines: list[str], start: int) -> int | None:
    """Where the lw directive opening at ``start`` ends (exclusive); ``None`` if none opens there.

    The same rules as the parsers': a fence closes at a line of at least as many of its
    characters; a docutils directive at the first line indented no deeper than itself.
    """
    fence = LW_FENCE.match(lines[start])
    if fence:
        mark = fence["fence"]
        for index in range(start + 1, len(lines)):
            closing = lines[index].strip()
            if closing and set(closing) == {mark[0]} and len(closing) >= len(mark):
                return index + 1
        return len(lines)
    directive = LW_RST_DIRECTIVE.match(lines[start])
    if directive:
        indent = len(directive["indent"])
        for index in range(start + 1, len(lines)):
            line = lines[index]
            if line.strip() and len(line) - len(line.lstrip()) <= indent:
                return index
        return len(lines)
    return None


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
    #: whether the argument may name another handbook's object (``core:id``: an excerpt's quote)
    argument_links: ClassVar[bool] = False
    #: whether the directive takes a body (views and checklists take none)
    takes_body: ClassVar[bool] = True

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

    def warn(self, message: str, subtype: str, line: int | None = None) -> None:
        """Warn at the directive's line, or at ``line`` of its block (an option, a body line)."""
        warn(f"{self.directive_name}: {message}", (self.env.docname, line or self.lineno), subtype)

    def body_line(self, index: int) -> int:
        """The source line of the body's ``index``-th line.

        MyST counts ``content_offset`` from the directive's own line, docutils from the file's start.
        """
        first = self.content_offset + 1
        if isinstance(self.state, MockState):
            first += self.lineno
        return first + index

    def option_block(self) -> list[tuple[int, str]]:
        """(source line, text) of each line between the directive's first line and its body."""
        lines = self.block_text.splitlines()
        stop = self.body_line(0) - self.lineno if self.content else len(lines)
        return [(self.lineno + index, lines[index]) for index in range(1, min(stop, len(lines)))]

    def option_lines(self) -> dict[str, list[int]]:
        """Each option the option block names, with every source line that names it.

        The parsers keep one value of an option given twice and say nothing, so the
        option block is read again, as written, to find such repeats.
        """
        block = self.option_block()
        if block and block[0][1].startswith("---"):  # MyST's YAML block: its top-level keys
            yaml = list(takewhile(lambda item: not item[1].startswith("---"), block[1:]))
            top = min((len(text) - len(text.lstrip()) for _, text in yaml if text.strip()), default=0)
            named = [(line, match["name"]) for line, text in yaml
                     if (match := YAML_KEY.match(text)) and len(match["indent"]) == top]
        else:
            named = [(line, match["name"]) for line, text in block if (match := OPTION_LINE.match(text))]
        found: dict[str, list[int]] = {}
        for line, name in named:
            found.setdefault(name, []).append(line)
        return found

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
        if not (LINKABLE_ID if self.argument_links else SLUG).match(value):
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
            if LINKABLE_ID.match(item):
                found.append(item)
            else:
                self.warn(f":{name}: has {item!r}, which is not an id: use lowercase letters, "
                          "digits and hyphens (core:an-id for another handbook's), separated by "
                          "commas", "bad-value")
        return tuple(dict.fromkeys(found))

    def linked_ids(self, name: str, object_id: str | None) -> tuple[str, ...]:
        """The ids of an id-list option, without this object's own (a link to itself is a mistake)."""
        found = self.ids(name)
        if object_id in found and self.id_list_options[name] == self.object_type:
            line = self.option_lines().get(name, [self.lineno])[-1]
            self.warn(f"{object_id!r} names itself in :{name}:; it was left out", "self-reference", line)
            found = tuple(id_ for id_ in found if id_ != object_id)
        return found

    def words(self, name: str) -> tuple[str, ...]:
        """A comma-separated option of free words (themes)."""
        return tuple(dict.fromkeys(w.strip().lower() for w in self.option(name).split(",") if w.strip()))

    def check_options(self) -> None:
        self.check_repeated_options()
        self.check_run_on_options()
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

    def check_repeated_options(self) -> None:
        for name, lines in self.option_lines().items():
            if len(lines) > 1:
                times = "twice" if len(lines) == 2 else f"{len(lines)} times"
                where = ", ".join(map(str, lines[:-1])) + f" and {lines[-1]}"
                self.warn(f":{name}: is given {times} (lines {where}); only the last is read: keep one",
                          "duplicate-option", lines[1])

    def check_run_on_options(self) -> None:
        """An option whose value runs on into an option line: docutils reads a more indented one so."""
        for name, value in self.options.items():
            stray = [match["name"] for line in str(value or "").splitlines()[1:]
                     if (match := OPTION_LINE.match(line))]
            if not stray:
                continue
            line = next((number for number, text in self.option_block()
                         if (match := OPTION_LINE.match(text)) and match["name"] == stray[0]), None)
            names = ", ".join(f":{other}:" for other in stray)
            self.warn(f":{name}: runs on into {names}, which became part of its value, not an option: "
                      f"{ONE_OPTION_A_LINE}", "stray-option", line)

    def check_body_start(self) -> bool:
        """Whether the body opens with option lines, which the parser read as text (and say so).

        An option block ends at the first line that does not start with ":" (an indented
        continuation, a blank line); the options after it become the body's first paragraph.
        """
        lines = list(self.content)
        first = next((index for index, line in enumerate(lines) if line.strip()), None)
        if first is None:
            return False
        paragraph = takewhile(lambda line: line.strip() and not ANY_DIRECTIVE.match(line), lines[first:])
        stray = [(first + offset, match["name"]) for offset, line in enumerate(paragraph)
                 if (match := OPTION_LINE.match(line))]
        if not stray:
            return False
        names = ", ".join(f":{name}:" for _, name in stray)
        self.warn(f"the option block ends at line {self.body_line(0) - 1}, so the options after it were "
                  f"read as body text: {names}; {ONE_OPTION_A_LINE}", "stray-option",
                  self.body_line(stray[0][0]))
        return True

    def check_extra_input(self, stray_options: bool) -> None:
        """An argument or a body the directive does not take is ignored, and said to be."""
        if not self.takes_id and self.arguments:
            self.warn(f"takes no argument; {self.arguments[0]!r} was ignored", "unexpected-content")
        text = [index for index, line in enumerate(self.content) if line.strip()]
        if not self.takes_body and text and not stray_options:
            self.warn(f"takes no body; the text from line {self.body_line(text[0])} on was ignored",
                      "unexpected-content", self.body_line(text[0]))

    def check_nesting(self) -> None:
        outer = self.env.temp_data.get(ENCLOSING)
        if outer:
            self.warn(f"is written inside the body of {outer[-1]}, and lw objects don't nest: move it "
                      "out, after that directive's end (it is kept where it is for now)", "nesting")

    @contextmanager
    def enclosing(self) -> Iterator[None]:
        """While this object's body is parsed, lw directives in it know they are nested."""
        stack = self.env.temp_data.setdefault(ENCLOSING, [])
        stack.append(f"the {self.directive_name} at line {self.lineno}")
        try:
            yield
        finally:
            stack.pop()

    def text_body(self) -> tuple[list[str], list[nodes.Node]]:
        """A plain-text body's paragraphs, and the lw directives written inside it, parsed.

        Such a directive is never read as words: it is kept, after this object, and warned
        about as nested.
        """
        lines = list(self.content)
        blocks = nested_lw_blocks(lines)
        for start, stop in blocks:
            lines[start:stop] = [""] * (stop - start)
        parsed: list[nodes.Node] = []
        with self.enclosing():
            for start, stop in blocks:
                parsed += nested_parse_to_nodes(self.state, self.content[start:stop],
                                                offset=self.content_offset + start,
                                                allow_section_headings=False)
        return plain_paragraphs(lines), parsed

    def parse_body(self) -> list[nodes.Node]:
        if not self.content:
            return []
        with self.enclosing():
            return self.parse_content_to_nodes()

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

    def placeholder(self, kind: str, **params) -> lw_pending:
        """Where the page shows data from other pages, filled by ``kind``'s renderer; noted in
        the page's records so the page's digest and the option checks see it after reading."""
        frozen = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))
        self.domain.document(self.env.docname).placeholders.append(
            Placeholder(kind, self.env.docname, self.lineno, frozen))
        node = pending(kind, **params)
        self.set_source_info(node)
        return node

    def xref_list(self, type_: str, targets) -> list[nodes.Node]:
        """Links separated by commas, for a field in a panel, with short labels."""
        return separated(self.xref(type_, target, lw_short=True) for target in targets)

    # -- the shape of run() ------------------------------------------------------------------------

    def run(self) -> list[nodes.Node]:
        self.check_options()
        self.check_nesting()
        self.check_extra_input(stray_options=self.check_body_start())
        object_id = self.object_id() if self.takes_id else None
        if self.takes_id and object_id is None:
            return []
        self.id_lists = {option: self.linked_ids(option, object_id) for option in self.id_list_options}
        for option, type_ in self.id_list_options.items():
            self.note_links(type_, self.id_lists[option])
        result = self.render(object_id)
        for node in result:
            if isinstance(node, lw_block):  # so page-level checks can name the line
                self.set_source_info(node)
        return result

    def render(self, object_id: str | None) -> list[nodes.Node]:
        raise NotImplementedError


class ViewDirective(LwDirective):
    """Base of directives that show data from every page (views, reports).

    Such a page is written again whenever any page's lw data changes, and its
    content is a placeholder of the directive's own kind, filled when written.
    """

    takes_id = False
    takes_body = False

    def serial(self) -> int:
        """This view's number among views of its kind in the project, from 1."""
        return self.env.new_serialno(f"lw-{self.object_type}") + 1

    def view(self, *, label: str | None = None, anchor: str | None = None,
             attributes: dict[str, str] | None = None, **parameters) -> list[nodes.Node]:
        node = self.placeholder(self.object_type, **parameters)
        return [block(self.object_type, node, label=label, anchor=anchor, attributes=attributes)]


def slug(text: str) -> str:
    """Lowercase ASCII letters, digits and single hyphens: accents dropped, anything else a hyphen."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def slugify(text: str) -> str:
    """An id to suggest for ``text``."""
    return slug(text) or "an-id"


def separated(items, separator: str = ", ") -> list[nodes.Node]:
    """Nodes (links, mostly) with ``separator`` between them, for a line of a panel."""
    joined: list[nodes.Node] = []
    for position, item in enumerate(items):
        if position:
            joined.append(nodes.Text(separator))
        joined.append(item)
    return joined


def field_row(label: str, *content: nodes.Node, class_: str) -> nodes.paragraph:
    """One labelled line of a panel: **Label:** content."""
    paragraph = nodes.paragraph(classes=["lw-field", f"lw-field-{class_}"])
    paragraph += nodes.strong(text=f"{label}: " if content else f"{label}:")
    paragraph.extend(content)
    return paragraph
