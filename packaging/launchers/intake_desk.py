"""Frozen entry point of `intake-desk` (the desktop app), as the gui script in pyproject.toml."""

import sys

from ui.app import main


def run_worker_if_asked() -> None:
    """A process started by multiprocessing ("spawn", or its resource tracker) runs its task, not
    the program. Recognised by its arguments first, so an ordinary start does not pay ~20 ms for
    importing multiprocessing."""
    args = sys.argv[1:]
    if "--multiprocessing-fork" in args or (args and args[0].startswith("-") and not args[0].startswith("--")):
        import multiprocessing

        multiprocessing.freeze_support()


if __name__ == "__main__":
    run_worker_if_asked()
    sys.exit(main())
