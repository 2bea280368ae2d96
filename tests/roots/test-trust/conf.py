extensions = ["myst_parser", "lw_method"]
myst_enable_extensions = ["colon_fence"]
latex_engine = "xelatex"
latex_documents = [("index", "trust.tex", "Trust", "Tests", "manual")]
