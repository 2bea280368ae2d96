"""Is an excerpt a faithful cut of its quote?

A faithful excerpt keeps the quote's words in order.  It may leave words out
where it shows an ellipsis ("…" or "..."), and put editorial words in [square
brackets] in place of or beside the original's.  Typographic quotes, dashes,
case and spacing don't count.  Anything else — a changed, added, reordered or
silently dropped word, or a changed accent — is a difference, described word by word.

Both checks stay near-linear in the length of the texts, however long or
repetitive: each word is coded as one character, so a run of words is found with
``str.find`` (linear in Python's two-way search), and the word-by-word diff is only
allowed ``DIFF_BUDGET`` steps; beyond that, what matches at either end is set aside
first, and the middle is pinned together by the words each side has once.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache
from itertools import accumulate

_GAP = re.compile(r"\[[^\]]*\]|…|\.\.\.")
_TYPOGRAPHY = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "“": '"', "”": '"', "_": " "})
#: steps of matching a word-by-word diff may take (about 0.1 s; see ``matching_steps``)
DIFF_BUDGET = 2_000_000
#: differences described one by one; the rest are counted, so a warning stays readable
MOST_DIFFERENCES = 10
#: stands for a word the quote does not have, so a run holding it is never found
_NOT_IN_QUOTE = "\0"


@cache
def _word_pattern() -> re.Pattern[str]:
    """A word: letters and digits in any script with their combining marks, apostrophes inside.

    ``re`` has no class for combining marks (a Devanagari vowel sign, a decomposed accent),
    so it is built once from the Unicode database, as ranges (a class of single characters
    is several times slower to match).
    """
    ranges: list[list[int]] = []
    for code in (*range(0x300, 0x20000), *range(0xE0100, 0xE01F0)):
        if not unicodedata.category(chr(code)).startswith("M"):
            continue
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    letter = "[\\w" + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges) + "]"
    return re.compile(rf"{letter}+(?:'{letter}+)*")


def words(text: str) -> list[str]:
    """The words of ``text``, lowercased, typographic quotes made plain, accents kept.

    Underscores are spaces (``\\w`` would count them as letters).
    """
    plain = unicodedata.normalize("NFC", text).translate(_TYPOGRAPHY).lower()
    return _word_pattern().findall(plain)


@dataclass(frozen=True)
class Cut:
    """An excerpt as runs of words; between two runs the excerpt marked a gap."""

    runs: tuple[tuple[str, ...], ...]

    @classmethod
    def parse(cls, text: str) -> Cut:
        runs = tuple(tuple(words(part)) for part in _GAP.split(text))
        return cls(tuple(run for run in runs if run))


@dataclass(frozen=True)
class Coded:
    """A quote's words, one character each, so a run of words is found by ``str.find``."""

    text: str
    alphabet: dict[str, str]

    @classmethod
    def of(cls, quote_words: list[str]) -> Coded:
        alphabet = {word: _character(n) for n, word in enumerate(dict.fromkeys(quote_words), start=1)}
        return cls("".join(alphabet[word] for word in quote_words), alphabet)

    def code(self, some_words) -> str:
        return "".join(self.alphabet.get(word, _NOT_IN_QUOTE) for word in some_words)


def _character(number: int) -> str:
    """The ``number``-th character, stepping over the surrogates (not characters of their own)."""
    return chr(number if number < 0xD800 else number + 0x800)


def is_faithful(excerpt: str, quote: str) -> bool:
    return _is_cut_of(Cut.parse(excerpt), words(quote))


def _is_cut_of(cut: Cut, quote_words: list[str]) -> bool:
    """Whether every run is in the quote, in order: each found at its first place after the last."""
    quote_code = Coded.of(quote_words)
    position = 0
    for run in cut.runs:
        found = quote_code.text.find(quote_code.code(run), position)
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
    cut, quote_words = Cut.parse(excerpt), words(quote)
    if _is_cut_of(cut, quote_words):
        return []
    excerpt_words = [word for run in cut.runs for word in run]
    gap_before = set(accumulate(len(run) for run in cut.runs[:-1]))
    opcodes = diff(excerpt_words, quote_words)
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
    if len(found) > MOST_DIFFERENCES:
        found[MOST_DIFFERENCES:] = [f"and {len(found) - MOST_DIFFERENCES} more differences"]
    return found or ["its words are not in the quote in this order"]


Opcode = tuple[str, int, int, int, int]


class OverBudget(Exception):
    """The word-by-word diff would take more steps than it has left."""


@dataclass
class Budget:
    """The steps of matching a diff may still take: a counter its matchers share."""

    left: int = DIFF_BUDGET

    def spend(self, steps: int) -> None:
        if steps > self.left:
            raise OverBudget
        self.left -= steps


def matching_steps(matcher: SequenceMatcher, alo: int, ahi: int) -> int:
    """What ``find_longest_match`` over ``a[alo:ahi]`` costs: a step for each of those words,
    and one for each place the word has in ``b``."""
    return (ahi - alo) + sum(len(matcher.b2j.get(word, ())) for word in matcher.a[alo:ahi])


class BoundedMatcher(SequenceMatcher):
    """SequenceMatcher with every word counted (autojunk off) that stops when its budget is spent.

    Its work is in ``find_longest_match``, called once per matching block found; on
    repetitive words that grows faster than the square of the length, so each call is
    paid for before it runs.
    """

    def __init__(self, ours: list[str], theirs: list[str], budget: Budget) -> None:
        super().__init__(None, ours, theirs, autojunk=False)
        self.budget = budget

    def find_longest_match(self, alo=0, ahi=None, blo=0, bhi=None):
        ahi = len(self.a) if ahi is None else ahi
        self.budget.spend(matching_steps(self, alo, ahi))
        return super().find_longest_match(alo, ahi, blo, bhi)


