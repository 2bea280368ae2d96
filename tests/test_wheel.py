"""The wheel a site installs: into a fresh venv (not editable), with no theme extra, then furo."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]


def run(*command: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    assert result.returncode == 0, f"{' '.join(command)}\n{result.stdout}\n{result.stderr}"
    return result


def test_a_wheel_in_a_fresh_venv_builds_the_starter_plain_and_with_furo(tmp_path):
    run(sys.executable, "-m", "build", "--wheel", "--outdir", str(tmp_path / "dist"), str(PROJECT))
    (wheel,) = (tmp_path / "dist").glob("lw_method-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("lw_method/schema/lw-method.schema.json", "lw_method/starter/conf/conf.py",
                   "lw_method/starter_site/conf/conf.py", "lw_method/texinputs/lw-method.sty",
                   "lw_method/static/lw-checklist.js"):
        assert needed in names, needed
    assert not [n for n in names if n.startswith(("tests/", "docs/"))]

    venv.create(tmp_path / "venv", with_pip=True)
    python = str(tmp_path / "venv" / "bin" / "python")
    run(python, "-m", "pip", "install", "--quiet", str(wheel))
    # the runtime needs Sphinx and MyST only: no theme or handbook extension came with it
    listed = run(python, "-m", "pip", "list", "--format=freeze").stdout.lower()
    assert "sphinx-book-theme" not in listed and "sphinx-design" not in listed and "furo" not in listed
    command = str(tmp_path / "venv" / "bin" / "lw-method")
    run(command, "new", str(tmp_path / "north"), "--site", "North Borough")
    run(command, "build", str(tmp_path / "north/docs"), "-c", str(tmp_path / "north/conf"),
        "-o", str(tmp_path / "plain"))
    assert "lw-method.css" in (tmp_path / "plain/html/index.html").read_text(encoding="utf-8")

    run(python, "-m", "pip", "install", "--quiet", "furo")
    run(command, "build", str(tmp_path / "north/docs"), "-c", str(tmp_path / "north/conf"),
        "-o", str(tmp_path / "furo"), "-D", "html_theme=furo")
    page = (tmp_path / "furo/html/readiness.html").read_text(encoding="utf-8")
    assert "furo" in page and "lw-checklist" in page
