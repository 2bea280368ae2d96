"""``lw-method check``: every problem in a handbook, one line each, without writing a site.

Builds with Sphinx's ``dummy`` builder (everything is read and resolved, nothing
written), turns each warning into ``file:line: [type.subtype] message``, then
adds the coverage gaps an editor should review.
"""

from __future__ import annotations

import io
import os
import re
import sys
import tempfile
from pathlib import Path

from sphinx.application import Sphinx

from .coverage import coverage

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_WARNING = re.compile(r"^(?P<location>.*?):? ?(?:WARNING|ERROR|CRITICAL): (?P<message>.*?)"
                      r"(?: \[(?P<type>[A-Za-z0-9_.-]+)\])?$")


def _relative(path: str) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return path


def warning_lines(text: str) -> list[str]:
    """Sphinx's warning stream as ``file:line: [type] message`` lines."""
    lines: list[str] = []
    for raw in _ANSI.sub("", text).splitlines():
        match = _WARNING.match(raw)
        if match is None:
            if raw.strip() and lines:  # a continuation of the previous warning
                lines[-1] += " " + raw.strip()
            continue
        location = match.group("location")
        path, _, line = location.rpartition(":") if re.search(r":\d+$", location) else (location, "", "")
        where = f"{_relative(path)}:{line}" if line else (_relative(path) or "(project)")
        lines.append(f"{where}: [{match.group('type') or 'warning'}] {match.group('message')}")
    return lines


def check(source: Path, conf: Path | None = None) -> list[str]:
    """Every warning of a strict build, then every coverage gap."""
    warnings = io.StringIO()
    with tempfile.TemporaryDirectory(prefix="lw-check-") as scratch:
        app = Sphinx(str(source), str(conf or source), str(Path(scratch) / "out"),
                     str(Path(scratch) / "doctrees"), "dummy", confoverrides={"nitpicky": True},
                     status=None, warning=warnings, freshenv=True, keep_going=True)
        app.build()
        env = app.env
        domain = env.domains["lw"]
        gaps = coverage(domain.derived, domain.documents)
        lines = warning_lines(warnings.getvalue())
        for gap in gaps:
            docname, lineno = gap.problem.location
            lines.append(f"{_relative(str(env.doc2path(docname)))}:{lineno}: "
                         f"[lw.{gap.problem.subtype}] {gap.problem.message}")
    return lines


def main(source: str, conf: str | None) -> int:
    source_dir = Path(source)
    if not source_dir.is_dir():
        print(f"lw-method check: no such folder: {source}", file=sys.stderr)
        return 2
    conf_dir = Path(conf) if conf else source_dir
    if not (conf_dir / "conf.py").is_file():
        print(f"lw-method check: no conf.py in {conf_dir} (give the folder with -c)", file=sys.stderr)
        return 2
    lines = check(source_dir, conf_dir)
    for line in lines:
        print(line)
    return 1 if lines else 0
