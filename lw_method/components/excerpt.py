"""``lw:excerpt``: an insight's cut of a quote, linked to the quote in the full story."""

from __future__ import annotations

from docutils import nodes

from ..nodes import attribution, block, pending
from ..records import Excerpt, Reference
from ..resolve import RenderContext, renderer
from .base import LwDirective


class ExcerptDirective(LwDirective):
    object_type = "excerpt"
    id_names = "quote"
    optional_options = ("insight", "editorial-note")
    id_list_options = {"insight": "insight"}

    def render(self, quote_id: str) -> list[nodes.Node]:
        document = self.domain.document(self.env.docname)
        insight = self.id_lists["insight"]
        if len(insight) > 1:
            self.warn(":insight: takes one insight id", "bad-value")
        paragraphs = self.body_paragraphs()
        record = Excerpt(quote_id, self.env.docname, self.lineno, text="\n\n".join(paragraphs),
                         insight=insight[0] if insight else None,
                         editorial_note=self.option("editorial-note"),
                         serial=len(document.of_type("excerpt")) + 1)
        self.domain.add_record(record)
        self.domain.note_reference(self.env.docname, Reference("quote", quote_id))

        quote = nodes.block_quote()
        if paragraphs:
            quote.extend(nodes.paragraph(text, text) for text in paragraphs)
        else:
            quote += pending("quote-text", quote=quote_id)
        quote += pending("excerpt-attribution", quote=quote_id)
        panel = block("excerpt", quote, anchor=record.anchor)
        if record.editorial_note:
            note = nodes.paragraph(classes=["lw-editorial-note"])
            note += nodes.strong(text="Editor’s note: ")
            note += nodes.Text(record.editorial_note)
            panel += note
        return [panel]


@renderer("quote-text")
def quote_text(context: RenderContext, node) -> list[nodes.Node]:
    quote = context.derived.get("quote", node["quote"])
    if quote is None:
        return [nodes.paragraph(text="[This quote could not be found.]")]
    return [nodes.paragraph(text, text) for text in quote.text.split("\n\n")]


@renderer("excerpt-attribution")
def excerpt_attribution(context: RenderContext, node) -> list[nodes.Node]:
    quote = context.derived.get("quote", node["quote"])
    if quote is None:
        return []
    story = context.derived.story_for_quote(quote.id)
    return [attribution(nodes.Text(story.name if story else quote.id), nodes.Text(" · "),
                        context.link(quote, text="read the full story"))]
