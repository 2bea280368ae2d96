"""The ``lw-method`` command: start a handbook, build it strictly, check it, report readiness."""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

from . import __version__

#: characters that cannot be in a site's name or a title: control characters and line breaks
#: would end a line of conf.py or of Markdown and let the rest start code or a directive
_NOT_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
#: an option value MyST reads back unchanged when written plainly (no quote, # or colon-space)
_PLAIN_OPTION = re.compile(r"\w[\w .,'()&/-]*")
_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
#: a language code as Sphinx takes it (``en``, ``cy``, ``pt_BR``, ``zh_Hant``)
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*")


def _name_problem(option: str, value: str) -> str | None:
    """Why ``value`` cannot be a site's name or a handbook's title, or None."""
    from .components.base import LOOKS_LIKE_HTML

    bad = _NOT_ONE_LINE.search(value)
    if bad:
        return (f"{option} must be one line of text; it holds a control character or line break "
                f"(U+{ord(bad.group()):04X}) at character {bad.start() + 1}")
    if not value.strip():
        return f"{option} is empty"
    if LOOKS_LIKE_HTML.search(value):
        return f"{option} looks like HTML; a name is plain text"
    return None


def _python_fill(text: str, values: dict[str, str]) -> str:
    """A Python template's ``"{name}"`` placeholders as Python literals (``repr``): no value
    can end the string and run as code."""
    return re.sub(r'"\{(site|title|language|core_url|core_export)\}"', lambda match: repr(values[match[1]]), text)


#: placeholders that hold ids (checked slugs), written as they are: an id is not text
_ID_PLACEHOLDERS = ("site_id", "method_id", "check_id")


def _option_value(value: str) -> str:
    """A directive option's value, written plainly when MyST reads that back unchanged, else
    as a double-quoted string (so ``#``, quotes or ``: `` stay part of the value)."""
    return value if _PLAIN_OPTION.fullmatch(value) else json.dumps(value, ensure_ascii=False)


def _markdown_fill(text: str, values: dict[str, str]) -> str:
    """A Markdown template's placeholders: ``"{name}"`` as a directive option's value, ``{name}``
    as text with every ASCII punctuation mark escaped, so no value can start markup (a role,
    a directive, a link, emphasis)."""
    def fill(match: re.Match) -> str:
        if match["option"]:
            return _option_value(values[match["option"]])
        if match["text"] in _ID_PLACEHOLDERS:
            return values[match["text"]]
        return _MARKDOWN_PUNCTUATION.sub(r"\\\1", values[match["text"]])

    names = "site|title|method_title|check_area|" + "|".join(_ID_PLACEHOLDERS)
    return re.sub(rf'"\{{(?P<option>{names})\}}"|\{{(?P<text>{names})\}}', fill, text)


_FILLERS = {".py": _python_fill, ".md": _markdown_fill}


def _starter_problem(target: Path) -> str | None:
    """Why the starter cannot go into ``target`` (a file on the way, a folder with files), or None."""
    existing = next(path for path in (target, *target.parents) if path.exists())
    if not existing.is_dir():
        return f"{existing} is a file, not a folder; choose a new folder"
    if existing == target and any(target.iterdir()):
        return f"{target} is not empty; choose a new folder"
    return None


