"""The handbook as an EPUB 3: EPUBCheck clean, every internal link lands, accessible, styled.

The real handbook is built once with Sphinx's ``epub`` builder, strictly (``-n -W``), and
read as a reading system would: the zip's package document, each XHTML page and its links.
"""

from __future__ import annotations

import posixpath
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import pytest

from conftest import PROJECT

EPUBCHECK = Path("/usr/share/java/epubcheck.jar")
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("epub")
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "epub", "-n", "-W", "--keep-going", "-q",
         "-d", str(out / "doctrees"), "-c", str(PROJECT / "conf"), str(PROJECT / "docs"), str(out / "epub")],
        capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return out / "epub" / "living-well-handbook.epub"


def pages(book: Path) -> dict[str, str]:
    with zipfile.ZipFile(book) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()
                if name.endswith(".xhtml")}


def test_epubcheck_reports_no_errors_or_warnings(book):
    if not EPUBCHECK.exists():
        pytest.fail("Debian's epubcheck is needed: run 'make system-deps'")
    result = subprocess.run(["java", "-jar", str(EPUBCHECK), "--failonwarnings", str(book)],
                            capture_output=True, text=True)
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    assert "Messages: 0 fatals / 0 errors / 0 warnings" in report, report


def test_every_internal_link_lands_on_a_page_and_an_id_in_the_book(book):
    found = pages(book)
    ids = {name: set(re.findall(r'\sid="([^"]+)"', text)) for name, text in found.items()}
    checked, broken = 0, []
    for name, text in found.items():
        tree = ElementTree.fromstring(text.encode("utf-8"))  # each page is well-formed XHTML
        for link in tree.iter(f"{XHTML}a"):
            href = link.get("href")
            if not href or urlsplit(href).scheme:
                continue
            parts = urlsplit(href)
            assert not parts.query, f"{name}: {href} carries a query an e-book cannot use"
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), unquote(parts.path))) \
                if parts.path else name
            checked += 1
            if target not in found or (parts.fragment and unquote(parts.fragment) not in ids[target]):
                broken.append(f"{name}: {href}")
    assert not broken, "\n".join(broken[:20])
    assert checked > 1000  # the handbook is densely linked: a small count means links went missing


def test_the_package_declares_its_accessibility(book):
    with zipfile.ZipFile(book) as archive:
        opf = archive.read("content.opf").decode("utf-8")
    metadata = dict.fromkeys(re.findall(r'<meta property="(schema:[A-Za-z]+)">', opf))
    assert list(metadata) == ["schema:accessMode", "schema:accessModeSufficient", "schema:accessibilityFeature",
                              "schema:accessibilityHazard", "schema:accessibilitySummary"]
    assert '<meta property="schema:accessModeSufficient">textual</meta>' in opf
    assert '<meta property="schema:accessibilityFeature">tableOfContents</meta>' in opf
    assert "content note" in re.search(r'schema:accessibilitySummary">([^<]+)<', opf).group(1)
    assert re.search(r'href="evidence.xhtml" media-type="application/xhtml\+xml" properties="svg"', opf)
    assert "<dc:language>en</dc:language>" in opf and "unknown" not in opf


def test_the_lw_objects_are_styled_and_the_views_need_no_script(book):
    found = pages(book)
    with zipfile.ZipFile(book) as archive:
        names = set(archive.namelist())
        css = archive.read("_static/lw-method.css").decode("utf-8")
    story = found["stories/shaz.xhtml"]
    assert 'href="../_static/lw-method.css"' in story and "_static/lw-method.css" in names
    assert ".lw-story" in css and ":is(" not in css  # written out for reading systems
    assert all("<script" not in text for text in found.values())
    evidence = found["evidence.xhtml"]
    assert '<svg' in evidence and "The same in words" in evidence
    assert evidence.count('class="lw-quote-index-item"') > 200  # every quote, as text
    assert "lw-path-nav" not in "".join(found.values())  # no bars to reveal in an e-book
    assert "Samaritans" in story and "lw-content-note" in story


def test_building_again_into_the_same_folder_stays_strict_and_leaves_out_the_export(book):
    out = book.parent.parent
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "epub", "-n", "-W", "--keep-going", "-q",
         "-d", str(out / "doctrees"), "-c", str(PROJECT / "conf"), str(PROJECT / "docs"), str(out / "epub")],
        capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(book) as archive:
        names = archive.namelist()
    assert "lw-method.json" not in names and ".lw-edition" not in names
    assert names[0] == "mimetype"
