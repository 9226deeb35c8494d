"""One bundle's import at the county: decrypt and check every record into TEMP tables, then merge.

``check`` reads the three files in the order audit → pages → cases and refuses (``Problem``) at
the first thing wrong: the township's audit chain must continue exactly where its last bundle
ended; every page's bytes must match their hash; every case aggregate must pass its models, agree
with itself (its latest application names the applicant and county the case row shows) and hash
to the ``record_sha256`` of the township's latest audit entry about it; a case the county already
holds must come from the same installation, and its stored history must be a prefix of the one
arriving. County ids, the county's record hashes and audit entries are worked out here too.
Everything goes to TEMP tables (a private temporary file of SQLite, dropped afterwards), so
memory stays flat however large the bundle.

``merge`` then copies the TEMP tables into the store with set-based SQL. The caller runs both
inside one write transaction; nothing reaches the store's tables before ``check`` has finished.
"""

from __future__ import annotations

import io
import os
import sqlite3
import time
from collections.abc import Callable, Sequence
from operator import attrgetter
from pathlib import Path
from typing import Any

from intake.exchange import aggregate, bundle, hashing, ledger, payload
from intake.exchange.crypto import Problem
from intake.store import audit
from intake.store.ops import Actor, CancelToken
from intake.store.records import APPLICATION_COLUMNS, CASE_COLUMNS, DECISION_COLUMNS, PAGE_COLUMNS, select_list
from intake.store.search import name_grams

#: Test hook: a file path; the merge creates it half-way (rows written, not committed) and waits,
#: so a test can kill the process at that point.
PAUSE_ENV = "INTAKE_TEST_IMPORT_PAUSE"
_BATCH = 500
_AUDIT_COLUMNS = (*audit.ENTRY_FIELDS, "hash")
#: Page columns compared with what the county already holds (the thumbnail is derived data and
#: may differ between installations).
_PAGE_SAME = tuple(PAGE_COLUMNS.index(c) for c in ("doc_index", "seq", "sha256", "format", "size", "filename", "added_at", "added_by"))
_PAGE_SHA = PAGE_COLUMNS.index("sha256")
_PAGE_THUMB = PAGE_COLUMNS.index("thumb_sha256")
_DECISION_APP = DECISION_COLUMNS.index("application_id")
_CASE_NAME = CASE_COLUMNS.index("applicant_name")
_CASE_STATE = CASE_COLUMNS.index("state")
_AUDIT_GET = attrgetter(*_AUDIT_COLUMNS)

_TEMP_TABLES = {
    "x_source_audit": f"({', '.join(_AUDIT_COLUMNS)})",
    "x_latest": "(case_id INTEGER PRIMARY KEY, entry_id INTEGER NOT NULL, record_sha256 TEXT, subject TEXT)",
    "x_blobs": "(sha256 TEXT PRIMARY KEY, format TEXT, size INTEGER, data BLOB, thumbnail BLOB, thumb_sha256 TEXT)",
    "x_cases": f"(id INTEGER PRIMARY KEY, {', '.join(CASE_COLUMNS[1:])}, existing INTEGER NOT NULL, "
               "source_id INTEGER NOT NULL, UNIQUE (number))",
    "x_applications": f"(id INTEGER PRIMARY KEY, {', '.join(APPLICATION_COLUMNS[1:])})",
    "x_decisions": f"(id INTEGER PRIMARY KEY, {', '.join(DECISION_COLUMNS[1:])})",
    "x_pages": f"(id INTEGER PRIMARY KEY, {', '.join(PAGE_COLUMNS[1:])})",
    "x_grams_add": "(gram TEXT, case_id INTEGER)",
    "x_grams_del": "(gram TEXT, case_id INTEGER)",
    "x_audit": f"(id INTEGER PRIMARY KEY, {', '.join(_AUDIT_COLUMNS[1:])})",
}
_STAGED_COLUMNS: dict[str, tuple[str, ...]] = {
    "x_cases": (*CASE_COLUMNS, "existing", "source_id"),
    "x_applications": APPLICATION_COLUMNS,
    "x_decisions": DECISION_COLUMNS,
    "x_pages": PAGE_COLUMNS,
    "x_grams_add": ("gram", "case_id"),
    "x_grams_del": ("gram", "case_id"),
    "x_audit": _AUDIT_COLUMNS,
}

