"""Case numbers unique across the province without a network: ``TOWNSHIP-YEAR-SEQUENCE``.

``350502001-2017-000042`` is the 42nd case this store filed in 2017 for township 350502001. The
year is the year the case was created (accepted at the counter), not the application date: the
number is issued then and never changes when the application is edited. Uniqueness across the
province rests on one store per hall: only the hall configured for township 350502001 issues
numbers starting with it. A store with no hall configured (plain command-line use) files under the
application's county + ``000`` — such numbers are only unique within that store, so export
requires a configured hall, and a store holding such numbers is never configured (``settings``).
"""

from __future__ import annotations

import re
import sqlite3

from intake.errors import StoreError

NUMBER_RE = re.compile(r"\d{9}-\d{4}-\d{6}")
MAX_SEQUENCE = 999_999
UNCONFIGURED_SUFFIX = "000"


def township_for(hall_township: str | None, jurisdiction: str) -> str:
    """The township part of new case numbers."""
    return hall_township or jurisdiction + UNCONFIGURED_SUFFIX


def next_number(conn: sqlite3.Connection, township: str, year: int) -> str:
    """Draws the next number for (township, year); inside the write transaction that files the case."""
    prefix = f"{township}-{year:04d}"
    (last,) = conn.execute(
        "INSERT INTO case_counters (prefix, last) VALUES (?, 1) "
        "ON CONFLICT (prefix) DO UPDATE SET last = last + 1 RETURNING last",
        (prefix,),
    ).fetchone()
    _check_room(prefix, last)
    return f"{prefix}-{last:06d}"


def reserve(conn: sqlite3.Connection, township: str, year: int, count: int) -> int:
    """Reserves ``count`` numbers at once for bulk filing; returns the first sequence number."""
    prefix = f"{township}-{year:04d}"
    (last,) = conn.execute(
        "INSERT INTO case_counters (prefix, last) VALUES (?, ?) "
        "ON CONFLICT (prefix) DO UPDATE SET last = last + ? RETURNING last",
        (prefix, count, count),
    ).fetchone()
    _check_room(prefix, last)
    return int(last) - count + 1


def format_number(township: str, year: int, seq: int) -> str:
    return f"{township}-{year:04d}-{seq:06d}"


def _check_room(prefix: str, last: int) -> None:
    if last > MAX_SEQUENCE:
        raise StoreError(f"编号段 {prefix} 本年度已用完（最多 {MAX_SEQUENCE} 件）")
