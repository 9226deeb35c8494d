"""A module that takes ``SECONDS`` to import: a worker preloading it starts that much later."""

from __future__ import annotations

import os
import time

SECONDS = 2.0
_PARENT = os.environ.setdefault("SLOW_TO_IMPORT_PARENT", str(os.getpid()))
if str(os.getpid()) != _PARENT:  # the test's own process imports it at once
    time.sleep(SECONDS)


def imported_in_worker(item: int) -> bool:
    """True when run in a worker process that imported this module itself."""
    return str(os.getpid()) != _PARENT
