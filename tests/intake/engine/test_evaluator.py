"""The evaluator against POLICY.md: each path, each address step, the three outcomes, family
members, priority groups, determinism, and the decision's shape as CONTRACT.md fixes it.

Applications are dicts from ``builders`` and go through ``parse_application`` like the CLI's."""

from __future__ import annotations

import json
import random
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake.evaluation import Evaluator
from intake.models.application import Application
from intake.models.decision import Decision
from intake.models.documents import DOCUMENT_TYPES
from intake.models.parse import parse_application
from intake.rules.vocabulary import ADDRESS_KINDS, PATH_ORDER, PRIORITY_GROUPS
from tests.conftest import REPO
from tests.intake.engine import builders as b
from tests.intake.engine.builders import (
    COUNTY, EMPLOYER, ME, OTHER_EMPLOYER, SOMEONE_ELSE, TOWN, TOWN_HOME, TOWN_UNCONFIGURED,
    acceptance, admission, application, business_license, decide, discharge, graduation, household_register, id_card,
    insurance, labor_contract, member, overseas, property_cert, rental, residence_permit, rules_with, skills,
)
from tests.intake.engine.strategies import applications

CHILD_MINOR = b.id_number("350502", "20100101", "011")
CHILD_ADULT = b.id_number("350502", "19990531", "021")  # 18 on 2017-05-31
PARENT = b.id_number("350583", "19650101", "011")
SPOUSE = SOMEONE_ELSE


def missing_types(decision: Decision) -> set[str]:
    return {t for gap in decision.missing for t in gap.any_of}


def skipped(decision: Decision) -> dict[str, str]:
    return {s.kind: s.code for s in decision.skipped}


def follows(decision: Decision) -> dict[str, bool]:
    return {m.id_number: m.follows for m in decision.family}


def settles(decision: Decision, path: str, kind: str) -> None:
    assert decision.outcome == "settle", decision.model_dump(mode="json")
    assert decision.path == path and decision.address is not None and decision.address.kind == kind, decision.model_dump(mode="json")


# -- paths ------------------------------------------------------------------------------------


class TestGraduateEmployed:
    def test_contract_in_force(self) -> None:
        d = decide(application(graduation(), labor_contract()))
        settles(d, "graduate_employed", "township_public")
        assert d.clause == "二(四)" and d.paths == ["graduate_employed"]

    def test_business_licence_in_own_name(self) -> None:
        d = decide(application(graduation(), business_license(TOWN)))
        settles(d, "graduate_employed", "township_public")
        assert d.address is not None and d.address.township == TOWN

    @pytest.mark.parametrize(
        ("employment", "code"),
        [
            (None, "employment_missing"),
            (labor_contract(start="2016-01-01", end="2017-05-31"), "contract_not_in_force"),
            (labor_contract(start="2017-06-02"), "contract_not_in_force"),
            (labor_contract(township="350583100"), "employment_outside_county"),
            (business_license(holder=SOMEONE_ELSE), "license_not_applicants"),
            (business_license(township="350102001"), "employment_outside_county"),
        ],
        ids=["none", "expired", "not yet", "outside county", "licence of someone else", "licence elsewhere"],
    )
    def test_employment_gaps_are_curable(self, employment: dict[str, Any] | None, code: str) -> None:
        d = decide(application(graduation(), *([employment] if employment else [])))
        assert d.outcome == "incomplete"
        gap = next(g for g in d.missing if g.code == code)
        assert set(gap.any_of) == {"labor_contract", "business_license"}
        assert gap.paths == ["graduate_employed"] and gap.clause == "二(四)"
        assert d.path is None and d.paths is None and d.address is None and d.residence_permit is None

    def test_contract_ending_on_the_application_day_is_in_force(self) -> None:
        settles(decide(application(graduation(), labor_contract(start="2017-06-01", end="2017-06-01"))),
                "graduate_employed", "township_public")

    def test_graduation_after_the_application_day(self) -> None:
        d = decide(application(graduation(on="2017-07-01"), labor_contract()))
        assert d.outcome == "incomplete" and missing_types(d) == {"graduation_certificate"}

    def test_without_id_card(self) -> None:
        d = decide(application(graduation(), labor_contract(), with_id_card=False))
        assert d.outcome == "incomplete" and missing_types(d) == {"id_card"}

    def test_a_card_under_another_name_is_a_gap_to_cure(self) -> None:
        """The applicant's number, another name: like any document in somebody else's name
        (POLICY, outcomes), the one-time notice asks for the applicant's own card. (A card with
        another number is invalid input: test_models.)"""
        d = decide(application(id_card(ME, "林小"), graduation(), labor_contract(), with_id_card=False))
        assert d.outcome == "incomplete" and missing_types(d) == {"id_card"}
        gap = d.missing[0]
        assert gap.code == "id_card_not_applicants" and "姓名“林小”与申请人姓名" in gap.reason

    def test_a_stored_application_with_somebody_elses_card_gets_no_identity_from_it(self) -> None:
        """Stored before such cards were refused as input, read back by its model alone."""
        data = application(id_card(SOMEONE_ELSE, b.MY_NAME), graduation(), labor_contract(), with_id_card=False)
        d = b.evaluator().decide(Application.model_validate(data))
        assert d.outcome == "incomplete" and d.missing[0].code == "id_card_not_applicants"
        assert "不是申请人本人的身份证" in d.missing[0].reason and SOMEONE_ELSE not in d.missing[0].reason

    def test_vocational_certificate_does_not_open_it(self) -> None:
        d = decide(application(graduation("vocational"), labor_contract()))
        settles(d, "vocational_graduate", "township_public")
        assert d.paths == ["vocational_graduate"]


