"""The sidebar navigation resolved once per build gives exactly Sphinx's HTML."""

from __future__ import annotations

import itertools
import shutil
from functools import partial

import pytest

from lw_method import navigation as navigation_module
from lw_method.navigation import FastNavigation, unsupported

from conftest import read_html

#: Every combination of the ``toctree()`` template function's options a theme may pass.
OPTIONS = [
    {name: value for name, value in combination if value is not None}
    for combination in itertools.product(
        [("collapse", True), ("collapse", False), ("collapse", None)],
        [("includehidden", True), ("includehidden", False), ("includehidden", None)],
        [("maxdepth", None), ("maxdepth", 1), ("maxdepth", 2), ("maxdepth", -1), ("maxdepth", ""),
         ("maxdepth", "3")],
        [("titles_only", True), ("titles_only", False), ("titles_only", None)],
    )
]


def installed_navigation(app) -> FastNavigation:
    """The app's ``FastNavigation``, found through its page-context listener."""
    for listener in app.events.listeners["html-page-context"]:
        owner = getattr(listener.handler, "__self__", None)
        if isinstance(owner, FastNavigation):
            return owner
    raise AssertionError("lw_method installed no FastNavigation")


def record_installs(app) -> list[bool]:
    """Per page written: whether its ``toctree`` is the shared tree's (a ``partial``)."""
    installed: list[bool] = []
    app.connect("html-page-context",
                lambda app, page, template, context, doctree: installed.append(
                    isinstance(context.get("toctree"), partial)), priority=900)
    return installed


def pages(app) -> list[str]:
    return sorted(app.env.found_docs) + ["genindex", "search"]


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_every_page_and_option_matches_sphinx(make_app, rootdir, tmp_path, builder):
    srcdir = tmp_path / "navigation"
    shutil.copytree(rootdir / "test-navigation", srcdir)
    app = make_app(builder, srcdir=srcdir)
    app.build()
    assert unsupported(app.env) is None
    navigation = FastNavigation(sphinx_pages=0)
    asked_sphinx = []

    def sphinx_toctree(docname, **options):
        asked_sphinx.append(docname)
        return app.builder._get_local_toctree(docname, **options)

    compared = 0
    for docname, options in itertools.product(pages(app), OPTIONS):
        ours = navigation.toctree(app.builder, docname, partial(sphinx_toctree, docname), **options)
        assert ours == app.builder._get_local_toctree(docname, **options), (docname, options)
        compared += bool(ours)
    assert navigation.reason is None
    # Sphinx was asked once per shared tree, to check it; every other page came from the tree
    assert set(navigation.html) == {(True, True), (True, False), (False, True), (False, False)}
    assert len(asked_sphinx) == 4
    # the comparison saw real navigation, not empty strings
    assert compared > len(pages(app)) * len(OPTIONS) * 0.9


@pytest.mark.sphinx("html", testroot="navigation", freshenv=True,
                    confoverrides={"html_theme": "alabaster"})
def test_the_written_pages_use_it(app, monkeypatch):
    monkeypatch.setattr(navigation_module, "SPHINX_PAGES", 3)
    installed = record_installs(app)
    app.build()
    assert installed and all(installed)
    # three pages by Sphinx's function, then the shared tree, checked on the fourth page
    used = installed_navigation(app)
    assert used.pages_by_sphinx == 3 and used.reason is None
    assert set(used.html) == {(True, False)}  # alabaster: includehidden, not titles_only
    leaf = read_html(app, "guide/deep/leaf")
    # alabaster's sidebar: collapse=True, includehidden=True, as conf.py sets
    expected = app.builder._get_local_toctree("guide/deep/leaf", collapse=True, includehidden=True)
    assert expected in leaf
    # the leaf sits under the guide's first section, two levels below the root toctree
    assert ('<li class="toctree-l2 current"><a class="reference internal" '
            'href="../index.html#before-the-pages">Before the pages</a>') in leaf
    assert '<li class="toctree-l1"><a class="reference internal" href="../../more/index.html">More' \
        in leaf  # the hidden toctree, as alabaster includes hidden ones
    extra = read_html(app, "extra")
    assert '<li class="toctree-l1 current"><a class="current reference internal" href="#">Extra</a>' \
        in extra


