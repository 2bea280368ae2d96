"""``lw:excerpt``: an insight's cut of a quote, linked to the quote in the full story."""

from __future__ import annotations

from docutils import nodes

from ..nodes import attribution, block
from ..records import Excerpt, Reference
from ..resolve import RenderContext, renderer
from .base import LwDirective
from ..translations import _


class ExcerptDirective(LwDirective):
    object_type = "excerpt"
    id_names = "quote"
    argument_links = True
    optional_options = ("insight", "editorial-note")
    id_list_options = {"insight": "insight"}

    def render(self, quote_id: str) -> list[nodes.Node]:
        document = self.domain.document(self.env.docname)
        insight = self.id_lists["insight"]
        if len(insight) > 1:
            self.warn(":insight: takes one insight id", "bad-value")
        paragraphs, nested = self.text_body()
        record = Excerpt(quote_id, self.env.docname, self.lineno, text="\n\n".join(paragraphs),
                         insight=insight[0] if insight else None,
                         editorial_note=self.option("editorial-note"),
                         serial=len(document.of_type("excerpt")) + 1)
        self.domain.add_record(record)
        self.domain.note_reference(self.env.docname, Reference("quote", quote_id))

        # rendered when written: the edition may withhold the quote, words and all
        body = self.placeholder("excerpt", quote=quote_id, text=record.text, note=record.editorial_note)
        return [block("excerpt", body, anchor=record.anchor), *nested]


WITHHELD_TEXT = _("This excerpt comes from a story that is kept for the internal edition of the handbook.")


def the_quote_excerpted(derived, params) -> tuple:
    """(whether the edition withholds the quote, the quote, its story)."""
    if derived.withheld.holds("quote", params["quote"]):
        return (True, None, None)
    return (False, derived.get("quote", params["quote"]), derived.voice_of(params["quote"]))


@renderer("excerpt", reads=the_quote_excerpted)
def excerpt_body(context: RenderContext, found, params) -> list[nodes.Node]:
    """The excerpt's words (or the whole quote), who said them, a link, and any editor's note."""
    withheld, quote, story = found
    if withheld:
        return [nodes.paragraph(text=WITHHELD_TEXT, classes=["lw-withheld"])]
    text = params["text"] or (quote.text if quote else "")
    block_quote = nodes.block_quote()
    block_quote.extend(nodes.paragraph(p, p) for p in text.split("\n\n") if p)
    if quote is not None:
        block_quote += attribution(nodes.Text(story.name if story else quote.id), nodes.Text(" · "),
                                   context.link(quote, text=_("read the full story") if story and story.id
                                                else _("read it in context")))
    result: list[nodes.Node] = [block_quote]
    if params["note"]:
        note = nodes.paragraph(classes=["lw-editorial-note"])
        note += nodes.strong(text=_("Editor’s note: "))
        note += nodes.Text(params["note"])
        result.append(block("editorial-note", note))
    return result
