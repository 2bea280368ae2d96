"""Whatever an author types into a directive, the build reports it and never crashes."""

from __future__ import annotations

import os
import shutil
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sphinx.testing.util import SphinxTestApp

from lw_method.components import DIRECTIVES

LINE = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n\x00"), max_size=40)
BODY = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x00"), max_size=160)


def option_names(directive) -> st.SearchStrategy[str]:
    known = [*directive.required_options, *directive.optional_options]
    return st.sampled_from([*known, "bogus", "class", "name"]) if known else st.just("bogus")


@pytest.fixture(scope="module")
def fuzz_app(rootdir, tmp_path_factory):
    srcdir = tmp_path_factory.mktemp("fuzz") / "src"
    shutil.copytree(rootdir / "test-basic", srcdir)
    (srcdir / "index.md").write_text((srcdir / "index.md").read_text().replace(
        "readiness\n", "readiness\nfuzz\n"))
    (srcdir / "fuzz.md").write_text("# Fuzz\n")
    app = SphinxTestApp("html", srcdir=srcdir)
    app.build()
    yield app
    app.cleanup()


def write_later(path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    stamp = time.time() + 2 + write_later.count
    write_later.count += 1
    os.utime(path, (stamp, stamp))


write_later.count = 0


@pytest.mark.parametrize("name", sorted(DIRECTIVES))
def test_random_input_never_raises(fuzz_app, name):
    directive = DIRECTIVES[name]

    @settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
    @given(argument=LINE, options=st.dictionaries(option_names(directive), LINE, max_size=5), body=BODY)
    def build_once(argument, options, body):
        option_lines = "".join(f":{key}: {value}\n" for key, value in options.items())
        source = f"# Fuzz\n\n:::::{{lw:{name}}} {argument}\n{option_lines}{body}\n:::::\n"
        write_later(fuzz_app.srcdir / "fuzz.md", source)
        fuzz_app.build()  # raises if any directive or renderer crashes
        assert "Traceback" not in fuzz_app.warning.getvalue()
        assert (fuzz_app.outdir / "fuzz.html").is_file()

    build_once()
