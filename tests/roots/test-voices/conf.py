extensions = ["myst_parser", "lw_method"]
myst_enable_extensions = ["colon_fence"]
project = "Voices"
lw_quote_source = "The Book"
