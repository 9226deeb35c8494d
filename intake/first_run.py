"""First run of an installation: a township hall (its township) or the county (its county code and
encryption key), and the first administrator."""

from __future__ import annotations

from typing import TYPE_CHECKING

from intake.errors import InvalidInput

if TYPE_CHECKING:
    from collections.abc import Callable

    from intake.rules.townships import Townships
    from intake.store.db import Store
    from intake.store.ops import Actor


def needs_setup(store: "Store") -> bool:
    """True until the store serves a hall or the county and holds at least one account."""
    settings = store.settings
    return (settings.hall_township() is None and settings.county() is None) or not store.users.list()


def complete_setup(store: "Store", townships: "Townships", township: str, admin: str, password: str,
                   full_name: str = "") -> "Actor":
    """Stores the hall and its first admin account (``full_name``: printed where the admin signs);
    returns the admin, signed in.

    The township must be listed in the registry, so its name and public address are known."""
    from intake.exchange.keys import is_county

    if townships.get(township.strip()) is None:
        raise InvalidInput("乡镇名录中没有这个乡镇（街道），请从列表中选择", "township")
    if is_county():  # a hall's bundles are encrypted to the county key: it must not sit on a hall's desk
        raise InvalidInput("本机持有县局加密私钥，是县局的电脑，不能设为乡镇（街道）受理窗口", "township")
    store.settings.check_hall_township(township.strip())  # before the admin account: all or nothing
    return _admin_and(store, admin, password, full_name,
                      lambda actor: store.settings.set_hall_township(township.strip(), actor))


def complete_county_setup(store: "Store", townships: "Townships", county: str, admin: str, password: str,
                          full_name: str = "") -> "Actor":
    """Makes this installation the county's: its county code, its first admin account and the
    county encryption key the halls' bundles are sealed to. Returns the admin, signed in.

    The key is made first (an existing one is kept), so a store that says "county" can always read
    the bundles; the county must be listed in the township registry, whose names the statistics use."""
    from intake.exchange.keys import init_keys

    code = county.strip()
    if not townships.in_county(code):
        raise InvalidInput("乡镇名录中没有这个县（区）的乡镇，请从列表中选择", "county")
    store.settings.check_county(code)  # before the key and the admin account: all or nothing
    if not store.users.list():
        store.users.check_new(admin, password, full_name)  # the key, once made, marks this computer the county's
    init_keys(county=True)
    return _admin_and(store, admin, password, full_name, lambda actor: store.settings.set_county(code, actor))


def _admin_and(store: "Store", admin: str, password: str, full_name: str,
               configure: "Callable[[Actor], object]") -> "Actor":
    """Adds the first admin (unless an account exists already), runs ``configure`` as that admin,
    and signs in."""
    from intake.store.ops import Actor

    actor = Actor(admin.strip() or "admin", "admin")
    if not store.users.list():
        store.users.add(admin, password, "admin", actor, full_name=full_name)
    configure(actor)
    return store.users.login(admin, password)


def registry_counties(townships: "Townships") -> list[str]:
    """The county codes the township registry lists, in order.

    ``Townships`` offers lookups by code and by county but no listing; this reads its rows."""
    return sorted({code[:6] for code in townships._rows})  # noqa: SLF001