def diff(ours: list[str], theirs: list[str]) -> list[Opcode]:
    """SequenceMatcher's opcodes from ``ours`` to ``theirs``, its work bounded by ``DIFF_BUDGET``.

    A diff that runs out of steps starts again, setting aside what is equal at either
    end: the longest start of ours found in theirs, and the longest end of the rest
    found after it; only the middle between them is compared, with steps of its own.
    """
    try:
        return BoundedMatcher(ours, theirs, Budget()).get_opcodes()
    except OverBudget:
        pass
    coded = Coded.of(theirs)
    our_code = coded.code(ours)
    head, head_at = _longest_found(our_code, coded.text, 0, from_start=True)
    tail, tail_at = _longest_found(our_code[head:], coded.text, head_at + head, from_start=False)
    middle_start, middle_end = (head, head_at + head), (len(ours) - tail, tail_at if tail else len(theirs))
    opcodes: list[Opcode] = []
    if head_at:
        opcodes.append(("insert", 0, 0, 0, head_at))
    if head:
        opcodes.append(("equal", 0, head, head_at, head_at + head))
    opcodes += _shifted(_middle(ours[middle_start[0]:middle_end[0]], theirs[middle_start[1]:middle_end[1]]),
                        *middle_start)
    if tail:
        opcodes.append(("equal", len(ours) - tail, len(ours), tail_at, tail_at + tail))
        if tail_at + tail < len(theirs):
            opcodes.append(("insert", len(ours), len(ours), tail_at + tail, len(theirs)))
    return opcodes


def _middle(ours: list[str], theirs: list[str]) -> list[Opcode]:
    """The middle of a long diff, pinned together by the words each side has once (as patience
    diff does), each pin widened to the equal stretch around it; between two stretches, word by
    word while the budget lasts, then as one change."""
    opcodes: list[Opcode] = []
    budget, ours_at, theirs_at = Budget(), 0, 0
    for our_pin, their_pin in [*_pins(ours, theirs), (len(ours), len(theirs))]:
        if our_pin < ours_at or their_pin < theirs_at:
            continue  # inside the stretch around the pin before
        while our_pin > ours_at and their_pin > theirs_at and ours[our_pin - 1] == theirs[their_pin - 1]:
            our_pin, their_pin = our_pin - 1, their_pin - 1
        between = ours[ours_at:our_pin], theirs[theirs_at:their_pin]
        try:
            found = BoundedMatcher(*between, budget).get_opcodes()
        except OverBudget:
            found = _changed(0, len(between[0]), 0, len(between[1]))
        opcodes += _shifted(found, ours_at, theirs_at)
        ours_at, theirs_at = our_pin, their_pin
        while ours_at < len(ours) and theirs_at < len(theirs) and ours[ours_at] == theirs[theirs_at]:
            ours_at, theirs_at = ours_at + 1, theirs_at + 1
        if ours_at > our_pin:
            opcodes.append(("equal", our_pin, ours_at, their_pin, theirs_at))
    return opcodes


def _pins(ours: list[str], theirs: list[str]) -> list[tuple[int, int]]:
    """(ours, theirs) positions of words each side has once: the longest chain in order on both."""
    our_counts, their_counts = Counter(ours), Counter(theirs)
    theirs_once = {word: at for at, word in enumerate(theirs) if their_counts[word] == 1}
    pairs = [(at, theirs_once[word]) for at, word in enumerate(ours)
             if our_counts[word] == 1 and word in theirs_once]
    # the longest run of pairs increasing on their side (patience sorting)
    tops: list[int] = []
    top_pair: list[int] = []
    before: list[int] = []
    for index, (_, their_at) in enumerate(pairs):
        pile = bisect_left(tops, their_at)
        before.append(top_pair[pile - 1] if pile else -1)
        if pile == len(tops):
            tops.append(their_at)
            top_pair.append(index)
        else:
            tops[pile], top_pair[pile] = their_at, index
    chain, index = [], top_pair[-1] if top_pair else -1
    while index >= 0:
        chain.append(pairs[index])
        index = before[index]
    return chain[::-1]


def _shifted(opcodes: list[Opcode], ours_at: int, theirs_at: int) -> list[Opcode]:
    return [(op, e1 + ours_at, e2 + ours_at, q1 + theirs_at, q2 + theirs_at) for op, e1, e2, q1, q2 in opcodes]


def _changed(e1: int, e2: int, q1: int, q2: int) -> list[Opcode]:
    """One opcode for a stretch that differs throughout (SequenceMatcher's names for it)."""
    if e1 == e2 and q1 == q2:
        return []
    op = "replace" if e1 < e2 and q1 < q2 else "delete" if e1 < e2 else "insert"
    return [(op, e1, e2, q1, q2)]


def _longest_found(code: str, text: str, start: int, *, from_start: bool) -> tuple[int, int]:
    """The longest start (or end) of ``code`` found in ``text`` at or after ``start``: (length, where).

    A shorter part of a part that is found is found too, so the length is searched by halving.
    """
    low, high, where = 0, len(code), start
    while low < high:
        length = (low + high + 1) // 2
        found = text.find(code[:length] if from_start else code[len(code) - length:], start)
        if found >= 0:
            low, where = length, found
        else:
            high = length - 1
    return low, where
