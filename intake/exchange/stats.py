"""Settlement statistics (四(十六)) and net settled population per county per year (三(八)), for a
hall's store and for the county's store alike.

Counts by outcome, path, address kind and month come from ``intake.hall_stats`` (each case's
latest decision; month of filing). Added here: by township, priority group and state, and the
settled population.

**Settled** (落户): a case in state ``completed`` whose latest decision is ``settle``; it settled
in the case's county (``jurisdiction``) in the year it was completed (a completed case never
changes again, so its last change is the completion). The people who settled are the applicant
and every family member the decision says follows them; ``persons`` counts each ID number once
per county and year, so an applicant flagged in two townships is not counted twice.

**Net** settled population: the tool records people settling into a county, not people moving
their household registration away (that is the police's household register, outside this tool),
so per county and year the net figure reported is the settled persons.

**Township**: the township the case came from — at the county the bundle's township, at a hall the
hall's own; a case with neither counts under the first 9 characters of its case number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from intake.hall_stats import hall_stats
from intake.store.ops import CancelToken, Progress, no_progress

if TYPE_CHECKING:
    from intake.store.db import Store

_LATEST_DECISION = "(SELECT decision FROM decisions WHERE case_id = c.id ORDER BY id DESC LIMIT 1)"

_BY_PRIORITY = (
    f"SELECT g.value, count(*) FROM cases c, json_each({_LATEST_DECISION}, '$.priority_groups') g "
    "GROUP BY g.value ORDER BY g.value"
)
_BY_TOWNSHIP = (
    "SELECT coalesce(e.township, :hall, substr(c.number, 1, 9)) AS t, count(*) FROM cases c "
    "LEFT JOIN exchange_cases e ON e.case_id = c.id GROUP BY t ORDER BY t"
)
_BY_STATE = "SELECT state, count(*) FROM cases GROUP BY state ORDER BY state"
_EXTRA = {"by_township": _BY_TOWNSHIP, "by_priority_group": _BY_PRIORITY, "by_state": _BY_STATE}
_SETTLED = f"""
    WITH settled AS (
        SELECT c.jurisdiction AS county, substr(c.updated_at, 1, 4) AS year, c.applicant_id AS person,
               {_LATEST_DECISION} AS decision
        FROM cases c WHERE c.state = 'completed'
    ), people AS (
        SELECT county, year, person, 0 AS family FROM settled WHERE json_extract(decision, '$.outcome') = 'settle'
        UNION ALL
        SELECT s.county, s.year, json_extract(f.value, '$.id_number'), 1
        FROM settled s, json_each(s.decision, '$.family') f
        WHERE json_extract(s.decision, '$.outcome') = 'settle' AND json_extract(f.value, '$.follows') = 1
    )
    SELECT county, year, sum(family = 0), sum(family = 1), count(DISTINCT person)
    FROM people GROUP BY county, year ORDER BY county, year
"""


@dataclass(frozen=True)
class SettledYear:
    """Settled people of one county in one year (see the module docstring)."""

    county: str
    year: str
    cases: int
    family: int
    persons: int

    def to_json(self) -> dict[str, Any]:
        return {"county": self.county, "year": self.year, "cases": self.cases, "applicants": self.cases,
                "family": self.family, "persons": self.persons, "net": self.persons}


@dataclass(frozen=True)
class Statistics:
    """Counts per dimension; keys are the core's ids (``settle``, ``graduate_employed``, ``2017-06``)."""

    total: int
    not_evaluated: int
    by_outcome: dict[str, int]
    by_path: dict[str, int]
    by_address_kind: dict[str, int]
    by_month: dict[str, int]
    by_township: dict[str, int]
    by_priority_group: dict[str, int]
    by_state: dict[str, int]
    settled: list[SettledYear] = field(default_factory=list)
    generated_at: str = ""

    @property
    def net_settled(self) -> dict[str, dict[str, int]]:
        """county → year → net settled persons."""
        out: dict[str, dict[str, int]] = {}
        for row in self.settled:
            out.setdefault(row.county, {})[row.year] = row.persons
        return out

    def to_json(self) -> dict[str, Any]:
        """The shape `intake stats --json` prints."""
        return {
            "total": self.total, "not_evaluated": self.not_evaluated, "by_outcome": self.by_outcome,
            "by_path": self.by_path, "by_address_kind": self.by_address_kind, "by_township": self.by_township,
            "by_month": self.by_month, "by_priority_group": self.by_priority_group, "by_state": self.by_state,
            "net_settled": self.net_settled, "settled": [s.to_json() for s in self.settled],
            "generated_at": self.generated_at,
        }


def statistics(store: "Store", progress: Progress = no_progress, cancel: CancelToken | None = None) -> Statistics:
    """Counts every case of the store, read in one snapshot."""
    conn = store.conn
    params = {"hall": store.settings.hall_township()}
    conn.execute("BEGIN")
    try:
        base = hall_stats(store, progress, cancel)
        extra: dict[str, dict[str, int]] = {}
        for i, (name, sql) in enumerate(_EXTRA.items(), start=1):
            if cancel is not None:
                cancel.check()
            extra[name] = {str(k): int(n) for k, n in conn.execute(sql, params)}
            progress(i, len(_EXTRA) + 1, "正在统计…")
        settled = [SettledYear(str(c), str(y), int(n), int(f), int(p)) for c, y, n, f, p in conn.execute(_SETTLED)]
    finally:
        conn.execute("COMMIT")
    progress(1, 1, "统计完成")
    return Statistics(
        total=base.total, not_evaluated=base.not_evaluated, by_outcome=base.by_outcome, by_path=base.by_path,
        by_address_kind=base.by_address_kind, by_month=base.by_month, settled=settled,
        generated_at=dt.datetime.now().astimezone().isoformat(timespec="seconds"), **extra,
    )
