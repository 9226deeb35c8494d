"""Opening store files: pragmas, identity, migrations, refusals."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from intake.errors import StoreError
from intake.store import Store
from intake.store.db import APPLICATION_ID
from intake.store.migrations import known_names


def test_new_store_has_its_pragmas_and_schema(db_path: Path) -> None:
    with Store.open(db_path) as store:
        pragma = lambda name: store.conn.execute(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("synchronous") == 2  # FULL
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") >= 5000
        assert pragma("application_id") == APPLICATION_ID
        applied = [r[0] for r in store.conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
        assert applied == known_names()


def test_reopening_applies_nothing_twice(db_path: Path) -> None:
    Store.open(db_path).close()
    with Store.open(db_path) as store:
        (count,) = store.conn.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()
    assert count == len(known_names())


def test_opening_an_up_to_date_store_does_not_import_sqlite_utils(db_path: Path) -> None:
    """sqlite-utils is only needed to apply migrations; importing it costs the desk's cold start."""
    Store.open(db_path).close()
    script = (
        "import sys\n"
        "from intake.store import Store\n"
        f"Store.open({str(db_path)!r}).close()\n"
        "print('sqlite_utils' in sys.modules)\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "False"


def test_missing_file_is_refused_without_create(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="找不到数据库文件"):
        Store.open(tmp_path / "nope.db", create=False)
    assert not (tmp_path / "nope.db").exists()


def test_foreign_sqlite_file_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="不是落户受理的数据库文件"):
        Store.open(other)


def test_file_with_another_application_id_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("PRAGMA application_id = 1234")
    conn.close()
    with pytest.raises(StoreError, match="不是落户受理的数据库文件"):
        Store.open(other)


def test_non_sqlite_file_is_refused(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreError, match="不是 SQLite 数据库文件"):
        Store.open(junk)


def test_store_written_by_newer_version_is_refused(db_path: Path) -> None:
    with Store.open(db_path) as store:
        store.conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('intake', '9999_future', 'x')"
        )
    with pytest.raises(StoreError, match="更新版本.*9999_future"):
        Store.open(db_path)


def test_failed_write_rolls_back_everything(store: Store) -> None:
    with pytest.raises(RuntimeError):
        with store.write() as conn:
            conn.execute("INSERT INTO settings (key, value) VALUES ('a', 'b')")
            raise RuntimeError("boom")
    assert store.conn.execute("SELECT count(*) FROM settings").fetchone()[0] == 0
    assert not store.conn.in_transaction


def test_busy_store_reports_a_clear_error(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import intake.store.db as db

    monkeypatch.setattr(db, "BUSY_TIMEOUT_SECONDS", 0.1)
    with Store.open(db_path) as first, Store.open(db_path) as second:
        second.conn.execute("PRAGMA busy_timeout = 100")
        with first.write():
            with pytest.raises(StoreError, match="正被另一个程序写入"):
                with second.write():
                    pass
