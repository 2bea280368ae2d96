"""Every page of the handbook: axe-core reports no violations, the Nu HTML Checker no errors.

axe-core (node_modules/axe-core, from package.json) is injected into each page in
Debian's headless chromium at a desktop and a phone width; the Nu HTML Checker is the
current vnu-jar from npm, run with this machine's Java.  ``make node-deps`` (a
prerequisite of ``make test``) installs both.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from conftest import NODE_MODULES, handbook_pages

pytestmark = pytest.mark.browser

AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
PAGES = handbook_pages()


def need(path) -> None:
    if not path.is_file():
        pytest.fail(f"{path} is missing: run 'make node-deps' (npm install, from package.json)")


def page_path(site, page: str):
    path = site / page
    if not path.is_file():
        pytest.skip(f"{page} is not in this edition of the handbook")
    return path


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} — {violation['helpUrl']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {' '.join(node['target'])}: {' '.join(node.get('failureSummary', '').split())}")
    return "\n".join(lines)


@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
@pytest.mark.parametrize("page", PAGES)
def test_axe_finds_no_violations(chrome, handbook_site, page, width):
    need(AXE)
    path = page_path(handbook_site, page)
    chrome.set_window_size(width, 900)
    chrome.get(path.as_uri())
    chrome.execute_script(AXE.read_text(encoding="utf-8"))
    result = chrome.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']})"
        ".then(r => done({violations: r.violations, passes: r.passes.length}))"
        ".catch(e => done({error: String(e)}));")
    assert "error" not in result, result.get("error")
    assert result["passes"] > 10, "axe ran its rules on the page"
    assert result["violations"] == [], describe(result["violations"])


@pytest.fixture(scope="module")
def vnu_errors(handbook_site) -> dict[str, list[str]]:
    """The Nu HTML Checker's errors for every page, checked in one run, keyed by page."""
    need(VNU)
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is missing: run 'make system-deps' (apt-get install default-jre-headless)")
    files = [str(handbook_site / page) for page in PAGES if (handbook_site / page).is_file()]
    result = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", *files],
                            capture_output=True, text=True, timeout=600)
    report = json.loads(result.stderr or result.stdout or '{"messages": []}')
    errors: dict[str, list[str]] = {}
    for message in report["messages"]:
        url = message.get("url", "")
        page = url.split(str(handbook_site), 1)[-1].lstrip("/")
        errors.setdefault(page, []).append(
            f"{message.get('lastLine', '?')}:{message.get('firstColumn', '?')} {message['type']}: "
            f"{message['message']} [{message.get('extract', '').strip()[:120]}]")
    assert set(errors) <= set(PAGES) | {""}, errors
    return errors


def test_vnu_is_the_current_checker_not_html5validators_copy():
    need(VNU)
    version = subprocess.run([shutil.which("java") or "java", "-jar", str(VNU), "--version"],
                             capture_output=True, text=True, timeout=120).stdout.strip()
    assert int(version.split(".")[0]) >= 24, version


@pytest.mark.parametrize("page", PAGES)
def test_vnu_finds_no_errors(vnu_errors, handbook_site, page):
    page_path(handbook_site, page)
    assert vnu_errors.get(page, []) == [], "\n".join(vnu_errors[page])