class TestSkilledWorker:
    @pytest.mark.parametrize("level", ["primary", "intermediate", "advanced", "technician", "senior_technician"])
    def test_every_level_qualifies(self, level: str) -> None:
        settles(decide(application(skills(level), labor_contract())), "skilled_worker", "township_public")

    @pytest.mark.parametrize("certified_by", ["350502", "350503", "350505"])
    def test_certified_in_the_employment_city(self, certified_by: str) -> None:
        settles(decide(application(skills(certified_by=certified_by), labor_contract())), "skilled_worker", "township_public")

    @pytest.mark.parametrize("certified_by", ["350102", "350203", "110105"])
    def test_certified_outside_the_city_is_incomplete(self, certified_by: str) -> None:
        d = decide(application(skills(certified_by=certified_by), labor_contract()))
        assert d.outcome == "incomplete"
        assert [g.code for g in d.missing] == ["skills_not_certified_at_workplace"]
        assert d.missing[0].any_of == ["skills_certificate"] and certified_by in d.missing[0].reason

    def test_one_good_certificate_is_enough(self) -> None:
        d = decide(application(skills(certified_by="350102"), skills(certified_by="350502"), labor_contract()))
        settles(d, "skilled_worker", "township_public")

    def test_needs_employment(self) -> None:
        d = decide(application(skills()))
        assert d.outcome == "incomplete" and missing_types(d) == {"labor_contract", "business_license"}

    def test_county_scope_parameter(self, tmp_path: Path) -> None:
        rules = rules_with(tmp_path, '[parameters.key_groups.skills_certification_scope]\nvalue = "county"\ncite = {cite}')
        assert decide(application(skills(certified_by="350503"), labor_contract()), rules).outcome == "incomplete"
        settles(decide(application(skills(certified_by="350502"), labor_contract()), rules), "skilled_worker", "township_public")

    def test_employment_not_required_when_switched_off(self, tmp_path: Path) -> None:
        rules = rules_with(tmp_path, "[parameters.key_groups.require_employment]\nvalue = false\ncite = {cite}")
        d = decide(application(skills(), property_cert()), rules)
        settles(d, "skilled_worker", "own_residence")


class TestVocationalGraduate:
    def test_settles(self) -> None:
        d = decide(application(graduation("vocational"), labor_contract(), property_cert()))
        settles(d, "vocational_graduate", "own_residence")
        assert d.paths == ["vocational_graduate", "general"]

    def test_needs_employment(self) -> None:
        d = decide(application(graduation("vocational")))
        assert d.outcome == "incomplete" and d.missing[0].paths == ["vocational_graduate"]

    def test_both_certificates_give_both_paths_in_contract_order(self) -> None:
        d = decide(application(graduation("vocational"), graduation(), labor_contract()))
        assert d.path == "graduate_employed" and d.paths == ["graduate_employed", "vocational_graduate"]


class TestReturnedOverseasStudent:
    @pytest.mark.parametrize("issuer", ["中国留学服务中心", "教育部留学服务中心", " 中国留学服务中心 "])
    def test_certified_by_the_centre(self, issuer: str) -> None:
        settles(decide(application(overseas(issuer), labor_contract())), "returned_overseas_student", "township_public")

    @pytest.mark.parametrize("issuer", ["某留学中介", "美国某大学", "中国留学服务"])
    def test_wrong_issuer_is_incomplete(self, issuer: str) -> None:
        d = decide(application(overseas(issuer), labor_contract()))
        assert d.outcome == "incomplete"
        assert [g.code for g in d.missing] == ["overseas_certifier_not_accepted"]
        assert d.missing[0].any_of == ["overseas_credential_certification"] and issuer in d.missing[0].reason

    def test_needs_employment(self) -> None:
        d = decide(application(overseas()))
        assert d.outcome == "incomplete" and missing_types(d) == {"labor_contract", "business_license"}


