"""Where a build's time goes: sphinx-build in this process, with the wall time of each
Sphinx event's first emission and the time spent in the steps that grow with a handbook.

    python benchmarks/phases.py -b html -q -c build/bench/scale-100/lw/conf \\
        build/bench/scale-100/lw/docs /tmp/out

The arguments are sphinx-build's.  It prints, after the build, one line per event (seconds
since start), then the steps (total seconds, calls) largest first; a step's time includes the steps
it calls (``write`` holds ``write pages``), then the garbage collector's share.  Times
count from when this script starts, after Python itself has.  Run it on a fresh output directory for a full build, or again after
``generate.edit_story`` for the incremental one.  For a profile of every function, use
``run.py --profile`` (cProfile) instead: it slows the build, this does not.
"""

from __future__ import annotations

import functools
import gc
import pickle
import sys
import time

STARTED = time.perf_counter()

import sphinx.application  # noqa: E402
import sphinx.builders  # noqa: E402
import sphinx.builders.html  # noqa: E402
import sphinx.cmd.build  # noqa: E402
import sphinx.environment  # noqa: E402
from sphinx.events import EventManager  # noqa: E402

#: (owner, method, label) of the steps timed
STEPS = (
    (sphinx.application.Sphinx, "_load_existing_env", "environment load"),
    (sphinx.builders.Builder, "read", "read"),
    (sphinx.builders.Builder, "write", "write"),
    (sphinx.environment.BuildEnvironment, "find_files", "find files"),
    (sphinx.environment.BuildEnvironment, "get_outdated_files", "outdated files"),
    (sphinx.environment.BuildEnvironment, "get_and_resolve_doctree", "resolve doctrees"),
    (sphinx.builders.html.StandaloneHTMLBuilder, "prepare_writing", "prepare writing"),
    (sphinx.builders.html.StandaloneHTMLBuilder, "write_doc", "write pages"),
    (sphinx.builders.html.StandaloneHTMLBuilder, "handle_page", "render templates"),
    (sphinx.builders.html.StandaloneHTMLBuilder, "load_indexer", "search index load"),
    (sphinx.builders.html.StandaloneHTMLBuilder, "dump_search_index", "search index dump"),
    (sphinx.builders.html.StandaloneHTMLBuilder, "dump_inventory", "inventory dump"),
)

#: event name -> seconds at its first emission, in emission order
events: dict[str, float] = {}
steps: dict[str, list] = {}
collections = [0.0, 0]


def _timed(label: str, function):
    @functools.wraps(function)
    def timed(*args, **kwargs):
        begun = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            total = steps.setdefault(label, [0.0, 0])
            total[0] += time.perf_counter() - begun
            total[1] += 1
    return timed


def _instrument() -> None:
    emit = EventManager.emit

    def first_emission(self, name, *args, **kwargs):
        events.setdefault(name, time.perf_counter() - STARTED)
        return emit(self, name, *args, **kwargs)

    EventManager.emit = first_emission
    for owner, method, label in STEPS:
        setattr(owner, method, _timed(label, getattr(owner, method)))
    # the environment and doctrees are pickled with pickle.dump (sphinx.builders)
    pickle.dump = _timed("pickle.dump (environment, doctrees)", pickle.dump)
    begun = [0.0]

    def collector(phase, info):
        if phase == "start":
            begun[0] = time.perf_counter()
        else:
            collections[0] += time.perf_counter() - begun[0]
            collections[1] += 1

    gc.callbacks.append(collector)


def report() -> str:
    lines = [f"{at:8.2f}  {name}" for name, at in events.items()]
    lines.append(f"{time.perf_counter() - STARTED:8.2f}  end")
    for label, (seconds, calls) in sorted(steps.items(), key=lambda item: -item[1][0]):
        lines.append(f"  {seconds:8.2f} s {calls:6d}x  {label}")
    lines.append(f"  {collections[0]:8.2f} s {collections[1]:6d}x  garbage collections (this process)")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    _instrument()
    try:
        return sphinx.cmd.build.main(argv)
    finally:
        print(report())


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
