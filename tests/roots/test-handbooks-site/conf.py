# A site handbook built on the core; each test gives lw_handbooks (the core's export) itself.
extensions = ["myst_parser", "lw_method"]
myst_enable_extensions = ["colon_fence"]
project = "Seaside site handbook"
lw_quote_source = "The Test Book"
latex_documents = [("index", "site.tex", "Seaside site handbook", "Tests", "manual")]
latex_engine = "xelatex"
