extensions = ["myst_parser", "lw_method"]
myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 2
project = "Bad paths"
