"""Excerpt fidelity: what counts as a faithful cut, and how a difference is described."""

from __future__ import annotations

import pytest

from lw_method.fidelity import differences, is_faithful

QUOTE = "We said “yes” – and then we waited, and waited; it was worth it in the end."


@pytest.mark.parametrize("excerpt", [
    "We said “yes” – and then we waited, and waited; it was worth it in the end.",
    'we said "yes" - and then we waited, and waited; it was worth it in the end',   # typography, case
    "We said “yes” … it was worth it",                                           # a cut shown with …
    "We said “yes” ... worth it in the end.",                                      # ... works too
    "and then we waited",                                                           # a cut from the middle
    "We said [to the board] “yes” … and waited [twice]",                            # editorial words beside
    "[We] waited, and waited; it was worth it",                                     # editorial words in place
    "We   said\n“yes”",                                                             # spacing
])
def test_faithful_cuts(excerpt):
    assert is_faithful(excerpt, QUOTE)
    assert differences(excerpt, QUOTE) == []


@pytest.mark.parametrize(("excerpt", "described"), [
    ("We said no and then we waited", "“no” where the quote has “yes”"),
    ("We said yes and then we waited happily", "added “happily”"),
    ("We said yes and then we waited happily and waited", "added “happily”"),
    ("We said yes and we waited", "left out “then” without “…”"),
    ("it was worth it … We said yes", "added “we said yes”"),          # reordered
    ("worth it in the end … we said yes", "added “we said yes”"),      # reordered across a cut
])
def test_unfaithful_excerpts_are_described_word_by_word(excerpt, described):
    assert not is_faithful(excerpt, QUOTE)
    assert differences(excerpt, QUOTE) == [described]
