"""What the documents establish: one function per fact of the vocabulary.

A fact is *shown* when the applicant brought the kind of document it rests on (that is what opens a
path), and *satisfied* when a document actually proves it. What falls short is either a ``Gap``
(documents can cure it: missing, expired, in someone else's name, certified in the wrong place) or a
``Failure`` (they cannot: a school outside the province, too few months of contributions).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Callable

from intake import ids
from intake.models.application import Application
from intake.rules.schema import RuleSet
from intake.rules.vocabulary import SKILL_LEVELS

EMPLOYMENT_DOCS = ["labor_contract", "business_license"]
RESIDENCE_DOCS = ["property_certificate", "rental_proof"]


@dataclass(frozen=True)
class Shortfall:
    """One thing a fact lacks; ``any_of`` lists the document types that would cure it."""

    code: str
    reason: str
    any_of: tuple[str, ...] = ()


@dataclass
class FactResult:
    """A fact's standing; ``gaps`` are curable shortfalls, ``failures`` are not."""

    shown: bool
    gaps: list[Shortfall] = field(default_factory=list)
    failures: list[Shortfall] = field(default_factory=list)
    evidence: Any = None

    @property
    def satisfied(self) -> bool:
        return not self.gaps and not self.failures


def full_years(start: dt.date, end: dt.date) -> int:
    """Whole years from ``start`` to ``end`` (an age, a length of residence)."""
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def in_force(start: dt.date, end: dt.date | None, day: dt.date) -> str | None:
    """Why a dated document is not in force on ``day``, or None when it is."""
    if start > day:
        return f"自 {start.isoformat()} 起才生效"
    if end is not None and end < day:
        return f"已于 {end.isoformat()} 到期"
    return None


