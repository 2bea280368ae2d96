extensions = ["myst_parser", "lw_method"]
html_theme = "alabaster"
