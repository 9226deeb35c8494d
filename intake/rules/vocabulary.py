"""The fixed vocabulary rule packs are written in: facts, parameters, paths, address steps and
priority groups. A pack may combine these; it cannot invent new ones, and nothing in it is run as
code. Names that POLICY.md forbids as conditions are recognised so the refusal cites the clause."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

PATH_ORDER: tuple[str, ...] = (
    "graduate_employed",
    "skilled_worker",
    "vocational_graduate",
    "returned_overseas_student",
    "general",
    "settle_before_employment",
    "student_collective",
    "return_to_origin",
)

ADDRESS_KINDS: tuple[str, ...] = (
    "own_residence",
    "employer_collective",
    "township_public",
    "school_collective",
    "origin",
)

PRIORITY_GROUPS: tuple[str, ...] = (
    "rural_student",
    "veteran",
    "long_term_resident",
    "family_migration",
    "new_generation_migrant",
)

APPLICATION_KINDS: tuple[str, ...] = ("settle", "student_collective", "return_to_origin")


@dataclass(frozen=True)
class FactSpec:
    """A fact the engine derives from the documents; ``numeric`` facts take an ``at_least``."""

    label: str
    numeric: bool = False


FACTS: dict[str, FactSpec] = {
    "identity": FactSpec("本人居民身份证"),
    "higher_education_graduate": FactSpec("高等院校毕业证书"),
    "vocational_graduate": FactSpec("职业院校毕业证书"),
    "skills_certified": FactSpec("就业地认证的初级工以上岗位技能资质等级证书"),
    "overseas_certified": FactSpec("中国留学服务中心出具的国（境）外学历学位认证书"),
    "employment_in_county": FactSpec("在本县（区）合法稳定就业（劳动合同或本人营业执照）"),
    "residence_in_county": FactSpec("在本县（区）的本人合法稳定住所（含租赁）"),
    "admission_in_province": FactSpec("省内院校录取通知书"),
    "social_insurance_months": FactSpec("本县（区）社会保险缴费月数", numeric=True),
    "residence_years": FactSpec("连续居住年限（居住证）", numeric=True),
}

SKILL_LEVELS: tuple[str, ...] = (
    "primary",
    "intermediate",
    "advanced",
    "technician",
    "senior_technician",
)


@dataclass(frozen=True)
class ParameterSpec:
    """A parameter's allowed values: ``kind`` is bool, int, str or list; ``choices`` limit them."""

    kind: type
    choices: tuple[str, ...] = ()

    def check(self, value: Any) -> str | None:
        """Why ``value`` is not allowed, or None."""
        if self.kind is int and (isinstance(value, bool) or not isinstance(value, int)):
            return "应为整数"
        if not isinstance(value, self.kind):
            return {bool: "应为 true 或 false", str: "应为文字", list: "应为列表"}.get(
                self.kind, "类型不对"
            )
        if self.kind is int and isinstance(value, int) and value < 0:
            return "不能为负数"
        items = value if isinstance(value, list) else [value]
        if self.choices:
            wrong = [v for v in items if v not in self.choices]
            if wrong:
                return f"{wrong[0]!r} 不在允许的取值 {list(self.choices)} 中"
        elif self.kind is list and not all(isinstance(v, str) and v for v in items):
            return "列表中每一项都应为非空文字"
        return None


PARAMETERS: dict[str, ParameterSpec] = {
    "key_groups.require_employment": ParameterSpec(bool),
    "key_groups.skills_certification_scope": ParameterSpec(str, ("county", "city", "province")),
    "key_groups.min_skill_level": ParameterSpec(str, SKILL_LEVELS),
    "key_groups.overseas_certifiers": ParameterSpec(list),
    "address.residence_scope": ParameterSpec(str, ("county", "city")),
    "address.rental_requires_registration": ParameterSpec(bool),
    "general.rental_requires_registration": ParameterSpec(bool),
    "general.min_social_insurance_months": ParameterSpec(int),
    "general.min_residence_years": ParameterSpec(int),
    "family.relations": ParameterSpec(list, ("spouse", "minor_child", "child", "parent")),
    "family.follow_address_kinds": ParameterSpec(list, ADDRESS_KINDS),
    "family.minor_age": ParameterSpec(int),
    "student.province_prefix": ParameterSpec(str),
    "priority.long_term_months": ParameterSpec(int),
    "priority.long_term_years": ParameterSpec(int),
    "priority.new_generation_born_from": ParameterSpec(int),
}

_FORBIDDEN: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (
        re.compile(r"land|homestead|collective_income|土地|宅基地|集体收益"),
        "三(十)",
        "不得以退出土地承包经营权、集体收益分配权、宅基地使用权作为落户条件",
    ),
    (re.compile(r"point|score|积分"), "二(五)", "除超大、特大城市外不得采取积分制设置落户限制"),
    (
        re.compile(r"origin|hukou|household_register|local|native|籍|户口所在"),
        "一(二)",
        "本地和外地非户籍人口实行相同的落户条件和标准，不得以申请人户口所在地为条件",
    ),
)


def forbidden(name: str) -> tuple[str, str] | None:
    """(clause, why) when a condition or parameter name reaches for something POLICY.md forbids."""
    lowered = name.lower()
    for pattern, clause, why in _FORBIDDEN:
        if pattern.search(lowered):
            return clause, why
    return None
