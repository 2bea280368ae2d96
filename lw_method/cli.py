"""The ``lw-method`` command: start a handbook, build it strictly, check it, report readiness."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

from . import __version__

STRICT = ["-n", "-W", "--keep-going"]


def new_handbook(args: argparse.Namespace) -> int:
    """Copy the starter handbook into an empty folder, filled in with the site's name."""
    target = Path(args.directory)
    if target.exists() and any(target.iterdir()):
        print(f"lw-method new: {target} is not empty; choose a new folder", file=sys.stderr)
        return 2
    starter = files("lw_method") / "starter"
    fill = {"site": args.site, "title": args.title or f"{args.site} practice handbook"}
    for source in _walk(starter):
        relative = source.relative_to(Path(str(starter)))
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        text = source.read_text(encoding="utf-8")
        for key, value in fill.items():
            text = text.replace("{" + key + "}", value)
        destination.write_text(text, encoding="utf-8")
    print(f"Started a handbook in {target}. Build it with:\n  lw-method build {target / 'docs'} "
          f"-c {target / 'conf'}")
    return 0


def _walk(root) -> list[Path]:
    return sorted(p for p in Path(str(root)).rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def build_handbook(args: argparse.Namespace) -> int:
    """sphinx-build with warnings as errors; then LaTeX and latexmk when --pdf is given."""
    source, out = Path(args.source), Path(args.output)
    conf = ["-c", args.conf] if args.conf else []
    common = [sys.executable, "-m", "sphinx", *([] if args.lenient else STRICT), *conf]
    result = subprocess.run([*common, "-b", "html", str(source), str(out / "html")])
    if result.returncode or not args.pdf:
        return result.returncode
    if not (shutil.which("xelatex") and shutil.which("latexmk")):
        print("lw-method build: --pdf needs xelatex and latexmk (Debian: texlive-xetex latexmk)",
              file=sys.stderr)
        return 1
    result = subprocess.run([*common, "-b", "latex", str(source), str(out / "latex")])
    if result.returncode:
        return result.returncode
    return subprocess.run(["make", "-C", str(out / "latex"), "all-pdf",
                           "LATEXMKOPTS=-interaction=nonstopmode -halt-on-error"]).returncode


def check_handbook(args: argparse.Namespace) -> int:
    from .check import main as check_main

    return check_main(args.source, args.conf)


def readiness_report(args: argparse.Namespace) -> int:
    """A site's exported answers as a report: standing by area, then every gap with what to read."""
    import os

    from .readiness import AnswersError, build_report, read_answers, read_handbook, render_html, render_markdown

    handbook_path = Path(args.handbook)
    try:
        handbook = read_handbook(handbook_path)
        answers = read_answers(Path(args.answers), handbook)
    except AnswersError as error:
        print(f"lw-method readiness: {args.answers}: {error}" if not str(error).startswith(str(handbook_path))
              else f"lw-method readiness: {error}", file=sys.stderr)
        return 2
    output_dir = Path(args.output).resolve().parent if args.output else Path.cwd()
    base = args.base_url if args.base_url is not None else \
        Path(os.path.relpath(handbook_path.resolve().parent, output_dir)).as_posix() + "/"
    render = render_html if args.format == "html" else render_markdown
    text = render(build_report(handbook, answers), handbook, base, args.answers)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="lw-method", description=__doc__)
    top.add_argument("--version", action="version", version=f"lw-method {__version__}")
    commands = top.add_subparsers(dest="command", required=True)

    new = commands.add_parser("new", help="start a handbook from the starter template")
    new.add_argument("directory")
    new.add_argument("--site", required=True, help="the site's name, e.g. 'North Borough'")
    new.add_argument("--title", help="the handbook's title")
    new.set_defaults(run=new_handbook)

    build = commands.add_parser("build", help="build HTML (and PDF) with warnings as errors")
    build.add_argument("source", help="the folder of MyST sources")
    build.add_argument("-c", "--conf", help="the folder holding conf.py (default: SOURCE)")
    build.add_argument("-o", "--output", default="build", help="where to write (default: build)")
    build.add_argument("--pdf", action="store_true", help="also build the PDF with xelatex")
    build.add_argument("--lenient", action="store_true", help="don't treat warnings as errors")
    build.set_defaults(run=build_handbook)

    check = commands.add_parser("check", help="list every problem and evidence gap; exit 1 if any")
    check.add_argument("source", help="the folder of MyST sources")
    check.add_argument("-c", "--conf", help="the folder holding conf.py (default: SOURCE)")
    check.set_defaults(run=check_handbook)

    readiness = commands.add_parser("readiness", help="turn exported checklist answers into a report")
    readiness.add_argument("answers", help="answers exported from the checklist page (CSV or JSON)")
    readiness.add_argument("--handbook", default="build/html/lw-method.json",
                           help="the handbook's lw-method.json (default: build/html/lw-method.json)")
    readiness.add_argument("--format", choices=["md", "html"], default="md")
    readiness.add_argument("-o", "--output", help="write here instead of standard output")
    readiness.add_argument("--base-url", help="prefix for links into the handbook "
                           "(default: the path from the report to the handbook)")
    readiness.set_defaults(run=readiness_report)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
