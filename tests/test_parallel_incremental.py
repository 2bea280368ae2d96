"""Parallel builds equal serial ones; incremental builds rewrite the pages that depend on an edit."""

from __future__ import annotations

import os
import shutil
import time

import pytest

from conftest import read_export, read_html, warnings_of

EXTRA_STORIES = 12


def grow(srcdir) -> None:
    """Add stories, each quoted by the root's insight, so readers in parallel share links."""
    names = [f"extra-{n:02d}" for n in range(EXTRA_STORIES)]
    for name in names:
        (srcdir / "stories" / f"{name}.md").write_text(
            f"# {name}\n\n:::{{lw:story}} {name}\n:name: Person {name}\n:role: Worker\n:site: Site\n:consent: Given\n"
            f":::\n\n:::{{lw:quote}} {name}-words\n:themes: theme-{name[-1]}\nWords of {name}.\n:::\n",
            encoding="utf-8")
    index = srcdir / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace(
        "stories/ben\n", "stories/ben\n" + "".join(f"stories/{n}\n" for n in names)), encoding="utf-8")
    with (srcdir / "insights" / "one.md").open("a", encoding="utf-8") as insight:
        for name in names:
            insight.write(f"\n:::{{lw:excerpt}} {name}-words\n:::\n")


def build_copy(make_app, rootdir, tmp_path, name: str, parallel: int):
    srcdir = tmp_path / name
    shutil.copytree(rootdir / "test-basic", srcdir)
    grow(srcdir)
    app = make_app("html", srcdir=srcdir, parallel=parallel, freshenv=True)
    app.build()
    app.cleanup()  # unregister global docutils state before the next app in this test
    return app


def pages(app) -> dict[str, str]:
    return {str(p.relative_to(app.outdir)): p.read_text(encoding="utf-8")
            for p in sorted(app.outdir.rglob("*.html")) if "_sources" not in p.parts}


def test_parallel_build_equals_serial_build(make_app, rootdir, tmp_path):
    serial = build_copy(make_app, rootdir, tmp_path, "serial", parallel=1)
    parallel = build_copy(make_app, rootdir, tmp_path, "parallel", parallel=4)
    assert parallel.parallel == 4 and parallel.is_parallel_allowed("read")
    assert parallel.is_parallel_allowed("write")
    assert warnings_of(serial) == warnings_of(parallel) == []
    assert pages(serial) == pages(parallel)
    assert read_export(serial) == read_export(parallel)
    insight = read_html(parallel, "insights/one")
    assert insight.count('class="lw-excerpt"') == 2 + EXTRA_STORIES
    assert "Words of extra-11." in insight


def touch_later(path) -> None:
    later = time.time() + 5
    os.utime(path, (later, later))


@pytest.mark.sphinx("html", testroot="basic", srcdir="incremental", freshenv=True)
def test_editing_one_story_rewrites_the_insights_citing_it_and_the_checklist(app):
    app.build()
    doctrees = app.doctreedir
    readiness_doctree = (doctrees / "readiness.doctree").stat().st_mtime_ns
    story = app.srcdir / "stories" / "ana.md"
    story.write_text(
        story.read_text(encoding="utf-8").replace(":name: Ana", ":name: Anya")
        + "\n:::{lw:check} kettle-descaled\n:area: Operations\n:methods: tea-circle\n"
          ":evidence: ana-kettle\nThe kettle is descaled every month.\n:::\n",
        encoding="utf-8")
    touch_later(story)

    app.build()
    assert warnings_of(app) == []
    # the insight and readiness pages were not re-read, only written again
    assert (doctrees / "readiness.doctree").stat().st_mtime_ns == readiness_doctree
    insight = read_html(app, "insights/one")
    assert "— Anya · <a" in insight and "— Ana · <a" not in insight
    readiness = read_html(app, "readiness")
    checklist = readiness[readiness.index('class="lw-checklist"'):]
    assert "The kettle is descaled every month." in checklist
    assert 'href="stories/ana.html#lw-check-kettle-descaled"' in checklist
    method = read_html(app, "methods/tea")
    assert 'href="../stories/ana.html#lw-check-kettle-descaled"' in method
    assert "Previous story: <a" in read_html(app, "stories/ben") and "Anya</span>" in read_html(app, "stories/ben")
    assert "Anya" in read_html(app, "index")  # a role showing the story's title


@pytest.mark.sphinx("html", testroot="basic", srcdir="incremental-remove", freshenv=True)
def test_removing_a_cited_quote_reports_the_excerpt_and_drops_the_backlink(app):
    app.build()
    story = app.srcdir / "stories" / "ben.md"
    source = story.read_text(encoding="utf-8")
    story.write_text(source[: source.index(":::{lw:quote} ben-budget")], encoding="utf-8")
    touch_later(story)
    app.build()
    assert any("one.md:" in w and "[lw.unknown-id]" in w and "ben-budget" in w for w in warnings_of(app))
    assert read_export(app)["objects"] and all(o["id"] != "ben-budget" for o in read_export(app)["objects"])
