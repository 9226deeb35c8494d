"""`verify` finds rows changed behind the app's back, even with the triggers dropped."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from intake.evaluation import Evaluator
from intake.store import Actor, Store
from intake.store.verify import verify_store
from tests.intake.store.conftest import CLERK, image_bytes, make_app, person, run_cli


@pytest.fixture
def filled(db_path: Path, evaluator: Evaluator) -> Path:
    with Store.open(db_path) as store:
        store.settings.set_hall_township("350502001", CLERK)
        for i in range(3):
            number = store.cases.create(make_app(id_number=person(i), name=f"林{'晓明华'[i]}"), CLERK).case
            store.workflow.evaluate(number, evaluator, CLERK)
        store.pages.attach_bytes(number, 0, [("a.png", image_bytes("PNG"))], CLERK)
        store.users.add("admin", "correct horse", "admin", CLERK)
        assert verify_store(store).ok
    return db_path


def _tamper(path: Path, *statements: str) -> None:
    """What someone with a SQLite tool could do: drop the triggers and edit rows."""
    conn = sqlite3.connect(path)
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        conn.execute(f"DROP TRIGGER {name}")
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.close()


def _problems(path: Path) -> tuple[list[str], int | None]:
    with Store.open(path) as store:
        report = verify_store(store)
    assert not report.ok
    return report.problems, report.first_broken_entry


@pytest.mark.parametrize(
    ("statement", "expect", "entry"),
    [
        ("UPDATE cases SET state = 'approved' WHERE id = 1", r"案件 350502001-\d{4}-000001 与其审计记录第 3 条不符", None),
        ("UPDATE applications SET json = replace(json, '林晓', '林小') WHERE id = 1", "案件 .*-000001 与其审计记录第 3 条不符", None),
        ("UPDATE decisions SET outcome = 'not_eligible' WHERE id = 2", "案件 .*-000002 与其审计记录第 5 条不符", None),
        ("DELETE FROM decisions WHERE id = 3", "案件 .*-000003 与其审计记录第 8 条不符", None),
        ("UPDATE audit SET actor = 'nobody' WHERE id = 3", "审计记录第 3 条内容被改动", 3),
        ("DELETE FROM audit WHERE id = 4", "审计记录第 4 条缺失", 4),
        ("DELETE FROM audit WHERE id = 9", "审计记录第 9 条至第 9 条缺失（末尾被删除）", 9),
        ("UPDATE users SET role = 'supervisor'", "user:admin 与其审计记录第 9 条不符", None),
        ("UPDATE settings SET value = '350502009'", "setting:hall_township 与其审计记录第 1 条不符", None),
        ("UPDATE blobs SET data = data || x'00'", "扫描页 .* 的内容与其 SHA-256 不符", None),
        ("DELETE FROM name_grams WHERE gram = '晓'", "姓名搜索索引与案件不一致", None),
    ],
)
def test_tampering_is_found_and_named(filled: Path, statement: str, expect: str, entry: int | None) -> None:
    _tamper(filled, statement)
    problems, first = _problems(filled)
    assert any(re.search(expect, p) for p in problems), problems
    assert first == entry


def test_deleting_a_whole_case_is_found(filled: Path) -> None:
    _tamper(filled, "PRAGMA foreign_keys = OFF", "DELETE FROM pages", "DELETE FROM decisions WHERE case_id = 3",
            "DELETE FROM applications WHERE case_id = 3", "DELETE FROM cases WHERE id = 3")
    problems, _ = _problems(filled)
    assert any("所记的案件（case:350502001-" in p and "已不存在" in p for p in problems), problems


def test_a_case_added_behind_the_apps_back_is_found(filled: Path) -> None:
    _tamper(filled, "INSERT INTO cases (number, state, applicant_id, applicant_name, jurisdiction, created_at, created_by, "
                    "updated_at) VALUES ('350502001-2017-999999', 'completed', 'x', '某', '350502', 'x', 'x', 'x')")
    problems, _ = _problems(filled)
    assert any("350502001-2017-999999 没有审计记录" in p for p in problems), problems


def test_rewritten_entry_with_recomputed_hash_breaks_the_link(filled: Path) -> None:
    from intake.store import audit

    conn = sqlite3.connect(filled)
    conn.execute("DROP TRIGGER audit_no_update")
    columns = (*audit.ENTRY_FIELDS, "hash")
    row = dict(zip(columns, conn.execute(f"SELECT {', '.join(columns)} FROM audit WHERE id = 2").fetchone()))
    row["actor"] = "someone else"
    conn.execute("UPDATE audit SET actor = ?, hash = ? WHERE id = 2", (row["actor"], audit.entry_hash(row)))
    conn.commit()
    conn.close()
    problems, first = _problems(filled)
    assert first == 3 and "审计记录第 3 条与前一条的链接不符" in problems[1]


def test_dropped_triggers_alone_are_reported(filled: Path) -> None:
    _tamper(filled)
    problems, _ = _problems(filled)
    assert problems[0].startswith("保护审计记录的触发器被删除")


def test_progress_is_reported_and_cancel_stops(filled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from intake.errors import Cancelled
    from intake.store import CancelToken, verify

    monkeypatch.setattr(verify, "_STEP", 1)
    seen: list[tuple[int, int]] = []
    with Store.open(filled) as store:
        assert verify_store(store, lambda d, t, m: seen.append((d, t))).ok
        token = CancelToken()
        token.cancel()
        with pytest.raises(Cancelled):
            verify_store(store, cancel=token)
        assert not store.conn.in_transaction
    assert seen[-1][0] == seen[-1][1] > 0


def test_corrupt_file_fails_verify(db_path: Path, intake_cmd: list[str]) -> None:
    with Store.open(db_path) as store:
        for i in range(300):
            store.cases.create(make_app(id_number=person(i)), Actor("x"))
    data = bytearray(db_path.read_bytes())
    page = 4096
    for offset in range(page * 3, len(data) - page, page * 7):  # scribble over some b-tree pages
        data[offset + 100 : offset + 140] = b"\xff" * 40
    db_path.write_bytes(bytes(data))
    run = run_cli(intake_cmd, "verify", "--db", db_path)
    assert run.returncode == 2
    assert "损坏" in run.stdout + run.stderr or "完整性检查失败" in run.stdout
    assert "Traceback" not in run.stderr


def test_a_damaged_schema_is_reported_as_a_damaged_store(db_path: Path, intake_cmd: list[str]) -> None:
    """SQLite's message then quotes the damaged bytes, which are not UTF-8."""
    Store.open(db_path).close()
    data = bytearray(db_path.read_bytes())
    at = data.index(b"BEGIN SELECT RAISE")  # a trigger's text in the schema table
    data[at : at + 8] = b"\xff" * 8
    db_path.write_bytes(bytes(data))
    run = run_cli(intake_cmd, "verify", "--db", db_path)
    assert run.returncode == 2
    assert "损坏" in run.stdout + run.stderr or "完整性检查失败" in run.stdout
    assert "Traceback" not in run.stderr
