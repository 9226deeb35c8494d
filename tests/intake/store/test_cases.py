"""Filing, editing, reading and listing cases; case numbers."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from intake.errors import CaseNotFound, InvalidInput, WorkflowError
from intake.evaluation import Evaluator
from intake.store import Actor, Store
from tests.intake.store.conftest import CLERK, image_bytes, make_app, person


def test_create_files_a_draft_with_the_application_as_entered(store: Store) -> None:
    app = make_app(phone="138-0501-2345")
    changes = store.cases.create(app, CLERK)
    assert changes.created and changes.state == "draft" and changes.case_list
    view = store.cases.get(changes.case)
    assert view.state == "draft"
    assert view.application == app
    assert [d.type for d in view.documents] == [d.type for d in app.documents]
    assert view.decision is None
    assert [(h.action, h.actor) for h in view.history] == [("create", "clerk1")]


def test_numbers_without_a_hall_use_the_county_and_the_year_of_filing(db_path: Path) -> None:
    clock = lambda: dt.datetime(2018, 3, 5, 9, 0, tzinfo=dt.timezone.utc)  # noqa: E731
    with Store.open(db_path, clock=clock) as store:
        first = store.cases.create(make_app(), CLERK).case
        second = store.cases.create(make_app(), CLERK).case
    assert first == "350502000-2018-000001"
    assert second == "350502000-2018-000002"


def test_numbers_use_the_configured_hall_and_restart_each_year(db_path: Path) -> None:
    now = [dt.datetime(2017, 12, 31, 23, 0, tzinfo=dt.timezone.utc)]
    with Store.open(db_path, clock=lambda: now[0]) as store:
        store.settings.set_hall_township("350502001", CLERK)
        assert store.cases.create(make_app(), CLERK).case == "350502001-2017-000001"
        now[0] = dt.datetime(2018, 1, 1, 8, 0, tzinfo=dt.timezone.utc)
        assert store.cases.create(make_app(), CLERK).case == "350502001-2018-000001"
        assert store.cases.create(make_app(), CLERK).case == "350502001-2018-000002"


def test_hall_township_must_be_nine_digits(store: Store) -> None:
    with pytest.raises(InvalidInput, match="9 位"):
        store.settings.set_hall_township("3505", CLERK)


def test_edit_keeps_every_version_and_returns_to_draft(store: Store, evaluator: Evaluator) -> None:
    number = store.cases.create(make_app(), CLERK).case
    store.workflow.evaluate(number, evaluator, CLERK)
    store.workflow.consent(number, CLERK)
    changes = store.cases.edit(number, make_app(name="林晓明"), Actor("clerk2"))
    assert changes.state == "draft" and changes.application
    view = store.cases.get(number)
    assert view.state == "draft" and view.wish is None
    assert view.application.applicant.name == "林晓明"
    assert view.decision is None  # the old decision was about the old version
    assert len(view.decisions) == 1
    versions = store.conn.execute("SELECT json FROM applications ORDER BY id").fetchall()
    assert [json.loads(v[0])["applicant"]["name"] for v in versions] == ["林晓", "林晓明"]
    assert [h.action for h in view.history] == ["create", "evaluate", "consent", "edit"]
    assert [h.case for h in store.search("林晓明").hits] == [number]


def test_edit_without_change_is_refused(store: Store) -> None:
    number = store.cases.create(make_app(), CLERK).case
    with pytest.raises(WorkflowError, match="没有变化"):
        store.cases.edit(number, make_app(), CLERK)


def test_edit_may_not_drop_a_document_that_has_pages(store: Store) -> None:
    number = store.cases.create(make_app(), CLERK).case
    store.pages.attach_bytes(number, 3, [("rental.png", image_bytes("PNG"))], CLERK)
    shorter = make_app(case="graduate-township-public")
    with pytest.raises(WorkflowError, match="第 3 份证件.*已有扫描页"):
        store.cases.edit(number, shorter, CLERK)
    assert store.cases.get(number).application == make_app()


@pytest.mark.parametrize("close", ["withdraw", "complete", "reject"])
def test_closed_cases_cannot_be_edited(store: Store, evaluator: Evaluator, close: str) -> None:
    number = store.cases.create(make_app(), CLERK).case
    flow = store.workflow
    if close == "withdraw":
        flow.withdraw(number, CLERK)
    elif close == "reject":
        flow.reject(number, CLERK, "材料不实")
    else:
        flow.evaluate(number, evaluator, CLERK)
        flow.consent(number, CLERK)
        flow.approve(number, CLERK)
        flow.complete(number, CLERK)
    label = {"withdraw": "已撤回", "complete": "已办结", "reject": "已驳回"}[close]
    with pytest.raises(WorkflowError, match=f"^案件 {number} {label}，不能再修改申请$"):
        store.cases.edit(number, make_app(name="林晓明"), CLERK)


def test_unknown_case_is_named(store: Store) -> None:
    with pytest.raises(CaseNotFound, match="350502000-2017-000099"):
        store.cases.get("350502000-2017-000099")


def test_list_masks_id_numbers_and_reveal_is_audited(store: Store) -> None:
    me = person(7)
    number = store.cases.create(make_app(id_number=me), CLERK).case
    (line,) = store.cases.list()
    assert line.id_number == me[:6] + "********" + me[-4:]
    assert store.cases.reveal_id(number, Actor("supervisor1", "supervisor")) == me
    last = store.cases.get(number).history[-1]
    assert (last.action, last.actor) == ("reveal_id", "supervisor1")


def test_list_filters_by_state_newest_first(store: Store) -> None:
    a = store.cases.create(make_app(), CLERK).case
    b = store.cases.create(make_app(), CLERK).case
    store.workflow.withdraw(a, CLERK)
    assert [c.number for c in store.cases.list()] == [b, a]
    assert [c.number for c in store.cases.list(state="withdrawn")] == [a]
