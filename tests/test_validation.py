"""Problems that need the whole project, reported once with the file and line."""

from __future__ import annotations

import pytest

from conftest import warned, warnings_of


def insight_page(ident: str, number: str) -> str:
    return f"# {ident}\n\n:::{{lw:insight}} {ident}\n:number: {number}\n:title: The {ident}.\n:::\n"


@pytest.fixture
def two_insights(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["myst_parser", "lw_method"]\n'
                                 'myst_enable_extensions = ["colon_fence"]\n')
    (src / "index.md").write_text("# Home\n\n```{toctree}\nfirst\nsecond\n```\n")
    (src / "first.md").write_text(insight_page("first", "4"))
    (src / "second.md").write_text(insight_page("second", "4"))
    return src


def test_two_insights_with_one_number_are_reported_at_the_second(make_app, two_insights):
    app = make_app("html", srcdir=two_insights, freshenv=True)
    app.build()
    assert warned(warnings_of(app), "second.md:3", "lw.duplicate-number",
                  "insight 'second' has :number: 4, which insight 'first' already has (first, line 3)")


def test_distinct_numbers_are_not_reported(make_app, two_insights):
    (two_insights / "second.md").write_text(insight_page("second", "5"))
    app = make_app("html", srcdir=two_insights, freshenv=True)
    app.build()
    assert not [line for line in warnings_of(app) if "duplicate-number" in line]