def new_handbook(args: argparse.Namespace) -> int:
    """Copy the starter handbook into an empty folder, filled in with the site's name."""
    target = Path(args.directory)
    title = args.title if args.title is not None else f"{args.site.strip()} practice handbook"
    problem = (_name_problem("--site", args.site) or _name_problem("--title", title)
               or _starter_problem(target))
    if problem:
        print(f"lw-method new: {problem}", file=sys.stderr)
        return 2
    if not _LANGUAGE.fullmatch(args.language):
        print(f"lw-method new: --language {args.language!r} is not a language code such as en, cy or "
              "pt_BR", file=sys.stderr)
        return 2
    values = {"site": args.site.strip(), "title": title.strip(), "language": args.language}
    starter = Path(str(files("lw_method") / "starter"))
    renamed: dict[str, str] = {}
    if args.core is not None:
        core = _core_values(args.core, args.core_url, target / "conf")
        if isinstance(core, str):
            print(f"lw-method new: --core: {core}", file=sys.stderr)
            return 2
        values |= core | {"site_id": _site_id(values["site"])}
        starter = Path(str(files("lw_method") / "starter_site"))
        renamed = {"method.md": f"{core['method_id']}.md"}
    for source in _walk(starter):
        destination = target / source.relative_to(starter)
        destination = destination.with_name(renamed.get(destination.name, destination.name))
        fill = _FILLERS.get(source.suffix)
        text = source.read_text(encoding="utf-8")
        try:
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_text(fill(text, values) if fill else text, encoding="utf-8")
        except OSError as error:
            print(f"lw-method new: {destination}: cannot write: {error.strerror}", file=sys.stderr)
            return 2
    print(f"Started a handbook in {target}. Build it with:\n  lw-method build {target / 'docs'} "
          f"-c {target / 'conf'}")
    return 0


def _site_id(site: str) -> str:
    """The site's name as the prefix of its ids (``north-borough-design-teams``)."""
    from .components.base import slug

    return slug(site) or "site"


def _core_values(core: str, core_url: str | None, conf_dir: Path) -> dict[str, str] | str:
    """What a site starter needs of the core: where its export and pages are, and one method
    and one check to adapt and refine (a method that a check builds on, so the two agree).
    A string says why the core cannot be used."""
    import tempfile
    from urllib.parse import urlsplit

    from .handbooks import base_address, load_export

    with tempfile.TemporaryDirectory() as cache:
        loaded = load_export(core, Path.cwd(), Path(cache) / "core.json")
    if loaded.data is None:
        return loaded.problem
    objects = [o for o in loaded.data["objects"] if isinstance(o, dict)]
    checks = [o for o in objects if o.get("type") == "check" and isinstance(o.get("methods"), list)]
    methods = {o.get("id"): o for o in objects if o.get("type") == "method"}
    pair = next(((check, methods[m]) for check in checks for m in check["methods"] if m in methods), None)
    if pair is None:
        return f"{core} has no readiness check that names one of its methods, so there is nothing to adapt"
    check, method = pair
    is_address = urlsplit(core).scheme.lower() in ("http", "https")
    export = core if is_address else os.path.relpath(Path(core).resolve(), conf_dir.resolve())
    url = core_url or base_address({}, loaded.data) or (
        core.rsplit("/", 1)[0] + "/" if is_address else Path(core).resolve().parent.as_uri() + "/")
    return {"core_export": export, "core_url": url, "method_id": method["id"],
            "method_title": str(method.get("title") or method["id"]), "check_id": check["id"],
            "check_area": str(check.get("area") or "Readiness")}


