"""The store's record and audit hashes (``intake.store.records``, ``intake.store.audit``), computed
the same way from rows already in column order, for importing many cases at once.

The definitions stay the store's: the same columns in the same order, the same canonical JSON
(one encoder made once instead of one per call), each large JSON text entering as its own hash —
which the importer computes once per text and reuses for the hall's hash and the county's. A
``Skeleton`` holds a case aggregate's canonical JSON with the ids left out, so the hall's hash and
the county's (the same rows under the county's ids) cost one encoding between them. The tests
compare every function here with the store's own on real records.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any, NamedTuple

from intake.store.records import APPLICATION_COLUMNS, CASE_COLUMNS, DECISION_COLUMNS

_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))
#: The same encoder's C core made once (``JSONEncoder.encode`` makes one per call), without the
#: circular-reference bookkeeping: rows hold only strings, numbers, booleans and None.
_C_MAKE_ENCODER = getattr(json.encoder, "c_make_encoder", None)
_C_CANONICAL = (
    _C_MAKE_ENCODER(None, _CANONICAL.default, json.encoder.encode_basestring, None, ":", ",", True, False, True)
    if _C_MAKE_ENCODER is not None else None
)
#: Where the large JSON text sits in an application / decision row (hashed on its own).
APP_TEXT = APPLICATION_COLUMNS.index("json")
DECISION_TEXT = DECISION_COLUMNS.index("decision")

Row = Sequence[Any]

if CASE_COLUMNS[0] != "id" or APPLICATION_COLUMNS[:2] != ("id", "case_id") or DECISION_COLUMNS[:3] != (
        "id", "case_id", "application_id"):
    raise RuntimeError("hashing.Skeleton expects the ids first in the store's columns")


def canonical(value: Any) -> str:
    """``records.canonical``: sorted keys, no spaces, Chinese kept as is."""
    if _C_CANONICAL is None or isinstance(value, str):
        return _CANONICAL.encode(value)
    return "".join(_C_CANONICAL(value, 0))


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
    return sha256_text(canonical(doc))


class Skeleton(NamedTuple):
    """``case_digest``'s canonical JSON of a case, its applications and its decisions without their
    ids: each row's values after the ids, encoded once (UTF-8, without the opening bracket)."""

    case: bytes
    apps: tuple[bytes, ...]
    decisions: tuple[bytes, ...]


def skeleton(case: Row, apps: Sequence[Row], decisions: Sequence[Row]) -> Skeleton:
    """Rows in ``*_COLUMNS`` order, each application's and decision's JSON text replaced by its SHA-256."""
    return Skeleton(
        canonical(case[1:])[1:].encode("utf-8"),
        tuple([canonical(row[2:])[1:].encode("utf-8") for row in apps]),
        tuple([canonical(row[3:])[1:].encode("utf-8") for row in decisions]),
    )


def skeleton_digest(bones: Skeleton, case_id: int, app_ids: Sequence[int], decision_ids: Sequence[tuple[int, int]],
                    pages: Sequence[Row]) -> str:
    """``case_digest`` of the skeleton's rows under ``case_id``, an id per application and an (id,
    application id) per decision, with ``pages`` as they are (their thumbnail may differ too). Ids
    are ints (the models' and the store's), written as the canonical encoder writes them."""
    if len(app_ids) != len(bones.apps) or len(decision_ids) != len(bones.decisions):
        raise ValueError("one id per row")
    apps = b",".join([b"[%d,%d,%s" % (a, case_id, tail) for a, tail in zip(app_ids, bones.apps)])
    decisions = b",".join([b"[%d,%d,%d,%s" % (d, case_id, app, tail)
                           for (d, app), tail in zip(decision_ids, bones.decisions)])
    pages_text = ",".join([canonical(list(row)) for row in pages]).encode("utf-8")
    return hashlib.sha256(b"[[%d,%s,[%s],[%s],[%s]]" % (case_id, bones.case, apps, decisions, pages_text)).hexdigest()


def entry_hash(entry: Row) -> str:
    """``audit.entry_hash`` of an entry's fields in ``audit.ENTRY_FIELDS`` order."""
    return sha256_text(canonical(list(entry)))


def make_entry(prev: tuple[int, str], *, at: str, actor: str, action: str, subject: str | None, case_id: int | None,
               record_sha256: str | None, detail: dict[str, Any] | None) -> tuple[Any, ...]:
    """``audit.make_entry`` as a tuple in ``ENTRY_FIELDS`` order followed by the hash."""
    fields = (prev[0] + 1, at, actor, action, subject, case_id, record_sha256,
              canonical(detail) if detail is not None else None, prev[1])
    return (*fields, entry_hash(fields))



class ImportEntries:
    """The county's ``import`` audit entries for the cases of one bundle, chained from ``prev``:
    ``make_entry``'s tuples, with the parts every entry shares (``at``, ``actor``, ``action``, the
    subject's ``prefix``) encoded once."""

    action = "import"
    prefix = "case:"

    def __init__(self, prev: tuple[int, str], *, at: str, actor: str, township: str, seq: int) -> None:
        self.prev = prev
        self.at, self.actor, self._township, self._seq = at, actor, township, seq
        self._shared = f"{_string(at)},{_string(actor)},{_string(self.action)}"
        self._details: dict[str, tuple[str, str]] = {}

    def next(self, number: str, case_id: int, record_sha256: str, state: str) -> tuple[Any, ...]:
        """The entry recording case ``number`` (county id ``case_id``) imported in ``state``."""
        detail = self._details.get(state)
        if detail is None:
            text = canonical({"township": self._township, "seq": self._seq, "state": state})
            detail = self._details[state] = (text, _string(text))
        entry_id, prev_hash = self.prev[0] + 1, self.prev[1]
        subject = f"{self.prefix}{number}"
        digest = sha256_text(f"[{entry_id:d},{self._shared},{_string(subject)},{case_id:d},{_string(record_sha256)},"
                             f"{detail[1]},{_string(prev_hash)}]")
        self.prev = (entry_id, digest)
        return (entry_id, self.at, self.actor, self.action, subject, case_id, record_sha256, detail[0], prev_hash, digest)


def _string(text: str) -> str:
    """A string as the canonical encoder writes it."""
    return _encode_string(text)


_encode_string = json.encoder.encode_basestring
