"""The ``lw-method`` command and hostile input: nothing in it is obeyed, every bad input is one
message naming the file and line with exit status 2, never a traceback."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOTS
from lw_method import sphinx_run as sphinx_run_module
from lw_method.cli import main
from lw_method.readiness import read_answers, read_handbook


def run(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    return code, captured.out, captured.err


def at(path: Path, line: int | None = None) -> str:
    """How the command names a place: the path relative to here, then the line."""
    return os.path.relpath(path) + (f":{line}: " if line else ": ")


# -- lw-method new -------------------------------------------------------------------------------

def sphinx_html(source: Path, conf: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-n", "-W", "--keep-going", "-q",
                           "-c", str(conf), str(source), str(out)], capture_output=True, text=True)


def page_text(path: Path) -> str:
    """A page's text as a reader sees it, with typographic quotes made straight again."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))
    return text.translate({ord("’"): "'", ord("‘"): "'", ord("“"): '"', ord("”"): '"'})


PWNED = "lw-method-pwned"


@pytest.mark.parametrize("site", [
    'O\'Brien "North" Borough',
    'x"; import os; os.system("touch ' + PWNED + '"); y="',
    "A `{lw:story}`x`` *b* [c](https://e.example) :::{lw:quote} q {title} # not-a-comment \\",
], ids=["quotes", "python-injection", "markup"])
def test_new_writes_any_site_name_as_text_and_the_handbook_builds(tmp_path, capsys, monkeypatch, site):
    monkeypatch.chdir(tmp_path)  # where the injection would create its file
    code, _, err = run(capsys, "new", tmp_path / "h", "--site", site)
    assert (code, err) == (0, "")
    result = sphinx_html(tmp_path / "h/docs", tmp_path / "h/conf", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / PWNED).exists()
    export = json.loads((tmp_path / "out/lw-method.json").read_text(encoding="utf-8"))
    assert export["project"] == f"{site} practice handbook"
    assert {(o["type"], o["id"]) for o in export["objects"]} == {
        ("story", "first-storyteller"), ("quote", "first-storyteller-words"),
        ("method", "daily-huddle"), ("check", "team-meets-daily")}
    assert next(o for o in export["objects"] if o["type"] == "story")["site"] == site
    assert f"The local handbook of {site}: our stories" in page_text(tmp_path / "out/index.html")
    assert site in page_text(tmp_path / "out/stories/first-story.html")


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--site", "North\n:::{lw:story} x", "--site must be one line of text; it holds a control character "
     "or line break (U+000A) at character 6"),
    ("--site", "North\r", "(U+000D)"),
    ("--site", "tab\there", "(U+0009)"),
    ("--site", "\x1b[31mred", "(U+001B)"),
    ("--site", "North\u2028South", "(U+2028)"),
    ("--site", "   ", "--site is empty"),
    ("--site", "<script>alert(1)</script>", "--site looks like HTML; a name is plain text"),
    ("--title", "Ours\n```{raw} html", "--title must be one line of text"),
], ids=["newline-directive", "carriage-return", "tab", "escape", "line-separator", "empty", "html", "title"])
def test_new_refuses_a_name_that_is_not_one_line_of_plain_text(tmp_path, capsys, option, value, message):
    args = ["new", tmp_path / "h", "--site", value if option == "--site" else "North"]
    code, out, err = run(capsys, *args, *([option, value] if option == "--title" else []))
    assert (code, out) == (2, "")
    assert err.startswith("lw-method new: ") and message in err
    assert not (tmp_path / "h").exists()


def test_new_into_a_file_is_a_message(tmp_path, capsys):
    taken = tmp_path / "notes.txt"
    taken.write_text("mine")
    for target in (taken, taken / "handbook"):
        code, _, err = run(capsys, "new", target, "--site", "North")
        assert code == 2 and f"lw-method new: {taken} is a file, not a folder" in err
    assert taken.read_text() == "mine"


# -- lw-method check and build: the configuration ------------------------------------------------

