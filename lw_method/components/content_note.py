"""The content note shown before a story or insight that discusses distressing subjects."""

from __future__ import annotations

from docutils import nodes

from ..nodes import block
from ..translations import _


def content_note(notes: str, support_text: str) -> nodes.Node:
    """A note naming the subjects, then the handbook's signposting to support."""
    note = block("content-note", tag="aside", label=_("Content note"))
    heading = nodes.paragraph(classes=["lw-content-note-title"])
    heading += nodes.strong(text=_("Content note: "))
    heading += nodes.Text(f"this part discusses {notes}.")
    note += heading
    if support_text:
        note += nodes.paragraph(support_text, support_text, classes=["lw-support"])
    return note
