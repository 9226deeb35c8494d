"""County names for what people read: every listed code is a Fujian county-level code under a
listed city, and an unknown code is shown as itself."""

from __future__ import annotations

from intake.divisions import CITIES, COUNTIES, county_label, county_name


def test_every_county_lies_in_a_listed_city() -> None:
    assert all(code.startswith("35") and len(code) == 6 and code[:4] in CITIES for code in COUNTIES)
    assert len(set(COUNTIES.values())) >= len(COUNTIES) - 1  # 沙县 / 沙县区 and kin differ by a character


def test_names_and_labels() -> None:
    assert county_name("350502") == "泉州市鲤城区"
    assert county_name("350128") == "平潭综合实验区"
    assert county_label("350583") == "泉州市南安市（350583）"
    assert county_name("359999") is None and county_label("359999") == "359999"
