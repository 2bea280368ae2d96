"""``lw:quote``: a storyteller's words, attributed, with the insights that cite them."""

from __future__ import annotations

from docutils import nodes

from ..nodes import attribution, block
from ..records import Quote
from ..labels import insight_title
from ..resolve import RenderContext, renderer
from .base import LwDirective, slug
from ..translations import _


class QuoteDirective(LwDirective):
    object_type = "quote"
    optional_options = ("story", "themes", "speaker", "site")
    id_list_options = {"story": "story"}

    def render(self, quote_id: str) -> list[nodes.Node]:
        paragraphs, nested = self.text_body()
        if not paragraphs:
            self.warn(f"quote {quote_id!r} has no words: put the verbatim quote in the body",
                      "missing-option")
        story = self.id_lists["story"]
        if len(story) > 1:
            self.warn(":story: takes one story id", "bad-value")
        speaker, site = self.option("speaker"), self.option("site")
        if speaker and story:
            self.warn(f"quote {quote_id!r} names both a :story: and a :speaker:; a quote is either a "
                      "storyteller's (:story:) or another voice's (:speaker:): :speaker: and :site: were ignored",
                      "bad-value")
            speaker = site = ""
        if site and not self.option("speaker"):
            self.warn(":site: is for a quote with a :speaker:; a story's quotes take the story's site, "
                      "so it was ignored", "bad-value")
            site = ""
        record = Quote(quote_id, self.env.docname, self.lineno, text="\n\n".join(paragraphs),
                       story=story[0] if story else None, themes=self.words("themes"),
                       speaker=speaker, site=site)
        self.domain.add_record(record)

        quote = nodes.block_quote()
        quote.extend(nodes.paragraph(text, text) for text in paragraphs)
        quote += self.placeholder("quote-attribution", quote=quote_id)
        figure = block("quote", quote, anchor=record.anchor, classes=theme_classes(record.themes))
        figure += self.placeholder("cited-in", quote=quote_id)
        return [figure, *nested]


def theme_classes(themes: tuple[str, ...]) -> tuple[str, ...]:
    """``lw-theme-<slug>`` per theme: a theme is free text, a class name (CSS, LaTeX) must not be."""
    return tuple(dict.fromkeys(f"lw-theme-{slug(theme)}" for theme in themes if slug(theme)))


def speaker_line(story, source: str) -> str:
    parts = [story.name, story.role, story.site] if story else []
    line = ", ".join(p for p in parts if p)
    return f"{line} · {source}" if source and line else line or source


def the_story_telling(derived, params):
    return derived.voice_of(params["quote"])


@renderer("quote-attribution", reads=the_story_telling)
def quote_attribution(context: RenderContext, story, params) -> list[nodes.Node]:
    line = speaker_line(story, context.config.lw_quote_source)
    return [attribution(nodes.Text(line))] if line else []


def excerpts_citing(derived, params) -> list[tuple]:
    """(excerpt, the insight it belongs to) for each excerpt of the quote, by insight number."""
    return [(excerpt, derived.insight_of(excerpt)) for excerpt in derived.cited_by.get(params["quote"], [])]


@renderer("cited-in", reads=excerpts_citing)
def cited_in(context: RenderContext, excerpts, params) -> list[nodes.Node]:
    if not excerpts:
        return []
    line = nodes.paragraph(classes=["lw-cited-in"])
    line += nodes.strong(text=_("Cited in: "))
    for position, (excerpt, insight) in enumerate(excerpts):
        if position:
            line += nodes.Text("; ")
        line += context.link(excerpt, text=insight_title(insight) if insight else excerpt.id)
    return [line]
