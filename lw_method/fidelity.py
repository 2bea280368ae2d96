"""Is an excerpt a faithful cut of its quote?

A faithful excerpt keeps the quote's words in order.  It may leave words out
where it shows an ellipsis ("…" or "..."), and put editorial words in [square
brackets] in place of or beside the original's.  Typographic quotes, dashes,
case and spacing don't count.  Anything else — a changed, added, reordered or
silently dropped word — is a difference, described word by word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

_GAP = re.compile(r"\[[^\]]*\]|…|\.\.\.")
_WORD = re.compile(r"[0-9a-z]+(?:'[0-9a-z]+)*")
_TYPOGRAPHY = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "“": '"', "”": '"'})


def words(text: str) -> list[str]:
    return _WORD.findall(text.translate(_TYPOGRAPHY).lower())


@dataclass(frozen=True)
class Cut:
    """An excerpt as runs of words; between two runs the excerpt marked a gap."""

    runs: tuple[tuple[str, ...], ...]

    @classmethod
    def parse(cls, text: str) -> Cut:
        runs = tuple(tuple(words(part)) for part in _GAP.split(text))
        return cls(tuple(run for run in runs if run))


def _find(run: tuple[str, ...], quote: list[str], start: int) -> int:
    """Where ``run`` occurs contiguously in ``quote`` at or after ``start``; -1 if nowhere."""
    for position in range(start, len(quote) - len(run) + 1):
        if tuple(quote[position:position + len(run)]) == run:
            return position
    return -1


def is_faithful(excerpt: str, quote: str) -> bool:
    quote_words = words(quote)
    position = 0
    for run in Cut.parse(excerpt).runs:
        found = _find(run, quote_words, position)
        if found < 0:
            return False
        position = found + len(run)
    return True


def _clip(some_words: list[str], most: int = 8) -> str:
    if len(some_words) <= most:
        return " ".join(some_words)
    return " ".join(some_words[:most]) + " …"


def differences(excerpt: str, quote: str) -> list[str]:
    """What makes ``excerpt`` unfaithful to ``quote``, word by word; empty when it is faithful."""
    if is_faithful(excerpt, quote):
        return []
    cut = Cut.parse(excerpt)
    excerpt_words = [word for run in cut.runs for word in run]
    gap_before = {sum(len(r) for r in cut.runs[:i]) for i in range(1, len(cut.runs))}
    quote_words = words(quote)
    matcher = SequenceMatcher(None, excerpt_words, quote_words, autojunk=False)
    opcodes = matcher.get_opcodes()
    equal = [i for i, op in enumerate(opcodes) if op[0] == "equal"]
    first, last = (equal[0], equal[-1]) if equal else (len(opcodes), -1)
    found: list[str] = []
    for index, (op, e1, e2, q1, q2) in enumerate(opcodes):
        ours, theirs = _clip(excerpt_words[e1:e2]), _clip(quote_words[q1:q2])
        if op == "replace" and first < index < last:
            found.append(f"“{ours}” where the quote has “{theirs}”")
        elif op == "replace":  # before or after every match: the quote may be cut there
            found.append(f"added “{ours}”")
        elif op == "delete":
            found.append(f"added “{ours}”")
        elif op == "insert" and first < index < last and e1 not in gap_before:
            found.append(f"left out “{theirs}” without “…”")
    return found or ["its words are not in the quote in this order"]
