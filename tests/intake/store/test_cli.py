"""The store commands through the real `intake` executable, as CONTRACT.md "Other commands" fixes them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SHARED_CASES
from tests.intake.store.conftest import TOWNSHIPS, app_data, image_bytes, run_cli, write

CASE = SHARED_CASES / "graduate-registered-rental.json"
Cli = Callable[..., Any]


@pytest.fixture
def cli(intake_cmd: list[str], db_path: Path) -> Cli:
    def run(*args: str | Path, ok: bool = True) -> Any:
        done = run_cli(intake_cmd, *args, "--db", db_path, "--json")
        if ok:
            assert done.returncode == 0, done.stderr
            assert done.stderr == ""
            return json.loads(done.stdout)
        assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
        assert done.stdout == ""
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in done.stderr
        return {"error": lines[0]}

    return run


def test_a_case_from_filing_to_completion(cli: Cli, tmp_path: Path, intake_cmd: list[str]) -> None:
    number = cli("case", "new", CASE, "--user", "clerk1")["case"]
    assert number.startswith("350502000-") and len(number) == 21
    scan = write(tmp_path / "id-front.jpg", image_bytes("JPEG"))
    attached = cli("case", "attach", number, "0", scan)
    assert [set(p) >= {"sha256"} for p in attached["pages"]] == [True]
    decision = cli("case", "evaluate", number, "--townships", TOWNSHIPS)
    standalone = json.loads(run_cli(intake_cmd, "evaluate", CASE, "--townships", TOWNSHIPS, check=True).stdout)
    assert decision == standalone
    assert cli("case", "consent", number) == {"case": number, "state": "consented"}
    assert cli("case", "approve", number, "--user", "sup") == {"case": number, "state": "approved"}
    assert cli("case", "complete", number) == {"case": number, "state": "completed"}
    shown = cli("case", "show", number)
    assert shown["case"] == number and shown["state"] == "completed"
    assert shown["application"]["applicant"]["name"] == "林晓"
    assert shown["documents"][0]["type"] == "id_card"
    assert shown["documents"][0]["pages"][0]["sha256"] == attached["pages"][0]["sha256"]
    assert shown["decision"] == decision
    assert [h["action"] for h in shown["history"]] == ["create", "attach", "evaluate", "consent", "approve", "complete"]
    assert shown["history"][0]["user"] == "clerk1" and shown["history"][4]["user"] == "sup"
    found = cli("search", "林晓")
    assert found == [{"case": number, "name": "林晓", "state": "completed", "id_number": "350583********0021",
                      "created_at": shown["created_at"]}]
    assert cli("verify")["ok"] is True


def test_withdraw_and_reject(cli: Cli) -> None:
    a = cli("case", "new", CASE)["case"]
    b = cli("case", "new", CASE)["case"]
    assert cli("case", "withdraw", a, "--reason", "本人不再申请") == {"case": a, "state": "withdrawn"}
    assert cli("case", "reject", b, "--reason", "材料不实") == {"case": b, "state": "rejected"}
    assert cli("case", "show", a)["reason"] == "本人不再申请"


def test_every_step_takes_a_reason_or_note(cli: Cli) -> None:
    number = cli("case", "new", CASE)["case"]
    cli("case", "evaluate", number)
    cli("case", "consent", number, "--reason", "申请人当场签字确认")
    cli("case", "approve", number, "--reason", "材料齐全")
    history = cli("case", "show", number)["history"]
    assert [h["detail"].get("note") for h in history[-2:]] == ["申请人当场签字确认", "材料齐全"]


def test_residence_permit_choice(cli: Cli) -> None:
    number = cli("case", "new", SHARED_CASES / "nothing-to-go-on.json")["case"]
    assert cli("case", "evaluate", number)["outcome"] == "not_eligible"
    assert cli("case", "consent", number, "--residence-permit") == {"case": number, "state": "withdrawn"}
    assert cli("case", "show", number)["wish"] == "residence_permit"


def test_edit_returns_to_draft(cli: Cli, tmp_path: Path) -> None:
    number = cli("case", "new", CASE)["case"]
    cli("case", "evaluate", number)
    changed = write(tmp_path / "changed.json", json.dumps(app_data(name="林小晓")).encode())
    assert cli("case", "edit", number, changed) == {"case": number, "state": "draft"}
    assert cli("search", "小晓")[0]["case"] == number


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("case", "new", SHARED_CASES / "bad-id-check-digit.json"), "applicant.id_number"),
        (("case", "approve", "{number}"), "当前状态为“草稿”，不能审核通过"),
        (("case", "consent", "{number}"), "不能记录落户意愿：请先评估"),
        (("case", "complete", "{number}"), "不能办结"),
        (("case", "reject", "{number}"), "驳回必须说明理由"),
        (("case", "show", "350502000-2017-000099"), "找不到案件 350502000-2017-000099"),
        (("case", "attach", "{number}", "9", "{scan}"), "没有第 9 份证件"),
        (("case", "attach", "{number}", "0", "{empty}"), "empty.png 是空文件"),
        (("case", "attach", "{number}", "0", "{fake}"), "fake.jpg 的扩展名表明是 JPEG"),
    ],
)
def test_refusals_exit_2_with_one_line_and_write_nothing(cli: Cli, tmp_path: Path, args: tuple[str | Path, ...], message: str) -> None:
    number = cli("case", "new", CASE)["case"]
    files = {"scan": write(tmp_path / "ok.png", image_bytes("PNG")), "empty": write(tmp_path / "empty.png", b""),
             "fake": write(tmp_path / "fake.jpg", image_bytes("PNG"))}
    before = cli("case", "show", number)
    argv = [str(a).format(number=number, **files) for a in args]
    assert message in cli(*argv, ok=False)["error"]
    after = cli("case", "show", number)
    assert after == before
    assert len(cli("search", "林晓")) == 1
    assert cli("verify")["ok"]


def test_store_commands_refuse_a_foreign_file(intake_cmd: list[str], tmp_path: Path) -> None:
    other = write(tmp_path / "notes.db", b"SQLite format 3\x00" + b"\x00" * 200)
    for args in (("verify",), ("search", "林"), ("case", "show", "x")):
        done = run_cli(intake_cmd, *args, "--db", other)
        assert done.returncode == 2 and "Traceback" not in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1


def test_read_commands_do_not_create_a_store(intake_cmd: list[str], tmp_path: Path) -> None:
    done = run_cli(intake_cmd, "verify", "--db", tmp_path / "none.db")
    assert done.returncode == 2 and "找不到数据库文件" in done.stderr
    assert not (tmp_path / "none.db").exists()


def test_default_location_is_intake_db(intake_cmd: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTAKE_DB", str(tmp_path / "env.db"))
    assert run_cli(intake_cmd, "case", "new", CASE).returncode == 0
    assert (tmp_path / "env.db").exists()


def test_verify_fails_with_exit_2_naming_the_entry(cli: Cli, intake_cmd: list[str], db_path: Path) -> None:
    import sqlite3

    cli("case", "new", CASE)
    cli("case", "new", CASE)
    conn = sqlite3.connect(db_path)
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute("UPDATE audit SET actor = 'mallory' WHERE id = 2")
    conn.commit()
    conn.close()
    done = run_cli(intake_cmd, "verify", "--db", db_path, "--json")
    assert done.returncode == 2
    report = json.loads(done.stdout)
    assert report["ok"] is False and report["first_broken_entry"] == 2
    assert any("审计记录第 2 条内容被改动" in p for p in report["problems"])
    human = run_cli(intake_cmd, "verify", "--db", db_path)
    assert human.returncode == 2 and "审计记录第 2 条" in human.stdout


def test_backup_sample_and_search_human_output(intake_cmd: list[str], db_path: Path, tmp_path: Path) -> None:
    sample = run_cli(intake_cmd, "sample", "--count", "300", "--seed", "5", "--db", db_path, "--json", check=True)
    assert json.loads(sample.stdout) == {"cases": 300}
    out = json.loads(run_cli(intake_cmd, "backup", "--to", tmp_path / "bk", "--keep", "1", "--db", db_path, "--json",
                             check=True).stdout)["out"]
    assert Path(out).exists()
    human = run_cli(intake_cmd, "search", "林", "--db", db_path, check=True).stdout
    assert "林" in human and "********" in human
    assert "校验通过" in run_cli(intake_cmd, "verify", "--db", db_path, check=True).stdout


@pytest.mark.parametrize("command", [["case"], ["case", "new"], ["case", "attach"], ["case", "evaluate"],
                                     ["case", "consent"], ["case", "approve"], ["case", "complete"], ["case", "withdraw"],
                                     ["case", "reject"], ["case", "show"], ["case", "edit"], ["case", "list"], ["search"],
                                     ["verify"], ["backup"], ["sample"]])
def test_every_command_has_chinese_help(intake_cmd: list[str], command: list[str]) -> None:
    done = run_cli(intake_cmd, *command, "--help", check=True)
    assert any("\u4e00" <= c <= "\u9fff" for c in done.stdout)


def test_the_clerks_summary_names_the_path_in_chinese(cli: Cli, intake_cmd: list[str], db_path: Path) -> None:
    number = cli("case", "new", CASE)["case"]
    said = run_cli(intake_cmd, "case", "evaluate", number, "--db", db_path, check=True).stdout
    assert "可以落户（高校毕业生，依据第 二(四) 条）" in said and "graduate_employed" not in said
    shown = run_cli(intake_cmd, "case", "show", number, "--db", db_path, check=True).stdout
    assert "高校毕业生" in shown and "graduate_employed" not in shown
