"""Form metadata and per-field validation come from the models, so forms follow the contract."""

from __future__ import annotations

import pytest

from intake.forms import (
    APPLICANT_ID_FIELDS,
    document_class,
    document_fields,
    document_record,
    field_error,
    field_specs,
)
from intake.models.application import Applicant
from intake.models.documents import DOCUMENT_TYPES
from intake.models.parse import parse_application


def test_every_document_type_has_its_contract_fields() -> None:
    names = {t: [s.name for s in document_fields(t)] for t in DOCUMENT_TYPES}
    assert names["labor_contract"] == ["employer_name", "employer_uscc", "start", "end", "workplace_township"]
    assert names["rental_proof"][-1] == "registration_number"
    assert len(names) == 14


def test_kinds_and_requiredness() -> None:
    specs = {s.name: s for s in document_fields("rental_proof")}
    assert specs["start"].kind == "date" and specs["start"].required
    assert specs["end"].kind == "date" and not specs["end"].required
    assert not specs["registration_number"].required
    level = next(s for s in document_fields("skills_certificate") if s.name == "level")
    assert level.kind == "choice" and level.choices[0] == "primary"
    months = document_fields("social_insurance_record")[0]
    assert (months.kind, months.minimum, months.maximum) == ("int", 0, 1200)
    assert document_fields("property_certificate")[0].kind == "list"
    assert [s.name for s in field_specs(Applicant)] == ["id_number", "name", "phone"]


@pytest.mark.parametrize(
    ("model", "field", "raw", "expected"),
    [
        (Applicant, "id_number", "350583199503140020", "身份号码校验码错误，请核对号码"),
        (Applicant, "id_number", "350583199503140021", None),
        (Applicant, "id_number", "３５０５８３１９９５０３１４００２１", None),
        (Applicant, "phone", "", None),
        (Applicant, "name", "  ", "不能为空"),
        (document_class("labor_contract"), "end", "", None),
        (document_class("labor_contract"), "start", "2017-02-30", "日期 2017-02-30 不存在"),
        (document_class("labor_contract"), "employer_uscc", "91350502MA2YC8LN0X", "统一社会信用代码校验码错误，请核对代码"),
        (document_class("social_insurance_record"), "months", 1201, "不能大于 1200"),
        (document_class("property_certificate"), "owner_id_numbers", [], "至少需要一项"),
    ],
)
def test_field_error(model: type, field: str, raw: object, expected: str | None) -> None:
    assert field_error(model, field, raw) == expected


def test_list_errors_name_the_entry() -> None:
    error = field_error(document_class("property_certificate"), "owner_id_numbers", ["350583199503140021", "12"])
    assert error == "第 2 项：身份号码应为 18 位，实际为 2 位"


def test_document_record_round_trips_through_the_parser() -> None:
    rental = document_record(
        "rental_proof",
        {"lessee_id_number": "350583199503140021", "address": " 某路18号 ", "township": "350502001",
         "start": "2017-03-01", "end": "", "registration_number": ""},
    )
    assert rental["end"] is None and rental["address"] == "某路18号"
    app = parse_application({
        "application_date": "2017-06-01", "jurisdiction": "350502",
        "applicant": {"id_number": "350583199503140021", "name": "林晓"}, "documents": [rental],
    })
    assert app.documents[0].registration_number == ""


def test_applicant_id_fields_exist() -> None:
    for doc_type, field in APPLICANT_ID_FIELDS.items():
        assert field in {s.name for s in document_fields(doc_type)}


def test_township_codes_are_their_own_kind_of_input() -> None:
    """The desk offers the registry's townships by name for these, and only these, fields."""
    township_fields = {(t, s.name) for t in DOCUMENT_TYPES for s in document_fields(t) if s.kind == "township"}
    assert township_fields == {
        ("labor_contract", "workplace_township"), ("business_license", "township"), ("property_certificate", "township"),
        ("rental_proof", "township"), ("collective_household_acceptance", "township"),
    }