def _normalise_name(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace(" ", "")


@dataclass(frozen=True)
class Residence:
    """A document that qualifies as the applicant's own residence."""

    address: str
    township: str


@dataclass(frozen=True)
class Employment:
    """The employment that qualifies: who employs the applicant and where."""

    employer_name: str | None
    uscc: str
    township: str


class Facts:
    """The facts of one application under one rule set, each computed once on first use."""

    def __init__(self, app: Application, rules: RuleSet) -> None:
        self.app = app
        self.rules = rules
        self.county = app.jurisdiction
        self.day = app.application_date
        self._cache: dict[str, FactResult] = {}
        self._docs: dict[str, list[Any]] = {}
        for doc in app.documents:
            self._docs.setdefault(doc.type, []).append(doc)

    def docs(self, doc_type: str) -> list[Any]:
        """The documents of one type, in the order the clerk entered them."""
        return self._docs.get(doc_type, [])

    def get(self, fact: str) -> FactResult:
        """The named fact's result, computed on first use."""
        result = self._cache.get(fact)
        if result is None:
            result = self._cache[fact] = _FACTS[fact](self)
        return result

    def number(self, fact: str, at_least: int) -> FactResult:
        """A numeric fact against its threshold; a threshold of 0 asks for nothing."""
        if at_least <= 0:
            return FactResult(shown=True)
        return _NUMERIC[fact](self, at_least)

    # -- helpers shared by facts and the address chain -------------------------------------------

    def scope_matches(self, code: str, scope: str) -> bool:
        """Whether a division code lies in the county, city or province of the jurisdiction."""
        width = {"county": 6, "city": 4, "province": 2}[scope]
        return code[:width] == self.county[:width]

    def residence(self, scope: str, needs_registration: bool) -> FactResult:
        """The applicant's own lawful residence within ``scope`` of the county; evidence is the
        first qualifying document, property before rental."""
        me = self.app.applicant.id_number
        problems: list[Shortfall] = []
        shown = False
        for doc in self.docs("property_certificate"):
            if not self.scope_matches(doc.township, scope):
                problems.append(Shortfall("residence_outside_scope", f"不动产（{doc.address}）不在本{_SCOPE[scope]}"))
                continue
            shown = True
            if me in doc.owner_id_numbers:
                return FactResult(True, evidence=Residence(doc.address, doc.township))
            problems.append(Shortfall("property_not_applicants", f"不动产权证书（{doc.address}）未登记申请人为权利人"))
        for doc in self.docs("rental_proof"):
            if not self.scope_matches(doc.township, scope):
                problems.append(Shortfall("residence_outside_scope", f"租赁住房（{doc.address}）不在本{_SCOPE[scope]}"))
                continue
            shown = True
            if doc.lessee_id_number != me:
                problems.append(Shortfall("rental_not_applicants", f"租赁合同（{doc.address}）的承租人不是申请人"))
            elif why := in_force(doc.start, doc.end, self.day):
                problems.append(Shortfall("rental_not_in_force", f"租赁合同（{doc.address}）{why}"))
            elif needs_registration and not doc.registration_number:
                problems.append(Shortfall("rental_unregistered", f"租赁合同（{doc.address}）未办理租赁登记备案"))
            else:
                return FactResult(True, evidence=Residence(doc.address, doc.township))
        if not problems:
            problems.append(Shortfall("residence_missing", f"未提供位于本{_SCOPE[scope]}的本人不动产权证书或房屋租赁合同"))
        return FactResult(shown, gaps=[_merge(problems, RESIDENCE_DOCS)])


_SCOPE = {"county": "县（区）", "city": "设区市", "province": "省"}


def _merge(problems: list[Shortfall], any_of: list[str]) -> Shortfall:
    """Several problems with one kind of evidence become one gap listing them all."""
    return Shortfall(problems[0].code, "；".join(p.reason for p in problems), tuple(any_of))


# The shortfalls that do not depend on the documents are made once: most applicants lack most
# credentials, and these facts are computed for every path the rules could open. (Shortfall is
# frozen, so sharing is safe.)
_ID_CARD_MISSING = Shortfall("id_card_missing", "未提供申请人本人的居民身份证", ("id_card",))
_GRADUATION_IN_FUTURE = Shortfall("graduation_in_future", "毕业证书的毕业日期晚于申请日期", ("graduation_certificate",))
_SKILLS_MISSING = Shortfall("skills_certificate_missing", "未提供岗位技能资质等级证书", ("skills_certificate",))
_OVERSEAS_MISSING = Shortfall(
    "overseas_certification_missing", "未提供国（境）外学历学位认证书", ("overseas_credential_certification",)
)
_ADMISSION_MISSING = Shortfall("admission_notice_missing", "未提供录取通知书", ("admission_notice",))


def _identity(f: Facts) -> FactResult:
    """The applicant's own identity card. One under the applicant's number and another name is a
    gap the right card cures, like any document in somebody else's name. A card with another number
    is refused as input (POLICY, outcomes; ``models.parse``) — an application stored before that
    rule (read back by its model alone) still gets no identity from it."""
    cards = f.docs("id_card")
    me = f.app.applicant
    if any(card.id_number == me.id_number and card.name == me.name for card in cards):
        return FactResult(True)
    if not cards:
        return FactResult(False, gaps=[_ID_CARD_MISSING])
    problems = [
        f"居民身份证上的姓名“{card.name}”与申请人姓名“{me.name}”不一致" if card.id_number == me.id_number
        else f"居民身份证（{card.name}）的号码与申请人的身份号码不一致，不是申请人本人的身份证"
        for card in cards
    ]
    return FactResult(True, gaps=[Shortfall("id_card_not_applicants", "；".join(problems), ("id_card",))])


def _graduate(kind: str, label: str) -> Callable[[Facts], FactResult]:
    missing = Shortfall(f"{kind}_certificate_missing", f"未提供{label}毕业证书", ("graduation_certificate",))

    def fact(f: Facts) -> FactResult:
        certs = [d for d in f.docs("graduation_certificate") if d.school_kind == kind]
        if not certs:
            return FactResult(False, gaps=[missing])
        if all(c.graduated_on > f.day for c in certs):
            return FactResult(True, gaps=[_GRADUATION_IN_FUTURE])
        return FactResult(True)

    return fact


def _skills(f: Facts) -> FactResult:
    certs = f.docs("skills_certificate")
    if not certs:
        return FactResult(False, gaps=[_SKILLS_MISSING])
    scope = f.rules.param("key_groups.skills_certification_scope")
    lowest = SKILL_LEVELS.index(f.rules.param("key_groups.min_skill_level"))
    problems = []
    for cert in certs:
        if SKILL_LEVELS.index(cert.level) < lowest:
            problems.append(Shortfall("skills_level_too_low", f"证书 {cert.number} 的等级低于要求"))
        elif not f.scope_matches(cert.certified_by, scope):
            problems.append(Shortfall(
                "skills_not_certified_at_workplace",
                f"证书 {cert.number} 由 {cert.certified_by} 认证，未取得就业地（本{_SCOPE[scope]}）认证",
            ))
        else:
            return FactResult(True)
    return FactResult(True, gaps=[_merge(problems, ["skills_certificate"])])


def _overseas(f: Facts) -> FactResult:
    certs = f.docs("overseas_credential_certification")
    if not certs:
        return FactResult(False, gaps=[_OVERSEAS_MISSING])
    accepted = {_normalise_name(n) for n in f.rules.param("key_groups.overseas_certifiers")}
    if any(_normalise_name(c.issuer) in accepted for c in certs):
        return FactResult(True)
    issuers = "、".join(c.issuer for c in certs)
    return FactResult(True, gaps=[Shortfall(
        "overseas_certifier_not_accepted",
        f"认证书出具机构（{issuers}）不是中国留学服务中心，须经中国留学服务中心认证",
        ("overseas_credential_certification",),
    )])


def _employment(f: Facts) -> FactResult:
    """Employment in the county; the evidence is every qualifying job, in the order entered
    (the first decides the township, any of them may offer its collective household)."""
    me = f.app.applicant.id_number
    problems: list[Shortfall] = []
    jobs: list[Employment] = []
    for doc in f.docs("labor_contract"):
        if not f.scope_matches(doc.workplace_township, "county"):
            problems.append(Shortfall("employment_outside_county", f"劳动合同（{doc.employer_name}）的工作地点不在本县（区）"))
        elif why := in_force(doc.start, doc.end, f.day):
            problems.append(Shortfall("contract_not_in_force", f"劳动合同（{doc.employer_name}）{why}"))
        else:
            jobs.append(Employment(doc.employer_name, doc.employer_uscc, doc.workplace_township))
    for doc in f.docs("business_license"):
        if doc.holder_id_number != me:
            problems.append(Shortfall("license_not_applicants", f"营业执照（{doc.uscc}）的持有人不是申请人"))
        elif not f.scope_matches(doc.township, "county"):
            problems.append(Shortfall("employment_outside_county", f"营业执照（{doc.uscc}）的登记地不在本县（区）"))
        else:
            jobs.append(Employment(None, doc.uscc, doc.township))
    if jobs:
        return FactResult(True, evidence=jobs)
    shown = bool(f.docs("labor_contract") or f.docs("business_license"))
    if not problems:
        problems.append(Shortfall("employment_missing", "未提供在本县（区）就业的劳动（聘用）合同或本人营业执照"))
    return FactResult(shown, gaps=[_merge(problems, EMPLOYMENT_DOCS)])


def _residence_general(f: Facts) -> FactResult:
    return f.residence("county", f.rules.param("general.rental_requires_registration"))


def _admission(f: Facts) -> FactResult:
    notices = f.docs("admission_notice")
    if not notices:
        return FactResult(False, gaps=[_ADMISSION_MISSING])
    prefix = f.rules.param("student.province_prefix")
    for notice in notices:
        if notice.division.startswith(prefix):
            return FactResult(True, evidence=notice)
    schools = "、".join(n.school for n in notices)
    return FactResult(True, failures=[Shortfall("school_outside_province", f"录取院校（{schools}）不在省内，不能迁入院校学生集体户")])


def insurance_months(f: Facts) -> int | None:
    """Months of contributions in the county, the largest any record shows."""
    records = f.docs("social_insurance_record")
    return max(r.months for r in records) if records else None


def _insurance(f: Facts, at_least: int) -> FactResult:
    months = insurance_months(f)
    if months is None:
        return FactResult(False, gaps=[Shortfall("social_insurance_missing", f"未提供社会保险参保缴费证明（须在本县（区）缴费满 {at_least} 个月）", ("social_insurance_record",))])
    if months < at_least:
        return FactResult(True, failures=[Shortfall("social_insurance_too_short", f"在本县（区）参保缴费 {months} 个月，不足 {at_least} 个月")])
    return FactResult(True)


def residence_permit_years(f: Facts) -> int | None:
    """Whole years since the earliest residence permit in force began, or None without one."""
    starts = [p.valid_from for p in f.docs("residence_permit") if p.valid_from <= f.day]
    return full_years(min(starts), f.day) if starts else None


def _residence_years(f: Facts, at_least: int) -> FactResult:
    years = residence_permit_years(f)
    if years is None:
        later = sorted(p.valid_from for p in f.docs("residence_permit"))
        if later:  # shown, but not yet in force on the application date: a gap documents can cure
            return FactResult(False, gaps=[Shortfall(
                "residence_permit_not_yet_valid",
                f"居住证自 {later[0].isoformat()} 起才生效，申请日期时尚未生效（须连续居住满 {at_least} 年）",
                ("residence_permit",))])
        return FactResult(False, gaps=[Shortfall("residence_permit_missing", f"未提供居住证（须连续居住满 {at_least} 年）", ("residence_permit",))])
    if years < at_least:
        return FactResult(True, failures=[Shortfall("residence_too_short", f"连续居住 {years} 年，不足 {at_least} 年")])
    return FactResult(True)


def birth_year(number: str) -> int:
    """The birth year encoded in a resident ID number."""
    return ids.id_birth_date(number).year


_FACTS: dict[str, Callable[[Facts], FactResult]] = {
    "identity": _identity,
    "higher_education_graduate": _graduate("higher_education", "高等院校"),
    "vocational_graduate": _graduate("vocational", "职业院校"),
    "skills_certified": _skills,
    "overseas_certified": _overseas,
    "employment_in_county": _employment,
    "residence_in_county": _residence_general,
    "admission_in_province": _admission,
}

_NUMERIC: dict[str, Callable[[Facts, int], FactResult]] = {
    "social_insurance_months": _insurance,
    "residence_years": _residence_years,
}
