"""A build that changes nothing the derivation reads keeps the last one; any change it reads
derives again. Each edit: an incremental build writes what a fresh serial build writes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lw_method.derive import Derived

from test_incremental_equals_fresh import differences, written


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


EDITS = {
    # the derivation reads a plain page's title and headings: a path step shows them
    "plain page's title": lambda s: replace(s / "intro.md", "# Introduction", "# Where it all began"),
    "plain page's heading": lambda s: replace(s / "intro.md", "## Getting started", "## Starting out"),
    # and none of a story's prose: the derivation is kept, the page still rewritten
    "story prose": lambda s: replace(s / "about.md", "A page on no path.", "A page on no path, still."),
}


def build(make_app, srcdir: Path, fresh: bool):
    app = make_app("html", srcdir=srcdir, freshenv=fresh)
    app.build()
    app.cleanup()
    return app


@pytest.mark.parametrize("edit", EDITS)
def test_an_incremental_build_after_an_edit_equals_a_fresh_one(make_app, rootdir, tmp_path, monkeypatch, edit):
    incremental = tmp_path / "incremental"
    shutil.copytree(rootdir / "test-paths", incremental)
    build(make_app, incremental, fresh=True)
    EDITS[edit](incremental)
    derivations = []
    original = Derived.build.__func__
    monkeypatch.setattr(Derived, "build", classmethod(
        lambda cls, *args, **kwargs: derivations.append(1) or original(cls, *args, **kwargs)))
    again = build(make_app, incremental, fresh=False)
    monkeypatch.undo()
    fresh_src = tmp_path / "fresh"
    shutil.copytree(incremental, fresh_src, ignore=shutil.ignore_patterns("_build"))
    reference = build(make_app, fresh_src, fresh=True)
    assert not differences(written(again.outdir), written(reference.outdir))
    kept = not derivations
    assert kept == (edit == "story prose"), "the derivation is kept exactly when nothing it reads changed"
