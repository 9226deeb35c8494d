"""Inline validation: a wrong ID check character is marked as it is typed, with the reason."""

from __future__ import annotations

from typing import Any

from intake.forms import document_class
from intake.models.application import Applicant
from tests.ui.conftest import type_text
from ui.record_form import RecordForm


def test_wrong_check_character_is_marked_at_once(qtbot: Any) -> None:
    form = RecordForm(Applicant)
    qtbot.add_widget(form)
    row = form.rows["id_number"]
    type_text(qtbot, row.widget, "350583199503140020")
    assert row.message.text() == "身份号码校验码错误，请核对号码"
    assert row.widget.property("invalid") is True
    qtbot.keyClick(row.widget, "\b")
    type_text(qtbot, row.widget, "1")
    assert row.message.text() == ""
    assert row.widget.property("invalid") is False


def test_empty_required_fields_are_flagged_only_when_going_on(qtbot: Any) -> None:
    form = RecordForm(document_class("labor_contract"), "labor_contract")
    qtbot.add_widget(form)
    assert all(not r.message.text() for r in form.rows.values())
    problems = form.validate()
    assert set(problems) == {"employer_name", "employer_uscc", "start", "workplace_township"}
    assert problems["employer_name"] == "不能为空"


def test_dates_and_credit_codes(qtbot: Any) -> None:
    form = RecordForm(document_class("labor_contract"), "labor_contract")
    qtbot.add_widget(form)
    type_text(qtbot, form.rows["start"].widget, "2017-02-30")
    assert form.rows["start"].message.text() == "日期 2017-02-30 不存在"
    type_text(qtbot, form.rows["employer_uscc"].widget, "91350502MA2YC8LN0X")
    assert "校验码错误" in form.rows["employer_uscc"].message.text()


def test_prefilled_id_number_in_documents(qtbot: Any) -> None:
    from ui.documents_page import DocumentsPage

    page = DocumentsPage()
    qtbot.add_widget(page)
    page.set_applicant("３５０５８３１９９５０３１４００２１", "林晓")
    card = page.add_document("id_card").form.values()
    assert card == {"id_number": "350583199503140021", "name": "林晓"}
    assert page.add_document("property_certificate").form.values()["owner_id_numbers"] == ["350583199503140021"]
    assert page.add_document("rental_proof").form.values()["lessee_id_number"] == "350583199503140021"
    assert page.add_document("business_license").form.values()["holder_id_number"] == "350583199503140021"


