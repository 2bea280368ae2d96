"""Python's cyclic garbage collector during a build: kept off what lives for the whole build.

A large handbook's build holds a million long-lived objects (the environment's records,
tables of contents and titles, the doctrees waiting to be written), and Python's full
collections walk all of them again and again although none is garbage before the build ends:
at 100× the benchmark handbook they took 11 of 58 s of a full build, 22 of 54 s with ``-j 2``,
and most of the time an incremental build spent loading the pickled environment (0.55 of
0.75 s). So, for the length of a build:

- the collector is paused while the pickled environment loads (``config-inited`` to
  ``builder-inited``: nothing there is garbage);
- what is alive once the environment is loaded, and again once reading is done, is frozen
  (:func:`gc.freeze`): later collections skip it, and the ``-j`` workers Sphinx forks do not
  copy its memory by touching it, as Python's documentation advises before a fork;
- young objects are collected less often (every 10,000 allocations rather than 700), which
  keeps a page's short-lived garbage a little longer and halves the collector's time;
- with ``-j``, the main process collects nothing while it merges what the readers send back
  (``env-merge-info`` to ``env-updated``: the merged records live for the whole build, the
  readers' envelopes are a few megabytes of garbage, collected once when reading ends); at
  100× the benchmark handbook its full collections took 10 of the 14 s it spent reading;
- every process Sphinx forks for ``-j`` freezes what it inherits as its first act, so its
  collections walk only what it makes itself (at 100×: 17 s of collections in the 40 forked
  processes, mostly walking the main process's heap);
- full collections come ten times less often: a build's garbage is mostly doctrees, which
  Sphinx holds all at once anyway (a serial build keeps every page it read until it is
  written; with ``-j`` the pages wait for the writer), so collecting them sooner lowers no
  peak, and each full collection walks the whole heap again: at 100×, 8 of 106 s of a
  serial build and 9 of the 12 s the ``-j 2`` main process spent collecting while it wrote,
  for the same peak memory;
- when the build ends all is unfrozen and the thresholds restored, so what a finished build
  leaves is collected as usual (the test suite builds hundreds of projects in one process);
- at interpreter exit what is left is frozen, so shutdown does not walk the last build's
  objects only to free memory the operating system is about to take back.

Reference counting still frees what is dropped at once; only garbage in cycles waits.
"""

from __future__ import annotations

import atexit
import gc
import os

#: allocations between collections of the youngest generation during a build (Python: 700)
YOUNG_THRESHOLD = 10_000
#: collections of the middle generation between full ones during a build (Python: 10)
OLD_THRESHOLD = 100

#: per build (by app): the collector's state before it, restored when the build ends
_before: dict[int, tuple[bool, tuple[int, int, int]]] = {}
#: builds whose main process pauses the collector while it merges the -j readers' records
_merging: set[int] = set()


def pause_while_environment_loads(app, config) -> None:
    if id(app) in _before:
        return
    for stale in list(_before):  # a build that failed before its builder started
        _restore(stale)
    _before[id(app)] = (gc.isenabled(), gc.get_threshold())
    gc.disable()


def resume_once_loaded(app) -> None:
    """The environment is loaded: keep it out of later collections, and collect again."""
    state = _before.get(id(app))
    if state is None:
        return
    enabled, (young, middle, old) = state
    gc.freeze()
    gc.set_threshold(max(young, YOUNG_THRESHOLD), middle, max(old, OLD_THRESHOLD))
    if enabled:
        gc.enable()


def pause_while_merging(app, env, docnames, other) -> None:
    """A ``-j`` reader's records are merged: all of them live until the build ends."""
    if id(app) in _before and id(app) not in _merging and gc.isenabled():
        _merging.add(id(app))
        gc.disable()


def freeze_what_was_read(app, env) -> None:
    """After reading, the environment holds every page's data until the build ends."""
    if id(app) not in _before:
        return
    if id(app) in _merging:  # the readers' envelopes, once; then collect as before
        _merging.discard(id(app))
        gc.collect()
        gc.enable()
    gc.freeze()


def _in_forked_worker() -> None:
    """A ``-j`` reader or writer, forked during a build: what it inherits is not its garbage."""
    if not _before:
        return
    gc.freeze()
    if _merging:  # the main process paused the collector for itself, not for its readers
        gc.enable()


def restore(app, exception) -> None:
    _restore(id(app))


def _restore(build: int) -> None:
    state = _before.pop(build, None)
    _merging.discard(build)
    if state is None:
        return
    enabled, threshold = state
    gc.unfreeze()
    gc.set_threshold(*threshold)
    (gc.enable if enabled else gc.disable)()


def setup(app) -> None:
    app.connect("config-inited", pause_while_environment_loads, priority=1)
    app.connect("builder-inited", resume_once_loaded, priority=1)
    app.connect("env-merge-info", pause_while_merging, priority=1)
    app.connect("env-updated", freeze_what_was_read, priority=900)
    app.connect("build-finished", restore, priority=1000)


atexit.register(gc.freeze)
os.register_at_fork(after_in_child=_in_forked_worker)
