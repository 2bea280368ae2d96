extensions = ["myst_parser", "lw_method", "lw_method.navigation"]
myst_enable_extensions = ["colon_fence"]
html_theme = "alabaster"
