"""Store settings kept in the store file itself, audited: which installation the store serves.

Public API (``store.settings``)::

    hall_township() -> str | None          # a township hall's store
    set_hall_township(code, actor) -> Changes
    check_hall_township(code) -> str       # the same checks, writing nothing
    county() -> str | None                 # the county's store (imports the halls' bundles)
    set_county(code, actor) -> Changes
    check_county(code) -> str
    mark_county(conn, code, actor)         # inside an import's transaction: the first bundle marks it

The township is part of every new case number (``numbers.py``); one store file serves one hall, or
the county, never both: each setter refuses when the other is already set.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from intake import ids
from intake.errors import IdentifierError, InvalidInput
from intake.store import audit, numbers
from intake.store.ops import Actor, Changes
from intake.store.records import setting_digest

if TYPE_CHECKING:
    import sqlite3

    from intake.store.db import Store

HALL_TOWNSHIP = "hall_township"
COUNTY = "county"


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
        """Sets the hall's township; new case numbers start with it. Once set it never changes
        (the numbers filed and the bundles the county holds name it)."""
        return self._set(HALL_TOWNSHIP, self.check_hall_township(code), actor)

    def check_hall_township(self, code: str) -> str:
        """The normalised code ``set_hall_township`` would store, or InvalidInput saying why this
        store cannot become that hall (checked before a first-run setup writes anything)."""
        try:
            value = ids.validate_division(code, 9, "乡镇（街道）代码")
        except IdentifierError as e:
            raise InvalidInput(e.message, HALL_TOWNSHIP) from None
        if (county := self.county()) is not None:
            raise InvalidInput(f"本数据库是县（区）{county} 的汇总数据库，不能再设置乡镇（街道）代码", HALL_TOWNSHIP)
        if (current := self.hall_township()) is not None and current != value:
            raise InvalidInput(f"本数据库已设置为乡镇（街道）{current}，不能改为 {value}：案件编号和交县局的数据包都以它为准",
                               HALL_TOWNSHIP)
        unnumbered, first = self._cases_without_township()
        if unnumbered:
            raise InvalidInput(
                f"本数据库已有 {unnumbered} 件在设置乡镇（街道）之前建立的案件，其编号（如 {first}）"
                "只在本数据库内唯一，不能报送县局；请在新的数据库文件中设置乡镇（街道）后受理", HALL_TOWNSHIP)
        return value

    def _cases_without_township(self) -> tuple[int, str | None]:
        """How many cases were filed before a hall was set (``numbers.UNCONFIGURED_SUFFIX``), and
        the first: their numbers are unique only in this store, so another hall's store has the
        same ones and the county could never tell them apart. Such a store stays unconfigured."""
        count, first = self._store.conn.execute(
            "SELECT count(*), min(number) FROM cases WHERE substr(number, 7, 3) = ?", (numbers.UNCONFIGURED_SUFFIX,)
        ).fetchone()
        return int(count), first

    def county(self) -> str | None:
        """The 6-digit county code when this store is the county's (bundles imported, statistics), else None."""
        return self.get(COUNTY)

    def set_county(self, code: str, actor: Actor) -> Changes:
        """Makes this store the county's; refused on a hall's store, whose cases the county imports
        from bundles instead."""
        return self._set(COUNTY, self.check_county(code), actor)

    def check_county(self, code: str) -> str:
        """The normalised code ``set_county`` would store, or InvalidInput saying why this store
        cannot become the county's."""
        try:
            value = ids.validate_division(code, 6, "县（区）代码")
        except IdentifierError as e:
            raise InvalidInput(e.message, COUNTY) from None
        if (hall := self.hall_township()) is not None:
            raise InvalidInput(f"本数据库是乡镇（街道）{hall} 的受理数据库，不能再设置县（区）代码", COUNTY)
        if (current := self.county()) is not None and current != value:
            raise InvalidInput(f"本数据库已是县（区）{current} 的汇总数据库，不能改为 {value}", COUNTY)
        (filed,) = self._store.conn.execute(
            "SELECT count(*) FROM cases WHERE id NOT IN (SELECT case_id FROM exchange_cases)").fetchone()
        if filed:
            raise InvalidInput(f"本数据库已有 {filed} 件受理的案件；县局汇总数据库只存放从乡镇导入的案件，请使用新的数据库文件", COUNTY)
        return value

    def mark_county(self, conn: "sqlite3.Connection", code: str, actor: Actor) -> None:
        """Inside the caller's transaction (an import): a store that imports bundles is the county's
        from then on, so it files no cases of its own (``CaseBook.create`` refuses) — also when it
        was set up on the command line (``keys init --county``) rather than by the desk's first run.
        InvalidInput when it cannot be the county's (a hall's store, or one with cases of its own)."""
        if self.county() is None:
            self._write(conn, COUNTY, self.check_county(code), actor)

    def _set(self, key: str, value: str, actor: Actor) -> Changes:
        """Writes a checked value; the codes that never change are compared again under the write
        lock (another program may have set one since the check)."""
        with self._store.write() as conn:
            row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
            if row is not None and row[0] == value:  # set before (a first run after ``intake setup``)
                return Changes()
            if row is not None and key in (HALL_TOWNSHIP, COUNTY):
                raise InvalidInput(f"本数据库已设置为 {row[0]}，不能改为 {value}", key)
            self._write(conn, key, value, actor)
        return Changes(settings=True)

    def _write(self, conn: "sqlite3.Connection", key: str, value: str, actor: Actor) -> None:
        conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
        audit.append(
            conn, at=self._store.now(), actor=actor.name, action="set_setting", subject=f"setting:{key}",
            record_sha256=setting_digest(key, value), detail={"key": key, "value": value},
        )
