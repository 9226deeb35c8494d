"""From the store to what gets printed: a stored case as a ``PrintableCase``, a day's cases for the
batch of receipts, and the audit entry every print leaves (``print`` in the case's history).

The desktop app and ``intake print`` both go through here::

    case = printable_case(store, "350502001-2017-000042", townships)
    pdf = render_pdf("receipt", case)                  # preview, then the system print dialog
    record_prints(store, [case.number], "receipt", actor)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from intake.errors import PrintError
from intake.printing.model import Hall, PrintableCase, Signoff
from intake.rules.townships import Townships
from intake.store.audit import HistoryEntry
from intake.store.cases import CaseView, find_case_to_change, record_case
from intake.store.ops import Actor
from intake.store.states import STATE_LABELS

if TYPE_CHECKING:
    from intake.store.db import Store

HALL_SUFFIX = "便民服务中心"
UNCONFIGURED_HALL = "（未设置受理乡镇（街道））"


def hall_of(store: "Store", townships: Townships) -> Hall:
    """This store's hall: its township's service hall, named from the registry."""
    code = store.settings.hall_township()
    if code is None:
        return Hall(name=UNCONFIGURED_HALL)
    town = townships.get(code)
    return Hall(name=f"{town.name if town else code}{HALL_SUFFIX}", township=code)


def _signoffs(history: list[HistoryEntry], names: Mapping[str, str]) -> tuple[Signoff | None, Signoff | None]:
    """The applicant's wish and the approval given on the latest evaluation (a new evaluation
    voids both), each with the printed name of who recorded it."""
    since = max((i for i, h in enumerate(history) if h.action == "evaluate"), default=-1)
    found: dict[str, Signoff] = {}
    for entry in history[since + 1 :]:
        if entry.action in ("consent", "approve"):
            found[entry.action] = Signoff(by=names.get(entry.actor, entry.actor), at=dt.datetime.fromisoformat(entry.at))
    return found.get("consent"), found.get("approve")


def _township_names(view: CaseView, hall: Hall, townships: Townships) -> dict[str, str]:
    """Names of every township code the case mentions."""
    codes = {hall.township} if hall.township else set()
    for doc in view.application.documents:
        codes.update(v for k, v in doc if k in ("township", "workplace_township") and v)
    decision = view.decision
    if decision and decision.address and decision.address.township:
        codes.add(decision.address.township)
    return {c: t.name for c in sorted(codes) if (t := townships.get(c)) is not None}


def to_printable(view: CaseView, hall: Hall, townships: Townships, names: Mapping[str, str]) -> PrintableCase:
    """A stored case as printed, staff under their real names (``names``: sign-in name → printed
    name; one missing prints as it signs in); PrintError if it has no decision on its current
    application."""
    decision = view.decision
    if decision is None:
        raise PrintError(f"案件 {view.number} 尚未评估（或修改申请后尚未重新评估），不能打印")
    consent, approval = _signoffs(view.history, names)
    state = STATE_LABELS.get(view.state, view.state)
    return PrintableCase(
        number=view.number,
        hall=hall,
        received_at=dt.datetime.fromisoformat(view.created_at),
        clerk=names.get(view.created_by, view.created_by),
        application=view.application,
        decision=decision,
        pages=[len(d.pages) for d in view.documents],
        state_label=f"{state}（{view.reason}）" if view.reason else state,
        consent=consent,
        approval=approval,
        township_names=_township_names(view, hall, townships),
    )


def printable_case(store: "Store", number: str, townships: Townships) -> PrintableCase:
    """The stored case ``number`` ready to print; CaseNotFound or PrintError otherwise. The county
    prints none: its cases are the halls', and a receipt is signed by the hall that accepted it."""
    if store.settings.county() is not None:
        raise PrintError("这是县局的汇总数据库：回执、告知书和登记表由受理案件的乡镇（街道）打印，县局只能查看", "case")
    return to_printable(store.cases.get(number), hall_of(store, townships), townships, store.users.display_names())


def cases_received_on(store: "Store", day: dt.date, townships: Townships) -> list[PrintableCase]:
    """Every case accepted at the counter on ``day`` that has a decision, oldest first: the batch
    of a day's receipts. Cases not yet evaluated are left out."""
    wanted = day.isoformat()
    limit = 200
    while True:  # newest first: widen until the list reaches back before the day
        summaries = store.cases.list(limit=limit)
        if len(summaries) < limit or summaries[-1].created_at[:10] < wanted:
            break
        limit *= 4
    hall, names = hall_of(store, townships), store.users.display_names()
    out = []
    for summary in reversed(summaries):
        if summary.created_at[:10] == wanted:
            view = store.cases.get(summary.number)
            if view.decision is not None:
                out.append(to_printable(view, hall, townships, names))
    return out


def record_prints(store: "Store", numbers: Sequence[str], document: str, actor: Actor) -> None:
    """Appends a ``print`` entry to each case's history, all in one transaction."""
    with store.write() as conn:
        for number in numbers:
            case = find_case_to_change(conn, number)  # an imported case's history is the hall's
            record_case(store, conn, case.id, case.number, "print", actor, {"document": document})
