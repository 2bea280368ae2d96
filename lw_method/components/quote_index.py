"""``lw:quote-index``: every quote in the handbook, which a reader narrows with filters.

The page lists every quote (in HTML with its words, in print as a link with its
themes and insights) and embeds the facts the filters need as JSON.
``lw-quote-index.js`` builds the filter controls from that JSON and hides the
quotes that do not match: no server, so it works from ``file://`` too.  Without
JavaScript the whole list is simply shown.
"""

from __future__ import annotations

from docutils import nodes

from ..evidence import (FACET_LABELS, FACETS, insight_label, insights_citing, insights_in_order, quotes_in_order,
                        typeset)
from ..labels import insight_short_title
from ..nodes import attribution, lw_data
from ..resolve import RenderContext, ViewContext, everything, renderer
from .base import ViewDirective, slug
from .storytellers import possessive
from ..translations import _, ngettext


class QuoteIndexDirective(ViewDirective):
    object_type = "quote-index"
    optional_options = ("filters",)

    def filters(self) -> list[str]:
        """The ``:filters:`` to offer, in order; unknown names are reported and left out."""
        names = self.words("filters")
        if not names:
            return list(FACETS)
        known = [name for name in names if name in FACETS]
        for name in names:
            if name not in FACETS:
                self.warn(f":filters: has {name!r}, which is not a filter; choose from "
                          f"{', '.join(FACETS)}", "bad-value")
        return known

    def render(self, _id: None) -> list[nodes.Node]:
        serial = self.serial()
        return self.view(anchor=f"lw-quote-index-{serial}", attributes={"data-lw-quote-index": str(serial)},
                         filters=self.filters(), serial=serial)


def _facets(context: ViewContext, quote) -> dict[str, list[tuple[str, str]]]:
    """(value, label) pairs of each filter for one quote."""
    derived = context.derived
    story = derived.voice_of(quote.id)
    return {
        "storyteller": [(story.id or f"voice-{slug(story.name)}", story.name)] if story else [],
        "site": [(story.site, story.site)] if story and story.site else [],
        "role": [(story.role, story.role)] if story and story.role else [],
        "theme": [(theme, theme) for theme in quote.themes],
        "insight": [(insight.id, insight_label(insight, context.page_title(insight.docname)))
                    for insight in insights_citing(derived, quote.id)],
    }


def _options(facet: str, values: list[tuple[str, str]], order: dict[str, int]) -> list[dict]:
    counts: dict[str, list] = {}
    for value, label in values:
        counts.setdefault(value, [label, 0])[1] += 1
    if facet in ("storyteller", "insight"):  # book order
        keys = sorted(counts, key=lambda v: order.get(v, len(order)))
    else:
        keys = sorted(counts, key=str.casefold)
    return [{"value": key, "label": counts[key][0], "count": counts[key][1]} for key in keys]


def index_data(context: ViewContext, quotes, filters: list[str], prefix: str) -> dict:
    """The JSON the filter script reads: each filter's options, and each quote's values."""
    facets = {quote.id: _facets(context, quote) for quote in quotes}
    order = {story: n for n, story in enumerate(context.derived.story_order)}
    order |= {insight.id: n for n, insight in enumerate(insights_in_order(context.derived))}
    return {
        "words": {"filter": _("Filter the quotes"),
                  "hint": _("Choose any mix of filters; the list shows the quotes that match them all."),
                  "all": _("All"), "reset": _("Show all quotes"),
                  "showing": _("Showing {shown} of {total} quotes."),
                  "showingAll": _("Showing all {total} quotes.")},
        "filters": [{"name": facet, "label": FACET_LABELS[facet],
                     "options": _options(facet, [v for q in quotes for v in facets[q.id][facet]], order)}
                    for facet in filters],
        "quotes": [{"item": f"{prefix}-{quote.id}",
                    **{facet: [value for value, _label in facets[quote.id][facet]] for facet in filters}}
                   for quote in quotes],
    }


def _meta(context: ViewContext, quote) -> nodes.paragraph | None:
    insights = insights_citing(context.derived, quote.id)
    if not quote.themes and not insights:
        return None
    meta = nodes.paragraph(classes=["lw-quote-index-meta"])
    if quote.themes:
        meta += nodes.strong(text=_("Themes: "))
        meta += nodes.Text(", ".join(quote.themes))
    if insights:
        if quote.themes:
            meta += nodes.Text(" · ")
        meta += nodes.strong(text=_("Cited in: "))
        for position, insight in enumerate(insights):
            if position:
                meta += nodes.Text(", ")
            meta += context.link(insight, text=insight_short_title(insight))
    return meta


@renderer("quote-index", reads=everything)
def quote_index(page: RenderContext, derived, params) -> list[nodes.Node]:
    context = ViewContext(page, derived)
    quotes = quotes_in_order(derived)
    if not quotes:
        return [nodes.paragraph(text=_("No quotes yet: add them to stories with lw:quote."))]
    prefix = f"lw-qi{params['serial']}"
    tellers = len({derived.story_of_quote[q.id] for q in quotes if q.id in derived.story_of_quote})
    voices = len({q.speaker for q in quotes if q.id not in derived.story_of_quote})
    counted = {"quotes": ngettext("{count} quote", "{count} quotes", len(quotes)).format(count=len(quotes)),
               "storytellers": ngettext("{count} storyteller", "{count} storytellers", tellers).format(count=tellers),
               "voices": ngettext("{count} other voice", "{count} other voices", voices).format(count=voices)}
    summary = (_("{quotes} from {storytellers} and {voices}, in story order.") if voices
               else _("{quotes} from {storytellers}, in story order.")).format(**counted)
    result: list[nodes.Node] = [nodes.paragraph(text=summary, classes=["lw-quote-index-summary"])]
    if context.html:
        result.append(lw_data("", data=index_data(context, quotes, params["filters"], prefix),
                              classes=["lw-quote-index-data"]))
    items = nodes.bullet_list(classes=["lw-quote-index-items"])
    for quote in quotes:
        story = derived.voice_of(quote.id)
        item = nodes.list_item(ids=[f"{prefix}-{quote.id}"], classes=["lw-quote-index-item"])
        if context.html:
            words = nodes.block_quote()
            paragraphs = [typeset(p, context.config) for p in quote.text.split("\n\n") if p]
            words.extend(nodes.paragraph(p, p) for p in paragraphs)
            speaker = ", ".join(part for part in (story.name, story.role, story.site) if part)
            where = (_("in {possessive} story").format(possessive=possessive(story.name)) if story.id
                     else _("in {page}").format(page=context.page_title(quote.docname) or _("context")))
            words += attribution(nodes.Text(f"{speaker} · "), context.link(quote, text=where))
            item += words
        else:  # print: the quote's title, linked to its page, is enough for an index
            line = nodes.paragraph()
            line += context.link(quote)
            item += line
        meta = _meta(context, quote)
        if meta is not None:
            item += meta
        items += item
    result.append(items)
    return result
