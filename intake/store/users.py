"""Clerk accounts for the desktop app: roles, argon2id password hashes, lockout, audited logins.

Public API (``store.users``)::

    add(name, password, role, actor, full_name="", must_change_password=False) -> Changes  # role: clerk, supervisor or admin
    check_new(name, password, full_name="")      # what add would refuse, before anything is written
    login(name, password) -> Actor                # a role-checked actor, or AccessDenied
    change_password(name, old, new, actor) -> Changes
    reset_password(name, new, actor) -> Changes   # admin: a forgotten password; unlocks; to be replaced
    must_change_password(name) -> bool            # at sign-in: the holder sets their own first
    set_active(name, active, actor) -> Changes    # admin: someone who left; cannot sign in
    set_full_name(name, full_name, actor) -> Changes
    list() -> list[UserView]
    display_names() -> dict[str, str]             # sign-in name -> the name printed

Only an admin may add users once accounts exist (the first account may be added by anyone who can
open the file, and must be an admin), and only an admin resets, stops or restarts accounts; the
last active admin cannot be stopped. After ``MAX_FAILURES`` wrong passwords in a row an account is
locked for ``LOCKOUT``; every login, failed login and change is an audit entry. Accounts are never
deleted: the audit trail names them.
"""

from __future__ import annotations

import functools

import datetime as dt
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from intake.errors import AccessDenied, InvalidInput
from intake.store import audit
from intake.store.ops import ROLES, Actor, Changes
from intake.store.records import USER_ROW_COLUMNS, fetch, select_list, user_digest

if TYPE_CHECKING:
    from intake.store.db import Store

MAX_FAILURES = 5
LOCKOUT = dt.timedelta(minutes=15)
MIN_PASSWORD = 8
MAX_FULL_NAME = 20
ROLE_LABELS = {"clerk": "窗口工作人员", "supervisor": "审核人", "admin": "管理员"}
#: At the county nobody takes or approves applications: its staff import bundles and count, and
#: an administrator manages accounts and keys. A reviewer's account there does what a clerk's does.
COUNTY_ROLES = ("clerk", "admin")
_COUNTY_ROLE_LABELS = {"clerk": "县局工作人员", "supervisor": "县局工作人员", "admin": "管理员"}


def role_label(role: str, county: bool = False) -> str:
    """What a role is called on a hall's desk, or (``county``) on the county's."""
    return (_COUNTY_ROLE_LABELS if county else ROLE_LABELS).get(role, role)

#: argon2id at OWASP's recommended configuration (Password Storage Cheat Sheet: 19 MiB, two
#: passes, one lane). argon2-cffi's default (64 MiB, three passes, four lanes) took a tenth of a
#: second of every sign-in on the halls' two-core PCs for no gain an attacker would notice; older
#: hashes are re-made with these parameters at the next sign-in (``check_needs_rehash``).
_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


@functools.cache
def _dummy_hash() -> str:
    """A hash to verify against for unknown users, so their failure takes as long as a real one;
    made on first need, not at import (it costs a third of a second of start-up)."""
    return _HASHER.hash("not a password")


@dataclass(frozen=True)
class UserView:
    name: str
    role: str
    active: bool
    locked_until: str | None
    full_name: str = ""
    must_change_password: bool = False


def _user(conn: sqlite3.Connection, name: str) -> dict[str, Any] | None:
    rows = fetch(conn, USER_ROW_COLUMNS, f"SELECT {select_list(USER_ROW_COLUMNS)} FROM users WHERE name = ?", (name,))
    return rows[0] if rows else None


def _record(store: "Store", conn: sqlite3.Connection, name: str, action: str, actor: str,
            detail: dict[str, Any] | None = None) -> None:
    user = _user(conn, name)
    audit.append(
        conn, at=store.now(), actor=actor, action=action, subject=f"user:{name}" if user else None,
        record_sha256=user_digest(user) if user else None, detail=detail,
    )


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"密码至少需要 {MIN_PASSWORD} 位", "password")


def _clean_full_name(full_name: str) -> str:
    full_name = " ".join(full_name.split())
    if len(full_name) > MAX_FULL_NAME or any(not c.isprintable() for c in full_name):
        raise InvalidInput(f"姓名应为不超过 {MAX_FULL_NAME} 个字的可打印文字", "full_name")
    return full_name


