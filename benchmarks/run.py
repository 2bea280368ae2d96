"""Build benchmark for lw_method: synthetic handbooks at 1×, 10× and 100× the real one.

For each scale the runner generates the handbook twice (``generate.py``: with the
``lw`` directives, and the same content in plain MyST as the baseline) and times,
as separate ``sphinx-build`` processes with ``-n -W --keep-going``:

* ``full_s``         a full HTML build of the lw handbook (fresh output directory);
* ``baseline_s``     a full HTML build of the plain-MyST handbook, same run;
* ``incremental_s``  the lw build again after one sentence was added to one story
                     (and ``baseline_incremental_s``, the same edit in the baseline);
* ``parallel_s``     a full lw build with ``-j 2`` (and ``baseline_parallel_s``);
* ``sphinx_navigation_s`` a full lw build with ``lw_fast_navigation = False``: the
                     sidebar resolved per page by Sphinx, as in the baseline, so that
                     the directives' own cost stays visible;
* ``peak_rss_mb``    the peak resident memory of the full lw build's process tree
                     (``os.wait4`` rusage, MiB).

When 10× and 100× run together, ``paired_growth`` (in the 100× entry) holds full lw
builds of 10×, 100× and 10× again, back to back: this machine's speed drifts by 10-20 %
over minutes, so that ratio, not the one of builds minutes apart, decides the linearity
target (both are printed).

With ``--repeat N`` every build is run N times and the fastest time is kept.
Results go to ``<out>/results.json`` (a list of runs, one per scale; a scale run
again replaces its old entry) and a table with each target met or missed goes to
stdout.  ``--profile`` also writes cProfile files of the lw full and incremental
builds to ``<out>/scale-<S>/profiles/``.

    python benchmarks/run.py                 # 1×, 10× and 100×
    python benchmarks/run.py --scale 10      # one size
    python benchmarks/run.py --tiny          # 0.1×, for the test suite
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import platform
import pstats
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # noqa: E402

DEFAULT_SCALES = (1.0, 10.0, 100.0)
SPHINX_OPTS = ["-b", "html", "-q", "-n", "-W", "--keep-going"]

#: The issue's targets.
MAX_OVERHEAD = 0.15                            # lw vs baseline, every size
MAX_GROWTH_10_TO_100 = 11.0                    # full_s(100×) / full_s(10×)
MAX_INCREMENTAL = {10.0: 0.25, 100.0: 0.10}    # incremental_s / full_s
MAX_RSS_MB = {100.0: 1.5 * 1024}               # peak_rss_mb at 100× (1.5 GiB)


def lw_method_digest() -> str:
    """A short hash of the lw_method package's files: which code a run measured."""
    import lw_method

    package = Path(lw_method.__file__).parent
    digest = hashlib.sha1()
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(package)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def git_commit() -> str:
    try:
        done = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=Path(__file__).parent,
                              capture_output=True, text=True, timeout=10)
    except OSError:
        return ""
    return done.stdout.strip()


# -- running one build --------------------------------------------------------------------------------

class BuildFailed(RuntimeError):
    pass


def sphinx_build(project: Path, outdir: Path, log: Path, *, fresh: bool, jobs: int = 1,
                 profile: Path | None = None, settings: tuple[str, ...] = ()) -> dict:
    """Run sphinx-build as a child process; return wall time, peak RSS and the log."""
    if fresh and outdir.exists():
        shutil.rmtree(outdir)
    command = [sys.executable]
    if profile is not None:
        profile.parent.mkdir(parents=True, exist_ok=True)
        command += ["-m", "cProfile", "-o", str(profile)]
    command += ["-m", "sphinx", *SPHINX_OPTS, "-c", str(project / "conf"),
                str(project / "docs"), str(outdir)]
    if jobs > 1:
        command += ["-j", str(jobs)]
    for setting in settings:
        command += ["-D", setting]
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w", encoding="utf-8") as output:
        busy_before = busy_seconds()
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
        # wait4 gives this child's own rusage: ru_maxrss is the largest RSS of it and its
        # reaped children (the -j workers), in KiB on Linux.
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        busy_after = busy_seconds()
    text = log.read_text(encoding="utf-8")
    if process.returncode != 0 or text.strip():
        raise BuildFailed(f"{' '.join(command)} exited {process.returncode}; "
                          f"warnings or errors (see {log}):\n{text[-3000:]}")
    result = {"seconds": seconds, "rss_mb": usage.ru_maxrss / 1024}
    if busy_before is not None and busy_after is not None:
        # CPU used by anything but this build, as a share of the machine while it ran
        others = busy_after - busy_before - usage.ru_utime - usage.ru_stime
        result["others_cpu"] = max(0.0, others / (seconds * (os.cpu_count() or 1)))
    return result


