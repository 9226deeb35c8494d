"""The desk's work queues (``intake.queue``): each queue's lines and count, checked against a plain
case-by-case reading of the same store."""

from __future__ import annotations

import datetime as dt

from intake import ids
from intake.evaluation import Evaluator
from intake.queue import QUEUES, load_queue
from intake.store import Actor, Store
from intake.store.sample import fill
from tests.intake.store.conftest import CLERK, make_app

ADMIN = Actor("admin", "admin")


def _expected(store: Store, queue: str, today: dt.date) -> list[str]:
    """Case numbers of ``queue``, newest first, by reading every case and its decisions in Python."""
    latest: dict[int, str] = {}
    for case_id, outcome in store.conn.execute("SELECT case_id, outcome FROM decisions ORDER BY id"):
        latest[case_id] = outcome
    wanted = []
    for case_id, number, state, created in store.conn.execute(
            "SELECT id, number, state, created_at FROM cases ORDER BY id DESC"):
        belongs = {
            "today": created >= today.isoformat(),
            "draft": state == "draft",
            "incomplete": state == "evaluated" and latest.get(case_id) == "incomplete",
            "consented": state == "consented",
            "approved": state == "approved",
        }[queue]
        if belongs:
            wanted.append(number)
    return wanted


def test_each_queue_holds_what_a_case_by_case_reading_says(store: Store, evaluator: Evaluator) -> None:
    store.settings.set_hall_township("350502001", ADMIN)
    fill(store, 400, evaluator, ADMIN, seed=7)
    (first, last) = store.conn.execute("SELECT min(created_at), max(created_at) FROM cases").fetchone()
    middle = dt.date.fromisoformat(first[:10]) + (dt.date.fromisoformat(last[:10]) - dt.date.fromisoformat(first[:10])) / 2
    for queue in QUEUES:
        expected = _expected(store, queue, middle)
        loaded = load_queue(store, queue, middle, limit=25)
        assert loaded.total == len(expected), queue
        assert [item.number for item in loaded.items] == expected[:25], queue
        assert loaded.total > 0, f"the sample should put some cases in {queue}"


def test_lines_show_masked_id_numbers(store: Store, evaluator: Evaluator) -> None:
    number = store.cases.create(make_app(), CLERK).case
    item = load_queue(store, "draft", dt.date.today()).items[0]
    assert item.number == number
    id_number = store.cases.get(number).application.applicant.id_number
    assert item.id_number == ids.mask_id_number(id_number) != id_number


def test_a_case_leaves_waiting_for_documents_when_its_latest_decision_is_complete(
        store: Store, evaluator: Evaluator) -> None:
    applicant = {"name": "陈静怡", "id_number": "352201199309210154"}
    number = store.cases.create(make_app("graduate-no-employment", **applicant), CLERK).case
    store.workflow.evaluate(number, evaluator, CLERK)
    today = dt.date.today()
    assert [i.number for i in load_queue(store, "incomplete", today).items] == [number]

    store.cases.edit(number, make_app("graduate-registered-rental", **applicant), CLERK)
    decision, _ = store.workflow.evaluate(number, evaluator, CLERK)
    assert decision.outcome == "settle"
    assert load_queue(store, "incomplete", today).total == 0
    assert [i.outcome for i in load_queue(store, "today", today).items] == ["settle"]
