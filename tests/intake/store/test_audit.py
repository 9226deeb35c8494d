"""The audit trail: one chained entry per write, append-only in the database itself."""

from __future__ import annotations

import sqlite3

import pytest

from intake.evaluation import Evaluator
from intake.store import Store, audit
from intake.store.records import stored_case_digest
from tests.intake.store.conftest import CLERK, image_bytes, make_app


def test_every_write_appends_one_chained_entry(store: Store, evaluator: Evaluator) -> None:
    store.settings.set_hall_township("350502001", CLERK)
    number = store.cases.create(make_app(), CLERK).case
    store.pages.attach_bytes(number, 0, [("a.png", image_bytes("PNG"))], CLERK)
    store.workflow.evaluate(number, evaluator, CLERK)
    columns = (*audit.ENTRY_FIELDS, "hash")
    rows = [dict(zip(columns, r)) for r in store.conn.execute(f"SELECT {', '.join(columns)} FROM audit ORDER BY id")]
    assert [r["action"] for r in rows] == ["set_setting", "create", "attach", "evaluate"]
    prev = audit.GENESIS
    for row in rows:
        assert row["prev_hash"] == prev and audit.entry_hash(row) == row["hash"]
        prev = row["hash"]
    (case_id,) = store.conn.execute("SELECT id FROM cases").fetchone()
    assert rows[3]["record_sha256"] == stored_case_digest(store.conn, case_id)


def test_a_failed_write_leaves_no_entry(store: Store) -> None:
    number = store.cases.create(make_app(), CLERK).case
    with pytest.raises(Exception):
        store.workflow.approve(number, CLERK)
    assert store.conn.execute("SELECT count(*) FROM audit").fetchone()[0] == 1


@pytest.mark.parametrize("sql", ["UPDATE audit SET actor = 'x'", "DELETE FROM audit", "DELETE FROM decisions",
                                 "UPDATE applications SET json = '{}'"])
def test_the_database_refuses_to_edit_history(store: Store, evaluator: Evaluator, sql: str) -> None:
    number = store.cases.create(make_app(), CLERK).case
    store.workflow.evaluate(number, evaluator, CLERK)
    with pytest.raises(sqlite3.IntegrityError, match="只能追加"):
        store.conn.execute(sql)


def test_append_outside_a_transaction_is_a_bug(store: Store) -> None:
    with pytest.raises(RuntimeError):
        audit.append(store.conn, at="now", actor="x", action="create")
