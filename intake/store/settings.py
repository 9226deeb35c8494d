"""Store settings kept in the store file itself, audited: for now the hall's township.

Public API (``store.settings``)::

    hall_township() -> str | None
    set_hall_township(code, actor) -> Changes

The township is part of every new case number (``numbers.py``); one store file serves one hall.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from intake import ids
from intake.errors import IdentifierError, InvalidInput
from intake.store import audit
from intake.store.ops import Actor, Changes
from intake.store.records import setting_digest

if TYPE_CHECKING:
    from intake.store.db import Store

HALL_TOWNSHIP = "hall_township"


class Settings:
    """Key/value settings of one store (``store.settings``)."""

    def __init__(self, store: "Store") -> None:
        self._store = store

    def get(self, key: str) -> str | None:
        row = self._store.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def hall_township(self) -> str | None:
        """The 9-digit township code of the hall this store serves, or None before setup."""
        return self.get(HALL_TOWNSHIP)

    def set_hall_township(self, code: str, actor: Actor) -> Changes:
        """Sets the hall's township; new case numbers start with it."""
        try:
            value = ids.validate_division(code, 9, "乡镇（街道）代码")
        except IdentifierError as e:
            raise InvalidInput(e.message, "hall_township") from None
        return self._set(HALL_TOWNSHIP, value, actor)

    def _set(self, key: str, value: str, actor: Actor) -> Changes:
        store = self._store
        with store.write() as conn:
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
            audit.append(
                conn, at=store.now(), actor=actor.name, action="set_setting", subject=f"setting:{key}",
                record_sha256=setting_digest(key, value), detail={"key": key, "value": value},
            )
        return Changes(settings=True)
