"""A handbook publishes the way Sphinx users expect: on Read the Docs and on GitHub Pages.

``lw-method new`` (both templates) writes ``.readthedocs.yaml``, a GitHub Pages workflow and
the ``requirements.txt`` both install; this repository has its own two for the core handbook.
Each file is read as YAML, and the build command it runs is run here, on a fresh starter (or
on a copy of the handbook's sources), the way Read the Docs and GitHub Actions run it.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.version import Version

from lw_method.cli import main

PROJECT = Path(__file__).resolve().parents[1]
PUBLISHING = (".readthedocs.yaml", ".github/workflows/pages.yml", "requirements.txt", "README.md")


@pytest.fixture(params=["handbook", "site"])
def starter(request, tmp_path, core_export) -> Path:
    """A fresh ``lw-method new`` folder: the handbook starter, or the site starter on a core."""
    target = tmp_path / "north-borough"
    core = ["--core", str(core_export)] if request.param == "site" else []
    assert main(["new", str(target), "--site", "North Borough", *core]) == 0
    return target


def shell(command: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    """``command`` as a CI runner runs it: bash, in ``cwd``, with this Python's scripts on PATH."""
    environment = {**os.environ, **env,
                   "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(["bash", "-e", "-c", command], cwd=cwd, env=environment,
                          capture_output=True, text=True, timeout=600)


def read_yaml(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    return data


def python_version(value) -> Version:
    assert isinstance(value, str), f"a Python version is a string in YAML, not {value!r} (3.10 reads as 3.1)"
    return Version(value)


def workflow_parts(path: Path) -> tuple[dict, dict, list[dict]]:
    """The workflow, its trigger (YAML 1.1 reads ``on:`` as True) and its build job's steps."""
    workflow = read_yaml(path)
    trigger = workflow.get("on", workflow.get(True))
    return workflow, trigger, workflow["jobs"]["build"]["steps"]


def step_using(steps: list[dict], action: str) -> dict:
    found = [step for step in steps if step.get("uses", "").split("@")[0] == action]
    assert len(found) == 1, f"one step uses {action}: {steps}"
    return found[0]


def check_pages_deploy(workflow: dict, trigger: dict, steps: list[dict]) -> Path:
    """What every Pages workflow needs; returns the folder it publishes."""
    assert "main" in trigger["push"]["branches"]
    assert {"pages": "write", "id-token": "write"}.items() <= workflow["permissions"].items()
    step_using(steps, "actions/checkout")
    assert python_version(step_using(steps, "actions/setup-python")["with"]["python-version"]) >= Version("3.11")
    # v4 of upload-pages-artifact leaves out dotfiles such as .nojekyll
    upload = step_using(steps, "actions/upload-pages-artifact")
    assert upload["uses"].endswith("@v3"), upload
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]
    return Path(upload["with"]["path"])


def test_a_new_handbook_carries_its_publishing_files(starter):
    for name in PUBLISHING:
        assert (starter / name).is_file(), name
    readme = (starter / "README.md").read_text(encoding="utf-8")
    for said in ("lw-method build docs -c conf -o build", "lw-method serve docs -c conf",
                 "GitHub Actions", "Read the Docs", ".nojekyll"):
        assert said in readme, said
    assert "North Borough" in readme and "{site}" not in readme and "{title}" not in readme
    conf = (starter / "conf/conf.py").read_text(encoding="utf-8")
    assert re.search(r'^extensions = \[[^\]]*"sphinx\.ext\.githubpages"', conf, re.M), conf
    # what both platforms install: lw-method, by the name it has on PyPI
    requirements = [Requirement(line) for line in (starter / "requirements.txt").read_text().splitlines()
                    if line.strip() and not line.lstrip().startswith("#")]
    assert [r.name for r in requirements] == ["lw-method"]


def test_read_the_docs_builds_the_starter_and_publishes_its_html(starter, tmp_path):
    config = read_yaml(starter / ".readthedocs.yaml")
    assert config["version"] == 2
    assert config["build"]["os"].startswith("ubuntu-")
    assert python_version(config["build"]["tools"]["python"]) >= Version("3.11")
    assert config["sphinx"]["configuration"] == "conf/conf.py"
    assert (starter / config["sphinx"]["configuration"]).is_file()
    assert config["python"]["install"] == [{"requirements": "requirements.txt"}]
    commands = config["build"]["jobs"]["build"]["html"]
    output = tmp_path / "_readthedocs"
    for command in commands:  # as Read the Docs runs them: each in a new shell, from the top
        result = shell(command, starter, READTHEDOCS_OUTPUT=str(output))
        assert result.returncode == 0, f"{command}\n{result.stdout}{result.stderr}"
    assert (output / "html/index.html").is_file()
    assert (output / "html/.nojekyll").is_file()
    assert (output / "html/lw-method.json").is_file()


