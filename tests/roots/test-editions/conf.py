extensions = ["myst_parser", "lw_method"]
myst_enable_extensions = ["colon_fence"]
primary_domain = "lw"  # so that {story} is lw:story (one of the variants)
exclude_patterns = ["fragments"]
latex_engine = "xelatex"
latex_documents = [("index", "editions.tex", "Editions", "Tests", "manual")]
html_sidebars = {"**": ["globaltoc.html", "relations.html"]}  # every page links the site
