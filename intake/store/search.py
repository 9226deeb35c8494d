"""Finding cases by ID number, name, case number (or just its last digits) or phone — fast on a
million cases.

Names are indexed by every substring of up to ``MAX_GRAM`` characters in ``name_grams``
(``PRIMARY KEY (gram, case_id)``, WITHOUT ROWID): a 1–4 character query is one index range read
in case order, exact, newest first, whatever the name's length or script (𠮷 is one character to
Python and to the index). FTS5's trigram tokenizer cannot answer 1–2 character queries, and
``LIKE '%…%'`` scans every row. Longer queries read the index for their first ``MAX_GRAM``
characters and check the rest in Python. ID numbers and phones use plain indexes, case numbers
the UNIQUE index by prefix. A clerk holding a receipt types the sequence only ("11", "000011",
"2026-11"): the index yields the store's few number prefixes (township and year) one seek each,
and each prefix with that sequence is one more. Results show ID numbers masked
(``CaseBook.reveal_id`` is audited).
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from intake import ids

MAX_GRAM = 4
_CHUNK = 200
_ID_RE = re.compile(r"\d{17}[\dX]")
_NUMBER_RE = re.compile(r"\d{9}-[\d-]*")
#: A case number's sequence, with or without its year: "11", "000011", "2026-11".
_SEQUENCE_RE = re.compile(r"(?:(\d{4})-)?(\d{1,6})")
#: "TOWNSHIP-YEAR-" of every case number (``numbers.format_number``).
_PREFIX = len("350502001-2017-")
_PHONE_RE = re.compile(r"\+?[\d\- ]{5,24}")


def normalise_name(name: str) -> str:
    """How names are indexed and matched: NFC, no spaces, case-folded Latin letters."""
    return "".join(unicodedata.normalize("NFC", name).casefold().split())


def name_grams(name: str) -> set[str]:
    """Every substring of 1 to ``MAX_GRAM`` characters of the normalised name."""
    text = normalise_name(name)
    return {text[i : i + k] for k in range(1, MAX_GRAM + 1) for i in range(len(text) - k + 1)}


def phone_key(phone: str | None) -> str | None:
    """Digits only, without a leading +86: how phones are stored and looked up."""
    if not phone:
        return None
    digits = "".join(c for c in phone if c.isdigit())
    if phone.strip().startswith("+86"):
        digits = digits[2:]
    return digits or None


def index_rows(case_id: int, name: str) -> Iterator[tuple[str, int]]:
    return ((gram, case_id) for gram in name_grams(name))


INDEX_SQL = "INSERT INTO name_grams (gram, case_id) VALUES (?, ?)"


def index_case(conn: sqlite3.Connection, case_id: int, name: str) -> None:
    conn.executemany(INDEX_SQL, index_rows(case_id, name))


def unindex_case(conn: sqlite3.Connection, case_id: int, name: str) -> None:
    conn.executemany("DELETE FROM name_grams WHERE gram = ? AND case_id = ?", index_rows(case_id, name))


def _after_prefix(prefix: str) -> str | None:
    """The smallest string greater than every string starting with ``prefix`` (None: no bound)."""
    while prefix:
        code = ord(prefix[-1]) + 1
        if 0xD800 <= code <= 0xDFFF:
            code = 0xE000
        if code <= 0x10FFFF:
            return prefix[:-1] + chr(code)
        prefix = prefix[:-1]
    return None


@dataclass(frozen=True)
class SearchHit:
    """One case found; ``id_number`` is masked."""

    case: str
    name: str
    id_number: str
    state: str
    created_at: str

    def to_json(self) -> dict[str, Any]:
        return {"case": self.case, "name": self.name, "id_number": self.id_number, "state": self.state,
                "created_at": self.created_at}


@dataclass(frozen=True)
class SearchResult:
    """Hits newest first; ``more`` when the limit cut the list short."""

    query: str
    kind: str
    hits: list[SearchHit]
    more: bool


_HIT_COLUMNS = "id, number, applicant_name, applicant_id, state, created_at"


def _hits(conn: sqlite3.Connection, case_ids: list[int]) -> dict[int, SearchHit]:
    if not case_ids:
        return {}
    marks = ",".join("?" * len(case_ids))
    rows = conn.execute(f"SELECT {_HIT_COLUMNS} FROM cases WHERE id IN ({marks})", case_ids)
    return {r[0]: SearchHit(r[1], r[2], ids.mask_id_number(r[3]), r[4], r[5]) for r in rows}


def _name_ids(conn: sqlite3.Connection, query: str, limit: int) -> list[int]:
    if len(query) <= MAX_GRAM:
        rows = conn.execute(
            "SELECT case_id FROM name_grams WHERE gram = ? ORDER BY case_id DESC LIMIT ?", (query, limit)
        )
        return [r[0] for r in rows]
    found: list[int] = []
    cursor = conn.execute("SELECT case_id FROM name_grams WHERE gram = ? ORDER BY case_id DESC", (query[:MAX_GRAM],))
    while len(found) < limit and (chunk := [r[0] for r in cursor.fetchmany(_CHUNK)]):
        marks = ",".join("?" * len(chunk))
        names = dict(conn.execute(f"SELECT id, applicant_name FROM cases WHERE id IN ({marks})", chunk).fetchall())
        found += [i for i in chunk if query in normalise_name(names[i])]
    cursor.close()
    return found[:limit]


def _ids_where(conn: sqlite3.Connection, sql: str, params: Iterable[Any]) -> list[int]:
    return [r[0] for r in conn.execute(sql, tuple(params))]


def _sequence_ids(conn: sqlite3.Connection, query: str, limit: int) -> list[int]:
    """Cases whose number ends in the sequence ``query`` ("YEAR-NNNNNN" or "-NNNNNN"), newest first."""
    year, sequence = query.split("-")
    prefixes = [row[0] for row in conn.execute(
        "WITH RECURSIVE p(prefix) AS ("
        f" SELECT substr(min(number), 1, {_PREFIX}) FROM cases"
        f" UNION ALL SELECT (SELECT substr(min(number), 1, {_PREFIX}) FROM cases WHERE number > p.prefix || '999999')"
        " FROM p WHERE p.prefix IS NOT NULL"
        ") SELECT prefix FROM p WHERE prefix IS NOT NULL"
    ) if not year or row[0][10:14] == year]
    if not prefixes:
        return []
    wanted = [prefix + sequence for prefix in prefixes]
    marks = ",".join("?" * len(wanted))
    return _ids_where(conn, f"SELECT id FROM cases WHERE number IN ({marks}) ORDER BY id DESC LIMIT ?", (*wanted, limit))


def classify(text: str) -> tuple[str, str]:
    """(kind, normalised query): ``number``, ``sequence`` (a case number's last part, as
    "YEAR-NNNNNN" or "-NNNNNN"), ``id_number``, ``phone`` or ``name``."""
    compact = ids.normalise(text.strip())
    if _NUMBER_RE.fullmatch(compact):
        return "number", compact
    if _ID_RE.fullmatch(compact):
        return "id_number", compact
    if sequence := _SEQUENCE_RE.fullmatch(compact):
        return "sequence", f"{sequence[1] or ''}-{int(sequence[2]):06d}"
    if _PHONE_RE.fullmatch(text.strip()) and (key := phone_key(text)):
        return "phone", key
    return "name", normalise_name(text)


def search(conn: sqlite3.Connection, text: str, limit: int = 50) -> SearchResult:
    """See the module docstring; an empty query finds nothing."""
    kind, query = classify(text)
    fetch = limit + 1
    if not query:
        ids_found: list[int] = []
    elif kind == "number":
        bound = _after_prefix(query)
        ids_found = _ids_where(
            conn, "SELECT id FROM cases WHERE number >= ? AND number < ? ORDER BY number DESC LIMIT ?",
            (query, bound, fetch),
        ) if bound else []
    elif kind == "sequence":
        ids_found = _sequence_ids(conn, query, fetch)
    elif kind == "id_number":
        ids_found = _ids_where(conn, "SELECT id FROM cases WHERE applicant_id = ? ORDER BY id DESC LIMIT ?", (query, fetch))
    elif kind == "phone":
        ids_found = _ids_where(conn, "SELECT id FROM cases WHERE phone = ? ORDER BY id DESC LIMIT ?", (query, fetch))
    else:
        ids_found = _name_ids(conn, query, fetch)
    hits = _hits(conn, ids_found[:limit])
    return SearchResult(text, kind, [hits[i] for i in ids_found[:limit]], len(ids_found) > limit)
