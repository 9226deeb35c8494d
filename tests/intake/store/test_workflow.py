"""Every state transition and every refusal."""

from __future__ import annotations

import pytest

from intake.errors import AccessDenied, NoRulesInForce, WorkflowError
from intake.evaluation import Evaluator
from intake.models.application import Application
from intake.models.decision import Decision
from intake.models.parse import parse_application
from intake.store import Actor, Store
from intake.store.states import OPEN_STATES, STATES, TRANSITIONS
from tests.conftest import REPO
from tests.intake.store.conftest import CLERK, app_data, make_app

SUPERVISOR = Actor("sup", "supervisor")
SIGNED_IN_CLERK = Actor("clerk1", "clerk")


def _to(store: Store, evaluator: Evaluator, state: str, case: str = "graduate-registered-rental") -> str:
    """A case brought to ``state`` through the real steps."""
    number = store.cases.create(make_app(case), CLERK).case
    flow = store.workflow
    path = {
        "draft": [], "evaluated": ["evaluate"], "consented": ["evaluate", "consent"],
        "approved": ["evaluate", "consent", "approve"], "completed": ["evaluate", "consent", "approve", "complete"],
        "withdrawn": ["withdraw"], "rejected": ["reject"],
    }[state]
    for step in path:
        if step == "evaluate":
            flow.evaluate(number, evaluator, CLERK)
        elif step == "reject":
            flow.reject(number, SUPERVISOR, "材料不实")
        else:
            getattr(flow, step)(number, SUPERVISOR)
    assert store.cases.get(number).state == state
    return number


def test_the_whole_way_to_completion(store: Store, evaluator: Evaluator) -> None:
    number = store.cases.create(make_app(), CLERK).case
    decision, changes = store.workflow.evaluate(number, evaluator, CLERK)
    assert decision.outcome == "settle" and changes.decision and changes.state == "evaluated"
    assert store.workflow.consent(number, CLERK).state == "consented"
    assert store.workflow.approve(number, SUPERVISOR).state == "approved"
    assert store.workflow.complete(number, CLERK).state == "completed"
    view = store.cases.get(number)
    assert view.wish == "settle"
    assert view.decision == decision
    assert [h.action for h in view.history] == ["create", "evaluate", "consent", "approve", "complete"]
    assert [h.actor for h in view.history] == ["clerk1", "clerk1", "clerk1", "sup", "clerk1"]


def test_decision_keeps_the_rule_pack(store: Store, evaluator: Evaluator) -> None:
    number = store.cases.create(make_app(), CLERK).case
    decision, _ = store.workflow.evaluate(number, evaluator, CLERK)
    row = store.conn.execute("SELECT rule_pack_id, rule_pack_version, rule_pack_sha256 FROM decisions").fetchone()
    pack = decision.rule_pack
    assert row == (pack.id, pack.version, pack.sha256)


@pytest.mark.parametrize("step", sorted(TRANSITIONS))
@pytest.mark.parametrize("state", STATES)
def test_each_step_from_each_state(store: Store, evaluator: Evaluator, step: str, state: str) -> None:
    number = _to(store, evaluator, state)
    allowed, target = TRANSITIONS[step]
    flow = store.workflow
    call = {
        "evaluate": lambda: flow.evaluate(number, evaluator, CLERK)[1],
        "reject": lambda: flow.reject(number, SUPERVISOR, "不符合条件"),
        "withdraw": lambda: flow.withdraw(number, CLERK, "本人不想落户了"),
    }.get(step, lambda: getattr(flow, step)(number, SUPERVISOR))
    before = store.cases.get(number)
    if state in allowed:
        assert call().state == target
        assert store.cases.get(number).state == target
    else:
        with pytest.raises(WorkflowError, match=f"案件 {number} 当前状态为"):
            call()
        after = store.cases.get(number)
        assert (after.state, len(after.history), len(after.decisions)) == (before.state, len(before.history), len(before.decisions))


def test_open_states_are_what_withdraw_allows() -> None:
    assert TRANSITIONS["withdraw"][0] == OPEN_STATES
    assert "completed" not in OPEN_STATES


def test_consent_needs_a_settle_decision(store: Store, evaluator: Evaluator) -> None:
    number = _to(store, evaluator, "draft", case="graduate-no-employment")
    store.workflow.evaluate(number, evaluator, CLERK)
    with pytest.raises(WorkflowError, match="材料不全.*不能记录落户意愿"):
        store.workflow.consent(number, CLERK)


