"""The case store: one SQLite file per hall with cases, scanned pages, workflow, audit and search.

Start at ``intake.store.db.Store`` (``Store.open(path)``); its managers are documented in their
modules. Writes take an ``Actor`` and return ``Changes``; long operations (``sample``,
``backup``, ``verify``) take ``progress(done, total, message)`` and a ``CancelToken``.
"""

from intake.store.db import Store
from intake.store.ops import Actor, CancelToken, Changes

__all__ = ["Actor", "CancelToken", "Changes", "Store"]
