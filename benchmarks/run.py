"""Build benchmark for lw_method: synthetic handbooks at 1×, 10× and 100× the real one,
beside its peer sphinx-needs and a plain-MyST baseline.

For each scale the runner generates the handbook three times (``generate.py``: with the
``lw`` directives, the same content in plain MyST as the baseline, and the same content
for sphinx-needs) and times, as separate ``sphinx-build`` processes with
``-n -W --keep-going``, for each of the three systems:

* ``full``         a full HTML build (fresh output directory);
* ``incremental``  the build again after one sentence was added to one story (the same
                   edit in every system), with the number of pages written;
* ``parallel``     a full build with ``-j 2``;
* peak memory      the peak resident memory of the full build's process tree
                   (``os.wait4`` rusage, MiB);

and ``sphinx_navigation``, a full lw build with ``lw_fast_navigation = False``: the sidebar
resolved per page by Sphinx, as in the other two, so that the directives' own cost stays
visible (compared with sphinx-needs as well as with the baseline).

The systems are built interleaved, in rounds (``--rounds N``, default 3): each round builds
every system's full build one after the other, then every incremental build, then every
``-j 2`` build, so that the machine's drift over minutes falls on all three alike.  Each
measurement reports the median and the minimum of its rounds; the medians decide the
targets.

When 10× and 100× run together, ``paired_growth`` (in the 100× entry) holds full lw
builds of 10×, 100× and 10× again, back to back: this machine's speed drifts by 10-20 %
over minutes, so that ratio, not the one of builds minutes apart, decides the linearity
target (both are printed).

``--pdf`` also times the PDF of each system (Sphinx's LaTeX builder, then latexmk with
xelatex), in rounds as above, for the PDF targets at 1× and 10×; not at 100×, where the
PDFs of the three systems would take most of an hour per round and no target asks for them.

Results go to ``<out>/results.json`` (a list of runs, one per scale; a scale run again
replaces its old entry) and one table of all three systems, with each target met or
missed, goes to stdout.  ``--profile`` also writes cProfile files of the lw full and
incremental builds, the baseline's and sphinx-needs' full builds to
``<out>/scale-<S>/profiles/``.

    python benchmarks/run.py                 # 1×, 10× and 100×
    python benchmarks/run.py --scale 10      # one size
    python benchmarks/run.py --tiny          # 0.1×, one round, for the test suite
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
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # noqa: E402

DEFAULT_SCALES = (1.0, 10.0, 100.0)
DEFAULT_ROUNDS = 3
SPHINX_OPTS = ["-q", "-n", "-W", "--keep-going"]

#: The systems built side by side: key (the project's folder), label in the table.
SYSTEMS = (("lw", "lw_method"), ("baseline", "baseline (MyST)"), ("needs", "sphinx-needs"))
LABELS = dict(SYSTEMS)
#: Result-key prefix of each system: lw's keys are the old ones (full_s, incremental_s, ...).
PREFIX = {"lw": "", "baseline": "baseline_", "needs": "needs_"}
#: HTML measurements: (name, what is timed)
MEASURES = ("full", "incremental", "parallel")

#: The issue's targets.
MAX_OVERHEAD = 0.15                            # lw vs baseline, every size
MAX_GROWTH_10_TO_100 = 11.0                    # full_s(100×) / full_s(10×)
MAX_INCREMENTAL = {10.0: 0.25, 100.0: 0.10}    # incremental_s / full_s
MAX_PDF_SCALE = 10.0                           # --pdf times the PDFs up to this size
MAX_RSS_MB = {100.0: 1.5 * 1024}               # peak_rss_mb at 100× (1.5 GiB)
#: issue 18: incremental at 100× at most max(2 s, 3 % of a full build) ...
MAX_INCREMENTAL_ABSOLUTE = {100.0: (2.0, 0.03)}
#: ... and -j 2 at 100× at most 0.65 of the serial build
MAX_PARALLEL_RATIO = {100.0: 0.65}
#: issue 18's PDF targets: lw's PDF (LaTeX build + latexmk) at most 1.5× the baseline's at
#: 1× and 10×, and growing at most 11× from 1× to 10×
MAX_PDF_OVER_BASELINE = 1.5
PDF_SCALES = (1.0, 10.0)
MAX_PDF_GROWTH = 11.0


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


def compile_lw_method() -> None:
    """Byte-compile lw_method as pip does for an installed package: an editable install run
    with PYTHONDONTWRITEBYTECODE would otherwise compile it in every measured build."""
    import compileall

    import lw_method

    compileall.compile_dir(str(Path(lw_method.__file__).parent), quiet=1)


def git_commit() -> str:
    try:
        done = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=Path(__file__).parent,
                              capture_output=True, text=True, timeout=10)
    except OSError:
        return ""
    return done.stdout.strip()


def versions() -> dict[str, str]:
    """Versions of what was measured: Sphinx, sphinx-needs, myst-parser, and PyStemmer (an
    lw-method dependency that Sphinx's search index uses for all three systems alike)."""
    from importlib import metadata

    found = {}
    for name in ("sphinx", "sphinx-needs", "myst-parser", "PyStemmer"):
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = ""
    return found


# -- running one build --------------------------------------------------------------------------------

class BuildFailed(RuntimeError):
    pass


def timed(command: list[str], log: Path, cwd: Path | None = None) -> dict:
    """Run ``command`` as a child process; return wall time, peak RSS and the CPU others used."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w", encoding="utf-8") as output:
        busy_before = busy_seconds()
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, cwd=cwd)
        # wait4 gives this child's own rusage: ru_maxrss is the largest RSS of it and its
        # reaped children (the -j workers), in KiB on Linux.
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        busy_after = busy_seconds()
    result = {"seconds": seconds, "rss_mb": usage.ru_maxrss / 1024,
              "returncode": process.returncode}
    if busy_before is not None and busy_after is not None:
        # CPU used by anything but this build, as a share of the machine while it ran
        others = busy_after - busy_before - usage.ru_utime - usage.ru_stime
        result["others_cpu"] = max(0.0, others / (seconds * (os.cpu_count() or 1)))
    return result


def sphinx_build(project: Path, outdir: Path, log: Path, *, fresh: bool, jobs: int = 1,
                 profile: Path | None = None, settings: tuple[str, ...] = (),
                 builder: str = "html") -> dict:
    """Run sphinx-build as a child process; return wall time, peak RSS and the log."""
    if fresh and outdir.exists():
        shutil.rmtree(outdir)
    command = [sys.executable]
    if profile is not None:
        profile.parent.mkdir(parents=True, exist_ok=True)
        command += ["-m", "cProfile", "-o", str(profile)]
    command += ["-m", "sphinx", "-b", builder, *SPHINX_OPTS, "-c", str(project / "conf"),
                str(project / "docs"), str(outdir)]
    if jobs > 1:
        command += ["-j", str(jobs)]
    for setting in settings:
        command += ["-D", setting]
    result = timed(command, log)
    text = log.read_text(encoding="utf-8")
    if result.pop("returncode") != 0 or text.strip():
        raise BuildFailed(f"{' '.join(command)} failed; warnings or errors (see {log}):\n"
                          f"{text[-3000:]}")
    return result


def pdf_build(project: Path, outdir: Path, logs: Path, name: str) -> dict:
    """A fresh PDF: Sphinx's LaTeX builder, then latexmk with xelatex, timed together."""
    latex = sphinx_build(project, outdir, logs / f"pdf-{name}-latex.log", fresh=True,
                         builder="latex")
    command = ["latexmk", "-pdfxe", "-interaction=nonstopmode", "-halt-on-error",
               f"{generate.LATEX_NAME}.tex"]
    tex = timed(command, logs / f"pdf-{name}-latexmk.log", cwd=outdir)
    if tex.pop("returncode") != 0 or not (outdir / f"{generate.LATEX_NAME}.pdf").exists():
        raise BuildFailed(f"latexmk failed in {outdir} (see {outdir / generate.LATEX_NAME}.log)")
    return {"seconds": latex["seconds"] + tex["seconds"], "latex_s": latex["seconds"],
            "latexmk_s": tex["seconds"], "rss_mb": max(latex["rss_mb"], tex["rss_mb"]),
            "others_cpu": max(latex.get("others_cpu", 0.0), tex.get("others_cpu", 0.0))}


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


def summary(results: list[dict]) -> dict:
    """Median and minimum of a measurement's rounds, and every round's seconds."""
    seconds = [r["seconds"] for r in results]
    found = {"median": round(statistics.median(seconds), 3), "min": round(min(seconds), 3),
             "samples": [round(s, 3) for s in seconds],
             "peak_rss_mb": round(max(r["rss_mb"] for r in results), 1)}
    if "pages_written" in results[0]:
        found["pages_written"] = max(r["pages_written"] for r in results)
    return found


def run_scale(scale: float, out: Path, rounds: int, profile: bool,
              theme: str = generate.DEFAULT_THEME, pdf: bool = False) -> dict:
    workdir = out / f"scale-{scale_label(scale)}"
    code_before = lw_method_digest()
    load_before = os.getloadavg()[0]
    generate_started = time.perf_counter()
    book = generate.generate(workdir, scale, theme=theme)
    generate_s = time.perf_counter() - generate_started
    projects = {system: workdir / system for system, _label in SYSTEMS}
    logs = workdir / "logs"
    lw_docs = projects["lw"] / "docs"
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in lw_docs.rglob("*.md"))
    pages = {system: sum(1 for _ in (project / "docs").rglob("*.md"))
             for system, project in projects.items()}
    print(f"\n{scale_label(scale)}×: {pages['lw']} pages, {words:,} words, {book.counts()} "
          f"(generated in {generate_s:.1f} s); {rounds} round{'s' * (rounds != 1)} of "
          f"{', '.join(label for _s, label in SYSTEMS)}", flush=True)

    samples: dict[str, dict[str, list[dict]]] = {
        system: {measure: [] for measure in MEASURES} for system, _label in SYSTEMS}
    samples["lw_sphinx_navigation"] = {"full": []}
    pdf_samples: dict[str, list[dict]] = {system: [] for system, _label in SYSTEMS}

    def step(system: str, measure: str, result: dict) -> None:
        samples[system][measure].append(result)
        extra = f", {result['pages_written']} pages written" if "pages_written" in result else ""
        if result.get("others_cpu", 0) > 0.05:
            extra += f", other processes {result['others_cpu']:.0%} CPU"
        name = f"{system} {measure}"
        print(f"  {name:<28} {result['seconds']:8.2f} s  {result['rss_mb']:7.0f} MB{extra}",
              flush=True)

    def html(system: str, kind: str) -> Path:
        return workdir / f"html-{system}{'' if kind == 'full' else '-' + kind}"

    for number in range(1, rounds + 1):
        if rounds > 1:
            print(f"  round {number} of {rounds}", flush=True)
        for system, _label in SYSTEMS:
            step(system, "full", sphinx_build(projects[system], html(system, "full"),
                                              logs / f"{system}-full.log", fresh=True))
        # lw_method with Sphinx's own per-page sidebar navigation: the directives' cost alone
        step("lw_sphinx_navigation", "full", sphinx_build(
            projects["lw"], html("lw", "sphinx-navigation"), logs / "lw-sphinx-navigation.log",
            fresh=True, settings=("lw_fast_navigation=0",)))
        for system, _label in SYSTEMS:
            step(system, "incremental", incremental(projects[system], html(system, "full"),
                                                    logs / f"{system}-incremental.log", book))
        for system, _label in SYSTEMS:
            step(system, "parallel", sphinx_build(projects[system], html(system, "parallel"),
                                                  logs / f"{system}-parallel.log", fresh=True,
                                                  jobs=2))
    if pdf:
        for number in range(1, rounds + 1):
            for system, _label in SYSTEMS:
                result = pdf_build(projects[system], workdir / f"latex-{system}", logs, system)
                pdf_samples[system].append(result)
                print(f"  {system + ' PDF':<28} {result['seconds']:8.2f} s  (LaTeX build "
                      f"{result['latex_s']:.2f} s, latexmk {result['latexmk_s']:.2f} s)",
                      flush=True)

    systems: dict[str, dict] = {}
    for system, measures in samples.items():
        systems[system] = {measure: summary(results) for measure, results in measures.items()}
        if pdf_samples.get(system):
            systems[system]["pdf"] = summary(pdf_samples[system])
        systems[system]["pages"] = pages.get(system, pages["lw"])

    run: dict = {"scale": scale}
    for system, _label in SYSTEMS:
        prefix, measured = PREFIX[system], systems[system]
        # the lw full build is "full_s", the baseline's "baseline_s", sphinx-needs' "needs_s"
        full_key = "full_s" if system == "lw" else f"{system}_s"
        run[full_key] = measured["full"]["median"]
        run[full_key[:-2] + "_min_s"] = measured["full"]["min"]
        for measure in ("incremental", "parallel"):
            run[f"{prefix}{measure}_s"] = measured[measure]["median"]
            run[f"{prefix}{measure}_min_s"] = measured[measure]["min"]
        run[f"{prefix}peak_rss_mb"] = measured["full"]["peak_rss_mb"]
        run[f"{prefix}parallel_peak_rss_mb"] = measured["parallel"]["peak_rss_mb"]
        run[f"{prefix}incremental_pages_written"] = measured["incremental"]["pages_written"]
        if "pdf" in measured:
            run[f"{prefix}pdf_s"] = measured["pdf"]["median"]
            run[f"{prefix}pdf_min_s"] = measured["pdf"]["min"]
    run["sphinx_navigation_s"] = systems["lw_sphinx_navigation"]["full"]["median"]
    run["sphinx_navigation_min_s"] = systems["lw_sphinx_navigation"]["full"]["min"]
    run.update({
        "pages": pages["lw"],
        "needs_pages": pages["needs"],
        "baseline_pages": pages["baseline"],
        "words": words,
        "objects": book.counts(),
        "rounds": rounds,
        "statistic": "median",
        "systems": systems,
        "theme": theme,
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "others_cpu_pct": round(100 * max((r.get("others_cpu", 0.0)
                                           for measures in samples.values()
                                           for results in measures.values() for r in results),
                                          default=0.0), 1),
        "lw_method": code_before,
        "git": git_commit(),
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "sphinx": _sphinx_version(),
        "versions": versions(),
        "cpus": os.cpu_count(),
    })
    if run["others_cpu_pct"] > 10:
        print(f"  NOTE: other processes used up to {run['others_cpu_pct']}% of the machine's CPU "
              "during a build: these timings may be inflated", flush=True)
    if lw_method_digest() != code_before:
        run["lw_method_changed_during_run"] = True
        print("  WARNING: lw_method's files changed during this run; its timings mix two versions",
              flush=True)
    derive(run)

    if profile:
        profiles = workdir / "profiles"
        sphinx_build(projects["lw"], html("lw", "full"), logs / "profile-full.log", fresh=True,
                     profile=profiles / "full.prof")
        incremental(projects["lw"], html("lw", "full"), logs / "profile-incremental.log", book,
                    profile=profiles / "incremental.prof")
        for system in ("baseline", "needs"):
            sphinx_build(projects[system], html(system, "full"), logs / f"profile-{system}.log",
                         fresh=True, profile=profiles / f"{system}.prof")
        for name in ("full", "incremental", "baseline", "needs"):
            print(f"\n--- profile: {name} ({profiles / (name + '.prof')}) ---")
            stats = pstats.Stats(str(profiles / f"{name}.prof"), stream=sys.stdout)
            stats.sort_stats("cumulative").print_stats(25)
    return run


