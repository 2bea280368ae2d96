"""The evidence views: storyteller cards, quote index, evidence matrix and evidence map.

The ``views`` root has three storytellers (Ana, Ben, Cy), five quotes and two
insights: insight 1 excerpts Ana twice and Ben once, insight 2 excerpts Ana once,
and nothing excerpts Cy.  ``bad.md`` holds the views with bad options.
"""

from __future__ import annotations

import json
import re
from html import unescape

import pytest

from conftest import read_html, warned, warnings_of

pytestmark = pytest.mark.sphinx("html", testroot="views", freshenv=True)

EXPECTED_WARNINGS = [
    ("bad.md:3", "lw.bad-value", "lw:quote-index: :filters: has 'colour', which is not a filter; choose "
     "from storyteller, site, role, theme, insight"),
    ("bad.md:7", "lw.unknown-option", "lw:evidence-matrix: unknown option :rows: (it takes :caption:)"),
    ("bad.md:11", "lw.unknown-id", "lw:storytellers: :quotes: names no quote on any page ('ghost-quote')"),
    ("bad.md:11", "lw.bad-value", "lw:storytellers: :quotes: gives 'ana' two pull quotes ('ana-kettle' "
     "and 'ana-door'); the first is shown"),
    ("bad.md:15", "lw.unknown-option", "lw:evidence-map: unknown option :width: (it takes :caption:)"),
]


def between(html: str, start: str, end: str) -> str:
    part = html[html.index(start):]
    return part[: part.index(end)]


def quote_index_data(html: str) -> dict:
    match = re.search(r'<script class="lw-quote-index-data" type="application/json">(.*?)</script>', html, re.S)
    assert match, "the quote index embeds its data"
    return json.loads(match.group(1))


# -- bad options ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("location", "subtype", "message"), EXPECTED_WARNINGS,
                         ids=[f"{s}@{loc}" for loc, s, _ in EXPECTED_WARNINGS])
def test_each_bad_option_is_a_located_typed_warning(app, location, subtype, message):
    app.build()
    assert warned(warnings_of(app), location, subtype, message), "\n".join(warnings_of(app))


def test_the_only_warnings_are_the_bad_pages(app):
    app.build()
    lines = warnings_of(app)
    assert len(lines) == len(EXPECTED_WARNINGS), "\n".join(lines)
    assert all("bad.md:" in line for line in lines)


def test_bad_options_still_render_the_view_with_what_was_valid(app):
    app.build()
    html = read_html(app, "bad")
    data = quote_index_data(html)
    assert [f["name"] for f in data["filters"]] == ["storyteller"]
    cards = between(html, 'class="lw-storyteller-cards"', "</ul>")
    assert "We put the kettle on and everything changed." in cards  # the first quote given for Ana
    assert "The door was always open." not in cards


# -- storyteller cards ------------------------------------------------------------------------------

def test_storyteller_cards_in_story_order_with_pull_quotes_taken_from_the_stories(app):
    app.build()
    html = read_html(app, "index")
    cards = between(html, '<ul class="lw-storyteller-cards">', "</ul>")
    items = cards.split('<li class="lw-storyteller-card">')[1:]
    assert len(items) == 3
    names = [re.search(r'<span class="lw-ref lw-ref-story">([^<]+)</span>', item).group(1) for item in items]
    assert names == ["Ana", "Ben", "Cy"]
    ana, ben, cy = items
    assert '<div aria-hidden="true" class="lw-avatar">A</div>' in ana
    assert '<p class="lw-storyteller-meta">Peer Worker · Northtown</p>' in ana
    # the pull quote is the storyteller's own words, typeset as on the story page
    assert "We put the kettle on and everything changed. It’s where it started." in ana
    assert re.search(r'href="stories/ana.html#lw-quote-ana-kettle"[^>]*><span[^>]*>Read Ana’s words in context', ana)
    assert 'href="stories/ana.html#lw-story-ana"' in ana
    assert "Budgets follow people, not the other way round." in ben
    assert "lw-pull-quote" not in cy and "Read Cy" not in cy


