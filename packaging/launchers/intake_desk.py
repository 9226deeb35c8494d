"""Frozen entry point of `intake-desk` (the desktop app), as the gui script in pyproject.toml."""

import sys

from ui.app import main

if __name__ == "__main__":
    sys.exit(main())
