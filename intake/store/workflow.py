"""Workflow steps on a case: evaluate, consent, approve, complete, withdraw, reject.

Public API (``store.workflow``; each returns ``Changes``, evaluate also the ``Decision``)::

    evaluate(number, evaluator, actor) -> (Decision, Changes)   # stores the decision
    consent(number, actor, note=None)        # the applicant wants to settle (latest decision: settle)
    choose_residence_permit(number, actor, note=None)   # prefers a residence permit: case closed
    approve(number, actor, note=None)        # supervisor or admin; role-checked when actor.role is set
    complete(number, actor, note=None)       # refused while the address text is not configured
    withdraw(number, actor, reason=None)     # any time before completion
    reject(number, actor, reason)            # supervisor or admin; a reason is required

States and allowed moves are in ``states.py``; an illegal step raises WorkflowError, a role that
may not take it AccessDenied. Each step and its audit entry commit together.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from intake.errors import AccessDenied, WorkflowError
from intake.models.decision import Decision
from intake.store.cases import CaseRow, find_case_to_change, load_application, record_case
from intake.store.ops import Actor, Changes
from intake.store.records import canonical
from intake.store.states import STEP_LABELS, TRANSITIONS, refusal

if TYPE_CHECKING:
    from intake.evaluation import Evaluator
    from intake.store.db import Store

Check = Callable[[sqlite3.Connection, CaseRow], None]

SUPERVISOR_STEPS = frozenset({"approve", "reject"})
#: Who may approve and reject: a supervisor, and an administrator ("以上全部" in the manual's role table).
SUPERVISOR_ROLES = frozenset({"supervisor", "admin"})
OUTCOME_LABELS = {"settle": "可以落户", "incomplete": "材料不全", "not_eligible": "不符合落户条件"}


def latest_decision(conn: sqlite3.Connection, case_id: int) -> Decision | None:
    row = conn.execute("SELECT decision FROM decisions WHERE case_id = ? ORDER BY id DESC LIMIT 1", (case_id,)).fetchone()
    return Decision.model_validate_json(row[0]) if row else None


class Workflow:
    """Moves cases through their states (``store.workflow``)."""

    def __init__(self, store: "Store") -> None:
        self._store = store

    def _begin(self, conn: sqlite3.Connection, step: str, number: str, actor: Actor) -> tuple[CaseRow, str]:
        """The case and the state the step leads to, or the refusal."""
        if step in SUPERVISOR_STEPS and actor.checked and actor.role not in SUPERVISOR_ROLES:
            raise AccessDenied(f"只有审核人或管理员可以{STEP_LABELS[step]}案件", "role")
        case = find_case_to_change(conn, number)
        allowed, target = TRANSITIONS[step]
        if case.state not in allowed:
            raise WorkflowError(refusal(step, case.number, case.state), "state")
        return case, target

    def _move(self, step: str, number: str, actor: Actor, reason: str | None = None,
              wish: str | None = None, check: Check | None = None, note: str | None = None) -> Changes:
        store = self._store
        with store.write() as conn:
            case, target = self._begin(conn, step, number, actor)
            if check is not None:
                check(conn, case)
            conn.execute(
                "UPDATE cases SET state = ?, reason = coalesce(?, reason), wish = coalesce(?, wish), updated_at = ? "
                "WHERE id = ?",
                (target, reason, wish, store.now(), case.id),
            )
            detail: dict[str, Any] = {"from": case.state, "state": target}
            if reason:
                detail["reason"] = reason
            if _clean(note):
                detail["note"] = _clean(note)
            record_case(store, conn, case.id, case.number, step, actor, detail)
        return Changes(case=case.number, state=target)

    def evaluate(self, number: str, evaluator: "Evaluator", actor: Actor) -> tuple[Decision, Changes]:
        """Evaluates the current application under the rules in force and stores the decision
        with the rule pack's id, version and hash. A case already consented or approved returns
        to evaluated: the applicant's wish and the approval were given on the earlier decision."""
        store = self._store
        with store.write() as conn:
            case, target = self._begin(conn, "evaluate", number, actor)
            app_id, app_text = conn.execute(
                "SELECT id, json FROM applications WHERE case_id = ? ORDER BY id DESC LIMIT 1", (case.id,)
            ).fetchone()
            decision = evaluator.decide(load_application(app_text))
            now = store.now()
            pack = decision.rule_pack
            conn.execute(
                "INSERT INTO decisions (case_id, application_id, outcome, decision, rule_pack_id, rule_pack_version, "
                "rule_pack_sha256, made_at, made_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (case.id, app_id, decision.outcome, canonical(decision.model_dump(mode="json")), pack.id,
                 pack.version, pack.sha256, now, actor.name),
            )
            conn.execute("UPDATE cases SET state = ?, wish = NULL, updated_at = ? WHERE id = ?", (target, now, case.id))
            record_case(store, conn, case.id, case.number, "evaluate", actor, {
                "from": case.state, "state": target, "outcome": decision.outcome,
                "rule_pack": {"id": pack.id, "version": pack.version, "sha256": pack.sha256},
            })
        return decision, Changes(case=case.number, state=target, decision=True)

    def consent(self, number: str, actor: Actor, note: str | None = None) -> Changes:
        """Records the applicant's own wish to settle (POLICY 一(二)); only on a ``settle`` decision."""
        return self._move("consent", number, actor, wish="settle", check=_require_settle, note=note)

    def choose_residence_permit(self, number: str, actor: Actor, note: str | None = None) -> Changes:
        """Records that the applicant prefers a residence permit (三(十五)); the case is closed as
        withdrawn with that reason."""
        return self._move("choose_residence_permit", number, actor, reason="申请人选择办理居住证",
                          wish="residence_permit", note=note)

    def approve(self, number: str, actor: Actor, note: str | None = None) -> Changes:
        """A supervisor approves a consented case; ``note`` goes into the audit entry."""
        return self._move("approve", number, actor, note=note)

    def complete(self, number: str, actor: Actor, note: str | None = None) -> Changes:
        """Settlement done; refused while the decision's address has no text (registry not configured)."""
        return self._move("complete", number, actor, check=_require_address, note=note)

    def withdraw(self, number: str, actor: Actor, reason: str | None = None) -> Changes:
        """The applicant withdraws (any time before completion)."""
        return self._move("withdraw", number, actor, reason=_clean(reason) or "申请人撤回申请")

    def reject(self, number: str, actor: Actor, reason: str | None) -> Changes:
        """A supervisor rejects the case; the reason is required and recorded."""
        text = _clean(reason)
        if not text:
            raise WorkflowError("驳回必须说明理由（--reason）", "reason")
        return self._move("reject", number, actor, reason=text)


def _clean(reason: str | None) -> str | None:
    return reason.strip() if reason and reason.strip() else None


def _require_settle(conn: sqlite3.Connection, case: CaseRow) -> None:
    decision = latest_decision(conn, case.id)
    if decision is None or decision.outcome != "settle":
        outcome = OUTCOME_LABELS[decision.outcome] if decision else "无"
        raise WorkflowError(
            f"案件 {case.number} 的评估结果为“{outcome}”，不能记录落户意愿；"
            "申请人如选择办理居住证，请记录该选择", "decision",
        )


def _require_address(conn: sqlite3.Connection, case: CaseRow) -> None:
    decision = latest_decision(conn, case.id)
    address = decision.address if decision else None
    if address is None or not address.text:
        township = address.township if address else None
        raise WorkflowError(
            f"案件 {case.number} 的落户地址尚未配置：乡镇名录缺少 {township} 的公共集体户地址。"
            "请县局补充乡镇名录后重新评估，再记录意愿并审核", "address",
        )