# -- the quote index ---------------------------------------------------------------------------------

def test_quote_index_lists_every_quote_with_its_themes_insights_and_link(app):
    app.build()
    html = read_html(app, "evidence")
    index = between(html, 'id="lw-quote-index-1"', "</ul>")
    assert "5 quotes from 3 storytellers, in story order." in index
    ids = re.findall(r'<li class="lw-quote-index-item" id="(lw-qi1-[a-z-]+)">', index)
    assert ids == ["lw-qi1-ana-kettle", "lw-qi1-ana-door", "lw-qi1-ben-budget", "lw-qi1-ben-quiet",
                   "lw-qi1-cy-voice"]
    kettle = between(index, 'id="lw-qi1-ana-kettle"', "</li>")
    assert "We put the kettle on and everything changed. It’s where it started." in kettle
    assert "— Ana, Peer Worker, Northtown · " in kettle
    assert re.search(r'href="stories/ana.html#lw-quote-ana-kettle"[^>]*><span[^>]*>in Ana’s story', kettle)
    assert "<strong>Themes: </strong>trust, tea" in kettle
    assert re.search(r"Cited in: </strong><a [^>]*href=\"insights/one.html#lw-insight-insight-one\"[^>]*>"
                     r"<span[^>]*>Insight 1</span></a>, <a [^>]*href=\"insights/two.html", kettle)
    assert "Cited in" not in between(index, 'id="lw-qi1-ben-quiet"', "</li>")


def test_quote_index_embeds_the_filter_data_the_script_reads(app):
    app.build()
    html = read_html(app, "evidence")
    data = quote_index_data(html)
    filters = {f["name"]: f for f in data["filters"]}
    assert list(filters) == ["storyteller", "site", "role", "theme", "insight"]
    assert filters["storyteller"]["options"] == [
        {"value": "ana", "label": "Ana", "count": 2}, {"value": "ben", "label": "Ben", "count": 2},
        {"value": "cy", "label": "Cy", "count": 1}]
    assert [o["value"] for o in filters["site"]["options"]] == ["Northtown", "Southville"]
    assert {o["value"]: o["count"] for o in filters["theme"]["options"]} == {
        "commissioning": 1, "equality": 1, "open access": 1, "tea": 1, "trust": 2}
    assert filters["insight"]["options"] == [
        {"value": "insight-one", "label": "Insight 1: Tea and trust", "count": 3},
        {"value": "insight-two", "label": "Insight 2: Starting", "count": 1}]
    kettle = data["quotes"][0]
    assert kettle == {"item": "lw-qi1-ana-kettle", "storyteller": ["ana"], "site": ["Northtown"],
                      "role": ["Peer Worker"], "theme": ["trust", "tea"],
                      "insight": ["insight-one", "insight-two"]}
    for quote in data["quotes"]:  # every entry names an item on the page
        assert f'id="{quote["item"]}"' in html
    # the script that reads it is on the page, from the static files (no server needed)
    assert re.search(r'<script defer="defer" src="_static/lw-quote-index.js[^"]*"></script>', html)
    assert (app.outdir / "_static" / "lw-quote-index.js").is_file()


def test_embedded_data_cannot_close_its_script_element(app):
    from docutils import nodes as docutils_nodes
    from docutils.frontend import get_default_settings
    from docutils.utils import new_document
    from docutils.writers.html5_polyglot import HTMLTranslator, Writer

    from lw_method.nodes import lw_data, visit_data_html

    document = new_document("test", get_default_settings(Writer))
    translator = HTMLTranslator(document)
    node = lw_data("", data={"text": "</script><script>alert(1)</script>"}, classes=["x"])
    with pytest.raises(docutils_nodes.SkipNode):
        visit_data_html(translator, node)
    written = "".join(translator.body)
    assert written.count("</script>") == 1
    payload = written[written.index(">") + 1: written.rindex("</script>")]
    assert json.loads(payload) == {"text": "</script><script>alert(1)</script>"}


