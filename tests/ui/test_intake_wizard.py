"""The whole intake of a worked example, driven with the keyboard: applicant, documents, decision,
consent; then the decision shown, the stored case and its audit entries are checked."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QSpinBox, QWidget

from intake.models.documents import DOCUMENT_TYPES
from intake.models.parse import parse_application
from intake.store.db import Store
from tests.conftest import SHARED_CASES
from tests.ui.conftest import Recorder, type_text, wait_idle
from ui.main_window import MainWindow
from ui.session import Session

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def _type(qtbot: Any, widget: QWidget, value: Any) -> None:
    """Types a value the way a clerk would: replace the text, or pick a choice with the arrow keys."""
    widget.setFocus()
    if isinstance(widget, QComboBox):
        qtbot.keyClick(widget, Qt.Key.Key_Home)
        for _ in range(widget.findData(value)):
            qtbot.keyClick(widget, Qt.Key.Key_Down)
    elif isinstance(widget, QSpinBox):
        qtbot.keyClick(widget, Qt.Key.Key_A, CTRL)
        qtbot.keyClicks(widget, str(value))
    else:
        assert isinstance(widget, QLineEdit)
        qtbot.keyClick(widget, Qt.Key.Key_A, CTRL)
        qtbot.keyClick(widget, Qt.Key.Key_Backspace)
        text = "、".join(value) if isinstance(value, list) else ("" if value is None else str(value))
        if text:
            type_text(qtbot, widget, text)


def alt(qtbot: Any, widget: QWidget, key: Qt.Key, until: Any) -> None:
    """Presses a button's mnemonic; Qt clicks it a moment later (animateClick), so wait for it."""
    qtbot.keyClick(widget, key, ALT)
    qtbot.wait_until(until, timeout=5000)


def _open_window(qtbot: Any, session: Session) -> MainWindow:
    window = MainWindow(session)
    qtbot.add_widget(window)
    window.show()
    window.activateWindow()
    qtbot.wait_active(window)
    wait_idle(qtbot)
    return window


def enter_case(qtbot: Any, window: MainWindow, app: dict[str, Any], before_save: Any = None,
               saved: Any = None) -> Any:
    """Types a whole application into a new wizard and saves it (``before_save(wizard)`` first,
    if given; ``saved()`` says when the save is over, for one expected to fail); returns the wizard."""
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    wizard = window.wizard
    assert wizard is not None and wizard.step() == 0
    page = wizard.applicant
    assert page.date.hasFocus()
    _type(qtbot, page.date, app["application_date"])
    _type(qtbot, page.kind, app.get("kind", "settle"))
    qtbot.keyClick(page.kind, Qt.Key.Key_Tab)
    id_edit = page.applicant.rows["id_number"].widget
    assert id_edit.hasFocus(), "Tab goes from the application kind to the applicant's ID number"
    type_text(qtbot, id_edit, app["applicant"]["id_number"])
    qtbot.keyClick(id_edit, Qt.Key.Key_Tab)
    name_edit = page.applicant.rows["name"].widget
    assert name_edit.hasFocus()
    type_text(qtbot, name_edit, app["applicant"]["name"])
    for member in app.get("family", []):
        count = len(page.members)
        alt(qtbot, page, Qt.Key.Key_F, lambda: len(page.members) > count)
        row = page.members[-1].form.rows
        for name in ("relation", "id_number", "name"):
            _type(qtbot, row[name].widget, member[name])
    alt(qtbot, wizard, Qt.Key.Key_N, lambda: wizard.step() == 1)
    docs = wizard.documents
    for record in app["documents"]:
        _type(qtbot, docs.type_picker, record["type"])
        count = len(docs.editors)
        alt(qtbot, docs, Qt.Key.Key_A, lambda: len(docs.editors) > count)
        editor = docs.editors[-1]
        for name, value in record.items():
            if name != "type":
                _type(qtbot, editor.form.rows[name].widget, value)
    if before_save is not None:
        before_save(wizard)
    alt(qtbot, wizard, Qt.Key.Key_N, saved or (lambda: wizard.step() == 2 or not wizard.next.isEnabled()))
    wait_idle(qtbot)
    return wizard


