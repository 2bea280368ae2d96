# The basic handbook in Welsh, with a small test catalogue of the extension's strings in
# locales/cy/LC_MESSAGES/lw_method.po (compiled by the extension when it changes).
extensions = ["myst_parser", "lw_method"]
myst_enable_extensions = ["colon_fence"]
language = "cy"
locale_dirs = ["locales"]
lw_quote_source = "The Test Book"
latex_documents = [("index", "basic.tex", "Basic", "Tests", "manual")]
latex_engine = "xelatex"