def derive(run: dict) -> None:
    """The percentages and ratios of a run, from its medians (in place)."""
    def ratio(a: str, b: str) -> float | None:
        if run.get(a) and run.get(b):
            return round(run[a] / run[b], 3)
        return None

    run["overhead_pct"] = round(100 * (run["full_s"] / run["baseline_s"] - 1), 1)
    run["sphinx_navigation_overhead_pct"] = round(
        100 * (run["sphinx_navigation_s"] / run["baseline_s"] - 1), 1)
    run["incremental_pct"] = round(100 * run["incremental_s"] / run["full_s"], 1)
    run["baseline_incremental_pct"] = round(100 * run["baseline_incremental_s"] / run["baseline_s"], 1)
    if run.get("needs_s"):
        run["needs_incremental_pct"] = round(100 * run["needs_incremental_s"] / run["needs_s"], 1)
    for other, full in (("needs", "needs_s"), ("baseline", "baseline_s")):
        prefix = PREFIX[other]
        ratios = {"full": ratio("full_s", full),
                  "incremental": ratio("incremental_s", f"{prefix}incremental_s"),
                  "parallel": ratio("parallel_s", f"{prefix}parallel_s"),
                  "peak_rss": ratio("peak_rss_mb", f"{prefix}peak_rss_mb"),
                  "pdf": ratio("pdf_s", f"{prefix}pdf_s")}
        run[f"lw_over_{other}"] = {k: v for k, v in ratios.items() if v is not None}
    run["sphinx_navigation_over_needs"] = ratio("sphinx_navigation_s", "needs_s")
    for system, _label in SYSTEMS:
        prefix = PREFIX[system]
        serial = "full_s" if system == "lw" else f"{system}_s"
        run[f"{prefix}parallel_ratio"] = ratio(f"{prefix}parallel_s", serial)


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


