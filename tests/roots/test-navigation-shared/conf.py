extensions = ["myst_parser", "lw_method", "lw_method.navigation"]
html_theme = "alabaster"
