"""Hostile input: each gets a located, typed warning; none is obeyed, none is a traceback."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata

from difflib import SequenceMatcher

import pytest
from docutils import nodes
from sphinx.testing.util import SphinxTestApp

from conftest import objects_by_key, read_export, read_html, warned, warnings_of
from lw_method import fidelity
from lw_method.nodes import latex_classes, lw_block

STRAY = ("write each option on one line, straight after the directive line, with no blank or "
         "indented line between")
NESTED = "and lw objects don't nest: move it out, after that directive's end (it is kept where it is for now)"
CLASH = "so the page would have two elements with one id and links could land on either"

EXPECTED = [
    # 3. an option given twice, in the :key: form and in MyST's YAML block
    ("story.md:8", "lw.duplicate-option", "lw:story: :name: is given twice (lines 4 and 8); only the last "
     "is read: keep one"),
    ("options.md:22", "lw.duplicate-option", "lw:quote: :themes: is given twice (lines 21 and 22)"),
    # 7. options after an indented continuation or a blank line are body text
    ("options.md:7", "lw.stray-option", "lw:method: the option block ends at line 5, so the options after "
     f"it were read as body text: :when:, :related:; {STRAY}"),
    ("options.md:30", "lw.stray-option", "lw:method: the option block ends at line 29, so the options "
     "after it were read as body text: :summary:"),
    ("options.md:27", "lw.missing-option", "lw:method: missing required option :summary:"),
    ("options-rst.rst:7", "lw.stray-option", "lw:method: :summary: runs on into :when:, which became part "
     f"of its value, not an option: {STRAY}"),
    # 4. a method related to itself
    ("options.md:15", "lw.self-reference", "lw:method: 'telling' names itself in :related:; it was left out"),
    # 2. numbers in other digits than 0-9
    ("superscript.md:3", "lw.bad-value", ":number: must be a whole number from 1 up, not '²'"),
    ("arabic.md:3", "lw.bad-value", ":number: must be a whole number from 1 up, not '٣'"),
    # 5. an argument or a body given to a view
    ("views.md:3", "lw.unexpected-content", "lw:checklist: takes no argument; 'all' was ignored"),
    ("views.md:4", "lw.unexpected-content", "lw:checklist: takes no body; the text from line 4 on was ignored"),
    ("views.md:7", "lw.unexpected-content", "lw:coverage: takes no argument; 'now' was ignored"),
    ("views.md:11", "lw.unexpected-content", "lw:storytellers: takes no body; the text from line 11 on was "
     "ignored"),
    ("views.md:14", "lw.unexpected-content", "lw:quote-index: takes no argument; 'every' was ignored"),
    ("views.md:16", "lw.unexpected-content", "lw:quote-index: takes no body; the text from line 16 on"),
    ("views.md:21", "lw.unexpected-content", "lw:evidence-matrix: takes no body; the text from line 21 on"),
    ("views.md:24", "lw.unexpected-content", "lw:evidence-map: takes no argument; 'map' was ignored"),
    # 6. lw directives inside each other, in a parsed body, a plain-text body, and reStructuredText
    ("nesting.md:7", "lw.nesting", f"lw:quote: is written inside the body of the lw:method at line 3, {NESTED}"),
    ("nesting.md:17", "lw.nesting", "lw:check: is written inside the body of the lw:quote at line 13"),
    ("nested-story.md:6", "lw.nesting", "lw:story: is written inside the body of the lw:quote at line 3"),
    ("nested-rst.rst:9", "lw.nesting", "lw:quote: is written inside the body of the lw:quote at line 4"),
    ("story-body.md:10", "lw.nesting", "lw:quote: is written inside the body of the lw:story at line 3"),
    ("story-body.md:20", "lw.nesting", "lw:quote: is written inside the body of the lw:check at line 15"),
    # 9. an object's anchor that a heading or a label also produces
    ("anchors.md:5", "lw.anchor-clash", "lw:quote: its anchor 'lw-quote-ana-words' is also the id of the "
     f"heading “lw quote ana words” (line 3), {CLASH}"),
    ("anchors.md:13", "lw.anchor-clash", "its anchor 'lw-quote-ben-words' is also the id of the label "
     "(lw-quote-ben-words)= (line 11)"),
    ("anchors.md:19", "lw.anchor-clash", "its anchor 'lw-quote-cas-words' is also the id of the label "
     "(lw-quote-cas-words)= before it"),
]


def build(rootdir, tmp_path_factory, root: str, builder: str = "html", **options) -> SphinxTestApp:
    """A test root built once, in a folder of its own, for a module's tests to read.

    The app is cleaned up at once (its output and messages stay), so other tests' apps can
    register Sphinx's nodes again.
    """
    srcdir = tmp_path_factory.mktemp(root) / "src"
    shutil.copytree(rootdir / f"test-{root}", srcdir)
    app = SphinxTestApp(builder, srcdir=srcdir, **options)
    try:
        app.build()
    finally:
        app.cleanup()
    return app


@pytest.fixture(scope="module")
def hostile(rootdir, tmp_path_factory):
    return build(rootdir, tmp_path_factory, "hostile-input", confoverrides={"nitpicky": True})


def test_each_hostile_input_is_reported_where_it_is_and_nothing_else(hostile):
    lines = warnings_of(hostile)
    missing = [expected for expected in EXPECTED if not warned(lines, *expected)]
    assert not missing, "\n".join(map(str, missing)) + "\n-- warned:\n" + "\n".join(lines)
    assert len(lines) == len(EXPECTED), "\n".join(lines)
    assert "Traceback" not in hostile.status.getvalue() + hostile.warning.getvalue()


def test_a_repeated_option_keeps_its_last_value(hostile):
    objects = objects_by_key(read_export(hostile))
    assert objects[("story", "sam")]["name"] == "Samuel"
    assert objects[("quote", "yaml-words")]["themes"] == ["hope"]


def test_options_read_as_body_text_are_not_obeyed_and_a_method_never_relates_to_itself(hostile):
    objects = objects_by_key(read_export(hostile))
    assert objects[("method", "listening")]["when"] == ""
    assert objects[("method", "listening")]["related"] == []
    assert objects[("method", "telling")]["related"] == ["listening"]


def test_a_number_in_other_digits_is_no_number(hostile):
    objects = objects_by_key(read_export(hostile))
    assert objects[("insight", "superscript")]["number"] is None
    assert objects[("insight", "arabic")]["number"] is None


def test_a_view_ignores_its_argument_and_body(hostile):
    page = read_html(hostile, "views")
    for ignored in ("Everything.", "Cards, please.", "All the quotes.", "A body."):
        assert ignored not in page
    assert 'class="lw-quote-index-items' in page and "Samuel" in page  # the views still show


def test_a_nested_object_is_kept_and_never_read_as_words(hostile):
    objects = objects_by_key(read_export(hostile))
    assert objects[("quote", "outer-words")]["text"] == "The outer words."
    assert objects[("quote", "kim-words")]["text"] == "Kim's words."
    assert objects[("quote", "rst-words")]["text"] == "Words in reStructuredText."
    for kept in (("quote", "circle-words"), ("check", "circle-ready"), ("story", "kim"), ("quote", "rst-inner"),
                 ("quote", "lee-words"), ("quote", "lee-more")):
        assert kept in objects
    assert objects[("check", "circle-ready")]["text"] == "A circle is ready."
    assert objects[("check", "lee-ready")]["text"] == "The kitchen is ready."
    assert 'id="lw-check-circle-ready"' in read_html(hostile, "nesting")
    assert 'id="lw-story-kim"' in read_html(hostile, "nested-story")


# -- 1. nothing an option holds runs as LaTeX ---------------------------------------------------------

@pytest.fixture(scope="module")
def hostile_latex(rootdir, tmp_path_factory):
    return build(rootdir, tmp_path_factory, "hostile-latex", "latex")


def test_latex_never_runs_what_an_option_holds(hostile_latex):
    tex = (hostile_latex.outdir / "hostile.tex").read_text(encoding="utf-8")
    assert "\\input{/etc" not in tex
    environments = re.findall(r"\\(?:begin|end)\{sphinxuseclass\}\{([^}]*)\}", tex)
    assert environments and all(re.fullmatch(r"[A-Za-z0-9-]+", name) for name in environments)
    for theme in ("hope-input-etc-hostname", "100-1-more", "plain"):
        assert f"\\begin{{sphinxuseclass}}{{lw-theme-{theme}}}" in tex
    # the evidence map's picture code: names and titles escaped like any text
    assert "\\bfseries Eve\\}\\textbackslash{}input\\{/etc/hostname\\}\\%}" in tex
    assert "Insight 1: Trust \\& \\{braces\\} 50\\%" in tex
    assert warnings_of(hostile_latex) == []


@pytest.mark.pdf
def test_hostile_latex_builds_a_pdf_that_shows_the_options_as_written(hostile_latex):
    if not shutil.which("xelatex") or not shutil.which("latexmk"):
        pytest.fail("xelatex and latexmk are needed: run 'make system-deps'")
    subprocess.run(["latexmk", "-pdfxe", "-interaction=nonstopmode", "-halt-on-error", "hostile.tex"],
                   cwd=hostile_latex.outdir, check=True, capture_output=True, timeout=300)
    text = subprocess.run(["pdftotext", str(hostile_latex.outdir / "hostile.pdf"), "-"], check=True,
                          capture_output=True, text=True).stdout
    for written in ("Eve}\\input{/etc/hostname}%", "100%#1&co · C:\\temp\\{x}_~^$",
                    "Trust & {braces} \\relax 50%#1"):
        assert written in text


def test_latex_gets_only_class_names_it_cannot_read_as_code():
    block = lw_block("", classes=["lw-quote", "lw-theme-ok-2", "x}\\input{/etc/hostname}%", "a b", "é"])
    assert latex_classes(block) == ["lw-quote", "lw-theme-ok-2"]
    assert latex_classes(nodes.paragraph(classes=["lw-field", "lw-}{"])) == ["lw-field"]


# -- 10. a source that is not UTF-8 ------------------------------------------------------------------

BAD_SOURCE = ("latin1.md:5", "lw.bad-source", "this file is not valid UTF-8 text: byte 0xe9 at line 5, "
              "column 4 cannot be decoded (was it saved as Latin-1 or Windows-1252?); the page is built "
              "with \ufffd in its place: save the file as UTF-8")


@pytest.mark.parametrize("parallel", [0, 2])
def test_a_latin1_source_is_reported_at_its_first_bad_byte_and_still_built(make_app, rootdir, tmp_path, parallel):
    shutil.copytree(rootdir / "test-hostile-encoding", tmp_path / "src")
    app = make_app("html", srcdir=tmp_path / "src", parallel=parallel)
    app.build()
    lines = warnings_of(app)
    assert len(lines) == 1 and warned(lines, *BAD_SOURCE), "\n".join(lines)
    assert "Caf\ufffd society, na\ufffdve." in read_html(app, "latin1")
    assert "This page is UTF-8: café." in read_html(app, "index")
    assert "Traceback" not in app.status.getvalue() + app.warning.getvalue()


# -- 8. fidelity: accents count, and long repetitive excerpts stay cheap ----------------------------

@pytest.mark.parametrize(("excerpt", "quote", "described"), [
    ("We met at the café each week.", "We met at the café each week.", []),
    ("We met at the cafe each week.", "We met at the café each week.", ["“cafe” where the quote has “café”"]),
    ("It was a naive plan.", "It was a naïve plan.", ["“naive” where the quote has “naïve”"]),
    ("It was a naïve plan.", "It was a naive plan.", ["“naïve” where the quote has “naive”"]),
    ("Café Über", "café über", []),                                                   # case, accents kept
    (unicodedata.normalize("NFD", "At the café."), "At the café.", []),               # the same letters
    ("मैंने पुस्तक पढ़ी थी", "मैंने पुस्तक पढ़ी थी", []),
    ("मैंने पुस्तक पढी थी", "मैंने पुस्तक पढ़ी थी", ["“पढी” where the quote has “पढ़ी”"]),  # a changed mark
    ("We didn’t stop", "we didn't stop", []),                                         # apostrophes
    ("We did not stop", "We didn't stop", ["“did not” where the quote has “didn't”"]),
    ("a snake_case word", "a snake case word", []),                                  # underscores are spaces
    ("Straße … Ende", "Straße und Ende", []),
    ("Strasse … Ende", "Straße und Ende", ["added “strasse”"]),
])
def test_differences_of_excerpts_in_any_script(excerpt, quote, described):
    assert fidelity.differences(excerpt, quote) == described
    assert fidelity.is_faithful(excerpt, quote) == (described == [])


SENTENCE = "We kept meeting every week and we kept talking until the trust was there. "
LONG_QUOTE = SENTENCE * 810  # about 60 kB


def long_unique_text(lines: int = 3000) -> list[str]:
    """A long quote whose lines are told apart by their numbers, as real text is by its rarer words."""
    return [f"In week {n} we met again and talked about what mattered." for n in range(lines)]


@pytest.fixture
def diff_steps(monkeypatch) -> list[int]:
    """The steps of every ``find_longest_match`` the fidelity check runs (difflib's, however it is called)."""
    steps: list[int] = []
    run = SequenceMatcher.find_longest_match

    def counted(matcher, alo=0, ahi=None, blo=0, bhi=None):
        steps.append(fidelity.matching_steps(matcher, alo, len(matcher.a) if ahi is None else ahi))
        return run(matcher, alo, ahi, blo, bhi)

    monkeypatch.setattr(SequenceMatcher, "find_longest_match", counted)
    return steps


def test_a_60_kb_repetitive_excerpt_is_checked_within_the_diff_budget(diff_steps):
    middle = len(LONG_QUOTE) // 2
    changed = LONG_QUOTE[:middle] + LONG_QUOTE[middle:].replace("trust", "money", 1)
    cut = "".join(SENTENCE if n % 10 else "… " for n in range(810))
    assert fidelity.differences(LONG_QUOTE, LONG_QUOTE) == []
    assert fidelity.differences(cut, LONG_QUOTE) == []
    assert fidelity.differences(changed, LONG_QUOTE) == ["“money” where the quote has “trust”"]
    assert sum(diff_steps) <= 2 * fidelity.DIFF_BUDGET  # the first try, and the middle's own steps


@pytest.mark.parametrize(("excerpt", "quote"), [
    ("a b c " * 300, "c b a " * 300),                 # cubic for an unbounded SequenceMatcher
    ("x y " * 315, "x " * 315 + "y " * 315),
])
def test_a_diff_of_repeated_words_stops_at_its_budget(diff_steps, excerpt, quote):
    assert fidelity.differences(excerpt, quote)
    assert sum(diff_steps) <= 2 * fidelity.DIFF_BUDGET


def test_a_long_excerpt_with_changes_far_apart_is_described_change_by_change(diff_steps):
    lines = long_unique_text()
    edited = list(lines)
    edited[100] = edited[100].replace("talked", "argued")
    edited[1500] = edited[1500].replace("mattered", "counted")
    del edited[2900]
    assert fidelity.differences(" ".join(edited), " ".join(lines)) == [
        "“argued” where the quote has “talked”", "“counted” where the quote has “mattered”",
        "left out “we met again and talked about what mattered …” without “…”"]
    assert sum(diff_steps) <= 2 * fidelity.DIFF_BUDGET