def busy_seconds() -> float | None:
    """CPU time all processes on the machine have used so far (Linux /proc/stat), or None."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(f) for f in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def html_mtimes(outdir: Path) -> dict[str, int]:
    return {str(p.relative_to(outdir)): p.stat().st_mtime_ns for p in outdir.rglob("*.html")
            if "_sources" not in p.parts}


def incremental(project: Path, outdir: Path, log: Path, book, profile: Path | None = None) -> dict:
    """Edit one story, rebuild, count the pages written, restore the story."""
    before = html_mtimes(outdir)
    path = project / "docs" / f"{book.stories[len(book.stories) // 2].docname}.md"
    original = path.read_text(encoding="utf-8")
    generate.edit_story(project / "docs", book)
    try:
        result = sphinx_build(project, outdir, log, fresh=False, profile=profile)
    finally:
        path.write_text(original, encoding="utf-8")
    after = html_mtimes(outdir)
    result["pages_written"] = sum(1 for page, mtime in after.items() if before.get(page) != mtime)
    return result


# -- one scale ----------------------------------------------------------------------------------------

def scale_label(scale: float) -> str:
    return f"{scale:g}"


def run_scale(scale: float, out: Path, repeat: int, profile: bool,
              theme: str = generate.DEFAULT_THEME) -> dict:
    workdir = out / f"scale-{scale_label(scale)}"
    code_before = lw_method_digest()
    load_before = os.getloadavg()[0]
    generate_started = time.perf_counter()
    book = generate.generate(workdir, scale, theme=theme)
    generate_s = time.perf_counter() - generate_started
    lw, baseline = workdir / "lw", workdir / "baseline"
    logs = workdir / "logs"
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in (lw / "docs").rglob("*.md"))
    pages = sum(1 for _ in (lw / "docs").rglob("*.md"))
    print(f"\n{scale_label(scale)}×: {pages} pages, {words:,} words, {book.counts()} "
          f"(generated in {generate_s:.1f} s)", flush=True)

    samples: dict[str, list[dict]] = {k: [] for k in
                                      ("full", "baseline", "incremental", "baseline_incremental",
                                       "parallel", "baseline_parallel", "sphinx_navigation")}

    def step(name: str, result: dict) -> None:
        samples[name].append(result)
        extra = f", {result['pages_written']} pages written" if "pages_written" in result else ""
        if result.get("others_cpu", 0) > 0.05:
            extra += f", other processes {result['others_cpu']:.0%} CPU"
        print(f"  {name:<21} {result['seconds']:8.2f} s  {result['rss_mb']:7.0f} MB{extra}",
              flush=True)

    for _ in range(repeat):
        step("full", sphinx_build(lw, workdir / "html-lw", logs / "full.log", fresh=True))
        step("baseline", sphinx_build(baseline, workdir / "html-baseline", logs / "baseline.log",
                                      fresh=True))
        step("incremental", incremental(lw, workdir / "html-lw", logs / "incremental.log", book))
        step("baseline_incremental", incremental(baseline, workdir / "html-baseline",
                                                 logs / "baseline-incremental.log", book))
        step("parallel", sphinx_build(lw, workdir / "html-parallel", logs / "parallel.log",
                                      fresh=True, jobs=2))
        step("baseline_parallel", sphinx_build(baseline, workdir / "html-baseline-parallel",
                                               logs / "baseline-parallel.log", fresh=True, jobs=2))
        # lw_method with Sphinx's own per-page sidebar navigation: the directives' cost alone
        step("sphinx_navigation", sphinx_build(lw, workdir / "html-lw-sphinx-navigation",
                                               logs / "sphinx-navigation.log", fresh=True,
                                               settings=("lw_fast_navigation=0",)))

    def best(name: str) -> dict:
        return min(samples[name], key=lambda r: r["seconds"])

    run = {
        "scale": scale,
        "full_s": round(best("full")["seconds"], 3),
        "baseline_s": round(best("baseline")["seconds"], 3),
        "incremental_s": round(best("incremental")["seconds"], 3),
        "parallel_s": round(best("parallel")["seconds"], 3),
        "peak_rss_mb": round(max(r["rss_mb"] for r in samples["full"]), 1),
        "baseline_incremental_s": round(best("baseline_incremental")["seconds"], 3),
        "baseline_parallel_s": round(best("baseline_parallel")["seconds"], 3),
        "sphinx_navigation_s": round(best("sphinx_navigation")["seconds"], 3),
        "baseline_peak_rss_mb": round(max(r["rss_mb"] for r in samples["baseline"]), 1),
        "parallel_peak_rss_mb": round(max(r["rss_mb"] for r in samples["parallel"]), 1),
        "incremental_pages_written": best("incremental")["pages_written"],
        "baseline_incremental_pages_written": best("baseline_incremental")["pages_written"],
        "pages": pages,
        "words": words,
        "objects": book.counts(),
        "repeat": repeat,
        "theme": theme,
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "others_cpu_pct": round(100 * max((r.get("others_cpu", 0.0) for rs in samples.values()
                                            for r in rs), default=0.0), 1),
        "lw_method": code_before,
        "git": git_commit(),
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "sphinx": _sphinx_version(),
        "cpus": os.cpu_count(),
    }
    if run["others_cpu_pct"] > 10:
        print(f"  NOTE: other processes used up to {run['others_cpu_pct']}% of the machine's CPU "
              "during a build: these timings may be inflated", flush=True)
    if lw_method_digest() != code_before:
        run["lw_method_changed_during_run"] = True
        print("  WARNING: lw_method's files changed during this run; its timings mix two versions",
              flush=True)
    run["overhead_pct"] = round(100 * (run["full_s"] / run["baseline_s"] - 1), 1)
    run["sphinx_navigation_overhead_pct"] = round(
        100 * (run["sphinx_navigation_s"] / run["baseline_s"] - 1), 1)
    run["incremental_pct"] = round(100 * run["incremental_s"] / run["full_s"], 1)
    run["baseline_incremental_pct"] = round(100 * run["baseline_incremental_s"] / run["baseline_s"], 1)

    if profile:
        profiles = workdir / "profiles"
        sphinx_build(lw, workdir / "html-lw", logs / "profile-full.log", fresh=True,
                     profile=profiles / "full.prof")
        incremental(lw, workdir / "html-lw", logs / "profile-incremental.log", book,
                    profile=profiles / "incremental.prof")
        sphinx_build(baseline, workdir / "html-baseline", logs / "profile-baseline.log", fresh=True,
                     profile=profiles / "baseline.prof")
        for name in ("full", "incremental", "baseline"):
            print(f"\n--- profile: {name} ({profiles / (name + '.prof')}) ---")
            stats = pstats.Stats(str(profiles / f"{name}.prof"), stream=sys.stdout)
            stats.sort_stats("cumulative").print_stats(25)
    return run


def paired_growth(out: Path, small: float, large: float) -> dict:
    """Full lw builds of two sizes back to back (small, large, small).

    This machine's speed drifts by 10-20 % over minutes, so a ratio of builds run minutes
    apart can be off by that much; here the large build is divided by the mean of the small
    builds just before and after it.
    """
    print(f"\nGrowth from {scale_label(small)}× to {scale_label(large)}×, builds back to back:",
          flush=True)
    timings: dict[str, list[float]] = {"small": [], "large": []}
    for size, scale in (("small", small), ("large", large), ("small", small)):
        workdir = out / f"scale-{scale_label(scale)}"
        result = sphinx_build(workdir / "lw", workdir / "html-lw-paired",
                              workdir / "logs" / "paired.log", fresh=True)
        timings[size].append(round(result["seconds"], 3))
        print(f"  {scale_label(scale)}×{'':<18} {result['seconds']:8.2f} s", flush=True)
    growth = timings["large"][0] / (sum(timings["small"]) / len(timings["small"]))
    return {"small_scale": small, "small_s": timings["small"], "large_s": timings["large"][0],
            "growth": round(growth, 2)}


def _sphinx_version() -> str:
    import sphinx
    return sphinx.__version__


# -- results and targets -----------------------------------------------------------------------------

def merge(path: Path, runs: list[dict]) -> list[dict]:
    """Old results with the same scales replaced by ``runs``, sorted by scale."""
    old: list[dict] = []
    if path.exists():
        try:
            old = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            old = []
    scales = {run["scale"] for run in runs}
    merged = [run for run in old if run.get("scale") not in scales] + runs
    return sorted(merged, key=lambda run: run["scale"])


COLUMNS = (
    ("scale", "scale", lambda r: f"{scale_label(r['scale'])}×"),
    ("pages", "pages", lambda r: f"{r['pages']}"),
    ("full_s", "full s", lambda r: f"{r['full_s']:.2f}"),
    ("baseline_s", "baseline s", lambda r: f"{r['baseline_s']:.2f}"),
    ("overhead", "overhead", lambda r: f"{r['overhead_pct']:+.1f}%"),
    ("sphinx_navigation_s", "Sphinx nav s",
     lambda r: f"{r['sphinx_navigation_s']:.2f} ({r['sphinx_navigation_overhead_pct']:+.1f}%)"
     if "sphinx_navigation_s" in r else "-"),
    ("incremental_s", "incr. s", lambda r: f"{r['incremental_s']:.2f}"),
    ("incremental_pct", "incr./full",
     lambda r: f"{r['incremental_pct']:.1f}% ({r['incremental_pages_written']} p.)"),
    ("baseline_incremental", "base incr./full",
     lambda r: f"{r['baseline_incremental_pct']:.1f}% ({r['baseline_incremental_pages_written']} p.)"),
    ("parallel_s", "-j 2 s", lambda r: f"{r['parallel_s']:.2f}"),
    ("baseline_parallel_s", "base -j 2 s", lambda r: f"{r.get('baseline_parallel_s', 0):.2f}"),
    ("peak_rss_mb", "peak RSS MB", lambda r: f"{r['peak_rss_mb']:.0f}"),
    ("baseline_rss", "base RSS MB", lambda r: f"{r['baseline_peak_rss_mb']:.0f}"),
)


def table(runs: list[dict]) -> str:
    rows = [[label for _key, label, _f in COLUMNS]]
    rows += [[cell(run) for _key, _label, cell in COLUMNS] for run in runs]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = ["  ".join(cell.rjust(width) for cell, width in zip(row, widths)) for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def targets(runs: list[dict]) -> list[tuple[str, bool | None, str]]:
    """(target, met? — None when not measured, the numbers) for every target of the issue."""
    by_scale = {run["scale"]: run for run in runs}
    found: list[tuple[str, bool | None, str]] = []
    for run in runs:
        found.append((f"{scale_label(run['scale'])}×: lw overhead over the baseline ≤ "
                      f"{MAX_OVERHEAD:.0%}", run["overhead_pct"] <= 100 * MAX_OVERHEAD,
                      f"{run['full_s']:.2f} s vs {run['baseline_s']:.2f} s: "
                      f"{run['overhead_pct']:+.1f}%{_with_sphinx_navigation(run)}"))
    small, large = by_scale.get(10.0), by_scale.get(100.0)
    name = f"100× full build ≤ {MAX_GROWTH_10_TO_100:g} × the 10× build (linear)"
    if small and large:
        growth = large["full_s"] / small["full_s"]
        base_growth = large["baseline_s"] / small["baseline_s"]
        versions = "" if small.get("lw_method") == large.get("lw_method") else \
            "; the two sizes were measured on different lw_method files"
        if "sphinx_navigation_s" in small and "sphinx_navigation_s" in large:
            versions += (f"; lw with Sphinx's navigation "
                         f"{large['sphinx_navigation_s'] / small['sphinx_navigation_s']:.1f}×")
        numbers = (f"{large['full_s']:.1f} s / {small['full_s']:.1f} s = {growth:.1f}× "
                   f"(baseline {base_growth:.1f}×){versions}")
        paired = large.get("paired_growth")
        if paired:
            # the figure with the machine's drift cancelled decides; the plain ratio is shown
            growth = paired["growth"]
            numbers = (f"back to back {paired['large_s']:.1f} s / mean("
                       f"{', '.join(f'{t:.1f}' for t in paired['small_s'])}) s = "
                       f"{growth:.2f}×; separately {numbers}")
        found.append((name, growth <= MAX_GROWTH_10_TO_100, numbers))
    else:
        found.append((name, None, "needs both 10× and 100×"))
    for scale, limit in MAX_INCREMENTAL.items():
        name = f"{scale_label(scale)}×: incremental rebuild ≤ {limit:.0%} of a full build"
        run = by_scale.get(scale)
        if run:
            found.append((name, run["incremental_s"] <= limit * run["full_s"],
                          f"{run['incremental_s']:.2f} s = {run['incremental_pct']:.1f}% of "
                          f"{run['full_s']:.2f} s (baseline {run['baseline_incremental_pct']:.1f}%)"))
        else:
            found.append((name, None, "not measured"))
    for scale, limit in MAX_RSS_MB.items():
        name = f"{scale_label(scale)}×: peak memory ≤ {limit:.0f} MB"
        run = by_scale.get(scale)
        if run:
            found.append((name, run["peak_rss_mb"] <= limit,
                          f"{run['peak_rss_mb']:.0f} MB (baseline {run['baseline_peak_rss_mb']:.0f} MB)"))
        else:
            found.append((name, None, "not measured"))
    return found


def _with_sphinx_navigation(run: dict) -> str:
    if "sphinx_navigation_s" not in run:
        return ""
    return (f" (with Sphinx's per-page navigation: {run['sphinx_navigation_s']:.2f} s, "
            f"{run['sphinx_navigation_overhead_pct']:+.1f}%)")


def report(runs: list[dict]) -> str:
    lines = [table(runs), "", "Targets:"]
    for name, met, numbers in targets(runs):
        verdict = {True: "met", False: "MISSED", None: "n/a"}[met]
        lines.append(f"  [{verdict:>6}] {name}: {numbers}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, action="append",
                        help="a size to run (repeatable); default: 1, 10 and 100")
    parser.add_argument("--tiny", action="store_true", help="run only 0.1×, once (for tests)")
    parser.add_argument("--out", type=Path, default=Path("build/bench"),
                        help="work directory; results.json goes here (default build/bench)")
    parser.add_argument("--repeat", type=int, default=None,
                        help="builds per measurement, fastest kept (default: 3 up to 1×, "
                             "2 up to 10×, else 1)")
    parser.add_argument("--theme", default=generate.DEFAULT_THEME,
                        help=f"HTML theme of both handbooks (default {generate.DEFAULT_THEME})")
    parser.add_argument("--profile", action="store_true",
                        help="also profile the lw full and incremental builds with cProfile")
    args = parser.parse_args(argv)
    scales = [0.1] if args.tiny else (args.scale or list(DEFAULT_SCALES))

    runs = []
    for scale in scales:
        repeat = args.repeat or (1 if args.tiny else 3 if scale <= 1 else 2 if scale <= 10 else 1)
        try:
            runs.append(run_scale(scale, args.out, repeat, args.profile, args.theme))
        except BuildFailed as failure:
            print(f"\nBuild failed at {scale_label(scale)}×: {failure}", file=sys.stderr)
            return 1

    by_scale = {run["scale"]: run for run in runs}
    if 10.0 in by_scale and 100.0 in by_scale:
        try:
            by_scale[100.0]["paired_growth"] = paired_growth(args.out, 10.0, 100.0)
        except BuildFailed as failure:
            print(f"\nBuild failed in the paired growth run: {failure}", file=sys.stderr)
            return 1

    args.out.mkdir(parents=True, exist_ok=True)
    results = args.out / "results.json"
    merged = merge(results, runs)
    results.write_text(json.dumps(merged, indent=2) + "\n", encoding="utf-8")
    print(f"\nResults: {results}\n")
    print(report(merged))
    return 0


if __name__ == "__main__":
    sys.exit(main())
