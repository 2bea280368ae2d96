"""Every static file the extensions give a builder, in one place.

HTML builders get stylesheets and scripts (copied into ``_static`` when the build
ends, not added to ``html_static_path``: changing the configuration in every build
would make Sphinx see a changed configuration on each incremental build); LaTeX
builders get the style files, copied beside the document, and ``\\usepackage`` lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

PACKAGE_DIR = Path(__file__).parent
STATIC_DIR = PACKAGE_DIR / "static"
TEXINPUTS_DIR = PACKAGE_DIR / "texinputs"
TEMPLATES_DIR = PACKAGE_DIR / "templates"


@dataclass(frozen=True)
class Assets:
    stylesheets: tuple[str, ...] = ()
    scripts: tuple[str, ...] = ()
    latex_packages: tuple[str, ...] = field(default=())


#: the objects and views (lw_method)
CORE = Assets(stylesheets=("lw-method.css", "lw-views.css", "lw-readiness.css", "lw-paths.css"),
              scripts=("lw-checklist.js", "lw-quote-index.js", "lw-paths.js"),
              latex_packages=("lw-method", "lw-views"))
#: the handbook's book design (lw_method.book)
BOOK = Assets(stylesheets=("lw-sections.css",), latex_packages=("lw-book",))


def register(app, assets: Assets) -> None:
    """Add ``assets`` to the builder of this build, once it is known."""
    def add(app) -> None:
        if app.builder.format == "html":
            for stylesheet in assets.stylesheets:
                app.add_css_file(stylesheet)
            for script in assets.scripts:
                app.add_js_file(script, loading_method="defer")
        elif app.builder.format == "latex":
            copy_style_files(Path(app.outdir))
            for package in assets.latex_packages:
                app.add_latex_package(package)

    def copy(app, exception) -> None:
        if exception is None and app.builder.format == "html":
            from sphinx.util.fileutil import copy_asset_file

            for name in (*assets.stylesheets, *assets.scripts):
                copy_asset_file(STATIC_DIR / name, Path(app.outdir) / "_static", force=True)

    app.connect("builder-inited", add)
    app.connect("build-finished", copy)


def copy_style_files(outdir: Path) -> None:
    outdir.mkdir(parents=True, exist_ok=True)
    for style in TEXINPUTS_DIR.glob("*.sty"):
        (outdir / style.name).write_bytes(style.read_bytes())
