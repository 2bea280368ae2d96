# The core handbook of the cross-handbook tests; lw_handbooks (a site's export) is given by each test.
extensions = ["myst_parser", "lw_method"]
myst_enable_extensions = ["colon_fence"]
project = "Core handbook"
lw_quote_source = "The Test Book"
latex_documents = [("index", "core.tex", "Core handbook", "Tests", "manual")]
latex_engine = "xelatex"
