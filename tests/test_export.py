"""``lw-method.json``: every object, its page and anchor, and its links."""

from __future__ import annotations

import pytest

from conftest import objects_by_key, read_export

pytestmark = pytest.mark.sphinx("html", testroot="basic")


def test_export_lists_every_object_with_common_fields(app):
    app.build()
    export = read_export(app)
    assert export["schema"] == "lw-method/2"
    assert (export["edition"], export["external"], export["handbooks"]) == ("public", [], {})
    assert export["project"] == "Project name not set"  # Sphinx's default: the root sets none
    keys = [(o["type"], o["id"]) for o in export["objects"]]
    assert keys == [
        ("story", "ana"), ("story", "ben"),
        ("quote", "ana-kettle"), ("quote", "ana-second"), ("quote", "ben-budget"),
        ("insight", "insight-one"), ("method", "tea-circle"),
        ("check", "kettle-ready"), ("check", "budget-shared"),
    ]
    for entry in export["objects"]:
        page, anchor = entry["url"].split("#")
        assert (app.outdir / page).is_file()
        assert f'id="{anchor}"' in (app.outdir / page).read_text(encoding="utf-8")
        assert page == f"{entry['docname']}.html"
        assert entry["title"]


def test_export_links_of_each_type(app):
    app.build()
    objects = objects_by_key(read_export(app))
    ana = objects["story", "ana"]
    assert (ana["name"], ana["role"], ana["site"]) == ("Ana", "Peer Worker", "Northtown")
    assert ana["quotes"] == ["ana-kettle", "ana-second"]
    kettle = objects["quote", "ana-kettle"]
    assert kettle["story"] == "ana"
    assert kettle["text"] == "We put the kettle on and everything changed. It was the start."
    assert kettle["themes"] == ["trust", "tea"]
    assert kettle["cited_by"] == ["insight-one"]
    assert objects["quote", "ana-second"]["cited_by"] == []
    insight = objects["insight", "insight-one"]
    assert insight["number"] == 1
    assert insight["title"] == "Insight 1: Tea builds trust."
    assert insight["quotes"] == ["ana-kettle", "ben-budget"]
    assert insight["excerpts"][0]["url"] == "insights/one.html#lw-excerpt-1-ana-kettle"
    method = objects["method", "tea-circle"]
    assert method["insights"] == ["insight-one"]
    assert method["related"] == []
    assert method["checks"] == ["kettle-ready", "budget-shared"]
    check = objects["check", "kettle-ready"]
    assert check["area"] == "Operations"
    assert check["text"] == "There is a kettle and people know where it is."
    assert check["methods"] == ["tea-circle"]
    assert check["evidence"] == ["ana-kettle"]
    assert check["insights"] == ["insight-one"]


@pytest.mark.sphinx("latex", testroot="basic")
def test_export_is_written_by_html_builders_only(app):
    app.build()
    assert not (app.outdir / "lw-method.json").exists()
