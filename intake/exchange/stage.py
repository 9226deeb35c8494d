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
from pathlib import Path
from typing import Any

from intake.exchange import bundle, ledger, payload
from intake.exchange.crypto import Problem
from intake.store import audit
from intake.store.ops import Actor, CancelToken
from intake.store.records import (
    APPLICATION_COLUMNS, CASE_COLUMNS, DECISION_COLUMNS, PAGE_COLUMNS, case_digest, fetch, select_list,
)
from intake.store.search import name_grams, phone_key

#: Test hook: a file path; the merge creates it half-way (rows written, not committed) and waits,
#: so a test can kill the process at that point.
PAUSE_ENV = "INTAKE_TEST_IMPORT_PAUSE"
_BATCH = 500
_AUDIT_COLUMNS = (*audit.ENTRY_FIELDS, "hash")
#: Page columns compared with what the county already holds (the thumbnail is derived data and
#: may differ between installations).
_PAGE_SAME = ("doc_index", "seq", "sha256", "format", "size", "filename", "added_at", "added_by")

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
            batch.append(tuple(getattr(row, c) for c in _AUDIT_COLUMNS))
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
        for record in payload.read_cases(self._stream("cases.bin")):
            source_id = record.header.case.id
            if source_id <= last_source_id:
                raise Problem(f"案件 {record.header.case.number} 的记录顺序不对或重复出现")
            last_source_id = source_id
            self._check_case(record)
            prev_audit = self._stage_case(record, ids, staged, prev_audit)
            self.cases += 1
            if self.cases % _BATCH == 0:
                staged.flush()
                self.tick()
        staged.flush()
        (touched,) = self.conn.execute("SELECT count(*) FROM x_latest").fetchone()
        if self.cases != touched or self.cases != self.manifest.cases:
            raise Problem(f"案件数量不符：清单 {self.manifest.cases} 件，数据包 {self.cases} 件，审计记录涉及 {touched} 件")

    def _check_case(self, record: payload.CaseRecord) -> None:
        """The aggregate agrees with itself and hashes to the township's latest audit entry about it."""
        h = record.header
        case = h.case
        number = case.number
        if number[:9] != self.manifest.township and number[6:9] != "000":
            raise Problem(f"案件 {number} 不是乡镇 {self.manifest.township} 的编号")
        app_ids = [a.id for a in h.applications]
        for rows in (h.applications, h.decisions, h.pages):
            if any(r.case_id != case.id for r in rows) or any(a.id >= b.id for a, b in zip(rows, rows[1:])):
                raise Problem(f"案件 {number} 的子记录不属于该案件或顺序不对")
        for meta, (_, decision) in zip(h.decisions, record.decisions):
            pack = decision.rule_pack
            if (meta.application_id not in app_ids or meta.outcome != decision.outcome
                    or (meta.rule_pack_id, meta.rule_pack_version, meta.rule_pack_sha256) != (pack.id, pack.version, pack.sha256)):
                raise Problem(f"案件 {number} 的评估记录与其内容不一致")
        latest = record.applications[-1][1]
        me = latest.applicant
        if (me.id_number, me.name, phone_key(me.phone), latest.jurisdiction) != (
                case.applicant_id, case.applicant_name, case.phone, case.jurisdiction):
            raise Problem(f"案件 {number} 的申请人或辖区与其最新申请不一致")
        if any(p.doc_index >= len(latest.documents) for p in h.pages):
            raise Problem(f"案件 {number} 的扫描页指向不存在的证件")
        entry = self.conn.execute(
            "SELECT entry_id, record_sha256, subject FROM x_latest WHERE case_id = ?", (case.id,)
        ).fetchone()
        if entry is None or entry[0] != h.audit or entry[2] != f"case:{number}":
            raise Problem(f"案件 {number} 在数据包的审计记录中没有对应的记录")
        if _digest(record) != entry[1]:
            raise Problem(f"案件 {number} 的内容与乡镇审计记录的哈希不符（记录被改动）")

    def _stage_case(self, record: payload.CaseRecord, ids: "_Ids", staged: "_Staged",
                    prev_audit: tuple[int, str]) -> tuple[int, str]:
        """County ids, rows and the county's own audit entry for one case; returns the new audit head."""
        h = record.header
        number = h.case.number
        existing = self.conn.execute(
            "SELECT c.id, c.applicant_name, e.installation FROM cases c LEFT JOIN exchange_cases e ON e.case_id = c.id "
            "WHERE c.number = ?", (number,)
        ).fetchone()
        if existing is not None and existing[2] != self.installation:
            raise Problem(f"案件编号 {number} 在县局已有，且不是由这台乡镇电脑导入的")
        if existing is None:
            case_id = ids.next("cases")
            old_apps: list[dict[str, Any]] = []
            old_decisions: list[dict[str, Any]] = []
            old_pages: list[dict[str, Any]] = []
            self.new_cases += 1
        else:
            case_id = existing[0]
            old_apps = fetch(self.conn, APPLICATION_COLUMNS, f"SELECT {select_list(APPLICATION_COLUMNS)} FROM applications WHERE case_id = ? ORDER BY id", (case_id,))
            old_decisions = fetch(self.conn, DECISION_COLUMNS, f"SELECT {select_list(DECISION_COLUMNS)} FROM decisions WHERE case_id = ? ORDER BY id", (case_id,))
            old_pages = fetch(self.conn, PAGE_COLUMNS, f"SELECT {select_list(PAGE_COLUMNS)} FROM pages WHERE case_id = ? ORDER BY id", (case_id,))
        apps = [{"id": r["id"], "case_id": case_id, "json": r["json"], "entered_at": r["entered_at"], "entered_by": r["entered_by"]}
                for r in old_apps]
        app_map = {}
        for i, (meta, (text, _)) in enumerate(zip(h.applications, record.applications)):
            row = {"id": 0, "case_id": case_id, "json": text, "entered_at": meta.entered_at, "entered_by": meta.entered_by}
            if i < len(old_apps):
                if any(old_apps[i][c] != row[c] for c in ("json", "entered_at", "entered_by")):
                    raise _rewritten(number)
                row["id"] = old_apps[i]["id"]
            else:
                row["id"] = ids.next("applications")
                apps.append(row)
                staged.add("x_applications", APPLICATION_COLUMNS, row)
            app_map[meta.id] = row["id"]
        if len(old_apps) > len(h.applications):
            raise _rewritten(number)
        decisions = list(old_decisions)
        for i, (meta, (text, _)) in enumerate(zip(h.decisions, record.decisions)):
            row = {**meta.model_dump(), "id": 0, "case_id": case_id, "application_id": app_map[meta.application_id], "decision": text}
            if i < len(old_decisions):
                if any(old_decisions[i][c] != row[c] for c in DECISION_COLUMNS if c not in ("id", "case_id")):
                    raise _rewritten(number)
            else:
                row["id"] = ids.next("decisions")
                decisions.append(row)
                staged.add("x_decisions", DECISION_COLUMNS, row)
        if len(old_decisions) > len(h.decisions):
            raise _rewritten(number)
        pages = list(old_pages)
        for i, meta in enumerate(h.pages):
            row = {**meta.model_dump(), "case_id": case_id, "thumb_sha256": self._thumb_for(meta)}
            if i < len(old_pages):
                if any(old_pages[i][c] != row[c] for c in _PAGE_SAME):
                    raise _rewritten(number)
            else:
                row["id"] = ids.next("pages")
                pages.append(row)
                staged.add("x_pages", PAGE_COLUMNS, row)
        if len(old_pages) > len(h.pages):
            raise _rewritten(number)
        case = {**h.case.model_dump(), "id": case_id}
        staged.add("x_cases", (*CASE_COLUMNS, "existing", "source_id"), {**case, "existing": existing is not None, "source_id": h.case.id})
        name = case["applicant_name"]
        if existing is None or existing[1] != name:
            if existing is not None:
                staged.grams("x_grams_del", existing[1], case_id)
            staged.grams("x_grams_add", name, case_id)
        entry = audit.make_entry(
            prev_audit, at=self.now, actor=self.actor.name, action="import", subject=f"case:{number}", case_id=case_id,
            record_sha256=case_digest(case, apps, decisions, pages),
            detail={"township": self.manifest.township, "seq": self.manifest.seq, "state": case["state"]},
        )
        staged.add("x_audit", _AUDIT_COLUMNS, entry)
        return entry["id"], entry["hash"]

    def _thumb_for(self, page: payload.PageRow) -> str:
        """The page's blob must arrive in this bundle or already be at the county; the county keeps
        its own thumbnail when it already has the bytes."""
        for table in ("main.blobs", "x_blobs"):
            row = self.conn.execute(f"SELECT thumb_sha256 FROM {table} WHERE sha256 = ?", (page.sha256,)).fetchone()
            if row is not None:
                return str(row[0])
        raise Problem(f"扫描页 {page.sha256[:12]}… 既不在数据包中，也不在县局数据库中")

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


