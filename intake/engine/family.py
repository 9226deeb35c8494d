"""Whether each listed family member settles with the applicant (一(一))."""

from __future__ import annotations

from intake import ids
from intake.engine.facts import full_years
from intake.models.application import Application, FamilyMember
from intake.models.decision import Address, FamilyOutcome
from intake.rules.schema import RuleSet

_CLAUSE = "一(一)"


def _relation_kind(member: FamilyMember, app: Application, minor_age: int) -> str:
    """spouse, parent, minor_child or child: children are told apart by age on the application day."""
    if member.relation != "child":
        return member.relation
    age = full_years(ids.id_birth_date(member.id_number), app.application_date)
    return "minor_child" if age < minor_age else "child"


def _one(member: FamilyMember, app: Application, rules: RuleSet, address: Address | None) -> tuple[bool, str]:
    if address is None:
        return False, "申请人本次不能落户，家庭成员暂不能随迁"
    kind = _relation_kind(member, app, rules.param("family.minor_age"))
    if kind not in rules.param("family.relations"):
        if kind == "child":
            return False, f"子女已满 {rules.param('family.minor_age')} 周岁，不随迁，可另行申请"
        return False, "该亲属关系不在随迁范围内"
    if address.kind not in rules.param("family.follow_address_kinds"):
        label = rules.address[address.kind].label
        return False, f"申请人落户于{label}，仅申请人本人落户，家庭成员不随迁"
    return True, "随申请人落户至本人合法稳定住所"


def family_outcomes(app: Application, rules: RuleSet, address: Address | None) -> list[FamilyOutcome]:
    """One outcome per listed member, in the order listed; ``address`` None when not settling."""
    outcomes = []
    for member in app.family:
        follows, reason = _one(member, app, rules, address)
        outcomes.append(FamilyOutcome(
            id_number=member.id_number, relation=member.relation, follows=follows, reason=reason, clause=_CLAUSE
        ))
    return outcomes
