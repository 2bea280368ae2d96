"""Site handbooks on a core handbook (``lw_handbooks``): built in sequence, as sites do.

The core is built, then a site against the core's export, then the core again with
the site's export; each build is a real Sphinx build of a root in ``tests/roots``.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import threading
from pathlib import Path

import jsonschema
import pytest

from conftest import read_export, warned, warnings_of

SCHEMA = json.loads((Path(__file__).parents[1] / "lw_method" / "schema" / "lw-method.schema.json")
                    .read_text(encoding="utf-8"))
CORE_URL = "https://core.example/handbook/"
SITE_URL = "https://seaside.example/"


def validate(export: dict) -> None:
    jsonschema.validate(export, SCHEMA)


def copy_root(rootdir: Path, tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    tmp_path.mkdir(parents=True, exist_ok=True)
    shutil.copytree(rootdir / f"test-handbooks-{name}", target)
    return target


def build(make_app, srcdir: Path, handbooks: dict | None = None, *, builder: str = "html",
          parallel: int = 1, fresh: bool = True, **overrides):
    confoverrides = {"nitpicky": True, **overrides}
    if handbooks is not None:
        confoverrides["lw_handbooks"] = handbooks
    app = make_app(builder, srcdir=srcdir, confoverrides=confoverrides, parallel=parallel, freshenv=fresh)
    app.build()
    app.cleanup()  # unregister global docutils state before the next app
    return app


def core_of(export_path: Path, url: str = CORE_URL) -> dict:
    return {"core": {"url": url, "export": str(export_path)}}


@pytest.fixture()
def core(make_app, rootdir, tmp_path):
    return build(make_app, copy_root(rootdir, tmp_path, "core"))


@pytest.fixture()
def site(make_app, rootdir, tmp_path, core):
    return build(make_app, copy_root(rootdir, tmp_path, "site"), core_of(core.outdir / "lw-method.json"))


def page(app, docname: str) -> str:
    return (app.outdir / f"{docname}.html").read_text(encoding="utf-8")


def body(app, docname: str) -> str:
    """The page's article, without the theme's navigation (which changes with the title)."""
    html = page(app, docname)
    return html[html.index('<div class="body"'):html.index('<div class="sphinxsidebar"')]


# -- the site --------------------------------------------------------------------------------

def test_the_site_builds_clean_against_the_core(site):
    assert warnings_of(site) == []


def test_core_ids_link_to_the_core_page_as_text(site):
    html = page(site, "index")
    link = re.search(r'<a class="lw-external lw-handbook-core reference external" '
                     r'href="([^"]+)"[^>]*><span class="lw-ref lw-ref-method">([^<]+)</span></a>', html)
    assert link and link.groups() == (f"{CORE_URL}methods/design-teams.html#lw-method-design-teams",
                                      "Design Teams")
    assert "<code" not in html.split('<div class="body"')[1].split("</p>")[0]
    # a plain id the site does not define goes to the first handbook that has it
    assert f'href="{CORE_URL}insights/one.html#lw-insight-insight-one"' in html


def test_the_adaptation_panel_shows_the_core_method_beside_the_site(site):
    html = body(site, "adaptations/design-teams")
    core_side = html[html.index('class="lw-adaptation-core"'):html.index('class="lw-adaptation-local"')]
    assert "In the core handbook" in core_side
    assert f'href="{CORE_URL}methods/design-teams.html#lw-method-design-teams"' in core_side
    assert "A small group of partners and people with lived experience designs the service together." in core_side
    local = html[html.index('class="lw-adaptation-local"'):]
    for words in ("In Seaside", "Trying it, since 2026-03", "Lived experience at the table",
                  "Six weeks instead of eight", "The library is where people already come.",
                  f'href="{CORE_URL}stories/ana.html#lw-quote-ana-listening"', "Our first team met in March."):
        assert words in local, words


def test_an_excerpt_of_a_core_quote_is_attributed_and_linked(site):
    html = body(site, "insights/local")
    assert "The kettle was always on" in html
    assert f'href="{CORE_URL}stories/ana.html#lw-quote-ana-kettle"' in html and "Ana · " in html


def test_the_checklist_gathers_the_core_checks_with_the_sites_under_the_one_it_refines(site):
    html = body(site, "readiness")
    checks = re.findall(r'data-check="([^"]+)"', html)
    assert checks == ["core:shared-purpose", "core:people-welcome", "library-room"]
    refined = html[html.index('data-check="core:people-welcome"'):]
    nested = refined[:refined.index("</li>\n</ul>\n</li>")]
    assert 'lw-checklist-refinement' in nested and 'data-check="library-room"' in nested
    assert f'href="{CORE_URL}readiness.html#lw-check-people-welcome"' in html


def test_the_sites_export_lists_what_it_uses_of_the_core_and_validates(site):
    export = read_export(site)
    validate(export)
    assert export["handbooks"] == {"core": {"url": CORE_URL, "project": "Core handbook"}}
    external = {(o["type"], o["handbook"], o["id"]): o for o in export["external"]}
    assert set(external) == {("story", "core", "ana"), ("quote", "core", "ana-kettle"),
                             ("quote", "core", "ana-listening"), ("method", "core", "design-teams"),
                             ("check", "core", "shared-purpose"), ("check", "core", "people-welcome")}
    assert external[("check", "core", "people-welcome")]["url"] == f"{CORE_URL}readiness.html#lw-check-people-welcome"
    adaptation = next(o for o in export["objects"] if o["type"] == "adaptation")
    assert adaptation["adapts"] == {"handbook": "core", "id": "design-teams",
                                    "url": f"{CORE_URL}methods/design-teams.html#lw-method-design-teams"}
    assert (adaptation["site"], adaptation["status"], adaptation["since"]) == ("Seaside", "trying", "2026-03")
    check = next(o for o in export["objects"] if o["type"] == "check")
    assert (check["refines"], check["methods"], check["insights"]) == (
        "core:people-welcome", ["core:design-teams"], ["core:insight-one"])


def test_the_core_lists_how_sites_adapted_each_method(make_app, rootdir, tmp_path, site):
    again = build(make_app, copy_root(rootdir, tmp_path / "again", "core"),
                  {"seaside": {"url": SITE_URL, "export": str(site.outdir / "lw-method.json")}})
    html = body(again, "methods/design-teams")
    assert "How sites adapted this" in html
    assert (f'<strong>Seaside</strong> (trying it, since 2026-03): <a class="lw-external '
            f'lw-handbook-seaside reference external" '
            f'href="{SITE_URL}adaptations/design-teams.html#lw-adaptation-seaside-design-teams"') in html
    assert warnings_of(again) == []
    validate(read_export(again))


# -- availability --------------------------------------------------------------------------

class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve(folder: Path) -> http.server.ThreadingHTTPServer:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_an_export_at_an_address_is_cached_for_an_offline_build(make_app, rootdir, tmp_path, core):
    server = serve(core.outdir)
    address = f"http://127.0.0.1:{server.server_address[1]}/lw-method.json"
    srcdir = copy_root(rootdir, tmp_path, "site")
    online = build(make_app, srcdir, {"core": {"url": CORE_URL, "export": address}})
    server.shutdown()
    server.server_close()
    assert warnings_of(online) == []
    assert (Path(online.doctreedir) / "lw-handbooks" / "core.json").is_file()
    offline = build(make_app, srcdir, {"core": {"url": CORE_URL, "export": address}})
    assert warnings_of(offline) == []
    assert "using the copy cached at" in offline.status.getvalue()
    assert f'href="{CORE_URL}methods/design-teams.html#lw-method-design-teams"' in page(offline, "index")


@pytest.mark.parametrize(("export", "says"), [
    ("missing.json", "cannot be read"),
    ("not-json.json", "is not JSON (line 1"),
    ("old-schema.json", "has schema 'lw-method/1'"),
    ("http://127.0.0.1:9/lw-method.json", "there is no cached copy yet"),
])
def test_an_unavailable_handbook_is_one_located_warning_and_the_build_goes_on(
        make_app, rootdir, tmp_path, export, says):
    srcdir = copy_root(rootdir, tmp_path, "site")
    (srcdir / "not-json.json").write_text("{not json", encoding="utf-8")
    (srcdir / "old-schema.json").write_text('{"schema": "lw-method/1", "objects": []}', encoding="utf-8")
    app = build(make_app, srcdir, {"core": {"url": CORE_URL, "export": export}})
    unavailable = [line for line in warnings_of(app) if line.endswith("[lw.handbook-unavailable]")]
    assert len(unavailable) == 1 and says in unavailable[0], warnings_of(app)
    assert unavailable[0].startswith(f"{srcdir / 'conf.py'}:1: WARNING:")
    # the links it would have resolved are reported as unknown, naming the handbook
    assert warned(warnings_of(app), "readiness.md:3", "lw.unknown-id",
                  "names no method 'design-teams' in handbook 'core' (its export could not be read)")
    assert (app.outdir / "index.html").is_file()


# -- bad input -------------------------------------------------------------------------------

def test_bad_cross_handbook_input_is_located(make_app, rootdir, tmp_path, core):
    srcdir = copy_root(rootdir, tmp_path, "site")
    (srcdir / "bad.md").write_text(
        "# Bad\n\n"
        ":::{lw:adaptation} wrong-kind\n:adapts: core:ana-kettle\n:site: Seaside\n:status: someday\n"
        ":since: March\n:::\n\n"
        ":::{lw:check} unknown-prefix\n:area: Operations\n:methods: elsewhere:design-teams\n"
        "An unknown handbook.\n:::\n\n"
        ":::{lw:checklist}\n:handbooks: core, elsewhere\n:::\n\n"
        "See {lw:method}`core:no-such-method`.\n", encoding="utf-8")
    with (srcdir / "index.md").open("a", encoding="utf-8") as index:
        index.write("\n```{toctree}\nbad\n```\n")
    app = build(make_app, srcdir, core_of(core.outdir / "lw-method.json"))
    lines = warnings_of(app)
    assert warned(lines, "bad.md:3", "lw.bad-value", ":adapts: names 'core:ana-kettle', which is a quote, "
                  "not a method"), lines
    assert warned(lines, "bad.md:3", "lw.bad-value", ":status: must be one of planned, trying, adopted, "
                  "dropped, not 'someday'"), lines
    assert warned(lines, "bad.md:3", "lw.bad-value", ":since: must be a year or a month"), lines
    assert warned(lines, "bad.md:10", "lw.unknown-handbook", "no handbook is called 'elsewhere' "
                  "(lw_handbooks declares: core)"), lines
    assert warned(lines, "bad.md:16", "lw.unknown-handbook", ":handbooks: names 'elsewhere'"), lines
    assert warned(lines, "bad.md:20", "lw.unknown-id", "{lw:method}`core:no-such-method` names no method "
                  "(searched this handbook and core)"), lines
    assert not [line for line in lines if "Traceback" in line]


def test_an_id_two_handbooks_define_goes_to_the_first_with_an_info_message(make_app, rootdir, tmp_path, core):
    export = core.outdir / "lw-method.json"
    handbooks = {"core": {"url": CORE_URL, "export": str(export)},
                 "mirror": {"url": "https://mirror.example/", "export": str(export)}}
    app = build(make_app, copy_root(rootdir, tmp_path, "site"), handbooks)
    assert warnings_of(app) == []
    status = app.status.getvalue()
    assert "'ana-kettle' is a quote in handbooks core, mirror; it links to core's" in status
    assert "[lw.ambiguous-id]" in status
    assert f'href="{CORE_URL}stories/ana.html#lw-quote-ana-kettle"' in page(app, "readiness")


# -- trust ---------------------------------------------------------------------------------

def test_a_public_site_never_shows_an_internal_story_of_the_core(make_app, rootdir, tmp_path):
    internal_core = build(make_app, copy_root(rootdir, tmp_path, "core"), lw_edition="internal")
    export = read_export(internal_core)
    assert export["edition"] == "internal" and any(o["id"] == "kit-private" for o in export["objects"])
    srcdir = copy_root(rootdir, tmp_path, "site")
    (srcdir / "index.md").write_text((srcdir / "index.md").read_text() + "\nAnd {lw:quote}`core:kit-private`.\n")
    app = build(make_app, srcdir, core_of(internal_core.outdir / "lw-method.json"))
    assert warned(warnings_of(app), "index.md:11", "lw.unknown-id", "{lw:quote}`core:kit-private`")
    for html in app.outdir.rglob("*.html"):
        assert "Words kept for the internal edition alone" not in html.read_text(encoding="utf-8")
    assert "kit" not in json.dumps(read_export(app)["external"])


def test_an_export_that_points_elsewhere_is_not_followed(make_app, rootdir, tmp_path, core):
    export = read_export(core)
    for entry in export["objects"]:
        if entry["id"] == "design-teams":
            entry["url"] = "javascript:alert(1)"
        if entry["id"] == "people-welcome":
            entry["url"] = "https://evil.example/steal"
    hostile = tmp_path / "hostile.json"
    hostile.write_text(json.dumps(export), encoding="utf-8")
    app = build(make_app, copy_root(rootdir, tmp_path, "site"), core_of(hostile))
    for html in app.outdir.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "javascript:" not in text and "evil.example" not in text
    assert warned(warnings_of(app), "readiness.md:3", "lw.unknown-id", "names no method 'design-teams'")


# -- incremental and parallel equal fresh ----------------------------------------------------

def test_a_changed_core_export_rewrites_the_site_pages_that_show_it(make_app, rootdir, tmp_path, core):
    export = tmp_path / "core-export.json"
    shutil.copy(core.outdir / "lw-method.json", export)
    srcdir = copy_root(rootdir, tmp_path, "site")
    build(make_app, srcdir, core_of(export))
    data = json.loads(export.read_text(encoding="utf-8"))
    for entry in data["objects"]:
        if entry["id"] == "design-teams":
            entry["summary"] = "A changed summary, published by the core."
            entry["title"] = "Design Teams, renamed"
    export.write_text(json.dumps(data), encoding="utf-8")
    again = build(make_app, srcdir, core_of(export), fresh=False)
    fresh = build(make_app, copy_root(rootdir, tmp_path / "fresh", "site"), core_of(export))
    for docname in ("adaptations/design-teams", "readiness", "index", "insights/local"):
        assert body(again, docname) == body(fresh, docname), docname
    assert "A changed summary, published by the core." in body(again, "adaptations/design-teams")
    assert "Design Teams, renamed" in body(again, "readiness")


def test_a_parallel_site_build_equals_a_serial_one(make_app, rootdir, tmp_path, core):
    handbooks = core_of(core.outdir / "lw-method.json")
    serial = build(make_app, copy_root(rootdir, tmp_path, "site"), handbooks)
    parallel = build(make_app, copy_root(rootdir, tmp_path / "j2", "site"), handbooks, parallel=2)
    for docname in ("index", "adaptations/design-teams", "readiness", "insights/local"):
        assert body(parallel, docname) == body(serial, docname), docname
    assert read_export(parallel) == read_export(serial)


# -- print ----------------------------------------------------------------------------------

def test_the_site_in_latex_links_to_the_core(make_app, rootdir, tmp_path, core):
    app = build(make_app, copy_root(rootdir, tmp_path, "site"), core_of(core.outdir / "lw-method.json"),
                builder="latex")
    tex = (app.outdir / "site.tex").read_text(encoding="utf-8")
    assert r"\begin{sphinxuseclass}{lw-adaptation}" in tex
    assert rf"\sphinxhref{{{CORE_URL}methods/design-teams.html\#lw-method-design-teams}}" in tex
    assert "Six weeks instead of eight" in tex and r"\begin{sphinxuseclass}{lw-checklist-refinement}" in tex


HOSTILE_ENTRIES = [
    "not an object", 42, None, [], {"type": "method"}, {"id": "Design Teams", "type": "method", "url": "a.html"},
    {"id": "x", "type": "script", "url": "a.html"}, {"id": "y", "type": "method", "url": 7},
    {"id": "z", "type": "method", "url": "//evil.example/z"}, {"id": "w", "type": "method", "url": "/abs.html"},
    {"id": "v", "type": "method", "url": "a.html", "title": ["not", "text"], "summary": {"a": 1},
     "insights": "insight-one", "related": [1, None, "Bad Id", "ok-id"]},
    {"id": "u", "type": "quote", "url": "q.html", "story": 3, "themes": "x", "text": None},
    {"id": "t", "type": "insight", "url": "i.html", "number": True},
    {"id": "s", "type": "adaptation", "url": "a.html", "adapts": "core:x", "status": "whenever"},
    {"id": "r", "type": "check", "url": "c.html", "methods": {"a": 1}, "refines": 5},
]


@pytest.mark.parametrize("entry", HOSTILE_ENTRIES, ids=[repr(e)[:40] for e in HOSTILE_ENTRIES])
def test_an_export_entry_of_the_wrong_shape_is_skipped_or_read_as_text(make_app, rootdir, tmp_path, core, entry):
    export = read_export(core)
    export["objects"].append(entry)
    hostile = tmp_path / "hostile.json"
    hostile.write_text(json.dumps(export), encoding="utf-8")
    app = build(make_app, copy_root(rootdir, tmp_path, "site"), core_of(hostile))
    assert warnings_of(app) == []  # the site's own links still resolve; nothing crashed
    assert "evil.example" not in page(app, "index")


@pytest.mark.parametrize(("content", "says"), [
    ("[1, 2]", 'no "objects" list'), ('{"schema": "lw-method/2", "objects": {}}', 'no "objects" list'),
    ("[" * 100000, "is not JSON"), ('{"schema": "lw-method/2", "objects": []}\x00', "is not JSON"),
    (b"\xff\xfe{}", "is not UTF-8 text"),
])
def test_a_malformed_export_is_one_warning(make_app, rootdir, tmp_path, content, says):
    export = tmp_path / "bad.json"
    export.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    app = build(make_app, copy_root(rootdir, tmp_path, "site"), core_of(export))
    unavailable = [w for w in warnings_of(app) if w.endswith("[lw.handbook-unavailable]")]
    assert len(unavailable) == 1 and says in unavailable[0], warnings_of(app)
