"""The base counts of the settlement statistics (四(十六)): how many cases by outcome, path,
registration-address kind and month, from each case's latest decision.

Only ``intake.exchange.stats.statistics`` calls this: it adds townships, priority groups, states
and settled persons, and is what `intake stats`, the county report and the desk's statistics
screen all show — one core, so they can never disagree.

Grouped in SQLite (``json_extract`` over the stored decision) so a store of 100,000 cases is counted
without loading a decision into Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from intake.store.ops import CancelToken, Progress, no_progress

if TYPE_CHECKING:
    from intake.store.db import Store

_LATEST = (
    "SELECT c.id AS case_id, substr(c.created_at, 1, 7) AS month, d.decision AS decision "
    "FROM cases c LEFT JOIN decisions d ON d.id = "
    "(SELECT max(id) FROM decisions WHERE case_id = c.id)"
)

#: dimension -> SQL expression over the latest decision (NULL: not evaluated yet / not settling)
_DIMENSIONS: dict[str, str] = {
    "by_outcome": "json_extract(decision, '$.outcome')",
    "by_path": "json_extract(decision, '$.path')",
    "by_address_kind": "json_extract(decision, '$.address.kind')",
    "by_month": "month",
}


@dataclass(frozen=True)
class HallStats:
    """Counts per dimension; keys are the core's ids (``settle``, ``graduate_employed``, ``2017-06``)."""

    total: int
    not_evaluated: int
    by_outcome: dict[str, int] = field(default_factory=dict)
    by_path: dict[str, int] = field(default_factory=dict)
    by_address_kind: dict[str, int] = field(default_factory=dict)
    by_month: dict[str, int] = field(default_factory=dict)


def hall_stats(store: "Store", progress: Progress = no_progress, cancel: CancelToken | None = None) -> HallStats:
    """Counts every case of the store (one store serves one hall)."""
    conn = store.conn
    counts: dict[str, dict[str, int]] = {}
    steps = len(_DIMENSIONS) + 1
    (total, not_evaluated) = conn.execute(
        f"SELECT count(*), coalesce(sum(decision IS NULL), 0) FROM ({_LATEST})"
    ).fetchone()
    progress(1, steps, "正在统计…")
    for i, (name, expr) in enumerate(_DIMENSIONS.items(), start=2):
        if cancel is not None:
            cancel.check()
        rows = conn.execute(
            f"SELECT {expr} AS k, count(*) FROM ({_LATEST}) WHERE k IS NOT NULL GROUP BY k ORDER BY k"
        ).fetchall()
        counts[name] = {str(k): int(n) for k, n in rows}
        progress(i, steps, "正在统计…")
    return HallStats(total=int(total), not_evaluated=int(not_evaluated), **counts)
