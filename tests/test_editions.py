"""Editions fail closed: an internal story never reaches a public output, whatever the syntax.

``test-editions`` writes one internal story in each ordinary way an author could (a YAML
option block, a ``~~~`` fence, a list item, a block quote, ``{LW:story}``, ``{story}``
with ``primary_domain = "lw"``, ``{include}``, a page that shows a story's source, a
misspelt value or option name, ``{eval-rst}``…), each with words and ids of its own.
Every public output is then searched for every one of them.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from conftest import read_export, read_html, warned, warnings_of

#: variant → (words only that story holds, its ids)
VARIANTS = {
    "yaml option block": ("harbour lanterns", ["alpha-teller", "alpha-words"]),
    "tilde fence": ("tangerine kites", ["bravo-teller", "bravo-words"]),
    "list item": ("cobalt lighthouse", ["charlie-teller", "charlie-words"]),
    "block quote": ("velvet orchards", ["delta-teller", "delta-words"]),
    "upper-case domain": ("granite bridges", ["echo-teller", "echo-words"]),
    "primary domain": ("saffron ferries", ["foxtrot-teller", "foxtrot-words"]),
    "include": ("emerald tramlines", ["golf-teller", "golf-words"]),
    "literalinclude of the page": ("amber glaciers", ["hotel-teller", "hotel-words"]),
    "misspelt value": ("indigo pebbles", ["india-teller", "india-words"]),
    "misspelt option": ("mahogany drums", ["juliet-teller", "juliet-words"]),
    "capitalised option and value": ("turquoise windmills", ["kilo-teller", "kilo-words"]),
    "eval-rst": ("crimson canals", ["mike-teller", "mike-words"]),
    "capitalised value": ("scarlet comets", ["november-teller", "november-words", "november-label"]),
    "quote on a public page told by a withheld story": ("papaya marmalade", ["told-by-alpha"]),
}
WITHHELD_PAGES = ["yaml", "tilde", "listed", "quoted", "upper", "primary", "hotel", "private",
                  "misspelt", "capital", "rst", "titled"]

EXPECTED_WARNINGS = [
    ("stories/capital.md:3", "lw.bad-value", ":Visibility: looks like a misspelt :visibility:"),
    ("stories/misspelt.md:3", "lw.bad-value", ":visiblity: looks like a misspelt :visibility:"),
    ("stories/private.md:3", "lw.bad-value", "not 'private'; the story is treated as internal"),
    ("stories/titled.md:3", "lw.bad-value", "not 'Internal'; the story is treated as internal"),
]


def output_files(outdir):
    return sorted(p for p in outdir.rglob("*") if p.is_file())


def leaks(outdir) -> list[str]:
    """Every (file, variant, what) where a withheld story's words, ids or pages appear."""
    found = []
    for path in output_files(outdir):
        text = path.read_bytes().decode("utf-8", errors="replace").lower()
        text += re.sub(r"<[^>]+>", "", text)  # words split by highlighting or markup
        for variant, (words, ids) in VARIANTS.items():
            for needle in [words, *ids]:
                if needle in text:
                    found.append(f"{path.relative_to(outdir)}: {variant}: {needle!r}")
        for page in WITHHELD_PAGES:
            if f"stories/{page}." in text or f"stories/{page}/" in text:
                found.append(f"{path.relative_to(outdir)}: page stories/{page}")
    return found


@pytest.mark.parametrize("builder", ["html", "dirhtml", "singlehtml", "text", "latex"])
def test_no_internal_story_reaches_any_public_output(make_app, rootdir, tmp_path, builder):
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-editions", srcdir)
    app = make_app(builder, srcdir=srcdir, freshenv=True)
    app.build()
    assert app.statuscode == 0, warnings_of(app)
    assert leaks(app.outdir) == []
    public = "".join(p.read_text(encoding="utf-8", errors="replace") for p in output_files(app.outdir))
    assert "We opened the doors and people came in." in public  # the public story is there


@pytest.mark.sphinx("html", testroot="editions", freshenv=True, parallel=2)
def test_a_parallel_public_build_withholds_the_same(app):
    app.build()
    assert leaks(app.outdir) == []
    assert sorted(p.name for p in (app.outdir / "stories").iterdir()) == ["public.html"]