@pytest.mark.sphinx("html", testroot="navigation", freshenv=True,
                    confoverrides={"lw_fast_navigation": False})
def test_it_can_be_turned_off(app):
    installed = record_installs(app)
    app.build()
    assert installed and not any(installed)


@pytest.mark.sphinx("html", testroot="navigation", srcdir="navigation-renamed", freshenv=True,
                    confoverrides={"html_theme": "alabaster"})
def test_a_changed_title_reaches_the_next_build(app, monkeypatch):
    monkeypatch.setattr(navigation_module, "SPHINX_PAGES", 0)
    app.build()
    assert 'href="#">Extra</a>' in read_html(app, "extra")
    page = app.srcdir / "extra.md"
    page.write_text(page.read_text(encoding="utf-8").replace("# Extra\n", "# Extra, renamed\n"),
                    encoding="utf-8")
    app.build()
    assert 'href="#">Extra, renamed</a>' in read_html(app, "extra")
    assert installed_navigation(app).html  # the page came from the shared tree
    assert 'href="#">Extra</a>' not in read_html(app, "extra")


@pytest.mark.sphinx("html", testroot="navigation-shared", freshenv=True)
def test_a_page_in_two_toctrees_keeps_sphinxs_function(app):
    installed = record_installs(app)
    app.build()
    assert unsupported(app.env) == "'shared' is listed in more than one toctree"
    assert installed and not any(installed)


@pytest.mark.sphinx("html", testroot="navigation", freshenv=True,
                    confoverrides={"html_theme": "alabaster"})
def test_a_build_writing_few_pages_keeps_sphinxs_function(app):
    app.build()
    used = installed_navigation(app)
    assert not used.html and used.reason is None
    assert used.pages_by_sphinx == len(pages(app))  # every page, genindex and search included


@pytest.mark.sphinx("html", testroot="navigation", freshenv=True,
                    confoverrides={"html_theme": "alabaster"})
def test_a_tree_that_disagrees_with_sphinx_is_dropped(app, monkeypatch):
    monkeypatch.setattr(navigation_module, "SPHINX_PAGES", 0)
    monkeypatch.setattr(navigation_module.NavigationHtml, "page",
                        lambda self, docname, **options: "<ul><li>wrong</li></ul>")
    app.build()
    used = installed_navigation(app)
    assert not used.html and used.reason == "'extra' came out differently"
    assert "the sidebar navigation is resolved per page by Sphinx: 'extra' came out differently" \
        in app.status.getvalue()
    for page in ("extra", "guide/deep/leaf"):
        html = read_html(app, page)
        assert "wrong" not in html
        assert app.builder._get_local_toctree(page, collapse=True, includehidden=True) in html


def test_a_parallel_build_writes_the_same_navigation(make_app, rootdir, tmp_path):
    """-j 2: the tree is resolved in the main process, before the writers fork."""
    built = {}
    for jobs in (1, 2):
        srcdir = tmp_path / f"navigation-j{jobs}"
        shutil.copytree(rootdir / "test-navigation", srcdir)
        app = make_app("html", srcdir=srcdir, parallel=jobs, freshenv=True,
                       confoverrides={"html_theme": "alabaster"})
        app.build()
        used = installed_navigation(app)
        built[jobs] = {path.relative_to(app.outdir): path.read_text(encoding="utf-8")
                       for path in sorted(app.outdir.rglob("*.html"))}
        assert used.reason is None
        assert bool(used.html) == (jobs == 2)  # serial: fewer pages than SPHINX_PAGES
    assert built[1].keys() == built[2].keys() and len(built[1]) > 10
    for page, html in built[1].items():
        assert html == built[2][page], page
