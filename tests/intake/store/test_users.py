"""Clerk accounts: argon2id hashes, roles, lockout, audited logins."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from intake.errors import AccessDenied, InvalidInput
from intake.store import Actor, Store
from intake.store.users import LOCKOUT, MAX_FAILURES
from tests.intake.store.conftest import CLERK


@pytest.fixture
def clock() -> list[dt.datetime]:
    return [dt.datetime(2017, 6, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))]


@pytest.fixture
def accounts(db_path: Path, clock: list[dt.datetime]) -> Iterator[Store]:
    with Store.open(db_path, clock=lambda: clock[0]) as store:
        store.users.add("admin", "admin-password", "admin", CLERK)
        admin = store.users.login("admin", "admin-password")
        store.users.add("sup", "supervisor-pw", "supervisor", admin)
        store.users.add("zhang", "clerk-password", "clerk", admin)
        yield store


def test_passwords_are_argon2id_hashes(accounts: Store) -> None:
    hashes = [r[0] for r in accounts.conn.execute("SELECT password_hash FROM users")]
    assert all(h.startswith("$argon2id$") for h in hashes)
    assert not any("password" in h for h in hashes)


def test_login_gives_a_role_checked_actor(accounts: Store) -> None:
    assert accounts.users.login("sup", "supervisor-pw") == Actor("sup", "supervisor")
    actions = [r[0] for r in accounts.conn.execute("SELECT action FROM audit ORDER BY id")]
    assert actions == ["add_user", "login", "add_user", "add_user", "login"]


def test_first_account_must_be_admin_and_only_admins_add(db_path: Path) -> None:
    with Store.open(db_path) as store:
        with pytest.raises(InvalidInput, match="第一个账户必须是管理员"):
            store.users.add("zhang", "clerk-password", "clerk", CLERK)
        store.users.add("admin", "admin-password", "admin", CLERK)
        with pytest.raises(AccessDenied, match="只有管理员"):
            store.users.add("li", "clerk-password", "clerk", Actor("zhang", "clerk"))
        with pytest.raises(InvalidInput, match="至少需要 8 位"):
            store.users.add("li", "short", "clerk", Actor("admin", "admin"))
        with pytest.raises(InvalidInput, match="已存在"):
            store.users.add("admin", "admin-password", "admin", Actor("admin", "admin"))


def test_lockout_after_repeated_failures(accounts: Store, clock: list[dt.datetime]) -> None:
    for i in range(MAX_FAILURES - 1):
        with pytest.raises(AccessDenied, match=f"再错 {MAX_FAILURES - 1 - i} 次"):
            accounts.users.login("zhang", "wrong")
    with pytest.raises(AccessDenied, match="已锁定 15 分钟"):
        accounts.users.login("zhang", "wrong")
    with pytest.raises(AccessDenied, match="已锁定，请在 09:15 之后再试"):
        accounts.users.login("zhang", "clerk-password")  # even the right password
    clock[0] += LOCKOUT + dt.timedelta(seconds=1)
    assert accounts.users.login("zhang", "clerk-password").role == "clerk"
    failed = accounts.conn.execute("SELECT count(*) FROM audit WHERE action = 'login_failed'").fetchone()[0]
    assert failed == MAX_FAILURES + 1


def test_success_resets_the_count(accounts: Store) -> None:
    for _ in range(MAX_FAILURES - 1):
        with pytest.raises(AccessDenied):
            accounts.users.login("zhang", "wrong")
    accounts.users.login("zhang", "clerk-password")
    with pytest.raises(AccessDenied, match=f"再错 {MAX_FAILURES - 1} 次"):
        accounts.users.login("zhang", "wrong")


def test_unknown_user_is_refused_and_audited(accounts: Store) -> None:
    with pytest.raises(AccessDenied, match="用户名或密码错误"):
        accounts.users.login("nobody", "whatever-pw")
    assert accounts.conn.execute("SELECT actor, subject FROM audit ORDER BY id DESC LIMIT 1").fetchone() == ("nobody", None)


def test_change_password(accounts: Store) -> None:
    zhang = accounts.users.login("zhang", "clerk-password")
    with pytest.raises(AccessDenied, match="原密码错误"):
        accounts.users.change_password("zhang", "wrong", "new-password-1", zhang)
    accounts.users.change_password("zhang", "clerk-password", "new-password-1", zhang)
    assert accounts.users.login("zhang", "new-password-1") == zhang
    assert [u.name for u in accounts.users.list()] == ["admin", "sup", "zhang"]


def test_verify_passes_after_account_activity(accounts: Store) -> None:
    from intake.store.verify import verify_store

    with pytest.raises(AccessDenied):
        accounts.users.login("zhang", "wrong")
    assert verify_store(accounts).ok


def test_an_admin_resets_a_forgotten_password_and_the_account_is_unlocked(accounts: Store) -> None:
    admin = accounts.users.login("admin", "admin-password")
    for _ in range(MAX_FAILURES):
        with pytest.raises(AccessDenied):
            accounts.users.login("zhang", "forgotten")
    with pytest.raises(AccessDenied, match="只有管理员可以重置密码"):
        accounts.users.reset_password("zhang", "given-by-sup", accounts.users.login("sup", "supervisor-pw"))
    with pytest.raises(InvalidInput, match="修改本人密码"):
        accounts.users.reset_password("admin", "new-admin-pw", admin)
    with pytest.raises(InvalidInput, match="没有用户 nobody"):
        accounts.users.reset_password("nobody", "whatever-pw", admin)
    accounts.users.reset_password("zhang", "given-by-admin", admin)
    zhang = accounts.users.login("zhang", "given-by-admin")
    assert zhang == Actor("zhang", "clerk")
    assert accounts.users.must_change_password("zhang")  # the admin knows this one
    with pytest.raises(InvalidInput, match="不能与原密码相同"):
        accounts.users.change_password("zhang", "given-by-admin", "given-by-admin", zhang)
    accounts.users.change_password("zhang", "given-by-admin", "only-zhang-knows", zhang)
    assert not accounts.users.must_change_password("zhang") and not accounts.users.must_change_password("nobody")
    from intake.store.verify import verify_store

    assert verify_store(accounts).ok
    last = accounts.conn.execute("SELECT actor, action FROM audit WHERE action = 'reset_password'").fetchone()
    assert last == ("admin", "reset_password")


def test_a_stopped_account_cannot_sign_in_and_the_last_admin_stays(accounts: Store) -> None:
    admin = accounts.users.login("admin", "admin-password")
    accounts.users.set_active("zhang", False, admin)
    with pytest.raises(AccessDenied, match="用户名或密码错误"):
        accounts.users.login("zhang", "clerk-password")
    assert [(u.name, u.active) for u in accounts.users.list()] == [("admin", True), ("sup", True), ("zhang", False)]
    with pytest.raises(InvalidInput, match="不能停用自己"):
        accounts.users.set_active("admin", False, admin)
    with pytest.raises(InvalidInput, match="最后一个在用的管理员"):
        accounts.users.set_active("admin", False, Actor("someone", "admin"))
    with pytest.raises(AccessDenied, match="只有管理员"):
        accounts.users.set_active("zhang", True, accounts.users.login("sup", "supervisor-pw"))
    accounts.users.set_active("zhang", True, admin)
    assert accounts.users.login("zhang", "clerk-password") == Actor("zhang", "clerk")
    actions = [r[0] for r in accounts.conn.execute("SELECT action FROM audit WHERE subject = 'user:zhang' ORDER BY id")]
    assert actions[-4:] == ["disable_user", "login_failed", "enable_user", "login"]


def test_real_names_are_printed_names_and_stay_verifiable(accounts: Store) -> None:
    from intake.store.records import USER_COLUMNS, user_digest
    from intake.store.verify import verify_store

    admin = accounts.users.login("admin", "admin-password")
    row = dict(zip(USER_COLUMNS, accounts.conn.execute(f"SELECT {', '.join(USER_COLUMNS)} FROM users WHERE name = 'sup'").fetchone()))
    assert user_digest({**row, "full_name": ""}) == user_digest(row)  # accounts from before names hash as they did
    accounts.users.add("li", "clerk-password", "clerk", admin, full_name="  李 娜 ")
    accounts.users.set_full_name("zhang", "张伟", admin)
    zhang = accounts.users.login("zhang", "clerk-password")
    accounts.users.set_full_name("zhang", "张 伟", zhang)  # one's own name
    with pytest.raises(AccessDenied, match="他人的姓名"):
        accounts.users.set_full_name("li", "王五", zhang)
    with pytest.raises(InvalidInput, match="姓名应为不超过 20 个字") as refused:
        accounts.users.set_full_name("li", "长" * 21, admin)
    assert refused.value.field == "full_name"
    assert accounts.users.display_names() == {"admin": "admin", "li": "李 娜", "sup": "sup", "zhang": "张 伟"}
    assert verify_store(accounts).ok
    accounts.conn.execute("UPDATE users SET full_name = '王五' WHERE name = 'li'")  # behind the program's back
    assert not verify_store(accounts).ok
