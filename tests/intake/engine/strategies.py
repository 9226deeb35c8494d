"""Hypothesis strategies for whole applications, built from the same small parts the unit tests
use, so generated cases reach every path, address step and outcome."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from tests.intake.engine import builders as b

TOWNS = ["350502001", "350502002", "350502001", "350502002", "350502003", "350502099", "350503001", "350583100", "350102001"]
DAYS = ["2017-06-01", "2017-03-31", "2018-02-28"]
WINDOWS = [("2016-01-01", None), ("2017-03-01", "2019-12-31"), ("2016-01-01", "2017-05-31"), ("2017-09-01", None)]
PEOPLE = [b.ME, b.SOMEONE_ELSE]
FAMILY = [
    b.member("spouse", b.SOMEONE_ELSE, "陈静怡"),
    b.member("child", b.id_number("350502", "20100101", "011"), "林小"),
    b.member("child", b.id_number("350502", "19990601", "021"), "林大"),
    b.member("parent", b.id_number("350583", "19650101", "011"), "林父"),
]

towns = st.sampled_from(TOWNS)
windows = st.sampled_from(WINDOWS)
employers = st.sampled_from([b.EMPLOYER, b.OTHER_EMPLOYER])


def _contract(town: str, uscc: str, window: tuple[str, str | None]) -> dict[str, Any]:
    return b.labor_contract(town, uscc, window[0], window[1])


def _rental(registered: bool, town: str, lessee: str, window: tuple[str, str | None]) -> dict[str, Any]:
    return b.rental(registered, town, lessee, window[0], window[1])


documents = st.one_of(
    st.builds(b.graduation, st.sampled_from(["higher_education", "vocational"]), st.sampled_from(["2016-07-01", "2017-07-01"])),
    st.builds(_contract, towns, employers, windows),
    st.builds(b.business_license, towns, st.sampled_from(PEOPLE), employers),
    st.builds(b.skills, st.sampled_from(["primary", "technician"]), st.sampled_from(["350502", "350503", "350102"])),
    st.builds(b.overseas, st.sampled_from(["中国留学服务中心", "教育部留学服务中心", "某留学中介"])),
    st.builds(lambda owners, town: b.property_cert(owners, town), st.sampled_from([[b.ME], [b.SOMEONE_ELSE], [b.SOMEONE_ELSE, b.ME]]), towns),
    st.builds(_rental, st.booleans(), towns, st.sampled_from(PEOPLE), windows),
    st.builds(b.acceptance, employers, towns),
    st.builds(b.insurance, st.sampled_from([0, 12, 59, 60, 120])),
    st.builds(b.residence_permit, st.sampled_from(["2010-01-01", "2012-06-01", "2016-06-01", "2017-09-01"])),
    st.builds(b.admission, st.sampled_from(["350203", "350502", "110108"])),
    st.builds(b.discharge),
    st.builds(b.household_register, st.sampled_from(["350583", "350502", "110105"])),
)

applications = st.builds(
    lambda docs, day, jurisdiction, kind, rural, family, card: b.application(
        *docs, day=day, jurisdiction=jurisdiction, kind=kind, rural_origin=rural, family=family, with_id_card=card,
    ),
    st.lists(documents, max_size=7),
    st.sampled_from(DAYS),
    st.sampled_from(["350502", "350502", "350502", "350102", "350583"]),
    st.sampled_from(["settle", "settle", "settle", "student_collective", "return_to_origin"]),
    st.booleans(),
    st.lists(st.sampled_from(FAMILY), max_size=3, unique_by=lambda m: m["id_number"]),
    st.sampled_from([True, True, True, False]),
)
