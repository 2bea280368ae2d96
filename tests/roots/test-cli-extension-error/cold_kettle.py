"""An extension that stops the build with a Sphinx error while a page is read."""

from sphinx.errors import ExtensionError


def refuse(app, docname, source):
    if docname == "tea":
        raise ExtensionError("the kettle is cold")


def setup(app):
    app.connect("source-read", refuse)
    return {"parallel_read_safe": True}
