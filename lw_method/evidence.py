"""The evidence as the views show it: which storytellers' words each insight draws on.

Plain functions of :class:`~lw_method.derive.Derived`, cheap enough to call from
each renderer, so nothing new is stored: the quote index, the evidence matrix,
the evidence map and the storyteller cards all read their facts from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from docutils.utils.smartquotes import smartyPants

from .derive import Derived
from .labels import opening_words
from .records import Excerpt, Insight, Quote, Story
from .translations import _

#: the filters a quote index can offer, in the order it offers them
FACETS = ("storyteller", "site", "role", "theme", "insight")
FACET_LABELS = {"storyteller": _("Storyteller"), "site": _("Site"), "role": _("Role"), "theme": _("Theme"),
                "insight": _("Insight")}


@dataclass(frozen=True)
class Grid:
    """Insights × storytellers; each cell holds the insight's excerpts of that storyteller's quotes."""

    insights: tuple[Insight, ...]
    stories: tuple[Story, ...]
    cells: dict[tuple[str, str], tuple[Excerpt, ...]]

    def cell(self, insight: Insight, story: Story) -> tuple[Excerpt, ...]:
        return self.cells.get((insight.id, story.id), ())

    def row_total(self, insight: Insight) -> int:
        return sum(len(self.cell(insight, story)) for story in self.stories)

    def column_total(self, story: Story) -> int:
        return sum(len(self.cell(insight, story)) for insight in self.insights)


def insights_in_order(derived: Derived) -> list[Insight]:
    return derived.insights_in_order()


def stories_in_order(derived: Derived) -> list[Story]:
    return [s for s in (derived.get("story", i) for i in derived.story_order) if s is not None]


def evidence_grid(derived: Derived) -> Grid:
    insights = insights_in_order(derived)
    stories = stories_in_order(derived)
    cells: dict[tuple[str, str], list[Excerpt]] = {}
    for insight in insights:
        for excerpt in derived.excerpts_of_insight.get(insight.id, []):
            story = derived.story_of_quote.get(excerpt.id)
            if story is not None:
                cells.setdefault((insight.id, story), []).append(excerpt)
    return Grid(tuple(insights), tuple(stories), {key: tuple(value) for key, value in cells.items()})


def insights_citing(derived: Derived, quote_id: str) -> list[Insight]:
    """The insights that excerpt a quote, in insight order, once each."""
    found: dict[str, Insight] = {}
    for excerpt in derived.cited_by.get(quote_id, []):
        insight = derived.insight_of(excerpt)
        if isinstance(insight, Insight):
            found.setdefault(insight.id, insight)
    return list(found.values())


def quotes_in_order(derived: Derived) -> list[Quote]:
    """Every quote: voices with no story page first (the book's introduction comes before its
    stories), then storytellers in story order, each story's quotes in page order."""
    position = {story: n for n, story in enumerate(derived.story_order)}
    quotes = [q for q in derived.index.get("quote", {}).values() if q.id in derived.story_of_quote]
    speakers = [derived.index["quote"][q] for q in derived.speaker_quotes]
    return speakers + sorted(quotes, key=lambda q: position.get(derived.story_of_quote[q.id], len(position)))


def insight_label(insight: Insight, page_title: str = "") -> str:
    """A short name: "Insight 3: Equality of voice" from the page title, else the statement's opening."""
    number = _("Insight {number}").format(number=insight.number) if insight.number else _("Insight")
    short = page_title.split(":", 1)[1].strip() if ":" in page_title else ""
    return f"{number}: {short or opening_words(insight.title, 5)}"


def pull_quote(text: str, words: int = 40) -> str:
    """A quote's first paragraph, cut at ``words`` words with an ellipsis."""
    first = text.split("\n\n", 1)[0]
    return opening_words(first, words)


def typeset(text: str, config) -> str:
    """Curly quotes, dashes and ellipses as Sphinx sets the same words on the story's page."""
    if not getattr(config, "smartquotes", False):
        return text
    return smartyPants(text, getattr(config, "smartquotes_action", "qDe"), config.language or "en")
