# Partners' answers kept in the project, reported on a page with lw:readiness-report.
extensions = ["myst_parser", "lw_method"]
myst_enable_extensions = ["colon_fence"]
project = "Readiness test"
lw_quote_source = "The Test Book"
latex_documents = [("index", "readiness.tex", "Readiness", "Tests", "manual")]
latex_engine = "xelatex"
