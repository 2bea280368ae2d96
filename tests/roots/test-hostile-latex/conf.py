extensions = ["myst_parser", "lw_method"]
myst_enable_extensions = ["colon_fence"]
latex_documents = [("index", "hostile.tex", "Hostile", "Tests", "manual")]
latex_engine = "xelatex"
