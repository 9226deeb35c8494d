"""The audit trail: one append-only, hash-chained entry per write, in the write's own transaction.

Each entry's ``hash`` is the SHA-256 of its content and the previous entry's hash, so changing,
removing or inserting an entry breaks the chain from that entry on. ``record_sha256`` is the hash
of the record the entry is about (``records.py``) as it stood after the change. SQLite triggers
refuse UPDATE and DELETE on the table (migration 0001); `intake verify` catches what the triggers
cannot, such as someone dropping them first.

Other modules that write (export, printing) append with ``append`` inside ``Store.write()``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from intake.store.records import canonical, sha256_text

GENESIS = "0" * 64
ENTRY_FIELDS = ("id", "at", "actor", "action", "subject", "case_id", "record_sha256", "detail", "prev_hash")

#: What the history of a case shows for each action.
ACTION_LABELS = {
    "create": "建立案件",
    "edit": "修改申请",
    "attach": "添加扫描页",
    "evaluate": "评估",
    "consent": "记录落户意愿",
    "choose_residence_permit": "申请人选择办理居住证",
    "approve": "审核通过",
    "complete": "办结",
    "withdraw": "撤回",
    "reject": "驳回",
    "reveal_id": "查看完整身份号码",
    "export": "导出",
    "import": "导入（县局）",
    "print": "打印",
    "sample": "生成样例数据",
    "login": "登录",
    "login_failed": "登录失败",
    "add_user": "添加用户",
    "change_password": "修改密码",
    "reset_password": "重置密码",
    "disable_user": "停用账户",
    "enable_user": "启用账户",
    "set_full_name": "修改姓名",
    "set_setting": "修改设置",
}


def entry_hash(entry: Mapping[str, Any]) -> str:
    """The chain hash of one entry: its content and ``prev_hash``."""
    return sha256_text(canonical([entry[f] for f in ENTRY_FIELDS]))


def last_entry(conn: sqlite3.Connection) -> tuple[int, str]:
    """(id, hash) of the newest entry, or (0, GENESIS) for an empty trail."""
    row = conn.execute("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    return (row[0], row[1]) if row else (0, GENESIS)


def make_entry(
    prev: tuple[int, str], *, at: str, actor: str, action: str, subject: str | None = None,
    case_id: int | None = None, record_sha256: str | None = None, detail: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The next entry after ``prev``, hashed; bulk writers chain these in memory."""
    entry: dict[str, Any] = {
        "id": prev[0] + 1, "at": at, "actor": actor, "action": action, "subject": subject,
        "case_id": case_id, "record_sha256": record_sha256,
        "detail": canonical(detail) if detail is not None else None, "prev_hash": prev[1],
    }
    entry["hash"] = entry_hash(entry)
    return entry


INSERT_SQL = (
    "INSERT INTO audit (id, at, actor, action, subject, case_id, record_sha256, detail, prev_hash, hash) "
    "VALUES (:id, :at, :actor, :action, :subject, :case_id, :record_sha256, :detail, :prev_hash, :hash)"
)


def append(
    conn: sqlite3.Connection, *, at: str, actor: str, action: str, subject: str | None = None,
    case_id: int | None = None, record_sha256: str | None = None, detail: Mapping[str, Any] | None = None,
) -> int:
    """Appends one entry; must run inside the write transaction of the change it records."""
    if not conn.in_transaction:
        raise RuntimeError("audit.append outside a write transaction")
    entry = make_entry(
        last_entry(conn), at=at, actor=actor, action=action, subject=subject, case_id=case_id,
        record_sha256=record_sha256, detail=detail,
    )
    conn.execute(INSERT_SQL, entry)
    return int(entry["id"])


@dataclass(frozen=True)
class HistoryEntry:
    """One line of a case's history."""

    id: int
    at: str
    actor: str
    action: str
    detail: dict[str, Any]

    @property
    def label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)

    def to_json(self) -> dict[str, Any]:
        return {"entry": self.id, "at": self.at, "user": self.actor, "action": self.action, "label": self.label, "detail": self.detail}


def case_history(conn: sqlite3.Connection, case_id: int) -> list[HistoryEntry]:
    rows = conn.execute(
        "SELECT id, at, actor, action, detail FROM audit WHERE case_id = ? ORDER BY id", (case_id,)
    )
    return [HistoryEntry(r[0], r[1], r[2], r[3], json.loads(r[4]) if r[4] else {}) for r in rows]