def test_the_pages_workflow_builds_the_starter_and_uploads_its_html(starter):
    workflow, trigger, steps = workflow_parts(starter / ".github/workflows/pages.yml")
    published = check_pages_deploy(workflow, trigger, steps)
    runs = [step["run"] for step in steps if "run" in step]
    assert runs[0] == "python -m pip install -r requirements.txt"
    assert runs[1:] == ["lw-method build docs -c conf -o build"]
    result = shell(runs[1], starter)  # what the runner does after installing requirements.txt
    assert result.returncode == 0, result.stdout + result.stderr
    assert (starter / published / "index.html").is_file()
    assert (starter / published / ".nojekyll").is_file()  # sphinx.ext.githubpages


def core_copy(tmp_path: Path) -> Path:
    """The handbook's sources and configuration, where a build may write beside them."""
    copy = tmp_path / "core"
    for folder in ("docs", "conf"):
        shutil.copytree(PROJECT / folder, copy / folder)
    return copy


def test_read_the_docs_builds_the_core_handbook(tmp_path):
    config = read_yaml(PROJECT / ".readthedocs.yaml")
    assert config["version"] == 2 and config["build"]["os"].startswith("ubuntu-")
    assert python_version(config["build"]["tools"]["python"]) >= Version("3.11")
    assert config["sphinx"]["configuration"] == "conf/conf.py"
    assert config["python"]["install"] == [{"method": "pip", "path": ".", "extra_requirements": ["handbook"]}]
    extras = tomllib.loads((PROJECT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    assert "handbook" in extras
    (command,) = config["build"]["jobs"]["build"]["html"]
    # the Makefile's options: warnings are errors
    assert {"-n", "-W", "--keep-going"} <= set(shlex.split(command)), command
    copy, output = core_copy(tmp_path), tmp_path / "_readthedocs"
    result = shell(command, copy, READTHEDOCS_OUTPUT=str(output))
    assert result.returncode == 0, result.stdout + result.stderr
    assert (output / "html/index.html").is_file() and (output / "html/lw-method.json").is_file()


def test_the_core_pages_workflow_runs_make_html(tmp_path):
    workflow, trigger, steps = workflow_parts(PROJECT / ".github/workflows/pages.yml")
    published = check_pages_deploy(workflow, trigger, steps)
    runs = [step["run"] for step in steps if "run" in step]
    assert runs == ["make html", f"touch {published}/.nojekyll"]
    # make html's build, as the Makefile writes it (its set-up step is the workflow's pip install)
    dry = subprocess.run(["make", "-n", "html", f"BUILD={tmp_path / 'build'}"], cwd=PROJECT,
                         capture_output=True, text=True, check=True).stdout
    (build,) = [line for line in dry.splitlines() if " -b html " in line]
    assert build.endswith(f"{tmp_path / 'build'}/html") and published == Path("build/html")
    result = subprocess.run(build, shell=True, cwd=PROJECT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "build/html/index.html").is_file()


def test_the_wheel_and_sdist_carry_the_starters_dotfiles(tmp_path):
    """setuptools' ``starter/**/*`` skips names that start with a dot: pyproject names them.
    Built from a copy without ``*.egg-info``: setuptools adds the files an old SOURCES.txt lists."""
    skipped = {".git", ".venv", "node_modules", "build", "_build", ".pytest_cache", ".hypothesis"}
    source = tmp_path / "src"
    shutil.copytree(PROJECT, source, ignore=lambda folder, names: [
        n for n in names if n.endswith(".egg-info") or n == "__pycache__"
        or (Path(folder) == PROJECT and n in skipped)])
    subprocess.run([sys.executable, "-m", "build", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True)
    (wheel,) = tmp_path.glob("lw_method-*.whl")
    (sdist,) = tmp_path.glob("lw_method-*.tar.gz")
    with zipfile.ZipFile(wheel) as archive:
        in_wheel = set(archive.namelist())
    with tarfile.open(sdist) as archive:
        in_sdist = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    for template in ("starter", "starter_site"):
        for name in (*PUBLISHING, ".gitignore"):
            assert f"lw_method/{template}/{name}" in in_wheel, (template, name)
            assert f"lw_method/{template}/{name}" in in_sdist, (template, name)
