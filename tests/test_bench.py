"""The build benchmark works: generator and runner at a tiny scale, lw_method beside the
plain-MyST baseline and sphinx-needs.  No timing is asserted."""

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
              "sphinx_navigation_s", "baseline_incremental_s", "baseline_parallel_s",
              "baseline_peak_rss_mb", "needs_s", "needs_incremental_s", "needs_parallel_s",
              "needs_peak_rss_mb", "full_min_s", "needs_min_s", "baseline_min_s"}
SYSTEM_LABELS = ("lw_method", "baseline (MyST)", "sphinx-needs")
#: the lw export's type of each of the needs' types
NEED_TYPES = {"story": "story", "quote": "quote", "insight": "insight", "practice": "method",
              "check": "check"}


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
    assert run["rounds"] == 1 and run["statistic"] == "median"
    for system in ("lw", "baseline", "needs"):
        for measure in ("full", "incremental", "parallel"):
            measured = run["systems"][system][measure]
            assert len(measured["samples"]) == 1
            assert measured["min"] <= measured["median"], (system, measure)
        assert run["systems"][system]["incremental"]["pages_written"] >= 1, system
    for other in ("needs", "baseline"):
        assert set(run[f"lw_over_{other}"]) == {"full", "incremental", "parallel", "peak_rss"}
    assert run["sphinx_navigation_over_needs"] > 0
    assert run["versions"]["sphinx-needs"]


def test_runner_prints_one_table_of_the_three_systems_and_every_target(tiny_run):
    _, done = tiny_run
    report = done.stdout[done.stdout.index("Results:"):]
    table = report[:report.index("Targets:")]
    header = table.splitlines()[2]
    for column in ("full s", "incremental s", "incr./full", "-j 2 s", "-j 2/serial", "peak RSS MB"):
        assert column in header, column
    rows = [re.split(r"\s{2,}", line.strip())[1] for line in table.splitlines()[4:]
            if line.startswith("0.1×")]
    assert rows == [*SYSTEM_LABELS[:1], "lw, Sphinx's navigation", *SYSTEM_LABELS[1:],
                    "lw / sphinx-needs", "lw / baseline", "lw (Sphinx's nav.) / sphinx-needs"]
    verdicts = re.findall(r"^\s+\[\s*(met|MISSED|n/a)\] (.*)$", done.stdout, re.MULTILINE)
    named = " | ".join(name for _, name in verdicts)
    for target in ("overhead", "linear", "10×: incremental", "100×: incremental rebuild ≤ 10%",
                   "100×: incremental rebuild ≤ max(2 s, 3% of a full build)",
                   "0.1×: lw incremental never slower than the baseline's", "100×: -j 2 build ≤ 0.65",
                   "peak memory", "0.1×: lw faster than sphinx-needs", "1×: PDF", "10×: PDF",
                   "PDF growth from 1× to 10×"):
        assert target in named, target


@pytest.mark.parametrize("flavour", ["lw", "baseline", "needs"])
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


def test_needs_handbook_has_the_same_pages_and_objects(tiny_run):
    """The sphinx-needs version: the same pages, one need per lw object, the backlinks shown."""
    out, _ = tiny_run
    root = out / "scale-0.1"
    pages = {flavour: sorted(str(p.relative_to(root / flavour / "docs"))
                             for p in (root / flavour / "docs").rglob("*.md"))
             for flavour in ("lw", "needs")}
    assert pages["needs"] == pages["lw"]
    # the pages the handbooks' sources make (sphinx-needs adds permalink.html, a redirect page)
    html_pages = {flavour: {str(p.relative_to(root / f"html-{flavour}"))
                            for p in (root / f"html-{flavour}").rglob("*.html")
                            if "_sources" not in p.parts and p.name != "permalink.html"}
                  for flavour in ("lw", "needs")}
    assert html_pages["needs"] == html_pages["lw"]

    export = json.loads((root / "html-lw" / "lw-method.json").read_text(encoding="utf-8"))
    lw_types = [o["type"] for o in export["objects"]]
    needs_html = "\n".join(p.read_text(encoding="utf-8") for p in (root / "html-needs").rglob("*.html"))
    needs = re.findall(r'<table class="need needs_grid_\w+ [^"]*needs_type_(\w+)[^"]*" id="([^"]+)"',
                       needs_html)
    assert len({need_id for _, need_id in needs}) == len(needs)
    types = [t for t, _ in needs]
    for need_type, lw_type in NEED_TYPES.items():
        assert types.count(need_type) == lw_types.count(lw_type), need_type
    expected = generate.sizes(0.1)
    assert types.count("excerpt") == expected["excerpts"]
    # the incoming links show on each need: every excerpted quote is "Cited in" its excerpt
    assert needs_html.count(">Cited in: <") == expected["excerpts"]
    readiness = (root / "html-needs" / "readiness" / "index.html").read_text(encoding="utf-8")
    assert readiness.count('<tr class="need row-') == expected["checks"]


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


