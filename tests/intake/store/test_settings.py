"""Store settings: the hall's township or the county's code, validated, audited, never both."""

from __future__ import annotations

import pytest

from intake.errors import InvalidInput
from intake.store import Actor, Store
from intake.store.verify import verify_store
from tests.intake.store.conftest import make_app

ADMIN = Actor("admin", "admin")
CLERK = Actor("clerk1", "clerk")


def test_the_county_code_is_stored_and_audited(store: Store) -> None:
    assert store.settings.county() is None
    changes = store.settings.set_county("３５０５０２", ADMIN)  # full-width digits, as an IME may type them
    assert changes.settings
    assert store.settings.county() == "350502"
    assert store.settings.hall_township() is None
    entry = store.conn.execute("SELECT actor, action, subject FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    assert tuple(entry) == ("admin", "set_setting", "setting:county")
    assert verify_store(store).ok


@pytest.mark.parametrize("code", ["35050", "350502001", "3505O2", ""])
def test_a_county_code_has_six_digits(store: Store, code: str) -> None:
    with pytest.raises(InvalidInput) as e:
        store.settings.set_county(code, ADMIN)
    assert e.value.field == "county"
    assert "县（区）代码应为 6 位数字" in e.value.message
    assert store.settings.county() is None


def test_a_hall_store_cannot_become_the_county(store: Store) -> None:
    store.settings.set_hall_township("350502001", ADMIN)
    with pytest.raises(InvalidInput) as e:
        store.settings.set_county("350502", ADMIN)
    assert e.value.field == "county"
    assert "县（区）代码" in e.value.message and "350502001" in e.value.message
    assert store.settings.county() is None


def test_the_county_store_cannot_become_a_hall(store: Store) -> None:
    store.settings.set_county("350502", ADMIN)
    with pytest.raises(InvalidInput) as e:
        store.settings.set_hall_township("350502001", ADMIN)
    assert e.value.field == "hall_township"
    assert "乡镇（街道）代码" in e.value.message and "350502" in e.value.message
    assert store.settings.hall_township() is None


def test_a_store_with_cases_filed_before_setup_never_becomes_a_hall(store: Store) -> None:
    """Two stores that filed before setup both hold 350502000-…-000001; the county could never
    tell them apart, so such a store stays unconfigured (and never exports)."""
    number = store.cases.create(make_app(), CLERK).case
    assert number[6:9] == "000"
    with pytest.raises(InvalidInput) as e:
        store.settings.set_hall_township("350502001", ADMIN)
    assert e.value.field == "hall_township"
    assert "1 件在设置乡镇（街道）之前建立的案件" in e.value.message and number in e.value.message
    assert store.settings.hall_township() is None
    assert store.cases.get(number).number == number, "the case is kept as it was"


def test_cases_filed_after_setup_carry_the_township(store: Store) -> None:
    store.settings.set_hall_township("350502001", ADMIN)
    assert store.cases.create(make_app(), CLERK).case.startswith("350502001-")


def test_a_store_with_cases_never_becomes_the_county(store: Store) -> None:
    store.cases.create(make_app(), CLERK)
    with pytest.raises(InvalidInput) as e:
        store.settings.set_county("350502", ADMIN)
    assert e.value.field == "county" and "已有 1 件受理的案件" in e.value.message
    assert store.settings.county() is None
