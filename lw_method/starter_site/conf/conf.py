"""Sphinx configuration of a site handbook made by ``lw-method new --core``.

The site's handbook builds on the core handbook: its methods, quotes and checks are
named ``core:ID`` and linked to the core's pages, and nothing of it is copied here.
"""

project = "{title}"
author = "{site}"
# The language of the handbook's interface words ("Cited in", "Not yet"…) and of Sphinx's own.
language = "{language}"
extensions = ["myst_parser", "lw_method", "sphinx.ext.githubpages"]  # githubpages: .nojekyll
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
latex_engine = "xelatex"
latex_documents = [("index", "handbook.tex", project, author, "manual")]

# The core handbook: "url" is where its pages are published (links go there), "export" is
# its lw-method.json, a path relative to this folder or an address (fetched once per build
# and cached, so an offline build uses the last copy).
lw_handbooks = {"core": {"url": "{core_url}", "export": "{core_export}"}}

# lw-method check lists the evidence gaps an editor should review. A new site handbook has
# no stories or insights of its own yet: delete this line once you add them.
suppress_warnings = ["lw.coverage-quote", "lw.coverage-insight"]
