"""``lw:readiness-report``: partners' answers files kept in the project, reported on a page.

The ``readiness-report`` root has three checks (kettle-ready and rota-agreed in
Operations, budget-shared in Commissioning).  ``report.md`` reports on North (March's CSV,
baselined by September's, matched by the name after the date) and South (JSON, dated);
``bad.md`` holds reports with bad files; ``partnership/internal.md`` keeps its answers for
the internal edition.
"""

from __future__ import annotations

import json
import re
from collections import Counter
import shutil
import subprocess
import sys

import pytest

from conftest import ROOTS, read_html, warned, warnings_of

pytestmark = pytest.mark.sphinx("html", testroot="readiness-report", freshenv=True)

BAD = [
    ("bad.md:5", ":labels: gives 2 labels for 3 answers files: give one label per file, in the order of "
     ":answers:; the labels were ignored"),
    ("bad.md:4", "readiness/missing.csv: no such file (looked for readiness/missing.csv)"),
    ("bad.md:4", "readiness/bad-status.csv: line 2: status 'done' is not one of not-yet, emerging, in-place"),
    ("bad.md:3", "readiness/unknown.csv: line 3: no check has the id 'no-such-check' in this handbook; "
     "that answer is left out"),
    ("bad.md:9", "readiness/bad-date.json: line 1: the date '31/03/2026' is not an ISO date"),
    ("bad.md:13", "../outside.csv: is outside the project's source folder"),
    ("bad.md:16", "readiness/other-handbook.json: line 1: these answers are for the handbook 'Another "
     "handbook', but the handbook read is 'Readiness test'"),
    ("bad.md:20", "readiness/west.csv: the label 'Same' is also readiness/east.csv's"),
]


def between(text: str, start: str, end: str) -> str:
    part = text[text.index(start):]
    return part[: part.index(end, len(start))]


def report_of(app, page: str = "report") -> str:
    html = read_html(app, page)
    return html[html.index('<div aria-label="Readiness report" class="lw-readiness-report"'):]


def test_the_report_on_a_page_opens_with_disagreements_then_areas_pictures_and_what_moved(app):
    app.build()
    assert [line for line in warnings_of(app) if "report.md" in line] == []
    report = report_of(app)
    headings = re.findall(r'<h(\d) class="lw-readiness-heading rubric">([^<]+)</h\d>', report)
    assert [text for level, text in headings if level == "2"] == [
        "Where partners disagree", "Where each partner stands", "What moved", "Gaps to work on together",
        "Not answered by everyone"]
    assert ("3", "Two steps apart: not yet and in place") in headings  # under the page's own h1
    two = between(report, "Two steps apart", "One step apart")
    assert "<h4 class=\"lw-readiness-heading rubric\">There is a kettle and people know where it is.</h4>" in two
    # the labels given; each partner's status and notes side by side; notes are text, never markup
    assert re.search(r"North Borough</p></th>\s*<td><p>In place</p></td>\s*<td><p>In the kitchen,\s*by the door", two)
    assert re.search(r"South Trust</p></th>\s*<td><p>Not yet</p></td>\s*<td><p>Which kettle\?", two)
    assert "Talks &lt;b&gt;underway&lt;/b&gt;" in report and "<b>underway" not in report
    # links are the handbook's own: the check, its method, its quote
    assert 'href="checks.html#lw-check-kettle-ready"' in two and 'href="methods/tea.html#lw-method-tea-circle"' in two
    assert 'href="stories/ana.html#lw-quote-ana-kettle"' in two
    # a picture per area, bars per partner and date, and the same figures in a table beside it
    figures = re.findall(r'<figure class="lw-readiness-figure">.*?</figure>', report, re.S)
    assert len(figures) == 2
    svg = between(figures[0], "<svg", "</svg>")
    assert 'role="img"' in svg and '<title id="lw-readiness-1-area-1-title">Operations: checks by status' in svg
    assert re.findall(r'class="lw-readiness-bar-label"[^>]*>([^<]+)<', svg) == [
        "North Borough · 2025-09", "North Borough · 2026-03", "South Trust · 2026-03-20"]
    assert re.search(r"South Trust · 2026-03-20</p></th>\s*<td class=\"lw-readiness-n\"><p>0</p></td>\s*"
                     r"<td class=\"lw-readiness-n\"><p>0</p></td>\s*<td class=\"lw-readiness-n\"><p>1</p></td>\s*"
                     r"<td class=\"lw-readiness-n\"><p>1</p></td>", figures[0])
    moved = between(report, ">What moved<", ">Gaps to work on together<")
    assert ("There is a kettle and people know where it is. (<code class=\"docutils literal notranslate\">"
            "<span class=\"pre\">kettle-ready</span></code>) — North Borough: Not yet (2025-09) → In place "
            "(2026-03)") in moved
    assert "— North Borough: Not yet (2025-09) → Emerging (2026-03)" in moved
    assert "lw-readiness.css" in read_html(app, "report")