def _seconds(run: dict, key: str) -> str:
    """``median (min)`` of a measurement, or "-" when the run has none."""
    if run.get(key) is None:
        return "-"
    low = run.get(key[:-2] + "_min_s")
    return f"{run[key]:.2f}" + (f" ({low:.2f})" if low is not None else "")


def _times(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}×"


HEADER = ("scale", "system", "pages", "full s", "incremental s", "incr./full", "-j 2 s",
          "-j 2/serial", "peak RSS MB", "PDF s")


def table_rows(run: dict) -> list[list[str]]:
    """One row per system of a run, then the ratios' rows."""
    scale = f"{scale_label(run['scale'])}×"
    rows = []
    for system, label in SYSTEMS:
        prefix = PREFIX[system]
        full = "full_s" if system == "lw" else f"{system}_s"
        if run.get(full) is None:
            continue  # an older run, measured before this system was
        pages = run.get("pages") if system == "lw" else run.get(f"{system}_pages", run.get("pages"))
        incremental_pct = run.get(f"{prefix}incremental_pct")
        written = run.get(f"{prefix}incremental_pages_written")
        parallel_ratio = run.get(f"{prefix}parallel_ratio")
        if parallel_ratio is None and run.get(f"{prefix}parallel_s"):
            parallel_ratio = run[f"{prefix}parallel_s"] / run[full]
        rss = run.get(f"{prefix}peak_rss_mb")
        rows.append([scale, label, "-" if pages is None else f"{pages}", _seconds(run, full),
                     _seconds(run, f"{prefix}incremental_s"),
                     "-" if incremental_pct is None else
                     f"{incremental_pct:.1f}%" + (f" ({written} p.)" if written is not None else ""),
                     _seconds(run, f"{prefix}parallel_s"),
                     "-" if parallel_ratio is None else f"{parallel_ratio:.2f}",
                     "-" if rss is None else f"{rss:.0f}", _seconds(run, f"{prefix}pdf_s")])
        if system == "lw" and run.get("sphinx_navigation_s") is not None:
            rows.append([scale, "lw, Sphinx's navigation", "-" if pages is None else f"{pages}",
                         _seconds(run, "sphinx_navigation_s"), "-", "-", "-", "-", "-", "-"])
    for other in ("needs", "baseline"):
        ratios = run.get(f"lw_over_{other}")
        if not ratios:
            continue
        rows.append([scale, f"lw / {LABELS[other].split(' ')[0]}", "", _times(ratios.get("full")),
                     _times(ratios.get("incremental")), "", _times(ratios.get("parallel")), "",
                     _times(ratios.get("peak_rss")), _times(ratios.get("pdf"))])
    if run.get("sphinx_navigation_over_needs") is not None:
        rows.append([scale, "lw (Sphinx's nav.) / sphinx-needs", "",
                     _times(run["sphinx_navigation_over_needs"]), "", "", "", "", "", ""])
    return rows