def test_a_township_is_picked_by_name_with_the_keyboard(qtbot: Any, townships: Any) -> None:
    """Clerks know 临江街道, not 350502002: typing part of the name lists it, Down and Enter put
    the code in; a code the registry does not list is kept as typed and said to be unlisted."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    form = RecordForm(document_class("rental_proof"), "rental_proof", townships=townships)
    qtbot.add_widget(form)
    form.show()
    form.activateWindow()
    qtbot.wait_until(form.isActiveWindow)
    row = form.rows["township"]
    row.widget.setFocus()
    type_text(qtbot, row.widget, "临江")
    popup = row.widget.completer().popup()
    qtbot.wait_until(popup.isVisible)
    assert row.message.text() == "", "a name being typed is not yet an error: the list offers it"
    assert popup.model().rowCount() == 1 and popup.model().index(0, 0).data() == "350502002　临江街道"
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.wait_until(lambda: row.widget.text() == "350502002")
    assert form.values()["township"] == "350502002" and row.message.text() == ""
    assert row.note is not None and row.note.text() == "临江街道" and row.note.isVisible()
    row.widget.clear()
    type_text(qtbot, row.widget, "350102001")
    assert row.note.text().startswith("乡镇名录中没有这个代码") and row.message.text() == ""
    type_text(qtbot, row.widget, "9")
    assert row.message.text() and not row.note.isVisible()  # ten digits: the field's own message
    form.set_values({"township": "350502001"})  # a stored case opened again
    assert row.note.text() == "海滨街道" and row.note.isVisible()
    row.widget.clear()
    type_text(qtbot, row.widget, "350502003")  # the whole code typed: the list offers it, Tab goes on
    qtbot.wait_until(popup.isVisible)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # as the keyboard sends it
    assert not popup.isVisible() and row.widget.text() == "350502003" and row.note.text() == "鲤中街道"
    row.widget.clear()
    type_text(qtbot, row.widget, "开元")  # a name typed, nothing chosen: the only 开元 is meant
    qtbot.keyClick(row.widget, Qt.Key.Key_Tab)
    assert row.widget.text() == "350502004" and row.note.text() == "开元街道" and row.message.text() == ""
    row.widget.clear()
    type_text(qtbot, row.widget, "街道")  # every township is one: nothing is guessed
    qtbot.keyClick(row.widget, Qt.Key.Key_Tab)
    several = sum("街道" in t.name for t in townships.all())
    assert row.widget.text() == "街道" and row.message.text()
    assert row.note.isVisible() and row.note.text().startswith(f"有 {several} 个乡镇（街道）的名称含“街道”")
    row.widget.clear()
    assert not row.note.isVisible()
    type_text(qtbot, row.widget, "鼓浪屿")
    qtbot.keyClick(row.widget, Qt.Key.Key_Tab)
    assert row.note.isVisible() and row.note.text().startswith("乡镇名录中没有名称含“鼓浪屿”的乡镇（街道）")


def test_a_unique_name_left_in_the_box_is_taken_when_the_documents_are_saved(qtbot: Any, townships: Any) -> None:
    """Alt+N straight after typing 开元 (the box never left): saving settles it as Tab would."""
    from ui.documents_page import DocumentsPage

    page = DocumentsPage(townships=townships)
    qtbot.add_widget(page)
    editor = page.add_document("rental_proof")
    box = editor.form.rows["township"].widget
    box.setText("开元")
    page.settle_township_names()
    assert box.text() == "350502004" and editor.form.values()["township"] == "350502004"


def test_a_document_is_removed_by_keyboard_once_confirmed(qtbot: Any, recorder: Any) -> None:
    from PySide6.QtCore import Qt

    from ui.documents_page import DocumentsPage

    page = DocumentsPage()
    qtbot.add_widget(page)
    page.show()
    page.activateWindow()
    qtbot.wait_until(page.isActiveWindow)
    page.add_document("id_card")
    page.add_document("labor_contract")
    assert page.list.currentRow() == 1
    qtbot.keyClick(page.list, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)  # 已收取的证件(&L)
    assert page.list.hasFocus()
    recorder.confirms.append(False)  # 删除证件“劳动（聘用）合同”？ No
    qtbot.keyClick(page.list, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)  # 删除所选证件(&D)…
    qtbot.wait_until(lambda: not recorder.confirms)  # a mnemonic clicks once its button is drawn released
    assert [e.doc_type for e in page.editors] == ["id_card", "labor_contract"]
    recorder.confirms.append(True)
    qtbot.keyClick(page.list, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    qtbot.wait_until(lambda: len(page.editors) == 1)
    assert [e.doc_type for e in page.editors] == ["id_card"] and page.list.count() == 1


def test_a_workplace_without_a_public_address_says_so(qtbot: Any, townships: Any) -> None:
    """The workplace's public collective address is the last registration address (二(四)): its
    box says when the registry lacks it; a rental's township box (a residence) does not."""
    form = RecordForm(document_class("labor_contract"), "labor_contract", townships=townships)
    qtbot.add_widget(form)
    form.set_values({"workplace_township": "350502003"})
    assert form.rows["workplace_township"].note.text() == "鲤中街道（乡镇名录中未登记公共集体户地址）"
    form.set_values({"workplace_township": "350502002"})
    assert form.rows["workplace_township"].note.text() == "临江街道"
