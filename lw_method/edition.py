"""Editions: stories marked ``:visibility: internal`` stay out of a public build.

Which pages hold internal stories is decided from the sources before Sphinx
reads anything, so those pages are excluded outright: never read, written,
indexed or exported.  Toctrees skip them silently, and what other pages show of
them (excerpts, links) becomes a neutral placeholder, so the build stays clean.
``lw_edition = "internal"`` builds everything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from docutils.statemachine import StringList
from sphinx.directives.other import TocTree
from sphinx.util import docname_join
from sphinx.util.matching import Matcher

EDITIONS = ("public", "internal")
VISIBILITIES = ("public", "internal")

_OPENER = re.compile(r"^\s*(?::{3,}|`{3,})\{lw:(story|quote)\}\s*(\S*)|^\s*\.\.\s+lw:(story|quote)::\s*(\S*)")
_OPTION = re.compile(r"^\s*:([a-z-]+):\s*(.*)$")


@dataclass
class Withheld:
    """What a public build leaves out: pages, and the stories and quotes they define."""

    docnames: set[str] = field(default_factory=set)
    #: their source files, relative to the source folder (for exclude_patterns)
    sources: set[str] = field(default_factory=set)
    stories: set[str] = field(default_factory=set)
    quotes: set[str] = field(default_factory=set)

    def holds(self, type_: str, id_: str) -> bool:
        return id_ in {"story": self.stories, "quote": self.quotes}.get(type_, ())


def scan_source(text: str) -> tuple[bool, set[str], set[str]]:
    """(has an internal story, story ids, quote ids) defined in one source file."""
    lines = text.splitlines()
    internal, stories, quotes = False, set(), set()
    for index, line in enumerate(lines):
        match = _OPENER.match(line)
        if not match:
            continue
        kind = match.group(1) or match.group(3)
        ident = match.group(2) or match.group(4)
        (stories if kind == "story" else quotes).add(ident)
        if kind == "story":
            for option_line in lines[index + 1:]:
                option = _OPTION.match(option_line)
                if not option:
                    break
                if option.group(1) == "visibility" and option.group(2).strip().lower() == "internal":
                    internal = True
    return internal, stories, quotes


def find_withheld(srcdir: Path, suffixes, exclude_patterns) -> Withheld:
    withheld = Withheld()
    excluded = Matcher(exclude_patterns)
    for suffix in suffixes:
        for path in sorted(srcdir.rglob(f"*{suffix}")):
            relative = path.relative_to(srcdir).as_posix()
            if excluded(relative) or any(part.startswith(".") for part in path.parts):
                continue
            internal, stories, quotes = scan_source(path.read_text(encoding="utf-8", errors="replace"))
            if internal:
                withheld.docnames.add(relative[: -len(suffix)])
                withheld.sources.add(relative)
                withheld.stories |= stories
                withheld.quotes |= quotes
    return withheld


def on_config_inited(app, config) -> None:
    """Decide the edition's pages before Sphinx looks for documents."""
    if config.lw_edition not in EDITIONS:
        from .report import warn

        warn(f"lw_edition must be one of {', '.join(EDITIONS)}, not {config.lw_edition!r}; "
             "building the public edition", None, "bad-value")
        config.lw_edition = "public"
    if config.lw_edition == "internal":
        config.lw_withheld = Withheld()
        return
    withheld = find_withheld(Path(app.srcdir), list(config.source_suffix), config.exclude_patterns)
    config.lw_withheld = withheld
    config.exclude_patterns = [*config.exclude_patterns, *sorted(withheld.sources)]
    if withheld.docnames:
        # a public page's source may quote a withheld story in an excerpt's body
        config.html_copy_source = False


class EditionTocTree(TocTree):
    """The toctree, skipping pages the edition withholds instead of warning about them."""

    def run(self):
        withheld = self.config.lw_withheld.docnames
        if withheld:
            keep = [index for index, entry in enumerate(self.content)
                    if docname_join(self.env.docname, _target(entry)) not in withheld]
            self.content = StringList([self.content[i] for i in keep],
                                      items=[self.content.items[i] for i in keep])
        return super().run()


def _target(entry: str) -> str:
    explicit = re.match(r"^(.+?)\s*<(.+)>$", entry.strip())
    return (explicit.group(2) if explicit else entry.strip()).removesuffix(".md").removesuffix(".rst")
