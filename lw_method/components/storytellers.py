"""``lw:storytellers``: a card for every storyteller, in story order, with a pull quote.

The pull quotes are named by quote id (``:quotes:``, at most one per storyteller),
so the words on the card are always the storyteller's own, taken from their story
when the page is written, and the card links to the quote in the story.
"""

from __future__ import annotations

from docutils import nodes

from ..evidence import pull_quote, stories_in_order, typeset
from ..nodes import block
from ..records import Problem, Quote
from ..resolve import RenderContext, ViewContext, everything, renderer
from .base import ViewDirective
from ..translations import _


class StorytellersDirective(ViewDirective):
    object_type = "storytellers"
    optional_options = ("quotes",)
    id_list_options = {"quotes": "quote"}

    def render(self, _id: None) -> list[nodes.Node]:
        return self.view(quotes=list(self.id_lists["quotes"]))


def initials(name: str) -> str:
    return "".join(word[0] for word in name.split()[:2]).upper() or "?"


def possessive(name: str) -> str:
    return f"{name}’" if name.endswith("s") else f"{name}’s"


def pull_quotes(derived, quote_ids) -> tuple[dict[str, Quote], list[tuple[str, str]]]:
    """Story id → its pull quote, and what is wrong with ``:quotes:`` (unknown ids, a second
    quote for one story)."""
    chosen: dict[str, Quote] = {}
    problems: list[tuple[str, str]] = []  # (message, subtype)
    for quote_id in quote_ids:
        quote = derived.get("quote", quote_id)
        if quote is None:
            if not derived.withheld.holds("quote", quote_id):
                problems.append((f"lw:storytellers: :quotes: names no quote on any page ({quote_id!r}); "
                                 f"fix the id, or define it with :::{{lw:quote}} {quote_id}", "unknown-id"))
            continue
        story_id = derived.story_of_quote.get(quote.id)
        if story_id is None:
            continue
        if story_id in chosen:
            problems.append((f"lw:storytellers: :quotes: gives {story_id!r} two pull quotes "
                             f"({chosen[story_id].id!r} and {quote.id!r}); the first is shown", "bad-value"))
            continue
        chosen[story_id] = quote
    return chosen, problems


def bad_pull_quotes(derived, placeholder) -> list[Problem]:
    _chosen, problems = pull_quotes(derived, placeholder.parameters["quotes"])
    return [Problem(message, (placeholder.docname, placeholder.lineno), subtype)
            for message, subtype in problems]


@renderer("storytellers", reads=everything, check=bad_pull_quotes)
def storytellers(page: RenderContext, derived, params) -> list[nodes.Node]:
    context = ViewContext(page, derived)
    chosen, _problems = pull_quotes(derived, params["quotes"])
    stories = stories_in_order(context.derived)
    if not stories:
        return [nodes.paragraph(text=_("No stories yet: add one with lw:story."))]
    cards = nodes.bullet_list(classes=["lw-storyteller-cards"])
    for story in stories:
        card = nodes.list_item(classes=["lw-storyteller-card"])
        if context.html:  # a placeholder portrait: the storyteller's initial
            card += block("avatar", nodes.Text(initials(story.name)), attributes={"aria-hidden": "true"})
        name = nodes.paragraph(classes=["lw-storyteller-name"])
        name += nodes.strong("", "", context.link(story))
        card += name
        meta = " · ".join(part for part in (story.role, story.site) if part)
        if meta:
            card += nodes.paragraph(text=meta, classes=["lw-storyteller-meta"])
        quote = chosen.get(story.id)
        if quote is not None:
            words = typeset(pull_quote(quote.text), context.config)
            card += nodes.block_quote("", nodes.paragraph(words, words), classes=["lw-pull-quote"])
            more = nodes.paragraph(classes=["lw-storyteller-more"])
            more += context.link(quote, text=_("Read {possessive} words in context").format(possessive=possessive(story.name)))
            card += more
        cards += card
    return [cards]