@pytest.mark.sphinx("html", testroot="editions", freshenv=True)
def test_each_doubtful_visibility_is_reported_where_it_is_and_treated_as_internal(app):
    app.build()
    lines = warnings_of(app)
    for location, subtype, message in EXPECTED_WARNINGS:
        assert warned(lines, location, subtype, message), "\n".join(lines)
    assert any("shown.md: WARNING: this page shows the source of a page whose story is not public"
               in line and line.endswith("[lw.withheld]") for line in lines), lines
    assert len(lines) == len(EXPECTED_WARNINGS) + 1, "\n".join(lines)


@pytest.mark.sphinx("html", testroot="editions", freshenv=True)
def test_references_to_withheld_things_are_plain_words_in_every_syntax(app):
    app.build()
    index = read_html(app, "index")
    links = index[index.index("Links to withheld things"):]
    links = links[: links.index("</p>")]
    assert "<a " not in links
    for label in ("a story kept for the internal edition", "a quote kept for the internal edition",
                  "a page kept for the internal edition"):
        assert f'<span class="lw-withheld">{label}</span>' in links
    insight = read_html(app, "insight")
    assert 'id="lw-excerpt-2-withheld"' in insight and 'id="lw-excerpt-3-withheld"' in insight
    page = read_html(app, "stories/public")
    assert "This quote comes from a story that is kept for the internal edition" in page
    export = {o["id"]: o for o in read_export(app)["objects"]}
    assert export["doors-open"]["evidence"] == ["uma-words"]
    assert set(export) == {"uma", "uma-words", "insight-one", "open-doors", "doors-open"}
    assert not (app.outdir / "_sources").exists()


@pytest.mark.sphinx("html", testroot="editions", freshenv=True, confoverrides={"lw_edition": "internal"})
def test_the_internal_edition_holds_every_story(app):
    app.build()
    for page in WITHHELD_PAGES:
        assert "Internal edition only" in read_html(app, f"stories/{page}"), page
    assert "amber glaciers" in re.sub(r"<[^>]+>", "", read_html(app, "shown"))


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_story_that_becomes_internal_leaves_nothing_behind(make_app, rootdir, tmp_path):
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-editions", srcdir)
    edit(srcdir / "stories" / "yaml.md", "visibility: internal", "visibility: public")
    first = make_app("html", srcdir=srcdir, freshenv=True)
    first.build()
    assert "harbour lanterns" in read_html(first, "stories/yaml")
    first.cleanup()

    edit(srcdir / "stories" / "yaml.md", "visibility: public", "visibility: internal")
    second = make_app("html", srcdir=srcdir)  # the same folders: an incremental build
    second.build()
    assert second.statuscode == 0
    assert leaks(second.outdir) == []


def test_switching_from_the_internal_to_the_public_edition_in_one_folder(make_app, rootdir, tmp_path):
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-editions", srcdir)
    internal = make_app("html", srcdir=srcdir, freshenv=True, confoverrides={"lw_edition": "internal"})
    internal.build()
    assert (internal.outdir / "stories" / "yaml.html").is_file()
    internal.cleanup()

    public = make_app("html", srcdir=srcdir)
    public.build()
    assert public.statuscode == 0
    assert leaks(public.outdir) == []
    assert "emptied it for the public edition" in public.status.getvalue()


def write_root(srcdir, body: str) -> None:
    srcdir.mkdir(parents=True, exist_ok=True)
    (srcdir / "conf.py").write_text('extensions = ["myst_parser", "lw_method"]\n'
                                    'myst_enable_extensions = ["colon_fence"]\n', encoding="utf-8")
    (srcdir / "index.md").write_text(body, encoding="utf-8")


INTERNAL_STORY = (":::{lw:story} quinn\n:name: Quinn\n:role: Nurse\n:site: Eastside\n"
                  ":consent: Internal only\n:visibility: internal\nQuinn's own summary.\n:::\n\n"
                  ":::{lw:quote} quinn-words\nQuinn said the silver foxes danced in the moonlit field.\n:::\n")