class TestGeneral:
    def test_property(self) -> None:
        d = decide(application(property_cert()))
        settles(d, "general", "own_residence")
        assert d.clause == "二(五)"
        assert d.address is not None and (d.address.township, d.address.text) == (TOWN_HOME, "某小区3幢1201室")

    def test_jointly_owned_property(self) -> None:
        settles(decide(application(property_cert([SOMEONE_ELSE, ME]))), "general", "own_residence")

    def test_registered_rental(self) -> None:
        settles(decide(application(rental())), "general", "own_residence")

    def test_unregistered_rental_is_a_gap_to_cure(self) -> None:
        """One reading of 合法稳定住所（含租赁） throughout: the general path, like the address chain,
        takes a rental once registered (general.rental_requires_registration, true in the baseline)."""
        d = decide(application(rental(registered=False)))
        assert d.outcome == "incomplete" and [g.code for g in d.missing] == ["rental_unregistered"]

    def test_unregistered_rental_qualifies_where_the_county_waives_registration(self, tmp_path: Path) -> None:
        rules = rules_with(tmp_path, "[parameters.general.rental_requires_registration]\nvalue = false\ncite = {cite}")
        d = decide(application(rental(registered=False)), rules)
        settles(d, "general", "own_residence")
        assert d.address is not None and d.address.text == "某路8号502室"
        assert d.skipped == []  # the general path is registered at the residence that qualified

    @pytest.mark.parametrize(
        ("doc", "code"),
        [
            (rental(lessee=SOMEONE_ELSE), "rental_not_applicants"),
            (rental(start="2016-01-01", end="2017-05-31"), "rental_not_in_force"),
            (rental(start="2017-07-01", end=None), "rental_not_in_force"),
            (property_cert([SOMEONE_ELSE]), "property_not_applicants"),
        ],
        ids=["someone else's rental", "expired", "not yet", "someone else's property"],
    )
    def test_curable_residence_gaps(self, doc: dict[str, Any], code: str) -> None:
        d = decide(application(doc))
        assert d.outcome == "incomplete"
        assert [g.code for g in d.missing] == [code]
        assert set(d.missing[0].any_of) == {"property_certificate", "rental_proof"}

    def test_residence_outside_the_county_does_not_open_it(self) -> None:
        d = decide(application(property_cert(township="350583100")))
        assert d.outcome == "not_eligible" and d.residence_permit is False

    def test_thresholds_of_a_county_pack(self, tmp_path: Path) -> None:
        rules = rules_with(tmp_path, "[parameters.general.min_social_insurance_months]\nvalue = 12\ncite = {cite}")
        none = decide(application(property_cert()), rules)
        assert none.outcome == "incomplete" and missing_types(none) == {"social_insurance_record"}
        short = decide(application(property_cert(), insurance(11)), rules)
        assert short.outcome == "not_eligible" and "social_insurance_too_short" in {r.code for r in short.reasons}
        assert short.residence_permit is True  # lawful stable residence in the county
        settles(decide(application(property_cert(), insurance(12)), rules), "general", "own_residence")

    def test_residence_years_threshold(self, tmp_path: Path) -> None:
        rules = rules_with(tmp_path, "[parameters.general.min_residence_years]\nvalue = 2\ncite = {cite}")
        assert decide(application(rental()), rules).outcome == "incomplete"
        short = decide(application(rental(), residence_permit("2015-06-02")), rules)
        assert short.outcome == "not_eligible" and "residence_too_short" in {r.code for r in short.reasons}
        settles(decide(application(rental(), residence_permit("2015-06-01")), rules), "general", "own_residence")
        later = decide(application(rental(), residence_permit("2017-07-01")), rules)  # after the application date
        assert later.outcome == "incomplete"
        (gap,) = [m for m in later.missing if m.any_of == ["residence_permit"]]
        assert gap.code == "residence_permit_not_yet_valid" and "2017-07-01 起才生效" in gap.reason


class TestSettleBeforeEmployment:
    BODY = '[paths.settle_before_employment]\nenabled = true\ncite = { source = "fujian-2017", clause = "二(四)", quote = "先落户、后就业" }'

    def test_off_in_the_baseline(self) -> None:
        d = decide(application(labor_contract()))
        assert d.outcome == "not_eligible" and d.residence_permit is True

    def test_switched_on_by_a_county_pack(self, tmp_path: Path) -> None:
        rules = rules_with(tmp_path, self.BODY)
        d = decide(application(labor_contract()), rules)
        settles(d, "settle_before_employment", "township_public")
        assert d.address is not None and d.address.township == TOWN
        assert skipped(d) == {"own_residence": "residence_missing"}

    def test_only_in_that_county(self, tmp_path: Path) -> None:
        rules = rules_with(tmp_path, self.BODY)
        d = decide(application(labor_contract("350583100"), jurisdiction="350583"), rules)
        assert d.outcome == "not_eligible"

    def test_general_comes_first(self, tmp_path: Path) -> None:
        rules = rules_with(tmp_path, self.BODY)
        d = decide(application(rental()), rules)
        assert d.path == "general" and d.paths == ["general", "settle_before_employment"]


class TestStudentCollective:
    def test_in_province_school(self) -> None:
        d = decide(application(admission("350203", "厦门大学"), kind="student_collective"))
        settles(d, "student_collective", "school_collective")
        assert d.address is not None and "厦门大学" in (d.address.text or "")

    def test_school_outside_the_province_is_not_eligible(self) -> None:
        d = decide(application(admission("110108", "清华大学"), kind="student_collective"))
        assert d.outcome == "not_eligible" and d.missing == []
        assert "school_outside_province" in {r.code for r in d.reasons}
        assert d.residence_permit is False

    def test_without_admission_notice(self) -> None:
        d = decide(application(kind="student_collective"))
        assert d.outcome == "not_eligible" and d.reasons[0].code == "no_path_open"

    def test_an_admission_notice_under_the_settle_kind_points_to_the_right_kind(self) -> None:
        d = decide(application(admission()))
        assert d.outcome == "not_eligible" and d.reasons[0].code == "no_path_open"
        assert "申请类型应选“迁入院校学生集体户”" in d.reasons[0].reason
        assert "申请类型" not in decide(application()).reasons[0].reason, "no hint without the notice"

    def test_settle_paths_are_not_considered(self) -> None:
        d = decide(application(graduation(), labor_contract(), kind="student_collective"))
        assert d.outcome == "not_eligible"

    def test_student_kind_is_not_considered_for_settle(self) -> None:
        d = decide(application(admission()))
        assert d.outcome == "not_eligible"