def test_bad_answers_files_are_located_warnings_and_the_report_uses_the_rest(app):
    app.build()
    lines = [line for line in warnings_of(app) if "bad.md" in line]
    for location, message in BAD:
        assert warned(lines, location, "lw.readiness", f"lw:readiness-report: {message}"), "\n".join(lines)
    assert len(lines) == len(BAD), "\n".join(lines)
    assert not [line for line in warnings_of(app) if "Traceback" in line or "Exception" in line]
    first = report_of(app, "bad")
    # the one good file of the first report is reported, without the check no page defines
    assert "From the answers in <code" in first and "unknown.csv" in first and "no-such-check" not in first
    assert first.count("No answers to report yet") == 4


@pytest.mark.sphinx("html", testroot="readiness-report", freshenv=True, copy_test_root=True)
def test_the_page_is_read_again_when_an_answers_file_changes(app):
    app.build()
    assert "Which kettle?" in read_html(app, "report")
    south = app.srcdir / "readiness" / "2026-03-south.json"
    assert "tests/roots" not in str(south), "edits a copy, never the test root"
    data = json.loads(south.read_text(encoding="utf-8"))
    data["answers"][0] = {"check": "kettle-ready", "status": "emerging", "notes": "Found it"}
    south.write_text(json.dumps(data), encoding="utf-8")
    app.build()
    report = report_of(app)
    assert "Which kettle?" not in report and "Found it" in report
    # South's kettle is emerging now, one step from North's in place: no check is two steps apart
    assert "Two steps apart" not in report and "One step apart" in report


def test_a_public_build_withholds_a_page_of_internal_answers(app):
    """The page holds an internal story, so the public edition leaves it (and its answers) out."""
    app.build()
    assert not (app.outdir / "partnership" / "internal.html").exists()
    for path in app.outdir.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".js", ".json", ".txt", ".inv"):
            assert "zebra" not in path.read_text(encoding="utf-8", errors="replace"), path


@pytest.mark.sphinx("html", testroot="readiness-report", freshenv=True,
                    confoverrides={"lw_edition": "internal"})
def test_the_internal_edition_shows_the_partnership_report(app):
    app.build()
    assert "Confidential zebra remark" in report_of(app, "partnership/internal")


@pytest.mark.sphinx("latex", testroot="readiness-report", freshenv=True)
def test_latex_draws_the_bars_with_rules_and_keeps_the_tables_and_links(app):
    app.build()
    tex = (app.outdir / "readiness.tex").read_text(encoding="utf-8")
    report = between(tex, "Where partners disagree", "Bad answers files")
    # North Borough in March: one check in place and one emerging, each half the bar
    assert ("\\textcolor[HTML]{00606B}{\\rule{0.4500\\linewidth}{1.8ex}}"
            "\\textcolor[HTML]{6FB3BB}{\\rule{0.4500\\linewidth}{1.8ex}}") in report
    assert "\\fbox{\\rule{0pt}{1.8ex}" in report  # not answered: an empty frame
    assert re.search(r"\\hyperref\[\\detokenize\{checks:lw-check-kettle-ready\}\]", report)
    assert "North Borough" in report and "Which kettle?" in report
    for html_only in ("<svg", "lw_picture", "lw_pending"):
        assert html_only not in tex


