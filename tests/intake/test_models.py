"""The application models and ``parse_application``: every invalid-input rule of CONTRACT.md is
refused with one ``InvalidInput`` naming the field by its JSON path, in Chinese; the command line
turns it into exit 2 and one line on standard error, never a traceback."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import subprocess
from pathlib import Path
from typing import Any, Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from intake.cli.main import main
from intake.errors import InvalidInput
from intake.models.application import Application
from intake.models.decision import Decision, Gap
from intake.models.documents import DOCUMENT_CLASSES, DOCUMENT_LABELS, DOCUMENT_TYPES
from intake.models.parse import format_location, parse_application
from tests.intake.engine import builders as b

CJK = re.compile(r"[\u4e00-\u9fff]")
BAD_ID = "350583199503140022"  # ME with a wrong check character
BAD_USCC = "91350502MA2YC8LN0X"
CHILD = b.id_number("350502", "20100101", "011")

ONE_OF_EACH: list[dict[str, Any]] = [
    b.id_card(),
    b.household_register(),
    b.labor_contract(),
    b.business_license(),
    b.graduation(),
    b.skills(),
    b.overseas(),
    b.property_cert(),
    b.rental(),
    b.acceptance(),
    b.insurance(12),
    b.residence_permit("2015-01-01"),
    b.admission(),
    b.discharge(),
]


def refused(data: Any) -> InvalidInput:
    """The InvalidInput ``data`` is refused with; its message must be Chinese."""
    with pytest.raises(InvalidInput) as info:
        parse_application(data)
    assert CJK.search(info.value.message), info.value.message
    assert "\n" not in str(info.value)
    return info.value


def mutated(change: Callable[[dict[str, Any]], Any], *docs: dict[str, Any]) -> dict[str, Any]:
    app = copy.deepcopy(b.application(*docs))
    change(app)
    return app


# -- what is accepted --------------------------------------------------------------------------


def test_minimal_application_takes_the_defaults() -> None:
    app = parse_application({
        "application_date": "2017-06-01",
        "jurisdiction": "350502",
        "applicant": {"id_number": b.ME, "name": "林晓"},
    })
    assert app.kind == "settle"
    assert app.family == [] and app.documents == []
    assert app.applicant.rural_origin is False and app.applicant.phone is None
    assert app.application_date == dt.date(2017, 6, 1)


def test_every_document_type_of_the_contract_parses() -> None:
    assert set(DOCUMENT_TYPES) == {d["type"] for d in ONE_OF_EACH}
    assert set(DOCUMENT_LABELS) == set(DOCUMENT_TYPES)
    assert len(DOCUMENT_CLASSES) == len(DOCUMENT_TYPES)
    app = parse_application(b.application(*ONE_OF_EACH, with_id_card=False))
    assert [d.type for d in app.documents] == list(DOCUMENT_TYPES)


def test_contract_example_shape_parses_from_json_text() -> None:
    text = json.dumps(b.application(b.labor_contract(), family=[b.member("spouse", b.SOMEONE_ELSE, "陈静怡")]))
    app = parse_application(text)
    assert app.family[0].relation == "spouse"
    assert parse_application(text.encode("utf-8")) == app


def test_identifiers_are_normalised() -> None:
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in b.ME)
    x_number = b.id_number("350102", "19900101", "018")
    app = parse_application(mutated(
        lambda a: a["applicant"].update(id_number=full_width),
        b.labor_contract(employer_uscc=b.EMPLOYER.lower()),
        b.rental(lessee=b.ME),
    ) | {"family": [b.member("spouse", x_number.lower())]})
    assert app.applicant.id_number == b.ME
    assert app.documents[1].employer_uscc == b.EMPLOYER
    assert app.family[0].id_number == x_number and x_number.endswith("X")


def test_optional_fields() -> None:
    app = parse_application(b.application(
        b.labor_contract(end=None), b.rental(end=None) | {"registration_number": None},
    ))
    contract, rental = app.documents[1], app.documents[2]
    assert contract.end is None
    assert rental.end is None and rental.registration_number == ""


def test_text_is_trimmed() -> None:
    app = parse_application(mutated(lambda a: a["applicant"].update(name=" 林晓 ", phone="138 0501 2345")))
    assert app.applicant.name == "林晓"
    assert app.applicant.phone == "13805012345"


def test_models_are_frozen() -> None:
    app = parse_application(b.application())
    with pytest.raises(ValidationError):
        app.jurisdiction = "350102"  # type: ignore[misc]


@given(st.lists(st.sampled_from(ONE_OF_EACH[1:]), max_size=6))
def test_dump_and_parse_round_trip(docs: list[dict[str, Any]]) -> None:
    app = parse_application(b.application(*docs))
    assert parse_application(app.model_dump(mode="json")) == app
    assert parse_application(app.model_dump_json()) == app


# -- what is refused, with the field it names ------------------------------------------------

FIELD_CASES: list[tuple[str, dict[str, Any], str, str]] = [
    # (id, application, field, a word the message must contain)
    ("applicant id check digit", mutated(lambda a: a["applicant"].update(id_number=BAD_ID)),
     "applicant.id_number", "校验码"),
    ("id card check digit", b.application(b.id_card(BAD_ID), with_id_card=False),
     "documents[0].id_number", "校验码"),
    ("family id check digit", b.application(family=[b.member("spouse", "350502198001011234")]),
     "family[0].id_number", "校验码"),
    ("licence holder check digit", b.application(b.labor_contract(), b.business_license(holder=BAD_ID)),
     "documents[2].holder_id_number", "校验码"),
    ("property owner check digit", b.application(b.graduation(), b.property_cert(owners=[b.ME, BAD_ID])),
     "documents[2].owner_id_numbers[1]", "校验码"),
    ("lessee check digit", b.application(b.rental(lessee=BAD_ID)), "documents[1].lessee_id_number", "校验码"),
    ("employer uscc check digit", b.application(b.labor_contract(employer_uscc=BAD_USCC)),
     "documents[1].employer_uscc", "校验码"),
    ("licence uscc check digit", b.application(b.business_license(code=BAD_USCC)), "documents[1].uscc", "校验码"),
    ("acceptance uscc", b.application(b.acceptance(employer_uscc="91350502MA2YC8LN0")),
     "documents[1].employer_uscc", "18 位"),
    ("id number too short", mutated(lambda a: a["applicant"].update(id_number=b.ME[:17])),
     "applicant.id_number", "18 位"),
    ("impossible birth date", b.application(applicant=b.id_number(born="19950230"), with_id_card=False),
     "applicant.id_number", "19950230"),
    ("application date does not exist", mutated(lambda a: a.update(application_date="2017-02-30")),
     "application_date", "不存在"),
    ("application date format", mutated(lambda a: a.update(application_date="2017/06/01")),
     "application_date", "YYYY-MM-DD"),
    ("application date as a number", mutated(lambda a: a.update(application_date=20170601)),
     "application_date", "YYYY-MM-DD"),
    ("contract start does not exist", b.application(b.labor_contract(start="2017-04-31")),
     "documents[1].start", "不存在"),
    ("graduation date does not exist", b.application(b.graduation(on="2016-13-01")),
     "documents[1].graduated_on", "不存在"),
    ("permit date does not exist", b.application(b.residence_permit("2015-02-29")),
     "documents[1].valid_from", "不存在"),
    ("discharge date does not exist", b.application(b.discharge("2015-00-10")),
     "documents[1].discharged_on", "不存在"),
    ("contract ends before it starts",
     b.application(b.graduation(), b.labor_contract(start="2017-03-01", end="2017-02-28")),
     "documents[2].end", "早于"),
    ("rental ends before it starts", b.application(b.rental(start="2017-01-01", end="2016-12-31")),
     "documents[1].end", "早于"),
    ("unknown document type", b.application({"type": "passport", "number": "E123"}),
     "documents[1].type", "passport"),
    ("document without type", b.application({"number": "E123"}), "documents[1]", "type"),
    ("document not an object", b.application("labor_contract"), "documents[1]", "对象"),  # type: ignore[arg-type]
    ("unknown field in a document", b.application(b.graduation() | {"major": "法学"}),
     "documents[1].major", "不认识"),
    ("field of another document type", b.application(b.graduation() | {"employer_uscc": b.EMPLOYER}),
     "documents[1].employer_uscc", "不认识"),
    ("unknown top-level field", mutated(lambda a: a.update(consent=True)), "consent", "不认识"),
    ("unknown applicant field", mutated(lambda a: a["applicant"].update(hukou="南安")),
     "applicant.hukou", "不认识"),
    ("unknown family field", b.application(family=[b.member("spouse", b.SOMEONE_ELSE) | {"age": 37}]),
     "family[0].age", "不认识"),
    ("workplace township 6 digits", b.application(b.labor_contract(township="350502")),
     "documents[1].workplace_township", "9 位"),
    ("property township 10 digits", b.application(b.property_cert(township="3505020011")),
     "documents[1].township", "9 位"),
    ("rental township with letters", b.application(b.rental(township="35050200A")),
     "documents[1].township", "9 位"),
    ("acceptance township", b.application(b.acceptance(township="35050200")), "documents[1].township", "9 位"),
    ("licence township", b.application(b.business_license(township="")), "documents[1].township", "9 位"),
    ("jurisdiction 4 digits", mutated(lambda a: a.update(jurisdiction="3505")), "jurisdiction", "6 位"),
    ("jurisdiction as a number", mutated(lambda a: a.update(jurisdiction=350502)), "jurisdiction", "文字"),
    ("skills certified_by 9 digits", b.application(b.skills(certified_by="350502001")),
     "documents[1].certified_by", "6 位"),
    ("register division", b.application(b.household_register(division="35058")), "documents[1].division", "6 位"),
    ("admission division", b.application(b.admission(division="北京")), "documents[1].division", "6 位"),
    ("id card of someone else", b.application(b.id_card(b.SOMEONE_ELSE), with_id_card=False),
     "documents[0].id_number", "不是申请人本人的身份证"),
    ("someone else's id card beside the applicant's own", b.application(b.id_card(b.SOMEONE_ELSE)),
     "documents[1].id_number", "不一致"),
    ("applicant born after applying",
     b.application(applicant=b.id_number(born="20170602"), with_id_card=False),
     "applicant.id_number", "晚于申请日期"),
    ("family member born after applying",
     b.application(family=[b.member("child", b.id_number(born="20170701"))]),
     "family[0].id_number", "晚于申请日期"),
    ("family member is the applicant", b.application(family=[b.member("spouse", b.ME)]),
     "family[0].id_number", "本人"),
    ("unknown relation", b.application(family=[b.member("uncle", b.SOMEONE_ELSE)]), "family[0].relation", "spouse"),
    ("unknown kind", mutated(lambda a: a.update(kind="transfer")), "kind", "return_to_origin"),
    ("unknown skill level", b.application(b.skills(level="master")), "documents[1].level", "senior_technician"),
    ("unknown school kind", b.application(b.graduation(kind="university")), "documents[1].school_kind", "vocational"),
    ("missing applicant", mutated(lambda a: a.pop("applicant")), "applicant", "缺少"),
    ("missing name", mutated(lambda a: a["applicant"].pop("name")), "applicant.name", "缺少"),
    ("blank name", mutated(lambda a: a["applicant"].update(name="  ")), "applicant.name", "不能为空"),
    ("missing contract field", b.application({k: v for k, v in b.labor_contract().items() if k != "employer_uscc"}),
     "documents[1].employer_uscc", "缺少"),
    ("missing application date", mutated(lambda a: a.pop("application_date")), "application_date", "缺少"),
    ("empty owner list", b.application(b.property_cert() | {"owner_id_numbers": []}),
     "documents[1].owner_id_numbers", "至少"),
    ("owners not a list", b.application(b.property_cert() | {"owner_id_numbers": b.ME}),
     "documents[1].owner_id_numbers", "列表"),
    ("months negative", b.application(b.insurance(-1)), "documents[1].months", "不能小于"),
    ("months as text", b.application(b.insurance("12")), "documents[1].months", "整数"),  # type: ignore[arg-type]
    ("months as a fraction", b.application(b.insurance(1.5)), "documents[1].months", "整数"),  # type: ignore[arg-type]
    ("months as a bool", b.application(b.insurance(True)), "documents[1].months", "整数"),
    ("rural_origin as text", mutated(lambda a: a["applicant"].update(rural_origin="true")),
     "applicant.rural_origin", "true 或 false"),
    ("phone with letters", mutated(lambda a: a["applicant"].update(phone="tel 138")), "applicant.phone", "电话"),
    ("family not a list", mutated(lambda a: a.update(family={"spouse": b.SOMEONE_ELSE})), "family", "列表"),
    ("family member listed twice", b.application(family=[b.member("spouse", b.SOMEONE_ELSE),
                                                         b.member("parent", b.SOMEONE_ELSE)]),
     "family[1].id_number", "与 family[0] 是同一人"),
    ("applicant listed as family", b.application(family=[b.member("spouse", b.ME)]), "family[0].id_number", "申请人本人"),
    ("documents not a list", mutated(lambda a: a.update(documents=b.id_card())), "documents", "列表"),
    ("applicant not an object", mutated(lambda a: a.update(applicant=b.ME)), "applicant", "对象"),
]


@pytest.mark.parametrize(("data", "field", "word"), [c[1:] for c in FIELD_CASES], ids=[c[0] for c in FIELD_CASES])
def test_invalid_input_names_the_field(data: dict[str, Any], field: str, word: str) -> None:
    error = refused(data)
    assert error.field == field, str(error)
    assert word in error.message, error.message
    assert str(error) == f"{field}: {error.message}"


def test_unknown_type_lists_the_known_types() -> None:
    message = refused(b.application({"type": "passport"})).message
    assert all(t in message for t in DOCUMENT_TYPES)


def test_literal_choices_are_listed_without_english() -> None:
    message = refused(b.application(b.graduation(kind="university"))).message
    assert "higher_education" in message and "vocational" in message
    assert not re.search(r"\bor\b", message), message


@pytest.mark.parametrize(
    ("data", "word"),
    [
        (b"{", "JSON"),
        ("{\"application_date\": \"2017-06-01\",}", "JSON"),
        ("", "JSON"),
        ("[]", "对象"),
        ("null", "对象"),
        ("\"2017-06-01\"", "对象"),
        ("林晓".encode("gbk"), "UTF-8"),
    ],
    ids=["truncated", "trailing comma", "empty", "array", "null", "string", "gbk"],
)
def test_unreadable_json_is_refused(data: str | bytes, word: str) -> None:
    assert word in refused(data).message


@pytest.mark.parametrize("name", ["\ud800", "林\x00晓", "林\t晓", "林\x85晓", "林\u200b晓", "\ufeff林晓"],
                         ids=["surrogate", "nul", "tab", "c1", "zero-width", "bom"])
def test_text_with_characters_no_paper_holds_is_refused(name: str) -> None:
    """A lone surrogate crashed the store's write (exit 1); control characters were stored and printed."""
    error = refused(mutated(lambda a: a["applicant"].update(name=name)))
    assert error.field == "applicant.name" and "控制字符" in error.message


