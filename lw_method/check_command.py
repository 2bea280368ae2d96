"""``lw-method check``: every problem in a handbook, one line each, without writing a site.

Builds with Sphinx's ``dummy`` builder (everything is read and resolved, nothing
written), turns each warning into ``file:line: [type.subtype] message``, then
adds the coverage gaps an editor should review.
"""

from __future__ import annotations

import io
import re
import sys
import tempfile
from pathlib import Path

from .sphinx_run import BuildStopped, relative_path as _relative, run_sphinx

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_WARNING = re.compile(r"^(?P<location>.*?):? ?(?:WARNING|ERROR|CRITICAL): (?P<message>.*?)"
                      r"(?: \[(?P<type>[A-Za-z0-9_.-]+)\])?$")



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


# -- running Sphinx, with whatever stops it located ---------------------------------------------


def check(source: Path, conf: Path | None = None) -> list[str]:
    """Every warning of a strict build, then every coverage gap."""
    warnings = io.StringIO()
    with tempfile.TemporaryDirectory(prefix="lw-check-") as scratch:
        app = run_sphinx(source, conf, Path(scratch) / "out", Path(scratch) / "doctrees", "dummy",
                         overrides={"nitpicky": True}, strict=False, status=None, warning=warnings,
                         freshenv=True)
        env = app.env
        domain = env.domains["lw"]
        gaps = domain.derived.gaps
        lines = warning_lines(warnings.getvalue())
        for gap in gaps:
            docname, lineno = gap.problem.location
            lines.append(f"{_relative(str(env.doc2path(docname)))}:{lineno}: "
                         f"[lw.{gap.problem.subtype}] {gap.problem.message}")
    return lines


def main(source: str, conf: str | None) -> int:
    try:
        lines = check(Path(source), Path(conf) if conf else None)
    except BuildStopped as stopped:
        print(f"lw-method check: {stopped}", file=sys.stderr)
        return 2
    for line in lines:
        print(line)
    return 1 if lines else 0