def table(runs: list[dict]) -> str:
    """All runs in one table: medians with the minimum in brackets; the ratios of medians."""
    rows = [list(HEADER)]
    groups = [table_rows(run) for run in runs]
    # leave out the PDF column when no run has it
    keep = [i for i in range(len(HEADER))
            if HEADER[i] != "PDF s" or any(row[i] not in ("-", "") for g in groups for row in g)]
    body = [[row[i] for i in keep] for group in groups for row in group]
    rows = [[rows[0][i] for i in keep]] + body
    widths = [max(len(row[i]) for row in rows) for i in range(len(keep))]

    def line(row: list[str]) -> str:
        return "  ".join(cell.ljust(width) if i < 2 else cell.rjust(width)
                         for i, (cell, width) in enumerate(zip(row, widths))).rstrip()

    lines = [line(rows[0]), "  ".join("-" * width for width in widths)]
    start = 1
    for group in groups:
        lines += [line(row) for row in rows[start:start + len(group)]]
        start += len(group)
        if group is not groups[-1]:
            lines.append("")
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
        versions_ = "" if small.get("lw_method") == large.get("lw_method") else \
            "; the two sizes were measured on different lw_method files"
        if "sphinx_navigation_s" in small and "sphinx_navigation_s" in large:
            versions_ += (f"; lw with Sphinx's navigation "
                          f"{large['sphinx_navigation_s'] / small['sphinx_navigation_s']:.1f}×")
        if small.get("needs_s") and large.get("needs_s"):
            versions_ += f"; sphinx-needs {large['needs_s'] / small['needs_s']:.1f}×"
        numbers = (f"{large['full_s']:.1f} s / {small['full_s']:.1f} s = {growth:.1f}× "
                   f"(baseline {base_growth:.1f}×){versions_}")
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
    for scale, (seconds, share) in MAX_INCREMENTAL_ABSOLUTE.items():
        name = (f"{scale_label(scale)}×: incremental rebuild ≤ max({seconds:g} s, {share:.0%} of "
                "a full build)")
        run = by_scale.get(scale)
        if run:
            limit = max(seconds, share * run["full_s"])
            found.append((name, run["incremental_s"] <= limit,
                          f"{run['incremental_s']:.2f} s, limit {limit:.2f} s"))
        else:
            found.append((name, None, "not measured"))
    for run in runs:
        name = (f"{scale_label(run['scale'])}×: lw incremental never slower than the baseline's "
                "incremental (same run)")
        if run.get("baseline_incremental_s") is None:
            found.append((name, None, "not measured"))
            continue
        found.append((name, run["incremental_s"] <= run["baseline_incremental_s"],
                      f"{run['incremental_s']:.2f} s vs {run['baseline_incremental_s']:.2f} s "
                      f"({run.get('incremental_pages_written', '?')} vs "
                      f"{run.get('baseline_incremental_pages_written', '?')} pages written)"))
    for scale, limit in MAX_PARALLEL_RATIO.items():
        name = f"{scale_label(scale)}×: -j 2 build ≤ {limit:g} × the serial build"
        run = by_scale.get(scale)
        if run and run.get("parallel_s"):
            found.append((name, run["parallel_s"] <= limit * run["full_s"],
                          f"{run['parallel_s']:.2f} s / {run['full_s']:.2f} s = "
                          f"{run['parallel_s'] / run['full_s']:.2f}"
                          + (f" (baseline {run['baseline_parallel_ratio']:.2f}, sphinx-needs "
                             f"{run['needs_parallel_ratio']:.2f})"
                             if run.get("baseline_parallel_ratio") and run.get("needs_parallel_ratio")
                             else "")))
        else:
            found.append((name, None, "not measured"))
    for scale, limit in MAX_RSS_MB.items():
        name = f"{scale_label(scale)}×: peak memory ≤ {limit:.0f} MB"
        run = by_scale.get(scale)
        if run:
            needs = f", sphinx-needs {run['needs_peak_rss_mb']:.0f} MB" \
                if run.get("needs_peak_rss_mb") else ""
            found.append((name, run["peak_rss_mb"] <= limit,
                          f"{run['peak_rss_mb']:.0f} MB (baseline "
                          f"{run['baseline_peak_rss_mb']:.0f} MB{needs})"))
        else:
            found.append((name, None, "not measured"))
    for run in runs:
        name = (f"{scale_label(run['scale'])}×: lw faster than sphinx-needs (full, incremental "
                "and -j 2 builds)")
        ratios = run.get("lw_over_needs") or {}
        measured = [ratios.get(k) for k in ("full", "incremental", "parallel")]
        if None in measured:
            found.append((name, None, "sphinx-needs not measured"))
            continue
        found.append((name, all(r <= 1 for r in measured),
                      f"lw / sphinx-needs: full {measured[0]:.2f}×, incremental "
                      f"{measured[1]:.2f}×, -j 2 {measured[2]:.2f}×; lw with Sphinx's "
                      f"navigation {run['sphinx_navigation_over_needs']:.2f}× sphinx-needs' full"))
    found += pdf_targets(by_scale)
    return found