def test_a_line_break_pasted_at_the_end_is_trimmed() -> None:
    """A cell copied from a spreadsheet arrives as 林晓\r\n."""
    assert parse_application(mutated(lambda a: a["applicant"].update(name="林晓\r\n"))).applicant.name == "林晓"


def test_a_field_given_twice_is_refused() -> None:
    text = json.dumps(b.application()).replace('"jurisdiction": "350502"', '"jurisdiction": "350502", "jurisdiction": "350583"')
    assert text.count('"jurisdiction"') == 2
    error = refused(text)
    assert error.field == "jurisdiction" and "两次" in error.message
    inner = json.dumps(b.application(b.labor_contract())).replace('"end": ', '"end": null, "end": ', 1)
    assert refused(inner).field == "documents[1].end"


def test_family_null_is_no_family() -> None:
    assert parse_application(mutated(lambda a: a.update(family=None))).family == []


def test_only_the_first_problem_is_reported() -> None:
    error = refused(b.application(b.labor_contract(township="1"), b.rental(lessee=BAD_ID)))
    assert error.field == "documents[1].workplace_township"


@pytest.mark.parametrize("doc", ONE_OF_EACH, ids=[d["type"] for d in ONE_OF_EACH])
@pytest.mark.parametrize("value", [5, -1, 1.5, True, None, "", "x", [], ["x"], {}], ids=repr)
def test_every_field_refuses_in_chinese(doc: dict[str, Any], value: Any) -> None:
    """Whatever junk a field gets, the refusal names that field and is readable by a clerk."""
    for key in doc:
        app = b.application(doc | {key: value}, with_id_card=False)
        try:
            parse_application(app)
        except InvalidInput as e:
            assert CJK.search(e.message), (key, e.message)
            assert (e.field or "").startswith("documents[0]"), (key, e.field)
            if key != "type":
                assert (e.field or "").startswith(f"documents[0].{key}"), (key, e.field)


