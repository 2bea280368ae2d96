"""The reader's words in the project's language: a Welsh test catalogue in a site's locale_dirs."""

from __future__ import annotations

import json
import re

import pytest

from conftest import read_html, warnings_of
from lw_method.cli import main


@pytest.mark.sphinx("html", testroot="translations", freshenv=True)
def test_html_pages_and_page_scripts_take_the_catalogues_words(app):
    app.build()
    # docutils has no Welsh of its own (its one warning says so); the extension warns of nothing
    assert [w for w in warnings_of(app) if "[docutils]" not in w] == []
    readiness = read_html(app, "readiness")
    assert "Ddim eto" in readiness and "Ar waith" in readiness and "Not yet" not in readiness
    assert "(pam mae hyn yn bwysig)" in readiness and "Darllenwch: " in readiness
    assert "Dyfynnwyd yn: " in read_html(app, "stories/ana") and "Cited in" not in read_html(app, "stories/ana")
    assert '<html lang="cy"' in readiness
    # an untranslated string stays English rather than disappearing
    assert "Readiness checks that build on this method" in read_html(app, "methods/tea")


@pytest.mark.sphinx("html", testroot="translations", freshenv=True)
def test_the_quote_index_script_reads_its_words_from_the_page(app):
    (app.srcdir / "quotes.md").write_text("# Quotes\n\n:::{lw:quote-index}\n:::\n", encoding="utf-8")
    index = app.srcdir / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("readiness\n```", "readiness\nquotes\n```"),
                     encoding="utf-8")
    app.build()
    html = read_html(app, "quotes")
    data = json.loads(re.search(r'<script[^>]*class="lw-quote-index-data"[^>]*>(.*?)</script>', html, re.S)[1])
    assert data["words"]["filter"] == "Hidlo’r dyfyniadau"
    assert data["words"]["showingAll"] == "Showing all {total} quotes."  # not in the test catalogue
    assert "3 o ddyfyniadau from 2 storytellers, in story order." in html  # the catalogue's plural


@pytest.mark.sphinx("latex", testroot="translations", freshenv=True)
def test_latex_renews_the_styles_words_in_the_preamble(app):
    app.build()
    tex = (app.outdir / "basic.tex").read_text(encoding="utf-8")
    preamble = tex[:tex.index(r"\begin{document}")]
    assert r"\renewcommand\lwMethodAtAGlance{Y dull yn gryno}" in preamble
    assert r"\renewcommand\lwstatuslabels{{Ddim eto}{Yn datblygu}{Ar waith}}" in preamble
    assert r"\renewcommand\lwWhoTookPart" not in preamble  # untranslated: the style's English


@pytest.mark.sphinx("latex", testroot="basic", freshenv=True)
def test_an_english_build_renews_nothing(app):
    app.build()
    assert r"\renewcommand\lw" not in (app.outdir / "basic.tex").read_text(encoding="utf-8")


def test_new_writes_the_language_into_conf_py(tmp_path, capsys):
    assert main(["new", str(tmp_path / "cy"), "--site", "Caerdydd", "--language", "cy"]) == 0
    assert "\nlanguage = 'cy'\n" in (tmp_path / "cy/conf/conf.py").read_text(encoding="utf-8")
    assert main(["new", str(tmp_path / "bad"), "--site", "X", "--language", "en'; import os"]) == 2
    assert "is not a language code" in capsys.readouterr().err


@pytest.mark.browser
@pytest.mark.sphinx("html", testroot="translations", freshenv=True)
def test_the_self_assessment_script_speaks_the_pages_language(app, tmp_path):
    from browser import start_browser
    from test_checklist_browser import wait_for

    app.build()
    html = read_html(app, "readiness")
    words = json.loads(re.search(r'<script[^>]*class="lw-checklist-words"[^>]*>(.*?)</script>', html, re.S)[1])
    assert words["status-not-yet"] == "Ddim eto" and words["export-csv"] == "Export CSV"
    driver = start_browser(tmp_path / "profile", tmp_path)
    try:
        driver.get((app.outdir / "readiness.html").as_uri())
        wait_for(lambda: driver.find_elements("css selector", ".lw-checklist-choice"))
        labels = [label.text for label in driver.find_elements("css selector", ".lw-checklist-choice label")]
        assert labels[:3] == ["Ddim eto", "Yn datblygu", "Ar waith"]
    finally:
        driver.quit()


@pytest.mark.sphinx("html", testroot="translations", srcdir="translations-report", freshenv=True)
def test_the_readiness_report_speaks_the_pages_language(app):
    app.build()
    assert [w for w in warnings_of(app) if "[docutils]" not in w] == []
    html = read_html(app, "report")
    report = html[html.index('class="lw-readiness-report"'):]
    assert "Ble mae partneriaid yn anghytuno" in report and "Where partners disagree" not in report
    assert "Ble mae pob partner yn sefyll" in report and ">Statws<" in report
    # the statuses, in the side-by-side tables and the standing tables' heads
    assert ">Ddim eto<" in report and ">Ar waith<" in report and ">Yn datblygu<" in report
    assert ">Heb ei ateb<" in report and "Not yet" not in report and "In place" not in report
    # a translation puts a sentence's link and code where its language wants them
    assert re.search(r'>y gwiriad yn y llawlyfr</span></a>: gwiriad <code[^>]*><span class="pre">kettle-ready'
                     r'</span></code> \(Operations\)', report)
    # the pictures' title, description and key
    title = re.search(r'<title id="lw-readiness-1-area-1-title">(.*?)</title>', report)[1]
    assert title == "Operations: gwiriadau yn ôl statws, ar gyfer pob partner"
    desc = re.search(r'<desc id="lw-readiness-1-area-1-desc">(.*?)</desc>', report)[1]
    assert "Gogledd: 1 ar waith, " in desc and "0 ar waith" in desc
    assert '11.5" fill="#1a1a1a">Ar waith</text>' in report
    # what the test catalogue does not translate stays English
    assert "Read before you talk:" in report and "split into the checks in place" in desc


@pytest.mark.sphinx("latex", testroot="translations", srcdir="translations-report", freshenv=True)
def test_the_readiness_reports_pdf_key_speaks_the_projects_language(app):
    app.build()
    tex = (app.outdir / "basic.tex").read_text(encoding="utf-8")
    assert r"\,Ar waith" in tex and r"\,Heb ei ateb" in tex and r"\,In place" not in tex
    assert "Ble mae partneriaid yn anghytuno" in tex