class TestReturnToOrigin:
    def test_no_test_beyond_identity(self) -> None:
        d = decide(application(kind="return_to_origin"))
        settles(d, "return_to_origin", "origin")

    def test_address_from_the_household_register(self) -> None:
        d = decide(application(household_register(address="南安市溪美街道某村12号"), kind="return_to_origin"))
        assert d.address is not None and d.address.text == "南安市溪美街道某村12号"

    def test_needs_the_id_card(self) -> None:
        d = decide(application(kind="return_to_origin", with_id_card=False))
        assert d.outcome == "incomplete" and missing_types(d) == {"id_card"}


SETTLE_BEFORE_EMPLOYMENT = TestSettleBeforeEmployment.BODY
NO_EMPLOYMENT_NEEDED = "[parameters.key_groups.require_employment]\nvalue = false\ncite = {cite}"


@pytest.mark.parametrize(
    ("body", "docs"),
    [
        (SETTLE_BEFORE_EMPLOYMENT, []),
        (SETTLE_BEFORE_EMPLOYMENT, [rental(township="350583100")]),
        (NO_EMPLOYMENT_NEEDED, [skills()]),
    ],
    ids=["settle first, nothing else", "settle first, home in another county", "skilled worker without a job"],
)
def test_settle_always_names_the_registration_address(tmp_path: Path, body: str, docs: list[dict[str, Any]]) -> None:
    """POLICY.md Outcomes: ``settle`` gives "the path, its clause and the registration address";
    CONTRACT.md: ``address.kind`` is null only when the outcome is not ``settle``. When a county
    switches on "settle first, find a job later" (or drops the employment requirement) and the
    applicant has neither a residence nor a job in the county, there is no township to register in,
    so the applicant cannot settle yet; what would cure it is proof of a residence or a job."""
    d = decide(application(*docs), rules_with(tmp_path, body))
    if d.outcome == "settle":
        assert d.address is not None, d.model_dump(mode="json", exclude={"rule_pack"})
    assert d.outcome == "incomplete", d.model_dump(mode="json", exclude={"rule_pack"})
    assert {"property_certificate", "rental_proof", "labor_contract", "business_license"} <= missing_types(d)


# -- the address chain ------------------------------------------------------------------------


