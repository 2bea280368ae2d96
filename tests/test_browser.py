"""The handbook as a reader uses it, in Debian's headless chromium (Selenium + chromedriver).

Pages are opened from ``file://``, as a reader opens a downloaded copy: no server.
"""

from __future__ import annotations

import io
import json
import re

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

pytestmark = pytest.mark.browser

SECTIONS = ["Home", "Introduction", "Approach", "Stories", "Insights", "Evidence", "Readiness", "Conclusion"]


def open_page(chrome, site, page: str, width: int = 1280, height: int = 900):
    chrome.set_window_size(width, height)
    chrome.get((site / page).as_uri())
    WebDriverWait(chrome, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")


def export(site) -> dict[tuple[str, str], dict]:
    objects = json.loads((site / "lw-method.json").read_text(encoding="utf-8"))["objects"]
    return {(o["type"], o["id"]): o for o in objects}


def assert_arrived_at_highlighted_quote(chrome, anchor: str) -> None:
    """The page is scrolled to the quote, which is fully in view below the sticky header and marked."""
    WebDriverWait(chrome, 10).until(lambda d: d.current_url.endswith("#" + anchor))
    WebDriverWait(chrome, 10).until(lambda d: d.execute_script(
        "const e = document.getElementById(arguments[0]); const r = e.getBoundingClientRect();"
        "return r.top >= 0 && r.top < window.innerHeight;", anchor))
    state = chrome.execute_script("""
        const quote = document.getElementById(arguments[0]);
        const box = quote.getBoundingClientRect();
        const header = document.querySelector('.bd-header-article');
        return {target: quote.matches(':target'), top: box.top, height: box.height,
                viewport: window.innerHeight, scrolled: window.scrollY,
                headerBottom: header ? header.getBoundingClientRect().bottom : 0,
                background: getComputedStyle(quote).backgroundColor,
                // the highlight colour the theme gives --lw-mark, resolved on a probe beside the quote
                mark: (() => { const probe = document.createElement('div');
                               probe.style.background = 'var(--lw-mark)'; quote.parentNode.appendChild(probe);
                               const colour = getComputedStyle(probe).backgroundColor; probe.remove();
                               return colour; })(),
                page: getComputedStyle(document.body).backgroundColor,
                outline: getComputedStyle(quote).outlineStyle};
    """, anchor)
    assert state["target"], "the quote is the page's target"
    assert state["scrolled"] > 0, "the page scrolled to the quote"
    assert state["top"] >= state["headerBottom"] - 1, "the sticky header does not cover the quote"
    assert state["top"] < state["viewport"] * 0.6, state
    assert state["background"] == state["mark"] != state["page"] and state["outline"] == "solid", state


def test_sections_are_reachable_from_every_kind_of_page_at_both_widths(chrome, handbook_site):
    for page in ("index.html", "stories/shaz.html", "insights/insight-3.html", "approach/design-teams.html",
                 "readiness.html", "evidence.html"):
        for width in (1280, 390):
            open_page(chrome, handbook_site, page, width)
            links = chrome.find_elements(By.CSS_SELECTOR, "nav.lw-sections a")
            assert [link.text for link in links] == SECTIONS, (page, width)
            hidden = [link.text for link in links if not link.is_displayed()]
            assert not hidden, (page, width, hidden)
            for link in links:  # every section link lies inside the window, none scrolled away
                box = chrome.execute_script("const r = arguments[0].getBoundingClientRect();"
                                            "return [r.left, r.right];", link)
                assert 0 <= box[0] and box[1] <= width, (page, width, link.text, box)
    open_page(chrome, handbook_site, "stories/shaz.html")
    current = chrome.find_element(By.CSS_SELECTOR, "nav.lw-sections a[aria-current]")
    assert current.text == "Stories"


def test_home_page_has_section_cards_and_a_card_per_storyteller(chrome, handbook_site):
    open_page(chrome, handbook_site, "index.html")
    sections = [e.text.strip() for e in chrome.find_elements(By.CSS_SELECTOR, ".lw-section-card .sd-card-title")]
    assert sections[:7] == SECTIONS[1:]
    cards = chrome.find_elements(By.CSS_SELECTOR, ".lw-storyteller-card")
    names = [card.find_element(By.CSS_SELECTOR, ".lw-storyteller-name").text for card in cards]
    assert names == ["Pat", "Shaz", "Wendy", "Linda", "Donna", "Judd", "Trudy", "Katie"]
    for card in cards:
        assert card.find_element(By.CSS_SELECTOR, ".lw-avatar").text
        assert card.find_element(By.CSS_SELECTOR, ".lw-storyteller-meta").text
        assert card.find_element(By.CSS_SELECTOR, ".lw-pull-quote").text


@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_pull_quote_on_the_home_page_opens_the_story_at_the_marked_quote(chrome, handbook_site, width):
    open_page(chrome, handbook_site, "index.html", width, 844)
    link = chrome.find_element(By.PARTIAL_LINK_TEXT, "Read Shaz’s words in context")
    chrome.execute_script("arguments[0].scrollIntoView({block: 'center'});", link)
    link.click()
    assert chrome.current_url.split("#")[0].endswith("stories/shaz.html")
    assert_arrived_at_highlighted_quote(chrome, chrome.current_url.split("#")[1])


def test_excerpt_on_an_insight_opens_the_full_story_at_the_marked_quote(chrome, handbook_site):
    """Home → Insights → Insight 3 → an excerpt's "read the full story" → the quote in the story."""
    open_page(chrome, handbook_site, "index.html")
    chrome.find_element(By.CSS_SELECTOR, "nav.lw-sections").find_element(By.LINK_TEXT, "Insights").click()
    WebDriverWait(chrome, 10).until(lambda d: d.current_url.split("#")[0].endswith("insights/index.html"))
    chrome.find_element(By.CSS_SELECTOR, "article").find_element(
        By.PARTIAL_LINK_TEXT, "Insight 3:").click()
    WebDriverWait(chrome, 10).until(lambda d: d.current_url.split("#")[0].endswith("insights/insight-3.html"))
    excerpts = chrome.find_elements(By.CSS_SELECTOR, ".lw-excerpt")
    assert len(excerpts) >= 3
    excerpt = excerpts[2]
    link = excerpt.find_element(By.PARTIAL_LINK_TEXT, "read the full story")
    target = link.get_attribute("href")
    chrome.execute_script("arguments[0].scrollIntoView({block: 'center'});", link)
    link.click()
    story, anchor = target.split("#")
    assert chrome.current_url.split("#")[0] == story and "/stories/" in story
    assert anchor.startswith("lw-quote-")
    assert_arrived_at_highlighted_quote(chrome, anchor)
    # the quote lists the insight the reader came from among its backlinks
    cited = chrome.find_element(By.ID, anchor).find_element(By.CSS_SELECTOR, ".lw-cited-in").text
    assert "Insight 3" in cited


def visible_quotes(chrome) -> list[str]:
    return chrome.execute_script(
        "return Array.from(document.querySelectorAll('.lw-quote-index-item'))"
        ".filter(e => !e.hidden && e.offsetParent !== null).map(e => e.id.replace(/^lw-qi\\d+-/, ''));")


def test_quote_index_filters_by_storyteller_theme_and_insight(chrome, handbook_site):
    objects = export(handbook_site)
    quotes = {id_: o for (type_, id_), o in objects.items() if type_ == "quote"}
    open_page(chrome, handbook_site, "evidence.html")
    form = WebDriverWait(chrome, 10).until(
        lambda d: d.find_element(By.CSS_SELECTOR, "form.lw-quote-index-filters"))
    status = form.find_element(By.CSS_SELECTOR, "[role=status]")
    assert sorted(visible_quotes(chrome)) == sorted(quotes)
    assert status.text == f"Showing all {len(quotes)} quotes."
    labels = [label.text for label in form.find_elements(By.TAG_NAME, "label")]
    assert labels == ["Storyteller", "Site", "Role", "Theme", "Insight"]

    storyteller = Select(chrome.find_element(By.ID, "lw-quote-index-1-storyteller"))
    storyteller.select_by_value("shaz")
    shaz = sorted(q for q, o in quotes.items() if o["story"] == "shaz")
    assert sorted(visible_quotes(chrome)) == shaz
    assert status.text == f"Showing {len(shaz)} of {len(quotes)} quotes."

    theme = Select(chrome.find_element(By.ID, "lw-quote-index-1-theme"))
    theme.select_by_value("trust")
    shaz_trust = sorted(q for q in shaz if "trust" in quotes[q]["themes"])
    assert shaz_trust and len(shaz_trust) < len(shaz)
    assert sorted(visible_quotes(chrome)) == shaz_trust

    storyteller.select_by_value("")
    insight = Select(chrome.find_element(By.ID, "lw-quote-index-1-insight"))
    insight.select_by_value("insight-3")
    trust_in_3 = sorted(q for q, o in quotes.items() if "trust" in o["themes"] and "insight-3" in o["cited_by"])
    assert sorted(visible_quotes(chrome)) == trust_in_3

    site = Select(chrome.find_element(By.ID, "lw-quote-index-1-site"))
    theme.select_by_value("")
    insight.select_by_value("")
    site.select_by_value("Luton")
    def site_of(quote: dict) -> str | None:  # a voice with no story page carries its own site
        return objects[("story", quote["story"])]["site"] if quote["story"] else quote["site"]

    luton = sorted(q for q, o in quotes.items() if site_of(o) == "Luton")
    assert luton and sorted(visible_quotes(chrome)) == luton

    chrome.find_element(By.CSS_SELECTOR, ".lw-quote-index-reset").click()
    WebDriverWait(chrome, 5).until(lambda d: len(visible_quotes(d)) == len(quotes))
    assert status.text == f"Showing all {len(quotes)} quotes."


def test_quote_index_filter_can_be_preset_from_the_address(chrome, handbook_site):
    objects = export(handbook_site)
    judd = sorted(id_ for (type_, id_), o in objects.items() if type_ == "quote" and o["story"] == "judd")
    chrome.set_window_size(1280, 900)
    chrome.get((handbook_site / "evidence.html").as_uri() + "?storyteller=judd")
    WebDriverWait(chrome, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "form.lw-quote-index-filters"))
    assert sorted(visible_quotes(chrome)) == judd


