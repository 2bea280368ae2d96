"""The readiness checklist in a real browser: answers kept, exported, cleared and imported."""

from __future__ import annotations

import json
import time

import pytest
from selenium.webdriver.common.by import By

import jsonschema

from browser import start_browser
from test_schemas import ANSWERS as ANSWERS_SCHEMA

pytestmark = pytest.mark.sphinx("html", testroot="basic", freshenv=True)


def wait_for(condition, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.1)
    raise AssertionError("timed out")


def entry(driver, check: str):
    return driver.find_element(By.CSS_SELECTOR, f'.lw-checklist-entry[data-check="{check}"]')


def choose(driver, check: str, status: str) -> None:
    radio = entry(driver, check).find_element(By.CSS_SELECTOR, f'input[value="{status}"]')
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", radio)
    radio.click()


def chosen(driver, check: str) -> str | None:
    for radio in entry(driver, check).find_elements(By.CSS_SELECTOR, "input[type=radio]"):
        if radio.is_selected():
            return radio.get_attribute("value")
    return None


def notes(driver, check: str):
    return entry(driver, check).find_element(By.TAG_NAME, "textarea")


def click(driver, action: str) -> None:
    driver.find_element(By.CSS_SELECTOR, f'.lw-checklist-buttons button[data-action="{action}"]').click()


def test_answers_are_kept_exported_cleared_and_imported(app, tmp_path):
    app.build()
    page = (app.outdir / "readiness.html").as_uri()
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    driver = start_browser(tmp_path / "profile", downloads)
    try:
        driver.get(page)
        wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, ".lw-checklist-choice"))
        assert "Your answers are kept in this browser only" in driver.page_source
        choose(driver, "kettle-ready", "in-place")
        choose(driver, "budget-shared", "not-yet")
        notes(driver, "budget-shared").send_keys('Pooled "soon", we hope')
        overall = driver.find_element(By.CLASS_NAME, "lw-checklist-overall").text
        assert overall == "Overall: 1 of 2 in place, 0 emerging, 1 not yet, 0 not answered."
        progress = [p.text for p in driver.find_elements(By.CLASS_NAME, "lw-checklist-progress")]
        assert progress == ["1 of 1 in place · 0 emerging · 0 not yet · 0 not answered",
                            "0 of 1 in place · 0 emerging · 1 not yet · 0 not answered"]

        driver.refresh()  # kept in the browser
        wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, ".lw-checklist-choice"))
        assert chosen(driver, "kettle-ready") == "in-place"
        assert chosen(driver, "budget-shared") == "not-yet"
        assert notes(driver, "budget-shared").get_attribute("value") == 'Pooled "soon", we hope'

        click(driver, "export-csv")
        csv_file = wait_for(lambda: next(iter(downloads.glob("readiness-answers.csv")), None))
        assert csv_file.read_bytes().decode() == ('check,status,notes\r\nkettle-ready,in-place,\r\n'
                                        'budget-shared,not-yet,"Pooled ""soon"", we hope"\r\n')
        click(driver, "export-json")
        json_file = wait_for(lambda: next(iter(downloads.glob("readiness-answers.json")), None))
        assert '"check": "budget-shared"' in json_file.read_text()
        jsonschema.validate(json.loads(json_file.read_text()), ANSWERS_SCHEMA)  # what the page exports

        click(driver, "clear")
        assert chosen(driver, "kettle-ready") is None and chosen(driver, "budget-shared") is None
        driver.refresh()
        wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, ".lw-checklist-choice"))
        assert chosen(driver, "kettle-ready") is None

        upload = driver.find_element(By.CSS_SELECTOR, "input.lw-checklist-file")
        upload.send_keys(str(csv_file))
        wait_for(lambda: "Imported 2 answers" in driver.find_element(By.CLASS_NAME, "lw-checklist-message").text)
        assert chosen(driver, "kettle-ready") == "in-place"
        assert notes(driver, "budget-shared").get_attribute("value") == 'Pooled "soon", we hope'

        bad = tmp_path / "bad.csv"
        bad.write_text("check,status,notes\nkettle-ready,done,\n")
        upload.send_keys(str(bad))
        message = wait_for(lambda: driver.find_element(By.CLASS_NAME, "lw-checklist-message").text
                           if "Could not import" in driver.find_element(By.CLASS_NAME, "lw-checklist-message").text
                           else None)
        assert message == ("Could not import bad.csv: line 2: status 'done' is not one of "
                           "not-yet, emerging, in-place")
        assert chosen(driver, "kettle-ready") == "in-place"  # a bad file changes nothing

        json_file.write_text('{"answers": [{"check": "budget-shared", "status": "emerging", "notes": ""}]}')
        upload.send_keys(str(json_file))
        wait_for(lambda: chosen(driver, "budget-shared") == "emerging")
        assert chosen(driver, "kettle-ready") is None  # an import replaces the answers
    finally:
        driver.quit()