def test_a_site_reports_on_core_checks_its_partners_answered(make_app, tmp_path):
    """A site handbook's report covers the core checks its checklist gathers (``core:ID``)."""
    core = tmp_path / "core"
    subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html", "-d", str(tmp_path / "core-doctrees"),
                    str(ROOTS / "test-handbooks-core"), str(core)], check=True)
    site = tmp_path / "site"
    shutil.copytree(ROOTS / "test-handbooks-site", site)
    (site / "answers").mkdir()
    (site / "answers" / "a.csv").write_text("check,status,notes\ncore:shared-purpose,in-place,\n"
                                            "library-room,not-yet,\n", encoding="utf-8")
    (site / "answers" / "b.csv").write_text("check,status,notes\ncore:shared-purpose,not-yet,Not yet\n",
                                            encoding="utf-8")
    (site / "report.md").write_text("# Report\n\n:::{lw:readiness-report}\n:answers: answers/a.csv, answers/b.csv\n"
                                    ":handbooks: core\n:::\n", encoding="utf-8")
    index = site / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("readiness\n", "readiness\nreport\n"),
                     encoding="utf-8")
    app = make_app("html", srcdir=site, freshenv=True, confoverrides={"lw_handbooks": {
        "core": {"url": "https://core.example/", "export": str(core / "lw-method.json")}}})
    app.build()
    assert [line for line in warnings_of(app) if "report.md" in line] == []
    report = report_of(app)
    two = between(report, "Two steps apart", "Where each partner stands")
    assert "Partners share one purpose for the new service." in two
    assert 'href="https://core.example/readiness.html#lw-check-shared-purpose"' in two
    assert 'href="https://core.example/methods/design-teams.html#lw-method-design-teams"' in two
    # the core's people-welcome, which nobody answered, is listed, never counted as anything
    assert re.search(r"People are welcomed on their first visit\. \(<code[^>]*><span class=\"pre\">"
                     r"core:people-welcome</span></code>\): not answered by anyone", report)


# -- accessibility: the Nu HTML Checker and axe-core, as for the handbook's pages ----------------

@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, object]:
    """The root built with the handbook's theme, and the command's HTML reports (several partners
    with a baseline; one partner) beside it."""
    from lw_method.cli import main

    out = tmp_path_factory.mktemp("readiness-pages")
    root = ROOTS / "test-readiness-report"
    subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html", "-d", str(out / ".doctrees"),
                    "-D", "html_theme=sphinx_book_theme", "-D", "extensions=myst_parser,lw_method,lw_method.book",
                    str(root), str(out / "html")], check=True, capture_output=True)
    export = str(out / "html" / "lw-method.json")
    answers = root / "readiness"
    several, single = out / "several.html", out / "single.html"
    assert main(["readiness", str(answers / "2026-03-north.csv"), str(answers / "2026-03-south.json"),
                 "--baseline", str(answers / "2025-09-north.csv"), "--label", "North Borough", "--label",
                 "South Trust", "--handbook", export, "--format", "html", "-o", str(several)]) == 0
    assert main(["readiness", str(answers / "east.csv"), "--handbook", export, "--format", "html",
                 "-o", str(single)]) == 0
    return {"report": out / "html" / "report.html", "checks": out / "html" / "checks.html",
            "several": several, "single": single}


