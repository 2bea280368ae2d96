"""Sphinx configuration of the Living Well practice handbook (``sphinx-build -c conf docs …``)."""



project = "Living Well practice handbook"
author = "lw-method contributors"
copyright = "2026, lw-method contributors. Quotes from Working Towards Something Better (Living Well UK, Innovation Unit)"
language = "en"

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinxcontrib.bibtex",
    "lw_method",
]

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]

bibtex_bibfiles = ["references.bib"]
bibtex_default_style = "plain"
bibtex_reference_style = "author_year"

lw_quote_source = "Working Towards Something Better (Living Well UK, 2021)"

html_theme = "alabaster"
html_title = "Living Well practice handbook"

latex_engine = "xelatex"
latex_documents = [
    ("index", "living-well-handbook.tex", "Living Well practice handbook", author, "manual"),
]