def fake_run(scale, full, baseline, incremental, rss, **extra) -> dict:
    run = {"scale": scale, "full_s": full, "baseline_s": baseline, "incremental_s": incremental,
           "parallel_s": full, "peak_rss_mb": rss, "baseline_peak_rss_mb": rss,
           "overhead_pct": round(100 * (full / baseline - 1), 1),
           "incremental_pct": round(100 * incremental / full, 1),
           "baseline_incremental_pct": 1.0}
    run.update(extra)
    return run


def test_targets_and_merge(tmp_path):
    verdicts = dict((name, met) for name, met, _ in runner.targets(
        [fake_run(10.0, 10, 10, 2, 100), fake_run(100.0, 120, 100, 5, 2000)]))
    assert [met for name, met in verdicts.items() if "overhead" in name] == [True, False]
    assert [met for name, met in verdicts.items() if "linear" in name] == [False]
    assert [met for name, met in verdicts.items() if "% of a full build" in name
            and "max" not in name] == [True, True]
    assert [met for name, met in verdicts.items() if "memory" in name] == [False]
    # 5 s is more than max(2 s, 3 % of 120 s); -j 2 as slow as serial; no baseline or needs
    # incremental, no PDF measured
    assert [met for name, met in verdicts.items() if "max(2 s" in name] == [False]
    assert [met for name, met in verdicts.items() if "-j 2 build ≤" in name] == [False]
    assert [met for name, met in verdicts.items() if "never slower" in name] == [None, None]
    assert [met for name, met in verdicts.items() if "sphinx-needs" in name] == [None, None]
    assert [met for name, met in verdicts.items() if "PDF" in name] == [None, None, None]

    results = tmp_path / "results.json"
    results.write_text(json.dumps([fake_run(1.0, 1, 1, 1, 1), fake_run(10.0, 9, 9, 1, 1)]),
                       encoding="utf-8")
    merged = runner.merge(results, [fake_run(10.0, 10, 10, 2, 100)])
    assert [(r["scale"], r["full_s"]) for r in merged] == [(1.0, 1), (10.0, 10)]
    # a table of old runs (measured before sphinx-needs was) still prints
    assert "sphinx-needs" not in runner.table(merged) and "lw_method" in runner.table(merged)


