"""Shared fixtures: Sphinx's testing fixtures with our roots, and output readers."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOTS = Path(__file__).parent / "roots"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


def read_html(app, docname: str) -> str:
    return (app.outdir / f"{docname}.html").read_text(encoding="utf-8")


def read_export(app) -> dict:
    return json.loads((app.outdir / "lw-method.json").read_text(encoding="utf-8"))


def objects_by_key(export: dict) -> dict[tuple[str, str], dict]:
    return {(o["type"], o["id"]): o for o in export["objects"]}


ANSI = re.compile(r"\x1b\[[0-9;]*m")


def warnings_of(app) -> list[str]:
    """The build's warning lines, without colour codes."""
    return [line for line in ANSI.sub("", app.warning.getvalue()).splitlines() if line.strip()]


def warned(lines: list[str], location: str, subtype: str, message: str) -> bool:
    """Whether a warning at ``file:line`` of type ``subtype`` says ``message``."""
    return any(f"{location}: WARNING: " in line and line.endswith(f"[{subtype}]") and message in line
               for line in lines)


def pdf_link_targets(reader) -> list[str]:
    """The named destination of every internal (GoTo) link in a PDF read by pypdf."""
    targets = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            action = annotation.get("/A")
            if annotation.get("/Subtype") == "/Link" and action and action.get("/S") == "/GoTo":
                targets.append(str(action["/D"]))
    return targets


# -- the real handbook in a browser (test_browser.py, test_accessibility.py) -----------------

PROJECT = Path(__file__).resolve().parents[1]
NODE_MODULES = PROJECT / "node_modules"


@pytest.fixture(scope="session")
def handbook_site(tmp_path_factory) -> Path:
    """The handbook built once, strictly, as HTML: the site a reader opens from file://."""
    import subprocess
    import sys

    out = tmp_path_factory.mktemp("handbook-site")
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-n", "-W", "--keep-going", "-q",
         "-c", str(PROJECT / "conf"), str(PROJECT / "docs"), str(out)],
        capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def core_export(tmp_path_factory, rootdir) -> Path:
    """The cross-handbook tests' core handbook, built once with the command: its lw-method.json,
    for site handbooks and site starters to build on."""
    import shutil

    from lw_method.cli import main

    folder = tmp_path_factory.mktemp("core")
    shutil.copytree(rootdir / "test-handbooks-core", folder / "src")
    assert main(["build", str(folder / "src"), "-o", str(folder / "out")]) == 0
    return folder / "out" / "html" / "lw-method.json"


@pytest.fixture(scope="session")
def chrome(tmp_path_factory):
    """Debian's headless chromium, driven by Debian's chromedriver; never a downloaded browser."""
    from browser import start_browser

    driver = start_browser(tmp_path_factory.mktemp("chromium-profile"))
    driver.set_script_timeout(60)
    yield driver
    driver.quit()


def handbook_pages() -> list[str]:
    """Every page of the handbook, as a path relative to the site: its sources, plus search and index."""
    docs = PROJECT / "docs"
    pages = sorted(str(path.relative_to(docs).with_suffix(".html")) for path in docs.rglob("*.md"))
    return [*pages, "genindex.html", "search.html"]


def pytest_sessionfinish(session, exitstatus) -> None:
    """Every export a build wrote during the run meets the published schema (lw-method/2).

    Exports are found where the run's builds wrote them (pytest's temporary folders); a file
    a test wrote by hand, to be hostile or old, has no ``generator`` of ours and is skipped."""
    import jsonschema

    factory = getattr(session.config, "_tmp_path_factory", None)
    if factory is None or not session.testscollected:
        return
    schema = json.loads((PROJECT / "lw_method" / "schema" / "lw-method.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    failures = []
    for path in factory.getbasetemp().rglob("lw-method.json"):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not (isinstance(data, dict) and str(data.get("generator", "")).startswith("lw-method ")):
            continue
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]
        if errors:
            failures.append(f"{path}: {errors[:3]}")
    if failures:
        print("\nexports that do not meet lw_method/schema/lw-method.schema.json:\n" + "\n".join(failures))
        session.exitstatus = 1
