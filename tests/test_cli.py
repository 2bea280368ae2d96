"""The ``lw-method`` command: a new site starts a handbook and builds it strictly."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from lw_method.cli import main


def test_new_then_build_gives_a_linked_starter_handbook(tmp_path, capsys):
    target = tmp_path / "north"
    assert main(["new", str(target), "--site", "North Borough"]) == 0
    assert "Started a handbook" in capsys.readouterr().out
    assert ":site: North Borough" in (target / "docs/stories/first-story.md").read_text()
    assert main(["build", str(target / "docs"), "-c", str(target / "conf"), "-o", str(tmp_path / "out")]) == 0
    export = json.loads((tmp_path / "out/html/lw-method.json").read_text())
    kinds = {(o["type"], o["id"]) for o in export["objects"]}
    assert kinds == {("story", "first-storyteller"), ("quote", "first-storyteller-words"),
                     ("method", "daily-huddle"), ("check", "team-meets-daily")}
    method = next(o for o in export["objects"] if o["id"] == "daily-huddle")
    assert method["checks"] == ["team-meets-daily"]


def test_new_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    (tmp_path / "keep.txt").write_text("mine")
    assert main(["new", str(tmp_path), "--site", "X"]) == 2
    assert "is not empty" in capsys.readouterr().err
    assert (tmp_path / "keep.txt").read_text() == "mine"


def test_build_fails_on_a_warning_unless_lenient(tmp_path):
    main(["new", str(tmp_path / "h"), "--site", "Y"])
    story = tmp_path / "h/docs/stories/first-story.md"
    story.write_text(story.read_text().replace(":role: Their role\n", ""))
    args = ["build", str(tmp_path / "h/docs"), "-c", str(tmp_path / "h/conf"), "-o", str(tmp_path / "o")]
    assert main(args) != 0
    assert main([*args, "--lenient"]) == 0


def test_the_console_script_is_installed():
    exe = shutil.which("lw-method", path=str((__import__("pathlib").Path(sys.executable).parent)))
    if exe is None:
        pytest.fail("the lw-method console script is not installed next to this Python")
    result = subprocess.run([exe, "--version"], capture_output=True, text=True, check=True)
    assert result.stdout.startswith("lw-method ")
