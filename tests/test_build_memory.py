"""What a build does with memory: the collector kept off long-lived objects (collector.py),
and ``-j`` readers that send back only the records of the pages they read (parallel.py).
Each incremental or parallel build here still writes what a fresh serial build writes."""

from __future__ import annotations

import gc
import os
import shutil
from pathlib import Path

import pytest

from lw_method import collector

from test_incremental_equals_fresh import differences, written


def build(make_app, srcdir: Path, *, fresh: bool, parallel: int = 0, spy=None):
    app = make_app("html", srcdir=srcdir, freshenv=fresh, parallel=parallel)
    if spy is not None:
        spy(app)
    app.build()
    app.cleanup()
    return app


def touch_pages(srcdir: Path, count: int) -> list[str]:
    """Add a sentence to ``count`` pages; return their docnames."""
    pages = sorted(p for p in srcdir.rglob("*.md") if p.name != "index.md")[:count]
    assert len(pages) == count, pages
    for page in pages:
        page.write_text(page.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    return [page.relative_to(srcdir).with_suffix("").as_posix() for page in pages]


@pytest.fixture()
def handbook(rootdir, tmp_path) -> Path:
    srcdir = tmp_path / "handbook"
    shutil.copytree(rootdir / "test-incremental", srcdir)
    return srcdir


def test_the_collector_is_paused_while_the_environment_loads_and_restored_after(
        make_app, handbook, monkeypatch):
    import sphinx.application

    before = (gc.isenabled(), gc.get_threshold(), gc.get_freeze_count())
    build(make_app, handbook, fresh=True)
    loading = []
    real_load = sphinx.application.pickle.load
    monkeypatch.setattr(sphinx.application.pickle, "load",
                        lambda file: loading.append(gc.isenabled()) or real_load(file))
    app = make_app("html", srcdir=handbook, freshenv=False)
    monkeypatch.undo()
    assert loading == [False], "the pickled environment loads with the collector paused"
    assert gc.isenabled() == before[0]
    assert gc.get_freeze_count() > 0, "the loaded environment is frozen while the build runs"
    assert gc.get_threshold() == (max(before[1][0], collector.YOUNG_THRESHOLD), before[1][1],
                                  max(before[1][2], collector.OLD_THRESHOLD))
    frozen_after_reading = []
    app.connect("env-updated", lambda app, env: frozen_after_reading.append(gc.get_freeze_count()),
                priority=950)
    touch_pages(handbook, 1)
    app.build()
    app.cleanup()
    assert frozen_after_reading and frozen_after_reading[0] > 0
    assert (gc.isenabled(), gc.get_threshold(), gc.get_freeze_count()) == before, \
        "a finished build leaves the collector as it found it"


def test_a_build_that_never_started_its_builder_does_not_leave_the_collector_paused():
    before = (gc.isenabled(), gc.get_threshold())

    class App:  # a build whose builder failed to start: config-inited and nothing after
        pass

    stale, fresh = App(), App()
    collector.pause_while_environment_loads(stale, None)
    assert not gc.isenabled()
    collector.pause_while_environment_loads(fresh, None)  # the next build starts
    collector.resume_once_loaded(fresh)
    collector.restore(fresh, None)
    assert (gc.isenabled(), gc.get_threshold(), gc.get_freeze_count()) == (*before, 0)


def test_a_parallel_reader_sends_back_only_the_records_of_the_pages_it_read(make_app, handbook, tmp_path):
    build(make_app, handbook, fresh=True)
    changed = touch_pages(handbook, 6)
    merged = []

    def spy(app):
        def note(app, env, docnames, other):
            sphinx_tables = set().union(other.tocs, other.toc_num_entries, other.titles,
                                        other.longtitles, other.metadata)
            merged.append((set(docnames), set(other.domaindata["lw"]["documents"]),
                           other.domaindata["lw"]["derived"], sphinx_tables))
        app.connect("env-merge-info", note)

    again = build(make_app, handbook, fresh=False, parallel=2, spy=spy)
    assert merged, "the pages were read in parallel"
    assert set().union(*(docnames for docnames, *_ in merged)) == set(changed)
    for docnames, sent, derived, sphinx_tables in merged:
        assert sent <= docnames, f"a reader sent back records of pages it did not read: {sent - docnames}"
        assert derived is None
        assert sphinx_tables == docnames, f"and Sphinx's tables of other pages: {sphinx_tables - docnames}"
    fresh_src = tmp_path / "fresh"
    shutil.copytree(handbook, fresh_src, ignore=shutil.ignore_patterns("_build"))
    reference = build(make_app, fresh_src, fresh=True)
    assert not differences(written(again.outdir), written(reference.outdir))


def test_a_parallel_build_collects_where_there_is_garbage(make_app, handbook, tmp_path):
    """With -j: the main process collects nothing while it merges the readers' records,
    every forked reader and writer freezes what it inherits and collects its own garbage,
    and full collections are rare while pages are written; all restored after the build."""
    before = (gc.isenabled(), gc.get_threshold(), gc.get_freeze_count())
    main = os.getpid()
    merging, writing = [], []
    workers = tmp_path / "workers.txt"

    def in_worker(app, *args):
        if os.getpid() != main:
            with workers.open("a", encoding="utf-8") as log:
                log.write(f"{gc.isenabled()} {gc.get_freeze_count() > 0}\n")

    def spy(app):
        app.connect("env-merge-info", lambda app, env, docnames, other: merging.append(gc.isenabled()))
        app.connect("doctree-resolved", lambda app, doctree, docname: writing.append(gc.get_threshold()[2]))
        app.connect("source-read", in_worker)
        app.connect("html-page-context", in_worker)

    fresh_src = tmp_path / "serial"
    shutil.copytree(handbook, fresh_src)
    again = build(make_app, handbook, fresh=True, parallel=2, spy=spy)
    assert merging and not any(merging), "the main process merges with the collector paused"
    assert writing and set(writing) == {collector.OLD_THRESHOLD}
    seen = workers.read_text(encoding="utf-8").split("\n")[:-1]
    assert len(seen) > 10 and set(seen) == {"True True"}, set(seen)
    assert (gc.isenabled(), gc.get_threshold(), gc.get_freeze_count()) == before
    reference = build(make_app, fresh_src, fresh=True)
    assert not differences(written(again.outdir), written(reference.outdir))


def test_a_process_forked_during_a_build_freezes_what_it_inherits():
    """As Sphinx forks its -j readers and writers: the child's collections skip the parent's
    objects, and collect although the parent paused its collector to merge."""
    before = (gc.isenabled(), gc.get_threshold(), gc.get_freeze_count())

    class App:
        pass

    app = App()
    collector.pause_while_environment_loads(app, None)
    collector.resume_once_loaded(app)
    collector.pause_while_merging(app, None, [], None)
    try:
        in_flight = [[] for _ in range(1000)]  # the parent's young objects, like doctrees to write
        frozen_before = gc.get_freeze_count()
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child
            os.write(write, f"{gc.isenabled()} {gc.get_freeze_count() - frozen_before}".encode())
            os._exit(0)
        os.waitpid(pid, 0)
        enabled, newly_frozen = os.read(read, 100).decode().split()
        parent_enabled = gc.isenabled()
        os.close(read), os.close(write)
    finally:
        collector.restore(app, None)
    assert len(in_flight) == 1000 and not parent_enabled
    assert enabled == "True", "the child collects its own garbage"
    assert int(newly_frozen) >= 1000, "the child froze what it inherited"
    assert (gc.isenabled(), gc.get_threshold(), gc.get_freeze_count()) == before
