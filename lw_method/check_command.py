"""``lw-method check``: every problem in a handbook, one line each, without writing a site.

Builds with Sphinx's ``dummy`` builder (everything is read and resolved, nothing
written), turns each warning into ``file:line: [type.subtype] message``, then
adds the coverage gaps an editor should review (``suppress_warnings`` silences them like
any warning: ``lw.coverage-quote``…).  ``--format github`` prints each line as a GitHub
Actions annotation, so a site's CI marks the file and line.
"""

from __future__ import annotations

import io
import re
import sys
import tempfile
from pathlib import Path

from sphinx.util.logging import is_suppressed_warning

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
        suppressed = list(app.config.suppress_warnings)
        gaps = [gap for gap in domain.derived.gaps
                if not is_suppressed_warning("lw", gap.problem.subtype, suppressed)]
        lines = warning_lines(warnings.getvalue())
        for gap in gaps:
            docname, lineno = gap.problem.location
            lines.append(f"{_relative(str(env.doc2path(docname)))}:{lineno}: "
                         f"[lw.{gap.problem.subtype}] {gap.problem.message}")
    return lines


_LINE = re.compile(r"^(?P<file>.*?):(?P<line>\d*): \[(?P<type>[^\]]+)\] (?P<message>.*)$")


def github_annotation(line: str) -> str:
    """A ``file:line: [type] message`` line as a GitHub Actions warning annotation."""
    match = _LINE.match(line)
    if match is None:
        return f"::warning::{_escape_data(line)}"
    where = f"file={_escape_property(match['file'])}"
    if match["line"]:
        where += f",line={match['line']}"
    return f"::warning {where},title={_escape_property(match['type'])}::{_escape_data(match['message'])}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def main(source: str, conf: str | None, output_format: str = "text") -> int:
    try:
        lines = check(Path(source), Path(conf) if conf else None)
    except BuildStopped as stopped:
        print(f"lw-method check: {stopped}", file=sys.stderr)
        return 2
    for line in lines:
        print(github_annotation(line) if output_format == "github" else line)
    return 1 if lines else 0
