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
- when the build ends all is unfrozen and the thresholds restored, so what a finished build
  leaves is collected as usual (the test suite builds hundreds of projects in one process);
- at interpreter exit what is left is frozen, so shutdown does not walk the last build's
  objects only to free memory the operating system is about to take back.

Reference counting still frees what is dropped at once; only garbage in cycles waits.
"""

from __future__ import annotations

import atexit
import gc

#: allocations between collections of the youngest generation during a build (Python: 700)
YOUNG_THRESHOLD = 10_000

#: per build (by app): the collector's state before it, restored when the build ends
_before: dict[int, tuple[bool, tuple[int, int, int]]] = {}


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
    enabled, (young, *older) = state
    gc.freeze()
    gc.set_threshold(max(young, YOUNG_THRESHOLD), *older)
    if enabled:
        gc.enable()


def freeze_what_was_read(app, env) -> None:
    """After reading, the environment holds every page's data until the build ends."""
    if id(app) in _before:
        gc.freeze()


def restore(app, exception) -> None:
    _restore(id(app))


def _restore(build: int) -> None:
    state = _before.pop(build, None)
    if state is None:
        return
    enabled, threshold = state
    gc.unfreeze()
    gc.set_threshold(*threshold)
    (gc.enable if enabled else gc.disable)()


def setup(app) -> None:
    app.connect("config-inited", pause_while_environment_loads, priority=1)
    app.connect("builder-inited", resume_once_loaded, priority=1)
    app.connect("env-updated", freeze_what_was_read, priority=900)
    app.connect("build-finished", restore, priority=1000)


atexit.register(gc.freeze)
