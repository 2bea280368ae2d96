"""What a ``-j`` reader sends back: the records of the pages it read, nothing more.

Sphinx reads in parallel by forking one reader per chunk of pages from the main process,
whose environment already holds every page merged so far; each reader pickles its whole
environment back, and the main process unpickles it and keeps the chunk's pages only. The
lw records of the other pages (at 100× the handbook, half the environment's bytes) would go
back for nothing, once per chunk, and the main process would unpickle them while the readers
wait. A forked reader drops them before it reads its first page: reading a page needs only
that page's own records (what spans pages is derived in the main process, after reading).

Sphinx's own tables of the other pages go too, for the same reason: their tables of contents,
titles and metadata (at 100×, a third of what each reader sent back), which Sphinx's
collectors merge for the chunk's pages only and which reading a page never consults.
Sphinx's domains (labels, citations) stay, so a reader still warns of a label already taken.
"""

from __future__ import annotations

import os

#: the process that started the build, and the reader process that already dropped the rest
_main_process: list[int] = []
_dropped_in: list[int] = []  # one pid: a reader is forked per chunk


def remember_main_process(app) -> None:
    _main_process[:] = [os.getpid()]


def keep_only_pages_read_here(app, docname: str, source: list[str]) -> None:
    """In a forked reader, before its first page: what the main process already has goes."""
    pid = os.getpid()
    if not _main_process or pid == _main_process[0] or pid in _dropped_in:
        return
    _dropped_in[:] = [pid]
    domain = app.env.domains["lw"]
    # the chunk's own pages were cleared before the fork, so every page held here is another's
    domain.data["documents"] = {}
    domain.data["derived"] = None
    env = app.env
    for table in (env.tocs, env.toc_num_entries, env.titles, env.longtitles, env.metadata):
        table.clear()


def setup(app) -> None:
    app.connect("builder-inited", remember_main_process)
    app.connect("source-read", keep_only_pages_read_here, priority=1)
