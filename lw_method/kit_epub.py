"""The handbook as an e-book: Sphinx's EPUB 3 builder, with what an accessible e-book needs.

Sphinx writes the EPUB; this module, for the ``epub`` builder only:

* puts the extension's stylesheets into the book (HTML builds copy them when the build ends,
  which is after an EPUB is zipped) and leaves out the files an e-book cannot use (the
  edition marker, scripts' data);
* takes out what only a browser with JavaScript uses: the JSON a page script reads
  (``lw_data``), whose text XHTML would not accept; every view shows the same facts as text;
* declares what the pages hold (``svg`` for the evidence map's inline drawing) and adds
  schema.org accessibility metadata to the package document (``content.opf``), from
  ``lw_epub_accessibility`` (``accessMode``, ``accessibilityFeature``, ``accessibilityHazard``,
  ``accessibilitySummary`` …), the way the EPUB Accessibility specification asks;
* gives the book a version when ``conf.py`` sets none (EPUB 3 needs one): the build's date.
"""

from __future__ import annotations

import datetime
import re
from html import escape
from pathlib import Path

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from .assets import STATIC_DIR
from .nodes import lw_data
from .resolve import builder_name

#: what a reader (or a reading system) should know before opening the book
DEFAULT_ACCESSIBILITY = {
    "accessMode": ["textual", "visual"],
    "accessModeSufficient": ["textual"],
    "accessibilityFeature": ["structuralNavigation", "tableOfContents", "readingOrder",
                             "alternativeText", "longDescription", "displayTransformability"],
    "accessibilityHazard": ["none"],
    "accessibilitySummary": (
        "A reflowable e-book whose reading order follows the handbook, with headings and a table "
        "of contents for navigation. Every drawing has a text alternative, and the evidence map is "
        "also set out in words beneath it. Pages about suicide, bereavement or serious mental "
        "distress open with a content note and where to find support."),
}
#: files of the output folder an e-book leaves out: the edition marker (publish_guard) and the
#: export an earlier build of the same folder wrote (it is written when a build ends)
NOT_IN_THE_BOOK = (".lw-edition", "lw-method.json")


def is_epub(app) -> bool:
    return app.builder is not None and app.builder.name == "epub"


def prepare(app) -> None:
    """Before Sphinx checks the EPUB settings: a version, and the files to leave out."""
    if not is_epub(app):
        return
    if not app.config.version:
        app.config.version = datetime.date.today().isoformat()
    app.config.epub_exclude_files = [*app.config.epub_exclude_files,
                                     *(name for name in NOT_IN_THE_BOOK if name not in app.config.epub_exclude_files)]
    builder = app.builder
    build_content = builder.build_content

    def build_content_with_metadata() -> None:
        copy_stylesheets(app)
        build_content()
        declare(Path(app.outdir), app.config.lw_epub_accessibility)

    builder.build_content = build_content_with_metadata


def copy_stylesheets(app) -> None:
    """The extension's stylesheets the pages link, into the book's ``_static``."""
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    for filename, _attributes in app.registry.css_files:  # what extensions added (add_css_file)
        name = Path(str(filename)).name
        if (STATIC_DIR / name).is_file():
            css = (STATIC_DIR / name).read_text(encoding="utf-8")
            (static / name).write_text(for_reading_systems(css), encoding="utf-8")


def for_reading_systems(css: str) -> str:
    """A web stylesheet as e-book reading systems (and EPUBCheck's CSS 2.1 parser) take it:
    ``:is(a, b) x`` written out as ``a x, b x``; rules that need ``:has()`` or ``:where()``,
    which lay out a web theme's header and sidebars, left out."""
    return _rules(re.sub(r"/\*.*?\*/", "", css, flags=re.S))


def _rules(text: str) -> str:
    result, position = [], 0
    while True:
        brace = text.find("{", position)
        if brace < 0:
            result.append(text[position:])
            return "".join(result)
        depth, end = 0, brace
        for end in range(brace, len(text)):
            depth += {"{": 1, "}": -1}.get(text[end], 0)
            if depth == 0:
                break
        selector, body = text[position:brace].strip(), text[brace + 1:end]
        if selector.startswith(("@media", "@supports")):
            result.append(f"{selector} {{\n{_rules(body)}}}\n")
        elif selector.startswith("@"):
            result.append(f"{selector} {{{body}}}\n")
        else:
            kept = [one for part in _split(selector) if ":has(" not in part and ":where(" not in part
                    for one in _expand_is(part)]
            if kept:
                result.append(f"{', '.join(kept)} {{{body}}}\n")
        position = end + 1


def _split(selector: str) -> list[str]:
    """A selector list's selectors (commas inside parentheses kept)."""
    parts, depth, current = [], 0, ""
    for char in selector:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    return [*parts, current.strip()] if current.strip() else parts


def _expand_is(selector: str) -> list[str]:
    start = selector.find(":is(")
    if start < 0:
        return [" ".join(selector.split())]
    depth = 0
    for end in range(start + 3, len(selector)):
        depth += {"(": 1, ")": -1}.get(selector[end], 0)
        if depth == 0:
            break
    options = _split(selector[start + 4:end])
    return [one for option in options for one in _expand_is(selector[:start] + option + selector[end + 1:])]


_ITEM = re.compile(r'<item id="(?P<id>[^"]*)" href="(?P<href>[^"]*)" media-type="application/xhtml\+xml" />')


def declare(outdir: Path, accessibility: dict) -> None:
    """Add the accessibility metadata to ``content.opf``, mark pages with inline SVG, and drop
    metadata Sphinx writes empty."""
    opf = outdir / "content.opf"
    text = opf.read_text(encoding="utf-8")
    text = re.sub(r'\s*<meta property="[^"]+"></meta>', "", text)  # e.g. an empty ibooks:version

    def properties(match: re.Match) -> str:
        page = outdir / match["href"].replace("%20", " ")
        if page.is_file() and "<svg" in page.read_text(encoding="utf-8"):
            return match[0].replace(" />", ' properties="svg" />')
        return match[0]

    text = _ITEM.sub(properties, text)
    lines = []
    for name, value in {**DEFAULT_ACCESSIBILITY, **(accessibility or {})}.items():
        for one in value if isinstance(value, (list, tuple)) else [value]:
            lines.append(f'    <meta property="schema:{escape(name)}">{escape(str(one))}</meta>')
    text = text.replace("  </metadata>", "\n".join(lines) + "\n  </metadata>", 1)
    opf.write_text(text, encoding="utf-8")


class LeaveOutScriptData(SphinxPostTransform):
    """In an e-book, no ``<script>`` data: nothing runs it, and the page shows the same facts."""

    default_priority = 21
    formats = ("html",)

    def run(self, **kwargs) -> None:
        name = builder_name(self)
        if name != "epub":
            return
        for node in list(self.document.findall(lw_data)):
            node.parent.remove(node)
        for node in list(self.document.findall(nodes.raw)):
            if "html" in node.get("format", "").split() and "<script" in node.astext():
                node.parent.remove(node)


def setup(app) -> None:
    app.add_config_value("lw_epub_accessibility", {}, "env", types=(dict,))
    app.connect("builder-inited", prepare, priority=100)
    app.add_post_transform(LeaveOutScriptData)
