"""The words a link, a list or a label shows for an object: one place for every label."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .records import Adaptation, Check, Insight, Method, Quote, ReadingPath, Record, Story
from .translations import _

if TYPE_CHECKING:
    from .derive import Derived

_WORDS_IN_QUOTE_TITLE = 8


def opening_words(text: str, count: int = _WORDS_IN_QUOTE_TITLE) -> str:
    words = text.split()
    if len(words) <= count:
        return " ".join(words)
    return " ".join(words[:count]).rstrip(".,;:!?-–—") + "…"


def title_of(record: Record, derived: Derived) -> str:
    """The text a link to ``record`` shows."""
    if isinstance(record, Story):
        return record.name or record.id
    if isinstance(record, Quote):
        voice = derived.voice_of(record.id)
        speaker = voice.name if voice else record.id
        return f"{speaker}: “{opening_words(record.text)}”"
    if isinstance(record, Insight):
        return insight_title(record)
    if isinstance(record, (Method, ReadingPath)):
        return record.title or record.id
    if isinstance(record, Adaptation):
        method = derived.get("method", record.adapts)
        if method is None and record.handbook:  # a site's adaptation of this handbook's method
            method = derived.get("method", record.adapts.rpartition(":")[2])
        name = method.title if isinstance(method, Method) and method.title else record.adapts
        return f"{name} in {record.site}" if record.site else name or record.id
    if isinstance(record, Check):
        first_sentence = re.split(r"(?<=[.?!])\s", record.text.strip(), maxsplit=1)[0]
        return first_sentence if len(first_sentence) <= 90 else opening_words(first_sentence, 12)
    return record.id


def insight_title(insight: Insight) -> str:
    if insight.number:
        return _("Insight {number}: {title}").format(number=insight.number, title=insight.title)
    return insight.title or insight.id


def insight_short_title(insight: Insight) -> str | None:
    """``Insight 3``, or ``None`` for an unnumbered insight (whose title is shown instead)."""
    return _("Insight {number}").format(number=insight.number) if insight.number else None


def short_title_of(record: Record, derived: Derived) -> str:
    """A compact label for lists of links in panels; the full title goes in the tooltip."""
    if isinstance(record, Insight) and record.number:
        return insight_short_title(record)
    return title_of(record, derived)


