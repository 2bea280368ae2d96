extensions = ["myst_parser", "lw_method"]
myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 2
project = "Paths test"
lw_quote_source = "The Test Book"
latex_engine = "xelatex"
latex_documents = [("index", "paths.tex", "Paths", "Tests", "manual")]
latex_elements = {"papersize": "a4paper"}
