extensions = ["myst_parser", "lw_method"]
myst_enable_extensions = ["colon_fence"]
lw_quote_source = "The Test Book"
latex_documents = [("index", "basic.tex", "Basic", "Tests", "manual")]
latex_engine = "xelatex"
