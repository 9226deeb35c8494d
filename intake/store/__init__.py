"""The case store: one SQLite file per hall with cases, scanned pages, workflow, audit and search.

Start at ``intake.store.db.Store`` (``Store.open(path)``); its managers are documented in their
modules. Writes take an ``Actor`` and return ``Changes``; long operations (``sample``,
``backup``, ``verify``) take ``progress(done, total, message)`` and a ``CancelToken``.

The names below are loaded on first use, so ``from intake.store.ops import Actor`` does not pull
in SQLite and sqlite-utils (commands like ``intake evaluate`` have a start-up budget).
"""

from __future__ import annotations

from typing import Any

__all__ = ["Actor", "CancelToken", "Changes", "Store"]


def __getattr__(name: str) -> Any:
    if name == "Store":
        from intake.store.db import Store

        return Store
    if name in ("Actor", "CancelToken", "Changes"):
        from intake.store import ops

        return getattr(ops, name)
    raise AttributeError(f"module 'intake.store' has no attribute {name!r}")
