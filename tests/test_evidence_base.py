"""Every voice in the book, findable: the storytellers' quoted words are quotes of their stories.

Reads the strict HTML build shared with the other handbook tests (conftest.handbook_site), so it
adds no build of its own: the export (lw-method.json) for the quotes and their stories, and the
story and insight pages for the accuracy fixes made alongside them.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

STORIES = ("pat", "shaz", "wendy", "linda", "donna", "judd", "trudy", "katie")

# Quotes per story once every quoted passage of the storyteller's words was a quote
# (before: pat 17, shaz 19, wendy 23, linda 34, donna 14, judd 31, trudy 24, katie 18).
AT_LEAST = {"pat": 22, "shaz": 20, "wendy": 27, "linda": 41, "donna": 21, "judd": 54,
            "trudy": 35, "katie": 23}

# Passages that had no quote, each with the story whose words they are.
PREVIOUSLY_MISSING = [
    ("judd", "They've sat unchanged for 30 years while everything around them has changed"),
    ("judd", "Commissioning is going to change massively in the next 18 months."),
    ("judd", "there won't be ten CCGs in Manchester"),
    ("judd", "while doing that I volunteered as a friend to a man with learning disabilities"),
    ("judd", "Commissioners here have never sat in an ivory tower"),
    ("trudy", "They said, 'set yourself up in a GP practice. Get a room and work with people."),
    ("trudy", "If one of us is used to working with postcodes, and someone else isn't"),
    ("trudy", "I do however think things like video calling is something we'll keep."),
    ("donna", "My sister and I wanted Mind to go into schools"),
    ("donna", "I haven't been included in the reviewing [post prototyping]."),
    ("donna", "I'm positive about things like this … when it started I was excited."),
    ("katie", "I don't know yet. Ask me in a year's time!"),
    ("katie", "and we haven't got the Front Door quite right yet!"),
    ("katie", "think very similarly … try it out."),
    ("donna", "we really appreciated Living Well UK's flexibility."),
    ("trudy", "Explore what you can do and explore new ways to connect with the people you support."),
    ("pat", "they keep me moving forward."),
    ("pat", "it was crystal clear."),
    ("wendy", "There is a Thrive value around having a 'flattened hierarchy.'"),
    ("wendy", "A recognition that the system was broken."),
    ("linda", "I have been having some coaching from Siobhan."),
    ("linda", "For example I had previously gone to dinner with Matthew and Tally [IU]."),
    ("linda", "I have the role of a commissioner but it is just one of my responsibilities."),
    ("shaz", "The new challenge now is helping 3 new members settle in."),
]

# The book's opening pull quotes whose wording differs from the story: each story's first quote.
PULL_QUOTES = {
    "shaz": "I think lived experience is crucial to the Thrive [Living Well UK] model. I think the "
            "clinical model by itself doesn't work.",
    "judd": "it's without a doubt been the best and life changing piece of work",
    "trudy": "We need to stick to it … I hope this goes National.",
}


def plain(text: str) -> str:
    """Text with typographic quotes as ASCII and runs of space as one, for comparing words."""
    text = html.unescape(text)
    text = re.sub(r"[‘’]", "'", text)
    text = re.sub(r"[“”]", '"', text)
    return re.sub(r"\s+", " ", text).strip()


def page_text(site: Path, page: str) -> str:
    source = (site / page).read_text(encoding="utf-8")
    body = source.split('<article', 1)[-1]
    return plain(re.sub(r"<[^>]+>", " ", body))


@pytest.fixture(scope="module")
def export(handbook_site) -> dict:
    return json.loads((handbook_site / "lw-method.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def quotes(export) -> list[dict]:
    return [o for o in export["objects"] if o["type"] == "quote"]


@pytest.fixture(scope="module")
def stories(export) -> dict[str, dict]:
    return {o["id"]: o for o in export["objects"] if o["type"] == "story"}


def test_every_storyteller_has_at_least_the_quotes_added(quotes, stories):
    per_story = {story: sum(1 for q in quotes if q.get("story") == story) for story in STORIES}
    short = {s: (per_story[s], n) for s, n in AT_LEAST.items() if per_story[s] < n}
    assert not short, f"quotes per story (found, expected at least): {short}"
    # the story objects list the same quotes as the quotes name their story
    assert {s: len(stories[s]["quotes"]) for s in STORIES} == per_story


@pytest.mark.parametrize(("story", "words"), PREVIOUSLY_MISSING,
                         ids=[f"{s}-{i}" for i, (s, _) in enumerate(PREVIOUSLY_MISSING)])
def test_a_previously_missing_passage_is_a_quote_of_its_story(quotes, story, words):
    holders = [q for q in quotes if plain(words) in plain(q["text"])]
    assert holders, f"no quote holds {words!r}"
    assert {q["story"] for q in holders} == {story}, [(q["id"], q["story"]) for q in holders]


def test_the_quotes_show_on_their_story_pages(handbook_site, quotes):
    for story in ("judd", "trudy", "donna", "katie"):
        text = page_text(handbook_site, f"stories/{story}.html")
        for quote in (q for q in quotes if q.get("story") == story):
            assert f'id="lw-quote-{quote["id"]}"' in (handbook_site / quote["url"].split("#")[0]).read_text()
        assert plain(next(w for s, w in PREVIOUSLY_MISSING if s == story)) in text


@pytest.mark.parametrize("story", sorted(PULL_QUOTES))
def test_a_differing_pull_quote_opens_its_story_with_a_note(handbook_site, quotes, stories, story):
    first = next(q for q in quotes if q["id"] == stories[story]["quotes"][0])
    assert plain(PULL_QUOTES[story]) in plain(first["text"])
    text = page_text(handbook_site, f"stories/{story}.html")
    assert "The book's opening pull quote" in text


def test_the_prototyping_team_member_is_a_quote_with_a_speaker(quotes):
    (member,) = [q for q in quotes if q.get("speaker") == "Prototyping team member"]
    assert member["docname"] == "introduction" and not member.get("story")
    assert "a breath of fresh air compared to my previous role" in member["text"]


def test_the_accuracy_fixes_hold(handbook_site):
    judd = page_text(handbook_site, "stories/judd.html")
    assert 'the "ten CCGs in Manchester"' in judd
    assert "across Greater Manchester" not in judd
    assert '"become peer workers and mentors"' in judd

    donna = page_text(handbook_site, "stories/donna.html")
    assert 'in her words, "is more difficult"' in donna
    assert "peer support does not" not in donna

    wendy = page_text(handbook_site, "stories/wendy.html")
    assert "Hers was looking at the support worker" in wendy
    assert "defining the role of the welcome worker" not in wendy

    insight_1 = page_text(handbook_site, "insights/insight-1.html")
    assert '"as a friend to a man with learning disabilities"' in insight_1

    insight_4 = page_text(handbook_site, "insights/insight-4.html")
    assert "dinners" not in insight_4 and "one dinner" in insight_4

    insight_7 = page_text(handbook_site, "insights/insight-7.html")
    assert 'puts "[and]" where Trudy\'s story begins a new sentence with "Also"' in insight_7


def test_wendys_opening_is_not_the_books_sentences_reworded(handbook_site):
    book = ("Wendy is the Chief Executive of Health in Mind, a mental health charity in Edinburgh. "
            "She is also a member of the Living Well UK Edinburgh design team and manager to some "
            "of the Voluntary Sector (VS) staff in the prototyping team.")
    text = page_text(handbook_site, "stories/wendy.html")
    opening = text.split("A little about Wendy", 1)[1].split("Her interest in psychology", 1)[0]

    def grams(words: str, n: int = 4) -> set[tuple[str, ...]]:
        w = re.findall(r"[a-z0-9']+", words.lower())
        return {tuple(w[i:i + n]) for i in range(len(w) - n + 1)}

    assert len(opening.split()) > 20
    assert not grams(opening) & grams(book), grams(opening) & grams(book)
