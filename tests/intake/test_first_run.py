"""First run of an installation: a township hall or the county, each with its first administrator."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from intake.config import default_rules_dir, default_townships
from intake.errors import InvalidInput
from intake.exchange import keys as exchange_keys
from intake.first_run import complete_county_setup, complete_setup, needs_setup, registry_counties
from intake.rules.townships import Townships
from intake.store import Actor, Store

PASSWORD = "counter-2017"


@pytest.fixture
def townships() -> Townships:
    return Townships.from_csv(default_townships(default_rules_dir()))


@pytest.fixture
def store() -> Iterator[Store]:
    with Store.open() as s:
        yield s


def test_a_new_store_needs_setup(store: Store) -> None:
    assert needs_setup(store)
    store.users.add("admin", PASSWORD, "admin", Actor("admin", "admin"))
    assert needs_setup(store), "an account alone is not enough: which hall, or the county?"


def test_hall_setup(store: Store, townships: Townships) -> None:
    admin = complete_setup(store, townships, "350502001", "admin", PASSWORD)
    assert (admin.name, admin.role) == ("admin", "admin")
    assert store.settings.hall_township() == "350502001" and store.settings.county() is None
    assert not needs_setup(store)
    assert not exchange_keys.is_county()


def test_the_admins_real_name_is_kept_for_what_they_sign(store: Store, townships: Townships) -> None:
    complete_setup(store, townships, "350502001", "admin", PASSWORD, full_name=" 陈  建国 ")
    assert store.users.display_names()["admin"] == "陈 建国"


def test_a_real_name_too_long_sets_nothing_up(store: Store, townships: Townships) -> None:
    with pytest.raises(InvalidInput) as refused:
        complete_setup(store, townships, "350502001", "admin", PASSWORD, full_name="陈" * 21)
    assert refused.value.field == "full_name"
    assert needs_setup(store) and not store.users.list()


def test_county_setup_makes_the_county_key(store: Store, townships: Townships) -> None:
    assert "350502" in registry_counties(townships)
    admin = complete_county_setup(store, townships, "350502", "admin", PASSWORD)
    assert (admin.name, admin.role) == ("admin", "admin")
    assert store.settings.county() == "350502" and store.settings.hall_township() is None
    assert not needs_setup(store)
    assert exchange_keys.is_county()
    assert exchange_keys.own_public_keys().role == "county"


def test_a_county_not_in_the_registry_is_refused(store: Store, townships: Townships) -> None:
    with pytest.raises(InvalidInput) as e:
        complete_county_setup(store, townships, "110101", "admin", PASSWORD)
    assert e.value.field == "county" and "乡镇名录" in e.value.message
    assert needs_setup(store) and store.users.list() == []
    assert not exchange_keys.is_county(), "nothing made for a refused county"


def test_a_store_is_a_hall_or_the_county_never_both(store: Store, townships: Townships) -> None:
    complete_setup(store, townships, "350502001", "admin", PASSWORD)
    with pytest.raises(InvalidInput) as e:
        complete_county_setup(store, townships, "350502", "admin", PASSWORD)
    assert e.value.field == "county" and "乡镇（街道）350502001" in e.value.message
    assert store.settings.county() is None
    assert not exchange_keys.is_county()


def test_the_county_computer_cannot_become_a_hall(store: Store, townships: Townships) -> None:
    exchange_keys.init_keys(county=True)
    with pytest.raises(InvalidInput) as e:
        complete_setup(store, townships, "350502001", "admin", PASSWORD)
    assert e.value.field == "township" and "县局" in e.value.message
    assert store.settings.hall_township() is None and store.users.list() == []


@pytest.mark.parametrize("as_county", [False, True], ids=["hall", "county"])
def test_a_store_that_cannot_be_set_up_is_left_untouched(store: Store, townships: Townships, as_county: bool) -> None:
    """A store that already filed cases (before any hall was set) is refused before the first
    admin account, or the county key, is made: setup is all or nothing."""
    from tests.intake.store.conftest import make_app

    store.cases.create(make_app(), Actor("clerk1", "clerk"))
    with pytest.raises(InvalidInput):
        if as_county:
            complete_county_setup(store, townships, "350502", "admin", PASSWORD)
        else:
            complete_setup(store, townships, "350502001", "admin", PASSWORD)
    assert store.users.list() == [] and needs_setup(store)
    assert [a for (a,) in store.conn.execute("SELECT action FROM audit")] == ["create"]
    assert not exchange_keys.is_county()


def test_a_township_set_on_the_command_line_is_kept(store: Store, townships: Townships) -> None:
    """``intake setup 350502002`` first, then the desk's first run proposing another township: it
    must not change it (numbers filed and bundles name it; the county would refuse them all)."""
    store.settings.set_hall_township("350502002", Actor("cli"))
    with pytest.raises(InvalidInput, match="不能改为 350502001"):
        complete_setup(store, townships, "350502001", "admin", PASSWORD)
    assert store.settings.hall_township() == "350502002" and not store.users.list()
    entries = store.conn.execute("SELECT count(*) FROM audit").fetchone()[0]
    complete_setup(store, townships, "350502002", "admin", PASSWORD)  # the same: only the admin is new
    assert store.settings.hall_township() == "350502002" and not needs_setup(store)
    actions = [a for (a,) in store.conn.execute("SELECT action FROM audit ORDER BY id")][entries:]
    assert "set_setting" not in actions


def test_a_county_code_once_set_is_kept(store: Store, townships: Townships) -> None:
    store.settings.set_county("350502", Actor("cli"))
    with pytest.raises(InvalidInput, match="不能改为 350503"):
        store.settings.set_county("350503", Actor("cli"))


def test_a_county_setup_refused_for_its_account_makes_no_county_key(store: Store, townships: Townships) -> None:
    with pytest.raises(InvalidInput) as refused:
        complete_county_setup(store, townships, "350502", "admin", "short")
    assert refused.value.field == "password"
    assert not exchange_keys.is_county() and needs_setup(store)