def test_applicant_may_choose_a_residence_permit(store: Store, evaluator: Evaluator) -> None:
    number = _to(store, evaluator, "draft", case="nothing-to-go-on")
    store.workflow.evaluate(number, evaluator, CLERK)
    changes = store.workflow.choose_residence_permit(number, CLERK)
    view = store.cases.get(number)
    assert changes.state == view.state == "withdrawn"
    assert view.wish == "residence_permit" and view.reason == "申请人选择办理居住证"


def test_reevaluating_a_consented_case_withdraws_the_consent(store: Store, evaluator: Evaluator) -> None:
    number = _to(store, evaluator, "consented")
    store.workflow.evaluate(number, evaluator, CLERK)
    view = store.cases.get(number)
    assert view.state == "evaluated" and view.wish is None and len(view.decisions) == 2


class _EarlierRelease:
    """Releases before 2026-11 settled an applicant at a township whose public address the registry
    lacked, leaving the address without text; such stored cases must still not be completed."""

    def __init__(self, evaluator: Evaluator) -> None:
        self._evaluator = evaluator

    def decide(self, app: Application) -> Decision:
        decision = self._evaluator.decide(app)
        assert decision.address is not None
        return decision.model_copy(update={"address": decision.address.model_copy(update={"text": None})})


def test_completion_needs_a_configured_address(store: Store, evaluator: Evaluator) -> None:
    data = app_data("graduate-township-public")
    data["documents"][2]["workplace_township"] = "350502003"  # 鲤中街道: no public address in the registry
    number = store.cases.create(parse_application(data), CLERK).case
    decision, _ = store.workflow.evaluate(number, evaluator, CLERK)
    assert decision.outcome == "incomplete"  # today's rules: never settled without an address
    number = store.cases.create(parse_application(app_data("graduate-township-public")), CLERK).case
    decision, _ = store.workflow.evaluate(number, _EarlierRelease(evaluator), CLERK)  # type: ignore[arg-type]
    assert decision.outcome == "settle" and decision.address and decision.address.text is None
    store.workflow.consent(number, CLERK)
    store.workflow.approve(number, SUPERVISOR)
    with pytest.raises(WorkflowError, match="落户地址尚未配置.*350502002"):
        store.workflow.complete(number, CLERK)
    assert store.cases.get(number).state == "approved"


def test_reject_needs_a_reason(store: Store, evaluator: Evaluator) -> None:
    number = _to(store, evaluator, "evaluated")
    with pytest.raises(WorkflowError, match="驳回必须说明理由"):
        store.workflow.reject(number, SUPERVISOR, "  ")
    store.workflow.reject(number, SUPERVISOR, "证件系伪造")
    assert store.cases.get(number).reason == "证件系伪造"


def test_signed_in_clerk_may_not_approve_or_reject(store: Store, evaluator: Evaluator) -> None:
    number = _to(store, evaluator, "consented")
    with pytest.raises(AccessDenied, match="只有审核人"):
        store.workflow.approve(number, SIGNED_IN_CLERK)
    with pytest.raises(AccessDenied, match="只有审核人"):
        store.workflow.reject(number, SIGNED_IN_CLERK, "理由")
    assert store.workflow.approve(number, SUPERVISOR).state == "approved"


def test_a_signed_in_admin_may_approve(store: Store, evaluator: Evaluator) -> None:
    number = _to(store, evaluator, "consented")
    assert store.workflow.approve(number, Actor("admin", "admin")).state == "approved"


def test_command_line_actor_is_not_role_checked(store: Store, evaluator: Evaluator) -> None:
    number = _to(store, evaluator, "consented")
    assert store.workflow.approve(number, Actor("zhang")).state == "approved"


def test_no_rules_in_force_stores_nothing(store: Store) -> None:
    data = app_data()
    data["application_date"] = "2016-06-01"  # before the province pack
    number = store.cases.create(parse_application(data), CLERK).case
    with pytest.raises(NoRulesInForce):
        store.workflow.evaluate(number, Evaluator.load(REPO / "rules"), CLERK)
    view = store.cases.get(number)
    assert view.state == "draft" and not view.decisions and len(view.history) == 1
