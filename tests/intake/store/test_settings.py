"""Store settings: the hall's township or the county's code, validated, audited, never both."""

from __future__ import annotations

import pytest

from intake.errors import InvalidInput
from intake.store import Actor, Store
from intake.store.verify import verify_store

ADMIN = Actor("admin", "admin")


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
