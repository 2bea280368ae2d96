"""The last line of defence: a public build fails rather than publish withheld content.

When a public build ends, files an earlier build left for withheld pages are
removed, then every file in the output folder is read and checked for the
withheld objects' ids, anchors, pages and words.  A hit deletes the file and
fails the build with an error naming it: an error, not a warning, because a
build without ``-W`` would ignore a warning and publish.

An edition builds into its own folder: a build that finds another edition's
output in its folder empties the folder first.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import zlib
from dataclasses import dataclass
from pathlib import Path

from .edition import Withheld, digest_of, unwritten_pages, word_list
from .records import DocumentData
from .site_structure import page_file
from .warnings import fail

EDITION_MARK = ".lw-edition"
#: files read as text when checked (others, such as images, are checked as bytes for ids)
TEXT_SUFFIXES = {".html", ".htm", ".js", ".json", ".txt", ".tex", ".xml", ".xhtml", ".css", ".md",
                 ".rst", ".svg", ".opf", ".ncx", ".csv", ".inv", ".fjson", ".sty", ".log", ""}
_TAG = re.compile(r"<[^>]*>")
_TEX_COMMAND = re.compile(r"\\[A-Za-z]+\*?")


@dataclass(frozen=True)
class Hit:
    path: Path
    found: str


def refuse_withheld_root(app, withheld: Withheld) -> None:
    """The home page cannot be left out: a public build with an internal story on it fails
    (the page is not written)."""
    root = app.config.root_doc
    if root not in withheld.docnames:
        return
    stories = app.env.domains["lw"].documents.get(root, DocumentData()).of_type("story")
    fail(app, "the home page holds a story that is not public, and the public edition cannot "
         "leave out its home page: move the story to a page of its own",
         (root, stories[0].lineno if stories else None), "withheld")


# -- one folder per edition ----------------------------------------------------------------------

def claim_output_folder(app) -> None:
    """Empty the output folder when it holds another edition's build, then mark it as ours."""
    outdir = Path(app.outdir)
    mark = outdir / EDITION_MARK
    edition = app.config.lw_edition
    previous = mark.read_text(encoding="utf-8").strip() if mark.is_file() else None
    if previous is not None and previous != edition:
        from sphinx.util import logging

        logging.getLogger("lw_method").info(
            f"{outdir} held the {previous} edition; emptied it for the {edition} edition")
        for child in outdir.iterdir():
            shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
    outdir.mkdir(parents=True, exist_ok=True)
    mark.write_text(edition + "\n", encoding="utf-8")


# -- what an earlier build left ------------------------------------------------------------------

def remove_leftovers(app, outdir: Path, targets: dict[str, str]) -> list[Path]:
    """Delete the pages, sources and images that earlier builds wrote for withheld pages."""
    removed: list[Path] = []
    for target in targets.values():
        removed += _remove(outdir / target)
    if app.builder.format == "html":
        # this build copies no sources: an excerpt's source may hold withheld words
        removed += _remove(outdir / "_sources")
        removed += _remove_unused_images(app, outdir / "_images")
    return removed


def _remove(path: Path) -> list[Path]:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
        return [path]
    if path.exists():
        path.unlink()
        return [path]
    return []


def _remove_unused_images(app, images_dir: Path) -> list[Path]:
    """Images no page of this edition shows (a withheld page's doctree is empty: it has none)."""
    if not images_dir.is_dir():
        return []
    used = {unique_name for _docnames, unique_name in app.env.images.values()}
    stale = [p for p in sorted(images_dir.iterdir()) if p.is_file() and p.name not in used]
    for path in stale:
        path.unlink()
    return stale


# -- the check -----------------------------------------------------------------------------------

def _any_of(strings) -> re.Pattern | None:
    """One pattern for whole occurrences of any of ``strings`` (not inside a longer id)."""
    strings = sorted(set(strings), key=len, reverse=True)
    if not strings:
        return None
    return re.compile(r"(?<![\w./-])(?:" + "|".join(map(re.escape, strings)) + r")(?![\w-])")


def as_linked(path: str, dirhtml: bool) -> str:
    """A page's file as links name it: dirhtml links ``pia/index.html`` as ``pia/``."""
    return path.removesuffix("index.html") if dirhtml and path.endswith("/index.html") else path


def _one_of(strings) -> re.Pattern | None:
    return re.compile("|".join(map(re.escape, sorted(strings)))) if strings else None


