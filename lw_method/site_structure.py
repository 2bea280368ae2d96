"""What every page shows of the whole site, so that an incremental build equals a fresh one.

Every page's sidebar lists the toctrees with their pages' titles, and its previous and
next links name the pages either side; ``{doc}`` links show the linked page's title.
Sphinx writes again only the pages that were read (and a changed page's toctree
parents), so after a title changes or a page is added, removed or moved, the other
pages keep the old navigation, and a deleted page's output stays published.  This
module gives each build a digest of that site structure: when it changes, every page is
written again; the output of a page whose source was deleted is removed.
"""

from __future__ import annotations

import hashlib
import weakref
from pathlib import Path

_removed_pages: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def structure_digest(env, withheld: frozenset[str]) -> str:
    """A digest of the toctrees, every page's title and which pages are withheld."""
    parts = [repr(sorted((parent, tuple(children)) for parent, children in env.toctree_includes.items()))]
    parts += [f"{doc}\0{env.titles[doc].astext() if doc in env.titles else ''}"
              for doc in sorted(env.found_docs | set(withheld))]
    parts.append(repr(sorted(withheld)))
    return hashlib.sha1("\n".join(parts).encode("utf-8")).hexdigest()


def pages_to_rewrite(env, previous: str | None, current: str) -> set[str]:
    """Every page when the structure changed since the last build; otherwise none."""
    if previous is None or previous == current:
        return set()
    return set(env.found_docs)


def remember_removed_pages(app, env, added, changed, removed) -> list[str]:
    """Keep which pages' sources were deleted, to remove their output when the build ends."""
    _removed_pages[app] = set(removed)
    return []


def page_file(app, docname: str) -> Path | None:
    """The file an HTML builder writes ``docname`` to, relative to the output folder
    (``stories/pia.html``, or ``stories/pia/index.html`` for dirhtml); ``None`` for a
    builder that writes no file per page."""
    if app.builder.format != "html":
        return None
    try:
        target = app.builder.get_target_uri(docname).split("#")[0]
    except Exception:  # singlehtml and others: one file for every page
        return None
    return Path(target) / "index.html" if target.endswith("/") or target == "" else Path(target)


def remove_output_of_removed_pages(app, exception) -> None:
    """Delete the page and copied source that a deleted page left in an HTML output folder."""
    removed = _removed_pages.pop(app, set())
    if exception is not None or app.builder.format != "html" or not removed:
        return
    outdir = Path(app.outdir)
    for doc in sorted(removed):
        page = page_file(app, doc)
        if page is not None:
            (outdir / page).unlink(missing_ok=True)
        for source in (outdir / "_sources").glob(f"{doc}.*"):
            source.unlink()


def drop_search_terms_of_removed_pages(app) -> list:
    """Drop the search terms that no page in the index has any more.

    When Sphinx prunes the pages an incremental build removed (or a public build withholds)
    from the loaded search index, each term keeps an empty list of pages: the words of a
    deleted or withheld page would stay in ``searchindex.js``.  Runs on
    ``html-collect-pages``, after every page was indexed and before the index is written.
    """
    indexer = getattr(app.builder, "indexer", None)
    if indexer is None:
        return []
    indexer.prune(app.env.all_docs)
    for mapping in (getattr(indexer, "_mapping", {}), getattr(indexer, "_title_mapping", {})):
        for term in [term for term, docnames in mapping.items() if not docnames]:
            del mapping[term]
    return []
