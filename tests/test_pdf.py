"""The handbook as a PDF: built once from docs/ with Sphinx's LaTeX builder and xelatex.

Checked with pypdf and pdftotext, as a reader would meet it: every internal link lands on a
destination, excerpts and quotes link to each other, every object's words are in the text,
the outline has the parts and chapters, the metadata is set, and the LaTeX log is clean.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from pypdf import PdfReader

from conftest import pdf_link_targets

PROJECT = Path(__file__).resolve().parents[1]
DOCS = PROJECT / "docs"
NAME = "living-well-handbook"
TITLE = "Living Well practice handbook"

#: the widest overfull line the log may report, in points (a hair, not clipped text)
OVERFULL_TOLERANCE = 1.0


def sphinx(builder: str, out: Path, doctrees: Path, *strict: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", builder, *strict, "-q", "-d", str(doctrees),
         "-c", str(PROJECT / "conf"), str(DOCS), str(out)],
        capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def built(tmp_path_factory, handbook_site) -> dict:
    for tool in ("xelatex", "latexmk", "pdftotext"):
        if not shutil.which(tool):
            pytest.fail(f"{tool} is needed to build and read the PDF: run 'make system-deps'")
    root = tmp_path_factory.mktemp("pdf")
    latex = root / "latex"
    sphinx("latex", latex, root / "doctrees-latex", "-n", "-W", "--keep-going")
    run = subprocess.run(["latexmk", "-pdfxe", "-interaction=nonstopmode", "-halt-on-error", f"{NAME}.tex"],
                         cwd=latex, capture_output=True, text=True, timeout=600)
    log = (latex / f"{NAME}.log").read_text(encoding="utf-8", errors="replace")
    assert run.returncode == 0, log[-3000:]
    # the objects, as the (shared, strict) HTML build exports them
    export = json.loads((handbook_site / "lw-method.json").read_text(encoding="utf-8"))
    pdf = latex / f"{NAME}.pdf"
    pages = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    return {"pdf": pdf, "reader": PdfReader(pdf), "log": log, "pages": pages,
            "aux": (latex / f"{NAME}.aux").read_text(encoding="utf-8", errors="replace"),
            "objects": export["objects"]}


# -- reading the PDF ---------------------------------------------------------------------------

def squeeze(text: str) -> str:
    """Letters and digits only, lower case: spacing, line breaks, hyphenation at line ends,
    typographic quotes, dashes and ligatures don't count."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in text if ch.isalnum())


def body_text(pages: list[str], folios: list[str]) -> str:
    """The text of every page without its running head and page number (``folios``: each
    page's label; pdftotext puts the number on the last line of text when that line ends
    at the foot of the text block, as a panel broken across pages does)."""
    kept = []
    for page, folio in zip(pages, folios):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        if TITLE in lines:  # a page with a running head: chapter title first, book title
            lines = lines[1:] if lines and lines[0] != TITLE else lines
            lines = [line for line in lines if line != TITLE]
        if lines and lines[-1] == folio:
            lines = lines[:-1]
        elif lines and lines[-1].endswith(f" {folio}"):
            lines[-1] = lines[-1].removesuffix(f" {folio}")
        kept.append("\n".join(lines))
    return "\n".join(kept)


def anchors_of_labels(aux: str) -> dict[str, str]:
    """Each LaTeX label (docname:anchor) and the PDF destination hyperref gave it."""
    return {label: anchor for label, anchor in
            re.findall(r"\\newlabel\{([^}]*)\}\{\{[^}]*\}\{[^}]*\}\{.*?\}\{([^}]*)\}\{[^}]*\}\}", aux)}


def label(url: str) -> str:
    """``stories/pat.html#lw-quote-x`` → ``stories/pat:lw-quote-x`` (Sphinx's LaTeX label)."""
    parts = urlsplit(url)
    return f"{parts.path.removesuffix('.html')}:{parts.fragment}"


def outline(reader: PdfReader) -> list[tuple[int, str]]:
    entries: list[tuple[int, str]] = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                entries.append((depth, item.title))
    walk(reader.outline, 0)
    return entries


