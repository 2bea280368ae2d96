extensions = ["myst_parser", "lw_method"]
myst_enable_extensions = ["colon_fence"]
project = "Kit test"
html_baseurl = "https://kit.example.org/handbook/"
lw_quote_source = "The Test Book"
lw_support_text = "Support line for the test: call 0000."
