"""Search by name (1–4 characters and longer, 𠮷 included), ID number, case number and phone."""

from __future__ import annotations

import pytest

from intake.store import Store
from intake.store.search import _after_prefix, classify, name_grams
from tests.intake.store.conftest import CLERK, make_app, person

PEOPLE = ["林晓", "林晓明", "王林", "𠮷野家", "陈𠮷", "欧阳晓林", "李娜"]


@pytest.fixture
def numbers(store: Store) -> dict[str, str]:
    return {name: store.cases.create(make_app(name=name, id_number=person(i), phone=f"1380501{i:04d}"), CLERK).case
            for i, name in enumerate(PEOPLE)}


def _names(store: Store, text: str) -> list[str]:
    return [h.name for h in store.search(text).hits]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("林", ["欧阳晓林", "王林", "林晓明", "林晓"]),
        ("林晓", ["林晓明", "林晓"]),
        ("晓林", ["欧阳晓林"]),
        ("𠮷", ["陈𠮷", "𠮷野家"]),
        ("𠮷野", ["𠮷野家"]),
        ("陈𠮷", ["陈𠮷"]),
        ("欧阳晓林", ["欧阳晓林"]),
        ("李娜", ["李娜"]),
        (" 李 娜 ", ["李娜"]),
        ("娜", ["李娜"]),
        ("张", []),
        ("林晓明明", []),
    ],
)
def test_names_exactly_newest_first(store: Store, numbers: dict[str, str], query: str, expected: list[str]) -> None:
    assert _names(store, query) == expected


def test_long_names_match_beyond_the_indexed_length(store: Store) -> None:
    store.cases.create(make_app(name="阿依古丽买买提"), CLERK)
    store.cases.create(make_app(name="阿依古丽买提"), CLERK)
    assert _names(store, "阿依古丽买买") == ["阿依古丽买买提"]
    assert _names(store, "古丽买") == ["阿依古丽买提", "阿依古丽买买提"]


def test_by_id_number_case_number_and_phone(store: Store, numbers: dict[str, str]) -> None:
    hit = store.search(person(2)).hits
    assert [h.name for h in hit] == ["王林"]
    assert hit[0].id_number == person(2)[:6] + "********" + person(2)[-4:]
    assert _names(store, person(2).lower()) == ["王林"]
    assert _names(store, numbers["陈𠮷"]) == ["陈𠮷"]
    assert _names(store, numbers["陈𠮷"][:-2]) == list(reversed(PEOPLE))  # a prefix of the number
    assert _names(store, "138-0501-0003") == ["𠮷野家"]
    assert _names(store, "+86 13805010003") == ["𠮷野家"]


def test_by_the_sequence_of_a_case_number_alone(store: Store, numbers: dict[str, str]) -> None:
    """The receipt's number without its township: "3", "000003", "2017-3"; a sequence in several
    years (or townships, at the county) finds each of them, newest first."""
    number = numbers["王林"]
    year = number[10:14]
    assert number.endswith("-000003")
    for query in ("3", "000003", " 000003 ", f"{year}-3", f"{year}-000003"):
        assert _names(store, query) == ["王林"], query
    assert _names(store, "2016-3") == [] and _names(store, "8") == [] and _names(store, "0") == []
    store.conn.execute("UPDATE cases SET number = '350502009-2016-000003' WHERE number = ?", (numbers["李娜"],))
    assert _names(store, "3") == ["李娜", "王林"]
    assert _names(store, "2016-000003") == ["李娜"]


def test_limit_says_there_is_more(store: Store, numbers: dict[str, str]) -> None:
    result = store.search("林", limit=2)
    assert [h.name for h in result.hits] == ["欧阳晓林", "王林"] and result.more
    assert not store.search("林", limit=4).more


def test_edit_and_state_show_in_results(store: Store, numbers: dict[str, str]) -> None:
    store.cases.edit(numbers["李娜"], make_app(name="李丽娜", id_number=person(6), phone="13805010006"), CLERK)
    store.workflow.withdraw(numbers["李娜"], CLERK)
    assert store.search("李娜").hits == []
    (hit,) = store.search("丽娜").hits
    assert (hit.name, hit.state) == ("李丽娜", "withdrawn")


def test_query_kinds() -> None:
    assert classify("350502001-2017-000042") == ("number", "350502001-2017-000042")
    assert classify("35058319950314002x")[0] == "id_number"
    assert classify("138 0501 2345") == ("phone", "13805012345")
    assert classify("林晓") == ("name", "林晓")
    assert classify("42") == ("sequence", "-000042")
    assert classify("2017-000042") == ("sequence", "2017-000042")
    assert classify("1234567") == ("phone", "1234567")  # seven digits: no sequence is that long
    assert classify("")[1] == ""


def test_grams_count_code_points() -> None:
    assert name_grams("𠮷野") == {"𠮷", "野", "𠮷野"}
    assert len(name_grams("欧阳晓林明")) == 5 + 4 + 3 + 2


def test_prefix_bound_skips_surrogates() -> None:
    assert _after_prefix("a") == "b"
    assert _after_prefix("\ud7ff") == "\ue000"
    assert _after_prefix("\U0010ffff") is None