@pytest.fixture
def handbook(tmp_path) -> Path:
    """A starter handbook to break."""
    assert main(["new", str(tmp_path / "h"), "--site", "North"]) == 0
    return tmp_path / "h"


def command(name: str, handbook: Path, tmp_path: Path) -> list:
    where = ["-c", handbook / "conf"]
    return [name, handbook / "docs", *where, *(["-o", tmp_path / "out"] if name == "build" else [])]


BREAKAGES = {  # what is added to conf.py, the line (from its first added line) and the message
    "syntax-error": ("title = 'unclosed\n", 0, "syntax error: unterminated string literal"),
    "raises": ("def setting():\n    raise ValueError('no such setting')\n\nhtml_theme = setting()\n", 1,
               "conf.py raised ValueError: no such setting"),
    "exits": ("import sys\nsys.exit(3)\n", 1, "conf.py called sys.exit()"),
    "sphinx-error": ("from sphinx.errors import ConfigError\nraise ConfigError('set the html_theme')\n", 1,
                     "set the html_theme"),
    "missing-extension": ("\nextensions.append('lw_no_such_extension')\n", 1,
                          "the extension 'lw_no_such_extension' could not be loaded (ModuleNotFoundError: "
                          "No module named 'lw_no_such_extension'); install it or take it out of extensions"),
}


@pytest.mark.parametrize("name", ["check", "build"])
@pytest.mark.parametrize("breakage", BREAKAGES)
def test_a_broken_conf_py_is_one_located_line(handbook, tmp_path, capsys, name, breakage):
    added, offset, message = BREAKAGES[breakage]
    conf = handbook / "conf/conf.py"
    first_added = conf.read_text().count("\n") + 1
    conf.write_text(conf.read_text() + added)
    code, out, err = run(capsys, *command(name, handbook, tmp_path))
    assert code == 2 and f"lw-method {name}: {at(conf, first_added + offset)}{message}" in err
    assert not (tmp_path / "out/html/index.html").exists()


@pytest.mark.parametrize("name", ["check", "build"])
def test_conf_py_without_lw_method_says_where_to_add_it(handbook, tmp_path, capsys, name):
    conf = handbook / "conf/conf.py"
    lines = conf.read_text().splitlines(keepends=True)
    line = next(n for n, text in enumerate(lines, 1) if text.startswith("extensions ="))
    lines[line - 1] = 'extensions = ["myst_parser"]\n'
    conf.write_text("".join(lines))
    code, _, err = run(capsys, *command(name, handbook, tmp_path))
    assert code == 2
    assert f'{at(conf, line)}lw_method is not in extensions; add it: extensions = ["myst_parser", "lw_method"]' in err


@pytest.mark.parametrize("name", ["check", "build"])
def test_a_missing_source_folder_or_conf_py_is_named(tmp_path, capsys, name):
    code, _, err = run(capsys, name, tmp_path / "nowhere", *(["-o", tmp_path / "out"] if name == "build" else []))
    assert code == 2 and f"lw-method {name}: {tmp_path / 'nowhere'}: no such folder of sources" in err
    code, _, err = run(capsys, name, tmp_path, *(["-o", tmp_path / "out"] if name == "build" else []))
    assert code == 2 and f"{tmp_path}: no conf.py here (give the folder holding it with -c)" in err


@pytest.mark.parametrize("name", ["check", "build"])
def test_a_source_that_is_not_utf8_is_named_with_its_line(handbook, tmp_path, capsys, name):
    source = handbook / "docs/methods/huddle.md"
    source.write_bytes("# Daily huddle\n\nCafé au lait at nine.\n".encode("latin-1"))
    code, out, err = run(capsys, *command(name, handbook, tmp_path))
    assert code == 1  # the extension's lw.bad-source warning, a problem like any other
    assert any(f"{path}:3: " in out + err for path in (source, os.path.relpath(source)))
    assert "[lw.bad-source]" in out + err


