"""Realistic generated applications for training, demos, tests and benchmarks.

People get valid resident ID numbers (GB 11643 check character) from Fujian and other provinces'
division codes, plausible Chinese names — mostly three characters, a quarter two, a few compound
surnames, and now and then the non-BMP character 𠮷 — and documents that lead, through the real
evaluator, to a spread of outcomes: every settlement path and address kind, gaps the one-time
notice lists, and applicants with nothing to go on. Deterministic for a given seed.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from intake import ids

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕"
    "丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严洪"
    "施柯庄骆翁傅游"
)
#: Fujian's most common surnames come first and are drawn more often.
_SURNAME_WEIGHTS = [12 if c in "陈林黄张吴王李郑刘杨" else 1 for c in SURNAMES]
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "司徒")
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂晓华建国志文婷雪梅海燕俊子涵欣怡浩宇梓轩思颖佳"
    "琪嘉欣雨萱一诺家豪振宇晨阳博文天佑雅婷美玲丽君淑芬惠珍秋月金凤春生荣福德水清泉山林玉宝珠"
)
RARE_CHAR = "𠮷"  # U+20BB7, outside the BMP

ORIGIN_DIVISIONS = (
    "350102", "350103", "350104", "350111", "350121", "350122", "350181", "350203", "350205", "350206",
    "350211", "350212", "350302", "350303", "350322", "350402", "350403", "350421", "350502", "350503",
    "350504", "350505", "350521", "350524", "350525", "350526", "350581", "350582", "350583", "350602",
    "350603", "350623", "350626", "350681", "350702", "350721", "350781", "350802", "350821", "350902",
    "350981", "352201", "360102", "360721", "430102", "430521", "510104", "410102", "522101", "450102",
)

#: county -> townships where people work and live (the sample county 鲤城区 first and most often).
COUNTIES: dict[str, tuple[str, ...]] = {
    "350502": tuple(f"350502{n:03d}" for n in range(1, 9)),
    "350583": ("350583100", "350583101", "350583102"),
    "350102": ("350102001", "350102002", "350102003"),
    "350203": ("350203001", "350203002"),
    "350128": ("350128100", "350128101"),
}
_COUNTY_WEIGHTS = (10, 3, 2, 2, 1)

_FIRMS = ("鑫源", "恒达", "闽南", "海峡", "宏图", "华泰", "永兴", "嘉禾", "东方", "顺昌", "聚丰", "新锐")
_TRADES = ("科技", "机械", "电子", "纺织", "食品", "建材", "物流", "鞋业", "服装", "石材", "茶业", "陶瓷")
_FORMS = ("有限公司", "股份有限公司", "有限责任公司")
_CITY = {"3505": "泉州", "3501": "福州", "3502": "厦门"}
_ROADS = ("温陵路", "中山路", "新华路", "江滨路", "丰泽街", "津淮街", "金山路", "湖滨路", "华侨路", "学府路")
_SCHOOLS = ("福建师范大学", "华侨大学", "泉州师范学院", "福州大学", "集美大学", "黎明职业大学")

FIRST_DAY = dt.date(2017, 4, 1)
LAST_DAY = dt.date(2020, 12, 31)


class Generator:
    """Draws people, organisations and applications from one seeded random source."""

    def __init__(self, seed: int | None = None) -> None:
        self.rng = random.Random(seed)

    # people and organisations

    def name(self) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.03:
            surname, given_len = rng.choice(COMPOUND_SURNAMES), rng.choice((1, 2))
        else:
            surname, given_len = rng.choices(SURNAMES, _SURNAME_WEIGHTS)[0], 1 if roll < 0.28 else 2
        given = "".join(rng.choice(GIVEN) for _ in range(given_len))
        if rng.random() < 0.002:
            given = given[:-1] + RARE_CHAR
        return surname + given

    def id_number(self, born_from: int = 1960, born_to: int = 2001, on: dt.date | None = None) -> str:
        rng = self.rng
        start = dt.date(born_from, 1, 1)
        end = min(dt.date(born_to, 12, 31), (on or LAST_DAY) - dt.timedelta(days=1))
        born = start + dt.timedelta(days=rng.randrange((end - start).days + 1))
        first17 = f"{rng.choice(ORIGIN_DIVISIONS)}{born:%Y%m%d}{rng.randrange(1000):03d}"
        return first17 + ids.id_check_char(first17)

    def phone(self) -> str | None:
        rng = self.rng
        if rng.random() < 0.35:
            return None
        return f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"

    def uscc(self, county: str) -> str:
        body = "".join(self.rng.choice(ids.USCC_ALPHABET) for _ in range(9))
        first17 = f"91{county}{body}"
        return first17 + ids.uscc_check_char(first17)

    def employer(self, county: str) -> str:
        rng = self.rng
        return f"{_CITY.get(county[:4], '福建')}{rng.choice(_FIRMS)}{rng.choice(_TRADES)}{rng.choice(_FORMS)}"

    def address(self) -> str:
        rng = self.rng
        return f"{rng.choice(_ROADS)}{rng.randrange(1, 400)}号{rng.randrange(1, 30)}{rng.randrange(1, 5):02d}室"

    def number(self, prefix: str, digits: int = 10) -> str:
        return prefix + f"{self.rng.randrange(10**digits):0{digits}d}"

    def application_day(self, index: int, total: int) -> dt.date:
        """Dates spread over the sample period in filing order, so case numbers rise with dates."""
        span = (LAST_DAY - FIRST_DAY).days
        return FIRST_DAY + dt.timedelta(days=min(span, index * span // max(total, 1) + self.rng.randrange(2)))

    # documents

    def _day(self, before: dt.date, max_days: int, min_days: int = 1) -> dt.date:
        return before - dt.timedelta(days=self.rng.randrange(min_days, max_days))

    def contract(self, county: str, township: str, on: dt.date, uscc: str | None = None,
                 expired: bool = False) -> dict[str, Any]:
        start = self._day(on, 900, 30)
        end = on - dt.timedelta(days=self.rng.randrange(1, 60)) if expired else self.rng.choice(
            (None, on + dt.timedelta(days=self.rng.randrange(30, 1500))))
        if end is not None and end < start:
            start = end - dt.timedelta(days=365)
        return {"type": "labor_contract", "employer_name": self.employer(county),
                "employer_uscc": uscc or self.uscc(county), "start": start.isoformat(),
                "end": end.isoformat() if end else None, "workplace_township": township}

    def rental(self, me: str, township: str, on: dt.date, registered: bool) -> dict[str, Any]:
        start = self._day(on, 700, 10)
        return {"type": "rental_proof", "lessee_id_number": me, "address": self.address(), "township": township,
                "start": start.isoformat(), "end": (on + dt.timedelta(days=self.rng.randrange(30, 700))).isoformat(),
                "registration_number": self.number("泉鲤租备", 6) if registered else ""}

    def graduation(self, on: dt.date, kind: str = "higher_education") -> dict[str, Any]:
        return {"type": "graduation_certificate", "school_kind": kind, "number": self.number("1038", 12),
                "graduated_on": self._day(on, 2000, 60).isoformat()}

    # applications

    def application(self, on: dt.date | None = None) -> dict[str, Any]:
        """One application as a clerk would enter it (JSON-shaped)."""
        rng = self.rng
        on = on or FIRST_DAY + dt.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
        county = rng.choices(tuple(COUNTIES), _COUNTY_WEIGHTS)[0]
        townships = COUNTIES[county]
        name, me = self.name(), self.id_number(1965, 2000, on)
        applicant: dict[str, Any] = {"id_number": me, "name": name}
        if phone := self.phone():
            applicant["phone"] = phone
        if rng.random() < 0.3:
            applicant["rural_origin"] = True
        scenario = rng.choices(_SCENARIOS, _SCENARIO_WEIGHTS)[0]
        app: dict[str, Any] = {"application_date": on.isoformat(), "jurisdiction": county, "applicant": applicant,
                               "documents": [{"type": "id_card", "id_number": me, "name": name}]}
        scenario(self, app, county, townships, on)
        if rng.random() < 0.15:
            app["documents"].append({"type": "social_insurance_record", "months": rng.randrange(1, 120)})
        if rng.random() < 0.05:
            app["documents"].append({"type": "discharge_certificate", "number": self.number("TY", 8),
                                     "discharged_on": self._day(on, 3000, 30).isoformat()})
        return app


Scenario = Callable[[Generator, dict[str, Any], str, tuple[str, ...], dt.date], None]


def _graduate_rental(g: Generator, app: dict[str, Any], county: str, towns: tuple[str, ...], on: dt.date) -> None:
    me = app["applicant"]["id_number"]
    app["documents"] += [g.graduation(on), g.contract(county, g.rng.choice(towns), on),
                         g.rental(me, g.rng.choice(towns), on, registered=True)]


def _graduate_collective(g: Generator, app: dict[str, Any], county: str, towns: tuple[str, ...], on: dt.date) -> None:
    me = app["applicant"]["id_number"]
    uscc = g.uscc(county)
    app["documents"] += [g.graduation(on), g.contract(county, g.rng.choice(towns), on, uscc),
                         g.rental(me, g.rng.choice(towns), on, registered=False),
                         {"type": "collective_household_acceptance", "employer_uscc": uscc, "township": g.rng.choice(towns)}]


def _graduate_public(g: Generator, app: dict[str, Any], county: str, towns: tuple[str, ...], on: dt.date) -> None:
    app["documents"] += [g.graduation(on), g.contract(county, g.rng.choice(towns), on)]


def _graduate_unemployed(g: Generator, app: dict[str, Any], county: str, towns: tuple[str, ...], on: dt.date) -> None:
    app["documents"] += [g.graduation(on)]


def _vocational_property(g: Generator, app: dict[str, Any], county: str, towns: tuple[str, ...], on: dt.date) -> None:
    me = app["applicant"]["id_number"]
    app["documents"] += [g.graduation(on, "vocational"), g.contract(county, g.rng.choice(towns), on),
                         {"type": "property_certificate", "owner_id_numbers": [me], "address": g.address(),
                          "township": g.rng.choice(towns)}]


def _skilled_worker(g: Generator, app: dict[str, Any], county: str, towns: tuple[str, ...], on: dt.date,
                    expired: bool = False) -> None:
    level = g.rng.choice(("primary", "intermediate", "advanced", "technician", "senior_technician"))
    app["documents"] += [{"type": "skills_certificate", "level": level, "number": g.number("S", 12),
                          "certified_by": county},
                         g.contract(county, g.rng.choice(towns), on, expired=expired)]


def _skilled_expired(g: Generator, app: dict[str, Any], county: str, towns: tuple[str, ...], on: dt.date) -> None:
    _skilled_worker(g, app, county, towns, on, expired=True)


def _general_rental(g: Generator, app: dict[str, Any], county: str, towns: tuple[str, ...], on: dt.date) -> None:
    me = app["applicant"]["id_number"]
    app["documents"] += [g.rental(me, g.rng.choice(towns), on, registered=g.rng.random() < 0.5)]
    if g.rng.random() < 0.4:
        app["documents"].append({"type": "residence_permit", "number": g.number("JZ", 10),
                                 "valid_from": g._day(on, 3000, 30).isoformat()})


def _overseas(g: Generator, app: dict[str, Any], county: str, towns: tuple[str, ...], on: dt.date) -> None:
    app["documents"] += [{"type": "overseas_credential_certification", "number": g.number("RZ", 10),
                          "issuer": "中国留学服务中心"}, g.contract(county, g.rng.choice(towns), on)]


def _family(g: Generator, app: dict[str, Any], county: str, towns: tuple[str, ...], on: dt.date) -> None:
    _vocational_property(g, app, county, towns, on)
    app["documents"][1] = g.graduation(on)
    app["family"] = [{"relation": "spouse", "id_number": g.id_number(1965, 2000, on), "name": g.name()}]
    if g.rng.random() < 0.6:
        app["family"].append({"relation": "child", "id_number": g.id_number(2005, 2016, on), "name": g.name()})
    if g.rng.random() < 0.3:
        app["family"].append({"relation": "parent", "id_number": g.id_number(1940, 1964, on), "name": g.name()})


def _student(g: Generator, app: dict[str, Any], county: str, towns: tuple[str, ...], on: dt.date) -> None:
    app["kind"] = "student_collective"
    app["applicant"]["id_number"] = me = g.id_number(1998, 2001, on)
    app["documents"][0]["id_number"] = me
    app["documents"].append({"type": "admission_notice", "school": g.rng.choice(_SCHOOLS), "division": county})


def _nothing(g: Generator, app: dict[str, Any], county: str, towns: tuple[str, ...], on: dt.date) -> None:
    if g.rng.random() < 0.5:
        app["documents"].append(g.contract(county, g.rng.choice(towns), on))


_SCENARIOS: tuple[Scenario, ...] = (
    _graduate_rental, _graduate_collective, _graduate_public, _graduate_unemployed, _vocational_property,
    _skilled_worker, _skilled_expired, _general_rental, _overseas, _family, _student, _nothing,
)
_SCENARIO_WEIGHTS = (15, 10, 10, 8, 8, 10, 4, 12, 3, 6, 4, 10)
