"""Whatever an author types into a directive, in whichever syntax, the build reports it and never crashes.

Each example is built into an output folder of its own, from a copy of a warm build's
doctrees: only the fuzzed page is read again, every page is written, and the fuzzed
page's HTML must be there afterwards (in the public edition, unless a story on it is
internal: only a story can withhold its page).
"""

from __future__ import annotations

import itertools
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sphinx.testing.util import SphinxTestApp

from lw_method.components import DIRECTIVES

LINE = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n\x00"), max_size=40)
BODY = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x00"), max_size=160)
#: values that found bugs before, or look like markup of some kind, tried as often as random text
TRICKY_VALUES = ("²", "٣", "0", "-1", "１２", "Ⅻ", "}\\input{/etc/hostname}%", "100%#1&x", "<b>bold</b>",
                 ":::", "---", "a, b,, c", "sam, sam", "x" * 300, "café, naïve")
TRICKY_BODIES = (":::{lw:story} inner\n:name: Inner\n:::", ":when: later\n:related: tea-circle",
                 "  indented\n:title: after", "```{lw:quote} q\nWords.\n```", ".. lw:quote:: q\n\n   Words.")
VALUE = st.one_of(LINE, st.sampled_from(TRICKY_VALUES))
TEXT = st.one_of(BODY, st.sampled_from(TRICKY_BODIES))
#: how the directive is written: its fence, its option block, and what it stands inside
SYNTAXES = ("colon", "backtick", "tilde", "yaml", "list-item", "block-quote", "nested")
EDITIONS = ("public", "internal")
NESTED_IN = ":::::::{lw:method} fuzz-outer\n:title: Outer\n:summary: Holds the fuzzed directive.\n\n"
#: numbers each example's output folder
EXAMPLES = itertools.count()


def option_names(directive) -> st.SearchStrategy[str]:
    known = [*directive.required_options, *directive.optional_options]
    return st.sampled_from([*known, "bogus", "class", "name"]) if known else st.just("bogus")


def options_text(options: list[tuple[str, str]], yaml: bool) -> str:
    """The option block, as ``:key: value`` lines or as MyST's YAML block between ``---`` lines."""
    if yaml:
        return "---\n" + "".join(f"{key}: {value}\n" for key, value in options) + "---\n"
    return "".join(f":{key}: {value}\n" for key, value in options)


def directive_text(name: str, argument: str, options: list[tuple[str, str]], body: str, syntax: str) -> str:
    """One ``lw:`` directive in Markdown, written in ``syntax``."""
    fence = {"backtick": "`````", "tilde": "~~~~~"}.get(syntax, ":::::")
    text = f"{fence}{{lw:{name}}} {argument}\n{options_text(options, syntax == 'yaml')}{body}\n{fence}\n"
    if syntax == "list-item":
        first, *rest = text.splitlines()
        text = "\n".join([f"- {first}", *(f"  {line}" for line in rest)]) + "\n"
    elif syntax == "block-quote":
        text = "".join(f"> {line}\n" for line in text.splitlines())
    elif syntax == "nested":
        text = f"{NESTED_IN}{text}:::::::\n"
    return text


def fuzz_source(*directives: str) -> str:
    """The fuzz page: text, the directives, text."""
    return "# Fuzz\n\nSome text before.\n\n" + "\n".join(directives) + "\nSome text after.\n"


@pytest.fixture(scope="module")
def warm(rootdir, tmp_path_factory):
    """The test project with a fuzz page: its source folder, and its doctrees built once per edition."""
    project = tmp_path_factory.mktemp("fuzz")
    srcdir = project / "src"
    shutil.copytree(rootdir / "test-basic", srcdir)
    (srcdir / "index.md").write_text((srcdir / "index.md").read_text().replace(
        "readiness\n", "readiness\nfuzz\n"))
    (srcdir / "fuzz.md").write_text("# Fuzz\n")
    for edition in EDITIONS:
        app = SphinxTestApp("html", srcdir=srcdir, builddir=project / f"warm-{edition}",
                            confoverrides={"lw_edition": edition})
        try:
            app.build()
        finally:
            app.cleanup()
    return srcdir


def build_example(srcdir, source: str, edition: str = "internal") -> SphinxTestApp:
    """Build the project with ``source`` as its fuzz page, into an output folder of its own."""
    builddir = srcdir.parent / f"example-{next(EXAMPLES)}"
    shutil.copytree(srcdir.parent / f"warm-{edition}" / "doctrees", builddir / "doctrees")
    (srcdir / "fuzz.md").write_text(source, encoding="utf-8")  # newer than the warm build's read
    app = SphinxTestApp("html", srcdir=srcdir, builddir=builddir, confoverrides={"lw_edition": edition})
    try:
        app.build()  # raises if any directive, renderer or check crashes
    finally:
        app.cleanup()
    return app


def fuzz_page(app) -> str:
    path = app.outdir / "fuzz.html"
    return path.read_text(encoding="utf-8") if path.is_file() else ""


@pytest.mark.parametrize("name", sorted(DIRECTIVES))
def test_random_input_never_raises(warm, name):
    directive = DIRECTIVES[name]

    @settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
    @given(argument=VALUE, options=st.lists(st.tuples(option_names(directive), VALUE), max_size=5), body=TEXT,
           syntax=st.sampled_from(SYNTAXES), edition=st.sampled_from(EDITIONS))
    def build_once(argument, options, body, syntax, edition):
        app = build_example(warm, fuzz_source(directive_text(name, argument, options, body, syntax)), edition)
        assert "Traceback" not in app.warning.getvalue()
        withheld = edition == "public" and name == "story"
        assert "Some text before." in fuzz_page(app) or withheld

    build_once()


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_each_syntax_reaches_the_directive(warm, syntax):
    """The fuzzing means something: in every syntax the directive runs and its warnings are located."""
    app = build_example(warm, fuzz_source(
        directive_text("quote", "Not An Id", [("themes", "a"), ("themes", "b")], "Words.", syntax)))
    warnings = app.warning.getvalue()
    assert "fuzz.md:" in warnings and "[lw.bad-id]" in warnings, warnings
    assert "[lw.duplicate-option]" in warnings, warnings
    if syntax == "nested":
        assert "[lw.nesting]" in warnings, warnings


@pytest.mark.parametrize("name", sorted(DIRECTIVES))
def test_every_tricky_value_in_every_option_never_raises(warm, name):
    """What random text rarely hits, tried for certain: each tricky value in each option, and each tricky body."""
    directive = DIRECTIVES[name]
    names = [*directive.required_options, *directive.optional_options, "bogus"]
    tried = [directive_text(name, "fuzz-id", [(option, value)], "Words.", "colon")
             for option in names for value in TRICKY_VALUES]
    tried += [directive_text(name, "fuzz-id", [], body, "colon") for body in TRICKY_BODIES]
    app = build_example(warm, fuzz_source(*tried))
    assert "Traceback" not in app.warning.getvalue()
    assert "Some text before." in fuzz_page(app)
