"""The JSON Schemas shipped in the package, validated by jsonschema (the reference validator)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from conftest import read_export

SCHEMAS = Path(__file__).parents[1] / "lw_method" / "schema"
ANSWERS = json.loads((SCHEMAS / "readiness-answers.schema.json").read_text(encoding="utf-8"))
EXPORT = json.loads((SCHEMAS / "lw-method.schema.json").read_text(encoding="utf-8"))
TESTS = Path(__file__).parent


@pytest.mark.parametrize("schema", [ANSWERS, EXPORT], ids=["answers", "export"])
def test_each_schema_is_a_valid_json_schema(schema):
    jsonschema.Draft202012Validator.check_schema(schema)


def answers_files() -> list[Path]:
    """Every JSON answers file the tests keep (the ones meant to be bad say so in their name)."""
    return sorted(p for p in TESTS.rglob("*.json") if "node_modules" not in p.parts
                  and '"answers"' in p.read_text(encoding="utf-8", errors="replace"))


def test_the_tests_keep_answers_files_to_check():
    assert answers_files(), "no answers files found"


@pytest.mark.parametrize("path", answers_files(), ids=lambda p: str(p.relative_to(TESTS)))
def test_every_answers_file_the_tests_use_meets_the_schema_or_is_meant_to_be_bad(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft202012Validator(ANSWERS).iter_errors(data))
    meant_to_be_bad = path.stem.startswith("bad") or "bad-" in path.stem
    assert bool(errors) == meant_to_be_bad, [e.message for e in errors]


def test_a_date_that_is_not_iso_and_a_status_that_is_unknown_fail_the_schema():
    bad = {"schema": "lw-readiness/1", "date": "31/03/2026", "answers": [{"check": "a", "status": "done"}]}
    messages = " ".join(e.message for e in jsonschema.Draft202012Validator(ANSWERS).iter_errors(bad))
    assert "is not valid under any of the given schemas" in messages or "does not match" in messages


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_the_basic_export_meets_its_schema(app):
    app.build()
    jsonschema.validate(read_export(app), EXPORT)


def test_the_handbooks_export_meets_its_schema(handbook_site):
    export = json.loads((handbook_site / "lw-method.json").read_text(encoding="utf-8"))
    jsonschema.validate(export, EXPORT)
    assert len(export["objects"]) > 300
