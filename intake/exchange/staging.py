"""Where an import puts a bundle's rows while it checks them, and the statements that write them.

The check writes what the county will hold for each case as it passes — case, application,
decision and page rows under the county's ids, the ``exchange_cases`` row and the county's
``import`` audit entry — straight to the store's own tables a batch at a time (``WRITES``; all
appended in id order, so a set-based copy later would only write them twice). Nothing of it is
seen by another connection before the commit, and the caller runs check and merge in one write
transaction, so a refusal, crash or cancel leaves no trace. What the check itself looks up (each
case's latest audit entry, the pages seen) and what is only worth writing sorted (the search
grams) waits in a scratch database attached to the store's connection (SQLite's private
temporary file, never the store): memory stays flat however large the bundle. It is attached
before that transaction and detached after it (a detached temporary database is simply gone).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from typing import Any

from intake.exchange import hashing, payload
from intake.store.records import APPLICATION_COLUMNS, CASE_COLUMNS, DECISION_COLUMNS, PAGE_COLUMNS

_AUDIT_COLUMNS = payload.AUDIT_COLUMNS
TABLES: dict[str, str] = {
    # the check's own lookups
    "x_latest": "(case_id INTEGER PRIMARY KEY, entry_id INTEGER NOT NULL, record_sha256 TEXT, subject TEXT UNIQUE, "
                "county_id INTEGER, county_name TEXT, origin TEXT)",
    "x_blobs": "(sha256 TEXT PRIMARY KEY)",  # each page once in a bundle
    # what the merge writes: per case of the bundle (county id), the search grams to add (``grams_text``)
    "x_cases": "(id INTEGER PRIMARY KEY, grams)",
    "x_grams": "(gram, case_id)",
    "x_grams_gone": "(gram, case_id)",
}


SCHEMA = "exchange_scratch"


def attach(conn: sqlite3.Connection) -> None:
    """Attaches an empty scratch database (outside any transaction); ``detach`` when done."""
    conn.execute(f"ATTACH DATABASE '' AS {SCHEMA}")
    try:
        conn.execute(f"PRAGMA {SCHEMA}.synchronous = OFF")  # thrown away, never read back after a crash
        conn.execute(f"PRAGMA {SCHEMA}.journal_mode = OFF")
        for name, columns in TABLES.items():
            conn.execute(f"CREATE TABLE {SCHEMA}.{name} {columns}")
    except BaseException:
        detach(conn, quietly=True)
        raise


def clear(conn: sqlite3.Connection) -> None:
    """Empties the tables for the next bundle of the same import."""
    for name in TABLES:
        conn.execute(f"DELETE FROM {SCHEMA}.{name}")


def detach(conn: sqlite3.Connection, quietly: bool = False) -> None:
    """Lets the scratch database go (after the import's transaction), whatever it holds;
    ``quietly`` when another error is on its way (the connection's close then lets it go)."""
    try:
        conn.execute(f"DETACH DATABASE {SCHEMA}")
    except sqlite3.Error:
        if not quietly:
            raise


def _insert(table: str, columns: Sequence[str], text: str | None = None) -> str:
    """``text``: the column given as UTF-8 bytes, stored as text (a JSON text checked to be UTF-8
    is stored as the very bytes the hall hashed, without decoding and encoding it again)."""
    values = ["CAST(? AS TEXT)" if c == text else "?" for c in columns]
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(values)})"


#: Every table the check writes to, in an order the foreign keys accept (a case before its
#: applications, an application before its decisions), with its statement taking rows in the
#: columns' order.
WRITES: dict[str, str] = {
    "cases": _insert("main.cases", CASE_COLUMNS),
    "held_cases": f"UPDATE main.cases SET {', '.join(f'{c} = ?' for c in CASE_COLUMNS[2:])} WHERE id = ?",
    "exchange_cases": _insert("main.exchange_cases", ("case_id", "installation", "township", "source_id")),
    "applications": _insert("main.applications", APPLICATION_COLUMNS, "json"),
    "decisions": _insert("main.decisions", DECISION_COLUMNS, "decision"),
    "pages": _insert("main.pages", PAGE_COLUMNS),
    "audit": _insert("main.audit", _AUDIT_COLUMNS),
    "x_cases": _insert(f"{SCHEMA}.x_cases", ("id", "grams")),
    "x_grams": _insert(f"{SCHEMA}.x_grams", ("gram", "case_id")),
    "x_grams_gone": _insert(f"{SCHEMA}.x_grams_gone", ("gram", "case_id")),
}


def grams_text(grams: Sequence[str]) -> str | None:
    """A case's search grams as one JSON array, for the ``grams`` column (one staged row per case,
    not one per gram); None when a gram holds NUL, which SQLite's JSON functions cut short: such
    grams go to ``x_grams`` one by one."""
    if any("\0" in gram for gram in grams):
        return None
    return hashing.canonical(list(grams))


class Batch:
    """Rows for ``WRITES``, written a batch at a time (``executemany`` on prepared rows)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self.rows: dict[str, list[Sequence[Any]]] = {table: [] for table in WRITES}

    def flush(self) -> None:
        for table, rows in self.rows.items():
            if rows:
                self._conn.executemany(WRITES[table], rows)
                rows.clear()


#: The search grams of the bundle's cases, sorted (an index takes sorted rows several times faster).
_MERGE_GRAMS = (
    "DELETE FROM main.name_grams WHERE (gram, case_id) IN (SELECT gram, case_id FROM x_grams_gone)",
    "INSERT INTO main.name_grams (gram, case_id) SELECT gram, case_id FROM ("
    "SELECT j.value AS gram, x.id AS case_id FROM x_cases x, json_each(x.grams) j WHERE x.grams IS NOT NULL "
    "UNION ALL SELECT gram, case_id FROM x_grams) ORDER BY gram, case_id",
)


def merge_grams(conn: sqlite3.Connection, tick: Callable[[], None]) -> None:
    """Moves the staged search grams into the store (inside the caller's transaction); ``tick()``
    after each statement."""
    for sql in _MERGE_GRAMS:
        conn.execute(sql)
        tick()
