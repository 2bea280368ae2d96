extensions = ["myst_parser", "lw_method"]
myst_enable_extensions = ["colon_fence"]
lw_quote_source = "The Test Book"
html_sidebars = {"**": ["globaltoc.html", "relations.html"]}
latex_documents = [("index", "incremental.tex", "Incremental", "Tests", "manual")]
latex_engine = "xelatex"