@dataclass(frozen=True)
class Marks:
    """What no public file may contain, by the kind of file that could hold it."""

    anchors: re.Pattern | None
    #: quoted ids and pages, for the export and other JSON
    quoted: re.Pattern | None
    #: quoted pages only, for scripts (a search index quotes every word: an id may be one)
    quoted_pages: re.Pattern | None
    targets: dict[str, str]
    #: whether pages are linked as folders (``pia/``), as the dirhtml builder links them
    dirhtml: bool = False

    @classmethod
    def of(cls, withheld: Withheld, targets: dict[str, str], dirhtml: bool = False) -> Marks:
        ids = {f'"{id_}"' for _type, id_ in withheld.objects}
        pages = {f'"{doc}"' for doc in withheld.docnames}
        return cls(_any_of(withheld.anchors), _one_of(ids | pages), _one_of(pages), targets, dirhtml)

    def found_in(self, path: Path, outdir: Path, text: str) -> str | None:
        quoted = {".json": self.quoted, ".js": self.quoted_pages}.get(path.suffix)
        for pattern in (self.anchors, quoted):
            match = pattern.search(text) if pattern else None
            if match:
                return f"the withheld id {match.group(0)!r}"
        if path.suffix in (".html", ".htm", ".xhtml"):
            links = [as_linked(os.path.relpath(outdir / target, path.parent).replace(os.sep, "/"),
                               self.dirhtml) for target in self.targets.values()]
            match = _any_of(links).search(text) if links else None
            if match:
                return f"a link to the withheld page {match.group(0)!r}"
        return None


def readable_text(path: Path, data: bytes) -> str:
    """The file's text for the check: an inventory decompressed, markup and entities undone."""
    if path.name.endswith(".inv"):
        head, _, body = data.partition(b"zlib.\n")
        try:
            data = head + zlib.decompress(body)
        except zlib.error:
            pass
    text = data.decode("utf-8", errors="replace")
    return text


def words_of(path: Path, text: str) -> list[str]:
    """The words a reader would see: tags, entities, LaTeX commands and JSON escapes undone."""
    if path.suffix in (".json", ".js"):
        try:
            text = json.dumps(json.loads(text), ensure_ascii=False)
        except ValueError:
            pass
    if path.suffix == ".tex":
        text = _TEX_COMMAND.sub(" ", text)
    return word_list(html.unescape(_TAG.sub(" ", text)))


def find_withheld_content(outdir: Path, withheld: Withheld, targets: dict[str, str],
                          skip: Path | None = None, dirhtml: bool = False) -> list[Hit]:
    """Every output file that holds a withheld id, anchor, page link or run of words
    (outside ``skip``, the doctrees when they are inside the output folder)."""
    marks = Marks.of(withheld, targets, dirhtml)
    lengths = withheld.run_lengths
    hits: list[Hit] = []
    for path in sorted(p for p in outdir.rglob("*") if p.is_file()):
        if path.name == EDITION_MARK or (skip and path.resolve().is_relative_to(skip)):
            continue
        text = readable_text(path, path.read_bytes())
        found = marks.found_in(path, outdir, text)
        if found is None and lengths and path.suffix.lower() in TEXT_SUFFIXES:
            words = words_of(path, text)
            run = next((run for n in lengths for i in range(len(words) - n + 1)
                        if digest_of(run := words[i:i + n]) in withheld.fingerprint), None)
            found = f"withheld words ({' '.join(run)!r})" if run else None
        if found is not None:
            hits.append(Hit(path, found))
    return hits


def page_targets(app, withheld: Withheld) -> dict[str, str]:
    """Docname → the file a withheld page would be in this output (``stories/pia.html``…)."""
    files = {doc: page_file(app, doc) for doc in unwritten_pages(app, withheld)}
    return {doc: page.as_posix() for doc, page in files.items() if page is not None}


def guard_public_output(app, exception) -> None:
    """At the end of a public build: remove leftovers, then fail on any withheld content."""
    if exception is not None or app.config.lw_edition != "public":
        return
    withheld = app.env.domains["lw"].derived.withheld
    if not withheld:
        return
    outdir = Path(app.outdir)
    doctrees = Path(app.doctreedir).resolve()
    if doctrees.is_relative_to(outdir.resolve()):
        fail(app, f"{doctrees}: the doctrees are inside the published folder, and they hold what "
             "every page was read from, internal stories included: build with -d and a folder "
             "outside it (as make html and lw-method build do)", None, "withheld")
    targets = page_targets(app, withheld)
    remove_leftovers(app, outdir, targets)
    hits = find_withheld_content(outdir, withheld, targets, skip=doctrees,
                                 dirhtml=app.builder.name == "dirhtml")
    if not hits:
        return
    for hit in hits:
        hit.path.unlink(missing_ok=True)
        fail(app, f"{hit.path}: this public output held {hit.found}, which the edition "
             "withholds, so the file was deleted and the build fails: keep an internal story's "
             "words and ids out of public pages, or build the internal edition into its own "
             "folder", None, "withheld")
