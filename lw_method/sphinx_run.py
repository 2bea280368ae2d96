"""Run Sphinx in this process, and turn whatever stops it into one located line.

:func:`run_sphinx` is how the ``lw-method`` command runs Sphinx, for ``check`` and
``build`` alike: whatever stops a build (a ``conf.py`` that does not compile, raises or
exits, an extension that cannot be loaded, ``lw_method`` missing from ``extensions``,
Sphinx's own errors, anything else raised while reading or writing) becomes a
:class:`BuildStopped` worded as one ``file:line: message`` line, never a traceback.
(A source that is not UTF-8 is the extension's ``lw.bad-source`` warning, like any
other problem.)
"""

from __future__ import annotations

import ast
import os
import tempfile
import traceback
from pathlib import Path
from typing import IO

from sphinx.application import Sphinx
from sphinx.errors import ConfigError, SphinxError
from sphinx.util.docutils import docutils_namespace, patch_docutils

from .warnings import assignment_line



def relative_path(path: str | Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)



class BuildStopped(Exception):
    """Something that stops a build, worded as one ``file:line: message`` line."""


class _ExtensionFailed(Exception):
    """An extension that could not be imported or set up, with the name conf.py gives it."""

    def __init__(self, name: str, error: BaseException) -> None:
        super().__init__(name)
        self.name = name
        self.error = getattr(error, "orig_exc", None) or error


class _LocatingSphinx(Sphinx):
    """Sphinx that says which extension failed to load, so the message can point into conf.py."""

    def setup_extension(self, extname: str) -> None:
        try:
            super().setup_extension(extname)
        except _ExtensionFailed:
            raise
        except Exception as error:
            raise _ExtensionFailed(extname, error) from error


def _flat(error: BaseException) -> str:
    """An exception's message on one line (Sphinx's may span several)."""
    return " ".join(str(error).split())


def _one_line(error: BaseException) -> str:
    """An exception as ``Type: message`` on one line."""
    return f"{type(error).__name__}: {_flat(error)}" if _flat(error) else type(error).__name__


def _is_file(filename: str | None, path: Path) -> bool:
    return bool(filename) and Path(filename).resolve() == path.resolve()


def _conf_line(error: BaseException, conf_file: Path) -> int | None:
    """The line of conf.py that was running when ``error`` was raised, if it was."""
    lines = [frame.lineno for frame in traceback.extract_tb(error.__traceback__)
             if _is_file(frame.filename, conf_file)]
    return lines[-1] if lines else None


def _config_problem(error: ConfigError, conf_file: Path) -> str:
    """A conf.py that does not compile, raises or exits, at the line where it did."""
    cause = error.__cause__ or error
    if isinstance(cause, SyntaxError) and _is_file(cause.filename, conf_file):
        return f"{relative_path(conf_file)}:{cause.lineno}: syntax error: {cause.msg}"
    line = _conf_line(cause, conf_file)
    where = f"{relative_path(conf_file)}:{line}" if line else relative_path(conf_file)
    if isinstance(cause, SystemExit):
        return f"{where}: conf.py called sys.exit(); a configuration file must not exit"
    if cause is error:
        return f"{where}: {_flat(error)}"
    return f"{where}: conf.py raised {_one_line(cause)}"


def _line_naming(conf_file: Path, text: str) -> int:
    """The first line of conf.py holding the string ``text`` (else where it sets extensions)."""
    tree = ast.parse(conf_file.read_bytes())
    lines = [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Constant) and node.value == text]
    return min(lines, default=None) or assignment_line(conf_file, "extensions")


def _extension_problem(failed: _ExtensionFailed, conf_file: Path) -> str:
    line = _line_naming(conf_file, failed.name)
    return (f"{relative_path(conf_file)}:{line}: the extension {failed.name!r} could not be loaded "
            f"({_one_line(failed.error)}); install it or take it out of extensions")


def _build_problem(app: Sphinx, error: Exception) -> str:
    """An error raised while Sphinx read or wrote the handbook, at the source it was on."""
    docname = app.env.current_document.docname
    where = relative_path(app.env.doc2path(docname) if docname else app.srcdir)
    if isinstance(error, SphinxError):
        return f"{where}: {_flat(error)}"
    if isinstance(error, OSError) and error.filename:
        return f"{relative_path(error.filename)}: {error.strerror}"
    with tempfile.NamedTemporaryFile("w", prefix="lw-method-error-", suffix=".log", delete=False) as log:
        log.write("".join(traceback.format_exception(error)))
    return f"{where}: the build stopped on {_one_line(error)} (the traceback is in {log.name})"


def _require_project(source: Path, conf: Path) -> Path:
    """conf.py in ``conf``, once both folders are there."""
    if not source.is_dir():
        raise BuildStopped(f"{source}: no such folder of sources")
    conf_file = conf / "conf.py"
    if not conf_file.is_file():
        raise BuildStopped(f"{conf}: no conf.py here (give the folder holding it with -c)")
    return conf_file


def run_sphinx(source: Path, conf: Path | None, outdir: Path, doctreedir: Path, builder: str, *,
               overrides: dict, strict: bool, status: IO[str] | None, warning: IO[str],
               parallel: int = 0, freshenv: bool = False) -> Sphinx:
    """A finished build of ``source`` with the lw_method extension; anything that stops it is
    a :class:`BuildStopped` naming the file and line."""
    conf_file = _require_project(source, conf or source)
    with patch_docutils(conf_file.parent), docutils_namespace():
        try:
            app = _LocatingSphinx(source, conf_file.parent, outdir, doctreedir, builder,
                                  confoverrides=overrides, status=status, warning=warning,
                                  freshenv=freshenv, warningiserror=strict, parallel=parallel)
        except ConfigError as error:
            raise BuildStopped(_config_problem(error, conf_file)) from None
        except _ExtensionFailed as failed:
            raise BuildStopped(_extension_problem(failed, conf_file)) from None
        except SphinxError as error:  # a builder that does not exist, say: no file to name
            raise BuildStopped(f"Sphinx could not start: {_flat(error)}") from None
        if "lw_method" not in app.extensions:
            line = assignment_line(conf_file, "extensions")
            raise BuildStopped(f'{relative_path(conf_file)}:{line}: lw_method is not in extensions; add it: '
                               'extensions = ["myst_parser", "lw_method"]')
        try:
            app.build()
        except Exception as error:
            raise BuildStopped(_build_problem(app, error)) from None
    return app