class TestAddressChain:
    def test_own_property(self) -> None:
        d = decide(application(graduation(), labor_contract(), property_cert(), acceptance()))
        settles(d, "graduate_employed", "own_residence")
        assert d.skipped == []  # a lower option is never chosen while a higher one is available
        assert d.address is not None and d.address.township == TOWN_HOME

    def test_registered_rental(self) -> None:
        d = decide(application(graduation(), labor_contract(), rental()))
        settles(d, "graduate_employed", "own_residence")
        assert d.address is not None and d.address.text == "某路8号502室"

    def test_property_before_rental(self) -> None:
        d = decide(application(graduation(), labor_contract(), rental(), property_cert()))
        assert d.address is not None and d.address.text == "某小区3幢1201室"

    def test_unregistered_rental_is_skipped_with_its_reason(self) -> None:
        d = decide(application(graduation(), labor_contract(), rental(registered=False)))
        settles(d, "graduate_employed", "township_public")
        own = d.skipped[0]
        assert (own.kind, own.code, own.clause) == ("own_residence", "rental_unregistered", "二(四)")
        assert "租赁登记备案" in own.reason
        assert d.paths == ["graduate_employed"], "the rental that is no residence here qualifies for no general path either"

    def test_unregistered_rental_counts_when_the_county_says_so(self, tmp_path: Path) -> None:
        rules = rules_with(tmp_path, "[parameters.address.rental_requires_registration]\nvalue = false\ncite = {cite}")
        settles(decide(application(graduation(), labor_contract(), rental(registered=False)), rules),
                "graduate_employed", "own_residence")

    def test_residence_outside_the_county_is_skipped(self) -> None:
        d = decide(application(graduation(), labor_contract(), property_cert(township="350503001")))
        assert skipped(d)["own_residence"] == "residence_outside_scope"

    def test_city_residence_scope(self, tmp_path: Path) -> None:
        rules = rules_with(tmp_path, '[parameters.address.residence_scope]\nvalue = "city"\ncite = {cite}')
        d = decide(application(graduation(), labor_contract(), property_cert(township="350503001")), rules)
        settles(d, "graduate_employed", "own_residence")

    def test_employer_collective_when_the_letter_matches(self) -> None:
        d = decide(application(graduation(), labor_contract(), acceptance(EMPLOYER, TOWN)))
        settles(d, "graduate_employed", "employer_collective")
        assert d.address is not None and d.address.township == TOWN
        assert "泉州某科技有限公司" in (d.address.text or "")
        assert skipped(d) == {"own_residence": "residence_missing"}

    def test_employer_collective_of_own_business(self) -> None:
        d = decide(application(graduation(), business_license(TOWN), acceptance(EMPLOYER, TOWN_HOME)))
        settles(d, "graduate_employed", "employer_collective")
        assert d.address is not None and d.address.township == TOWN_HOME and EMPLOYER in (d.address.text or "")

    def test_employer_collective_skipped_when_the_letter_is_another_employers(self) -> None:
        d = decide(application(graduation(), labor_contract(), acceptance(OTHER_EMPLOYER, TOWN)))
        settles(d, "graduate_employed", "township_public")
        assert skipped(d) == {"own_residence": "residence_missing", "employer_collective": "acceptance_mismatch"}
        reason = d.skipped[1].reason
        assert OTHER_EMPLOYER in reason and EMPLOYER in reason

    def test_employer_collective_skipped_without_a_letter(self) -> None:
        d = decide(application(graduation(), labor_contract()))
        assert skipped(d)["employer_collective"] == "acceptance_missing"
        assert "接收证明" in d.skipped[1].reason

    def test_employer_collective_of_any_current_employer(self) -> None:
        """POLICY.md 二(四): the applicant "cannot skip to a lower one while a higher one is
        available". With two contracts in force in the county, the second employer's acceptance
        letter makes its collective household available."""
        d = decide(application(
            graduation(), labor_contract(employer_name="甲公司"),
            labor_contract(employer_uscc=OTHER_EMPLOYER, employer_name="乙公司"), acceptance(OTHER_EMPLOYER, TOWN),
        ))
        settles(d, "graduate_employed", "employer_collective")
        assert d.address is not None and "乙公司" in (d.address.text or "")

    def test_employer_collective_outside_the_county_is_skipped(self) -> None:
        d = decide(application(graduation(), labor_contract(), acceptance(EMPLOYER, "350503001")))
        assert skipped(d)["employer_collective"] == "acceptance_mismatch"

    def test_township_public_uses_the_registry(self) -> None:
        d = decide(application(graduation(), labor_contract(TOWN)))
        assert d.address is not None
        assert (d.address.kind, d.address.township) == ("township_public", TOWN)
        assert d.address.text == "泉州市鲤城区临江街道公共集体户（临江街道便民服务中心）"
        assert d.warnings == []

    def test_township_public_of_the_workplace_not_the_home(self) -> None:
        d = decide(application(graduation(), labor_contract(TOWN), rental(registered=False, township=TOWN_HOME)))
        assert d.address is not None and d.address.township == TOWN

    @pytest.mark.parametrize("town", [TOWN_UNCONFIGURED, "350502099"], ids=["no public address", "not listed"])
    def test_township_public_not_configured(self, town: str) -> None:
        d = decide(application(graduation(), labor_contract(town)))
        assert d.outcome == "incomplete" and d.address is None
        warning = next(w for w in d.warnings if w.code == "township_public_not_configured")
        assert town in warning.reason and "乡镇名录" in warning.reason
        (gap,) = d.missing
        assert gap.code == "township_public_not_configured" and town in gap.reason
        assert set(gap.any_of) == {"property_certificate", "rental_proof", "collective_household_acceptance"}

    def test_township_public_not_configured_does_not_stop_a_higher_option(self) -> None:
        d = decide(application(graduation(), labor_contract(TOWN_UNCONFIGURED), rental(township=TOWN_UNCONFIGURED)))
        settles(d, "graduate_employed", "own_residence")
        assert d.warnings == []

    def test_other_township_registry(self, tmp_path: Path) -> None:
        registry = tmp_path / "towns.csv"
        registry.write_text(f"code,name,public_address\n{TOWN},临江街道,临江街道新公共户\n", encoding="utf-8")
        d = decide(application(graduation(), labor_contract()), townships=registry)
        assert d.address is not None and d.address.text == "临江街道新公共户"

    def test_skips_cite_the_address_order(self) -> None:
        d = decide(application(graduation(), labor_contract(), rental(registered=False)))
        assert {s.clause for s in d.skipped} == {"二(四)"}


# -- outcomes ---------------------------------------------------------------------------------


class TestOutcomes:
    def test_incomplete_lists_every_gap_of_every_open_path_at_once(self) -> None:
        d = decide(application(
            graduation(), skills(certified_by="350102"), overseas("某留学中介"), rental(lessee=SOMEONE_ELSE),
            with_id_card=False,
        ))
        assert d.outcome == "incomplete"
        assert missing_types(d) == {
            "id_card", "labor_contract", "business_license", "skills_certificate",
            "overseas_credential_certification", "property_certificate", "rental_proof",
        }
        by_code = {g.code: g.paths for g in d.missing}
        assert by_code["id_card_missing"] == ["graduate_employed", "skilled_worker", "returned_overseas_student", "general"]
        assert by_code["employment_missing"] == ["graduate_employed", "skilled_worker", "returned_overseas_student"]
        assert by_code["skills_not_certified_at_workplace"] == ["skilled_worker"]
        assert by_code["overseas_certifier_not_accepted"] == ["returned_overseas_student"]
        assert by_code["rental_not_applicants"] == ["general"]
        assert len(d.missing) == len(by_code)  # each gap once
        assert all(re.search(r"[\u4e00-\u9fff]", g.reason) for g in d.missing)

    def test_incomplete_despite_an_incurable_path(self, tmp_path: Path) -> None:
        rules = rules_with(tmp_path, "[parameters.general.min_social_insurance_months]\nvalue = 12\ncite = {cite}")
        d = decide(application(graduation(), property_cert(), insurance(3)), rules)
        assert d.outcome == "incomplete"
        assert {g.code for g in d.missing} == {"employment_missing"}
        assert "social_insurance_too_short" in {r.code for r in d.reasons}

    @pytest.mark.parametrize(
        ("docs", "permit"),
        [
            ([labor_contract()], True),
            ([business_license()], True),
            ([labor_contract(township="350583100")], False),
            ([labor_contract(start="2016-01-01", end="2017-05-31")], False),
            ([business_license(holder=SOMEONE_ELSE)], False),
            ([], False),
            ([rental(township="350583100")], False),
        ],
        ids=["contract", "licence", "contract elsewhere", "expired contract", "someone else's licence", "nothing",
             "rental elsewhere"],
    )
    def test_not_eligible_says_whether_a_residence_permit_is_the_way(self, docs: list[dict[str, Any]], permit: bool) -> None:
        d = decide(application(*docs))
        assert d.outcome == "not_eligible"
        assert d.residence_permit is permit
        assert d.reasons[0].code == "no_path_open"
        hint = d.reasons[-1]
        assert hint.clause == "三(十五)"
        assert hint.code == ("residence_permit_available" if permit else "residence_permit_not_yet")
        assert d.path is None and d.paths is None and d.address is None and d.missing == []

    def test_settle_has_no_missing_and_no_permit_hint(self) -> None:
        d = decide(application(rental()))
        assert d.missing == [] and d.residence_permit is None and d.reasons == []


