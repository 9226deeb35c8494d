"""Upgrades never lose data: a store written by the first release (tests/data/store-schema-0001.sql,
migration 0001_initial only, cases made through that release's store API) opens in this version,
which applies every later migration and keeps every row; and a store written by a newer release is
refused with a clear Chinese message and left untouched."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

import pytest

from intake.config import default_rules_dir, default_townships
from intake.errors import StoreError
from intake.evaluation import Evaluator
from intake.models.parse import parse_application
from intake.store.db import Store
from intake.store.migrations import applied_names, known_names, migration_set, pending_names
from intake.store.ops import Actor
from intake.store.verify import verify_store
from tests.conftest import REPO

FIXTURE = REPO / "tests" / "data" / "store-schema-0001.sql"
FIRST_RELEASE_MIGRATIONS = ["0001_initial"]
CLERK = Actor("clerk", "clerk")

Rows = dict[str, list[dict[str, Any]]]


def load_fixture(path: Path) -> Path:
    """A fresh SQLite file holding exactly what the first release wrote."""
    conn = sqlite3.connect(path)
    try:
        conn.executescript(FIXTURE.read_text(encoding="utf-8"))
    finally:
        conn.close()
    return path


def table_rows(path: Path) -> Rows:
    """Every row of every table, read without the Store (no migration runs)."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {t: [dict(r) for r in conn.execute(f'SELECT * FROM "{t}" ORDER BY {_order(conn, t)}')] for t in tables}
    finally:
        conn.close()


def _order(conn: sqlite3.Connection, table: str) -> str:
    """rowid, or for a WITHOUT ROWID table its primary key columns."""
    info = conn.execute(f'PRAGMA table_info("{table}")').fetchall()
    without_rowid = "WITHOUT ROWID" in conn.execute(
        "SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0].upper()
    if not without_rowid:
        return "rowid"
    return ", ".join(f'"{c[1]}"' for c in sorted((c for c in info if c[5]), key=lambda c: c[5]))


@pytest.fixture
def old_store(tmp_path: Path) -> Path:
    return load_fixture(tmp_path / "intake.db")


def test_fixture_is_the_first_release(old_store: Path) -> None:
    rows = table_rows(old_store)
    assert [r["name"] for r in rows["_sqlite_migrations"]] == FIRST_RELEASE_MIGRATIONS
    assert len(rows["cases"]) >= 5 and rows["pages"] and rows["audit"]
    assert {r["state"] for r in rows["cases"]} >= {"draft", "evaluated", "consented", "completed", "rejected", "withdrawn"}


def test_first_migration_is_unchanged_since_release(old_store: Path, tmp_path: Path) -> None:
    """A migration that has shipped is never edited: applying 0001_initial today gives the schema
    the first release wrote."""
    fresh = tmp_path / "fresh.db"
    with sqlite3.connect(fresh) as conn:
        from sqlite_utils import Database

        migration_set().apply(Database(conn), stop_before=known_names()[1:2] or None)

    def schema(path: Path) -> dict[str, str]:
        with sqlite3.connect(path) as conn:
            return {name: " ".join(sql.split()) for name, sql in conn.execute(
                "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name != '_sqlite_migrations'")}

    assert schema(fresh) == schema(old_store), (
        "migration 0001_initial no longer makes the first release's schema: add a new migration "
        "instead of editing a shipped one (tests/data/make_store_schema_0001.py says how the fixture was made)"
    )


def test_first_release_store_upgrades_without_loss(old_store: Path) -> None:
    before = table_rows(old_store)
    with Store.open(old_store) as store:
        applied = applied_names(store.conn)
        assert applied == known_names(), "every migration of this version is applied, in order"
        assert not pending_names(store.conn)
        report = verify_store(store)
        assert report.ok, report.problems
        assert report.cases == len(before["cases"])
        assert report.entries == len(before["audit"])
        views = {row["number"]: store.cases.get(row["number"]) for row in before["cases"]}
        page_bytes = {p["sha256"]: store.pages.data(p["sha256"]) for p in before["pages"]}
    after = table_rows(old_store)

    # every row of the first release is still there, every old column with its old value
    for table, rows in before.items():
        if table == "_sqlite_migrations":
            continue
        assert table in after, f"table {table} disappeared in the upgrade"
        assert len(after[table]) == len(rows), f"{table}: {len(rows)} rows before, {len(after[table])} after"
        for old, new in zip(rows, after[table]):
            assert {k: new.get(k) for k in old} == old, f"{table}: a row changed in the upgrade"

    # and the cases read back through the current API as they were written
    for row in before["cases"]:
        view = views[row["number"]]
        assert (view.state, view.application.applicant.name) == (row["state"], row["applicant_name"])
        latest = max((a for a in before["applications"] if a["case_id"] == row["id"]), key=lambda a: a["id"])
        assert view.application_id == latest["id"]
        assert len(view.decisions) == sum(d["case_id"] == row["id"] for d in before["decisions"])
    assert "𠮷𪚥明" in {v.application.applicant.name for v in views.values()}
    for sha, data in page_bytes.items():
        assert hashlib.sha256(data).hexdigest() == sha


def test_upgraded_store_keeps_working_and_reopens(old_store: Path) -> None:
    evaluator = Evaluator.load(default_rules_dir(), default_townships(default_rules_dir()))
    app = parse_application((REPO / "examples" / "graduate-employed.json").read_text(encoding="utf-8"))
    with Store.open(old_store) as store:
        head_before = verify_store(store).head
        number = store.cases.create(app, CLERK).case
        assert number is not None
        store.workflow.evaluate(number, evaluator, CLERK)
        assert len(store.search("陈静怡").hits) >= 3  # two from the first release, one new
    with Store.open(old_store) as store:  # a second open migrates nothing and finds all
        assert not pending_names(store.conn)
        report = verify_store(store)
        assert report.ok, report.problems
        assert store.cases.get(number).state == "evaluated"
    assert report.head != head_before


def test_first_release_store_passes_intake_verify(old_store: Path, intake_cmd: list[str]) -> None:
    run = subprocess.run([*intake_cmd, "verify", "--db", str(old_store)],
                         capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert run.returncode == 0, run.stderr
    assert "校验通过" in run.stdout


# -- a store written by a newer release -------------------------------------------------------------


def from_newer_release(path: Path) -> bytes:
    """Upgrades the first release's store to this version, then records a migration this code
    does not know, as a later release would. Returns the file's bytes."""
    Store.open(path).close()
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                     "VALUES ('intake', '0099_from_a_newer_release', '2030-01-01 00:00:00+00:00')")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return path.read_bytes()


def test_store_from_newer_release_is_refused_and_untouched(old_store: Path) -> None:
    data = from_newer_release(old_store)
    with pytest.raises(StoreError) as refused:
        Store.open(old_store)
    message = str(refused.value)
    assert "更新版本" in message and "0099_from_a_newer_release" in message and "升级程序" in message
    assert old_store.read_bytes() == data


def test_command_line_refuses_newer_store_in_chinese(old_store: Path, intake_cmd: list[str]) -> None:
    from_newer_release(old_store)
    run = subprocess.run([*intake_cmd, "verify", "--db", str(old_store)],
                         capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert run.returncode == 2
    assert "更新版本" in run.stderr and "Traceback" not in run.stderr
