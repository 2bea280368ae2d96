"""Voices with no story page: a quote may name its :speaker: instead of belonging to a story."""

from __future__ import annotations

import pytest

from conftest import objects_by_key, read_export, read_html, warned, warnings_of

pytestmark = pytest.mark.sphinx("html", testroot="voices", freshenv=True)


def test_a_speakers_quote_is_exported_with_its_speaker_and_no_story(app):
    app.build()
    quote = objects_by_key(read_export(app))[("quote", "team-member-learning")]
    assert (quote["story"], quote["speaker"], quote["site"]) == (None, "Prototyping team member", "Seaside")
    assert quote["title"].startswith("Prototyping team member: “We learned")
    assert quote["cited_by"] == ["trying-teaches"]


def test_a_speaker_is_attributed_on_the_quote_in_excerpts_and_in_the_index(app):
    app.build()
    assert "Prototyping team member, Seaside · The Book" in read_html(app, "introduction")
    excerpt = read_html(app, "insight")
    assert "Prototyping team member · " in excerpt and "read it in context" in excerpt
    index = read_html(app, "quotes")
    assert "3 quotes from 1 storyteller and 1 other voice, in story order." in index
    assert index.index("team-member-learning") < index.index("ana-kettle")  # the introduction first
    assert "in Introduction" in index and "voice-prototyping-team-member" in index


def test_a_quote_needs_a_story_or_a_speaker(app):
    app.build()
    warnings = warnings_of(app)
    assert warned(warnings, "introduction.md:11", "lw.no-story",
                  "or name who said it with :speaker:"), warnings
    assert warned(warnings, "story.md:16", "lw.bad-value", "names both a :story: and a :speaker:"), warnings
    quote = objects_by_key(read_export(app))[("quote", "ana-quoting-a-friend")]
    assert (quote["story"], quote["speaker"]) == ("ana", None)
