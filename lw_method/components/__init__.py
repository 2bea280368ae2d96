"""One module per directive, sphinx-design style; each registers its directive and renderers."""
