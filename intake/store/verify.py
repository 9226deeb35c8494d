"""`intake verify`: the file's integrity, the audit chain, and every record against its history.

``verify_store(store)`` reads one consistent snapshot and checks, in order:

1. ``PRAGMA integrity_check``;
2. the triggers that keep append-only tables append-only are all present;
3. the audit chain: ids consecutive from 1, each ``prev_hash`` the previous entry's hash, each
   ``hash`` recomputed, and no entries missing at the end (``sqlite_sequence``) — the first
   broken entry is named;
4. every case aggregate, user and setting hashes to the ``record_sha256`` of the latest audit entry
   about it, and no audit entry is about a record that is gone;
5. every page's bytes and thumbnail hash to their address; the name index matches the names.

``head`` is the newest entry's hash. Whoever can write the file could rebuild the whole chain, so
the head is worth keeping elsewhere (export bundles, the county's records) and comparing.

Cases, their children and the audit's latest entry per case are merged as sorted streams, so memory
stays flat on a million cases.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from intake.store import audit
from intake.store.migrations import protective_triggers
from intake.store.ops import CancelToken, Progress, no_progress
from intake.store.records import (
    APPLICATION_COLUMNS,
    CASE_COLUMNS,
    DECISION_COLUMNS,
    PAGE_COLUMNS,
    USER_ROW_COLUMNS,
    case_digest_values,
    select_list,
    setting_digest,
    sha256_bytes,
    user_digest,
)
from intake.store.search import name_grams

if TYPE_CHECKING:
    from intake.store.db import Store

MAX_PROBLEMS = 100
_STEP = 10_000


@dataclass
class VerifyReport:
    """``ok`` when nothing is off; ``problems`` in Chinese. ``first_broken_entry`` is the first
    audit entry that is itself altered or missing (the chain); ``first_mismatched_entry`` the first
    intact entry whose record no longer matches it (the record was altered or deleted), so every
    entry number a problem cites is also in the JSON."""

    problems: list[str] = field(default_factory=list)
    first_broken_entry: int | None = None
    first_mismatched_entry: int | None = None
    entries: int = 0
    cases: int = 0
    head: str = ""
    _dropped: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(message)
        else:
            self._dropped += 1

    def mismatch(self, entry: int, message: str) -> None:
        """A record that disagrees with (or outlived) audit entry ``entry``."""
        self.add(message)
        if self.first_mismatched_entry is None or entry < self.first_mismatched_entry:
            self.first_mismatched_entry = entry

    def finish(self) -> "VerifyReport":
        if self._dropped:
            self.problems.append(f"……另有 {self._dropped} 个问题未列出")
            self._dropped = 0
        return self

    def to_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "problems": self.problems, "first_broken_entry": self.first_broken_entry,
                "first_mismatched_entry": self.first_mismatched_entry,
                "entries": self.entries, "cases": self.cases, "head": self.head}


class _Ticker:
    """Progress and cancellation every ``_STEP`` rows."""

    def __init__(self, total: int, progress: Progress, cancel: CancelToken | None) -> None:
        self.done, self.total, self.progress, self.cancel = 0, total, progress, cancel

    def tick(self, message: str) -> None:
        self.done += 1
        if self.done % _STEP == 0:
            if self.cancel is not None:
                self.cancel.check()
            self.progress(self.done, self.total, message)


def verify_store(store: "Store", progress: Progress = no_progress, cancel: CancelToken | None = None) -> VerifyReport:
    """Checks the whole store; see the module docstring. Cancelled is raised if ``cancel`` is set."""
    conn = store.conn
    report = VerifyReport()
    conn.execute("BEGIN")  # one snapshot for every check
    try:
        _integrity(conn, report)
        _triggers(conn, report)
        total = sum(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("audit", "cases", "blobs"))
        ticker = _Ticker(total, progress, cancel)
        other_subjects = _chain(conn, report, ticker)
        _cases(conn, report, ticker)
        _others(conn, report, other_subjects)
        _blobs(conn, report, ticker)
        progress(total, total, "校验完成")
    except sqlite3.DatabaseError as e:  # a damaged file stops the reading, not the report
        report.add(f"数据库文件已损坏，校验无法继续（{e}）")
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")  # read-only: nothing to keep
    return report.finish()


def _integrity(conn: sqlite3.Connection, report: VerifyReport) -> None:
    rows = [r[0] for r in conn.execute("PRAGMA integrity_check(20)")]
    if rows != ["ok"]:
        lines = [line for line in "\n".join(rows).splitlines() if line and not line.startswith("***")]
        report.add("数据库完整性检查失败：" + "；".join(lines[:3]))


def _triggers(conn: sqlite3.Connection, report: VerifyReport) -> None:
    present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    missing = [t for t in protective_triggers() if t not in present]
    if missing:
        report.add(f"保护审计记录的触发器被删除：{'、'.join(missing)}")


def _chain(conn: sqlite3.Connection, report: VerifyReport, ticker: _Ticker) -> dict[str, tuple[int, str | None]]:
    """Walks the chain; returns the latest (entry, record hash) of every non-case subject."""
    latest: dict[str, tuple[int, str | None]] = {}
    expected_id, prev = 1, audit.GENESIS
    broken = False
    columns = (*audit.ENTRY_FIELDS, "hash")
    for row in conn.execute(f"SELECT {select_list(columns)} FROM audit ORDER BY id"):
        entry = dict(zip(columns, row))
        ticker.tick("正在校验审计链")
        if entry["subject"] and entry["case_id"] is None:
            latest[entry["subject"]] = (entry["id"], entry["record_sha256"])
        if broken:
            continue
        problem = None
        if entry["id"] != expected_id:
            problem = f"审计记录第 {expected_id} 条缺失（其后一条为第 {entry['id']} 条）"
        elif entry["prev_hash"] != prev:
            problem = f"审计记录第 {entry['id']} 条与前一条的链接不符（前一条被改动或删除）"
        elif audit.entry_hash(entry) != entry["hash"]:
            problem = f"审计记录第 {entry['id']} 条内容被改动（哈希不符）"
        if problem:
            report.add(problem)
            report.first_broken_entry = min(expected_id, entry["id"])
            broken = True
        expected_id, prev = entry["id"] + 1, entry["hash"]
        report.entries += 1
    report.head = prev
    seq = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'audit'").fetchone()
    if not broken and seq and seq[0] >= expected_id:
        report.add(f"审计记录第 {expected_id} 条至第 {seq[0]} 条缺失（末尾被删除）")
        report.first_broken_entry = expected_id
    return latest


def _grouped(cursor: sqlite3.Cursor, key: int) -> Iterator[tuple[int, list[tuple[Any, ...]]]]:
    """(case_id, rows) from a cursor ordered by the case_id at position ``key``."""
    current: int | None = None
    rows: list[tuple[Any, ...]] = []
    for row in cursor:
        if row[key] != current:
            if current is not None:
                yield current, rows
            current, rows = row[key], []
        rows.append(row)
    if current is not None:
        yield current, rows


class _Children:
    """Rows of one child table, taken case by case in case_id order; orphans are reported."""

    def __init__(self, conn: sqlite3.Connection, table: str, columns: tuple[str, ...]) -> None:
        self.table = table
        cursor = conn.execute(f"SELECT {select_list(columns)} FROM {table} ORDER BY case_id, id")
        self._it = _grouped(cursor, columns.index("case_id"))
        self._next = next(self._it, None)
        self.orphans: list[int] = []

    def take(self, case_id: int) -> list[tuple[Any, ...]]:
        while self._next is not None and self._next[0] < case_id:
            self.orphans.append(self._next[0])
            self._next = next(self._it, None)
        if self._next is not None and self._next[0] == case_id:
            rows = self._next[1]
            self._next = next(self._it, None)
            return rows
        return []

    def rest(self) -> list[int]:
        while self._next is not None:
            self.orphans.append(self._next[0])
            self._next = next(self._it, None)
        return self.orphans


_CASE_ID = CASE_COLUMNS.index("id")
_CASE_NUMBER = CASE_COLUMNS.index("number")
_CASE_NAME = CASE_COLUMNS.index("applicant_name")


def _cases(conn: sqlite3.Connection, report: VerifyReport, ticker: _Ticker) -> None:
    children = [
        _Children(conn, "applications", APPLICATION_COLUMNS),
        _Children(conn, "decisions", DECISION_COLUMNS),
        _Children(conn, "pages", PAGE_COLUMNS),
    ]
    history = conn.execute(
        "SELECT case_id, max(id), record_sha256, subject FROM audit WHERE case_id IS NOT NULL GROUP BY case_id ORDER BY case_id"
    )
    latest = next(history, None)
    grams = 0
    for case in conn.execute(f"SELECT {select_list(CASE_COLUMNS)} FROM cases ORDER BY id"):
        case_id, number = case[_CASE_ID], case[_CASE_NUMBER]
        ticker.tick("正在核对案件")
        report.cases += 1
        apps, decisions, pages = (c.take(case_id) for c in children)
        grams += len(name_grams(case[_CASE_NAME]))
        while latest is not None and latest[0] < case_id:
            report.mismatch(latest[1], f"审计记录第 {latest[1]} 条所记的案件（{latest[3]}）已不存在（记录被删除）")
            latest = next(history, None)
        if latest is None or latest[0] != case_id:
            report.add(f"案件 {number} 没有审计记录（记录被擅自添加）")
            continue
        entry, recorded, subject = latest[1], latest[2], latest[3]
        latest = next(history, None)
        if subject != f"case:{number}" or case_digest_values(case, apps, decisions, pages) != recorded:
            report.mismatch(entry, f"案件 {number} 与其审计记录第 {entry} 条不符（记录被擅自改动）")
        if not apps:
            report.add(f"案件 {number} 缺少申请内容（记录不完整）")
    while latest is not None:
        report.mismatch(latest[1], f"审计记录第 {latest[1]} 条所记的案件（{latest[3]}）已不存在（记录被删除）")
        latest = next(history, None)
    for child in children:
        for case_id in sorted(set(child.rest())):
            report.add(f"{child.table} 表中有不属于任何案件的记录（case_id={case_id}）")
    (indexed,) = conn.execute("SELECT count(*) FROM name_grams").fetchone()
    if indexed != grams:
        report.add(f"姓名搜索索引与案件不一致（应有 {grams} 条，实有 {indexed} 条）")


def _others(conn: sqlite3.Connection, report: VerifyReport, latest: dict[str, tuple[int, str | None]]) -> None:
    """Users and settings against the latest audit entry about each."""
    current: dict[str, str] = {}
    for row in conn.execute(f"SELECT {select_list(USER_ROW_COLUMNS)} FROM users"):
        user = dict(zip(USER_ROW_COLUMNS, row))
        current[f"user:{user['name']}"] = user_digest(user)
    for key, value in conn.execute("SELECT key, value FROM settings"):
        current[f"setting:{key}"] = setting_digest(key, value)
    for subject, digest in sorted(current.items()):
        if subject not in latest:
            report.add(f"{subject} 没有审计记录（记录被擅自添加）")
        elif latest[subject][1] != digest:
            report.mismatch(latest[subject][0], f"{subject} 与其审计记录第 {latest[subject][0]} 条不符（记录被擅自改动）")
    for subject, (entry, _) in sorted(latest.items()):
        if subject not in current:
            report.mismatch(entry, f"审计记录第 {entry} 条所记的 {subject} 已不存在（记录被删除）")


def _blobs(conn: sqlite3.Connection, report: VerifyReport, ticker: _Ticker) -> None:
    for sha, thumb_sha, data, thumbnail in conn.execute(
        "SELECT sha256, thumb_sha256, CAST(data AS BLOB), CAST(thumbnail AS BLOB) FROM blobs"
    ):
        ticker.tick("正在核对扫描页")
        if sha256_bytes(data) != sha or sha256_bytes(thumbnail) != thumb_sha:
            report.add(f"扫描页 {sha[:12]}… 的内容与其 SHA-256 不符（文件被擅自改动）")
    for page_id, sha in conn.execute(
        "SELECT p.id, p.sha256 FROM pages p LEFT JOIN blobs b ON b.sha256 = p.sha256 "
        "WHERE b.sha256 IS NULL OR b.thumb_sha256 != p.thumb_sha256"
    ):
        report.add(f"扫描页 {sha[:12]}…（页记录 {page_id}）缺失或与其缩略图不符")