# -- family (一(一)) ---------------------------------------------------------------------------


class TestFamily:
    FAMILY = [member("spouse", SPOUSE), member("parent", PARENT), member("child", CHILD_MINOR), member("child", CHILD_ADULT)]

    def test_follow_to_own_residence(self) -> None:
        d = decide(application(graduation(), labor_contract(), property_cert(), family=self.FAMILY))
        settles(d, "graduate_employed", "own_residence")
        assert follows(d) == {SPOUSE: True, PARENT: True, CHILD_MINOR: True, CHILD_ADULT: False}
        assert [m.relation for m in d.family] == ["spouse", "parent", "child", "child"]
        assert all(m.clause == "一(一)" for m in d.family)
        assert "18" in d.family[3].reason

    def test_follow_on_the_general_path(self) -> None:
        d = decide(application(rental(), family=self.FAMILY[:2]))
        assert follows(d) == {SPOUSE: True, PARENT: True}

    @pytest.mark.parametrize(
        "docs",
        [[acceptance()], []],
        ids=["employer_collective", "township_public"],
    )
    def test_nobody_follows_to_a_collective_address(self, docs: list[dict[str, Any]]) -> None:
        d = decide(application(graduation(), labor_contract(), *docs, family=self.FAMILY))
        assert d.outcome == "settle" and d.address is not None and d.address.kind != "own_residence"
        assert follows(d) == {SPOUSE: False, PARENT: False, CHILD_MINOR: False, CHILD_ADULT: False}
        assert all("仅申请人本人" in m.reason for m in d.family[:3])

    def test_nobody_follows_when_the_applicant_does_not_settle(self) -> None:
        d = decide(application(graduation(), family=self.FAMILY[:1]))
        assert d.outcome == "incomplete" and follows(d) == {SPOUSE: False}

    @pytest.mark.parametrize(
        ("born", "minor"),
        [("19990602", True), ("19990601", False), ("19990531", False), ("20170101", True)],
        ids=["18 tomorrow", "18 today", "18 yesterday", "baby"],
    )
    def test_minor_is_under_18_on_the_application_day(self, born: str, minor: bool) -> None:
        child = b.id_number("350502", born, "031")
        d = decide(application(property_cert(), family=[member("child", child)]))
        assert follows(d) == {child: minor}

    def test_county_may_let_adult_children_follow(self, tmp_path: Path) -> None:
        rules = rules_with(tmp_path, '[parameters.family.relations]\nvalue = ["spouse", "child", "minor_child"]\ncite = {cite}')
        d = decide(application(property_cert(), family=[member("child", CHILD_ADULT), member("parent", PARENT)]), rules)
        assert follows(d) == {CHILD_ADULT: True, PARENT: False}

    def test_county_may_let_family_follow_to_collective(self, tmp_path: Path) -> None:
        rules = rules_with(
            tmp_path, '[parameters.family.follow_address_kinds]\nvalue = ["own_residence", "employer_collective"]\ncite = {cite}',
        )
        d = decide(application(graduation(), labor_contract(), acceptance(), family=[member("spouse", SPOUSE)]), rules)
        assert follows(d) == {SPOUSE: True}

    def test_no_family_listed(self) -> None:
        assert decide(application(property_cert())).family == []


# -- priority groups (二(五)): flags, never gates ----------------------------------------------


