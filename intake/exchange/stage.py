"""One bundle's import at the county, in two passes over its files: check everything, then merge.

``check`` decrypts the three files in the order audit → pages → cases and refuses (``Problem``)
at the first thing wrong: the township's audit chain must continue exactly where its last bundle
ended and every entry's hash recompute; every page's bytes must match their hash; every case
aggregate must pass its models and agree with itself (``aggregate.check``; these per-record
checks, and the audit entries', run in worker processes for a large bundle), hash to the ``record_sha256`` of the township's latest audit entry about it,
and — when the county already holds the case — come from the same installation with a stored
history that is the start of the one arriving. Nothing is written to the store's tables; the only
scratch space is one TEMP table (a private temporary file) of the latest audit entry per case, so
memory stays flat however large the bundle.

``merge`` decrypts the files again — their hashes are checked again against the signed manifest,
so it reads exactly what was checked — and writes: county ids, the county's record hashes and one
``import`` audit entry per case, the rows, the search index, the township's audit trail, and the
ledger. The caller runs both inside one write transaction.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sqlite3
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from intake.exchange import aggregate, bundle, hashing, ledger, parallel, payload
from intake.exchange.crypto import OpenedReader, Problem
from intake.store import audit
from intake.store.ops import Actor
from intake.store.records import APPLICATION_COLUMNS, CASE_COLUMNS, DECISION_COLUMNS, PAGE_COLUMNS, select_list
from intake.store.search import INDEX_SQL, name_grams

#: Test hook: a file path; the merge creates it half-way (rows written, not committed) and waits,
#: so a test can kill the process at that point.
PAUSE_ENV = "INTAKE_TEST_IMPORT_PAUSE"
_BATCH = 500
_AUDIT_COLUMNS = payload.AUDIT_COLUMNS
#: Page columns compared with what the county already holds (the thumbnail is derived data and
#: may differ between installations).
_PAGE_SAME = tuple(PAGE_COLUMNS.index(c) for c in ("doc_index", "seq", "sha256", "format", "size", "filename", "added_at", "added_by"))
_PAGE_SHA = PAGE_COLUMNS.index("sha256")
_PAGE_THUMB = PAGE_COLUMNS.index("thumb_sha256")
_DECISION_APP = DECISION_COLUMNS.index("application_id")
_CASE_NAME = CASE_COLUMNS.index("applicant_name")
_CASE_STATE = CASE_COLUMNS.index("state")

_TEMP_TABLES = {
    "x_latest": "(case_id INTEGER PRIMARY KEY, entry_id INTEGER NOT NULL, record_sha256 TEXT, subject TEXT UNIQUE, "
                "county_id INTEGER, county_name TEXT, origin TEXT)",
    "x_blobs": "(sha256 TEXT PRIMARY KEY)",
    "x_touched": "(case_id INTEGER PRIMARY KEY)",
}

Tick = Callable[[str], None]


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
        self._read_before = 0
        self._reader: OpenedReader | None = None

    def _stream(self, name: str) -> io.BufferedReader:
        """One file, decrypted as it is read; the previous one is let go (memory stays flat)."""
        if self._reader is not None:
            self._read_before += self._reader.consumed
        self._reader = self.opened.reader(name, self.key)
        return io.BufferedReader(self._reader, buffer_size=1 << 20)

    @property
    def consumed(self) -> int:
        """Ciphertext bytes read so far, both passes (for progress)."""
        return self._read_before + (self._reader.consumed if self._reader is not None else 0)

    # -- pass 1: check --------------------------------------------------------------------------

    def check(self) -> None:
        for name in _TEMP_TABLES:
            self.conn.execute(f"DELETE FROM temp.{name}")
        m = self.manifest
        with parallel.Pool(parallel.workers_for(m.cases + m.audit.last - m.audit.first + 1)) as pool:
            self._check_audit(pool)
            self._check_blobs()
            self._check_cases(pool)

    def _check_audit(self, pool: parallel.Pool) -> None:
        """The township's entries continue its chain exactly where the county's copy ends."""
        span = self.manifest.audit
        expected_first = (self.source.audit_to if self.source else 0) + 1
        expected_prev = self.source.audit_head if self.source else audit.GENESIS
        if span.first != expected_first or span.prev != expected_prev:
            raise Problem(f"审计记录不衔接：县局已有该乡镇审计记录至第 {expected_first - 1} 条，数据包从第 {span.first} 条开始")
        next_id, prev = span.first, span.prev
        latest: list[tuple[Any, ...]] = []
        for row in pool.map(payload.audit_entry, payload.audit_lines(self._stream("audit.bin"))):
            entry = dict(zip(_AUDIT_COLUMNS, row))
            if entry["id"] != next_id or entry["prev_hash"] != prev:
                raise Problem(f"审计记录第 {entry['id']} 条与前一条不衔接（记录缺失或被改动）")
            next_id, prev = entry["id"] + 1, entry["hash"]
            if entry["case_id"] is not None:
                latest.append((entry["case_id"], entry["id"], entry["record_sha256"], entry["subject"]))
            if len(latest) >= _BATCH * 10:
                self._latest(latest)
        self._latest(latest)
        if next_id - 1 != span.last or prev != span.head:
            raise Problem("审计记录与清单所述的范围不符")
        self._find_held()

    def _find_held(self) -> None:
        """Marks, in one pass over the index, the cases the county already holds; refuses a case
        number another installation sent."""
        self.conn.execute(
            "UPDATE x_latest SET county_id = c.id, county_name = c.applicant_name, origin = e.installation "
            "FROM cases c LEFT JOIN exchange_cases e ON e.case_id = c.id WHERE c.number = substr(x_latest.subject, 6)"
        )
        other = self.conn.execute(
            "SELECT substr(subject, 6) FROM x_latest WHERE county_id IS NOT NULL AND origin IS NOT ? LIMIT 1",
            (self.installation,),
        ).fetchone()
        if other is not None:
            raise Problem(f"案件编号 {other[0]} 在县局已有，且不是由这台乡镇电脑导入的")

    def _latest(self, rows: list[tuple[Any, ...]]) -> None:
        """Keeps, per case, the newest entry about it (entries arrive in order)."""
        try:
            self.conn.executemany(
                "INSERT INTO x_latest (case_id, entry_id, record_sha256, subject) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (case_id) DO UPDATE SET entry_id = excluded.entry_id, "
                "record_sha256 = excluded.record_sha256, subject = excluded.subject", rows,
            )
        except sqlite3.IntegrityError:
            raise Problem("审计记录中两个不同的案件使用了同一个案件编号") from None
        rows.clear()
        self.tick("正在校验审计记录")

    def _check_blobs(self) -> None:
        count = 0
        for blob in payload.read_blobs(self._stream("blobs.bin")):
            try:
                self.conn.execute("INSERT INTO x_blobs (sha256) VALUES (?)", (blob.header.sha256,))
            except sqlite3.IntegrityError:
                raise Problem(f"扫描页 {blob.header.sha256[:12]}… 在数据包中出现了两次") from None
            count += 1
            self.tick("正在校验扫描页")
        if count != self.manifest.blobs:
            raise Problem(f"扫描页数量与清单不符（清单 {self.manifest.blobs} 份，实有 {count} 份）")

    def _check_cases(self, pool: parallel.Pool) -> None:
        """Walks the case records and the latest audit entry per case side by side (both in the
        hall's case id order): every record needs its entry and every entry its record."""
        with contextlib.closing(self._held()) as latest:
            self._walk_cases(pool, latest)

    def _walk_cases(self, pool: parallel.Pool, latest: sqlite3.Cursor) -> None:
        blocks = payload.case_blocks(self._stream("cases.bin"))
        for checked in pool.map(aggregate.check, blocks, self.manifest.township):
            entry = next(latest, None)
            source_id = checked.rows.case[0]
            if entry is None or entry[0] > source_id:
                raise Problem(f"案件 {checked.number} 在数据包的审计记录中没有对应的记录（或记录重复、顺序不对）")
            if entry[0] < source_id:
                raise Problem(f"审计记录提到的案件 {entry[3][5:]} 在数据包中缺失")
            self._check_case(checked, entry)
            self.cases += 1
            if self.cases % _BATCH == 0:
                self.tick("正在校验案件")
        missing = next(latest, None)
        if missing is not None:
            raise Problem(f"审计记录提到的案件 {missing[3][5:]} 在数据包中缺失")
        if self.cases != self.manifest.cases:
            raise Problem(f"案件数量与清单不符（清单 {self.manifest.cases} 件，数据包 {self.cases} 件）")

    def _held(self) -> sqlite3.Cursor:
        """(hall case id, latest entry id, its record hash, subject, county id, county's name) per
        case; close it when done (an open statement would keep the store file busy)."""
        return self.conn.execute(
            "SELECT case_id, entry_id, record_sha256, subject, county_id, county_name FROM x_latest ORDER BY case_id"
        )

    def _check_case(self, checked: aggregate.Checked, entry: tuple[Any, ...]) -> None:
        """Hashes to the township's latest audit entry about it; extends what the county holds."""
        number, rows = checked.number, checked.rows
        if entry[1] != checked.audit or entry[3] != f"case:{number}":
            raise Problem(f"案件 {number} 在数据包的审计记录中没有对应的记录")
        if checked.digest != entry[2]:
            raise Problem(f"案件 {number} 的内容与乡镇审计记录的哈希不符（记录被改动）")
        for page in rows.pages:
            if not self.conn.execute("SELECT 1 FROM x_blobs WHERE sha256 = ?1 UNION ALL "
                                     "SELECT 1 FROM main.blobs WHERE sha256 = ?1", (page[_PAGE_SHA],)).fetchone():
                raise Problem(f"案件 {number} 的扫描页 {page[_PAGE_SHA][:12]}… 既不在数据包中，也不在县局数据库中")
        if entry[4] is not None:
            _extends(self.conn, entry[4], rows, number)

    # -- pass 2: merge --------------------------------------------------------------------------

    def merge(self, file: str) -> None:
        """Writes the checked bundle into the store (inside the caller's transaction)."""
        conn = self.conn
        for blob in payload.read_blobs(self._stream("blobs.bin")):
            h = blob.header
            conn.execute(
                "INSERT INTO blobs (sha256, format, size, data, thumbnail, thumb_sha256) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (sha256) DO NOTHING", (h.sha256, h.format, h.size, blob.data, blob.thumbnail, h.thumb_sha256),
            )
            self.tick("正在合并扫描页")
        self._merge_cases()
        audit_cols = select_list(_AUDIT_COLUMNS)
        batch: list[tuple[Any, ...]] = []
        for line in payload.audit_lines(self._stream("audit.bin")):  # checked in pass 1, the same bytes
            entry = json.loads(line)
            batch.append((self.installation, *(entry[c] for c in _AUDIT_COLUMNS)))
            if len(batch) >= _BATCH * 10:
                conn.executemany(f"INSERT INTO exchange_audit (installation, {audit_cols}) VALUES ({', '.join('?' * 11)})", batch)
                batch.clear()
                self.tick("正在合并审计记录")
        conn.executemany(f"INSERT INTO exchange_audit (installation, {audit_cols}) VALUES ({', '.join('?' * 11)})", batch)
        conn.execute(
            "INSERT OR IGNORE INTO exchange_reviews (applicant_id, case_a, case_b, flagged_at) "
            "SELECT a.applicant_id, min(a.number, b.number), max(a.number, b.number), ? "
            "FROM x_touched x JOIN cases a ON a.id = x.case_id JOIN exchange_cases ea ON ea.case_id = a.id "
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

    def _merge_cases(self) -> None:
        ids = _Ids(self.conn)
        writer = _Writer(self.conn)
        prev_audit = audit.last_entry(self.conn)
        with contextlib.closing(self._held()) as held:  # the same order as the records, checked in pass 1
            for n, (_, block) in enumerate(payload.case_blocks(self._stream("cases.bin")), start=1):
                entry = next(held)
                existing = (entry[4], entry[5]) if entry[4] is not None else None
                prev_audit = self._merge_case(_rows(block), existing, ids, writer, prev_audit)
                if n % _BATCH == 0:
                    writer.flush()
                    self.tick("正在合并案件")
        writer.flush()
        _pause_for_tests()

    def _merge_case(self, case: tuple[str, aggregate.Rows], existing: tuple[int, str] | None, ids: "_Ids",
                    writer: "_Writer", prev_audit: tuple[int, str]) -> tuple[int, str]:
        """The case's county ids, new rows and the county's audit entry; returns the new audit head.
        ``existing`` is the county's (id, applicant name) of a case it already holds."""
        number, rows = case
        county = _stored(self.conn, existing[0]) if existing else aggregate.Rows((ids.next("cases"), *rows.case[1:]))
        case_id = county.case[0]
        app_map: dict[int, int] = {}
        for i, (row, digest) in enumerate(zip(rows.apps, rows.app_hashes)):
            if i < len(county.apps):
                app_map[row[0]] = county.apps[i][0]
                continue
            mine = [ids.next("applications"), case_id, *row[2:]]
            county.add("apps", mine, digest)
            writer.add("applications", mine)
            app_map[row[0]] = mine[0]
        for row, digest in list(zip(rows.decisions, rows.decision_hashes))[len(county.decisions):]:
            mine = [ids.next("decisions"), case_id, *row[2:]]
            mine[_DECISION_APP] = app_map[row[_DECISION_APP]]
            county.add("decisions", mine, digest)
            writer.add("decisions", mine)
        for row in rows.pages[len(county.pages):]:
            mine = [ids.next("pages"), case_id, *row[2:]]
            mine[_PAGE_THUMB] = _thumb(self.conn, row[_PAGE_SHA])
            county.add("pages", mine)
            writer.add("pages", mine)
        county.case = (case_id, *rows.case[1:])
        name = rows.case[_CASE_NAME]
        if existing is None:
            self.new_cases += 1
            writer.add("cases", county.case)
            writer.add("exchange_cases", (case_id, self.installation, self.manifest.township, rows.case[0]))
            writer.grams(name, case_id)
        else:
            writer.update_case(county.case, existing[1], name)
        writer.add("x_touched", (case_id,))
        entry = hashing.make_entry(
            prev_audit, at=self.now, actor=self.actor.name, action="import", subject=f"case:{number}", case_id=case_id,
            record_sha256=county.digest(),
            detail={"township": self.manifest.township, "seq": self.manifest.seq, "state": rows.case[_CASE_STATE]},
        )
        writer.add("audit", entry)
        return entry[0], entry[-1]


def _rows(block: bytes) -> tuple[str, aggregate.Rows]:
    """A case record already checked in pass 1, back as rows (its models need not run again)."""
    lines = block[:-1].split(b"\n")
    header = json.loads(lines[0])
    texts = [line.decode("utf-8") for line in lines[1:]]
    napps = len(header["applications"])
    rows = aggregate.Rows(tuple(header["case"][c] for c in CASE_COLUMNS))
    for meta, text in zip(header["applications"], texts[:napps]):
        rows.add("apps", [text if c == "json" else meta[c] for c in APPLICATION_COLUMNS], hashing.sha256_text(text))
    for meta, text in zip(header["decisions"], texts[napps:]):
        rows.add("decisions", [text if c == "decision" else meta[c] for c in DECISION_COLUMNS], hashing.sha256_text(text))
    for page in header["pages"]:
        rows.add("pages", [page[c] for c in PAGE_COLUMNS])
    return header["case"]["number"], rows


def _stored(conn: sqlite3.Connection, case_id: int) -> aggregate.Rows:
    """What the county holds for one case."""
    rows = aggregate.Rows(conn.execute(f"SELECT {select_list(CASE_COLUMNS)} FROM cases WHERE id = ?", (case_id,)).fetchone())
    for kind, table, columns, text in (("apps", "applications", APPLICATION_COLUMNS, hashing.APP_TEXT),
                                       ("decisions", "decisions", DECISION_COLUMNS, hashing.DECISION_TEXT),
                                       ("pages", "pages", PAGE_COLUMNS, None)):
        for row in conn.execute(f"SELECT {select_list(columns)} FROM {table} WHERE case_id = ? ORDER BY id", (case_id,)):
            rows.add(kind, list(row), hashing.sha256_text(row[text]) if text is not None else "")
    return rows


def _extends(conn: sqlite3.Connection, case_id: int, arriving: aggregate.Rows, number: str) -> None:
    """The county's rows of a case must be the first of the arriving ones (the hall only appends),
    ids and the county's own thumbnail aside; the arriving decisions' versions must line up too."""
    held = _stored(conn, case_id)
    counts = [(len(held.apps), len(arriving.apps)), (len(held.decisions), len(arriving.decisions)),
              (len(held.pages), len(arriving.pages))]
    if any(have > coming for have, coming in counts):
        raise _rewritten(number)
    position = {row[0]: i for i, row in enumerate(arriving.apps)}
    held_position = {row[0]: i for i, row in enumerate(held.apps)}
    for old, new in zip(held.apps, arriving.apps):
        if old[2:] != new[2:]:
            raise _rewritten(number)
    for old, new in zip(held.decisions, arriving.decisions):
        same_version = held_position.get(old[_DECISION_APP]) == position.get(new[_DECISION_APP])
        if not same_version or [v for i, v in enumerate(old) if i not in (0, 1, _DECISION_APP)] != [
                v for i, v in enumerate(new) if i not in (0, 1, _DECISION_APP)]:
            raise _rewritten(number)
    for old, new in zip(held.pages, arriving.pages):
        if [old[k] for k in _PAGE_SAME] != [new[k] for k in _PAGE_SAME]:
            raise _rewritten(number)


def _thumb(conn: sqlite3.Connection, sha256: str) -> str:
    """The thumbnail hash the county keeps for a page's bytes (its own when it already had them;
    the bundle's pages are written before its cases)."""
    (thumb,) = conn.execute("SELECT thumb_sha256 FROM blobs WHERE sha256 = ?", (sha256,)).fetchone()
    return str(thumb)


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


_WRITES: dict[str, str] = {
    "cases": _insert("cases", CASE_COLUMNS),
    "exchange_cases": _insert("exchange_cases", ("case_id", "installation", "township", "source_id")),
    "applications": _insert("applications", APPLICATION_COLUMNS),
    "decisions": _insert("decisions", DECISION_COLUMNS),
    "pages": _insert("pages", PAGE_COLUMNS),
    "name_grams": INDEX_SQL,
    "x_touched": "INSERT INTO x_touched (case_id) VALUES (?)",
    "audit": _insert("audit", _AUDIT_COLUMNS),
}


class _Writer:
    """Rows for the store, written in batches in an order the foreign keys accept."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._rows: dict[str, list[Sequence[Any]]] = {table: [] for table in _WRITES}

    def add(self, table: str, row: Sequence[Any]) -> None:
        self._rows[table].append(row)

    def grams(self, name: str, case_id: int) -> None:
        self._rows["name_grams"].extend((g, case_id) for g in name_grams(name))

    def update_case(self, case: tuple[Any, ...], old_name: str, name: str) -> None:
        """A case the county already holds takes the hall's current row (its id kept)."""
        self.flush()
        self._conn.execute(
            f"UPDATE cases SET {', '.join(f'{c} = ?' for c in CASE_COLUMNS[2:])} WHERE id = ?", (*case[2:], case[0])
        )
        if old_name != name:
            self._conn.executemany("DELETE FROM name_grams WHERE gram = ? AND case_id = ?",
                                   [(g, case[0]) for g in name_grams(old_name)])
            self.grams(name, case[0])

    def flush(self) -> None:
        for table, rows in self._rows.items():
            if rows:
                self._conn.executemany(_WRITES[table], rows)
                rows.clear()


def _pause_for_tests() -> None:
    """See ``PAUSE_ENV``."""
    marker = os.environ.get(PAUSE_ENV)
    if marker:
        Path(marker).touch()
        time.sleep(60)