def test_an_internal_story_on_the_home_page_fails_the_build_without_a_traceback(tmp_path):
    srcdir = tmp_path / "src"
    write_root(srcdir, "# Home\n\n" + INTERNAL_STORY)
    result = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", str(srcdir),
                             str(tmp_path / "out"), "-d", str(tmp_path / "doctrees")],
                            capture_output=True, text=True)
    assert result.returncode == 1, result.stderr
    assert "index.md:3: ERROR: the home page holds a story that is not public" in result.stderr
    assert "[lw.withheld]" in result.stderr and "Traceback" not in result.stderr
    home = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "silver foxes" not in home and "Quinn" not in home  # written empty: never the story


def test_words_pasted_into_a_public_page_fail_the_build_and_are_deleted(tmp_path):
    """The last line of defence: what no rule foresaw is still never published, even without -W."""
    srcdir = tmp_path / "src"
    write_root(srcdir, "# Home\n\n```{toctree}\nquinn\npasted\n```\n")
    (srcdir / "quinn.md").write_text("# Quinn\n\n" + INTERNAL_STORY, encoding="utf-8")
    (srcdir / "pasted.md").write_text(
        "# Notes\n\nAs Quinn told us: the silver foxes danced in the moonlit field.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", str(srcdir), str(out),
                             "-d", str(tmp_path / "doctrees")], capture_output=True, text=True)
    assert result.returncode == 1, result.stderr
    assert f"ERROR: {out / 'pasted.html'}: this public output held withheld words" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (out / "pasted.html").exists()
    assert (out / "index.html").is_file()
    assert all("silver foxes" not in p.read_text(encoding="utf-8", errors="replace")
               for p in output_files(out))


def test_lw_edition_that_is_not_exactly_public_or_internal_builds_the_public_edition(tmp_path):
    srcdir = tmp_path / "src"
    write_root(srcdir, "# Home\n\n```{toctree}\nquinn\n```\n")
    (srcdir / "conf.py").write_text((srcdir / "conf.py").read_text() + 'lw_edition = "Internal"\n')
    (srcdir / "quinn.md").write_text("# Quinn\n\n" + INTERNAL_STORY, encoding="utf-8")
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", str(srcdir), str(out),
                             "-d", str(tmp_path / "doctrees")], capture_output=True, text=True)
    assert f"{srcdir / 'conf.py'}:3: WARNING: lw_edition must be exactly 'public' or 'internal', " \
           "not 'Internal'; building the public edition [lw.bad-config]" in result.stderr
    assert not (out / "quinn.html").exists()


def test_doctrees_inside_the_published_folder_fail_a_build_that_withholds(tmp_path):
    """sphinx-build's default puts doctrees in OUTDIR/.doctrees, where they would be published."""
    srcdir = tmp_path / "src"
    write_root(srcdir, "# Home\n\n```{toctree}\nquinn\n```\n")
    (srcdir / "quinn.md").write_text("# Quinn\n\n" + INTERNAL_STORY, encoding="utf-8")
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", str(srcdir), str(out)],
                            capture_output=True, text=True)
    assert result.returncode == 1, result.stderr
    assert f"ERROR: {out / '.doctrees'}: the doctrees are inside the published folder" in result.stderr


@pytest.mark.parametrize(("dirhtml", "target", "href"), [
    (False, "stories/quinn.html", "stories/quinn.html#top"),
    (True, "stories/quinn/index.html", "stories/quinn/"),
])
def test_the_final_check_finds_a_link_to_a_withheld_page_as_each_builder_writes_it(
        tmp_path, dirhtml, target, href):
    from lw_method.edition import Withheld
    from lw_method.publish_guard import find_withheld_content

    (tmp_path / "index.html").write_text(f'<p><a href="{href}">a page</a></p>', encoding="utf-8")
    withheld = Withheld(docnames=frozenset({"stories/quinn"}))
    hits = find_withheld_content(tmp_path, withheld, {"stories/quinn": target}, dirhtml=dirhtml)
    assert [(hit.path.name, hit.found) for hit in hits] == [
        ("index.html", f"a link to the withheld page {href.split('#')[0]!r}")]