def long_word(text: str) -> str:
    """The longest plain word of a text: something a reader might search for."""
    return max(re.findall(r"[A-Za-z]{6,}", text), key=len).lower()


def search_results(chrome, site, word: str) -> list[str]:
    chrome.set_window_size(1280, 900)
    chrome.get((site / "search.html").as_uri() + f"?q={word}")
    WebDriverWait(chrome, 20).until(lambda d: "found" in d.execute_script(
        "const s = document.querySelector('#search-results .search-summary, .search-summary');"
        "return s ? s.textContent : '';"))
    return [a.get_attribute("href").split("?")[0].split("#")[0]
            for a in chrome.find_elements(By.CSS_SELECTOR, "#search-results ul.search li a")]


@pytest.mark.parametrize(("type_", "id_", "field"), [
    ("quote", "shaz-our-story", "text"),
    ("story", "trudy", "summary"),
    ("method", "design-teams", "summary"),
    ("check", None, "text"),
])
def test_search_finds_quotes_stories_methods_and_checks_by_their_words(chrome, handbook_site, type_, id_, field):
    objects = export(handbook_site)
    record = objects[(type_, id_)] if id_ else next(o for (t, _), o in objects.items() if t == type_)
    word = long_word(record[field])
    page = (handbook_site / record["url"].split("#")[0]).as_uri()
    assert page in search_results(chrome, handbook_site, word), f"searching {word!r} finds {page}"


def test_any_page_prints_cleanly(chrome, handbook_site):
    """Printing shows the page's own content: no sidebars, header bar, filters or buttons."""
    from pypdf import PdfReader

    for page, title in (("stories/shaz.html", "Shaz: Peer Support Worker, Edinburgh"),
                        ("evidence.html", "The evidence")):
        open_page(chrome, handbook_site, page)
        pdf = PdfReader(io.BytesIO(__import__("base64").b64decode(chrome.print_page())))
        text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
        lines = [line.strip() for p in pdf.pages for line in p.extract_text().splitlines()]
        assert lines[0] == title, lines[:5]
        assert lines.count(title) == 1, "the title is printed once"
        for chrome_text in ("Skip to main content", "Home Introduction Approach", "The handbook Introduction",
                            "Show all quotes", "Choose any mix of filters", "Contents", "Previous story"):
            assert chrome_text not in text, (page, chrome_text)
    # the print keeps what matters on the evidence page: the map's words, the matrix, every quote
    assert "The same in words" in text and "Total" in text and "in Katie’s story" in text
