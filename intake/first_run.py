"""First run of a hall's store: which township it serves and its first administrator."""

from __future__ import annotations

from typing import TYPE_CHECKING

from intake.errors import InvalidInput

if TYPE_CHECKING:
    from intake.rules.townships import Townships
    from intake.store.db import Store
    from intake.store.ops import Actor


def needs_setup(store: "Store") -> bool:
    """True until the hall's township and at least one account are stored."""
    return store.settings.hall_township() is None or not store.users.list()


def complete_setup(store: "Store", townships: "Townships", township: str, admin: str, password: str) -> "Actor":
    """Stores the hall and its first admin account; returns the admin, signed in.

    The township must be listed in the registry, so its name and public address are known."""
    from intake.store.ops import Actor

    if townships.get(township.strip()) is None:
        raise InvalidInput("乡镇名录中没有这个乡镇（街道），请从列表中选择", "township")
    actor = Actor(admin.strip() or "admin", "admin")
    if not store.users.list():
        store.users.add(admin, password, "admin", actor)
    store.settings.set_hall_township(township.strip(), actor)
    return store.users.login(admin, password)


def registry_counties(townships: "Townships") -> list[str]:
    """The county codes the township registry lists, in order.

    ``Townships`` offers lookups by code and by county but no listing; this reads its rows."""
    return sorted({code[:6] for code in townships._rows})  # noqa: SLF001
