import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

extensions = ["myst_parser", "lw_method", "cold_kettle"]
myst_enable_extensions = ["colon_fence"]
