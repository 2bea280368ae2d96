"""The ``lw-method`` command: start a handbook, build it the strict way, check its evidence."""

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
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
