"""An incremental build writes exactly what a fresh build of the edited project writes.

For each kind of edit an editor makes, ``test-incremental`` is built, edited and built
again in the same folders; a copy is edited and built fresh; then **every written file**
is compared byte for byte: the HTML pages, ``searchindex.js``, ``lw-method.json`` and the
LaTeX, serial and with two processes.
"""

from __future__ import annotations

import difflib
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

_clock = [0.0]


def write(path: Path, text: str) -> None:
    """Write ``text`` with a modification time later than any before and than the last
    build's reading, as an editor's save."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    _clock[0] = max(_clock[0], time.time()) + 2
    os.utime(path, (_clock[0], _clock[0]))


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    write(path, text.replace(old, new, 1))


def delete_page(src: Path, docname: str) -> None:
    (src / f"{docname}.md").unlink()
    replace(src / "index.md", f"{docname}\n", "")


def add_page(src: Path, docname: str, text: str) -> None:
    write(src / f"{docname}.md", text)
    replace(src / "index.md", "plain\n", f"plain\n{docname}\n")


EXCERPT = ":::{lw:excerpt} ana-second\n:::\n"
CHECK = ":::{lw:check} tea-brewed\n:area: Operations\n:methods: tea-circle\n:evidence: ana-second\nThe tea is brewed.\n:::\n"

BUDGET_CHECK = (":::{lw:check} budget-shared\n:area: Commissioning\n:methods: tea-circle\n"
                ":evidence: ben-budget\nBudgets are pooled across organisations.\n:::\n")

EDITS: dict[str, Callable[[Path], None]] = {
    "insight page title": lambda s: replace(s / "insights/one.md", "# Tea builds trust", "# Tea and trust"),
    "insight title option": lambda s: replace(s / "insights/one.md", ":title: Tea builds trust.",
                                              ":title: Tea brings trust."),
    "quote role on a method page": lambda s: replace(s / "methods/walk.md", ":::\n",
                                                     ":::\n\nAs {lw:quote}`cai-second` says.\n"),
    "storyteller renamed": lambda s: replace(s / "stories/ana.md", ":name: Ana", ":name: Anabel"),
    "insight renumbered": lambda s: replace(s / "insights/two.md", ":number: 2", ":number: 3"),
    "quote renamed": lambda s: (replace(s / "stories/cai.md", "{lw:quote} cai-second", "{lw:quote} cai-later")),
    "check moved to a new area": lambda s: replace(s / "readiness.md", ":area: Commissioning",
                                                   ":area: Money"),
    "story page deleted": lambda s: delete_page(s, "stories/ben"),
    "insight page deleted": lambda s: delete_page(s, "insights/two"),
    "excerpt added": lambda s: write(s / "insights/two.md",
                                     (s / "insights/two.md").read_text() + "\n" + EXCERPT),
    "excerpt removed": lambda s: replace(s / "insights/one.md", ":::{lw:excerpt} ben-budget\n:::\n", ""),
    "check added": lambda s: write(s / "methods/tea.md", (s / "methods/tea.md").read_text() + "\n" + CHECK),
    "check removed": lambda s: replace(s / "readiness.md", BUDGET_CHECK, ""),
    "method's insights changed": lambda s: replace(s / "methods/tea.md", ":insights: insight-one",
                                                   ":insights: insight-one, insight-two"),
    "toctree entry added": lambda s: add_page(s, "later", "# Later\n\nA page added later.\n"),
    "toctree entry removed": lambda s: replace(s / "index.md", "plain\n", ""),
    "quote's themes changed": lambda s: replace(s / "stories/ana.md", ":themes: trust, kettle",
                                                ":themes: warmth"),
    "story made internal": lambda s: replace(s / "stories/cai.md", ":consent: Shared with consent",
                                             ":consent: Shared with consent\n:visibility: internal"),
    "quote's words changed": lambda s: replace(s / "stories/ana.md", "We started with the kettle",
                                               "We began with the kettle"),
}

ROOT = "test-incremental"


def build(make_app, srcdir: Path, builder: str, parallel: int, fresh: bool):
    app = make_app(builder, srcdir=srcdir, parallel=parallel, freshenv=fresh)
    app.build()
    app.cleanup()  # unregister global docutils state before the next app
    return app


def written(outdir: Path) -> dict[str, bytes]:
    """Every file a build wrote, by path; Sphinx's build-info stamp is not content."""
    return {str(p.relative_to(outdir)): p.read_bytes() for p in sorted(outdir.rglob("*"))
            if p.is_file() and p.name not in (".buildinfo", ".buildinfo.bak")}


def differences(incremental: dict[str, bytes], fresh: dict[str, bytes]) -> list[str]:
    found = []
    for name in sorted(set(incremental) | set(fresh)):
        a, b = incremental.get(name), fresh.get(name)
        if a == b:
            continue
        if a is None or b is None:
            found.append(f"{name}: only in the {'fresh' if a is None else 'incremental'} build")
            continue
        diff = difflib.unified_diff(b.decode(errors="replace").splitlines(),
                                    a.decode(errors="replace").splitlines(), "fresh", "incremental",
                                    n=0, lineterm="")
        found.append(f"{name}:\n" + "\n".join(list(diff)[2:8]))
    return found


@pytest.mark.parametrize(("builder", "parallel"), [("html", 1), ("html", 2), ("latex", 1)],
                         ids=["html", "html-j2", "latex"])
@pytest.mark.parametrize("edit", list(EDITS))
def test_an_incremental_build_equals_a_fresh_one(make_app, rootdir, tmp_path, edit, builder, parallel):
    incremental = tmp_path / "incremental"
    shutil.copytree(rootdir / ROOT, incremental)
    first = build(make_app, incremental, builder, parallel, fresh=True)
    assert first.statuscode == 0
    EDITS[edit](incremental)
    again = build(make_app, incremental, builder, parallel, fresh=False)

    fresh = tmp_path / "fresh"
    shutil.copytree(rootdir / ROOT, fresh)
    EDITS[edit](fresh)
    reference = build(make_app, fresh, builder, 1, fresh=True)

    assert again.statuscode == reference.statuscode == 0, again.warning.getvalue()
    found = differences(written(again.outdir), written(reference.outdir))
    assert not found, "\n\n".join(found)