def test_format_location_drops_the_discriminator_tag() -> None:
    assert format_location(("documents", 2, "labor_contract", "end")) == "documents[2].end"
    assert format_location(("documents", 0, "property_certificate", "owner_id_numbers", 1)) == (
        "documents[0].owner_id_numbers[1]"
    )
    assert format_location(("applicant", "id_number")) == "applicant.id_number"


def test_application_model_refuses_extra_fields_directly() -> None:
    with pytest.raises(ValidationError):
        Application.model_validate(b.application() | {"extra": 1})


def test_decision_records_refuse_extra_fields() -> None:
    with pytest.raises(ValidationError):
        Gap(any_of=["id_card"], code="x", reason="y", clause="二(四)", paths=[], extra=1)  # type: ignore[call-arg]
    assert "extra" in Decision.model_config and Decision.model_config["extra"] == "forbid"


# -- through the command line ----------------------------------------------------------------


def run_cli(capsys: pytest.CaptureFixture[str], tmp_path: Path, data: Any) -> tuple[int, str, str]:
    path = tmp_path / "application.json"
    path.write_bytes(data if isinstance(data, bytes) else json.dumps(data, ensure_ascii=False).encode("utf-8"))
    code = main(["evaluate", str(path)])
    out, err = capsys.readouterr()
    return code, out, err


