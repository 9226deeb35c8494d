"""From the store to print: a stored case maps to what the documents show (pages, the wish and
approval given on the latest decision, the hall, township names), a day's cases are found for the
batch, and every print is recorded in the case's history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from intake.errors import PrintError
from intake.printing.render import render_pdf
from intake.printing.source import UNCONFIGURED_HALL, cases_received_on, printable_case, record_prints
from intake.rules.townships import Townships
from intake.store import Actor, Store
from tests.intake.printing.conftest import TOWNSHIPS, evaluator, flat, pypdf_text
from tests.intake.store.conftest import image_bytes, make_app

CLERK = Actor("王丽")
SUPERVISOR = Actor("张伟")


class Clock:
    """Beijing time from 09:00 on 2017-06-01, a little later at every look."""

    def __init__(self) -> None:
        self.now = dt.datetime(2017, 6, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
        self.step = dt.timedelta(minutes=5)

    def __call__(self) -> dt.datetime:
        self.now += self.step
        return self.now


@pytest.fixture
def townships() -> Townships:
    return Townships.from_csv(TOWNSHIPS)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> Iterator[Store]:
    with Store.open(tmp_path / "hall.db", clock=clock) as s:
        s.settings.set_hall_township("350502001", CLERK)
        yield s


def filed(store: Store, clerk: Actor = CLERK, case: str = "graduate-unregistered-rental-collective") -> str:
    number = store.cases.create(make_app(case), clerk).case
    assert number
    store.pages.attach_bytes(number, 0, [("front.png", image_bytes("PNG")), ("back.png", image_bytes("PNG", (801, 1100)))], clerk)
    store.workflow.evaluate(number, evaluator(), clerk)
    return number


def test_a_stored_case_as_printed(store: Store, townships: Townships, tmp_path: Path) -> None:
    number = filed(store)
    store.workflow.consent(number, CLERK)
    store.workflow.approve(number, SUPERVISOR)
    case = printable_case(store, number, townships)
    assert case.number == number and case.hall.name == "海滨街道便民服务中心" and case.hall.township == "350502001"
    assert case.clerk == "王丽" and case.received_at.date() == dt.date(2017, 6, 1)
    assert case.pages == [2, 0, 0, 0, 0]
    assert case.consent and case.consent.by == "王丽"
    assert case.approval and case.approval.by == "张伟" and case.approval.at > case.consent.at
    assert case.state_label == "已审核通过"
    assert case.township_names == {"350502001": "海滨街道", "350502002": "临江街道"}
    pdf = tmp_path / "form.pdf"
    pdf.write_bytes(render_pdf("form", case))
    text = flat(pypdf_text(pdf))
    assert "审核通过（张伟）" in text and "材料1：居民身份证（扫描2页）" in text

def test_staff_are_printed_under_their_real_names(store: Store, townships: Townships, tmp_path: Path) -> None:
    """Receipts and forms name the clerk and the reviewer as the applicant knows them, not by
    their sign-in names; an account without a real name prints its sign-in name."""
    store.users.add("admin", "admin-password", "admin", CLERK)
    admin = store.users.login("admin", "admin-password")
    store.users.add("wangl", "clerk-password", "clerk", admin, full_name="王丽")
    store.users.add("zhangw", "super-password", "supervisor", admin)
    clerk, supervisor = store.users.login("wangl", "clerk-password"), store.users.login("zhangw", "super-password")
    number = filed(store, clerk)
    store.workflow.consent(number, clerk)
    store.workflow.approve(number, supervisor)
    case = printable_case(store, number, townships)
    assert (case.clerk, case.consent and case.consent.by, case.approval and case.approval.by) == ("王丽", "王丽", "zhangw")
    store.users.set_full_name("zhangw", "张伟", admin)
    [received] = cases_received_on(store, dt.date(2017, 6, 1), townships)
    assert received.approval and received.approval.by == "张伟"
    pdf = tmp_path / "receipt.pdf"
    pdf.write_bytes(render_pdf("receipt", received))
    text = flat(pypdf_text(pdf))
    assert "王丽" in text and "wangl" not in text


def test_a_new_evaluation_voids_the_earlier_wish_and_approval(store: Store, townships: Townships) -> None:
    number = filed(store)
    store.workflow.consent(number, CLERK)
    store.workflow.approve(number, SUPERVISOR)
    store.workflow.evaluate(number, evaluator(), CLERK)
    case = printable_case(store, number, townships)
    assert case.consent is None and case.approval is None and case.state_label == "已评估"


def test_a_withdrawn_case_says_why(store: Store, townships: Townships) -> None:
    number = filed(store)
    store.workflow.withdraw(number, CLERK, "申请人另有安排")
    assert printable_case(store, number, townships).state_label == "已撤回（申请人另有安排）"


def test_a_case_without_a_decision_is_not_printed(store: Store, townships: Townships) -> None:
    number = store.cases.create(make_app(), CLERK).case
    assert number
    with pytest.raises(PrintError, match="尚未评估"):
        printable_case(store, number, townships)


def test_a_store_without_a_hall(tmp_path: Path, townships: Townships) -> None:
    from intake.printing.source import hall_of

    with Store.open(tmp_path / "cli.db") as s:
        assert hall_of(s, townships).name == UNCONFIGURED_HALL


def test_the_days_cases_oldest_first(store: Store, townships: Townships, clock: Clock) -> None:
    first, second = filed(store), filed(store, case="general-path-rental")
    store.cases.create(make_app("nothing-to-go-on"), CLERK)  # not evaluated: left out
    clock.now += dt.timedelta(days=1)
    filed(store, case="graduate-township-public")
    day = cases_received_on(store, dt.date(2017, 6, 1), townships)
    assert [c.number for c in day] == [first, second]
    assert cases_received_on(store, dt.date(2017, 5, 31), townships) == []


def test_prints_are_recorded_in_the_history(store: Store) -> None:
    number = filed(store)
    record_prints(store, [number], "receipt", CLERK)
    history = store.cases.get(number).history
    assert history[-1].action == "print" and history[-1].detail == {"document": "receipt"}
    assert history[-1].actor == "王丽"


def test_many_cases_on_one_day_are_all_found(store: Store, townships: Townships, clock: Clock) -> None:
    clock.step = dt.timedelta(seconds=1)
    numbers = [store.cases.create(make_app(), CLERK).case for _ in range(230)]
    for number in numbers[:3] + numbers[-3:]:
        store.workflow.evaluate(number, evaluator(), CLERK)
    found = [c.number for c in cases_received_on(store, dt.date(2017, 6, 1), townships)]
    assert found == numbers[:3] + numbers[-3:]