class TestPriorityGroups:
    def groups(self, *docs: dict[str, Any], **kw: Any) -> list[str]:
        return decide(application(*docs, **kw)).priority_groups

    def test_rural_student(self) -> None:
        assert self.groups(admission(), kind="student_collective", rural_origin=True) == ["rural_student"]
        assert self.groups(admission(), kind="student_collective", rural_origin=False) == []
        assert "rural_student" not in self.groups(admission(), rural_origin=True)

    def test_veteran(self) -> None:
        assert self.groups(discharge()) == ["veteran"]
        assert self.groups(discharge(on="2017-06-01")) == ["veteran"], "discharged on the application day"
        assert self.groups(discharge(on="2017-06-02")) == [], "not yet discharged: not yet a veteran"

    @pytest.mark.parametrize(
        ("docs", "member_"),
        [
            ([insurance(60)], True),
            ([insurance(59)], False),
            ([residence_permit("2012-06-01")], True),
            ([residence_permit("2012-06-02")], False),
            ([insurance(59), residence_permit("2012-06-02")], False),
        ],
        ids=["60 months", "59 months", "permit 5 years", "permit a day short", "both short"],
    )
    def test_long_term_resident(self, docs: list[dict[str, Any]], member_: bool) -> None:
        assert ("long_term_resident" in self.groups(*docs)) is member_

    def test_family_migration(self) -> None:
        assert self.groups(family=[member("parent", PARENT)]) == ["family_migration"]
        assert self.groups(family=[]) == []

    @pytest.mark.parametrize(
        ("born", "rural", "contract", "member_"),
        [
            ("19800101", True, labor_contract(), True),
            ("19791231", True, labor_contract(), False),
            ("19950314", False, labor_contract(), False),
            ("19950314", True, labor_contract(township="350583100"), False),
            ("19950314", True, None, False),
        ],
        ids=["born 1980", "born 1979", "not rural", "employed elsewhere", "not employed"],
    )
    def test_new_generation_migrant(self, born: str, rural: bool, contract: dict[str, Any] | None, member_: bool) -> None:
        me = b.id_number("350583", born, "002")
        groups = self.groups(*([contract] if contract else []), applicant=me, rural_origin=rural)
        assert ("new_generation_migrant" in groups) is member_

    def test_all_five_in_vocabulary_order(self) -> None:
        groups = self.groups(
            discharge(), insurance(60), labor_contract(), admission(), kind="student_collective", rural_origin=True,
            family=[member("spouse", SPOUSE)],
        )
        assert groups == list(PRIORITY_GROUPS)

    @pytest.mark.parametrize(
        "docs",
        [[graduation(), labor_contract()], [rental()], [graduation()], [labor_contract()], [skills(certified_by="350102")]],
        ids=["settle", "general", "incomplete", "not eligible", "incomplete skills"],
    )
    def test_never_a_gate(self, docs: list[dict[str, Any]]) -> None:
        plain = decide(application(*docs))
        flagged = decide(application(*docs, discharge(), insurance(60), rural_origin=True))
        assert flagged.priority_groups
        assert strip(flagged, "priority_groups") == strip(plain, "priority_groups")


# -- determinism and the principles of 一(二) --------------------------------------------------


def strip(decision: Decision, *fields: str) -> dict[str, Any]:
    return decision.model_dump(mode="json", exclude=set(fields))


def as_json(decision: Decision) -> str:
    return json.dumps(decision.model_dump(mode="json"), ensure_ascii=False, sort_keys=True)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(applications)
def test_same_input_same_decision(app: dict[str, Any]) -> None:
    first = as_json(decide(app))
    assert as_json(decide(json.loads(json.dumps(app)))) == first
    fresh = Evaluator.load(REPO / "rules")
    assert as_json(fresh.decide(parse_application(json.dumps(app)))) == first


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(applications, min_size=2, max_size=8), st.randoms(use_true_random=False))
def test_order_of_evaluation_does_not_matter(apps: list[dict[str, Any]], rnd: random.Random) -> None:
    forward = Evaluator.load(REPO / "rules")
    decisions = [as_json(forward.decide(parse_application(a))) for a in apps]
    order = list(range(len(apps)))
    rnd.shuffle(order)
    shuffled = Evaluator.load(REPO / "rules")
    again = {i: as_json(shuffled.decide(parse_application(apps[i]))) for i in order}
    assert [again[i] for i in range(len(apps))] == decisions


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(applications)
def test_origin_never_decides(app: dict[str, Any]) -> None:
    """一(二): same conditions for local and non-local applicants; rural origin is for statistics."""
    if app["kind"] != "settle":
        return
    base = decide(app)
    for rural in (True, False):
        other = json.loads(json.dumps(app))
        other["applicant"]["rural_origin"] = rural
        other["documents"] = [d for d in other["documents"] if d["type"] != "household_register"]
        for division in ("350502", "110105"):
            with_register = json.loads(json.dumps(other))
            with_register["documents"].append(household_register(division))
            assert strip(decide(with_register), "priority_groups") == strip(base, "priority_groups")


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(applications)
def test_decisions_keep_the_contract(app: dict[str, Any]) -> None:
    decision = decide(app)
    assert contract_problems(decision.model_dump(mode="json")) == []
    if decision.outcome == "settle":
        assert decision.address is not None  # holds under the shipped rules
        assert all(not (s.kind == decision.address.kind) for s in decision.skipped)


