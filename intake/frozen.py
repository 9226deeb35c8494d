"""Start-up of the frozen programs (PyInstaller): both `intake` and `intake-desk` may be started
again by multiprocessing as a worker (the county import checks large bundles in worker processes)."""

from __future__ import annotations

import sys


def run_worker_if_asked() -> None:
    """A process started by multiprocessing ("spawn", or its resource tracker) runs its task, not
    the program. Recognised by its arguments first, so an ordinary start does not pay ~20 ms for
    importing multiprocessing."""
    args = sys.argv[1:]
    if "--multiprocessing-fork" in args or (args and args[0].startswith("-") and not args[0].startswith("--")):
        import multiprocessing

        multiprocessing.freeze_support()
