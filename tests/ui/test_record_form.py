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