def _existing(conn: sqlite3.Connection, name: str) -> dict[str, Any]:
    user = _user(conn, name)
    if user is None:
        raise InvalidInput(f"没有用户 {name}", "name")
    return user


def _require_admin(actor: Actor, what: str) -> None:
    if actor.checked and actor.role != "admin":
        raise AccessDenied(f"只有管理员可以{what}", "role")


class Users:
    """Local accounts of one store (``store.users``)."""

    def __init__(self, store: "Store") -> None:
        self._store = store

    @staticmethod
    def check_new(name: str, password: str, full_name: str = "") -> None:
        """InvalidInput naming the field ``add`` would refuse for these (a first run checks them
        before it makes the county's key, which cannot be taken back)."""
        if not name.strip():
            raise InvalidInput("用户名不能为空", "name")
        _clean_full_name(full_name)
        _check_password(password)

    def add(self, name: str, password: str, role: str, actor: Actor, full_name: str = "",
            must_change_password: bool = False) -> Changes:
        """A new account; the password is stored only as an argon2id hash. ``must_change_password``
        when an administrator chose it for someone else: its holder replaces it at the first sign-in."""
        self.check_new(name, password, full_name)
        name, full_name = name.strip(), _clean_full_name(full_name)
        if role not in ROLES:
            raise InvalidInput(f"角色应为 {'、'.join(ROLES)} 之一", "role")
        store = self._store
        hashed = _HASHER.hash(password)
        with store.write() as conn:
            (count,) = conn.execute("SELECT count(*) FROM users").fetchone()
            if count == 0 and role != "admin":
                raise InvalidInput("第一个账户必须是管理员（admin）", "role")
            if count:
                _require_admin(actor, "添加用户")
            if _user(conn, name):
                raise InvalidInput(f"用户 {name} 已存在", "name")
            conn.execute(
                "INSERT INTO users (name, role, password_hash, created_at, full_name, must_change_password) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (name, role, hashed, store.now(), full_name, int(must_change_password)),
            )
            _record(store, conn, name, "add_user", actor.name, {"role": role})
        return Changes(users=True)

    def login(self, name: str, password: str) -> Actor:
        """The signed-in user as a role-checked Actor. A wrong password counts towards lockout;
        the failure is committed before AccessDenied is raised."""
        store = self._store
        name = name.strip()
        outcome: Actor | AccessDenied
        with store.write() as conn:
            user = _user(conn, name)
            now = store.clock()
            locked = user and user["locked_until"] and dt.datetime.fromisoformat(user["locked_until"]) > now
            if user is None or not user["active"]:
                _verify(_dummy_hash(), password)
                _record(store, conn, name, "login_failed", name, {"reason": "unknown_user"})
                outcome = AccessDenied("用户名或密码错误", "password")
            elif locked:
                until = dt.datetime.fromisoformat(user["locked_until"]).strftime("%H:%M")
                _record(store, conn, name, "login_failed", name, {"reason": "locked"})
                outcome = AccessDenied(f"账户因多次密码错误已锁定，请在 {until} 之后再试", "password")
            elif not _verify(user["password_hash"], password):
                failures = (0 if user["locked_until"] else user["failed_logins"]) + 1
                lock = (now + LOCKOUT).isoformat(timespec="seconds") if failures >= MAX_FAILURES else None
                conn.execute(
                    "UPDATE users SET failed_logins = ?, locked_until = ? WHERE name = ?",
                    (0 if lock else failures, lock, name),
                )
                _record(store, conn, name, "login_failed", name, {"reason": "password", "failures": failures})
                left = MAX_FAILURES - failures
                outcome = AccessDenied(
                    f"密码错误，账户已锁定 {LOCKOUT.seconds // 60} 分钟" if lock else f"用户名或密码错误（再错 {left} 次将锁定账户）",
                    "password",
                )
            else:
                rehash = _HASHER.check_needs_rehash(user["password_hash"])
                conn.execute(
                    "UPDATE users SET failed_logins = 0, locked_until = NULL, password_hash = ? WHERE name = ?",
                    (_HASHER.hash(password) if rehash else user["password_hash"], name),
                )
                _record(store, conn, name, "login", name)
                outcome = Actor(name, user["role"])
        if isinstance(outcome, AccessDenied):
            raise outcome
        return outcome

    def change_password(self, name: str, old: str, new: str, actor: Actor) -> Changes:
        """A user changes their own password; the old one must be given."""
        _check_password(new)
        store = self._store
        with store.write() as conn:
            user = _user(conn, name)
            if user is None or not _verify(user["password_hash"], old):
                raise AccessDenied("原密码错误", "password")
            if _verify(user["password_hash"], new):
                raise InvalidInput("新密码不能与原密码相同", "password")
            conn.execute("UPDATE users SET password_hash = ?, must_change_password = 0 WHERE name = ?",
                         (_HASHER.hash(new), name))
            _record(store, conn, name, "change_password", actor.name)
        return Changes(users=True)

    def reset_password(self, name: str, new: str, actor: Actor) -> Changes:
        """An administrator sets a new password for someone who forgot theirs (not their own:
        that is ``change_password``); the account is unlocked, and its holder replaces the password
        at the next sign-in (the administrator knows this one)."""
        _require_admin(actor, "重置密码")
        _check_password(new)
        store = self._store
        hashed = _HASHER.hash(new)
        with store.write() as conn:
            _existing(conn, name)
            if actor.checked and name == actor.name:
                raise InvalidInput("请在“修改本人密码”中修改自己的密码（需要原密码）", "name")
            conn.execute("UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = NULL, "
                         "must_change_password = 1 WHERE name = ?", (hashed, name))
            _record(store, conn, name, "reset_password", actor.name)
        return Changes(users=True)

    def set_active(self, name: str, active: bool, actor: Actor) -> Changes:
        """Stops an account (its holder can no longer sign in; what they did stays theirs in the
        audit trail) or lets it sign in again, unlocked. The last active administrator stays."""
        _require_admin(actor, "停用或启用账户")
        store = self._store
        with store.write() as conn:
            user = _existing(conn, name)
            if bool(user["active"]) == active:
                return Changes()
            if not active:
                if actor.checked and name == actor.name:
                    raise InvalidInput("不能停用自己正在使用的账户", "name")
                (admins,) = conn.execute("SELECT count(*) FROM users WHERE role = 'admin' AND active AND name != ?",
                                         (name,)).fetchone()
                if user["role"] == "admin" and admins == 0:
                    raise InvalidInput("这是最后一个在用的管理员账户，不能停用", "name")
            conn.execute("UPDATE users SET active = ?, failed_logins = 0, locked_until = NULL WHERE name = ?",
                         (int(active), name))
            _record(store, conn, name, "enable_user" if active else "disable_user", actor.name)
        return Changes(users=True)

    def set_full_name(self, name: str, full_name: str, actor: Actor) -> Changes:
        """The real name printed on receipts and forms for this account (an administrator's, or
        the holder's own)."""
        if actor.checked and actor.role != "admin" and actor.name != name:
            raise AccessDenied("只有管理员可以修改他人的姓名", "role")
        full_name = _clean_full_name(full_name)
        store = self._store
        with store.write() as conn:
            if _existing(conn, name)["full_name"] == full_name:
                return Changes()
            conn.execute("UPDATE users SET full_name = ? WHERE name = ?", (full_name, name))
            _record(store, conn, name, "set_full_name", actor.name)
        return Changes(users=True)

    def must_change_password(self, name: str) -> bool:
        """Whether the account's password was set by an administrator and is still to be replaced."""
        row = self._store.conn.execute("SELECT must_change_password FROM users WHERE name = ?", (name,)).fetchone()
        return bool(row and row[0])

    def list(self) -> list[UserView]:
        rows = self._store.conn.execute(
            "SELECT name, role, active, locked_until, full_name, must_change_password FROM users ORDER BY name")
        return [UserView(r[0], r[1], bool(r[2]), r[3], r[4], bool(r[5])) for r in rows]

    def display_names(self) -> dict[str, str]:
        """Sign-in name → the name printed for it: the real name when one is given."""
        return {name: full or name for name, full in self._store.conn.execute("SELECT name, full_name FROM users")}


def _verify(hashed: str, password: str) -> bool:
    try:
        return _HASHER.verify(hashed, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