def test_worked_example_through_the_wizard(qtbot: Any, clerk: Session) -> None:
    case = SHARED_CASES / "graduate-unregistered-rental-collective.json"
    app = json.loads(case.read_text(encoding="utf-8"))
    window = _open_window(qtbot, clerk)
    wizard = enter_case(qtbot, window, app)

    assert wizard.step() == 2, wizard.summary.text()
    shown = wizard.panel.view.toPlainText()
    assert "符合落户条件" in shown
    assert "高校毕业生" in shown and "二(四)" in shown
    assert "就业单位集体户" in shown
    assert "未办理租赁登记备案" in shown  # why own residence was skipped
    number = wizard.case_number
    assert number is not None and number.startswith("350502001-")

    alt(qtbot, wizard, Qt.Key.Key_N, lambda: wizard.step() == 3)
    alt(qtbot, wizard, Qt.Key.Key_B, lambda: wizard.step() == 2)  # back to the decision while explaining it
    alt(qtbot, wizard, Qt.Key.Key_N, lambda: wizard.step() == 3)
    consent = wizard.consent
    assert not consent.record.isEnabled()
    alt(qtbot, consent, Qt.Key.Key_S, consent.settle.isChecked)
    alt(qtbot, consent, Qt.Key.Key_Q, consent.confirmed.isChecked)
    alt(qtbot, consent, Qt.Key.Key_R, lambda: wizard.step() == 4)
    wait_idle(qtbot)

    with Store.open() as store:
        view = store.cases.get(number)
    assert view.state == "consented" and view.wish == "settle"
    assert view.application == parse_application(app)
    assert view.decision is not None and view.decision.address is not None
    assert view.decision.address.kind == "employer_collective"
    assert [h.action for h in view.history] == ["create", "evaluate", "consent"]
    assert {h.actor for h in view.history} == {"clerk"}


def test_document_forms_cover_every_type(qtbot: Any, clerk: Session) -> None:
    window = _open_window(qtbot, clerk)
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    docs = window.wizard.documents
    for doc_type in DOCUMENT_TYPES:
        docs.add_document(doc_type)
    assert docs.list.count() == 14
    labels = [docs.list.item(i).text() for i in range(14)]
    assert labels[0].startswith("居民身份证")


def test_the_wizard_fits_a_hall_screen_whatever_documents_it_holds(qtbot: Any, clerk: Session) -> None:
    """Every document type added, every field showing its message: the window still fits on a
    1366×768 screen (each form scrolls instead of pushing 保存并评估 off the bottom)."""
    window = _open_window(qtbot, clerk)
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    wizard = window.wizard
    wizard.steps.setCurrentWidget(wizard.documents)
    for doc_type in DOCUMENT_TYPES:
        editor = wizard.documents.add_document(doc_type)
        editor.form.set_values({name: "350502001" for name, row in editor.form.rows.items() if row.note is not None})
        editor.form.validate()
    qtbot.wait(100)  # the layouts take in the new forms and messages
    assert window.minimumSizeHint().height() <= 768 - 40  # a taskbar below the window


def test_typing_in_one_document_never_jumps_to_another(qtbot: Any, clerk: Session) -> None:
    """Every keystroke re-evaluates; a problem in another document is named in the summary, in
    Chinese, but the form the clerk types in stays on screen with the keyboard in it. Only when
    the clerk asks to go on does the wizard take them to the problem."""
    window = _open_window(qtbot, clerk)
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    wizard = window.wizard
    page = wizard.applicant
    assert page.date.hasFocus() and page.date.selectedText() == page.date.text()  # typing replaces it
    type_text(qtbot, page.date, "2017-06-01")
    qtbot.keyClick(page.date, Qt.Key.Key_Tab)
    qtbot.keyClick(page.kind, Qt.Key.Key_Tab)
    type_text(qtbot, page.applicant.rows["id_number"].widget, "350583199503140021")
    qtbot.keyClick(page.applicant.rows["id_number"].widget, Qt.Key.Key_Tab)
    type_text(qtbot, page.applicant.rows["name"].widget, "林晓")
    alt(qtbot, wizard, Qt.Key.Key_N, lambda: wizard.step() == 1)
    docs = wizard.documents
    for doc_type in ("graduation_certificate", "labor_contract"):
        _type(qtbot, docs.type_picker, doc_type)
        count = len(docs.editors)
        alt(qtbot, docs, Qt.Key.Key_A, lambda: len(docs.editors) > count)
    employer = docs.editors[1].form.rows["employer_name"].widget
    assert employer.hasFocus()
    type_text(qtbot, employer, "泉州某科技有限公司")
    assert docs.list.currentRow() == 1 and employer.hasFocus()
    assert wizard.summary.text() == "暂不能评估：第 1 份证件（毕业证书）的证书编号：不能为空"
    assert not docs.editors[0].form.rows["number"].message.isVisibleTo(docs.editors[0])

    alt(qtbot, wizard, Qt.Key.Key_N, lambda: docs.list.currentRow() == 0)
    assert wizard.step() == 1
    assert docs.editors[0].form.rows["number"].widget.hasFocus()
    assert docs.editors[0].form.rows["number"].message.text() == "不能为空"