Tick = Callable[[], None]


def create_temp_tables(conn: sqlite3.Connection) -> None:
    for name, columns in _TEMP_TABLES.items():
        conn.execute(f"CREATE TEMP TABLE {name} {columns}")


def drop_temp_tables(conn: sqlite3.Connection) -> None:
    for name in _TEMP_TABLES:
        conn.execute(f"DROP TABLE IF EXISTS temp.{name}")


def _insert(table: str, columns: Sequence[str]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


class BundleImport:
    """Checks and merges one bundle; ``source`` is the county's record of its installation."""

    def __init__(self, conn: sqlite3.Connection, opened: bundle.OpenBundle, key: bytes, source: ledger.Source | None,
                 now: str, actor: Actor, tick: Tick) -> None:
        self.conn, self.opened, self.key, self.source = conn, opened, key, source
        self.manifest = opened.manifest
        self.installation = self.manifest.installation.fingerprint
        self.now, self.actor, self.tick = now, actor, tick
        self.cases = self.new_cases = 0
        self._readers: list[Any] = []

    # -- reading ------------------------------------------------------------------------------

    def _stream(self, name: str) -> io.BufferedReader:
        raw = self.opened.reader(name, self.key)
        self._readers.append(raw)
        return io.BufferedReader(raw, buffer_size=1 << 20)

    @property
    def consumed(self) -> int:
        """Ciphertext bytes read so far (for progress)."""
        return sum(r.consumed for r in self._readers)

    def check(self) -> None:
        self._check_audit()
        self._check_blobs()
        self._check_cases()

    def _check_audit(self) -> None:
        """The township's entries continue its chain exactly where the county's copy ends."""
        span = self.manifest.audit
        expected_first = (self.source.audit_to if self.source else 0) + 1
        expected_prev = self.source.audit_head if self.source else audit.GENESIS
        if span.first != expected_first or span.prev != expected_prev:
            raise Problem(f"审计记录不衔接：县局已有该乡镇审计记录至第 {expected_first - 1} 条，数据包从第 {span.first} 条开始")
        next_id, prev = span.first, span.prev
        batch: list[tuple[Any, ...]] = []
        for row in payload.read_audit(self._stream("audit.bin")):
            if row.id != next_id or row.prev_hash != prev:
                raise Problem(f"审计记录第 {row.id} 条与前一条不衔接（记录缺失或被改动）")
            batch.append(_AUDIT_GET(row))
            next_id, prev = row.id + 1, row.hash
            if len(batch) >= _BATCH * 10:
                self._flush("x_source_audit", _AUDIT_COLUMNS, batch)
                self.tick()
        self._flush("x_source_audit", _AUDIT_COLUMNS, batch)
        if next_id - 1 != span.last or prev != span.head:
            raise Problem("审计记录与清单所述的范围不符")
        self.conn.execute(
            "INSERT INTO x_latest (case_id, entry_id, record_sha256, subject) "
            "SELECT a.case_id, a.id, a.record_sha256, a.subject FROM x_source_audit a JOIN "
            "(SELECT case_id, max(id) AS id FROM x_source_audit WHERE case_id IS NOT NULL GROUP BY case_id) m ON m.id = a.id"
        )

    def _check_blobs(self) -> None:
        count = 0
        for blob in payload.read_blobs(self._stream("blobs.bin")):
            h = blob.header
            try:
                self.conn.execute(
                    "INSERT INTO x_blobs (sha256, format, size, data, thumbnail, thumb_sha256) VALUES (?, ?, ?, ?, ?, ?)",
                    (h.sha256, h.format, h.size, blob.data, blob.thumbnail, h.thumb_sha256),
                )
            except sqlite3.IntegrityError:
                raise Problem(f"扫描页 {h.sha256[:12]}… 在数据包中出现了两次") from None
            count += 1
            self.tick()
        if count != self.manifest.blobs:
            raise Problem(f"扫描页数量与清单不符（清单 {self.manifest.blobs} 份，实有 {count} 份）")

    def _check_cases(self) -> None:
        ids = _Ids(self.conn)
        prev_audit = audit.last_entry(self.conn)
        last_source_id = 0
        staged = _Staged(self.conn)
        blocks = payload.case_blocks(self._stream("cases.bin"))
        workers = aggregate.workers_for(self.manifest.cases)
        for checked in aggregate.check_all(blocks, self.manifest.township, workers):
            source_id = checked.rows.case[0]
            if source_id <= last_source_id:
                raise Problem(f"案件 {checked.number} 的记录顺序不对或重复出现")
            last_source_id = source_id
            self._check_case(checked)
            prev_audit = self._stage_case(checked, ids, staged, prev_audit)
            self.cases += 1
            if self.cases % _BATCH == 0:
                staged.flush()
                self.tick()
        staged.flush()
        (touched,) = self.conn.execute("SELECT count(*) FROM x_latest").fetchone()
        if self.cases != touched or self.cases != self.manifest.cases:
            raise Problem(f"案件数量不符：清单 {self.manifest.cases} 件，数据包 {self.cases} 件，审计记录涉及 {touched} 件")

    def _check_case(self, checked: aggregate.Checked) -> None:
        """The aggregate hashes to the township's latest audit entry about it."""
        number = checked.number
        entry = self.conn.execute(
            "SELECT entry_id, record_sha256, subject FROM x_latest WHERE case_id = ?", (checked.rows.case[0],)
        ).fetchone()
        if entry is None or entry[0] != checked.audit or entry[2] != f"case:{number}":
            raise Problem(f"案件 {number} 在数据包的审计记录中没有对应的记录")
        if checked.digest != entry[1]:
            raise Problem(f"案件 {number} 的内容与乡镇审计记录的哈希不符（记录被改动）")

    def _stage_case(self, checked: aggregate.Checked, ids: "_Ids", staged: "_Staged",
                    prev_audit: tuple[int, str]) -> tuple[int, str]:
        """County ids, rows and the county's own audit entry for one case; returns the new audit head.

        A case the county already holds keeps its ids; its stored children must be the first of
        the ones arriving (the hall only ever appends), and only the rest are added."""
        number, rows = checked.number, checked.rows
        existing = self.conn.execute(
            "SELECT c.id, c.applicant_name, e.installation FROM cases c LEFT JOIN exchange_cases e ON e.case_id = c.id "
            "WHERE c.number = ?", (number,)
        ).fetchone()
        if existing is not None and existing[2] != self.installation:
            raise Problem(f"案件编号 {number} 在县局已有，且不是由这台乡镇电脑导入的")
        county = _stored(self.conn, existing[0]) if existing else aggregate.Rows((ids.next("cases"), *rows.case[1:]))
        case_id = county.case[0]
        app_map: dict[int, int] = {}
        for i, (row, digest) in enumerate(zip(rows.apps, rows.app_hashes)):
            mine = [ids.next("applications") if i >= len(county.apps) else county.apps[i][0], case_id, *row[2:]]
            if i < len(county.apps):
                if county.apps[i][2:] != mine[2:]:
                    raise _rewritten(number)
            else:
                county.add("apps", mine, digest)
                staged.add("x_applications", mine)
            app_map[row[0]] = mine[0]
        for i, (row, digest) in enumerate(zip(rows.decisions, rows.decision_hashes)):
            mine = [ids.next("decisions") if i >= len(county.decisions) else county.decisions[i][0], case_id, *row[2:]]
            mine[_DECISION_APP] = app_map[row[_DECISION_APP]]
            if i < len(county.decisions):
                if county.decisions[i][2:] != mine[2:]:
                    raise _rewritten(number)
            else:
                county.add("decisions", mine, digest)
                staged.add("x_decisions", mine)
        for i, row in enumerate(rows.pages):
            mine = [ids.next("pages") if i >= len(county.pages) else county.pages[i][0], case_id, *row[2:]]
            mine[_PAGE_THUMB] = self._thumb_for(row[_PAGE_SHA])
            if i < len(county.pages):
                if [county.pages[i][k] for k in _PAGE_SAME] != [mine[k] for k in _PAGE_SAME]:
                    raise _rewritten(number)
            else:
                county.add("pages", mine)
                staged.add("x_pages", mine)
        if (len(county.apps), len(county.decisions), len(county.pages)) != (len(rows.apps), len(rows.decisions), len(rows.pages)):
            raise _rewritten(number)
        county.case = (case_id, *rows.case[1:])
        staged.add("x_cases", (*county.case, existing is not None, rows.case[0]))
        name = rows.case[_CASE_NAME]
        if existing is None or existing[1] != name:
            if existing is not None:
                staged.grams("x_grams_del", existing[1], case_id)
            staged.grams("x_grams_add", name, case_id)
        entry = hashing.make_entry(
            prev_audit, at=self.now, actor=self.actor.name, action="import", subject=f"case:{number}", case_id=case_id,
            record_sha256=county.digest(),
            detail={"township": self.manifest.township, "seq": self.manifest.seq, "state": rows.case[_CASE_STATE]},
        )
        staged.add("x_audit", entry)
        return entry[0], entry[-1]

    def _thumb_for(self, sha256: str) -> str:
        """The page's blob must arrive in this bundle or already be at the county; the county keeps
        its own thumbnail when it already has the bytes."""
        for table in ("main.blobs", "x_blobs"):
            row = self.conn.execute(f"SELECT thumb_sha256 FROM {table} WHERE sha256 = ?", (sha256,)).fetchone()
            if row is not None:
                return str(row[0])
        raise Problem(f"扫描页 {sha256[:12]}… 既不在数据包中，也不在县局数据库中")

    def _flush(self, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        if rows:
            self.conn.executemany(_insert(table, columns), rows)
            rows.clear()

    # -- merging ------------------------------------------------------------------------------

    def merge(self, file: str) -> None:
        """Copies the checked TEMP tables into the store (inside the caller's transaction)."""
        conn = self.conn
        case_cols = select_list(CASE_COLUMNS)
        conn.execute(
            "INSERT INTO blobs (sha256, format, size, data, thumbnail, thumb_sha256) "
            "SELECT sha256, format, size, data, thumbnail, thumb_sha256 FROM x_blobs WHERE true ON CONFLICT (sha256) DO NOTHING"
        )
        conn.execute(f"INSERT INTO cases ({case_cols}) SELECT {case_cols} FROM x_cases WHERE NOT existing ORDER BY id")
        _pause_for_tests()
        updates = ", ".join(f"{c} = x.{c}" for c in CASE_COLUMNS[2:])
        conn.execute(f"UPDATE cases SET {updates} FROM x_cases x WHERE x.existing AND cases.id = x.id")
        conn.execute(
            "INSERT INTO exchange_cases (case_id, installation, township, source_id) "
            "SELECT id, ?, ?, source_id FROM x_cases WHERE NOT existing", (self.installation, self.manifest.township),
        )
        for table, columns in (("applications", APPLICATION_COLUMNS), ("decisions", DECISION_COLUMNS), ("pages", PAGE_COLUMNS)):
            cols = select_list(columns)
            conn.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM x_{table} ORDER BY id")
        conn.execute("DELETE FROM name_grams WHERE (gram, case_id) IN (SELECT gram, case_id FROM x_grams_del)")
        conn.execute("INSERT INTO name_grams (gram, case_id) SELECT gram, case_id FROM x_grams_add")
        audit_cols = select_list(_AUDIT_COLUMNS)
        conn.execute(f"INSERT INTO audit ({audit_cols}) SELECT {audit_cols} FROM x_audit ORDER BY id")
        conn.execute(
            f"INSERT INTO exchange_audit (installation, {audit_cols}) SELECT ?, {audit_cols} FROM x_source_audit ORDER BY id",
            (self.installation,),
        )
        conn.execute(
            "INSERT OR IGNORE INTO exchange_reviews (applicant_id, case_a, case_b, flagged_at) "
            "SELECT a.applicant_id, min(a.number, b.number), max(a.number, b.number), ? "
            "FROM x_cases x JOIN cases a ON a.id = x.id JOIN exchange_cases ea ON ea.case_id = a.id "
            "JOIN cases b ON b.applicant_id = a.applicant_id AND b.id != a.id "
            "JOIN exchange_cases eb ON eb.case_id = b.id AND eb.township != ea.township ORDER BY a.id, b.id",
            (self.now,),
        )
        m = self.manifest
        ledger.save_source(conn, ledger.Source(
            self.installation, m.installation.ed25519, m.township, m.seq, self.opened.sha256, m.audit.last, m.audit.head,
        ), self.now)
        ledger.record_import(conn, {
            "installation": self.installation, "seq": m.seq, "bundle_sha256": self.opened.sha256, "township": m.township,
            "file": file, "cases": self.cases, "imported_at": self.now, "imported_by": self.actor.name,
        })
        for name in _TEMP_TABLES:
            conn.execute(f"DELETE FROM temp.{name}")


def _rewritten(number: str) -> Problem:
    return Problem(f"案件 {number} 的历史与县局已导入的记录不一致（乡镇的记录被改写过？）")


class _Ids:
    """The next free id of each table, handed out in order (the store is locked meanwhile)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._last = {
            t: int(conn.execute(f"SELECT coalesce(max(id), 0) FROM {t}").fetchone()[0])
            for t in ("cases", "applications", "decisions", "pages")
        }

    def next(self, table: str) -> int:
        self._last[table] += 1
        return self._last[table]


def _stored(conn: sqlite3.Connection, case_id: int) -> aggregate.Rows:
    """What the county holds for one case."""
    rows = aggregate.Rows(conn.execute(f"SELECT {select_list(CASE_COLUMNS)} FROM cases WHERE id = ?", (case_id,)).fetchone())
    for kind, table, columns, text in (("apps", "applications", APPLICATION_COLUMNS, hashing.APP_TEXT),
                                       ("decisions", "decisions", DECISION_COLUMNS, hashing.DECISION_TEXT),
                                       ("pages", "pages", PAGE_COLUMNS, None)):
        for row in conn.execute(f"SELECT {select_list(columns)} FROM {table} WHERE case_id = ? ORDER BY id", (case_id,)):
            rows.add(kind, list(row), hashing.sha256_text(row[text]) if text is not None else "")
    return rows


class _Staged:
    """Rows waiting to be written to the TEMP tables, written in batches."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._rows: dict[str, list[Sequence[Any]]] = {}

    def add(self, table: str, row: Sequence[Any]) -> None:
        self._rows.setdefault(table, []).append(row)

    def grams(self, table: str, name: str, case_id: int) -> None:
        self._rows.setdefault(table, []).extend((g, case_id) for g in name_grams(name))

    def flush(self) -> None:
        for table, rows in self._rows.items():
            if rows:
                try:
                    self._conn.executemany(_insert(table, _STAGED_COLUMNS[table]), rows)
                except sqlite3.IntegrityError:
                    raise Problem("数据包中有重复的案件编号") from None
                rows.clear()


def _pause_for_tests() -> None:
    """See ``PAUSE_ENV``."""
    marker = os.environ.get(PAUSE_ENV)
    if marker:
        Path(marker).touch()
        time.sleep(60)
