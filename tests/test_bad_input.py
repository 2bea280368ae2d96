"""Bad input: a located, typed warning that says what to fix; never a traceback."""

from __future__ import annotations

import pytest

from conftest import warned, warnings_of

pytestmark = pytest.mark.sphinx("html", testroot="bad-input", freshenv=True,
                                confoverrides={"nitpicky": True})

EXPECTED = [
    ("story.md:3", "lw.unknown-option", "lw:story: unknown option :mood: (it takes :consent:, "
     ":content-notes:, :name:, :role:, :site:, :visibility:); it was ignored"),
    ("story.md:3", "lw.missing-option", "lw:story: missing required option :site:"),
    ("story.md:3", "lw.consent", "lw:story: story 'sam' has no :consent: — record how and when the "
     "storyteller agreed to share it before it is published"),
    ("story.md:14", "lw.duplicate-id", "duplicate quote id 'sam-words': already defined in "
     "story.md:10; give one of them another id"),
    ("story.md:18", "lw.bad-id", "lw:quote: 'Bad_ID' is not a valid id"),
    ("insight.md:3", "lw.bad-value", ":number: must be a whole number from 1 up, not 'first'"),
    ("insight.md:9", "lw.unknown-id", "lw:excerpt ghost-quote: the quote id names no quote on any "
     "page ('ghost-quote')"),
    ("insight.md:13", "lw.missing-option", "lw:method: missing required option :summary:"),
    ("insight.md:13", "lw.unknown-id", "lw:method helpful-method: :insights: names no insight on any "
     "page ('missing-insight')"),
    ("insight.md:18", "lw.missing-option", "lw:check: missing required option :methods:"),
    ("orphans.md:3", "lw.no-story", "quote 'lonely-words' has no story: put it on a page with an "
     "lw:story, name one with :story:, or name who said it with :speaker:"),
    ("orphans.md:7", "lw.no-insight", "excerpt of quote 'sam-words' belongs to no insight"),
    ("index.md:9", "lw.unknown-id", "{lw:quote}`no-such-quote` names no quote"),
]


@pytest.mark.parametrize(("location", "subtype", "message"), EXPECTED,
                         ids=[f"{s}@{loc}" for loc, s, _ in EXPECTED])
def test_each_bad_input_is_reported_where_it_is(app, location, subtype, message):
    app.build()
    assert warned(warnings_of(app), location, subtype, message), "\n".join(warnings_of(app))


def test_every_warning_is_one_of_ours_and_none_is_a_traceback(app):
    app.build()
    lines = warnings_of(app)
    assert len(lines) == len(EXPECTED), "\n".join(lines)
    assert all(line.endswith("]") and "[lw." in line for line in lines)
    assert "Traceback" not in app.status.getvalue() + app.warning.getvalue()


@pytest.mark.sphinx("html", testroot="bad-input", freshenv=True,
                    confoverrides={"suppress_warnings": ["lw.unknown-option", "lw.duplicate-id"]})
def test_suppress_warnings_silences_a_subtype(app):
    app.build()
    text = "\n".join(warnings_of(app))
    assert "lw.unknown-option" not in text and "lw.duplicate-id" not in text
    assert "lw.missing-option" in text


@pytest.mark.sphinx("html", testroot="bad-input", freshenv=True, confoverrides={"nitpicky": True})
def test_a_build_with_bad_input_still_writes_every_page(app):
    app.build()
    for page in ("index", "story", "insight", "orphans"):
        assert (app.outdir / f"{page}.html").is_file()
    assert "Words from nowhere." in (app.outdir / "insight.html").read_text(encoding="utf-8")