def test_issue_18_targets():
    """Incremental ≤ max(2 s, 3 %) and never slower than the baseline's; -j 2 ≤ 0.65 × serial;
    faster than sphinx-needs; the PDF ≤ 1.5 × the baseline's, growing ≤ 11× from 1× to 10×."""
    def run(scale, **extra):
        values = dict(parallel_s=60.0, baseline_incremental_s=3.0, needs_s=150.0,
                      needs_incremental_s=5.0, needs_parallel_s=90.0, needs_peak_rss_mb=900,
                      sphinx_navigation_s=120.0, baseline_parallel_s=70.0)
        found = fake_run(scale, 100.0, 100.0, 2.5, 500, **{**values, **extra})
        runner.derive(found)
        return found

    def verdicts(runs):
        return {name: met for name, met, _ in runner.targets(runs)}

    met = verdicts([run(100.0)])
    assert met["100×: incremental rebuild ≤ max(2 s, 3% of a full build)"] is True   # ≤ 3 s
    assert met["100×: lw incremental never slower than the baseline's incremental (same run)"]
    assert met["100×: -j 2 build ≤ 0.65 × the serial build"] is True                # 0.60
    assert met["100×: lw faster than sphinx-needs (full, incremental and -j 2 builds)"] is True
    missed = verdicts([run(100.0, baseline_incremental_s=2.0, incremental_s=3.5)])
    assert missed["100×: incremental rebuild ≤ max(2 s, 3% of a full build)"] is False
    assert missed["100×: lw incremental never slower than the baseline's incremental (same run)"] \
        is False
    assert verdicts([run(100.0, parallel_s=70.0)])["100×: -j 2 build ≤ 0.65 × the serial build"] \
        is False
    slower = verdicts([run(100.0, needs_parallel_s=50.0)])
    assert slower["100×: lw faster than sphinx-needs (full, incremental and -j 2 builds)"] is False
    # small handbooks: 2 s is the limit
    assert verdicts([fake_run(100.0, 20.0, 20.0, 1.9, 100)])[
        "100×: incremental rebuild ≤ max(2 s, 3% of a full build)"] is True

    pdf = verdicts([run(1.0, pdf_s=30.0, baseline_pdf_s=25.0),
                    run(10.0, pdf_s=300.0, baseline_pdf_s=150.0)])
    assert pdf["1×: PDF (LaTeX build + latexmk) ≤ 1.5 × the baseline's"] is True
    assert pdf["10×: PDF (LaTeX build + latexmk) ≤ 1.5 × the baseline's"] is False
    assert pdf["PDF growth from 1× to 10× ≤ 11×"] is True
    assert verdicts([run(1.0, pdf_s=20.0, baseline_pdf_s=25.0),
                     run(10.0, pdf_s=240.0, baseline_pdf_s=250.0)])[
        "PDF growth from 1× to 10× ≤ 11×"] is False


def test_rounds_interleave_the_systems_and_report_median_and_minimum(tmp_path, monkeypatch):
    """ABCABC…: each round builds every system's full build, then every incremental, then
    every -j 2 build; the medians and minima of the rounds are reported."""
    calls: list[tuple[str, str]] = []
    seconds = iter(range(1, 1000))

    def fake_build(project, outdir, log, *, fresh, jobs=1, profile=None, settings=(),
                   builder="html"):
        kind = "parallel" if jobs > 1 else "navigation" if settings else \
            "full" if fresh else "incremental"
        calls.append((project.name, kind))
        outdir.mkdir(parents=True, exist_ok=True)
        return {"seconds": float(next(seconds)), "rss_mb": 50.0}

    monkeypatch.setattr(runner, "sphinx_build", fake_build)
    run = runner.run_scale(0.1, tmp_path, 3, profile=False)
    one_round = [("lw", "full"), ("baseline", "full"), ("needs", "full"), ("lw", "navigation"),
                 ("lw", "incremental"), ("baseline", "incremental"), ("needs", "incremental"),
                 ("lw", "parallel"), ("baseline", "parallel"), ("needs", "parallel")]
    assert calls == one_round * 3
    # lw's full builds took 1, 11 and 21 s; sphinx-needs' -j 2 builds 10, 20 and 30 s
    assert run["systems"]["lw"]["full"] == {"median": 11.0, "min": 1.0,
                                            "samples": [1.0, 11.0, 21.0], "peak_rss_mb": 50.0}
    assert (run["full_s"], run["full_min_s"]) == (11.0, 1.0)
    assert (run["needs_parallel_s"], run["needs_parallel_min_s"]) == (20.0, 10.0)
    assert run["lw_over_needs"]["full"] == round(11.0 / 13.0, 3)
    assert run["sphinx_navigation_s"] == 14.0


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


def test_phases_reports_the_events_and_steps_of_a_build(tiny_run, tmp_path):
    """benchmarks/phases.py runs a real build and reports its phases (no timings asserted)."""
    out, _ = tiny_run
    project = next(out.glob("scale-*/lw"))
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / "phases.py"), "-b", "html", "-q",
         "-c", str(project / "conf"), str(project / "docs"), str(tmp_path / "html")],
        capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "html" / "index.html").exists()
    lines = done.stdout.splitlines()
    events = [match[1] for line in lines if (match := re.fullmatch(r"\s*[\d.]+  (\S+)", line))]
    assert events[0] == "config-inited" and events[-1] == "end"
    assert events.index("env-updated") < events.index("write-started") < events.index("build-finished")
    assert re.search(r"^\s+[\d.]+ s\s+\d+x  write pages$", done.stdout, re.M)
    assert re.search(r"^\s+[\d.]+ s\s+1x  read$", done.stdout, re.M)
    assert "garbage collections" in lines[-1]
