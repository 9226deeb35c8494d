"""The desk's work queue: today's cases, drafts, cases waiting for documents, for approval and for
printing — each a short list, newest first, with how many there are in all.

Read-only queries over the store's tables (``store.conn``): the store's ``cases.list`` filters by
state only, and "waiting for documents" needs the outcome of each case's latest decision.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from intake import ids

if TYPE_CHECKING:
    from intake.store.db import Store

#: The queues, in the order the desk shows them.
QUEUES: tuple[str, ...] = ("today", "draft", "incomplete", "consented", "approved")

_LATEST_OUTCOME = "(SELECT d.outcome FROM decisions d WHERE d.case_id = c.id ORDER BY d.id DESC LIMIT 1)"

_WHERE: dict[str, str] = {
    "today": "c.created_at >= :today",
    "draft": "c.state = 'draft'",
    "incomplete": f"c.state = 'evaluated' AND {_LATEST_OUTCOME} = 'incomplete'",
    "consented": "c.state = 'consented'",
    "approved": "c.state = 'approved'",
}


@dataclass(frozen=True)
class QueueItem:
    """One line of a queue; the ID number is masked."""

    number: str
    name: str
    id_number: str
    state: str
    outcome: str | None
    created_at: str


@dataclass(frozen=True)
class Queue:
    """The first ``limit`` cases of one queue and how many it holds."""

    id: str
    items: list[QueueItem]
    total: int


def load_queue(store: "Store", queue: str, today: dt.date, limit: int = 200) -> Queue:
    """One queue; ``today`` is the counter's local date (cases created since its midnight)."""
    if queue not in _WHERE:
        raise ValueError(f"unknown queue {queue!r}")
    where = _WHERE[queue]
    params = {"today": today.isoformat(), "limit": limit}
    rows = store.conn.execute(
        f"SELECT c.number, c.applicant_name, c.applicant_id, c.state, {_LATEST_OUTCOME}, c.created_at "
        f"FROM cases c WHERE {where} ORDER BY c.id DESC LIMIT :limit",
        params,
    ).fetchall()
    (total,) = store.conn.execute(f"SELECT count(*) FROM cases c WHERE {where}", params).fetchone()
    items = [QueueItem(r[0], r[1], ids.mask_id_number(r[2]), r[3], r[4], r[5]) for r in rows]
    return Queue(queue, items, int(total))
