"""An extension that stops the build while a page is read: with a Sphinx error when the
environment variable LW_TEST_KETTLE is "cold", else with a bug in its ``boil`` directive."""

import os

from docutils.parsers.rst import Directive
from sphinx.errors import ExtensionError


def refuse(app, docname, source):
    if docname == "tea" and os.environ.get("LW_TEST_KETTLE") == "cold":
        raise ExtensionError("the kettle is cold")


class Boil(Directive):
    def run(self):
        return [1 / 0]


def setup(app):
    app.connect("source-read", refuse)
    app.add_directive("boil", Boil)
    return {"parallel_read_safe": True}
