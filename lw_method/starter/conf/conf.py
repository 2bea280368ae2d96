"""Sphinx configuration of a handbook made by ``lw-method new``."""

project = "{title}"
author = "{site}"
# The language of the handbook's interface words ("Cited in", "Not yet"…) and of Sphinx's own.
language = "{language}"
extensions = ["myst_parser", "lw_method", "sphinx.ext.githubpages"]  # githubpages: .nojekyll
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
latex_engine = "xelatex"
latex_documents = [("index", "handbook.tex", project, author, "manual")]

# lw-method check lists the evidence gaps an editor should review. A new handbook has no
# insights yet, so its quotes are not excerpted by any: delete this line once you add them.
suppress_warnings = ["lw.coverage-quote", "lw.coverage-insight"]