def _digest(record: payload.CaseRecord) -> str:
    """The aggregate's hash as the township computed it (its own ids)."""
    h = record.header
    apps = [{**m.model_dump(), "json": text} for m, (text, _) in zip(h.applications, record.applications)]
    decisions = [{**m.model_dump(), "decision": text} for m, (text, _) in zip(h.decisions, record.decisions)]
    return case_digest(h.case.model_dump(), apps, decisions, [p.model_dump() for p in h.pages])


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


class _Staged:
    """Rows waiting to be written to the TEMP tables, written in batches."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._rows: dict[tuple[str, tuple[str, ...]], list[tuple[Any, ...]]] = {}

    def add(self, table: str, columns: Sequence[str], row: dict[str, Any]) -> None:
        self._rows.setdefault((table, tuple(columns)), []).append(tuple(row[c] for c in columns))

    def grams(self, table: str, name: str, case_id: int) -> None:
        rows = self._rows.setdefault((table, ("gram", "case_id")), [])
        rows.extend((g, case_id) for g in name_grams(name))

    def flush(self) -> None:
        for (table, columns), rows in self._rows.items():
            if rows:
                try:
                    self._conn.executemany(_insert(table, columns), rows)
                except sqlite3.IntegrityError:
                    raise Problem("数据包中有重复的案件编号") from None
                rows.clear()


def _pause_for_tests() -> None:
    """See ``PAUSE_ENV``."""
    marker = os.environ.get(PAUSE_ENV)
    if marker:
        Path(marker).touch()
        time.sleep(60)
