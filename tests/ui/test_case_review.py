"""Approval and rejection by a supervisor; a clerk sees neither button and the store refuses them."""

from __future__ import annotations

import json
from typing import Any

import pytest

from intake.errors import AccessDenied
from intake.models.parse import parse_application
from intake.store.db import Store
from intake.store.ops import Actor
from tests.conftest import SHARED_CASES
from tests.ui.conftest import Recorder, wait_idle
from ui.case_review import CaseReview
from ui.session import Session


def _consented_case(session: Session) -> str:
    data = json.loads((SHARED_CASES / "graduate-registered-rental.json").read_text(encoding="utf-8"))
    clerk = Actor("clerk", "clerk")
    with Store.open() as store:
        number = str(store.cases.create(parse_application(data), clerk).case)
        store.workflow.evaluate(number, session.evaluator, clerk)
        store.workflow.consent(number, clerk)
    return number


def _review(qtbot: Any, session: Session, number: str) -> CaseReview:
    review = CaseReview(session)
    qtbot.add_widget(review)
    review.show()
    review.load(number)
    wait_idle(qtbot)
    return review


def test_supervisor_approves(qtbot: Any, supervisor: Session) -> None:
    number = _consented_case(supervisor)
    review = _review(qtbot, supervisor, number)
    assert review.approve.isVisible() and review.reject.isVisible()
    assert "符合落户条件" in review.panel.view.toPlainText()
    review.approve.click()
    wait_idle(qtbot)
    with Store.open() as store:
        view = store.cases.get(number)
    assert view.state == "approved"
    assert view.history[-1].action == "approve" and view.history[-1].actor == "supervisor"
    assert not review.approve.isVisible()


def test_supervisor_rejects_with_a_reason(qtbot: Any, supervisor: Session, recorder: Recorder) -> None:
    number = _consented_case(supervisor)
    review = _review(qtbot, supervisor, number)
    recorder.answers.append(None)  # cancelled: nothing happens
    review.reject.click()
    wait_idle(qtbot)
    recorder.answers.append("租赁登记备案证明为复印件，请补原件")
    review.reject.click()
    wait_idle(qtbot)
    with Store.open() as store:
        view = store.cases.get(number)
    assert view.state == "rejected" and view.reason == "租赁登记备案证明为复印件，请补原件"
    assert [h.action for h in view.history][-1] == "reject"


def test_clerk_may_not_approve(qtbot: Any, clerk: Session) -> None:
    number = _consented_case(clerk)
    review = _review(qtbot, clerk, number)
    assert not review.approve.isVisible() and not review.reject.isVisible()
    assert review.withdraw.isVisible()
    with Store.open() as store, pytest.raises(AccessDenied):
        store.workflow.approve(number, clerk.actor)
