"""Frozen entry point of `intake` (the command line), as the console script in pyproject.toml."""

import sys

from intake.frozen import run_worker_if_asked
from intake.cli.main import main

if __name__ == "__main__":
    run_worker_if_asked()
    sys.exit(main())
