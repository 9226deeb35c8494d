"""Small builders for application dicts with valid identifiers, so each test states only what it
is about. Everything returns plain JSON-shaped dicts: the tests go through ``parse_application``
exactly as the command line does."""

from __future__ import annotations

import functools
import shutil
from pathlib import Path
from typing import Any

from intake.evaluation import Evaluator
from intake.ids import USCC_ALPHABET, id_check_char, uscc_check_char
from intake.models.decision import Decision
from intake.models.parse import parse_application
from tests.conftest import REPO

Doc = dict[str, Any]

COUNTY = "350502"  # 鲤城区: the sample county of the shipped township registry
TOWN = "350502002"  # 临江街道, public address configured
TOWN_HOME = "350502001"  # 海滨街道, public address configured
TOWN_UNCONFIGURED = "350502003"  # 鲤中街道, listed without a public address
DAY = "2017-06-01"


def id_number(area: str = "350583", born: str = "19950314", seq: str = "002") -> str:
    """A valid 18-character resident ID number (GB 11643 check character computed)."""
    first17 = area + born + seq
    return first17 + id_check_char(first17)


def uscc(body: str = "91350502MA2YC8LN0") -> str:
    """A valid unified social credit code: 17 given characters plus the GB 32100 check character."""
    assert len(body) == 17 and all(c in USCC_ALPHABET for c in body)
    return body + uscc_check_char(body)


ME = id_number()  # 350583199503140021
MY_NAME = "林晓"
EMPLOYER = uscc()  # 91350502MA2YC8LN0Y
OTHER_EMPLOYER = uscc("91350502MA2YD0000")
SOMEONE_ELSE = id_number("350502", "19800101", "123")


def id_card(number: str = ME, name: str = MY_NAME) -> Doc:
    return {"type": "id_card", "id_number": number, "name": name}


def graduation(kind: str = "higher_education", on: str = "2016-07-01", number: str = "1038412016000123") -> Doc:
    return {"type": "graduation_certificate", "school_kind": kind, "number": number, "graduated_on": on}


def labor_contract(
    township: str = TOWN,
    employer_uscc: str = EMPLOYER,
    start: str = "2017-03-01",
    end: str | None = None,
    employer_name: str = "泉州某科技有限公司",
) -> Doc:
    return {
        "type": "labor_contract", "employer_name": employer_name, "employer_uscc": employer_uscc,
        "start": start, "end": end, "workplace_township": township,
    }


def business_license(township: str = TOWN, holder: str = ME, code: str = EMPLOYER) -> Doc:
    return {"type": "business_license", "uscc": code, "holder_id_number": holder, "township": township}


def skills(level: str = "primary", certified_by: str = COUNTY, number: str = "S2016-0001") -> Doc:
    return {"type": "skills_certificate", "level": level, "number": number, "certified_by": certified_by}


def overseas(issuer: str = "中国留学服务中心", number: str = "教留服认美[2016]01234号") -> Doc:
    return {"type": "overseas_credential_certification", "number": number, "issuer": issuer}


def property_cert(owners: list[str] | None = None, township: str = TOWN_HOME, address: str = "某小区3幢1201室") -> Doc:
    return {"type": "property_certificate", "owner_id_numbers": owners or [ME], "address": address, "township": township}


def rental(
    registered: bool = True,
    township: str = TOWN_HOME,
    lessee: str = ME,
    start: str = "2017-01-01",
    end: str | None = "2018-12-31",
    address: str = "某路8号502室",
) -> Doc:
    return {
        "type": "rental_proof", "lessee_id_number": lessee, "address": address, "township": township,
        "start": start, "end": end, "registration_number": "泉租备2017-0088" if registered else "",
    }


def acceptance(employer_uscc: str = EMPLOYER, township: str = TOWN) -> Doc:
    return {"type": "collective_household_acceptance", "employer_uscc": employer_uscc, "township": township}


def insurance(months: int) -> Doc:
    return {"type": "social_insurance_record", "months": months}


def residence_permit(valid_from: str, number: str = "350502201200001") -> Doc:
    return {"type": "residence_permit", "number": number, "valid_from": valid_from}


def admission(division: str = "350203", school: str = "厦门大学") -> Doc:
    return {"type": "admission_notice", "school": school, "division": division}


def discharge(on: str = "2015-09-01") -> Doc:
    return {"type": "discharge_certificate", "number": "退2015-1234", "discharged_on": on}


def household_register(division: str = "350583", address: str = "南安市溪美街道某村12号") -> Doc:
    return {"type": "household_register", "division": division, "address": address}


def member(relation: str, number: str, name: str = "家属") -> dict[str, str]:
    return {"relation": relation, "id_number": number, "name": name}


def application(
    *docs: Doc,
    day: str = DAY,
    jurisdiction: str = COUNTY,
    kind: str = "settle",
    applicant: str = ME,
    name: str = MY_NAME,
    rural_origin: bool | None = None,
    family: list[dict[str, str]] | None = None,
    with_id_card: bool = True,
) -> dict[str, Any]:
    """An application dict; the applicant's own ID card comes first unless ``with_id_card`` is False."""
    person: dict[str, Any] = {"id_number": applicant, "name": name}
    if rural_origin is not None:
        person["rural_origin"] = rural_origin
    documents = ([id_card(applicant, name)] if with_id_card else []) + list(docs)
    app: dict[str, Any] = {
        "application_date": day, "jurisdiction": jurisdiction, "kind": kind,
        "applicant": person, "documents": documents,
    }
    if family is not None:
        app["family"] = family
    return app


@functools.lru_cache(maxsize=8)
def evaluator(rules: Path = REPO / "rules", townships: Path | None = None) -> Evaluator:
    """An Evaluator over a rules folder (loaded once per folder) and its township registry."""
    return Evaluator.load(rules, townships)


def decide(app: dict[str, Any], rules: Path = REPO / "rules", townships: Path | None = None) -> Decision:
    """Validates and evaluates an application dict, as ``intake evaluate`` does."""
    return evaluator(rules, townships).decide(parse_application(app))


CITE = '{ source = "fujian-2017", clause = "二(五)", quote = "合理确定落户条件" }'


def rules_with(folder: Path, body: str, jurisdiction: str = COUNTY, pack_id: str = "test-county") -> Path:
    """A copy of the shipped rules in ``folder`` plus one pack for ``jurisdiction`` whose tables
    are ``body`` (TOML; ``{cite}`` stands for a valid cite)."""
    rules = folder / "rules"
    shutil.copytree(REPO / "rules", rules)
    head = (
        f'[pack]\nid = "{pack_id}"\nname = "测试规则包"\nversion = "1"\n'
        f'jurisdiction = "{jurisdiction}"\neffective_from = 2017-01-04\n\n'
    )
    (rules / f"{pack_id}.toml").write_text(head + body.replace("{cite}", CITE), encoding="utf-8")
    return rules
