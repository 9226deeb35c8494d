"""Where a bundle's checked rows wait between the check and the merge: a scratch database attached
to the store's connection (SQLite's private temporary file, never the store), filled while the
check reads each file once, and the statements that then move the rows into the store's tables in
one go.

The check fills it with exactly what the merge will write — the county's ids, rows and the search
grams — so the merge decrypts and parses nothing again. What is appended in order anyway, the
county's ``import`` audit entries, goes straight to the store's table with each batch (``DIRECT``). The caller runs check and merge in one write transaction, and a refusal, crash or
cancel leaves no trace. The scratch database is attached before that transaction and detached
after it (a detached temporary database is simply gone: no rows to delete), so memory stays flat
however large the bundle.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from typing import Any

from intake.exchange import hashing, payload
from intake.store.records import APPLICATION_COLUMNS, CASE_COLUMNS, DECISION_COLUMNS, PAGE_COLUMNS

_AUDIT_COLUMNS = payload.AUDIT_COLUMNS
#: Extra columns of a staged case: whether the county holds it already, the hall's id for it, and
#: the search grams to add for it (``grams_text``).
CASE_EXTRA = ("held", "source_id", "grams")


def _columns(columns: Sequence[str]) -> str:
    """The store's columns, untyped (values keep their type), ``id`` the row id and so the order."""
    return f"(id INTEGER PRIMARY KEY, {', '.join(columns[1:])})"


TABLES: dict[str, str] = {
    # the check's own lookups
    "x_latest": "(case_id INTEGER PRIMARY KEY, entry_id INTEGER NOT NULL, record_sha256 TEXT, subject TEXT UNIQUE, "
                "county_id INTEGER, county_name TEXT, origin TEXT)",
    "x_blobs": "(sha256 TEXT PRIMARY KEY)",  # each page once in a bundle
    # what the merge writes
    "x_cases": _columns((*CASE_COLUMNS, *CASE_EXTRA)),
    "x_applications": _columns(APPLICATION_COLUMNS),
    "x_decisions": _columns(DECISION_COLUMNS),
    "x_pages": _columns(PAGE_COLUMNS),
    "x_grams": "(gram, case_id)",
    "x_grams_gone": "(gram, case_id)",
}


SCHEMA = "exchange_scratch"


def attach(conn: sqlite3.Connection) -> None:
    """Attaches an empty scratch database (outside any transaction); ``detach`` when done."""
    conn.execute(f"ATTACH DATABASE '' AS {SCHEMA}")
    try:
        conn.execute(f"PRAGMA {SCHEMA}.synchronous = OFF")  # thrown away, never read back after a crash
        conn.execute(f"PRAGMA {SCHEMA}.page_size = 16384")  # rows of a kilobyte or two, written once, read once
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


def _insert(table: str, width: int, text_at: int | None = None) -> str:
    """``text_at``: the column given as UTF-8 bytes, stored as text (a JSON text checked to be UTF-8
    is stored as the very bytes the hall hashed, without decoding and encoding it again)."""
    values = ["CAST(? AS TEXT)" if i == text_at else "?" for i in range(width)]
    return f"INSERT INTO {SCHEMA}.{table} VALUES ({', '.join(values)})"


#: The INSERT of each staged table, every column in order.
STAGED: dict[str, str] = {
    "x_cases": _insert("x_cases", len(CASE_COLUMNS) + len(CASE_EXTRA)),
    "x_applications": _insert("x_applications", len(APPLICATION_COLUMNS), APPLICATION_COLUMNS.index("json")),
    "x_decisions": _insert("x_decisions", len(DECISION_COLUMNS), DECISION_COLUMNS.index("decision")),
    "x_pages": _insert("x_pages", len(PAGE_COLUMNS)),
    "x_grams": _insert("x_grams", 2),
    "x_grams_gone": _insert("x_grams_gone", 2),
}


def grams_text(grams: Sequence[str]) -> str | None:
    """A case's search grams as one JSON array, for the ``grams`` column (one staged row per case,
    not one per gram); None when a gram holds NUL, which SQLite's JSON functions cut short: such
    grams go to ``x_grams`` one by one."""
    if any("\0" in gram for gram in grams):
        return None
    return hashing.canonical(list(grams))


#: Rows written to the store's own tables with each batch: appended in id order, they gain
#: nothing from a set-based merge.
DIRECT: dict[str, str] = {
    "audit": f"INSERT INTO main.audit ({', '.join(_AUDIT_COLUMNS)}) VALUES ({', '.join('?' * len(_AUDIT_COLUMNS))})",
}


class Batch:
    """Rows for the scratch tables (and ``DIRECT``), written a batch at a time (``executemany`` on
    prepared rows)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._statements = {**STAGED, **DIRECT}
        self.rows: dict[str, list[Sequence[Any]]] = {table: [] for table in self._statements}

    def flush(self) -> None:
        for table, rows in self.rows.items():
            if rows:
                self._conn.executemany(self._statements[table], rows)
                rows.clear()


def _select(columns: Sequence[str]) -> str:
    return ", ".join(columns)


_CASES, _APPS, _DECISIONS, _PAGES = (
    _select(c) for c in (CASE_COLUMNS, APPLICATION_COLUMNS, DECISION_COLUMNS, PAGE_COLUMNS))
#: The case records' rows, in an order the foreign keys accept; ``?1`` the installation, ``?2`` the
#: township.
_MERGE_CASES = (
    f"INSERT INTO main.cases ({_CASES}) SELECT {_CASES} FROM x_cases WHERE NOT held ORDER BY id",
    f"UPDATE main.cases SET {', '.join(f'{c} = x.{c}' for c in CASE_COLUMNS[2:])} "
    "FROM x_cases x WHERE x.held AND main.cases.id = x.id",
    "INSERT INTO main.exchange_cases (case_id, installation, township, source_id) "
    "SELECT id, ?1, ?2, source_id FROM x_cases WHERE NOT held ORDER BY id",
    f"INSERT INTO main.applications ({_APPS}) SELECT {_APPS} FROM x_applications ORDER BY id",
    f"INSERT INTO main.decisions ({_DECISIONS}) SELECT {_DECISIONS} FROM x_decisions ORDER BY id",
    f"INSERT INTO main.pages ({_PAGES}) SELECT {_PAGES} FROM x_pages ORDER BY id",
    "DELETE FROM main.name_grams WHERE (gram, case_id) IN (SELECT gram, case_id FROM x_grams_gone)",
    "INSERT INTO main.name_grams (gram, case_id) SELECT gram, case_id FROM ("
    "SELECT j.value AS gram, x.id AS case_id FROM x_cases x, json_each(x.grams) j WHERE x.grams IS NOT NULL "
    "UNION ALL SELECT gram, case_id FROM x_grams) ORDER BY gram, case_id",
)


def merge_cases(conn: sqlite3.Connection, installation: str, township: str, tick: Callable[[], None]) -> None:
    """Moves the staged case rows and search grams into the store (inside the caller's
    transaction); ``tick()`` after each statement."""
    for sql in _MERGE_CASES:
        conn.execute(sql, (installation, township)[:2 if "?2" in sql else 1 if "?1" in sql else 0])
        tick()
