"""Reading paths: lw:path and lw:paths in HTML, the path bar, the export, print and rebuilds.

The ``paths`` root has two paths.  ``leader``: the introduction page, the method ``tea``,
Ben's story (with the author's own link text), Cy's story (internal, so the public edition
leaves it out) and a heading of the introduction.  ``peer``: Ana's story, the tea page
(by ``{doc}``) and Ana's quote, by MyST's ``[](#id)``.  So the tea page is on both paths and
Ana's page twice on one.  ``about`` is on no path.  ``paths-bad`` holds the mistakes.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
from importlib.resources import files
from pathlib import Path

import pytest

from conftest import read_export, read_html, warned, warnings_of

pytestmark = pytest.mark.sphinx("html", testroot="paths", freshenv=True)


def bars(html: str) -> list[str]:
    """Each path bar of a page, as written."""
    return re.findall(r'<nav aria-label="Reading path: [^"]*" class="lw-path-nav".*?</nav>', html, re.S)


def links(fragment: str) -> list[tuple[str, str]]:
    """(href, text) of every link in ``fragment``."""
    return [(href.replace("&amp;", "&"), re.sub(r"<[^>]+>", "", text))
            for href, text in re.findall(r'<a [^>]*href="([^"]*)"[^>]*>(.*?)</a>', fragment, re.S)]


# -- the path's own page -------------------------------------------------------------------------

def test_a_path_page_lists_its_steps_in_order_each_link_carrying_the_path(app):
    app.build()
    html = read_html(app, "paths/leader")
    steps = re.search(r'<ol class="[^"]*lw-path-steps">(.*?)</ol>', html, re.S).group(1)
    assert links(steps) == [
        ("../intro.html?path=leader&step=1", "Introduction"),
        ("../methods/tea.html?path=leader&step=2#lw-method-tea", "Tea together"),
        ("../stories/ben.html?path=leader&step=3#lw-story-ben", "Ben's story"),
        ("../intro.html?path=leader&step=4#getting-started", "Getting going"),
    ]
    # the author's words on why stay beside each step; the withheld story's item is gone
    assert "</a></span> – where it comes from.</p>" in steps
    assert "Cy" not in html and "internal edition" not in html
    assert '<p class="lw-path-step-note">Content note: bereavement.</p>' in steps
    assert "<strong>Who it is for: </strong>People who commission or lead the work." in html


def test_lw_paths_shows_every_path_as_a_card_with_its_steps(app):
    app.build()
    html = read_html(app, "index")
    cards = re.findall(r'<li class="lw-path-card">(.*?)</ol>', html, re.S)
    assert len(cards) == 2
    leader, peer = cards
    assert links(leader)[0] == ("paths/leader.html#lw-path-leader", "For a leader")
    assert [text for _href, text in links(leader)[1:]] == ["Introduction", "Tea together", "Ben's story",
                                                           "Getting going"]
    assert "(content note: bereavement)" in leader
    assert [href for href, _text in links(peer)[1:]] == [
        "stories/ana.html?path=peer&step=1#lw-story-ana", "methods/tea.html?path=peer&step=2",
        "stories/ana.html?path=peer&step=3#lw-quote-ana-kettle"]
    assert "Peer workers and people with lived experience." in peer


# -- the bar on the pages of a path ---------------------------------------------------------------

def test_a_page_on_a_path_has_a_hidden_bar_with_its_step_and_the_steps_either_side(app):
    app.build()
    (leader, peer) = bars(read_html(app, "methods/tea"))
    assert 'data-lw-path="leader" data-lw-step="2" hidden="hidden"' in leader
    assert ">For a leader</span></a>: step 2 of 4</p>" in leader
    assert ("../intro.html?path=leader&step=1", "Introduction") in links(leader)
    assert ("../stories/ben.html?path=leader&step=3#lw-story-ben", "Ben's story") in links(leader)
    assert "Content note for the next step: bereavement." in leader
    # a page on two paths names the other one, at its own step there
    assert "This page is also on" in leader and ("?path=peer&step=2", "For a peer worker") in links(leader)
    assert 'data-lw-path="peer" data-lw-step="2"' in peer and ": step 2 of 3</p>" in peer
    assert ("#lw-method-tea", "For a leader") not in links(peer)
    assert ("?path=leader&step=2#lw-method-tea", "For a leader") in links(peer)


def test_a_page_twice_on_one_path_has_a_bar_for_each_step(app):
    app.build()
    first, last = bars(read_html(app, "stories/ana"))
    assert 'data-lw-step="1"' in first and "step 1 of 3" in first and "Previous" not in first
    assert 'data-lw-step="3"' in last and "step 3 of 3" in last
    assert "The last step." in last and ("../paths/peer.html#lw-path-peer", "Back to the path") in links(last)


def test_a_page_on_no_path_has_no_bar(app):
    app.build()
    assert bars(read_html(app, "about")) == []
    assert "lw-path-nav" not in read_html(app, "about").split("<body", 1)[1].replace("lw-paths.js", "")


def test_the_internal_edition_keeps_the_internal_step(make_app, rootdir, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-paths", src)
    app = make_app("html", srcdir=src, confoverrides={"lw_edition": "internal"}, freshenv=True)
    app.build()
    steps = read_html(app, "paths/leader")
    assert ("../stories/cy.html?path=leader&step=4#lw-story-cy", "Cy") in links(steps)
    assert ": step 5 of 5</p>" in bars(read_html(app, "intro"))[1]


# -- the bar in a browser: shown only to a reader who came along the path -----------------------

def test_the_script_shows_only_the_bar_of_the_path_followed(app, chrome):
    from selenium.webdriver.common.by import By

    app.build()

    def shown(address: str) -> list[str]:
        chrome.get(f"{(app.outdir / address).as_uri()}")
        if "?" in address:
            chrome.get((app.outdir / address.split("?")[0]).as_uri() + "?" + address.split("?")[1])
        return [bar.get_attribute("data-lw-path") + ":" + bar.get_attribute("data-lw-step")
                for bar in chrome.find_elements(By.CSS_SELECTOR, "nav.lw-path-nav") if bar.is_displayed()]

    assert shown("methods/tea.html") == []
    assert shown("methods/tea.html?path=peer&step=2") == ["peer:2"]
    assert shown("methods/tea.html?path=leader&step=2") == ["leader:2"]
    assert shown("stories/ana.html?path=peer&step=3") == ["peer:3"]
    assert shown("methods/tea.html?path=nobody&step=1") == []
    # following "Next" keeps the reader on the path
    chrome.get((app.outdir / "methods/tea.html").as_uri() + "?path=leader&step=2")
    chrome.find_element(By.CSS_SELECTOR, "nav[data-lw-path=leader] .lw-path-next a").click()
    assert chrome.current_url.endswith("stories/ben.html?path=leader&step=3#lw-story-ben")
    visible = [b for b in chrome.find_elements(By.CSS_SELECTOR, "nav.lw-path-nav") if b.is_displayed()]
    assert len(visible) == 1 and "step 3 of 4" in visible[0].text


# -- the export ---------------------------------------------------------------------------------

def test_paths_are_in_the_export_and_it_matches_the_schema(app):
    import jsonschema

    app.build()
    export = read_export(app)
    schema = json.loads((files("lw_method") / "schema" / "lw-method.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(export, schema)
    paths = {o["id"]: o for o in export["objects"] if o["type"] == "path"}
    assert list(paths) == ["leader", "peer"]
    leader = paths["leader"]
    assert leader["title"] == "For a leader" and leader["for"] == "People who commission or lead the work."
    assert leader["url"] == "paths/leader.html#lw-path-leader"
    assert [(s["number"], s["type"], s["target"], s["url"], s["why"]) for s in leader["steps"]] == [
        (1, "page", "intro", "intro.html", "where it comes from."),
        (2, "method", "tea", "methods/tea.html#lw-method-tea", "the first thing to try."),
        (3, "story", "ben", "stories/ben.html#lw-story-ben", "a commissioner's view."),
        (4, "page", "intro", "intro.html#getting-started", ""),
    ]
    assert "cy" not in json.dumps(leader)
    assert [s["type"] for s in paths["peer"]["steps"]] == ["story", "page", "quote"]


# -- mistakes -------------------------------------------------------------------------------------

BAD = [
    ("paths.md:6", "lw.unknown-id", "lw:path broken: step 1 ('Read something first – no link at all.') names "
     "no page or object"),
    ("paths.md:7", "lw.unknown-id", "lw:path broken: step 2 names no method on any page ('ghost-method')"),
    ("paths.md:8", "lw.unknown-id", "lw:path broken: step 3 names the page 'missing-page', which no source "
     "file holds"),
    ("paths.md:9", "lw.unknown-id", "lw:path broken: step 4 names 'target', which has no heading "
     "'no-such-heading'"),
    ("paths.md:13", "lw.missing-option", "lw:path: path 'no-steps' has no steps"),
    ("paths.md:19", "lw.missing-option", "lw:path: missing required option :for:"),
    ("paths.md:24", "lw.duplicate-id", "duplicate path id 'broken': already defined in paths.md:3"),
]


@pytest.mark.sphinx("html", testroot="paths-bad", freshenv=True)
def test_each_bad_step_is_a_located_typed_warning_and_nothing_else(app):
    app.build()
    lines = warnings_of(app)
    for location, subtype, message in BAD:
        assert warned(lines, location, subtype, message), f"{location} {message}\n" + "\n".join(lines)
    assert len(lines) == len(BAD), "\n".join(lines)
    html = read_html(app, "paths")
    assert "Traceback" not in app.warning.getvalue()
    # the good step still works, and is step 1 of 1 on its page
    assert ": step 1 of 1</p>" in bars(read_html(app, "target"))[0]
    assert "ghost-method" in html  # the broken step's words stay for the author to see


# -- rebuilds: editing a path rewrites the pages on it ---------------------------------------------

def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    later = time.time() + 5
    import os
    os.utime(path, (later, later))


def test_an_incremental_build_after_editing_a_path_equals_a_fresh_one(make_app, rootdir, tmp_path):
    incremental, fresh = tmp_path / "incremental", tmp_path / "fresh"
    shutil.copytree(rootdir / "test-paths", incremental)
    first = make_app("html", srcdir=incremental, freshenv=True)
    first.build()
    assert "step 2 of 4" in read_html(first, "methods/tea")

    def change(src: Path) -> None:  # the method leaves the path; Ana's story joins it
        edit(src / "paths/leader.md", "2. {lw:method}`tea`: the first thing to try.\n",
             "2. {lw:story}`ana` – a peer worker first.\n")

    change(incremental)
    again = make_app("html", srcdir=incremental, freshenv=False)
    again.build()
    shutil.copytree(rootdir / "test-paths", fresh)
    change(fresh)
    reference = make_app("html", srcdir=fresh, freshenv=True)
    reference.build()
    for page in ("methods/tea", "stories/ana", "stories/ben", "intro", "index", "paths/leader"):
        assert read_html(again, page) == read_html(reference, page), page
    tea = bars(read_html(again, "methods/tea"))
    assert len(tea) == 1 and 'data-lw-path="peer"' in tea[0]
    assert any('data-lw-path="leader" data-lw-step="2"' in bar for bar in bars(read_html(again, "stories/ana")))


# -- print: the Reading paths page with page numbers --------------------------------------------------

@pytest.mark.sphinx("latex", testroot="paths", freshenv=True)
def test_the_pdf_lists_each_path_with_the_page_of_every_step(app):
    from pypdf import PdfReader

    from conftest import pdf_link_targets

    if not shutil.which("xelatex") or not shutil.which("latexmk"):
        pytest.fail("xelatex and latexmk are needed: run 'make system-deps'")
    app.build()
    subprocess.run(["latexmk", "-pdfxe", "-interaction=nonstopmode", "-halt-on-error", "paths.tex"],
                   cwd=app.outdir, check=True, capture_output=True)
    pdf = app.outdir / "paths.pdf"
    reader = PdfReader(pdf)
    pages = [page.extract_text() for page in reader.pages]
    printed = {}  # the page number printed at the foot of each PDF page -> its index
    for index, text in enumerate(pages):
        found = re.search(r"(\d+)\s*$", text.strip())
        if found:
            printed[int(found.group(1))] = index
    listing = next(text for text in pages if "For a leader" in text and "page" in text)
    assert "Ben's story (content note: bereavement) page" in listing.replace("’", "'")
    numbers = dict(re.findall(r"\d\. (Introduction|Tea together|Ben.s story|Ana)(?: \([^)]*\))?\s+page (\d+)",
                              listing.replace("’", "'")))
    assert set(numbers) == {"Introduction", "Tea together", "Ben's story", "Ana"}
    for title, number in numbers.items():  # each number is the page that step's heading is on
        heading = {"Introduction": "Introduction", "Tea together": "Tea together", "Ben's story": "Ben",
                   "Ana": "Ana"}[title]
        on_page = pages[printed[int(number)]]
        assert re.search(rf"(?m)^\s*{heading}\s*$|{heading.upper()}", on_page), (title, number)
    # every step's title and page number are links, and they land on that page
    index = pages.index(listing)
    destinations = reader.named_destinations
    landed = [reader.get_destination_page_number(destinations[name])
              for name in pdf_link_targets_on(reader.pages[index])]
    assert len(landed) == 2 * 7 + 2  # two paths' titles, and seven steps' titles and page numbers
    by_index = {i: n for n, i in printed.items()}
    assert {by_index.get(i) for i in landed} >= {int(n) for n in numbers.values()}
    assert all(name in destinations for name in pdf_link_targets(reader))


def pdf_link_targets_on(page) -> list[str]:
    return [str(a.get_object()["/A"]["/D"]) for a in page.get("/Annots") or []
            if a.get_object().get("/A", {}).get("/S") == "/GoTo"]


def test_renaming_a_heading_a_step_names_is_reported_on_the_next_incremental_build(make_app, rootdir, tmp_path):
    from conftest import warnings_of

    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-paths", src)
    first = make_app("html", srcdir=src, freshenv=True)
    first.build()
    assert not [line for line in warnings_of(first) if "[lw." in line]
    edit(src / "intro.md", "## Getting started", "## Getting under way")
    again = make_app("html", srcdir=src, freshenv=False)
    again.build()
    lines = [line for line in warnings_of(again) if "[lw." in line]
    assert len(lines) == 1 and warned(lines, "leader.md:12", "lw.unknown-id",
                                      "lw:path leader: step 5 names 'intro', which has no heading "
                                      "'getting-started'"), "\n".join(lines)


# -- the handbook's own paths, as a reader follows them ---------------------------------------------

FOLLOWED = ["stories/judd.html?path=commissioner&step=3", "readiness.html?path=commissioner&step=6",
            "approach/practice-leadership.html?path=peer-worker&step=5"]


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_the_handbooks_paths_show_their_bar_and_pass_axe(chrome, handbook_site, width):
    from selenium.webdriver.common.by import By

    from conftest import NODE_MODULES

    axe = NODE_MODULES / "axe-core" / "axe.min.js"
    if not axe.is_file():
        pytest.fail(f"{axe} is missing: run 'make node-deps'")
    chrome.set_window_size(width, 900)
    for address in FOLLOWED:
        page, query = address.split("?")
        chrome.get(f"{(handbook_site / page).as_uri()}?{query}")
        shown = [bar for bar in chrome.find_elements(By.CSS_SELECTOR, "nav.lw-path-nav") if bar.is_displayed()]
        assert len(shown) == 1, address
        step = query.rsplit("=", 1)[1]
        assert f": step {step} of " in shown[0].text, shown[0].text
        if "practice-leadership" in address:  # on two paths: it names the other
            assert "This page is also on For a team lead or practitioner (step 3 of 7)" in shown[0].text
        chrome.execute_script(axe.read_text(encoding="utf-8"))
        result = chrome.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations))"
            ".catch(e => done([{id: 'error', help: String(e), nodes: []}]));")
        assert result == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in result]
