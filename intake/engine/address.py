"""The registration-address chain (二(四)): the first available option in the path's order, with
the reason each higher option was skipped. The applicant cannot skip to a lower option."""

from __future__ import annotations

from dataclasses import dataclass, field

from intake.engine.facts import RESIDENCE_DOCS, Employment, Facts, Residence, Shortfall
from intake.models.decision import Address
from intake.rules.townships import Townships


@dataclass
class Placement:
    """The chosen address, the options skipped before it, and any configuration warning."""

    address: Address | None = None
    skipped: list[tuple[str, Shortfall]] = field(default_factory=list)
    warnings: list[Shortfall] = field(default_factory=list)


def _own_residence(f: Facts, path_id: str) -> Address | Shortfall:
    if path_id == "general":
        # The general path is registered at the residence that qualified the applicant.
        result = f.get("residence_in_county")
    else:
        result = f.residence(
            f.rules.param("address.residence_scope"),
            f.rules.param("address.rental_requires_registration"),
        )
    if result.satisfied:
        home: Residence = result.evidence
        return Address(kind="own_residence", township=home.township, text=home.address)
    return result.gaps[0]


def _employer_collective(f: Facts, towns: Townships) -> Address | Shortfall:
    job = f.get("employment_in_county")
    if not job.satisfied:
        return Shortfall("no_employer", "没有在本县（区）有效的就业单位，无法落入单位集体户")
    jobs: list[Employment] = job.evidence
    letters = f.docs("collective_household_acceptance")
    if not letters:
        return Shortfall("acceptance_missing", "未提供就业单位集体户接收证明")
    employers = {e.uscc: e for e in reversed(jobs)}  # the first job entered wins a tie
    problems = []
    for letter in letters:
        employer = employers.get(letter.employer_uscc)
        if employer is None:
            known = "、".join(employers)
            problems.append(f"接收证明的单位（{letter.employer_uscc}）不是申请人的就业单位（{known}）")
        elif not f.scope_matches(letter.township, "county"):
            problems.append(f"单位集体户所在乡镇（{letter.township}）不在本县（区）")
        else:
            town = towns.get(letter.township)
            owner = employer.employer_name or f"统一社会信用代码 {employer.uscc} 的单位"
            where = f"（{town.name}）" if town else ""
            return Address(kind="employer_collective", township=letter.township, text=f"{owner}集体户{where}")
    return Shortfall("acceptance_mismatch", "；".join(problems))


def _public_township(f: Facts) -> str | None:
    """The township of the employment; without one, of the applicant's residence in the county."""
    job = f.get("employment_in_county")
    if job.satisfied:
        return job.evidence[0].township
    for doc in f.docs("property_certificate") + f.docs("rental_proof"):
        if f.scope_matches(doc.township, "county"):
            return doc.township
    return None


def _township_public(f: Facts, towns: Townships, placement: Placement) -> Address | Shortfall:
    """The last resort, unless the registry lacks the township's public address: then the case
    cannot be completed (二(四)) — the county is warned which entry is missing, and the applicant is
    told the higher options that would still place them."""
    code = _public_township(f)
    if code is None:
        return Shortfall("no_township", "无法确定就业所在地乡（镇、街道）")
    town = towns.get(code)
    if town is None or not town.public_address:
        where = f"{town.name}（{code}）" if town else f"乡镇（街道）{code}（乡镇名录中没有此乡镇）"
        placement.warnings.append(Shortfall(
            "township_public_not_configured",
            f"{where}的公共集体户地址尚未在乡镇名录中登记，暂不能落户于该乡镇（街道）公共集体户",
        ))
        return Shortfall(
            "township_public_not_configured",
            f"{where}暂无可落户的公共集体户地址，须落户于本人在本县（区）的合法稳定住所或就业单位集体户",
            (*RESIDENCE_DOCS, "collective_household_acceptance"),
        )
    return Address(kind="township_public", township=code, text=town.public_address)


def _school_collective(f: Facts) -> Address | Shortfall:
    result = f.get("admission_in_province")
    if not result.satisfied:
        return Shortfall("no_school", "没有省内院校的录取通知书")
    return Address(kind="school_collective", township=None, text=f"{result.evidence.school}学生集体户")


def _origin(f: Facts) -> Address:
    registers = f.docs("household_register")
    if registers:
        return Address(kind="origin", township=None, text=registers[0].address)
    return Address(kind="origin", township=None, text="原籍（以迁出地户口登记地址为准）")


def place(f: Facts, towns: Townships, path_id: str, steps: tuple[str, ...]) -> Placement:
    """Walks the path's address steps in order and stops at the first available one."""
    placement = Placement()
    for kind in steps:
        if kind == "own_residence":
            found = _own_residence(f, path_id)
        elif kind == "employer_collective":
            found = _employer_collective(f, towns)
        elif kind == "township_public":
            found = _township_public(f, towns, placement)
        elif kind == "school_collective":
            found = _school_collective(f)
        else:
            found = _origin(f)
        if isinstance(found, Address):
            placement.address = found
            return placement
        placement.skipped.append((kind, found))
    return placement