@pytest.mark.parametrize("name", ["check", "build"])
def test_a_sphinx_error_raised_by_an_extension_names_the_page(tmp_path, capsys, monkeypatch, name):
    monkeypatch.setenv("LW_TEST_KETTLE", "cold")
    project = tmp_path / "project"
    shutil.copytree(ROOTS / "test-cli-extension-error", project)
    code, _, err = run(capsys, name, project, *(["-o", tmp_path / "out"] if name == "build" else []))
    assert code == 2 and f"lw-method {name}: {at(project / 'tea.md')}the kettle is cold" in err


def test_a_bug_in_an_extension_is_one_line_with_the_traceback_kept_in_a_file(tmp_path, capsys):
    project = tmp_path / "project"
    shutil.copytree(ROOTS / "test-cli-extension-error", project)
    code, _, err = run(capsys, "check", project)
    assert code == 2 and len(err.splitlines()) == 1
    stopped = f"lw-method check: {at(project / 'tea.md')}the build stopped on ZeroDivisionError: division by zero"
    assert err.startswith(stopped)
    log = Path(re.search(r"\(the traceback is in (\S+)\)$", err.strip())[1])
    assert "in run\n    return [1 / 0]" in log.read_text()
    log.unlink()


# -- lw-method build: folders, editions, options --------------------------------------------------

INTERNAL_STORY = """# Kept for the team

:::{lw:story} kept-story
:name: Kay
:role: Nurse
:site: North
:consent: Shared with consent, for the team only
:visibility: internal
Words for the team.
:::
"""


def test_build_keeps_doctrees_out_of_each_edition_s_own_folder(handbook, tmp_path, capsys):
    (handbook / "docs/stories/kept.md").write_text(INTERNAL_STORY)
    index = handbook / "docs/index.md"
    index.write_text(index.read_text().replace("stories/first-story\n", "stories/first-story\nstories/kept\n"))
    out = tmp_path / "out"
    for edition in ("public", "internal"):
        code, _, err = run(capsys, "build", handbook / "docs", "-c", handbook / "conf", "-o", out, "--edition", edition)
        assert code == 0, err
    public, internal = out / "html", out / "html-internal"
    assert (public / "index.html").is_file() and not (public / "stories/kept.html").exists()
    assert (internal / "stories/kept.html").is_file()
    for published in (public, internal):
        leaked = [p for p in published.rglob("*") if p.suffix == ".doctree" or p.name == "environment.pickle"]
        assert leaked == []
    assert (out / "doctrees/html/environment.pickle").is_file()
    assert (out / "doctrees/html-internal/environment.pickle").is_file()


def test_build_passes_jobs_definitions_and_builder_to_sphinx(handbook, tmp_path, capsys, monkeypatch):
    given = []
    real = sphinx_run_module.run_sphinx
    monkeypatch.setattr(sphinx_run_module, "run_sphinx", lambda *a, **k: given.append((a, k)) or real(*a, **k))
    out = tmp_path / "out"
    code, _, err = run(capsys, "build", handbook / "docs", "-c", handbook / "conf", "-o", out,
                       "-b", "dirhtml", "-j", "2", "-D", "html_title=Passed through", "-D", "html_short_title=Short")
    assert code == 0, err
    (_, _, outdir, doctreedir, builder), options = given[0]
    assert (outdir, doctreedir, builder) == (out / "dirhtml", out / "doctrees/dirhtml", "dirhtml")
    assert options["parallel"] == 2
    assert options["overrides"] == {"html_title": "Passed through", "html_short_title": "Short",
                                    "nitpicky": True, "lw_edition": "public"}
    assert "Passed through" in (out / "dirhtml/readiness/index.html").read_text(encoding="utf-8")


def test_build_refuses_an_edition_given_with_d_and_bad_options(handbook, tmp_path, capsys):
    base = ["build", handbook / "docs", "-c", handbook / "conf", "-o", tmp_path / "out"]
    code, _, err = run(capsys, *base, "-D", "lw_edition=internal")
    assert code == 2 and "choose the edition with --edition public|internal" in err
    for bad in (["-D", "no-equals"], ["-j", "0"], ["--edition", "secret"]):
        with pytest.raises(SystemExit) as stopped:
            main([str(a) for a in base] + bad)
        assert stopped.value.code == 2
    assert not (tmp_path / "out").exists()