# -- the evidence matrix -------------------------------------------------------------------------------

def test_matrix_counts_excerpts_and_each_cell_links_to_the_excerpts_it_counts(app):
    app.build()
    html = read_html(app, "evidence")
    table = between(html, 'id="lw-evidence-matrix-1"', "</table>")
    assert "<caption><span class=\"caption-text\">Excerpts of each storyteller’s words, by insight</span>" in table
    head = between(table, "<thead>", "</thead>")
    assert re.findall(r'<span class="lw-ref lw-ref-story">([^<]+)</span>', head) == ["Ana", "Ben", "Cy"]
    rows = between(table, "<tbody>", "</tbody>").split("</tr>")[:-1]
    one, two, totals = rows
    assert 'href="insights/one.html#lw-insight-insight-one"' in one
    cells = re.findall(r"<td[^>]*>.*?</td>", one, re.S)
    ana, ben, cy, total = cells
    assert re.findall(r'href="(insights/one.html#[^"]+)"', ana) == [
        "insights/one.html#lw-excerpt-1-ana-kettle", "insights/one.html#lw-excerpt-3-ana-door"]
    assert '<span class="lw-visually-hidden">Insight 1: excerpt 2 of 2 from Ana</span>' in ana
    assert '<span aria-hidden="true" class="lw-dot">●</span>' in ana
    assert re.findall(r'href="([^"]+)"', ben) == ["insights/one.html#lw-excerpt-2-ben-budget"]
    assert cy == '<td class="lw-matrix-empty"></td>'
    assert ">3<" in total
    assert re.findall(r'href="([^"]+)"', two) [-1] == "insights/two.html#lw-excerpt-1-ana-kettle"
    assert [unescape(v) for v in re.findall(r"<p>(\d+)</p>", totals)] == ["3", "1", "0", "4"]


# -- the evidence map ------------------------------------------------------------------------------------

def test_map_is_an_svg_image_with_a_title_description_and_the_same_facts_in_words(app):
    app.build()
    html = read_html(app, "evidence")
    figure = between(html, '<figure class="lw-evidence-map-figure">', "</figure>")
    svg = between(figure, "<svg", "</svg>")
    assert 'role="img"' in svg and 'aria-labelledby="lw-evidence-map-1-title lw-evidence-map-1-desc"' in svg
    assert '<title id="lw-evidence-map-1-title">Whose words back which insight</title>' in svg
    assert '<desc id="lw-evidence-map-1-desc">Storytellers are on the left' in svg
    # one curve per storyteller-insight pair, as thick as its number of excerpts
    curves = re.findall(r'<path d="M[^"]*C[^"]*" stroke="(#[0-9a-f]{6})" stroke-width="([\d.]+)"/>', svg)
    assert sorted(width for _colour, width in curves) == ["2.0", "2.0", "4.0"]
    labels = re.findall(r'<text class="lw-map-label"[^>]*>([^<]+)</text>', svg)
    assert labels == ["Ana", "Ben", "Cy", "Insight 1", "Insight 2"]
    assert "<figcaption" in figure and "Whose words back which insight: lines join storytellers" in figure
    words = between(html, "The same in words", "</ul>")
    assert "Insight 1: Tea and trust</span></a>: Ana (2 excerpts), Ben (1 excerpt)." in words
    assert "Insight 2: Starting</span></a>: Ana (1 excerpt)." in words
    assert "Not yet excerpted by any insight: Cy." in html


@pytest.mark.sphinx("html", testroot="views", freshenv=True, copy_test_root=True)
def test_views_are_rewritten_when_a_story_changes(app):
    app.build()
    assert "Northtown" in read_html(app, "evidence")
    story = app.srcdir / "stories" / "ana.md"
    assert "tests/roots" not in str(story), "edits a copy, never the test root"
    story.write_text(story.read_text(encoding="utf-8").replace("Northtown", "Easton"), encoding="utf-8")
    app.build()
    evidence, index = read_html(app, "evidence"), read_html(app, "index")
    assert "Easton" in evidence and "Northtown" not in evidence
    assert "Peer Worker · Easton" in index


