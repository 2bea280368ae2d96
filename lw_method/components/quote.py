"""``lw:quote``: a storyteller's words, attributed, with the insights that cite them."""

from __future__ import annotations

from docutils import nodes

from ..nodes import attribution, block, pending
from ..records import Quote
from ..resolve import RenderContext, renderer
from .base import LwDirective, slug


class QuoteDirective(LwDirective):
    object_type = "quote"
    optional_options = ("story", "themes")
    id_list_options = {"story": "story"}

    def render(self, quote_id: str) -> list[nodes.Node]:
        paragraphs, nested = self.text_body()
        if not paragraphs:
            self.warn(f"quote {quote_id!r} has no words: put the verbatim quote in the body",
                      "missing-option")
        story = self.id_lists["story"]
        if len(story) > 1:
            self.warn(":story: takes one story id", "bad-value")
        record = Quote(quote_id, self.env.docname, self.lineno, text="\n\n".join(paragraphs),
                       story=story[0] if story else None, themes=self.words("themes"))
        self.domain.add_record(record)

        quote = nodes.block_quote()
        quote.extend(nodes.paragraph(text, text) for text in paragraphs)
        quote += pending("quote-attribution", quote=quote_id)
        figure = block("quote", quote, anchor=record.anchor, classes=theme_classes(record.themes))
        figure += pending("cited-in", quote=quote_id)
        return [figure, *nested]


def theme_classes(themes: tuple[str, ...]) -> tuple[str, ...]:
    """``lw-theme-<slug>`` per theme: a theme is free text, a class name (CSS, LaTeX) must not be."""
    return tuple(dict.fromkeys(f"lw-theme-{slug(theme)}" for theme in themes if slug(theme)))


def speaker_line(story, source: str) -> str:
    parts = [story.name, story.role, story.site] if story else []
    line = ", ".join(p for p in parts if p)
    return f"{line} · {source}" if source and line else line or source


@renderer("quote-attribution")
def quote_attribution(context: RenderContext, node) -> list[nodes.Node]:
    story = context.derived.story_for_quote(node["quote"])
    line = speaker_line(story, context.config.lw_quote_source)
    return [attribution(nodes.Text(line))] if line else []


@renderer("cited-in")
def cited_in(context: RenderContext, node) -> list[nodes.Node]:
    excerpts = context.derived.cited_by.get(node["quote"], [])
    if not excerpts:
        return []
    line = nodes.paragraph(classes=["lw-cited-in"])
    line += nodes.strong(text="Cited in: ")
    for position, excerpt in enumerate(excerpts):
        insight = context.derived.get(
            "insight", context.derived.insight_of_excerpt[(excerpt.docname, excerpt.serial)])
        if position:
            line += nodes.Text("; ")
        line += context.link(excerpt, text=context.title(insight) if insight else excerpt.id)
    return [line]