def test_the_clerk_is_told_of_the_applicants_earlier_cases(qtbot: Any, clerk: Session) -> None:
    app = json.loads((SHARED_CASES / "graduate-registered-rental.json").read_text(encoding="utf-8"))
    with Store.open() as store:
        earlier = store.cases.create(parse_application(app), clerk.actor).case
        store.workflow.withdraw(earlier, clerk.actor, "本人暂不申请")
    window = _open_window(qtbot, clerk)
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    page = window.wizard.applicant
    id_edit = page.applicant.rows["id_number"].widget
    id_edit.setFocus()
    type_text(qtbot, id_edit, app["applicant"]["id_number"][:17])
    wait_idle(qtbot)
    assert not page.earlier.isVisibleTo(page), "nothing is looked up before the number is whole"
    type_text(qtbot, id_edit, app["applicant"]["id_number"][17:])
    qtbot.wait_until(lambda: page.earlier.isVisibleTo(page), timeout=10_000)
    assert f"{earlier}（已撤回）" in page.earlier.text() and "避免重复受理" in page.earlier.text()
    qtbot.keyClick(id_edit, Qt.Key.Key_Backspace)
    qtbot.wait_until(lambda: not page.earlier.isVisibleTo(page))

    window.wizard.case_number = earlier  # continuing that very case: it is not "another" case
    type_text(qtbot, id_edit, app["applicant"]["id_number"][17:])
    wait_idle(qtbot)
    assert not page.earlier.isVisibleTo(page), page.earlier.text()


def test_closing_a_case_with_unsaved_typing_asks_first(qtbot: Any, clerk: Session, recorder: Recorder) -> None:
    window = _open_window(qtbot, clerk)
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    wizard = window.wizard
    alt(qtbot, wizard, Qt.Key.Key_W, lambda: window.stack.currentWidget() is window.queue)  # nothing typed: closes

    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    wizard = window.wizard
    id_edit = wizard.applicant.applicant.rows["id_number"].widget
    id_edit.setFocus()
    type_text(qtbot, id_edit, "350583")
    recorder.confirms.append(False)  # "确定离开吗？" — no: the wizard stays, the typing too
    wizard.close_case()
    assert window.stack.currentWidget() is wizard and id_edit.text() == "350583"
    recorder.confirms.append(False)  # Ctrl+N over it: asked too, and kept
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    assert window.wizard is wizard and window.stack.currentWidget() is wizard
    recorder.confirms.append(True)
    wizard.close_case()
    assert window.stack.currentWidget() is window.queue


def test_a_scan_that_cannot_be_read_saves_nothing(qtbot: Any, clerk: Session, recorder: Recorder, tmp_path: Path) -> None:
    """A damaged scan refuses the whole save, before the case is filed: retrying never files the
    applicant twice; once the page is removed the case is filed once."""
    app = json.loads((SHARED_CASES / "graduate-registered-rental.json").read_text(encoding="utf-8"))
    bad = tmp_path / "bad.jpg"
    bad.write_text("这不是图片")
    window = _open_window(qtbot, clerk)
    wizard = enter_case(qtbot, window, app, lambda w: w.documents.editors[0].scans.add_files([bad]),
                        saved=lambda: bool(recorder.shown))
    qtbot.wait_until(wizard.next.isEnabled, timeout=5000)
    assert wizard.step() == 1 and wizard.case_number is None and "bad.jpg" in recorder.shown[-1][1]
    alt(qtbot, wizard, Qt.Key.Key_N, lambda: len(recorder.shown) == 2 and wizard.next.isEnabled())
    with Store.open() as store:
        assert store.cases.list() == []
    scans = wizard.documents.editors[0].scans
    scans.thumbs.setCurrentRow(0)
    scans.remove.click()
    alt(qtbot, wizard, Qt.Key.Key_N, lambda: wizard.step() == 2)
    with Store.open() as store:
        assert [c.number for c in store.cases.list()] == [wizard.case_number]


def test_a_save_failing_after_the_case_is_filed_keeps_its_number(
        qtbot: Any, clerk: Session, recorder: Recorder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The disk failing between filing and attaching: the wizard holds the new case's number, so
    the retry completes that case instead of filing another."""
    from intake.store.pages import PageShelf

    app = json.loads((SHARED_CASES / "graduate-registered-rental.json").read_text(encoding="utf-8"))
    page = tmp_path / "page.png"
    Image.new("RGB", (300, 420), "#c8e6c9").save(page)
    real = PageShelf.attach_scans

    def failing(*args: Any, **kwargs: Any) -> Any:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(PageShelf, "attach_scans", failing)
    window = _open_window(qtbot, clerk)
    wizard = enter_case(qtbot, window, app, lambda w: w.documents.editors[0].scans.add_files([page]),
                        saved=lambda: bool(recorder.shown))
    qtbot.wait_until(wizard.next.isEnabled, timeout=5000)
    filed = wizard.case_number
    assert filed is not None and wizard.step() == 1
    monkeypatch.setattr(PageShelf, "attach_scans", real)
    alt(qtbot, wizard, Qt.Key.Key_N, lambda: wizard.step() == 2)
    with Store.open() as store:
        assert [c.number for c in store.cases.list()] == [filed]
        assert len(store.cases.get(filed).documents[0].pages) == 1
