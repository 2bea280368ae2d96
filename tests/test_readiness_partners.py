"""``lw-method readiness`` with several partners, dates and handbooks.

The handbook is a small ``lw-method/2`` export written by hand: a site's own checks
(``library-room``, ``rota-agreed``) and, under ``external``, two checks of the core
handbook it builds on (``core:shared-purpose``, ``core:people-welcome``), keyed and
linked as a site's checklist marks them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from lw_method.cli import main
from lw_method.readiness import AnswersError, parse_answers, read_answers, read_handbook

CORE = "https://core.example/"
OBJECTS = [
    {"id": "library-room", "type": "check", "docname": "readiness", "url": "readiness.html#lw-check-library-room",
     "title": "The library room is booked.", "area": "Operations",
     "text": "The library room is booked every week.", "methods": ["core:design-teams"],
     "evidence": ["ana-kettle"], "insights": []},
    {"id": "rota-agreed", "type": "check", "docname": "readiness", "url": "readiness.html#lw-check-rota-agreed",
     "title": "A rota is agreed.", "area": "Operations", "text": "A rota is agreed.",
     "methods": [], "evidence": [], "insights": []},
    {"id": "ana", "type": "story", "docname": "stories/ana", "url": "stories/ana.html#lw-story-ana",
     "title": "Ana", "name": "Ana", "role": "Peer worker", "site": "Seaside"},
    {"id": "ana-kettle", "type": "quote", "docname": "stories/ana", "url": "stories/ana.html#lw-quote-ana-kettle",
     "title": "Ana: the kettle", "story": "ana", "text": "The kettle was always on."},
]
EXTERNAL = [
    {"id": "shared-purpose", "type": "check", "handbook": "core", "docname": "",
     "url": CORE + "readiness.html#lw-check-shared-purpose", "title": "Partners share one purpose.",
     "area": "Leadership", "text": "Partners share one purpose for the new service.",
     "methods": ["core:design-teams"], "evidence": ["core:kit-listening"], "insights": []},
    {"id": "people-welcome", "type": "check", "handbook": "core", "docname": "",
     "url": CORE + "readiness.html#lw-check-people-welcome", "title": "People are welcomed.",
     "area": "Operations", "text": "People are welcomed on their first visit.",
     "methods": [], "evidence": [], "insights": []},
    {"id": "design-teams", "type": "method", "handbook": "core", "docname": "",
     "url": CORE + "methods/design-teams.html#lw-method-design-teams", "title": "Design Teams"},
    {"id": "kit", "type": "story", "handbook": "core", "docname": "", "url": CORE + "stories/kit.html#lw-story-kit",
     "title": "Kit", "name": "Kit", "role": "Commissioner", "site": "Hillside"},
    {"id": "kit-listening", "type": "quote", "handbook": "core", "docname": "", "story": "core:kit",
     "url": CORE + "stories/kit.html#lw-quote-kit-listening", "title": "Kit: listening",
     "text": "We listened first and planned after."},
]
PROJECT = "Seaside site handbook"


def write_export(path: Path, objects=OBJECTS, external=EXTERNAL, schema="lw-method/2", project=PROJECT) -> Path:
    """An export with one object per line: objects start on line 4, external ones after them."""
    lines = [f'{{"schema": {json.dumps(schema)}, "project": {json.dumps(project)},',
             ' "edition": "public", "base_url": "https://seaside.example/",', ' "objects": [']
    lines += [" " + json.dumps(o) + ("," if n < len(objects) - 1 else "") for n, o in enumerate(objects)]
    lines += [' ],', ' "external": [']
    lines += [" " + json.dumps(o) + ("," if n < len(external) - 1 else "") for n, o in enumerate(external)]
    path.write_text("\n".join([*lines, " ]}"]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def export(tmp_path) -> Path:
    folder = tmp_path / "site"
    folder.mkdir()
    return write_export(folder / "lw-method.json")


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def answers_json(path: Path, answers: list[dict], **about) -> Path:
    return write(path, json.dumps({**about, "answers": answers}, indent=1))


def run(capsys, *args) -> tuple[int, str, str]:
    code = main(["readiness", *map(str, args)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def section(text: str, heading: str) -> str:
    """The Markdown under ``heading`` up to the next heading of its level or higher."""
    level = heading.split(" ")[0]
    part = text[text.index(heading + "\n"):]
    following = re.search(rf"^#{{1,{len(level)}}} ", part[len(heading):], re.M)
    return part[: len(heading) + following.start()] if following else part


@pytest.fixture
def three(tmp_path) -> list[Path]:
    """Three partners: north and south (CSV) and a JSON file that names its respondent."""
    north = write(tmp_path / "north.csv", "check,status,notes\nlibrary-room,in-place,Booked to June\n"
                  "core:shared-purpose,in-place,\nrota-agreed,in-place,\ncore:people-welcome,in-place,\n")
    south = write(tmp_path / "south.csv", "check,status,notes\nlibrary-room,not-yet,Nobody has the key\n"
                  "core:shared-purpose,emerging,Two boards to go\nrota-agreed,in-place,\n")
    east = answers_json(tmp_path / "e.json", [
        {"check": "library-room", "status": "emerging", "notes": "Some weeks"},
        {"check": "core:shared-purpose", "status": "in-place"},
        {"check": "rota-agreed", "status": "emerging"}], respondent="East Council", handbook=PROJECT)
    return [north, south, east]


def test_the_report_opens_with_where_partners_disagree_two_steps_apart_first(export, three, capsys):
    code, out, err = run(capsys, *three, "--handbook", export, "--base-url", "https://seaside.example/")
    assert (code, err) == (0, "")
    headings = [line for line in out.splitlines() if line.startswith("## ")]
    assert headings == ["## Where partners disagree", "## Where each partner stands",
                        "## Gaps to work on together", "## Not answered by everyone"]
    disagree = section(out, "## Where partners disagree")
    assert disagree.index("### Two steps apart: not yet and in place") < disagree.index("### One step apart")
    two, one = section(disagree, "### Two steps apart: not yet and in place"), section(disagree, "### One step apart")
    # library-room: in place, not yet, emerging -- two steps; the others one step
    assert "#### The library room is booked every week." in two and "#### The library" not in one
    assert "| north | In place | Booked to June |\n| south | Not yet | Nobody has the key |\n" \
           "| East Council | Emerging | Some weeks |" in two
    assert "#### Partners share one purpose for the new service." in one and "#### A rota is agreed." in one
    # what to read before talking: the core method and quote, at their absolute addresses
    assert "- [Design Teams](https://core.example/methods/design-teams.html#lw-method-design-teams)" in two
    assert "- “The kettle was always on.” — Ana, Peer worker, Seaside " \
           "([full story](https://seaside.example/stories/ana.html#lw-quote-ana-kettle))" in two
    assert "— Kit, Commissioner, Hillside ([full story](https://core.example/stories/kit.html" in one
    assert "Check `core:shared-purpose` (Leadership) — [the check in the handbook]" \
           "(https://core.example/readiness.html#lw-check-shared-purpose)" in one


def test_each_area_per_partner_and_gaps_count_in_place_only_when_every_answerer_says_so(export, three, capsys):
    code, out, _ = run(capsys, *three, "--handbook", export)
    assert code == 0
    standing = section(out, "## Where each partner stands")
    operations = section(standing, "### Operations")
    assert "| north | 3 | 0 | 0 | 0 |" in operations        # library-room, rota-agreed, people-welcome
    assert "| south | 1 | 0 | 1 | 1 |" in operations        # people-welcome unanswered, shown as such
    assert "| East Council | 0 | 2 | 0 | 1 |" in operations
    gaps = section(out, "## Gaps to work on together")
    assert "| Operations | 1 | 1 | 1 | 0 | Emerging |" in gaps
    assert "| Leadership | 0 | 1 | 0 | 0 | Emerging |" in gaps
    assert "#### Not yet: The library room is booked every week." in gaps
    assert "#### Emerging: A rota is agreed." in gaps
    # answered in place by the one partner who answered it: not a gap, but never silently complete
    assert "People are welcomed" not in gaps
    unanswered = section(out, "## Not answered by everyone")
    assert "- People are welcomed on their first visit. (`core:people-welcome`): not answered by south, " \
           "East Council" in unanswered


def test_labels_come_from_the_option_then_the_respondent_then_the_file_name(export, three, capsys):
    code, out, _ = run(capsys, *three, "--handbook", export, "--label", "North Borough", "--label", "South Trust",
                       "--label", "East")
    assert code == 0 and "| North Borough | In place | Booked to June |" in out and "| East | Emerging |" in out
    code, out, _ = run(capsys, *three, "--handbook", export)
    assert "From the answers of 3 partners — north (`" in out and "; East Council (`" in out


@pytest.mark.parametrize("case", ["label-count", "same-label", "same-respondent", "other-handbook",
                                  "not-iso", "respondent-not-text", "unknown-schema", "baseline-later",
                                  "baseline-of-nobody", "base-url-count"])
def test_bad_input_names_the_file_and_line_and_exits_2(export, three, tmp_path, capsys, case):
    north, south, east = three
    extra: list = []
    if case == "label-count":
        files, extra, expected = three, ["--label", "A", "--label", "B"], \
            f"2 labels for 3 answers files ({north}, {south}, {east}): give one label per file"
    elif case == "same-label":
        files, extra, expected = [north, south], ["--label", "One", "--label", "One"], \
            f"{south}: the label 'One' is also {north}'s; give each partner's file its own label"
    elif case == "same-respondent":
        twin = answers_json(tmp_path / "twin.json", [], respondent="East Council")
        files, expected = [east, twin], f"{twin}: line 2: the label 'East Council' is also {east}'s"
    elif case == "other-handbook":
        odd = answers_json(tmp_path / "odd.json", [], handbook="Another handbook")
        files, expected = [east, odd], (f"{odd}: line 2: these answers are for the handbook 'Another handbook', "
                                        f"but the handbook read is '{PROJECT}', as {east} does")
    elif case == "not-iso":
        dated = answers_json(tmp_path / "dated.json", [], date="31/03/2026")
        files, expected = [dated], f"{dated}: line 2: the date '31/03/2026' is not an ISO date: write it YYYY-MM-DD"
    elif case == "respondent-not-text":
        odd = answers_json(tmp_path / "odd.json", [], respondent=["a", "list"])
        files, expected = [odd], f"{odd}: line 2: 'respondent' must be text, not a list"
    elif case == "unknown-schema":
        files = [north]
        export = write_export(tmp_path / "v3.json", schema="lw-method/3")
        expected = (f"{export}: line 1: the export's schema is 'lw-method/3'; this lw-method reads "
                    "lw-method/1 and lw-method/2")
    elif case == "baseline-later":
        now = answers_json(tmp_path / "now.json", [], date="2026-03-01")
        later = answers_json(tmp_path / "then.json", [], date="2026-09-01")
        files, extra = [now], ["--baseline", later]
        expected = f"{later}: line 2: this baseline is dated 2026-09-01, after the answers it is compared with"
    elif case == "base-url-count":
        files, extra = [north], ["--base-url", "https://a.example/", "--base-url", "https://b.example/"]
        expected = "2 --base-url for 1 --handbook: give at most one base for each handbook export"
    else:
        old = write(tmp_path / "old.csv", "check,status,notes\n")
        files, extra = [north, south], ["--baseline", old]
        expected = f"{old}: which partner's earlier answers are these? Their name 'old' is none of the partners'"
    code, out, err = run(capsys, *files, "--handbook", export, *extra)
    assert (code, out) == (2, "")
    assert err.startswith("lw-method readiness: ") and expected in err, err
    assert "Traceback" not in err


def test_a_v2_export_keys_external_checks_by_handbook_and_several_exports_merge_first_first(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "other").mkdir()
    site_export = write_export(tmp_path / "site" / "lw-method.json")
    site = read_handbook(site_export, "site/")
    assert site.get("check", "core:shared-purpose")["href"] == CORE + "readiness.html#lw-check-shared-purpose"
    assert site.get("check", "library-room")["href"] == "site/readiness.html#lw-check-library-room"
    assert site.get("check", "shared-purpose") is None
    # a v1 export (no external objects) is read too; a second export adds checks, never replaces
    other = [dict(OBJECTS[1], text="Another text for the rota."),
             dict(OBJECTS[1], id="tea-rota", text="Tea is on a rota.", url="readiness.html#lw-check-tea-rota")]
    v1 = write_export(tmp_path / "other" / "lw-method.json", objects=other, external=[], schema="lw-method/1",
                      project="Other")
    answers = write(tmp_path / "a.csv", "check,status,notes\nrota-agreed,emerging,\ntea-rota,not-yet,\n"
                    "core:people-welcome,in-place,\n")
    code = main(["readiness", str(answers), "--handbook", str(site_export), "--handbook", str(v1),
                 "-o", str(tmp_path / "r.md")])
    report = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert code == 0
    assert "#### Emerging: A rota is agreed." in report and "Another text" not in report
    # each export's links lead to its own folder, relative to the report
    assert "](site/readiness.html#lw-check-rota-agreed)" in report
    assert "#### Not yet: Tea is on a rota." in report and "](other/readiness.html#lw-check-tea-rota)" in report
    # a --base-url is the first export's; the second keeps its own relative path
    code = main(["readiness", str(answers), "--handbook", str(site_export), "--handbook", str(v1),
                 "--base-url", "https://seaside.example/", "-o", str(tmp_path / "r.md")])
    report = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "](https://seaside.example/readiness.html#lw-check-rota-agreed)" in report
    assert "](other/readiness.html#lw-check-tea-rota)" in report


def test_spreadsheet_files_read_as_the_export_wrote_them(export, tmp_path):
    handbook = read_handbook(export)
    plain = read_answers(write(tmp_path / "plain.csv", 'check,status,notes\nlibrary-room,emerging,"Booked,\n'
                               'from June"\nrota-agreed,not-yet,=SUM(A1)\n'), handbook)
    # what a spreadsheet writes back: a BOM, CRLF line ends, semicolons, a quoted newline kept
    # as CRLF, the export's ' before a formula, and empty cells after the last column
    excel = tmp_path / "excel.csv"
    excel.write_bytes("\ufeffcheck;status;notes;;\r\nlibrary-room;emerging;\"Booked,\r\nfrom June\";;\r\n"
                      "rota-agreed;not-yet;'=SUM(A1)\r\n".encode("utf-8"))
    spread = read_answers(excel, handbook)
    assert spread == plain
    assert spread["library-room"].notes == "Booked,\nfrom June" and spread["rota-agreed"].notes == "=SUM(A1)"
    assert [a.line for a in spread.values()] == [2, 4]
    with pytest.raises(AnswersError, match="line 2: expected 3 columns"):
        parse_answers("check;status;notes\nlibrary-room;emerging;x;y\n")


def test_what_moved_since_a_baseline_by_area_with_the_dates(export, tmp_path, capsys):
    old = answers_json(tmp_path / "north-old.json", [
        {"check": "library-room", "status": "not-yet"}, {"check": "rota-agreed", "status": "in-place"},
        {"check": "core:shared-purpose", "status": "emerging"}], date="2025-09-30")
    now = write(tmp_path / "2026-03-north.csv", "check,status,notes\nlibrary-room,in-place,\n"
                "rota-agreed,emerging,\ncore:shared-purpose,emerging,\ncore:people-welcome,not-yet,\n")
    code, out, _ = run(capsys, now, "--baseline", old, "--handbook", export)
    assert code == 0
    assert out.splitlines()[2] == (f"From the answers in `{now}` (2026-03), against 4 checks, compared with "
                                   f"the earlier answers in `{old}` (2025-09-30).")
    moved = section(out, "## What moved")
    operations, leadership = section(moved, "### Operations"), section(moved, "### Leadership")
    assert ("Went forward (1):\n\n- The library room is booked every week. (`library-room`) — "
            "Not yet (2025-09-30) → In place (2026-03)") in operations
    assert "Went back (1):\n\n- A rota is agreed. (`rota-agreed`) — In place (2025-09-30) → Emerging (2026-03)" \
        in operations
    assert ("Answered at one date only (1):\n\n- People are welcomed on their first visit. (`core:people-welcome`)"
            " — Not answered (2025-09-30) → Not yet (2026-03)") in operations
    assert "Stayed put (1):\n\n- Partners share one purpose for the new service." in leadership
    # the standing by date is drawn too: one row per date in each area
    assert "| 2025-09-30 | 1 | 0 | 1 | 1 |" in section(out, "## Where you stand")


def test_one_partners_dated_files_are_a_timeline_without_a_baseline(export, tmp_path, capsys):
    first = write(tmp_path / "2025-09-north.csv", "check,status,notes\nrota-agreed,not-yet,\n")
    second = write(tmp_path / "2026-03-north.csv", "check,status,notes\nrota-agreed,in-place,\n")
    south = write(tmp_path / "south.csv", "check,status,notes\nrota-agreed,emerging,\n")
    code, out, _ = run(capsys, second, first, south, "--handbook", export)
    assert code == 0
    assert "From the answers of 2 partners — north (`" in out
    assert "- A rota is agreed. (`rota-agreed`) — north: Not yet (2025-09) → In place (2026-03)" in out
    assert "| north · 2025-09 | 0 | 0 | 1 | 2 |" in out and "| south | 0 | 1 | 0 | 2 |" in out
    # the latest answers are each partner's own: north's in place against south's emerging
    assert "#### A rota is agreed." in section(out, "### One step apart")


def test_html_report_draws_each_area_as_an_svg_with_the_same_figures_in_a_table(export, three, tmp_path, capsys):
    out_file = tmp_path / "report.html"
    code, _, _ = run(capsys, *three, "--handbook", export, "--format", "html", "-o", out_file)
    page = out_file.read_text(encoding="utf-8")
    assert code == 0
    figures = re.findall(r'<figure class="lw-readiness-figure">(.*?)</figure>', page, re.S)
    assert len(figures) == 2  # Operations, Leadership
    operations = figures[0]
    svg = operations[operations.index("<svg"):operations.index("</svg>")]
    assert 'role="img"' in svg and 'aria-labelledby="lw-readiness-area-1-title lw-readiness-area-1-desc"' in svg
    assert '<title id="lw-readiness-area-1-title">Operations: checks by status, for each partner</title>' in svg
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", svg).group(1)
    assert "south: 1 in place, 0 emerging, 1 not yet, 1 not answered (of 3)" in desc
    # each bar's segments as wide as its share, and the table beside it says the same
    south = svg[svg.index(">south</text>"):svg.index(">East Council</text>")]
    widths = {k: float(w) for k, w in re.findall(r'class="lw-readiness-([a-z-]+)"[^>]*width="([\d.]+)"', south)}
    assert widths == pytest.approx({"in-place": 358 / 3, "not-yet": 358 / 3, "none": 358 / 3}, abs=0.1)
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th>((?:<td class="lw-readiness-n">\d+</td>)+)</tr>',
                      operations)
    assert [(name, re.findall(r">(\d+)<", cells)) for name, cells in rows] == [
        ("north", ["3", "0", "0", "0"]), ("south", ["1", "0", "1", "1"]), ("East Council", ["0", "2", "0", "1"])]
    # no script and nothing fetched: the page works offline and prints as it is
    assert "<script" not in page and " src=" not in page and "<link" not in page


# -- Compare… in the browser (lw-checklist.js) -----------------------------------------------------

@pytest.fixture(scope="module")
def checklist_site(tmp_path_factory) -> Path:
    """The readiness-report root built as HTML: checks.html has kettle-ready, rota-agreed and
    budget-shared."""
    import subprocess
    import sys

    from conftest import ROOTS

    out = tmp_path_factory.mktemp("compare-site")
    subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html", "-d", str(out / ".doctrees"),
                    str(ROOTS / "test-readiness-report"), str(out / "html")], check=True, capture_output=True)
    return out / "html"


#: every way a page could send something: each call is recorded in window.lwSent
SPY_ON_THE_NETWORK = """
window.lwSent = [];
const note = (how) => (...args) => { window.lwSent.push(how + " " + String(args[0])); };
window.fetch = note("fetch");
XMLHttpRequest.prototype.open = note("xhr");
navigator.sendBeacon = note("beacon");
window.WebSocket = function (url) { note("websocket")(url); };
window.EventSource = function (url) { note("eventsource")(url); };
new MutationObserver((changes) => changes.forEach((change) => change.addedNodes.forEach((node) => {
  if (node.nodeType === 1 && (node.matches("img, script, iframe, link, form, object, embed") ||
                              node.querySelector("img, script, iframe, link, form, object, embed"))) {
    window.lwSent.push("element " + node.outerHTML.slice(0, 80));
  }
}))).observe(document.documentElement, {childList: true, subtree: true});
"""


@pytest.mark.browser
def test_compare_shows_where_partners_differ_check_by_check_and_nothing_leaves_the_page(checklist_site, tmp_path):
    from selenium.webdriver.common.by import By

    from browser import start_browser
    from test_checklist_browser import choose, notes, wait_for

    north = tmp_path / "north.csv"  # as a spreadsheet saves it: BOM, semicolons, CRLF, a quoted line
    north.write_bytes("\ufeffcheck;status;notes;;\r\nkettle-ready;emerging;\"Which\r\nkettle?\";;\r\n"  # break, empty cells
                      "rota-agreed;emerging;\r\n".encode("utf-8"))
    south = answers_json(tmp_path / "south.json", [
        {"check": "kettle-ready", "status": "emerging"}, {"check": "budget-shared", "status": "in-place"},
        {"check": "core:elsewhere", "status": "in-place"}], respondent="South Trust", date="2026-03-20")
    bad = write(tmp_path / "bad.csv", "check,status,notes\nkettle-ready,done,\n")
    driver = start_browser(tmp_path / "profile")
    try:
        driver.get((checklist_site / "checks.html").as_uri())
        wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, ".lw-checklist-choice"))
        choose(driver, "kettle-ready", "in-place")
        choose(driver, "rota-agreed", "emerging")
        choose(driver, "budget-shared", "not-yet")
        notes(driver, "rota-agreed").send_keys("Mine")
        driver.execute_script(SPY_ON_THE_NETWORK)
        upload = driver.find_element(By.CSS_SELECTOR, "input.lw-checklist-compare-file")
        assert upload.get_attribute("multiple") is not None
        upload.send_keys(f"{north}\n{south}\n{bad}")
        table = wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, ".lw-checklist-compare-table"))[0]
        message = driver.find_element(By.CLASS_NAME, "lw-checklist-message").text
        assert "Comparing with 2 partners." in message
        assert "Could not compare bad.csv: line 2: status 'done' is not one of not-yet, emerging, in-place" in message
        assert "south.json: 1 answers for checks not on this page were left out." in message
        summary = driver.find_element(By.CLASS_NAME, "lw-checklist-compare-summary").text
        assert summary.startswith("Compared with north (north.csv), South Trust (south.json, 2026-03-20): you "
                                  "differ on 3 of 3 checks — 1 two steps apart (not yet and in place), 1 one step "
                                  "apart, 1 answered by some and not others.")
        heads = [th.text for th in table.find_elements(By.CSS_SELECTOR, "thead th")]
        assert heads == ["Check", "You", "north", "South Trust"]
        rows = [[c.text for c in row.find_elements(By.CSS_SELECTOR, "th, td")]
                for row in table.find_elements(By.CSS_SELECTOR, "tbody tr")]
        assert rows == [  # furthest apart first (budgets, the last on the page), then in the page's order
            ["Budgets are pooled across organisations.", "Not yet", "Not answered", "In place"],
            ["There is a kettle and people know where it is.", "In place", "Emerging\nWhich\nkettle?", "Emerging"],
            ["Everyone knows whose turn it is to make the tea.", "Emerging\nMine", "Emerging", "Not answered"]]
        assert driver.execute_script("return window.lwReadiness[0].partners()[0].answers['kettle-ready'].notes") \
            == "Which\nkettle?"
        line = driver.find_element(By.CSS_SELECTOR, '.lw-checklist-entry[data-check="kettle-ready"] '
                                                    '.lw-checklist-partners')
        assert line.text == "Partners: north — Emerging (Which\nkettle?); South Trust — Emerging"
        # your own answers change the comparison as you go: now all three say emerging
        choose(driver, "kettle-ready", "emerging")
        summary = driver.find_element(By.CLASS_NAME, "lw-checklist-compare-summary").text
        assert "you differ on 2 of 3 checks — 1 two steps apart (not yet and in place), 0 one step apart" in summary
        # partners' files are neither stored nor sent: only your answers are kept, only files loaded
        stored = driver.execute_script(
            "return Object.keys(localStorage).map(k => localStorage.getItem(k)).join(' ')")
        assert "Which" not in stored and "South Trust" not in stored and "Mine" in stored
        assert driver.execute_script("return window.lwSent") == []
        driver.find_element(By.CSS_SELECTOR, 'button[data-action="stop-compare"]').click()
        assert not driver.find_elements(By.CSS_SELECTOR, ".lw-checklist-partners")
        assert not driver.find_element(By.CLASS_NAME, "lw-checklist-compare").is_displayed()
    finally:
        driver.quit()


@pytest.mark.browser
def test_the_json_export_says_who_answered_and_when_and_the_report_labels_it_so(checklist_site, tmp_path, capsys):
    import datetime

    from selenium.webdriver.common.by import By

    from browser import start_browser
    from test_checklist_browser import choose, wait_for

    driver = start_browser(tmp_path / "profile")
    try:
        driver.get((checklist_site / "checks.html").as_uri())
        wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, ".lw-checklist-choice"))
        choose(driver, "kettle-ready", "emerging")
        driver.find_element(By.CSS_SELECTOR, ".lw-checklist-respondent input").send_keys("North  Borough")
        exported = json.loads(driver.execute_script("return window.lwReadiness[0].exportJSON()"))
        csv_text = driver.execute_script("return window.lwReadiness[0].exportCSV()")
        # Import… takes back what a spreadsheet saves: BOM, semicolons, CRLF, a quoted line break
        driver.execute_script("window.lwReadiness[0].importText(arguments[0])",
                              "\ufeffcheck;status;notes;\r\nrota-agreed;in-place;\"Agreed\r\nin May\";\r\n"
                              "budget-shared;not-yet;'-1\r\n")
        imported = driver.execute_script("return window.lwReadiness[0].answers()")
    finally:
        driver.quit()
    assert exported["respondent"] == "North Borough" and exported["handbook"] == "Readiness test"
    assert exported["date"] == datetime.date.today().isoformat()
    assert csv_text == "check,status,notes\r\nkettle-ready,emerging,\r\n"
    assert imported == {"rota-agreed": {"status": "in-place", "notes": "Agreed\nin May"},
                        "budget-shared": {"status": "not-yet", "notes": "-1"}}
    answers = write(tmp_path / "mine.json", json.dumps(exported))
    code, out, err = run(capsys, answers, "--handbook", checklist_site / "lw-method.json")
    assert (code, err) == (0, "")
    assert f"From the answers in `{answers}` ({exported['date']}), against 3 checks." in out
