"""One way to warn: located, typed ``lw.<subtype>``, so ``suppress_warnings`` can name it."""

from __future__ import annotations

import ast
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger("lw_method")

#: Every warning subtype the extension emits, documented in the README.
SUBTYPES = {
    "bad-id": "an id that is not a lowercase slug",
    "bad-value": "an option value of the wrong form (a number, a list of ids)",
    "duplicate-id": "two objects of one type share an id",
    "missing-option": "a required option is absent",
    "unknown-option": "an option the directive does not take",
    "unknown-id": "a link or option names an id that no object has",
    "no-story": "a quote with no story on its page, no :story: and no :speaker:",
    "no-insight": "an excerpt with no insight on its page and no :insight:",
    "one-per-page": "a second story or insight on one page",
    "consent": "a story with no :consent:",
    "fidelity": "an excerpt that is not a faithful cut of its quote",
    "raw-html": "raw HTML in a source, which never reaches a page",
    "duplicate-option": "an option given twice to one directive",
    "duplicate-number": "two insights that share a number",
    "self-reference": "an object that names itself, e.g. a method in its own :related:",
    "nesting": "an lw directive inside another lw object",
    "unexpected-content": "an argument or body given to a directive that takes none",
    "anchor-clash": "an object's anchor that another id on the page also produces",
    "bad-source": "a source file that cannot be read as UTF-8 text",
    "bad-config": "a configuration value of the wrong form",
    "stray-option": "option lines read as body text, because the option block ended before them",
    "withheld": "internal content that the public edition leaves out, and how",
    "readiness": "an answers file of lw:readiness-report that cannot be read, or names no check",
    "unknown-handbook": "an id prefixed with a handbook name that lw_handbooks does not declare",
    "handbook-unavailable": "a declared handbook whose export cannot be read, fetched or used",
    "ambiguous-id": "(info) a plain id two declared handbooks define; it links to the first",
}


def warn(message: str, location, subtype: str) -> None:
    """Warn about the author's input at ``location`` (a node or ``(docname, lineno)``)."""
    assert subtype in SUBTYPES, subtype
    logger.warning(message, location=location, type="lw", subtype=subtype)


def fail(app, message: str, location, subtype: str) -> None:
    """An error that fails the build whatever ``-W`` says: for what must never be published.

    Logged like a warning (located, typed) and sets the build's exit status, so a build
    without ``-W`` fails too; no traceback, because the author's input is at fault.
    """
    assert subtype in SUBTYPES, subtype
    logger.error(message, location=location, type="lw", subtype=subtype)
    app.statuscode = 1


def assignment_line(conf_file: Path, name: str) -> int:
    """The line where conf.py last sets ``name`` (1 when it never does): where to locate a
    message about a configuration value."""
    tree = ast.parse(Path(conf_file).read_bytes())
    lines = [node.lineno for node in ast.walk(tree)
             if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign))
             and any(isinstance(t, ast.Name) and t.id == name
                     for t in (node.targets if isinstance(node, ast.Assign) else [node.target]))]
    return max(lines, default=1)