def pdf_targets(by_scale: dict[float, dict]) -> list[tuple[str, bool | None, str]]:
    found: list[tuple[str, bool | None, str]] = []
    for scale in PDF_SCALES:
        name = (f"{scale_label(scale)}×: PDF (LaTeX build + latexmk) ≤ {MAX_PDF_OVER_BASELINE:g} × "
                "the baseline's")
        run = by_scale.get(scale)
        if run and run.get("pdf_s") and run.get("baseline_pdf_s"):
            needs = f", sphinx-needs {run['needs_pdf_s']:.1f} s" if run.get("needs_pdf_s") else ""
            found.append((name, run["pdf_s"] <= MAX_PDF_OVER_BASELINE * run["baseline_pdf_s"],
                          f"{run['pdf_s']:.1f} s vs {run['baseline_pdf_s']:.1f} s = "
                          f"{run['pdf_s'] / run['baseline_pdf_s']:.2f}×{needs}"))
        else:
            found.append((name, None, "not measured (--pdf)"))
    small, large = (by_scale.get(scale) for scale in PDF_SCALES)
    name = (f"PDF growth from {scale_label(PDF_SCALES[0])}× to {scale_label(PDF_SCALES[1])}× ≤ "
            f"{MAX_PDF_GROWTH:g}×")
    if small and large and small.get("pdf_s") and large.get("pdf_s"):
        growth = large["pdf_s"] / small["pdf_s"]
        found.append((name, growth <= MAX_PDF_GROWTH,
                      f"{large['pdf_s']:.1f} s / {small['pdf_s']:.1f} s = {growth:.1f}×"))
    else:
        found.append((name, None, "needs --pdf at 1× and 10×"))
    return found


