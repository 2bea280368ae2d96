"""LaTeX and PDF: every object is a link target, every link lands, nothing is lost."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from conftest import pdf_link_targets

pytestmark = pytest.mark.sphinx("latex", testroot="basic", freshenv=True)

ANCHORS = ["stories/ana:lw-story-ana", "stories/ana:lw-quote-ana-kettle", "stories/ana:lw-quote-ana-second",
           "stories/ben:lw-story-ben", "stories/ben:lw-quote-ben-budget",
           "insights/one:lw-insight-insight-one", "insights/one:lw-excerpt-1-ana-kettle",
           "insights/one:lw-excerpt-2-ben-budget", "methods/tea:lw-method-tea-circle",
           "readiness:lw-check-kettle-ready", "readiness:lw-check-budget-shared"]


def latex_source(app) -> str:
    return (app.outdir / "basic.tex").read_text(encoding="utf-8")


def test_every_object_is_a_label_and_every_link_targets_a_label(app):
    app.build()
    tex = latex_source(app)
    labels = set(re.findall(r"\\label\{\\detokenize\{([^}]*)\}\}", tex))
    for anchor in ANCHORS:
        assert anchor in labels
    targets = re.findall(r"\\hyperref\[\\detokenize\{([^}]*)\}\]", tex)
    assert len(targets) >= 15
    assert set(targets) <= labels


def test_objects_are_styled_through_their_container_classes(app):
    app.build()
    tex = latex_source(app)
    for class_ in ("lw-story", "lw-quote", "lw-excerpt", "lw-insight", "lw-method", "lw-check",
                   "lw-checklist", "lw-content-note", "lw-story-nav", "lw-attribution"):
        assert f"\\begin{{sphinxuseclass}}{{{class_}}}" in tex
    assert "\\usepackage{lw-method}" in tex
    assert (app.outdir / "lw-method.sty").is_file()
    assert "lw_pending" not in tex and "lw_block" not in tex


def test_latex_carries_backlinks_checklist_and_story_navigation(app):
    app.build()
    tex = latex_source(app)
    assert re.search(r"Cited in: \}\{\\hyperref\[\\detokenize\{insights/one:lw-excerpt-1-ana-kettle\}\]", tex)
    assert re.search(r"Next story: \{\\hyperref\[\\detokenize\{stories/ben:lw-story-ben\}\]", tex)
    assert "\\sphinxstylestrong{Readiness checks that build on this method:}" in tex
    assert tex.count("lw-checklist-area") == 2


@pytest.fixture
def pdf(app, tmp_path):
    if not shutil.which("xelatex") or not shutil.which("latexmk"):
        pytest.fail("xelatex and latexmk are needed: run 'make system-deps'")
    app.build()
    subprocess.run(["latexmk", "-pdfxe", "-interaction=nonstopmode", "-halt-on-error", "basic.tex"],
                   cwd=app.outdir, check=True, capture_output=True, timeout=300)
    return app.outdir / "basic.pdf"


def test_pdf_text_has_every_object_and_no_unresolved_reference(pdf):
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    flat = " ".join(text.split())
    for expected in ("We put the kettle on and everything changed. It was the start.",
                     "Budgets follow people, not the other way round.",
                     "Ana, Peer Worker, Northtown · The Test Book",
                     "Cited in: Insight 1: Tea builds trust.",
                     "We put the kettle on … It was the start.",
                     "Meet over tea every week.", "There is a kettle and people know where it is.",
                     "Budgets are pooled across organisations.", "Content note:", "Samaritans"):
        assert expected in flat
    assert "??" not in text
    assert "---" not in text, "attributions use a real em dash"


def test_pdf_internal_links_land_on_named_destinations(pdf):
    reader = PdfReader(pdf)
    destinations = set(reader.named_destinations)
    internal = pdf_link_targets(reader)
    assert len(internal) >= 15
    assert set(internal) <= destinations
    assert reader.outline, "the PDF has bookmarks"
