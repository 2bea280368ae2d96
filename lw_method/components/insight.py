"""``lw:insight``: one of the book's insights, its statement and essay."""

from __future__ import annotations

import re

from docutils import nodes

from ..nodes import block
from ..records import Insight
from .base import LwDirective
from .content_note import content_note
from ..translations import _

#: a number as the handbook prints it; ``str.isdigit`` would let ``²`` or ``٣`` through
ASCII_NUMBER = re.compile(r"[0-9]+")


class InsightDirective(LwDirective):
    object_type = "insight"
    required_options = ("title",)
    optional_options = ("number", "content-notes")

    def number(self) -> int | None:
        value = self.option("number")
        if not value:
            return None
        if ASCII_NUMBER.fullmatch(value) and int(value) > 0:
            return int(value)
        self.warn(f":number: must be a whole number from 1 up, not {value!r} (write it in the digits "
                  "0-9)", "bad-value")
        return None

    def render(self, insight_id: str) -> list[nodes.Node]:
        record = Insight(insight_id, self.env.docname, self.lineno, number=self.number(),
                         title=self.option("title"), content_notes=self.option("content-notes"))
        self.domain.add_record(record)

        panel = block("insight", anchor=record.anchor,
                      label=_("Insight {number}").format(number=record.number) if record.number else _("Insight"))
        if record.number:
            panel += nodes.paragraph(text=_("Insight {number}").format(number=record.number), classes=["lw-insight-label"])
        statement = nodes.paragraph(classes=["lw-insight-title"])
        statement += nodes.strong(text=record.title)
        panel += statement
        if record.content_notes:
            panel += content_note(record.content_notes, self.config.lw_support_text)
        panel.extend(self.parse_body())
        return [panel]
