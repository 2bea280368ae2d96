"""A site's self-assessment in a real browser holds the core's checks beside its own, and the
readiness report reads the answers through the site's export."""

from __future__ import annotations

import pytest

from browser import start_browser
from lw_method.cli import main
from test_checklist_browser import choose, click, wait_for
from test_handbooks import CORE_URL, build, copy_root, core_of

pytestmark = pytest.mark.browser


def test_the_self_assessment_exports_core_and_site_answers_and_the_report_links_the_core(
        make_app, rootdir, tmp_path, capsys):
    core = build(make_app, copy_root(rootdir, tmp_path, "core"))
    site = build(make_app, copy_root(rootdir, tmp_path, "site"), core_of(core.outdir / "lw-method.json"))
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    driver = start_browser(tmp_path / "profile", downloads)
    try:
        driver.get((site.outdir / "readiness.html").as_uri())
        wait_for(lambda: driver.find_elements("css selector", ".lw-checklist-choice"))
        choose(driver, "core:shared-purpose", "in-place")
        choose(driver, "core:people-welcome", "emerging")
        choose(driver, "library-room", "not-yet")
        overall = driver.find_element("class name", "lw-checklist-overall").text
        assert overall.startswith("Overall: 1 of 3 in place, 1 emerging, 1 not yet"), overall
        click(driver, "export-csv")
        answers = wait_for(lambda: next(iter(downloads.glob("readiness-answers.csv")), None))
    finally:
        driver.quit()
    lines = answers.read_bytes().decode("utf-8-sig").splitlines()
    assert lines[1:] == ["core:shared-purpose,in-place,", "core:people-welcome,emerging,",
                         "library-room,not-yet,"]
    capsys.readouterr()
    assert main(["readiness", str(answers), "--handbook", str(site.outdir / "lw-method.json")]) == 0
    report = capsys.readouterr().out
    assert "against 3 checks" in report and "| Leadership | 1 | 0 | 0 | 0 | In place |" in report
    assert "#### Emerging: People are welcomed on their first visit." in report
    assert f"{CORE_URL}readiness.html#lw-check-people-welcome" in report
    assert "The library room is booked every week" in report
