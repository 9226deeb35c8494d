"""The `intake` command line: a thin face over the core, for county IT staff and scripts."""