def page_title(docname: str) -> str:
    for line in (DOCS / f"{docname}.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    raise AssertionError(f"{docname} has no title")


# -- the checks --------------------------------------------------------------------------------

def test_every_internal_link_lands_on_a_destination(built):
    destinations = set(built["reader"].named_destinations)
    targets = pdf_link_targets(built["reader"])
    assert len(targets) > 1000
    missing = sorted(set(targets) - destinations)
    assert not missing, missing[:10]


def test_excerpts_and_quotes_link_both_ways_and_every_object_is_a_target(built):
    anchors = anchors_of_labels(built["aux"])
    targets = set(pdf_link_targets(built["reader"]))
    by_key = {(o["type"], o["id"]): o for o in built["objects"]}
    problems = []
    for insight in (o for o in built["objects"] if o["type"] == "insight"):
        for excerpt in insight["excerpts"]:
            quote = by_key[("quote", excerpt["quote"])]
            # "read the full story" from the excerpt, "Cited in" back from the quote
            for what, url in (("quote", quote["url"]), ("excerpt", excerpt["url"])):
                anchor = anchors.get(label(url))
                if anchor is None or anchor not in targets:
                    problems.append(f"no link to the {what} {label(url)} ({insight['id']})")
    for entry in built["objects"]:
        if entry["type"] in ("story", "insight", "method", "check"):
            anchor = anchors.get(label(entry["url"]))
            if anchor is None or anchor not in targets:
                problems.append(f"nothing links to {entry['type']} {entry['id']}")
    assert not problems, problems[:20]


def test_every_object_is_in_the_text(built):
    text = squeeze(body_text(built["pages"], built["reader"].page_labels))
    missing = []

    def expect(entry: dict, *fields: str) -> None:
        for words in fields:
            if words and squeeze(words) not in text:
                missing.append(f"{entry['type']} {entry['id']}: {words[:70]!r}")

    quotes = {o["id"]: o for o in built["objects"] if o["type"] == "quote"}
    for entry in built["objects"]:
        kind = entry["type"]
        if kind == "story":
            expect(entry, entry["name"], entry["role"], entry["site"], entry["summary"])
        elif kind == "quote":
            expect(entry, entry["text"])
        elif kind == "insight":
            statement = entry["title"].split(": ", 1)[-1]
            expect(entry, f"Insight {entry['number']} {statement}")
            for excerpt in entry["excerpts"]:
                expect(entry, excerpt["text"] or quotes[excerpt["quote"]]["text"],
                       excerpt["editorial_note"])
        elif kind == "method":
            expect(entry, entry["title"], entry["summary"])
        elif kind == "check":
            expect(entry, entry["text"])
    counts = {kind: sum(o["type"] == kind for o in built["objects"])
              for kind in ("story", "quote", "insight", "method", "check")}
    assert min(counts.values()) > 0, counts
    assert not missing, missing[:20]


def test_no_unresolved_reference_shows(built):
    text = "\n".join(built["pages"])
    assert "??" not in text
    assert "lw_pending" not in text and "lw_block" not in text


def test_the_outline_has_the_parts_and_their_chapters(built):
    entries = outline(built["reader"])
    parts = [title for depth, title in entries if depth == 0]
    for docname in ("approach/index", "stories/index", "insights/index", "readiness"):
        assert any(part.endswith(" " + page_title(docname)) for part in parts), (docname, parts)
    for docname in ("introduction", "conclusion", "glossary", "bibliography"):
        assert page_title(docname) in parts, (docname, parts)
    chapters = [title for depth, title in entries if depth == 1]
    for entry in built["objects"]:
        if entry["type"] in ("story", "insight", "method"):
            assert page_title(entry["docname"]) in chapters, entry["docname"]


def test_the_pdf_says_what_it_is(built):
    info = built["reader"].metadata
    assert info.title == TITLE
    assert info.author
    assert info.subject and "Living Well" in info.subject
    assert info.keywords and "readiness checklist" in info.keywords


def test_the_latex_log_is_clean(built):
    log = built["log"]
    overfull = [float(width) for width in re.findall(r"Overfull \\hbox \(([0-9.]+)pt too wide\)", log)]
    assert all(width <= OVERFULL_TOLERANCE for width in overfull), overfull
    assert "Overfull \\vbox" not in log
    undefined = re.findall(r"(?:Reference|Citation) `[^']*' on page \S+ undefined", log)
    assert not undefined, undefined[:5]
    for warning in ("There were undefined references", "Label(s) may have changed",
                    "There were multiply-defined labels"):
        assert warning not in log, warning


def test_the_panels_are_drawn_without_tikz(built):
    """A TikZ-drawn panel (tcolorbox's ``enhanced`` skin) costs each xelatex run about 10 ms
    per quote, excerpt or check: five times the plain document's time at 10× the handbook.
    The panels are framed.sty boxes and the few tcolorboxes use the plain skin, so nothing
    loads TikZ (issue 18)."""
    loaded = re.findall(r"\(([^()\s]+\.(?:sty|tex))", built["log"])
    assert any(path.endswith("/framed.sty") for path in loaded)
    assert not [path for path in loaded if re.search(r"/tikz\.sty$|/tcbskins\.code\.tex$", path)]


def test_the_worksheet_has_tick_boxes_and_room_for_notes(built):
    text = body_text(built["pages"], built["reader"].page_labels)
    checks = sum(o["type"] == "check" for o in built["objects"])
    assert text.count("Notes and evidence") == checks
    assert text.count("Emerging") >= checks
    # the bibliography is on its own page, not after the last chapter
    bibliography = next(i for i, page in enumerate(built["pages"]) if page.lstrip().startswith("Bibliography"))
    assert "[1]" in built["pages"][bibliography]
