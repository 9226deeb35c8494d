"""Approval and rejection by a supervisor (a clerk sees neither button and the store refuses
them), completion once approved, withdrawal; reasons asked for, and asked again when required."""

from __future__ import annotations

import json
from typing import Any

import pytest
from PySide6.QtCore import Qt

from intake.errors import AccessDenied
from intake.models.parse import parse_application
from intake.store.db import Store
from intake.store.ops import Actor
from tests.conftest import SHARED_CASES
from tests.ui.conftest import Recorder, make_session, wait_idle
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
    assert review.complete.isVisible() and review.complete.hasFocus(), "approved: completion is next"


def test_an_admin_approves_too(qtbot: Any, supervisor: Session, townships: Any) -> None:
    """The manual's role table: 管理员 may do all a 审核人 may."""
    admin = make_session("admin", townships)
    review = _review(qtbot, admin, _consented_case(supervisor))
    assert review.approve.isVisible() and review.reject.isVisible()


def test_an_approved_case_is_completed_after_a_confirmation(qtbot: Any, supervisor: Session, recorder: Recorder) -> None:
    number = _consented_case(supervisor)
    with Store.open() as store:
        store.workflow.approve(number, supervisor.actor)
    review = _review(qtbot, supervisor, number)
    assert review.complete.text() == "办结(&C)…" and not review.approve.isVisible()
    recorder.confirms.append(False)  # not confirmed: nothing happens
    review.complete.click()
    wait_idle(qtbot)
    with Store.open() as store:
        assert store.cases.get(number).state == "approved"
    recorder.confirms.append(True)
    review.complete.click()
    wait_idle(qtbot)
    with Store.open() as store:
        view = store.cases.get(number)
    assert view.state == "completed" and view.history[-1].action == "complete"
    assert not any(b.isVisible() for b in (review.complete, review.reject, review.withdraw)), "closed"


def test_supervisor_rejects_with_a_reason(qtbot: Any, supervisor: Session, recorder: Recorder) -> None:
    number = _consented_case(supervisor)
    review = _review(qtbot, supervisor, number)
    recorder.answers.append(None)  # cancelled: nothing happens
    review.reject.click()
    wait_idle(qtbot)
    with Store.open() as store:
        assert store.cases.get(number).state == "consented"
    recorder.answers.extend(["", "租赁登记备案证明为复印件，请补原件"])  # empty: told so and asked again
    review.reject.click()
    wait_idle(qtbot)
    assert recorder.shown[-1] == ("error", "驳回必须填写理由，请重新填写（或点“取消”不驳回）。")
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


def test_a_withdrawal_needs_no_reason(qtbot: Any, clerk: Session, recorder: Recorder) -> None:
    number = _consented_case(clerk)
    review = _review(qtbot, clerk, number)
    assert review.withdraw.text() == "申请人撤回(&R)…", "Alt+H is the receipt's"
    recorder.answers.append("")
    review.withdraw.click()
    wait_idle(qtbot)
    with Store.open() as store:
        view = store.cases.get(number)
    assert view.state == "withdrawn" and view.reason == "申请人撤回申请"


def test_the_reviewer_reads_each_document(qtbot: Any, supervisor: Session) -> None:
    number = _consented_case(supervisor)
    review = _review(qtbot, supervisor, number)
    docs = review.view.application.documents
    assert review.documents.currentRow() == 0
    first = review.document_detail.toPlainText()
    assert first.startswith("居民身份证") and docs[0].id_number not in first and "*" in first, "masked"
    rental = next(i for i, d in enumerate(docs) if d.type == "rental_proof")
    review.documents.setFocus()
    for _ in range(rental):
        qtbot.keyClick(review.documents, Qt.Key.Key_Down)
    shown = review.document_detail.toPlainText()
    doc = docs[rental]
    assert shown.startswith("房屋租赁合同") and doc.address in shown and doc.registration_number in shown
    assert "2017年" in shown or doc.start.isoformat() in shown, shown


def test_the_history_names_who_took_each_step(qtbot: Any, supervisor: Session) -> None:
    """By the real name given in 设置 (as the printouts do), the account beside it."""
    from tests.ui.conftest import ADMIN

    number = _consented_case(supervisor)
    with Store.open() as store:
        store.users.set_full_name("clerk", "王芳", ADMIN)
    review = _review(qtbot, supervisor, number)
    lines = [review.history.item(i).text() for i in range(review.history.count())]
    assert lines and all("王芳（clerk）" in line for line in lines), lines
