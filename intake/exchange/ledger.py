"""The exchange's own tables (migration ``0002_exchange``): what a hall exported and delivered, and
what the county imported from whom.

Hall side: ``exchange_exports`` (one row per bundle made, append-only: the sequence, its hash, the
last audit entry and page it covers) and ``exchange_deliveries`` (each verified copy to a target).
County side: ``exchange_sources`` (per township installation, the chain's head), ``exchange_imports``
(append-only), ``exchange_cases`` (where each imported case came from), ``exchange_audit`` (each
township's audit trail as received, append-only) and ``exchange_reviews`` (one applicant in two
townships).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from intake.store.audit import HistoryEntry

_EXPORT_COLUMNS = (
    "seq", "bundle_sha256", "prev_sha256", "file", "recipient", "audit_to", "pages_to", "cases", "blobs",
    "size", "created_at", "created_by",
)


@dataclass(frozen=True)
class ExportRow:
    """One bundle this hall made."""

    seq: int
    bundle_sha256: str
    prev_sha256: str
    file: str
    recipient: str
    audit_to: int
    pages_to: int
    cases: int
    blobs: int
    size: int
    created_at: str
    created_by: str


def last_export(conn: sqlite3.Connection) -> ExportRow | None:
    row = conn.execute(f"SELECT {', '.join(_EXPORT_COLUMNS)} FROM exchange_exports ORDER BY seq DESC LIMIT 1").fetchone()
    return ExportRow(*row) if row else None


def record_export(conn: sqlite3.Connection, row: ExportRow) -> None:
    conn.execute(
        f"INSERT INTO exchange_exports ({', '.join(_EXPORT_COLUMNS)}) VALUES ({', '.join('?' * len(_EXPORT_COLUMNS))})",
        tuple(getattr(row, c) for c in _EXPORT_COLUMNS),
    )


def undelivered(conn: sqlite3.Connection) -> list[ExportRow]:
    """Bundles made but never copied and verified on a target (the copy failed or was cancelled)."""
    rows = conn.execute(
        f"SELECT {', '.join('e.' + c for c in _EXPORT_COLUMNS)} FROM exchange_exports e "
        "WHERE NOT EXISTS (SELECT 1 FROM exchange_deliveries d WHERE d.seq = e.seq) ORDER BY e.seq"
    )
    return [ExportRow(*r) for r in rows]


def record_delivery(conn: sqlite3.Connection, seq: int, target: str, at: str) -> None:
    conn.execute("INSERT INTO exchange_deliveries (seq, target, delivered_at) VALUES (?, ?, ?)", (seq, target, at))


def cases_pending(conn: sqlite3.Connection) -> int:
    """Cases changed since the last bundle was made."""
    last = last_export(conn)
    (n,) = conn.execute(
        "SELECT count(DISTINCT case_id) FROM audit WHERE id > ? AND case_id IS NOT NULL", (last.audit_to if last else 0,)
    ).fetchone()
    return int(n)


# -- county side --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """The head of one township installation's chain at the county."""

    installation: str
    public_key: str
    township: str
    last_seq: int
    last_sha256: str
    audit_to: int
    audit_head: str


def source(conn: sqlite3.Connection, installation: str) -> Source | None:
    row = conn.execute(
        "SELECT installation, public_key, township, last_seq, last_sha256, audit_to, audit_head "
        "FROM exchange_sources WHERE installation = ?", (installation,)
    ).fetchone()
    return Source(*row) if row else None


def save_source(conn: sqlite3.Connection, src: Source, at: str) -> None:
    conn.execute(
        "INSERT INTO exchange_sources (installation, public_key, township, last_seq, last_sha256, audit_to, audit_head, "
        "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (installation) DO UPDATE SET "
        "township = excluded.township, last_seq = excluded.last_seq, last_sha256 = excluded.last_sha256, "
        "audit_to = excluded.audit_to, audit_head = excluded.audit_head, updated_at = excluded.updated_at",
        (src.installation, src.public_key, src.township, src.last_seq, src.last_sha256, src.audit_to, src.audit_head, at),
    )


def imported_sha(conn: sqlite3.Connection, installation: str, seq: int) -> str | None:
    row = conn.execute(
        "SELECT bundle_sha256 FROM exchange_imports WHERE installation = ? AND seq = ?", (installation, seq)
    ).fetchone()
    return row[0] if row else None


def record_import(conn: sqlite3.Connection, values: dict[str, Any]) -> None:
    conn.execute(
        "INSERT INTO exchange_imports (installation, seq, bundle_sha256, township, file, cases, imported_at, imported_by) "
        "VALUES (:installation, :seq, :bundle_sha256, :township, :file, :cases, :imported_at, :imported_by)",
        values,
    )


@dataclass(frozen=True)
class Review:
    """One applicant (by ID number) with cases in two townships, for a person to look at."""

    applicant_id: str
    case_a: str
    case_b: str
    flagged_at: str


def reviews(conn: sqlite3.Connection, since_id: int = 0) -> list[Review]:
    rows = conn.execute(
        "SELECT applicant_id, case_a, case_b, flagged_at FROM exchange_reviews WHERE id > ? ORDER BY id", (since_id,)
    )
    return [Review(*r) for r in rows]


@dataclass(frozen=True)
class ReviewedCase:
    """What the review list shows of one flagged case beside its number."""

    name: str
    state: str
    created_at: str


def reviewed_cases(conn: sqlite3.Connection, numbers: list[str]) -> dict[str, ReviewedCase]:
    """The applicant's name, the state and the filing time of each case number given."""
    found: dict[str, ReviewedCase] = {}
    for start in range(0, len(numbers), 500):  # SQLite's limit on parameters stays far away
        chunk = numbers[start:start + 500]
        rows = conn.execute(
            f"SELECT number, applicant_name, state, created_at FROM cases WHERE number IN ({', '.join('?' * len(chunk))})",
            chunk,
        )
        found.update({number: ReviewedCase(name, state, created) for number, name, state, created in rows})
    return found


def last_review_id(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT coalesce(max(id), 0) FROM exchange_reviews").fetchone()[0])


def township_history(conn: sqlite3.Connection, case_id: int) -> list[HistoryEntry]:
    """What the township recorded about a case the county imported (its audit entries about it, in
    order), empty for a case that was not imported."""
    rows = conn.execute(
        "SELECT a.id, a.at, a.actor, a.action, a.detail FROM exchange_cases e JOIN exchange_audit a "
        "ON a.installation = e.installation AND a.case_id = e.source_id WHERE e.case_id = ? ORDER BY a.id",
        (case_id,),
    )
    return [HistoryEntry(r[0], r[1], r[2], r[3], json.loads(r[4]) if r[4] else {}) for r in rows]