# -- LaTeX ------------------------------------------------------------------------------------------------

@pytest.mark.sphinx("latex", testroot="views", freshenv=True)
def test_latex_draws_the_map_as_a_picture_and_sets_every_view_with_links(app):
    app.build()
    tex = (app.outdir / "views.tex").read_text(encoding="utf-8")
    assert "\\usepackage{lw-views}" in tex and (app.outdir / "lw-views.sty").is_file()
    assert "\\RequirePackage{pict2e}" in (app.outdir / "lw-views.sty").read_text(encoding="utf-8")
    picture = between(tex, "\\begin{picture}", "\\end{picture}")
    assert picture.count("\\cbezier") == 3
    assert sorted(re.findall(r"\\linethickness\{([\d.]+)\\unitlength\}\\cbezier", picture)) == ["2.0", "2.0", "4.0"]
    for label in ("Ana", "Ben", "Cy", "Insight 1", "Tea and trust", "Northtown"):
        assert label in picture
    # the text alternative follows the picture in print too
    assert "The same in words" in tex and "Ana (2 excerpts), Ben (1 excerpt)." in tex
    assert "Not yet excerpted by any insight: Cy." in tex
    # the matrix: every dot a link to the excerpt's label
    assert "Excerpts of each storyteller’s words, by insight" in tex
    assert re.search(r"\\hyperref\[\\detokenize\{insights/one:lw-excerpt-3-ana-door\}\]", tex)
    # the quote index in print: each quote's title, linked, with its themes
    assert re.search(r"\\hyperref\[\\detokenize\{stories/ben:lw-quote-ben-quiet\}\]", tex)
    assert "Themes: " in tex
    # storyteller cards: the pull quote and the link to it in the story
    assert "Read Ana’s words in context" in tex or "Read Ana\\textquoteright{}s words in context" in tex
    # nothing meant only for a browser
    for html_only in ("application/json", "<svg", "lw-visually-hidden", "●", "lw-avatar"):
        assert html_only not in tex
    assert "lw_pending" not in tex and "lw_picture" not in tex and "lw_data" not in tex


# -- the sections bar and the ARIA repairs (lw_method.book) -------------------------------------------

BOOK_THEME = {"html_theme": "sphinx_book_theme",
              "html_theme_options": {"article_header_start": ["toggle-primary-sidebar.html", "lw-sections.html"]}}


@pytest.mark.sphinx("html", testroot="views", freshenv=True, confoverrides=BOOK_THEME)
def test_sections_bar_lists_home_and_the_root_toctree_with_the_current_section(app):
    app.build()
    html = read_html(app, "stories/ben")
    nav = between(html, '<nav class="lw-sections" aria-label="Handbook sections">', "</nav>")
    links = re.findall(r'<li><a href="([^"]+)"( aria-current="page")?>([^<]+)</a></li>', nav)
    assert [(href, title) for href, _current, title in links] == [
        ("../index.html", "Home"), ("../intro.html", "Introduction"), ("ana.html", "Stories"),
        ("#", "Ben"), ("cy.html", "Cy"), ("../insights/one.html", "Insight 1"),
        ("../insights/two.html", "Insight 2"), ("../evidence.html", "The evidence"), ("../bad.html", "Bad options")]
    assert [title for _href, current, title in links if current] == ["Ben"]


def test_icon_only_toctree_toggles_are_named_after_their_page():
    from lw_method.book import label_toctree_toggles

    html = ('<li class="toctree-l1 current active has-children"><a class="current reference internal" '
            'href="#">Stories &amp; "more"</a><details open="open"><summary><span class="toctree-toggle" '
            'role="presentation"><i class="fa-solid fa-chevron-down"></i></span></summary><ul></ul></details></li>')
    labelled = label_toctree_toggles(html)
    assert '<summary aria-label="Pages in Stories &amp; &quot;more&quot;">' in labelled
    assert label_toctree_toggles(labelled) == labelled
