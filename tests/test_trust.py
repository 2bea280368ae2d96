"""Trustworthy evidence: fidelity, consent, internal stories, content notes, safe content, check."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from conftest import read_export, read_html, warned, warnings_of
from lw_method.check_command import check

PRIVATE = "Private words that must never leak."

EXPECTED_PUBLIC = [
    ("stories/nico.md:3", "lw.bad-value", ":role: looks like HTML"),
    ("stories/nico.md:3", "lw.consent", "story 'nico' has no :consent:"),
    ("insight.md:18", "lw.fidelity", "excerpt of 'olu-words' is not a faithful cut of the quote: "
     "“no” where the quote has “yes”. Fix the excerpt, or add :editorial-note:"),
    ("rawhtml.md:5", "lw.raw-html", "raw HTML is not allowed in handbook sources and was left out: "
     "'<script>alert(\"owned\")</script>'"),
    ("rawhtml.md:7", "lw.raw-html", "'<b>'"),
    ("rawhtml.md:7", "lw.raw-html", "'</b>'"),
]


def every_output_file(outdir):
    return [p for p in outdir.rglob("*") if p.is_file()]


@pytest.mark.sphinx("html", testroot="trust", freshenv=True)
def test_public_edition_reports_exactly_the_untrustworthy_input(app):
    app.build()
    lines = warnings_of(app)
    assert len(lines) == len(EXPECTED_PUBLIC), "\n".join(lines)
    for location, subtype, message in EXPECTED_PUBLIC:
        assert warned(lines, location, subtype, message), (location, subtype, "\n".join(lines))


@pytest.mark.sphinx("html", testroot="trust", freshenv=True)
def test_public_edition_keeps_an_internal_story_out_of_every_file(app):
    app.build()
    assert not (app.outdir / "stories" / "pia.html").exists()
    for path in every_output_file(app.outdir):
        data = path.read_bytes()
        assert b"Private words" not in data and b"never leak" not in data, path
        assert b"pia-words" not in data and b"stories/pia" not in data, path
    # the doctrees keep nothing of the withheld page itself (a public page's excerpt keeps
    # the words its own source holds: doctrees are never published)
    for path in every_output_file(app.doctreedir):
        assert b"for the team" not in path.read_bytes(), path
    ids = {o["id"] for o in read_export(app)["objects"]}
    assert "pia" not in ids and "pia-words" not in ids
    assert "stories/pia" not in read_html(app, "index")


@pytest.mark.sphinx("html", testroot="trust", freshenv=True)
def test_excerpts_and_links_of_a_withheld_story_become_neutral_text(app):
    app.build()
    insight = read_html(app, "insight")
    withheld = insight[insight.index('id="lw-excerpt-5-withheld"'):]
    withheld = withheld[: withheld.index("</div>")]
    assert "kept for the internal edition of the handbook" in withheld
    assert "<a " not in withheld
    index = read_html(app, "index")
    assert '<span class="lw-withheld">a story kept for the internal edition</span>' in index
    assert '<span class="lw-withheld">a quote kept for the internal edition</span>' in index
    readiness = read_html(app, "readiness")
    assert "a quote kept for the internal edition" in readiness
    export = {o["id"]: o for o in read_export(app)["objects"]}
    assert export["insight-a"]["quotes"] == ["olu-words"] * 4


@pytest.mark.sphinx("html", testroot="trust", freshenv=True, confoverrides={"lw_edition": "internal"})
def test_internal_edition_includes_the_story_with_a_banner(app):
    app.build()
    story = read_html(app, "stories/pia")
    assert "Internal edition only: this story is not for public sharing." in story
    assert PRIVATE in story
    insight = read_html(app, "insight")
    assert re.search(r'href="stories/pia.html#lw-quote-pia-words"', insight)
    assert not [w for w in warnings_of(app) if "pia" in w]


@pytest.mark.sphinx("latex", testroot="trust", freshenv=True)
def test_public_latex_holds_no_internal_words(app):
    app.build()
    tex = (app.outdir / "trust.tex").read_text(encoding="utf-8")
    assert "Private words" not in tex
    assert "kept for the internal edition of the handbook" in tex


@pytest.mark.sphinx("html", testroot="trust", freshenv=True)
def test_faithful_excerpts_pass_and_an_editorial_note_is_shown_instead_of_a_warning(app):
    app.build()
    insight = read_html(app, "insight")
    noted = insight[insight.index('id="lw-excerpt-4-olu-words"'):]
    noted = noted[: noted.index('id="lw-excerpt-5-withheld"')]
    assert ("Editor’s note: </strong>The book's excerpt says &quot;shouted&quot; where Olu's story "
            "says &quot;said&quot;.") in noted
    assert not [w for w in warnings_of(app) if "insight.md:10" in w or "insight.md:14" in w]


@pytest.mark.sphinx("latex", testroot="trust", freshenv=True)
def test_editorial_notes_and_content_notes_reach_the_latex(app):
    app.build()
    tex = (app.outdir / "trust.tex").read_text(encoding="utf-8")
    assert "\\begin{sphinxuseclass}{lw-editorial-note}" in tex
    assert tex.index("Content note: ") < tex.index("The essay comes after the content note.")


@pytest.mark.sphinx("html", testroot="trust", freshenv=True,
                    confoverrides={"lw_support_text": "Call the team's wellbeing line on 0000."})
def test_content_note_comes_before_the_insight_with_the_configured_support(app):
    app.build()
    insight = read_html(app, "insight")
    note = insight.index("this part discusses long waits for help.")
    assert note < insight.index("The essay comes after the content note.")
    assert "Call the team’s wellbeing line on 0000." in insight


@pytest.mark.sphinx("html", testroot="trust", freshenv=True)
def test_raw_html_never_reaches_a_page_and_html_in_options_is_shown_as_text(app):
    app.build()
    page = read_html(app, "rawhtml")
    assert "<script>alert" not in page and "owned" not in page
    assert "Some inline markup." in page
    assert "&lt;b&gt;Boss&lt;/b&gt;" in read_html(app, "stories/nico")


@pytest.mark.sphinx("html", testroot="trust", freshenv=True)
def test_editors_page_shows_the_coverage_report(app):
    app.build()
    page = read_html(app, "editors")
    assert "Insights evidenced by fewer than 3 storytellers (1)" in page
    assert re.search(r'<a [^>]*href="insight.html#lw-insight-insight-a"', page)
    assert "insight 'insight-a' is evidenced by 1 storyteller(s); aim for 3 or more" in page


def test_check_prints_every_problem_as_file_line_type_message(rootdir):
    lines = check(rootdir / "test-trust")
    pattern = re.compile(r"^\S+\.md:\d+: \[lw\.[a-z-]+\] \S")
    assert lines and all(pattern.match(line) for line in lines), lines
    text = "\n".join(lines)
    for _location, subtype, _message in EXPECTED_PUBLIC:
        assert f"[{subtype}]" in text
    assert "insight.md:3: [lw.coverage-insight] insight 'insight-a' is evidenced by 1 storyteller(s)" in text
    assert "stories/olu.md:11: [lw.coverage-quote]" not in text  # olu-words is excerpted


def test_check_exits_1_with_problems_and_0_for_a_clean_handbook(rootdir, tmp_path):
    command = [sys.executable, "-m", "lw_method.cli", "check"]
    bad = subprocess.run([*command, str(rootdir / "test-trust")], capture_output=True, text=True)
    assert bad.returncode == 1 and "[lw.fidelity]" in bad.stdout
    clean = tmp_path / "clean"
    (clean / "stories").mkdir(parents=True)
    (clean / "conf.py").write_text('extensions = ["myst_parser", "lw_method"]\n'
                                   'myst_enable_extensions = ["colon_fence"]\n')
    names = ["ann", "bo", "cy"]
    (clean / "index.md").write_text("# Clean\n\n```{toctree}\n" + "".join(f"stories/{n}\n" for n in names)
                                    + "insight\nmethod\n```\n")
    for name in names:
        (clean / "stories" / f"{name}.md").write_text(
            f"# {name}\n\n:::{{lw:story}} {name}\n:name: {name.title()}\n:role: Worker\n:site: Here\n"
            f":consent: Given\n:::\n\n:::{{lw:quote}} {name}-words\nWords of {name}.\n:::\n")
    (clean / "insight.md").write_text(
        "# Insight\n\n:::{lw:insight} insight-z\n:title: All three agree.\n:::\n\n"
        + "".join(f":::{{lw:excerpt}} {n}-words\n:::\n\n" for n in names))
    (clean / "method.md").write_text(
        "# Method\n\n:::{lw:method} meet\n:title: Meet\n:summary: Meet often.\n:insights: insight-z\n:::\n\n"
        ":::{lw:check} meets\n:area: Ops\n:methods: meet\n:evidence: ann-words\nWe meet.\n:::\n")
    good = subprocess.run([*command, str(clean)], capture_output=True, text=True)
    assert (good.returncode, good.stdout) == (0, "")
    missing = subprocess.run([*command, str(tmp_path / "nowhere")], capture_output=True, text=True)
    assert missing.returncode == 2 and "no such folder" in missing.stderr
