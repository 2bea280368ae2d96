"""A site can install and trust the package: its metadata, and an sdist whose tests run."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path

import lw_method

PROJECT = Path(__file__).resolve().parents[1]


def test_metadata_says_what_a_sphinx_user_looks_for():
    meta = importlib.metadata.metadata("lw-method")
    assert meta["Version"] == lw_method.__version__  # defined once, in the package
    assert meta["License-Expression"] == "MIT"
    assert "Framework :: Sphinx :: Extension" in meta.get_all("Classifier")
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text())["project"]
    # the extension imports Sphinx and MyST, and brings Snowball's C stemmer for the search index;
    # the handbook's theme and extensions are an extra
    assert [d.split(">")[0].split("<")[0] for d in project["dependencies"]] == [
        "sphinx", "myst-parser", "PyStemmer"]
    assert {"sphinx-book-theme", "sphinx-design", "sphinxcontrib-bibtex"} == {
        d.split(">")[0] for d in project["optional-dependencies"]["handbook"]}


def test_the_sdist_carries_its_tests_and_they_run_from_it(tmp_path):
    subprocess.run([sys.executable, "-m", "build", "--sdist", "--outdir", str(tmp_path), str(PROJECT)],
                   check=True, capture_output=True)
    (sdist,) = tmp_path.glob("lw_method-*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
        archive.extractall(tmp_path, filter="data")
    for needed in ("LICENSE", "tests/conftest.py", "tests/roots/test-basic/conf.py", "docs/index.md",
                   "conf/conf.py", "lw_method/texinputs/lw-book.sty", "lw_method/starter/conf/conf.py",
                   "lw_method/static/lw-checklist.js", "lw_method/templates/lw-sections.html"):
        assert needed in names, needed
    assert not [name for name in names if "__pycache__" in name]
    unpacked = tmp_path / sdist.name.removesuffix(".tar.gz")
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             "tests/test_validation.py"], cwd=unpacked, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout
