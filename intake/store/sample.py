"""`intake sample`: fills a store with generated cases, fast enough for a million.

Public API::

    fill(store, count, evaluator, actor, seed=None, progress=..., cancel=None) -> Changes

Every application is evaluated by the real evaluator; cases are then spread over the workflow
(draft, evaluated, consented, approved, completed, withdrawn, rejected, residence permit chosen) as
their outcome allows. Cases are filed in batches, each one transaction with its rows and one audit
entry (``sample``) per case recording the case's hash — the same records and chain the interactive
commands write, so `intake verify` checks sample data like any other. A kill or cancel between
batches keeps the batches already committed, and nothing of the one in flight.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import TYPE_CHECKING, Any

from intake.models.application import Application
from intake.models.decision import Decision
from intake.store import audit, numbers
from intake.store.cases import application_json
from intake.store.ops import Actor, CancelToken, Changes, Progress, no_progress
from intake.store.records import canonical, case_digest
from intake.store.samplegen import Generator
from intake.store.search import INDEX_SQL, name_grams, phone_key

if TYPE_CHECKING:
    from intake.evaluation import Evaluator
    from intake.store.db import Store

BATCH = 2000
HALL_TZ = dt.timezone(dt.timedelta(hours=8))
_REJECT_REASON = "经审核，申请材料不符合落户条件"

#: outcome -> (state, weight) after the sample's simulated workflow
_PLANS: dict[str, tuple[tuple[str, ...], tuple[int, ...]]] = {
    "settle": (("evaluated", "consented", "approved", "completed", "withdrawn", "residence_permit"), (30, 20, 15, 25, 5, 5)),
    "incomplete": (("evaluated", "withdrawn"), (80, 20)),
    "not_eligible": (("evaluated", "residence_permit", "rejected"), (50, 30, 20)),
}


def fill(store: "Store", count: int, evaluator: "Evaluator", actor: Actor, seed: int | None = None,
         progress: Progress = no_progress, cancel: CancelToken | None = None, batch: int = BATCH) -> Changes:
    """Files ``count`` generated cases; application dates rise with the case numbers."""
    gen = Generator(seed)
    done = 0
    while done < count:
        if cancel is not None:
            cancel.check()
        size = min(batch, count - done)
        days = (gen.application_day(done + i, count) for i in range(size))
        drafts = [_draft(gen, evaluator, day) for day in days]
        _file_batch(store, drafts, actor)
        done += size
        progress(done, count, f"已生成 {done} 件样例案件")
    return Changes(cases_added=count)


def _draft(gen: Generator, evaluator: "Evaluator", day: dt.date) -> tuple[Application, Decision | None, str, dt.datetime]:
    app, decision = evaluator.decide_raw(gen.application(day))
    rng = gen.rng
    created = dt.datetime.combine(day, dt.time(8 + rng.randrange(9), rng.randrange(60), rng.randrange(60)), HALL_TZ)
    if rng.random() < 0.05:
        return app, None, "draft", created
    states, weights = _PLANS[decision.outcome]
    state = rng.choices(states, weights)[0]
    if state == "completed" and not (decision.address and decision.address.text):
        state = "approved"
    return app, decision, state, created


def _file_batch(store: "Store", drafts: list[tuple[Application, Decision | None, str, dt.datetime]], actor: Actor) -> None:
    now = store.now()
    with store.write() as conn:
        hall = store.settings.hall_township()
        case_id, app_id, decision_id = (
            conn.execute(f"SELECT coalesce(max(id), 0) FROM {t}").fetchone()[0] for t in ("cases", "applications", "decisions")
        )
        prefixes = [(numbers.township_for(hall, app.jurisdiction), created.year) for app, _, _, created in drafts]
        next_seq = {p: numbers.reserve(conn, p[0], p[1], n) for p, n in Counter(prefixes).items()}
        prev = audit.last_entry(conn)
        cases, apps, decisions, grams, entries = [], [], [], [], []
        for (app, decision, state, created), prefix in zip(drafts, prefixes):
            case_id += 1
            app_id += 1
            number = numbers.format_number(prefix[0], prefix[1], next_seq[prefix])
            next_seq[prefix] += 1
            case, app_row, decision_row = _rows(case_id, app_id, decision_id + 1, number, app, decision, state, created, actor)
            cases.append(case)
            apps.append(app_row)
            if decision_row is not None:
                decision_id += 1
                decisions.append(decision_row)
            grams += [(gram, case_id) for gram in name_grams(app.applicant.name)]
            entry = audit.make_entry(
                prev, at=now, actor=actor.name, action="sample", subject=f"case:{number}", case_id=case_id,
                record_sha256=case_digest(case, [app_row], [decision_row] if decision_row else [], []),
                detail={"state": case["state"]},
            )
            prev = (entry["id"], entry["hash"])
            entries.append(entry)
        conn.executemany(_insert("cases", cases[0]), cases)
        conn.executemany(_insert("applications", apps[0]), apps)
        if decisions:
            conn.executemany(_insert("decisions", decisions[0]), decisions)
        conn.executemany(INDEX_SQL, grams)
        conn.executemany(audit.INSERT_SQL, entries)


def _insert(table: str, row: dict[str, Any]) -> str:
    return f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join(':' + c for c in row)})"


def _rows(case_id: int, app_id: int, decision_id: int, number: str, app: Application, decision: Decision | None,
          state: str, created: dt.datetime, actor: Actor) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any] | None]:
    at = created.isoformat(timespec="seconds")
    later = (created + dt.timedelta(minutes=20)).isoformat(timespec="seconds")
    wish = reason = None
    if state == "residence_permit":
        state, wish, reason = "withdrawn", "residence_permit", "申请人选择办理居住证"
    elif state in ("consented", "approved", "completed"):
        wish = "settle"
    elif state == "withdrawn":
        reason = "申请人撤回申请"
    elif state == "rejected":
        reason = _REJECT_REASON
    me = app.applicant
    case = {"id": case_id, "number": number, "state": state, "wish": wish, "reason": reason,
            "applicant_id": me.id_number, "applicant_name": me.name, "phone": phone_key(me.phone),
            "jurisdiction": app.jurisdiction, "created_at": at, "created_by": actor.name,
            "updated_at": later if decision else at}
    app_row = {"id": app_id, "case_id": case_id, "json": application_json(app), "entered_at": at, "entered_by": actor.name}
    if decision is None:
        return case, app_row, None
    pack = decision.rule_pack
    decision_row = {"id": decision_id, "case_id": case_id, "application_id": app_id, "outcome": decision.outcome,
                    "decision": canonical(decision.model_dump(mode="json")), "rule_pack_id": pack.id,
                    "rule_pack_version": pack.version, "rule_pack_sha256": pack.sha256, "made_at": later,
                    "made_by": actor.name}
    return case, app_row, decision_row

