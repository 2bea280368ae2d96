"""``lw-method check`` as a site runs it in CI: quiet on a fresh starter, honouring
``suppress_warnings`` for coverage, and GitHub annotations on request."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

LW_METHOD = [sys.executable, "-m", "lw_method.cli"]
PROJECT = Path(__file__).resolve().parents[1]


def starter(tmp_path) -> Path:
    site = tmp_path / "site"
    subprocess.run([*LW_METHOD, "new", str(site), "--site", "North Borough"], check=True,
                   capture_output=True)
    return site


def check(site: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([*LW_METHOD, "check", str(site / "docs"), "-c", str(site / "conf"), *extra],
                          capture_output=True, text=True, cwd=site.parent)


def test_a_fresh_starter_passes_check(tmp_path):
    result = check(starter(tmp_path))
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def set_suppressed(site: Path, subtypes: list[str]) -> None:
    conf = site / "conf" / "conf.py"
    lines = [line for line in conf.read_text().splitlines() if not line.startswith("suppress_warnings")]
    conf.write_text("\n".join([*lines, f"suppress_warnings = {subtypes!r}", ""]))


def test_coverage_gaps_are_silenced_by_suppress_warnings_like_any_warning(tmp_path):
    site = starter(tmp_path)
    set_suppressed(site, [])
    loud = check(site)
    assert loud.returncode == 1
    assert loud.stdout == ("site/docs/stories/first-story.md:13: [lw.coverage-quote] quote "
                           "'first-storyteller-words' is not excerpted by any insight\n")
    set_suppressed(site, ["lw.coverage-insight"])  # another subtype: the quote's gap stays
    assert "[lw.coverage-quote]" in check(site).stdout
    set_suppressed(site, ["lw"])  # the whole type
    assert check(site).returncode == 0


def test_github_format_prints_annotations_that_name_the_file_and_line(tmp_path):
    site = starter(tmp_path)
    set_suppressed(site, [])
    result = check(site, "--format", "github")
    assert result.returncode == 1
    assert result.stdout == ("::warning file=site/docs/stories/first-story.md,line=13,"
                             "title=lw.coverage-quote::quote 'first-storyteller-words' is not "
                             "excerpted by any insight\n")


def test_the_pre_commit_hook_runs_lw_method_check():
    (hook,) = yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "lw-method-check"
    assert hook["entry"] == "lw-method check" and hook["pass_filenames"] is False
    assert hook["language"] == "python"
