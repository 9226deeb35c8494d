"""0007_exchange_audit_by_key: a county store's copy of the townships' audit trails, rebuilt keyed by
(installation, id), keeps every row and stays append-only."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from intake.store import Store
from intake.store.db import APPLICATION_ID
from intake.store.migrations import migration_set, pending_names
from intake.store.verify import verify_store

COLUMNS = "installation, id, at, actor, action, subject, case_id, record_sha256, detail, prev_hash, hash"
ROWS = [  # two installations, written out of key order
    ("bbbb", 2, "2026-05-02T09:00:00+08:00", "clerk2", "case_new", "case:350502002-2026-000001", 1, "a" * 64, None, "0" * 64, "1" * 64),
    ("aaaa", 1, "2026-05-01T09:00:00+08:00", "clerk1", "settings", None, None, None, '{"k":"v"}', "0" * 64, "2" * 64),
    ("bbbb", 1, "2026-05-01T10:00:00+08:00", "admin", "user_add", "user:clerk2", None, None, None, "0" * 64, "3" * 64),
    ("aaaa", 2, "2026-05-01T09:30:00+08:00", "clerk1", "case_new", "case:350502001-2026-000001", 7, "b" * 64, None, "2" * 64, "4" * 64),
]


@pytest.fixture()
def store_before(tmp_path: Path) -> Path:
    """A store at 0006 holding township audit entries, as a county using the previous release has."""
    path = tmp_path / "county.db"
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
        migration_set().apply(Database(conn), stop_before="0007_exchange_audit_by_key")
        conn.executemany(f"INSERT INTO exchange_audit ({COLUMNS}) VALUES ({', '.join('?' * 11)})", ROWS)
    return path


def test_rows_are_kept_and_the_table_is_keyed_by_installation_and_id(store_before: Path) -> None:
    with Store.open(store_before) as store:
        assert "0007_exchange_audit_by_key" not in pending_names(store.conn)
        conn = store.conn
        assert conn.execute(f"SELECT {COLUMNS} FROM exchange_audit").fetchall() == sorted(ROWS)
        sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'exchange_audit'").fetchone()[0]
        assert "WITHOUT ROWID" in sql
        trees = dict(conn.execute("SELECT name, rootpage FROM sqlite_master WHERE tbl_name = 'exchange_audit' AND type != 'trigger'"))
        assert len(set(trees.values())) == 2, trees  # the rows (by their key) and exchange_audit_case
        assert "exchange_audit_case" in trees
        history = conn.execute("SELECT id FROM exchange_audit WHERE installation = 'aaaa' AND case_id = 7").fetchall()
        assert history == [(2,)]


def test_the_rebuilt_table_stays_append_only(store_before: Path) -> None:
    with Store.open(store_before) as store:
        for change in ("UPDATE exchange_audit SET actor = 'x'", "DELETE FROM exchange_audit"):
            with pytest.raises(sqlite3.IntegrityError, match="只能追加"):
                store.conn.execute(change)
        with pytest.raises(sqlite3.IntegrityError):  # the key still refuses a second entry with one id
            store.conn.execute(f"INSERT INTO exchange_audit ({COLUMNS}) VALUES ({', '.join('?' * 11)})", ROWS[0])
        assert store.conn.execute("SELECT count(*) FROM exchange_audit").fetchone()[0] == len(ROWS)
    with Store.open(store_before) as store:
        assert verify_store(store).ok
