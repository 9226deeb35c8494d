"""The store file: opening it safely, one write transaction at a time, and the managers on top.

Public API (the desktop app and the command line both use it)::

    store = Store.open(path)              # or Store.open() for the default location
    store.cases      -> intake.store.cases.CaseBook      create, edit, get, list, reveal_id
    store.workflow   -> intake.store.workflow.Workflow   evaluate, consent, approve, complete, …
    store.pages      -> intake.store.pages.PageShelf     attach_files, attach_bytes, data, thumbnail
    store.users      -> intake.store.users.Users         add, login, change_password, list
    store.settings   -> intake.store.settings.Settings   hall_township, set_hall_township
    store.search(text) -> intake.store.search.SearchResult
    store.close()

One connection per thread (SQLite connections are not shared); every write runs in ``write()``,
a ``BEGIN IMMEDIATE`` transaction that also appends the audit entry, so a change and its audit
entry commit together or not at all. ``synchronous=FULL`` makes a commit durable before a receipt
is printed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections.abc import Callable, Iterator
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from intake.config import default_db_path
from intake.errors import StoreError
from intake.store.migrations import migration_set, pending_names, unknown_migrations

if TYPE_CHECKING:
    from sqlite_utils import Database

    from intake.store.cases import CaseBook
    from intake.store.pages import PageShelf
    from intake.store.search import SearchResult
    from intake.store.settings import Settings
    from intake.store.users import Users
    from intake.store.workflow import Workflow

#: ``PRAGMA application_id`` of every store file: "HUKU". A SQLite file with another id is refused.
APPLICATION_ID = 0x48554B55
BUSY_TIMEOUT_SECONDS = 10.0

Clock = Callable[[], dt.datetime]


def local_now() -> dt.datetime:
    return dt.datetime.now().astimezone()


_ENVIRONMENT_ERRORS = (
    ("locked", "数据库正被另一个程序写入，请稍后重试"),
    ("busy", "数据库正被另一个程序写入，请稍后重试"),
    ("disk is full", "磁盘已满，无法保存，请清理磁盘空间后重试"),
    ("readonly", "数据库文件是只读的，无法保存"),
    ("disk i/o error", "读写数据库文件出错（磁盘或 U 盘可能已移除）"),
    ("unable to open", "无法打开数据库文件（路径不存在或没有权限）"),
    ("not a database", "这不是 SQLite 数据库文件，已拒绝打开"),
    ("malformed", "数据库文件已损坏，请运行 intake verify 并从备份恢复"),
)


def translate(error: sqlite3.Error | str, path: Path) -> StoreError | None:
    """The clerk-readable error for an environment failure (or SQLite's message of one), or None
    when it is a bug."""
    text = str(error).lower()
    for needle, message in _ENVIRONMENT_ERRORS:
        if needle in text:
            return StoreError(message, str(path))
    return None


@contextlib.contextmanager
def guard(path: Path) -> Iterator[None]:
    """Turns SQLite's environment failures (locked, disk full, …) into StoreError."""
    try:
        yield
    except (sqlite3.OperationalError, sqlite3.DatabaseError) as e:
        if isinstance(e, sqlite3.IntegrityError):
            raise
        known = translate(e, path)
        if known is None:
            raise
        raise known from e
    except UnicodeDecodeError as e:
        # SQLite's message quotes the damaged bytes of a corrupt schema ("malformed database
        # schema … near "\xff…""), which Python's sqlite3 cannot decode into the exception's text.
        known = translate(bytes(e.object).decode("utf-8", "replace"), path) if e.encoding == "utf-8" else None
        if known is None:
            raise
        raise known from e


def remove_with_sidecars(path: Path) -> None:
    """Removes a store file with SQLite's files beside it (closed first)."""
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        p.unlink(missing_ok=True)


class Store:
    """One hall's store file, opened with WAL, ``synchronous=FULL``, foreign keys and a busy timeout."""

    def __init__(self, conn: sqlite3.Connection, path: Path, clock: Clock) -> None:
        self.conn = conn
        self.path = path
        self.clock = clock

    @classmethod
    def open(cls, path: Path | str | None = None, *, create: bool = True, clock: Clock | None = None) -> "Store":
        """Opens (with ``create``, creates) the store and applies pending migrations.

        StoreError when the file is missing (without ``create``), not a SQLite file, another
        program's database, or written by a newer version of this program.
        """
        path = Path(path) if path is not None else default_db_path()
        if path.is_dir():
            raise StoreError("这是一个文件夹，不是数据库文件", str(path))
        if not path.exists():
            if not create:
                raise StoreError("找不到数据库文件", str(path))
            path.parent.mkdir(parents=True, exist_ok=True)
        with guard(path):
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        try:
            with guard(path):
                _check_identity(conn, path)
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=FULL")
                conn.execute("PRAGMA foreign_keys=ON")
                conn.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_SECONDS * 1000)}")
                store = cls(conn, path, clock or local_now)
                store._migrate()
        except BaseException:
            conn.close()
            raise
        return store

    def _migrate(self) -> None:
        """Applies pending migrations in one transaction; refuses a schema newer than this code."""
        newer = unknown_migrations(self.conn)
        if newer:
            raise StoreError(f"数据库由更新版本的程序写入（迁移 {newer[0]}），请升级程序后再打开", str(self.path))
        if not pending_names(self.conn):
            return
        with self.write():
            if unknown_migrations(self.conn):  # another process migrated meanwhile
                raise StoreError("数据库由更新版本的程序写入，请升级程序后再打开", str(self.path))
            if self.conn.execute("PRAGMA application_id").fetchone()[0] == 0:
                self.conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
            migration_set().apply(self.db)

    @cached_property
    def db(self) -> "Database":
        """sqlite-utils over this connection, for migrations (imported on first use: cold start)."""
        from sqlite_utils import Database

        return Database(self.conn, execute_plugins=False)

    @contextlib.contextmanager
    def reads_stopped_when(self, stop: Callable[[], bool]) -> Iterator[None]:
        """Inside, a query fails with ``sqlite3.OperationalError`` ("interrupted") soon after
        ``stop()`` turns true: the desk abandons a search that was cancelled or is still running when
        the clerk quits. For reads only — a write stopped half-way would lose its statement."""
        self.conn.set_progress_handler(lambda: 1 if stop() else 0, 1000)
        try:
            yield
        finally:
            self.conn.set_progress_handler(None, 0)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (``BEGIN IMMEDIATE``: the writer lock is taken up front, so two
        writers queue instead of failing half-way). Rolled back on any exception."""
        with guard(self.path):
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
            else:
                try:
                    self.conn.execute("COMMIT")
                except BaseException:
                    if self.conn.in_transaction:
                        self.conn.execute("ROLLBACK")
                    raise

    def now(self) -> str:
        """The current time as stored: ISO 8601 with the local offset, to the second."""
        return self.clock().isoformat(timespec="seconds")

    @cached_property
    def cases(self) -> "CaseBook":
        from intake.store.cases import CaseBook

        return CaseBook(self)

    @cached_property
    def workflow(self) -> "Workflow":
        from intake.store.workflow import Workflow

        return Workflow(self)

    @cached_property
    def pages(self) -> "PageShelf":
        from intake.store.pages import PageShelf

        return PageShelf(self)

    @cached_property
    def users(self) -> "Users":
        from intake.store.users import Users

        return Users(self)

    @cached_property
    def settings(self) -> "Settings":
        from intake.store.settings import Settings

        return Settings(self)

    def search(self, text: str, limit: int = 50) -> "SearchResult":
        """Cases by ID number, name (any 1–4 characters of it, or longer), case number or phone;
        newest first, at most ``limit``; ID numbers masked."""
        from intake.store.search import search

        with guard(self.path):
            return search(self.conn, text, limit)


def _check_identity(conn: sqlite3.Connection, path: Path) -> None:
    """Refuses a SQLite file that belongs to another program."""
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    if app_id == APPLICATION_ID:
        return
    has_tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if app_id != 0 or has_tables:
        raise StoreError("这不是落户受理的数据库文件（可能属于其他程序），已拒绝打开", str(path))
