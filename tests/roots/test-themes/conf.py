# The lw objects and views under any theme: tests/test_themes.py sets html_theme.
extensions = ["myst_parser", "lw_method"]
myst_enable_extensions = ["colon_fence"]
lw_quote_source = "The Test Book"
