"""Every directive and role, as a reader meets them in the HTML."""

from __future__ import annotations

import re

import pytest

from conftest import read_html, warnings_of

pytestmark = pytest.mark.sphinx("html", testroot="basic", freshenv=True)


def test_builds_without_warnings(app):
    app.build()
    assert warnings_of(app) == []


def test_story_header_shows_name_role_site_content_note_and_support(app):
    app.build()
    html = read_html(app, "stories/ana")
    header = html[html.index('id="lw-story-ana"'):]
    header = header[: header.index("</div>\n<p>Some words")]
    assert '<p class="lw-story-name"><strong>Ana</strong></p>' in header
    assert "Peer Worker · Northtown" in header
    assert "Content note: </strong>this part discusses bereavement." in header
    assert "Samaritans" in header and "116 123" in header and "NHS 111" in header
    assert "Ana tells how the kettle brought a team together." in header
    assert "Shared with consent" in header


def test_story_links_to_previous_and_next_story_in_toctree_order(app):
    app.build()
    ana, ben = read_html(app, "stories/ana"), read_html(app, "stories/ben")
    assert re.search(r'Next story: <a [^>]*href="ben.html#lw-story-ben"', ana)
    assert "Previous story" not in ana
    assert re.search(r'Previous story: <a [^>]*href="ana.html#lw-story-ana"', ben)
    assert "Next story" not in ben


def test_quote_is_anchored_attributed_and_lists_the_insights_citing_it(app):
    app.build()
    html = read_html(app, "stories/ana")
    block = html[html.index('id="lw-quote-ana-kettle"'):]
    block = block[: block.index('id="lw-quote-ana-second"')]
    assert "lw-theme-trust" in html[html.index('id="lw-quote-ana-kettle"') - 80:][:200]
    assert "We put the kettle on and everything changed. It was the start." in block
    assert '<div class="lw-attribution"><p>— Ana, Peer Worker, Northtown · The Test Book</p>' in block
    assert re.search(r'Cited in: </strong><a [^>]*href="../insights/one.html#lw-excerpt-1-ana-kettle"', block)
    second = html[html.index('id="lw-quote-ana-second"'):]
    assert "Cited in" not in second[: second.index("</div>")]


def test_excerpt_shows_its_own_cut_or_the_whole_quote_and_links_to_the_exact_quote(app):
    app.build()
    html = read_html(app, "insights/one")
    first = html[html.index('id="lw-excerpt-1-ana-kettle"'):]
    assert "We put the kettle on … It was the start." in first[: first.index("</blockquote>")]
    assert re.search(r'<p>— Ana · <a [^>]*href="../stories/ana.html#lw-quote-ana-kettle"', first)
    second = html[html.index('id="lw-excerpt-2-ben-budget"'):]
    assert "Budgets follow people, not the other way round." in second[: second.index("</blockquote>")]
    assert 'href="../stories/ben.html#lw-quote-ben-budget"' in second


def test_insight_shows_number_statement_and_essay(app):
    app.build()
    html = read_html(app, "insights/one")
    assert '<p class="lw-insight-label">Insight 1</p>' in html
    assert '<p class="lw-insight-title"><strong>Tea builds trust.</strong></p>' in html
    assert "An essay in our own words." in html


def test_method_panel_has_fields_links_and_the_checks_that_point_to_it(app):
    app.build()
    html = read_html(app, "methods/tea")
    panel = html[html.index('id="lw-method-tea-circle"'):]
    panel = panel[: panel.index("</aside>")]
    assert 'aria-label="Summary: Tea circles"' in html
    for text in ("Meet over tea every week.", "From the first week.", "Everyone in the team.",
                 "An hour a week.", "Free body text."):
        assert text in panel
    assert re.search(r'Evidence: </strong><a [^>]*href="../insights/one.html#lw-insight-insight-one"', panel)
    assert re.search(r'title="Insight 1: Tea builds trust."><span class="lw-ref lw-ref-insight">Insight 1</span>', panel)
    checks = panel[panel.index("Readiness checks that build on this method:"):]
    assert re.search(r'<li><p><a [^>]*href="../readiness.html#lw-check-kettle-ready"', checks)
    assert 'href="../readiness.html#lw-check-budget-shared"' in panel


def test_check_links_to_its_methods_and_evidence(app):
    app.build()
    html = read_html(app, "readiness")
    check = html[html.index('id="lw-check-kettle-ready"'):]
    check = check[: check.index('id="lw-check-budget-shared"')]
    assert "There is a kettle and people know where it is." in check
    assert "Area: </strong>Operations" in check
    assert re.search(r'Built by: </strong><a [^>]*href="methods/tea.html#lw-method-tea-circle"', check)
    assert re.search(r'Evidence: </strong><a [^>]*href="stories/ana.html#lw-quote-ana-kettle"', check)
    assert re.search(r'Insights: </strong><a [^>]*href="insights/one.html#lw-insight-insight-one"[^>]*>'
                     r'<span class="lw-ref lw-ref-insight">Insight 1</span>', check)


def test_checklist_collects_every_check_grouped_by_area(app):
    app.build()
    html = read_html(app, "readiness")
    checklist = html[html.index('class="lw-checklist"'):]
    operations = checklist.index('<p class="rubric">Operations</p>')
    commissioning = checklist.index('<p class="rubric">Commissioning</p>')
    assert operations < checklist.index("There is a kettle") < commissioning
    assert commissioning < checklist.index("Budgets are pooled across organisations.")
    assert checklist.count('class="lw-checklist-item"') == 2
    assert '<div class="lw-checklist-entry" data-area="Operations" data-check="kettle-ready">' in checklist
    entry = checklist[checklist.index('data-check="kettle-ready"'):]
    assert "☐ Not yet" in entry and "☐ Emerging" in entry and "☐ In place" in entry
    assert "Notes:" in entry[: entry.index('data-check="budget-shared"')]


def test_roles_link_by_id_with_the_objects_title(app):
    app.build()
    html = read_html(app, "index")
    assert re.search(r'<a [^>]*href="stories/ana.html#lw-story-ana"[^>]*><span class="lw-ref lw-ref-story">Ana</span>', html)
    assert '<span class="lw-ref lw-ref-quote">Ana: “We put the kettle on and everything changed…”</span>' in html
    assert 'href="insights/one.html#lw-insight-insight-one"' in html
    assert 'href="methods/tea.html#lw-method-tea-circle"' in html
    assert 'href="readiness.html#lw-check-kettle-ready"' in html


def test_myst_hash_links_find_objects_by_id(app):
    app.build()
    html = read_html(app, "index")
    assert re.search(r'<a [^>]*href="stories/ana.html#lw-quote-ana-kettle"[^>]*>[^<]*(<span[^>]*>)?the kettle quote', html)