def contract_problems(d: Any) -> list[str]:
    """What in ``d`` (decision JSON) breaks CONTRACT.md's Decision shape and its stated invariants."""
    out: list[str] = []

    def need(ok: bool, what: str) -> None:
        if not ok:
            out.append(what)

    keys = ["outcome", "path", "paths", "clause", "address", "skipped", "missing", "reasons", "priority_groups",
            "family", "residence_permit", "rule_pack", "warnings"]
    need(isinstance(d, dict) and all(k in d for k in keys), f"keys: {sorted(d) if isinstance(d, dict) else d}")
    if out:
        return out
    outcome = d["outcome"]
    need(outcome in ("settle", "incomplete", "not_eligible"), f"outcome {outcome!r}")
    settle = outcome == "settle"
    need((d["path"] in PATH_ORDER) if settle else d["path"] is None, "path null unless settle")
    need(isinstance(d["paths"], list) if settle else d["paths"] is None, "paths null unless settle")
    if settle and isinstance(d["paths"], list):
        need(d["paths"] == sorted(d["paths"], key=PATH_ORDER.index), "paths in contract order")
        need(bool(d["paths"]) and d["paths"][0] == d["path"], "path is the first applicable one")
    need(isinstance(d["clause"], str) if settle else d["clause"] is None, "clause with settle")
    address = d["address"]
    if settle:
        if address is not None:
            need(address.get("kind") in ADDRESS_KINDS, f"address.kind {address.get('kind')!r}")
            need(isinstance(address.get("township"), (str, type(None))), "address.township")
            need(isinstance(address.get("text"), (str, type(None))), "address.text")
    else:
        need(address is None, "address null unless settle")
    for s in d["skipped"]:
        need(s.get("kind") in ADDRESS_KINDS and isinstance(s.get("reason"), str), f"skipped {s}")
    need(bool(d["missing"]) == (outcome == "incomplete"), "missing exactly when incomplete")
    for m in d["missing"]:
        need(isinstance(m.get("reason"), str) and bool(m.get("any_of")), f"missing {m}")
        need(all(t in DOCUMENT_TYPES for t in m.get("any_of", [])), f"missing types {m.get('any_of')}")
    need(all(isinstance(r.get("reason"), str) for r in d["reasons"]), "reasons")
    need(all(g in PRIORITY_GROUPS for g in d["priority_groups"]), "priority_groups")
    for m in d["family"]:
        need(isinstance(m.get("id_number"), str) and isinstance(m.get("follows"), bool)
             and isinstance(m.get("reason"), str), f"family {m}")
    permit = d["residence_permit"]
    need(isinstance(permit, bool) if outcome == "not_eligible" else permit is None, "residence_permit")
    pack = d["rule_pack"]
    need(isinstance(pack.get("id"), str) and isinstance(pack.get("version"), str), "rule_pack id/version")
    need(bool(re.fullmatch(r"[0-9a-f]{64}", str(pack.get("sha256")))), "rule_pack.sha256")
    need(isinstance(pack.get("draft"), bool), "rule_pack.draft")
    need(all(isinstance(w.get("reason"), str) for w in d["warnings"]), "warnings")
    return out


EXAMPLES = {
    "settle": application(graduation(), labor_contract(), property_cert(), family=[member("spouse", SPOUSE)]),
    "settle-unconfigured": application(graduation(), labor_contract(TOWN_UNCONFIGURED)),
    "incomplete": application(graduation(), skills(certified_by="350102")),
    "not-eligible": application(labor_contract()),
    "draft": application(rental(township="350102001"), jurisdiction="350102"),
    "student": application(admission(), kind="student_collective", rural_origin=True),
}


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_intake_evaluate_output_keeps_the_contract(intake_cmd: list[str], tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(EXAMPLES[name], ensure_ascii=False), encoding="utf-8")
    run = subprocess.run(intake_cmd + ["evaluate", str(path)], capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    decision = json.loads(run.stdout)
    assert contract_problems(decision) == []
    assert decision == decide(EXAMPLES[name]).model_dump(mode="json")  # the CLI is a thin face


def test_intake_evaluate_reads_standard_input(intake_cmd: list[str]) -> None:
    run = subprocess.run(intake_cmd + ["evaluate", "-"], input=json.dumps(EXAMPLES["settle"]), capture_output=True,
                         text=True, encoding="utf-8", timeout=60)
    assert run.returncode == 0 and json.loads(run.stdout)["outcome"] == "settle"


def test_every_message_is_chinese_with_a_clause() -> None:
    for app in EXAMPLES.values():
        d = decide(app)
        for item in [*d.skipped, *d.missing, *d.reasons, *d.family, *d.warnings]:
            assert re.search(r"[\u4e00-\u9fff]", item.reason), item
            assert re.fullmatch(r"[一二三四](\([一二三四五六七八九十]+\))?", item.clause), item


def test_evaluate_is_pure(monkeypatch: pytest.MonkeyPatch) -> None:
    """No clock and no disk inside ``evaluate``: the rules are resolved before it runs."""
    import builtins
    import datetime as dt
    import io
    import os
    import time

    from intake.engine.evaluator import evaluate

    evaluator = b.evaluator()
    app = parse_application(EXAMPLES["settle"])
    rules = evaluator.rules_for(app)
    expected = evaluate(app, rules, evaluator.townships)

    def forbidden(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("evaluate touched the clock or the disk")

    class FrozenDate(dt.date):
        @classmethod
        def today(cls) -> dt.date:  # type: ignore[override]
            return forbidden()

    for module, name in [(builtins, "open"), (io, "open"), (os, "open"), (os, "scandir"), (os, "stat"),
                         (time, "time"), (time, "time_ns")]:
        monkeypatch.setattr(module, name, forbidden)
    monkeypatch.setattr(dt, "date", FrozenDate)
    decision = evaluate(app, rules, evaluator.townships)
    monkeypatch.undo()
    assert decision == expected


def test_a_path_not_taken_adds_no_configuration_warning(tmp_path: Path) -> None:
    """A graduate placed at the employer's collective household settles; settle_before_employment
    (switched on, its chain without the employer step) met the unconfigured township, but its
    warning is not this decision's."""
    rules = rules_with(tmp_path, TestSettleBeforeEmployment.BODY)
    d = decide(application(graduation(), labor_contract(TOWN_UNCONFIGURED), acceptance(EMPLOYER, TOWN)), rules)
    settles(d, "graduate_employed", "employer_collective")
    assert not [w for w in d.warnings if w.code == "township_public_not_configured"]
