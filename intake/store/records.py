"""How each stored record is reduced to one SHA-256, shared by every writer and by `intake verify`.

A case is hashed as one aggregate: its row, every application version, every decision and every
page. The audit entry for each change records the aggregate's hash after the change, so verify can
recompute it and name the case whose rows no longer match their history. The columns hashed are
listed here explicitly, so a migration that adds a column does not silently change old hashes.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any

CASE_COLUMNS = (
    "id", "number", "state", "wish", "reason", "applicant_id", "applicant_name", "phone",
    "jurisdiction", "created_at", "created_by", "updated_at",
)
APPLICATION_COLUMNS = ("id", "case_id", "json", "entered_at", "entered_by")
DECISION_COLUMNS = (
    "id", "case_id", "application_id", "outcome", "decision", "rule_pack_id", "rule_pack_version",
    "rule_pack_sha256", "made_at", "made_by",
)
PAGE_COLUMNS = (
    "id", "case_id", "doc_index", "seq", "sha256", "thumb_sha256", "format", "size", "filename",
    "added_at", "added_by",
)
USER_COLUMNS = ("name", "role", "password_hash", "failed_logins", "locked_until", "active", "created_at")
#: A user's row as read: the hashed columns, the real name printed on receipts and whether the
#: password was set by an administrator (``user_digest``).
USER_ROW_COLUMNS = (*USER_COLUMNS, "full_name", "must_change_password")

#: Large text columns enter the aggregate as their own hash (cheaper than escaping them again).
_HASHED_TEXT = frozenset({"json", "decision"})

Row = Mapping[str, Any]


def canonical(value: Any) -> str:
    """Canonical JSON: sorted keys, no spaces, Chinese kept as is."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _pick(row: Row, columns: Sequence[str]) -> list[Any]:
    return [row[c] for c in columns]


def _hashed_positions(columns: Sequence[str]) -> tuple[int, ...]:
    return tuple(i for i, c in enumerate(columns) if c in _HASHED_TEXT)


_APP_HASHED = _hashed_positions(APPLICATION_COLUMNS)
_DECISION_HASHED = _hashed_positions(DECISION_COLUMNS)


def _with_text_hashed(values: Sequence[Any], positions: tuple[int, ...]) -> list[Any]:
    out = list(values)
    for i in positions:
        out[i] = sha256_text(out[i])
    return out


def case_digest_values(case: Sequence[Any], applications: Sequence[Sequence[Any]], decisions: Sequence[Sequence[Any]],
                       pages: Sequence[Sequence[Any]]) -> str:
    """``case_digest`` on rows given as values in ``*_COLUMNS`` order (verify's fast path)."""
    doc = [
        list(case),
        [_with_text_hashed(r, _APP_HASHED) for r in applications],
        [_with_text_hashed(r, _DECISION_HASHED) for r in decisions],
        [list(r) for r in pages],
    ]
    return sha256_text(canonical(doc))


def case_digest(case: Row, applications: Sequence[Row], decisions: Sequence[Row], pages: Sequence[Row]) -> str:
    """The hash of one case aggregate; child rows must be in id order."""
    return case_digest_values(
        _pick(case, CASE_COLUMNS),
        [_pick(r, APPLICATION_COLUMNS) for r in applications],
        [_pick(r, DECISION_COLUMNS) for r in decisions],
        [_pick(r, PAGE_COLUMNS) for r in pages],
    )


def user_digest(user: Row) -> str:
    """The hash of an account; its real name counts once it has one, and a password to be replaced
    while it is to be (accounts made before either existed hash as they always did)."""
    values: list[Any] = _pick(user, USER_COLUMNS)
    if user.get("full_name"):
        values.append(user["full_name"])
    if user.get("must_change_password"):
        values.append({"must_change_password": True})
    return sha256_text(canonical(values))


def setting_digest(key: str, value: str) -> str:
    return sha256_text(canonical([key, value]))


def fetch(conn: sqlite3.Connection, columns: Sequence[str], sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    """Rows as dicts; ``sql`` is a SELECT of exactly ``columns`` (use ``select_list``)."""
    return [dict(zip(columns, row)) for row in conn.execute(sql, params)]


def select_list(columns: Sequence[str]) -> str:
    return ", ".join(columns)


def load_case(conn: sqlite3.Connection, case_id: int) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """The case row and its children, in the order ``case_digest`` expects."""
    case = fetch(conn, CASE_COLUMNS, f"SELECT {select_list(CASE_COLUMNS)} FROM cases WHERE id = ?", (case_id,))[0]
    apps = fetch(conn, APPLICATION_COLUMNS, f"SELECT {select_list(APPLICATION_COLUMNS)} FROM applications WHERE case_id = ? ORDER BY id", (case_id,))
    decisions = fetch(conn, DECISION_COLUMNS, f"SELECT {select_list(DECISION_COLUMNS)} FROM decisions WHERE case_id = ? ORDER BY id", (case_id,))
    pages = fetch(conn, PAGE_COLUMNS, f"SELECT {select_list(PAGE_COLUMNS)} FROM pages WHERE case_id = ? ORDER BY id", (case_id,))
    return case, apps, decisions, pages


def stored_case_digest(conn: sqlite3.Connection, case_id: int) -> str:
    """Recomputes a case's hash from what is stored now."""
    return case_digest(*load_case(conn, case_id))
