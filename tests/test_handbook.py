"""The real handbook in docs/: strict build, every object exported, quotes checked against the book."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
SEEDCHECK = PROJECT.parent / "shared" / "tools" / "seedcheck.py"


@pytest.fixture(scope="module")
def handbook(handbook_site):
    """The strict build shared with the browser tests (conftest.handbook_site)."""
    return handbook_site


def test_handbook_exports_every_object(handbook):
    objects = json.loads((handbook / "lw-method.json").read_text())["objects"]
    by_type: dict[str, list[dict]] = {}
    for entry in objects:
        by_type.setdefault(entry["type"], []).append(entry)
    assert [s["id"] for s in by_type["story"]] == ["pat", "shaz", "wendy", "linda", "donna", "judd", "trudy", "katie"]
    assert [i["number"] for i in by_type["insight"]] == [1, 2, 3, 4, 5, 6, 7]
    assert sum(len(i["quotes"]) for i in by_type["insight"]) == 29
    assert len(by_type["method"]) == 7
    assert len(by_type["check"]) >= 20
    quotes_per_story = {s["id"]: len(s["quotes"]) for s in by_type["story"]}
    assert min(quotes_per_story.values()) >= 6, quotes_per_story
    cited = {q["id"] for q in by_type["quote"] if q["cited_by"]}
    assert cited == {q for i in by_type["insight"] for q in i["quotes"]}
    assert all(c["methods"] and c["evidence"] for c in by_type["check"])


def test_every_story_page_shows_which_insights_cite_it(handbook):
    for story in ("pat", "shaz", "wendy", "linda", "donna", "judd", "trudy", "katie"):
        assert "Cited in: </strong>" in (handbook / "stories" / f"{story}.html").read_text()


def test_quotes_are_verbatim_and_prose_is_our_own():
    if not SEEDCHECK.is_file():
        pytest.skip("../shared/tools/seedcheck.py is not beside this checkout")
    result = subprocess.run([sys.executable, str(SEEDCHECK), str(PROJECT / "docs")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


METHOD_TEMPLATE = ["Summary", "Why it matters", "When to use it", "Who takes part", "Time and rhythm",
                   "How to run it", "Tools", "Tips and traps", "Adapting it locally", "Evidence"]


@pytest.mark.parametrize("method", ["adopting-and-adapting", "storytelling", "collaboratives",
                                    "collaborative-leadership", "design-teams", "prototyping-labs",
                                    "practice-leadership"])
def test_every_method_page_follows_the_one_template(method):
    source = (PROJECT / "docs" / "approach" / f"{method}.md").read_text(encoding="utf-8")
    headings = [line[3:].strip() for line in source.splitlines() if line.startswith("## ")]
    assert headings == METHOD_TEMPLATE
    assert f":::{{lw:method}} {method}\n" in source