# -- lw-method readiness -------------------------------------------------------------------------

CHECKS = [
    {"id": "kettle-ready", "type": "check", "docname": "readiness", "url": "readiness.html#lw-check-kettle-ready",
     "title": "There is a kettle.", "area": "Operations", "text": "There is a kettle.",
     "methods": [], "evidence": [], "insights": []},
    {"id": "budget-shared", "type": "check", "docname": "readiness", "url": "readiness.html#lw-check-budget-shared",
     "title": "Budgets are pooled.", "area": "Commissioning", "text": "Budgets are pooled.",
     "methods": [], "evidence": [], "insights": []},
]


def write_export(path: Path, objects: list[dict]) -> Path:
    """An export with one object per line: object N starts on line N + 2."""
    lines = ['{"schema": "lw-method/1", "project": "Test",', ' "objects": [']
    lines += [" " + json.dumps(o) + ("," if n < len(objects) - 1 else "") for n, o in enumerate(objects)]
    path.write_text("\n".join([*lines, "]}"]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def export(tmp_path) -> Path:
    return write_export(tmp_path / "lw-method.json", CHECKS)


def readiness(capsys, answers: Path, export: Path, *more) -> tuple[int, str, str]:
    return run(capsys, "readiness", answers, "--handbook", export, *more)


def answers_file(tmp_path: Path, text: str, name: str = "answers.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_folders_instead_of_files_are_messages(tmp_path, capsys, export):
    code, _, err = readiness(capsys, tmp_path, export)
    assert code == 2 and f"lw-method readiness: {tmp_path}: is a folder, not a CSV or JSON text file" in err
    answers = answers_file(tmp_path, "check,status,notes\n")
    code, _, err = readiness(capsys, answers, tmp_path)
    assert code == 2 and f"lw-method readiness: {tmp_path}: is a folder, not a handbook export" in err


def test_a_report_that_cannot_be_written_is_a_message(tmp_path, capsys, export):
    answers = answers_file(tmp_path, "check,status,notes\nkettle-ready,not-yet,\n")
    missing = tmp_path / "no-such-folder" / "report.md"
    code, out, err = readiness(capsys, answers, export, "-o", missing)
    assert (code, out) == (2, "")
    assert f"lw-method readiness: {missing}: cannot write the report: there is no folder {missing.parent}" in err
    code, _, err = readiness(capsys, answers, export, "-o", tmp_path)
    assert code == 2 and f"lw-method readiness: {tmp_path}: cannot write the report" in err


@pytest.mark.parametrize("which", ["answers", "handbook"])
def test_deeply_nested_json_is_refused_at_its_line(tmp_path, capsys, export, which):
    deep = '{"answers": [\n' + "[" * 100_000 + "]" * 100_000 + "\n]}"
    nested = answers_file(tmp_path, deep, "deep.json")
    answers = answers_file(tmp_path, "check,status,notes\n", "a.csv")
    code, _, err = (readiness(capsys, nested, export) if which == "answers"
                    else readiness(capsys, answers, nested))
    assert code == 2 and f"{nested}: line 2: JSON nested more than 32 levels deep" in err


@pytest.mark.parametrize(("field", "message"), [
    ("area", "the check 'budget-shared' has no 'area' text"),
    ("text", "the check 'budget-shared' has no 'text' text"),
    ("id", 'an object has no "type" and "id" text'),
])
def test_a_handbook_export_missing_a_field_is_refused_at_the_object(tmp_path, capsys, field, message):
    broken = [CHECKS[0], {k: v for k, v in CHECKS[1].items() if k != field}]
    export = write_export(tmp_path / "lw-method.json", broken)
    answers = answers_file(tmp_path, "check,status,notes\nkettle-ready,not-yet,\n")
    code, _, err = readiness(capsys, answers, export)
    assert code == 2 and f"lw-method readiness: {export}: line 4: {message}" in err


@pytest.mark.parametrize(("content", "message"), [
    ('check,status,notes\nkettle-ready,in-place,"open\nbudget-shared,emerging,\n',
     "line 2: a quoted field is never closed"),
    ('check,status,notes\nkettle-ready,in-place,\nbudget-shared,done,"two\nlines"\n',
     "line 3: status 'done' is not one of not-yet, emerging, in-place"),
    ('check,status,notes\nkettle-ready,in-place,"a ""quoted""\nnote"\nbudget-shared,"emerging"x,\n',
     "line 4: not valid CSV"),
    ('{"answers": [{"check": "kettle-ready", "notes": {"text": "mine"}}]}',
     "line 1: answer 1: 'notes' must be text, not an object"),
    ('{"answers": [\n  {"check": "kettle-ready", "status": "in-place"},\n  {"check": "budget-shared",\n'
     '   "notes": ["a", "list"]}\n]}', "line 3: answer 2: 'notes' must be text, not a list"),
    ('{"answers": [\n  {"check": "kettle-ready", "status": 3}\n]}', "line 2: answer 1: 'status' must be text"),
    ('{"answers": [\n  {"check": "kettle-ready", "status": 1' + "0" * 5000 + '}\n]}',
     "line 2: answer 1: 'status' must be text, not a number"),
    ('{"answers": [\n  {"check": "kettle-ready"},\n  "budget-shared"\n]}',
     'line 3: answer 2 is not an object {"check", "status", "notes"}'),
    ('[\n  {"check": "kettle-ready"},\n  {\n    "status": "in-place",\n    "check": "kettle-ready"\n  }\n]',
     "line 3: check 'kettle-ready' is answered twice (first on line 2)"),
    ('{"answers": [\n  {"check": "kettle-ready",\n   "check": "budget-shared"}\n]}',
     "line 2: the key 'check' is given twice in one object"),
    ('{"answers": [{"check": "kettle-ready", "notes": "\\u001b]0;pwned\\u0007"}]}',
     "line 1: the notes hold a character that is not text (U+001B)"),
    ('{"answers": [{"check": "kettle-ready", "notes": "\\udc80"}]}',
     "line 1: the notes hold a character that is not text (U+DC80)"),
], ids=["unclosed-quote", "row-over-two-lines", "bad-quote-after-multiline-row", "notes-object",
        "notes-list", "status-number", "huge-number", "answer-not-object", "twice-multiline",
        "repeated-key", "terminal-escape", "lone-surrogate"])
def test_bad_answers_are_refused_on_the_line_where_the_answer_starts(tmp_path, capsys, export, content, message):
    answers = answers_file(tmp_path, content)
    code, out, err = readiness(capsys, answers, export)
    assert (code, out) == (2, "")
    assert err.startswith(f"lw-method readiness: {answers}: ") and message in err, err


@pytest.mark.parametrize(("cell", "notes"), [
    ("\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"Click\"\")\"", '=HYPERLINK("https://evil.example","Click")'),
    ("'+1", "+1"), ("'-1", "-1"), ("'@SUM(A1)", "@SUM(A1)"), ("''=a quote first", "'=a quote first"),
    ("'quoted but no formula", "'quoted but no formula"), ("=unguarded", "=unguarded"),
])
def test_csv_notes_are_read_back_without_the_formula_guard(tmp_path, export, cell, notes):
    answers = answers_file(tmp_path, f"check,status,notes\nkettle-ready,not-yet,{cell}\n", "a.csv")
    assert read_answers(answers, read_handbook(export))["kettle-ready"].notes == notes


def test_notes_cannot_add_headings_or_rows_to_the_markdown_report(tmp_path, capsys, export):
    answers = answers_file(tmp_path, json.dumps({"answers": [
        {"check": "kettle-ready", "status": "not-yet", "notes": "Soon.\n\n## All in place\n| Operations | 9 |"}]}))
    code, out, _ = readiness(capsys, answers, export)
    assert code == 0
    assert "Your notes: Soon. ## All in place \\| Operations \\| 9 \\|" in out
    assert not [line for line in out.splitlines() if line.startswith("## All")]
