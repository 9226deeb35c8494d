"""The store's record and audit hashes (``intake.store.records``, ``intake.store.audit``), computed
the same way from rows already in column order, for importing many cases at once.

The definitions stay the store's: the same columns in the same order, the same canonical JSON
(one encoder made once instead of one per call), each large JSON text entering as its own hash —
which the importer computes once per text and reuses for the hall's hash and the county's. The
tests compare every function here with the store's own on real records.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

from intake.store.records import APPLICATION_COLUMNS, DECISION_COLUMNS

_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))
#: Where the large JSON text sits in an application / decision row (hashed on its own).
APP_TEXT = APPLICATION_COLUMNS.index("json")
DECISION_TEXT = DECISION_COLUMNS.index("decision")

Row = Sequence[Any]


def canonical(value: Any) -> str:
    return _CANONICAL.encode(value)


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _with_hash(row: Row, at: int, text_hash: str) -> list[Any]:
    picked = list(row)
    picked[at] = text_hash
    return picked


def case_digest(case: Row, apps: Sequence[tuple[Row, str]], decisions: Sequence[tuple[Row, str]], pages: Sequence[Row]) -> str:
    """``records.case_digest`` of rows in ``*_COLUMNS`` order; each application and decision comes
    with the SHA-256 of its JSON text."""
    doc = [
        list(case),
        [_with_hash(row, APP_TEXT, h) for row, h in apps],
        [_with_hash(row, DECISION_TEXT, h) for row, h in decisions],
        [list(row) for row in pages],
    ]
    return sha256_text(_CANONICAL.encode(doc))


def entry_hash(entry: Row) -> str:
    """``audit.entry_hash`` of an entry's fields in ``audit.ENTRY_FIELDS`` order."""
    return sha256_text(_CANONICAL.encode(list(entry)))


def make_entry(prev: tuple[int, str], *, at: str, actor: str, action: str, subject: str | None, case_id: int | None,
               record_sha256: str | None, detail: dict[str, Any] | None) -> tuple[Any, ...]:
    """``audit.make_entry`` as a tuple in ``ENTRY_FIELDS`` order followed by the hash."""
    fields = (prev[0] + 1, at, actor, action, subject, case_id, record_sha256,
              _CANONICAL.encode(detail) if detail is not None else None, prev[1])
    return (*fields, entry_hash(fields))

