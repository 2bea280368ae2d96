"""Sphinx configuration of a handbook made by ``lw-method new``."""

project = "{title}"
author = "{site}"
extensions = ["myst_parser", "lw_method"]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
latex_engine = "xelatex"
latex_documents = [("index", "handbook.tex", project, author, "manual")]