def _with_sphinx_navigation(run: dict) -> str:
    if "sphinx_navigation_s" not in run:
        return ""
    return (f" (with Sphinx's per-page navigation: {run['sphinx_navigation_s']:.2f} s, "
            f"{run['sphinx_navigation_overhead_pct']:+.1f}%)")


def report(runs: list[dict]) -> str:
    lines = [table(runs), "",
             "Seconds: median of the rounds (minimum in brackets); ratios of the medians.", "",
             "Targets:"]
    for name, met, numbers in targets(runs):
        verdict = {True: "met", False: "MISSED", None: "n/a"}[met]
        lines.append(f"  [{verdict:>6}] {name}: {numbers}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, action="append",
                        help="a size to run (repeatable); default: 1, 10 and 100")
    parser.add_argument("--tiny", action="store_true",
                        help="run only 0.1×, one round unless --rounds says (for tests)")
    parser.add_argument("--out", type=Path, default=Path("build/bench"),
                        help="work directory; results.json goes here (default build/bench)")
    parser.add_argument("--rounds", type=int, default=None,
                        help=f"rounds of interleaved builds per size; median and minimum "
                             f"reported (default {DEFAULT_ROUNDS})")
    parser.add_argument("--repeat", type=int, default=None, help=argparse.SUPPRESS)  # old name
    parser.add_argument("--theme", default=generate.DEFAULT_THEME,
                        help=f"HTML theme of the handbooks (default {generate.DEFAULT_THEME})")
    parser.add_argument("--pdf", action="store_true",
                        help="also time each system's PDF (LaTeX build + latexmk with xelatex) "
                             f"at sizes up to {MAX_PDF_SCALE:g}×, those of the PDF targets")
    parser.add_argument("--profile", action="store_true",
                        help="also profile the lw full and incremental builds with cProfile")
    args = parser.parse_args(argv)
    scales = [0.1] if args.tiny else (args.scale or list(DEFAULT_SCALES))
    rounds = args.rounds or args.repeat or (1 if args.tiny else DEFAULT_ROUNDS)
    if rounds < 1:
        parser.error("--rounds must be at least 1")
    try:
        import sphinx_needs  # noqa: F401
    except ImportError:
        parser.error("sphinx-needs, the peer measured beside lw_method, is not installed: "
                     "pip install -e '.[bench]' (make bench does)")
    if args.pdf:
        missing = [tool for tool in ("xelatex", "latexmk") if not shutil.which(tool)]
        if missing:
            parser.error(f"--pdf needs {' and '.join(missing)} (see 'make system-deps')")

    compile_lw_method()
    runs = []
    for scale in scales:
        try:
            runs.append(run_scale(scale, args.out, rounds, args.profile, args.theme,
                                  args.pdf and scale <= MAX_PDF_SCALE))
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
