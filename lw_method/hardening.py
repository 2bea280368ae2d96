"""Checks on what authors wrote that need a whole source file or a whole parsed page.

- A source that is not valid text in ``source_encoding`` (UTF-8 by default) would stop
  Sphinx with a traceback; it is reported with the file and the line of its first bad
  byte, and read with each undecodable byte shown as U+FFFD, so the build goes on.
- An object's anchor that a heading or label on the same page also produces would give
  the page two elements with one id, and links could land on either; it is reported at
  the object.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from docutils import nodes

from .nodes import lw_block
from .warnings import warn

#: prefix of the codec that reads a source in its encoding, replacing bytes it cannot decode
LENIENT_CODEC = "lw_lenient_"


@dataclass(frozen=True)
class BadByte:
    """Where a source first fails to decode."""

    line: int
    column: int
    byte: int


def first_bad_byte(data: bytes, encoding: str) -> BadByte | None:
    try:
        data.decode(encoding)
    except UnicodeDecodeError as error:
        before = data[:error.start]
        line_start = before.rfind(b"\n") + 1
        return BadByte(before.count(b"\n") + 1, error.start - line_start + 1, data[error.start])
    return None


def _lenient_codec(name: str) -> codecs.CodecInfo | None:
    """``lw_lenient_<encoding>``: the encoding, with undecodable bytes replaced, not raised."""
    if not name.startswith(LENIENT_CODEC):
        return None
    base = codecs.lookup(name.removeprefix(LENIENT_CODEC))

    class Decoder(base.incrementaldecoder):
        def __init__(self, errors: str = "strict") -> None:
            super().__init__("replace")

    return codecs.CodecInfo(base.encode, lambda data, errors="strict": base.decode(data, "replace"),
                            incrementalencoder=base.incrementalencoder, incrementaldecoder=Decoder,
                            streamreader=base.streamreader, streamwriter=base.streamwriter,
                            name=name)


codecs.register(_lenient_codec)  # once per process: a codec search function can't be removed by name


def _shown(encoding: str) -> str:
    """The encoding's name as people know it (``utf-8-sig``, Sphinx's default, is UTF-8)."""
    name = codecs.lookup(encoding).name
    return "UTF-8" if name in {"utf-8", "utf-8-sig"} else name


def check_sources(app, env, docnames: list[str]) -> None:
    """Report each source about to be read that is not text in its encoding, then read it leniently.

    Sphinx reads every source with ``env.settings["input_encoding"]`` and raises on a bad
    byte; once one is reported, reading with the lenient codec lets the page (and the
    build) go on, with U+FFFD where the bad bytes were.
    """
    encoding = env.settings["input_encoding"].removeprefix(LENIENT_CODEC)
    found_bad = False
    for docname in docnames:
        try:
            bad = first_bad_byte(env.doc2path(docname).read_bytes(), encoding)
        except OSError:
            continue  # Sphinx reports a file it cannot open
        if bad is not None:
            found_bad = True
            warn(f"this file is not valid {_shown(encoding)} text: byte 0x{bad.byte:02x} at line {bad.line}, "
                 f"column {bad.column} cannot be decoded (was it saved as Latin-1 or Windows-1252?); the "
                 f"page is built with \ufffd in its place: save the file as {_shown(encoding)}",
                 (docname, bad.line), "bad-source")
    env.settings["input_encoding"] = f"{LENIENT_CODEC}{encoding}" if found_bad else encoding


def _object_type(block: lw_block) -> str:
    return block["classes"][0].removeprefix("lw-")


def _described(node: nodes.Element, block: lw_block) -> str:
    """How an author would recognise the other element with the object's id."""
    if node is block:  # a label written straight before the object gives it its anchor again
        return f"the label ({node['names'][0]})= before it" if node.get("names") else "itself"
    line = node.line or nodes.get_source_line(node)[1]
    at = f" (line {line})" if line else ""
    if isinstance(node, nodes.section) and node.children:
        return f"the heading “{node[0].astext()}”{at}"
    if isinstance(node, lw_block):
        return f"the lw:{_object_type(node)}{at}"
    if node.get("names"):
        return f"the label ({node['names'][0]})={at}"
    return f"a {node.tagname}{at}"


def check_anchor_clashes(app, doctree: nodes.document) -> None:
    """An lw object's anchor must be the only element with that id on its page.

    Two objects of one type with one id are already a duplicate id; any other element
    (a heading whose title slugs to ``lw-quote-…``, an explicit label) is a clash.
    """
    holders: dict[str, list[nodes.Element]] = {}
    for node in doctree.findall(nodes.Element):
        for id_ in node["ids"]:
            holders.setdefault(id_, []).append(node)
    for id_, elements in holders.items():
        blocks = [node for node in elements if isinstance(node, lw_block)]
        if len(elements) < 2 or not blocks:
            continue
        block = blocks[0]
        if len(blocks) == len(set(map(id, elements))) and len({_object_type(b) for b in blocks}) == 1:
            continue  # several objects of one type and id: reported as a duplicate id
        other = next((node for node in elements if node is not block), block)
        warn(f"lw:{_object_type(block)}: its anchor {id_!r} is also the id of {_described(other, block)}, "
             "so the page would have two elements with one id and links could land on either: "
             "rename the heading or label (or the object)", block, "anchor-clash")


def setup(app) -> None:
    """Connect the page-level checks."""
    app.connect("env-before-read-docs", check_sources)
    app.connect("doctree-read", check_anchor_clashes)