CLI_CASES = [c for c in FIELD_CASES if c[0] in {
    "applicant id check digit", "contract ends before it starts", "unknown document type", "unknown field in a document",
    "workplace township 6 digits", "application date does not exist", "id card of someone else", "employer uscc check digit",
}]


@pytest.mark.parametrize(("data", "field", "word"), [c[1:] for c in CLI_CASES], ids=[c[0] for c in CLI_CASES])
def test_cli_refuses_with_one_line_naming_the_field(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data: dict[str, Any], field: str, word: str
) -> None:
    code, out, err = run_cli(capsys, tmp_path, data)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith(f"{field}: "), err
    assert word in err and CJK.search(err)
    assert "Traceback" not in err


def test_cli_refuses_unreadable_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run_cli(capsys, tmp_path, b"{\"application_date\": ")
    assert code == 2 and out == "" and err.count("\n") == 1 and "JSON" in err


def test_cli_refuses_a_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.json"
    assert main(["evaluate", str(missing)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and str(missing) in err and CJK.search(err)


def test_cli_refuses_a_day_without_rules(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run_cli(capsys, tmp_path, b.application(day="2016-12-31"))
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "350502" in err and "jurisdiction" in err


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (json.dumps(b.application(b.labor_contract(township="350502"))), "documents[1].workplace_township"),
        ("not json at all", None),
    ],
    ids=["bad township", "not json"],
)
def test_cli_subprocess_never_prints_a_traceback(intake_cmd: list[str], data: str, field: str | None) -> None:
    run = subprocess.run(
        intake_cmd + ["evaluate", "-"], input=data, capture_output=True, text=True, encoding="utf-8", timeout=60,
    )
    assert run.returncode == 2
    assert run.stdout == ""
    assert "Traceback" not in run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and CJK.search(lines[0])
    if field:
        assert lines[0].startswith(f"{field}: ")
