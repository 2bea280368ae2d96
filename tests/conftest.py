"""Shared fixtures: Sphinx's testing fixtures with our roots, and output readers."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOTS = Path(__file__).parent / "roots"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


def read_html(app, docname: str) -> str:
    return (app.outdir / f"{docname}.html").read_text(encoding="utf-8")


def read_export(app) -> dict:
    return json.loads((app.outdir / "lw-method.json").read_text(encoding="utf-8"))


def objects_by_key(export: dict) -> dict[tuple[str, str], dict]:
    return {(o["type"], o["id"]): o for o in export["objects"]}


ANSI = re.compile(r"\x1b\[[0-9;]*m")


def warnings_of(app) -> list[str]:
    """The build's warning lines, without colour codes."""
    return [line for line in ANSI.sub("", app.warning.getvalue()).splitlines() if line.strip()]
