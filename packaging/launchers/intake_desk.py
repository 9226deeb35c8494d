"""Frozen entry point of `intake-desk` (the desktop app), as the gui script in pyproject.toml."""

import sys

from intake.frozen import run_worker_if_asked
from ui.app import main

if __name__ == "__main__":
    run_worker_if_asked()
    sys.exit(main())
