"""``lw-method readiness``: exported answers become a report; bad files get a located message."""

from __future__ import annotations

import json

import pytest

from conftest import read_export, read_html, warnings_of
from lw_method.cli import main


@pytest.fixture
def handbook(app):
    """The basic root's export, plus a coach's own check in a file of theirs."""
    app.build()
    return app.outdir / "lw-method.json"


pytestmark = pytest.mark.sphinx("html", testroot="basic", freshenv=True)


def run(capsys, *args) -> tuple[int, str, str]:
    code = main(["readiness", *map(str, args)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_markdown_report_gives_standing_then_every_gap_with_methods_and_evidence(handbook, tmp_path, capsys):
    answers = tmp_path / "answers.csv"
    answers.write_text("check,status,notes\nkettle-ready,in-place,\nbudget-shared,emerging,Talks | underway\n")
    code, out, err = run(capsys, answers, "--handbook", handbook, "--base-url", "https://handbook.example/")
    assert (code, err) == (0, "")
    assert "| Operations | 1 | 0 | 0 | 0 | In place |" in out
    assert "| Commissioning | 0 | 1 | 0 | 0 | Emerging |" in out
    gaps = out[out.index("## Gaps to work on"):]
    assert "#### Emerging: Budgets are pooled across organisations." in gaps
    assert "There is a kettle" not in gaps  # in place is not a gap
    assert "Your notes: Talks \\| underway" in gaps
    assert "- [Tea circles](https://handbook.example/methods/tea.html#lw-method-tea-circle)" in gaps
    assert ("- “Budgets follow people, not the other way round.” — Ben, Commissioner, Southtown "
            "([full story](https://handbook.example/stories/ben.html#lw-quote-ben-budget))") in gaps
    assert "[Insight 1: Tea builds trust.](https://handbook.example/insights/one.html#lw-insight-insight-one)" in gaps
    assert "## Not yet assessed" not in out


def test_json_answers_give_the_same_report_and_unanswered_checks_are_listed(handbook, tmp_path, capsys):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"answers": [{"check": "budget-shared", "status": "not-yet", "notes": ""}]}))
    code, out, _ = run(capsys, answers, "--handbook", handbook)
    assert code == 0
    assert "#### Not yet: Budgets are pooled across organisations." in out
    assert "## Not yet assessed\n\n- There is a kettle and people know where it is. (`kettle-ready`)" in out


def test_html_report_is_a_page_with_escaped_notes_and_relative_links(handbook, tmp_path, capsys):
    answers = tmp_path / "answers.csv"
    answers.write_text('check,status,notes\nbudget-shared,not-yet,"<script>x</script>"\n')
    out_file = tmp_path / "reports" / "report.html"
    out_file.parent.mkdir()
    code, out, _ = run(capsys, answers, "--handbook", handbook, "--format", "html", "-o", out_file)
    assert (code, out) == (0, "")
    page = out_file.read_text()
    assert page.startswith("<!DOCTYPE html>") and "<h2>Where you stand</h2>" in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page and "<script>" not in page
    link = page[page.index('<a href="') + 9:].split('"')[0]
    assert (out_file.parent / link.split("#")[0]).resolve() == (handbook.parent / "readiness.html").resolve()


@pytest.mark.parametrize(("content", "message"), [
    ("check,status,notes\nkettle-ready,in-place,\nno-such-check,emerging,\n",
     "line 3: no check has the id 'no-such-check' in this handbook"),
    ("check,status,notes\nkettle-ready,done,\n",
     "line 2: status 'done' is not one of not-yet, emerging, in-place"),
    ("id,state\nkettle-ready,in-place\n",
     "line 1: not a readiness answers file: the first line must be the columns check,status,notes"),
    ("check,status,notes\nkettle-ready,in-place\n", "line 2: expected 3 columns (check,status,notes), found 2"),
    ("check,status,notes\nkettle-ready,in-place,\nkettle-ready,emerging,\n",
     "line 3: check 'kettle-ready' is answered twice (first on line 2)"),
    ('{"answers": [\n  {"check": "kettle-ready", "status": "in-place"},\n  {"check": "nope", "status": ""}\n]}',
     "line 3: no check has the id 'nope' in this handbook"),
    ('{"answers": [\n  {"check": "kettle-ready",, }\n]}', "line 2: not valid JSON"),
    ('{"results": []}', 'JSON answers need an "answers" list'),
    ("Dear team, here are our answers.\n", "line 1: not a readiness answers file"),
], ids=["unknown-check", "bad-status", "wrong-columns", "short-row", "twice", "json-unknown",
        "bad-json", "json-shape", "not-csv"])
def test_bad_answers_files_get_a_located_message_and_exit_2(handbook, tmp_path, capsys, content, message):
    answers = tmp_path / "answers.txt"
    answers.write_text(content)
    code, out, err = run(capsys, answers, "--handbook", handbook)
    assert code == 2 and out == ""
    assert err.startswith(f"lw-method readiness: {answers}: ") and message in err
    assert "Traceback" not in err


def test_a_binary_file_or_a_missing_handbook_is_a_message_not_a_traceback(handbook, tmp_path, capsys):
    binary = tmp_path / "answers.xlsx"
    binary.write_bytes(b"PK\x03\x04\xff\xfe\x00\x00binary")
    code, _, err = run(capsys, binary, "--handbook", handbook)
    assert code == 2 and "not a CSV or JSON text file" in err
    answers = tmp_path / "a.csv"
    answers.write_text("check,status,notes\n")
    code, _, err = run(capsys, answers, "--handbook", tmp_path / "missing.json")
    assert code == 2 and "no handbook export here; build the handbook first" in err


@pytest.mark.sphinx("html", testroot="basic", freshenv=True, srcdir="coach-check")
def test_a_coach_adds_a_check_in_their_own_file_and_it_joins_checklist_export_and_report(app, tmp_path, capsys):
    local = app.srcdir / "methods" / "local.md"
    local.write_text("# Our local checks\n\n:::{lw:check} local-room-booked\n:area: Operations\n"
                     ":methods: tea-circle\n:evidence: ana-kettle\nA room is booked for the weekly circle.\n:::\n")
    index = app.srcdir / "index.md"
    index.write_text(index.read_text().replace("readiness\n", "readiness\nmethods/local\n"))
    app.build()
    assert warnings_of(app) == []
    checklist = read_html(app, "readiness")
    assert "A room is booked for the weekly circle." in checklist[checklist.index('class="lw-checklist"'):]
    assert [o["id"] for o in read_export(app)["objects"] if o["type"] == "check"][-1] == "local-room-booked"
    answers = tmp_path / "a.csv"
    answers.write_text("check,status,notes\nlocal-room-booked,not-yet,\n")
    code, out, _ = run(capsys, answers, "--handbook", app.outdir / "lw-method.json")
    assert code == 0 and "#### Not yet: A room is booked for the weekly circle." in out
