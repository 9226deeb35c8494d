"""Frozen entry point of `intake` (the command line), as the console script in pyproject.toml."""

import sys

from intake.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