@pytest.mark.browser
def test_the_reports_pass_the_nu_html_checker(pages):
    from test_accessibility import VNU, need

    need(VNU)
    files = [str(pages[name]) for name in ("report", "checks", "several", "single")]
    result = subprocess.run([shutil.which("java") or "java", "-jar", str(VNU), "--errors-only", "--format", "json",
                             *files], capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    assert messages == [], "\n".join(f"{m.get('url')}:{m.get('lastLine')}: {m['message']}" for m in messages)


def run_axe(chrome, within: str | None) -> dict:
    """axe-core's violations on the page, or only ``within`` (a selector) on a handbook page, whose
    theme the handbook's own accessibility tests cover."""
    from test_accessibility import AXE, need

    need(AXE)
    chrome.execute_script(AXE.read_text(encoding="utf-8"))
    return chrome.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(arguments[0] ? {include: [arguments[0]]} : document, {resultTypes: ['violations']})"
        ".then(r => done({violations: r.violations, passes: r.passes.length}))"
        ".catch(e => done({error: String(e)}));", within)


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_axe_finds_no_violations_and_a_phone_need_not_scroll_the_page_sideways(chrome, pages, width, tmp_path):
    from selenium.webdriver.common.by import By

    from test_accessibility import describe
    from test_checklist_browser import choose, wait_for

    chrome.set_window_size(width, 900)
    for name in ("report", "several", "single", "checks"):
        chrome.get(pages[name].as_uri())
        if name == "checks":  # with partners' answers beside the reader's own
            wait_for(lambda: chrome.find_elements(By.CSS_SELECTOR, ".lw-checklist-choice"))
            choose(chrome, "kettle-ready", "in-place")
            partner = tmp_path / "partner.csv"
            partner.write_text("check,status,notes\nkettle-ready,not-yet,Not here\n", encoding="utf-8")
            chrome.find_element(By.CSS_SELECTOR, "input.lw-checklist-compare-file").send_keys(str(partner))
            wait_for(lambda: chrome.find_elements(By.CSS_SELECTOR, ".lw-checklist-compare-table"))
        result = run_axe(chrome, {"report": ".lw-readiness-report", "checks": ".lw-checklist"}.get(name))
        assert "error" not in result, result.get("error")
        assert result["passes"] > 10, "axe ran its rules on the page"
        assert result["violations"] == [], f"{name}:\n" + describe(result["violations"])
        pictures = chrome.find_elements(By.CSS_SELECTOR, "svg.lw-readiness-svg")
        assert pictures or name == "checks"
        for picture in pictures:  # every picture fits the column, however narrow
            assert 0 < picture.size["width"] <= width
        assert chrome.execute_script("return document.querySelector('main, .bd-main, body').scrollWidth "
                                     "<= document.documentElement.clientWidth + 1"), name


@pytest.mark.browser
def test_in_print_the_pictures_and_their_tables_are_on_the_page(chrome, pages):
    from selenium.webdriver.common.by import By

    chrome.set_window_size(800, 900)
    chrome.get(pages["several"].as_uri())
    chrome.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        figures = chrome.find_elements(By.CSS_SELECTOR, "figure.lw-readiness-figure")
        assert len(figures) == 2
        for figure in figures:
            svg = figure.find_element(By.TAG_NAME, "svg")
            assert svg.is_displayed() and svg.size["width"] > 100
            assert figure.find_element(By.TAG_NAME, "table").is_displayed()
    finally:
        chrome.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


@pytest.mark.pdf
@pytest.mark.sphinx("latex", testroot="readiness-report", freshenv=True)
def test_the_pdf_sets_the_report_with_its_bars_drawn(app):
    if not shutil.which("xelatex") or not shutil.which("latexmk"):
        pytest.fail("xelatex and latexmk are needed: run 'make system-deps'")
    app.build()
    subprocess.run(["latexmk", "-pdfxe", "-interaction=nonstopmode", "-halt-on-error", "readiness.tex"],
                   cwd=app.outdir, check=True, capture_output=True, timeout=300)
    pdf = app.outdir / "readiness.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    flat = " ".join(text.split())
    for expected in ("Where partners disagree", "Two steps apart: not yet and in place",
                     "Operations: checks by status, for each partner and date", "North Borough · 2026-03",
                     "In place Emerging Not yet Not answered", "South Trust · 2026-03-20 0 0 1 1",
                     "Went forward (2):"):
        assert expected in flat, expected
    page = next(n for n in range(1, 40) if "each partner stands" in subprocess.run(
        ["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True, text=True).stdout)
    image = subprocess.run(["pdftoppm", "-f", str(page), "-l", str(page), "-r", "40", str(pdf)],
                           check=True, capture_output=True).stdout
    pixels = image.split(b"\n", 3)[3]  # a binary PPM: P6, size, depth, then RGB triples
    counts = Counter(pixels[i:i + 3] for i in range(0, len(pixels) - 2, 3))
    for fill in ("00606b", "6fb3bb", "f3d9a8"):  # in place, emerging, not yet: bars, not just the key
        assert counts[bytes.fromhex(fill)] > 150, (fill, counts[bytes.fromhex(fill)])
