"""``lw-method new --core``: a site handbook wired to the core, building clean from the start."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from lw_method.cli import main
from test_handbooks import SCHEMA, serve


def new_site(tmp_path: Path, core: str, site: str = "North Borough", *extra: str) -> Path:
    target = tmp_path / "north"
    assert main(["new", str(target), "--site", site, "--core", core, *extra]) == 0
    return target


def build_site(target: Path, out: Path) -> dict:
    assert main(["build", str(target / "docs"), "-c", str(target / "conf"), "-o", str(out)]) == 0
    return json.loads((out / "html" / "lw-method.json").read_text(encoding="utf-8"))


def test_a_new_site_handbook_builds_strictly_and_passes_the_check(tmp_path, core_export, capsys):
    target = new_site(tmp_path, str(core_export), "North Borough", "--core-url", "https://core.example/")
    export = build_site(target, tmp_path / "out")
    jsonschema.validate(export, SCHEMA)
    kinds = {(o["type"], o["id"]) for o in export["objects"]}
    assert kinds == {("adaptation", "north-borough-design-teams"), ("check", "north-borough-shared-purpose")}
    adaptation = next(o for o in export["objects"] if o["type"] == "adaptation")
    assert adaptation["adapts"]["url"] == "https://core.example/methods/design-teams.html#lw-method-design-teams"
    assert {("check", o["id"]) for o in export["external"] if o["type"] == "check"} == {
        ("check", "shared-purpose"), ("check", "people-welcome")}
    readiness = (tmp_path / "out/html/readiness.html").read_text(encoding="utf-8")
    assert 'data-check="core:shared-purpose"' in readiness and 'data-check="north-borough-shared-purpose"' in readiness
    capsys.readouterr()
    assert main(["check", str(target / "docs"), "-c", str(target / "conf")]) == 0, capsys.readouterr()


def test_the_core_may_be_an_address(tmp_path, core_export):
    server = serve(core_export.parent)
    try:
        address = f"http://127.0.0.1:{server.server_address[1]}/lw-method.json"
        target = new_site(tmp_path, address)
        conf = (target / "conf/conf.py").read_text(encoding="utf-8")
        assert repr(address) in conf and repr(f"http://127.0.0.1:{server.server_address[1]}/") in conf
        build_site(target, tmp_path / "out")
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("site", ['Bor"ough', "Back\\slash", "It's ours", "Colon: yes # hash"])
def test_site_names_with_quotes_or_backslashes_do_not_break_conf_py(tmp_path, core_export, site):
    target = new_site(tmp_path, str(core_export), site)
    namespace: dict = {}
    exec(compile((target / "conf/conf.py").read_text(encoding="utf-8"), "conf.py", "exec"), namespace)
    assert namespace["author"] == site
    export = build_site(target, tmp_path / "out")
    assert next(o for o in export["objects"] if o["type"] == "adaptation")["site"] == site


def test_a_core_that_cannot_be_read_stops_new_with_a_message(tmp_path, capsys):
    assert main(["new", str(tmp_path / "x"), "--site", "X", "--core", str(tmp_path / "missing.json")]) == 2
    assert "--core: export" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()
