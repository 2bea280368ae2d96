extensions = ["myst_parser", "lw_method", "lw_method.book"]
myst_enable_extensions = ["colon_fence"]
lw_quote_source = "The Test Book"
latex_documents = [("index", "views.tex", "Views", "Tests", "manual")]
latex_engine = "xelatex"
