"""The build benchmark works: generator and runner at a tiny scale.  No timing is asserted."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import generate  # noqa: E402
import run as runner  # noqa: E402

RUN_FIELDS = {"scale", "full_s", "baseline_s", "incremental_s", "parallel_s", "peak_rss_mb",
              "sphinx_navigation_s"}


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """``run.py --tiny`` once for the module: generates 0.1× and runs every build."""
    out = tmp_path_factory.mktemp("bench")
    done = subprocess.run([sys.executable, str(BENCHMARKS / "run.py"), "--tiny", "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return out, done


def test_results_json_has_one_run_with_every_field(tiny_run):
    out, _ = tiny_run
    runs = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert isinstance(runs, list) and len(runs) == 1
    run = runs[0]
    assert RUN_FIELDS <= set(run)
    assert run["scale"] == 0.1
    for name in RUN_FIELDS - {"scale"}:
        assert isinstance(run[name], float) and run[name] > 0, name
    assert run["objects"] == generate.sizes(0.1)


def test_runner_prints_table_and_every_target(tiny_run):
    _, done = tiny_run
    assert "full s" in done.stdout and "baseline s" in done.stdout and "peak RSS MB" in done.stdout
    verdicts = re.findall(r"^\s+\[\s*(met|MISSED|n/a)\] (.*)$", done.stdout, re.MULTILINE)
    named = " | ".join(name for _, name in verdicts)
    for target in ("overhead", "linear", "10×: incremental", "100×: incremental", "peak memory"):
        assert target in named


@pytest.mark.parametrize("flavour", ["lw", "baseline"])
def test_generated_handbook_builds_without_warnings(tiny_run, tmp_path, flavour):
    out, _ = tiny_run
    project = out / "scale-0.1" / flavour
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-n", "-W", "--keep-going",
         "-c", str(project / "conf"), str(project / "docs"), str(tmp_path / "html")],
        capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "WARNING" not in done.stderr and "ERROR" not in done.stderr


def page_stats(outdir: Path) -> dict[str, tuple[int, int]]:
    """Per page: internal links with an anchor, and words of text, in the page body."""
    stats = {}
    for path in sorted(outdir.rglob("*.html")):
        page = str(path.relative_to(outdir))
        if page.startswith(("_", "genindex", "search")):
            continue
        text = path.read_text(encoding="utf-8")
        body = text[text.index('role="main"'):text.index('class="sphinxsidebar"')]
        links = len(re.findall(r'<a class="reference internal" href="[^"]*#', body))
        words = len(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())
        stats[page] = (links, words)
    return stats


def test_baseline_renders_the_same_pages_links_and_text(tiny_run):
    """The baseline mirrors what lw_method renders, so the benchmark measures only its overhead.

    Exact when written; the tolerance leaves room for small changes to lw_method's rendering,
    after which generate.BaselineWriter should be brought back in line.
    """
    out, _ = tiny_run
    lw = page_stats(out / "scale-0.1" / "html-lw")
    baseline = page_stats(out / "scale-0.1" / "html-baseline")
    assert set(lw) == set(baseline)
    for measure in (0, 1):  # links, words
        lw_total = sum(stats[measure] for stats in lw.values())
        baseline_total = sum(stats[measure] for stats in baseline.values())
        assert abs(lw_total - baseline_total) <= 0.05 * lw_total, (measure, lw, baseline)


def test_lw_handbook_has_every_object_and_the_checklist(tiny_run):
    out, _ = tiny_run
    export = json.loads((out / "scale-0.1" / "html-lw" / "lw-method.json").read_text(encoding="utf-8"))
    types = [o["type"] for o in export["objects"]]
    expected = generate.sizes(0.1)
    assert {t: types.count(t) for t in set(types)} == {
        "story": expected["stories"], "quote": expected["quotes"], "insight": expected["insights"],
        "method": expected["methods"], "check": expected["checks"]}
    excerpts = sum(len(o["excerpts"]) for o in export["objects"] if o["type"] == "insight")
    assert excerpts == expected["excerpts"]
    readiness = (out / "scale-0.1" / "html-lw" / "readiness" / "index.html").read_text(encoding="utf-8")
    assert readiness.count('class="lw-checklist-item"') == expected["checks"]


def test_sizes_follow_the_issue():
    assert generate.sizes(1) == {"stories": 8, "quotes": 60, "insights": 7, "excerpts": 29,
                                 "methods": 7, "checks": 20}
    assert generate.sizes(100) == {"stories": 800, "quotes": 6000, "insights": 700,
                                   "excerpts": 2900, "methods": 700, "checks": 2000}


def test_link_density(tmp_path):
    book = generate.generate(tmp_path, 1)
    assert all(7 <= len(s.quotes) <= 8 for s in book.stories)
    assert all(len(i.excerpts) in (4, 5) for i in book.insights)
    lw = tmp_path / "lw" / "docs"
    for method in book.methods:
        page = (lw / f"{method.docname}.md").read_text(encoding="utf-8")
        assert page.count("{lw:quote}") >= 5 and "{lw:insight}" in page and ":insights:" in page
    for story in book.stories:
        page = (lw / f"{story.docname}.md").read_text(encoding="utf-8")
        assert page.count(":::{lw:quote}") == len(story.quotes)
    assert (lw / "readiness" / "index.md").read_text(encoding="utf-8").count("{lw:checklist}") == 1


def test_targets_and_merge(tmp_path):
    def fake(scale, full, baseline, incremental, rss):
        return {"scale": scale, "full_s": full, "baseline_s": baseline, "incremental_s": incremental,
                "parallel_s": full, "peak_rss_mb": rss, "baseline_peak_rss_mb": rss,
                "overhead_pct": round(100 * (full / baseline - 1), 1),
                "incremental_pct": round(100 * incremental / full, 1),
                "baseline_incremental_pct": 1.0}

    verdicts = dict((name, met) for name, met, _ in runner.targets(
        [fake(10.0, 10, 10, 2, 100), fake(100.0, 120, 100, 5, 2000)]))
    assert [met for name, met in verdicts.items() if "overhead" in name] == [True, False]
    assert [met for name, met in verdicts.items() if "linear" in name] == [False]
    assert [met for name, met in verdicts.items() if "incremental" in name] == [True, True]
    assert [met for name, met in verdicts.items() if "memory" in name] == [False]

    results = tmp_path / "results.json"
    results.write_text(json.dumps([fake(1.0, 1, 1, 1, 1), fake(10.0, 9, 9, 1, 1)]), encoding="utf-8")
    merged = runner.merge(results, [fake(10.0, 10, 10, 2, 100)])
    assert [(r["scale"], r["full_s"]) for r in merged] == [(1.0, 1), (10.0, 10)]


def test_growth_target_uses_the_back_to_back_builds_when_measured():
    def run(scale, full_s, **extra):
        return {"scale": scale, "full_s": full_s, "baseline_s": full_s, "overhead_pct": 0.0,
                "incremental_s": 1.0, "incremental_pct": 1.0, "baseline_incremental_pct": 1.0,
                "peak_rss_mb": 100.0, "baseline_peak_rss_mb": 100.0, **extra}

    # measured minutes apart the ratio is 12x; back to back it is 10.5x
    small, large = run(10.0, 8.0), run(100.0, 96.0)
    growth = {name: (met, numbers) for name, met, numbers in runner.targets([small, large])}
    (met, numbers), = [value for name, value in growth.items() if "linear" in name]
    assert met is False and "= 12.0×" in numbers
    large["paired_growth"] = {"small_scale": 10.0, "small_s": [8.8, 9.2], "large_s": 94.5,
                              "growth": 10.5}
    growth = {name: (met, numbers) for name, met, numbers in runner.targets([small, large])}
    (met, numbers), = [value for name, value in growth.items() if "linear" in name]
    assert met is True and "10.50×" in numbers and "separately 96.0 s / 8.0 s = 12.0×" in numbers