def _walk(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def _jobs(value: str) -> int:
    """``-j``: a number of processes, or ``auto`` for one per CPU."""
    if value == "auto":
        return os.cpu_count() or 1
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of processes (1, 2, … or auto)")
    return int(value)


def _definition(value: str) -> tuple[str, str]:
    """``-D name=value``: one configuration value, as sphinx-build takes it."""
    name, equals, setting = value.partition("=")
    if not (equals and name.strip()):
        raise argparse.ArgumentTypeError(f"{value!r} is not name=value")
    return name.strip(), setting


def _overrides(args: argparse.Namespace) -> dict[str, object]:
    """The configuration the command sets: -D values, -n unless lenient, and the edition (always,
    so a conf.py that says ``lw_edition = "internal"`` cannot put internal stories in html/)."""
    from .sphinx_run import BuildStopped

    overrides: dict[str, object] = dict(args.define)
    if "lw_edition" in overrides:
        raise BuildStopped("-D lw_edition: choose the edition with --edition public|internal")
    if not args.lenient:
        overrides["nitpicky"] = True
    return overrides | {"lw_edition": args.edition}


def _output_folder(out: Path, builder: str, edition: str) -> Path:
    """Each builder and edition its own folder: OUT/html, OUT/html-internal, OUT/latex, …"""
    return out / (builder if edition == "public" else f"{builder}-{edition}")


def build_handbook(args: argparse.Namespace) -> int:
    """The handbook built with warnings as errors, into OUT/<builder> (OUT/<builder>-internal for
    the internal edition), its doctrees in OUT/doctrees/, outside every published folder; then
    LaTeX and latexmk when --pdf is given."""
    from sphinx.util.console import color_terminal, nocolor

    from .sphinx_run import BuildStopped, run_sphinx

    if not color_terminal():
        nocolor()
    source, out = Path(args.source), Path(args.output)
    builders = [args.builder, *(["latex"] if args.pdf and args.builder != "latex" else [])]
    try:
        overrides = _overrides(args)
        for builder in builders:
            if args.pdf and builder == "latex" and not (shutil.which("xelatex") and shutil.which("latexmk")):
                print("lw-method build: --pdf needs xelatex and latexmk (Debian: texlive-xetex latexmk)",
                      file=sys.stderr)
                return 1
            folder = _output_folder(out, builder, args.edition)
            app = run_sphinx(source, Path(args.conf) if args.conf else None, folder,
                             out / "doctrees" / folder.name, builder, overrides=overrides,
                             strict=not args.lenient, status=sys.stdout, warning=sys.stderr,
                             parallel=args.jobs)
            if app.statuscode:
                return app.statuscode
    except BuildStopped as stopped:
        print(f"lw-method build: {stopped}", file=sys.stderr)
        return 2
    if not args.pdf:
        return 0
    return subprocess.run(["make", "-C", str(_output_folder(out, "latex", args.edition)), "all-pdf",
                           "LATEXMKOPTS=-interaction=nonstopmode -halt-on-error"]).returncode


def kit_command(args: argparse.Namespace) -> int:
    """The workshop kit: the handbook built as HTML (strictly, in a scratch folder) for its
    export, then one PDF per kind of material into OUT/kit (OUT/kit-internal)."""
    import tempfile

    from .kit import Handbook, KitError, pull_quotes_of, write_kit
    from .sphinx_run import BuildStopped, run_sphinx

    out = Path(args.output)
    folder = _output_folder(out, "kit", args.edition)
    try:
        if args.export:
            try:
                export = json.loads(Path(args.export).read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, ValueError) as error:
                print(f"lw-method kit: {args.export}: cannot read the export: {error}", file=sys.stderr)
                return 2
            if not isinstance(export, dict) or not isinstance(export.get("objects"), list):
                print(f"lw-method kit: {args.export}: not an lw-method.json export", file=sys.stderr)
                return 2
            if export.get("edition") == "internal" and args.edition == "public":
                print(f"lw-method kit: {args.export} is the internal edition's export; a public kit is made "
                      "from the public edition's (or give --edition internal)", file=sys.stderr)
                return 2
            handbook = Handbook(export, base_url=args.base_url or str(export.get("base_url") or ""))
        else:
            with tempfile.TemporaryDirectory(prefix="lw-kit-html-") as html:
                app = run_sphinx(Path(args.source), Path(args.conf) if args.conf else None, Path(html),
                                 out / "doctrees" / folder.name, "html",
                                 overrides={"lw_edition": args.edition, "nitpicky": True},
                                 strict=not args.lenient, status=None, warning=sys.stderr)
                if app.statuscode:
                    return app.statuscode
                export = json.loads((Path(html) / "lw-method.json").read_text(encoding="utf-8"))
                handbook = Handbook(export, base_url=args.base_url or str(export.get("base_url") or ""),
                                    support_text=app.config.lw_support_text,
                                    quote_source=app.config.lw_quote_source, pull_quotes=pull_quotes_of(app))
        written = write_kit(handbook, folder)
    except BuildStopped as stopped:
        print(f"lw-method kit: {stopped}", file=sys.stderr)
        return 2
    except KitError as error:
        print(f"lw-method kit: {error}", file=sys.stderr)
        return 1
    for path in written:
        print(path)
    if not handbook.base_url:
        print("lw-method kit: the handbook has no address (html_baseurl), so the items show where each "
              "object is in the handbook but no QR codes; give --base-url to add them", file=sys.stderr)
    return 0


def serve_handbook(args: argparse.Namespace) -> int:
    """A live preview: sphinx-autobuild rebuilds on every save and reloads the browser."""
    import importlib.util

    if importlib.util.find_spec("sphinx_autobuild") is None:
        print('lw-method serve: needs sphinx-autobuild; install it with: pip install "lw-method[serve]"',
              file=sys.stderr)
        return 2
    source, out = Path(args.source), Path(args.output)
    if not source.is_dir():
        print(f"lw-method serve: no such folder: {source}", file=sys.stderr)
        return 2
    command = [sys.executable, "-m", "sphinx_autobuild", str(source), str(out / "html-preview"),
               "-d", str(out / "doctrees" / "html-preview"), "--host", args.host, "--port", str(args.port),
               *(["-c", args.conf] if args.conf else []), *(["--open-browser"] if args.open else [])]
    print(f"lw-method serve: previewing {source} at http://{args.host}:{args.port}/ (Ctrl+C to stop)",
          flush=True)
    try:
        return subprocess.run(command).returncode
    except KeyboardInterrupt:
        return 0


def check_handbook(args: argparse.Namespace) -> int:
    from .check_command import main as check_main

    return check_main(args.source, args.conf, args.format)


def readiness_report(args: argparse.Namespace) -> int:
    """Partners' exported answers as one report: where they disagree, each area's standing per
    partner, what moved since earlier answers, then the gaps with what to read."""
    from .readiness import AnswersError, compare, merge_handbooks, read_handbook, read_responses
    from .readiness_render import render_html, render_markdown

    output_dir = Path(args.output).resolve().parent if args.output else Path.cwd()
    handbook_paths = [Path(h) for h in (args.handbook or ["build/html/lw-method.json"])]
    bases = list(args.base_url or [])
    try:
        if len(bases) > len(handbook_paths):
            raise AnswersError(f"{len(bases)} --base-url for {len(handbook_paths)} --handbook: give at "
                               "most one base for each handbook export, in the same order")
        handbooks = []
        for n, path in enumerate(handbook_paths):
            base = bases[n] if n < len(bases) else \
                Path(os.path.relpath(path.resolve().parent, output_dir)).as_posix() + "/"
            handbooks.append(read_handbook(path, base))
        handbook = merge_handbooks(handbooks)
        partners = read_responses([Path(a) for a in args.answers], list(args.label or []),
                                  [Path(b) for b in args.baseline or []], handbook)
    except AnswersError as error:
        print(f"lw-method readiness: {error}", file=sys.stderr)
        return 2
    render = render_html if args.format == "html" else render_markdown
    text = render(compare(handbook, partners))
    if not args.output:
        sys.stdout.write(text)
        return 0
    problem = _write_report(Path(args.output), text)
    if problem:
        print(f"lw-method readiness: {problem}", file=sys.stderr)
        return 2
    return 0


def _write_report(path: Path, text: str) -> str | None:
    """Write the report, or say why it cannot be written there (no such folder, a folder)."""
    if not path.parent.is_dir():
        return f"{path}: cannot write the report: there is no folder {path.parent}"
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        return f"{path}: cannot write the report: {error.strerror}"
    return None


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="lw-method", description=__doc__)
    top.add_argument("--version", action="version", version=f"lw-method {__version__}")
    commands = top.add_subparsers(dest="command", required=True)

    new = commands.add_parser("new", help="start a handbook from the starter template")
    new.add_argument("directory")
    new.add_argument("--site", required=True, help="the site's name, e.g. 'North Borough'")
    new.add_argument("--title", help="the handbook's title")
    new.add_argument("--language", default="en", help="the language of the interface's words and "
                                                     "Sphinx's (default: en), e.g. cy")
    new.add_argument("--core", help="a site handbook on this core handbook: its lw-method.json "
                                    "(a path or an address)")
    new.add_argument("--core-url", help="where the core's pages are published (default: its "
                                        "export's base_url, or the export's folder)")
    new.set_defaults(run=new_handbook)

    build = commands.add_parser("build", help="build HTML (and PDF) with warnings as errors")
    build.add_argument("source", help="the folder of MyST sources")
    build.add_argument("-c", "--conf", help="the folder holding conf.py (default: SOURCE)")
    build.add_argument("-o", "--output", default="build", help="where to write (default: build)")
    build.add_argument("--pdf", action="store_true", help="also build the PDF with xelatex")
    build.add_argument("--lenient", action="store_true", help="don't treat warnings as errors")
    build.add_argument("--edition", choices=["public", "internal"], default="public",
                       help="public (default, into OUT/html) or internal, with stories marked "
                       ":visibility: internal (into OUT/html-internal)")
    build.add_argument("-b", "--builder", default="html", help="the Sphinx builder (default: html)")
    build.add_argument("-j", "--jobs", type=_jobs, default=0, metavar="N",
                       help="build in N processes (or auto), as sphinx-build -j")
    build.add_argument("-D", "--define", type=_definition, action="append", default=[],
                       metavar="NAME=VALUE", help="override a configuration value (repeatable)")
    build.set_defaults(run=build_handbook)

    serve = commands.add_parser("serve", help="a live preview that rebuilds on save (sphinx-autobuild)")
    serve.add_argument("source", help="the folder of MyST sources")
    serve.add_argument("-c", "--conf", help="the folder holding conf.py (default: SOURCE)")
    serve.add_argument("-o", "--output", default="build", help="where to write (default: build)")
    serve.add_argument("--port", type=int, default=8000, help="the port to serve on (default: 8000)")
    serve.add_argument("--host", default="127.0.0.1", help="the address to serve on (default: 127.0.0.1)")
    serve.add_argument("--open", action="store_true", help="open the preview in a browser")
    serve.set_defaults(run=serve_handbook)

    kit = commands.add_parser("kit", help="print materials for workshops: method and insight cards, "
                              "story posters, the readiness worksheet (PDF)")
    kit.add_argument("source", help="the folder of MyST sources")
    kit.add_argument("-c", "--conf", help="the folder holding conf.py (default: SOURCE)")
    kit.add_argument("-o", "--output", default="build", help="where to write: OUT/kit (default: build)")
    kit.add_argument("--edition", choices=["public", "internal"], default="public",
                     help="public (default, into OUT/kit: no internal story) or internal (OUT/kit-internal)")
    kit.add_argument("--base-url", help="the handbook's address, for the printed links and QR codes "
                                        "(default: html_baseurl)")
    kit.add_argument("--export", help="make the kit from this lw-method.json instead of building SOURCE")
    kit.add_argument("--lenient", action="store_true", help="don't treat warnings as errors")
    kit.set_defaults(run=kit_command)

    check = commands.add_parser("check", help="list every problem and evidence gap; exit 1 if any")
    check.add_argument("source", help="the folder of MyST sources")
    check.add_argument("-c", "--conf", help="the folder holding conf.py (default: SOURCE)")
    check.add_argument("--format", choices=["text", "github"], default="text",
                       help="text: file:line: [type] message; github: GitHub Actions annotations")
    check.set_defaults(run=check_handbook)

    readiness = commands.add_parser(
        "readiness", help="turn exported checklist answers (one file per partner) into a report")
    readiness.add_argument("answers", nargs="+", metavar="ANSWERS",
                           help="answers exported from the checklist page (CSV or JSON), one file per "
                           "partner, or one partner's files at several dates")
    readiness.add_argument("--label", action="append", metavar="NAME",
                           help="a partner's name, one for each answers file in order (default: a JSON "
                           "file's \"respondent\", else the file's name)")
    readiness.add_argument("--baseline", action="append", metavar="FILE",
                           help="earlier answers to compare with (repeatable): what moved since")
    readiness.add_argument("--handbook", action="append", metavar="EXPORT",
                           help="the handbook's lw-method.json (repeatable: checks merged, the first "
                           "export's where two share an id; default: build/html/lw-method.json)")
    readiness.add_argument("--format", choices=["md", "html"], default="md")
    readiness.add_argument("-o", "--output", help="write here instead of standard output")
    readiness.add_argument("--base-url", action="append", metavar="URL",
                           help="prefix for links into the handbook, one for each --handbook in order "
                           "(default: the path from the report to the handbook)")
    readiness.set_defaults(run=readiness_report)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
