"""Refused input through the real `intake` executable: exit 2, one Chinese line naming the problem,
no traceback, no English from Python or the operating system, and nothing written."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import threading
from pathlib import Path

import pytest

from intake.store import Store
from tests.conftest import REPO

APP = REPO / "examples" / "graduate-employed.json"
TOWNSHIPS = REPO / "rules" / "townships.csv"
ENGLISH = re.compile(
    r"Traceback|Error|error|Expecting|Is a directory|No such file|Permission denied|Errno|invalid|"
    r"required|unrecognized|expected|argument|choose from"
)


def run(cmd: list[str], *args: str | Path, stdin: int | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*cmd, *map(str, args)], capture_output=True, text=True, encoding="utf-8",
                          timeout=60, stdin=stdin if stdin is not None else subprocess.DEVNULL)


def refused(cmd: list[str], *args: str | Path, stdin: int | None = None) -> str:
    """The one message of a refusal (the line after argparse's usage, if any), checked for the house rules."""
    done = run(cmd, *args, stdin=stdin)
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    assert done.stdout == ""
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    message = lines[-1]
    assert "内部错误" not in done.stderr
    assert re.search(r"[\u4e00-\u9fff]", message), message
    if lines[0].startswith("用法："):
        assert all(line.startswith((" ", "用法：")) for line in lines[:-1]), done.stderr
    else:
        assert len(lines) == 1, done.stderr
    # Paths are the user's own words; everything else must be Chinese.
    prose = message
    for arg in sorted((str(a) for a in args if os.sep in str(a)), key=len, reverse=True):
        prose = prose.replace(arg, "")
    assert not ENGLISH.search(prose), message
    return message


# -- 1. JSON nested too deep -----------------------------------------------------------------


@pytest.mark.parametrize("text", ["[" * 100_000 + "]" * 100_000, '{"a":' * 5000 + "1" + "}" * 5000],
                         ids=["arrays", "objects"])
def test_deeply_nested_json_is_refused(intake_cmd: list[str], tmp_path: Path, text: str) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text(text)
    assert "嵌套层数过多" in refused(intake_cmd, "evaluate", deep)
    db = tmp_path / "x.db"
    assert "嵌套层数过多" in refused(intake_cmd, "case", "new", deep, "--db", db)
    assert not db.exists()


# -- 2. --rules and --townships of the wrong kind ---------------------------------------------


def test_townships_that_is_a_folder_is_refused_by_every_command(intake_cmd: list[str], tmp_path: Path) -> None:
    db = tmp_path / "hall.db"
    number = json.loads(run(intake_cmd, "case", "new", APP, "--db", db, "--json").stdout)["case"]
    before = run(intake_cmd, "case", "show", number, "--db", db, "--json").stdout
    for args in (["evaluate", APP], ["case", "evaluate", number, "--db", db],
                 ["print", "receipt", number, "--out", tmp_path / "r.pdf", "--db", db], ["stats", "--db", db]):
        message = refused(intake_cmd, *args, "--townships", tmp_path)
        assert message.startswith("--townships:") and str(tmp_path) in message and "文件夹" in message
    assert run(intake_cmd, "case", "show", number, "--db", db, "--json").stdout == before
    assert not (tmp_path / "r.pdf").exists()
    fresh = tmp_path / "fresh.db"
    assert refused(intake_cmd, "setup", "350502001", "--townships", tmp_path, "--db", fresh).startswith("--townships:")
    assert not fresh.exists()


def test_rules_that_is_a_file_or_missing_is_refused(intake_cmd: list[str], tmp_path: Path) -> None:
    message = refused(intake_cmd, "evaluate", APP, "--rules", APP)
    assert message.startswith("--rules:") and "不是文件夹" in message
    message = refused(intake_cmd, "evaluate", APP, "--rules", tmp_path / "nowhere")
    assert message.startswith("--rules:") and "找不到规则目录" in message and "townships" not in message
    message = refused(intake_cmd, "evaluate", APP, "--townships", tmp_path / "none.csv")
    assert message.startswith("--townships:") and "找不到乡镇名录" in message


# -- 3. size cap --------------------------------------------------------------------------------


def test_oversized_input_is_refused_without_reading_it_all(intake_cmd: list[str], tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (5 * 1024 * 1024 + 1))
    assert "文件过大" in refused(intake_cmd, "evaluate", big)
    db = tmp_path / "x.db"
    assert "文件过大" in refused(intake_cmd, "case", "new", big, "--db", db)
    assert not db.exists()
    if os.path.exists("/dev/zero"):
        assert "文件过大" in refused(intake_cmd, "evaluate", "/dev/zero")
        with open("/dev/zero", "rb") as zero:
            assert "标准输入" in refused(intake_cmd, "evaluate", "-", stdin=zero.fileno())


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX named pipes")
def test_an_endless_pipe_is_cut_off(intake_cmd: list[str], tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)

    def endless() -> None:
        try:
            with open(fifo, "wb") as out:
                while True:
                    out.write(b" " * 65536)
        except BrokenPipeError:
            pass

    writer = threading.Thread(target=endless, daemon=True)
    writer.start()
    assert "文件过大" in refused(intake_cmd, "evaluate", fifo)
    writer.join(10)
    assert not writer.is_alive()


def test_empty_file_is_refused(intake_cmd: list[str], tmp_path: Path) -> None:
    empty = tmp_path / "empty.json"
    empty.write_bytes(b"")
    assert "空" in refused(intake_cmd, "evaluate", empty)


# -- 4. no English reaches the user -----------------------------------------------------------


@pytest.mark.parametrize(("text", "where", "what"), [
    ('{"a": }', "第 1 行第 7 列", "缺少取值"),
    ('{\n  "a" 1}', "第 2 行第 7 列", "缺少冒号"),
    ('{"a": 1,\n}', "第 2 行第 1 列", "字段名"),
    ('{"a": 1} x', "第 1 行第 10 列", "多余内容"),
    ('{"a": "x', "第 1 行第 7 列", "双引号"),
])
def test_json_syntax_errors_in_chinese(intake_cmd: list[str], tmp_path: Path, text: str, where: str, what: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(text, encoding="utf-8")
    message = refused(intake_cmd, "evaluate", bad)
    assert message.startswith("JSON 格式错误：") and where in message and what in message


def test_unreadable_application_in_chinese(intake_cmd: list[str], tmp_path: Path) -> None:
    assert "是文件夹不是文件" in refused(intake_cmd, "evaluate", tmp_path)
    assert "找不到文件" in refused(intake_cmd, "evaluate", tmp_path / "none.json")
    assert "找不到文件" in refused(intake_cmd, "case", "new", tmp_path / "none.json", "--db", tmp_path / "x.db")
    assert not (tmp_path / "x.db").exists()


@pytest.mark.parametrize(("args", "expect"), [
    ([], "缺少必需的参数：COMMAND"),
    (["nosuchcommand"], "COMMAND：无效的取值 'nosuchcommand'"),
    (["search"], "缺少必需的参数：TEXT"),
    (["search", "x", "--limit"], "--limit：缺少取值"),
    (["search", "x", "--limit", "q"], "--limit：应为正整数"),
    (["search", "x", "--bogus"], "不认识的参数：--bogus"),
    (["backup"], "必须给出以下之一：--to --restore"),
    (["backup", "--to", "a", "--restore", "b"], "--restore：不能与 --to 同时使用"),
    (["print", "poster", "1", "--out", "x.pdf"], "无效的取值 'poster'"),
    (["case", "list", "--state", "lost"], "--state：无效的取值 'lost'"),
], ids=lambda v: " ".join(v) if isinstance(v, list) else None)
def test_usage_errors_in_chinese(intake_cmd: list[str], args: list[str], expect: str) -> None:
    assert expect in refused(intake_cmd, *args)


# -- 5. numbers that would silently do nothing --------------------------------------------------


@pytest.mark.parametrize("args", [
    ["search", "x", "--limit", "-1"], ["search", "x", "--limit", "0"], ["case", "list", "--limit", "0"],
    ["sample", "--count", "0"], ["sample", "--count", "-5"], ["backup", "--to", "out", "--keep", "0"],
    ["case", "attach", "1", "-1", "page.png"],
], ids=" ".join)
def test_non_positive_numbers_are_refused(intake_cmd: list[str], tmp_path: Path, args: list[str]) -> None:
    db = tmp_path / "x.db"
    option = next((a for a in reversed(args) if a.startswith("--")), "DOC_INDEX")
    message = refused(intake_cmd, *args, "--db", db)
    assert message.split("参数错误：", 1)[1].startswith(f"{option}：应为")
    assert not db.exists() and not (tmp_path / "out").exists()


# -- 6. restore names the file the user gave ---------------------------------------------------


def test_restoring_a_non_database_names_that_file(intake_cmd: list[str], tmp_path: Path) -> None:
    picture = tmp_path / "p.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    target = tmp_path / "r.db"
    message = refused(intake_cmd, "backup", "--restore", picture, "--db", target)
    assert message.startswith(f"{picture}:") and ".restoring" not in message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.png"]


# -- 7. verify's JSON cites every entry its messages cite ------------------------------------


def _tampered(intake_cmd: list[str], tmp_path: Path, sql: str) -> dict[str, object]:
    db = tmp_path / "v.db"
    subprocess.run([*intake_cmd, "sample", "--count", "5", "--seed", "1", "--db", str(db)], check=True,
                   capture_output=True, timeout=120)
    conn = sqlite3.connect(db)
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute(sql)
    conn.commit()
    conn.close()
    done = run(intake_cmd, "verify", "--db", db, "--json")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    report: dict[str, object] = json.loads(done.stdout)
    return report


def _cited(report: dict[str, object]) -> set[int]:
    problems = report["problems"]
    assert isinstance(problems, list)
    return {int(n) for p in problems for n in re.findall(r"审计记录第 (\d+) 条", p)}


def test_verify_json_names_the_entry_a_record_disagrees_with(intake_cmd: list[str], tmp_path: Path) -> None:
    report = _tampered(intake_cmd, tmp_path, "UPDATE cases SET applicant_name = applicant_name || '某' WHERE id = 2")
    assert report["first_broken_entry"] is None
    assert _cited(report) and report["first_mismatched_entry"] == min(_cited(report))


def test_verify_json_names_the_altered_entry(intake_cmd: list[str], tmp_path: Path) -> None:
    report = _tampered(intake_cmd, tmp_path, "UPDATE audit SET actor = 'mallory' WHERE id = 3")
    assert report["first_broken_entry"] == 3 == min(_cited(report))


# -- 8. an output path the system refuses is the user's to fix, not a bug ----------------------------


@pytest.mark.parametrize("args", [["stats", "--csv"], ["case", "new", str(APP), "--db"]], ids=["stats csv", "store"])
def test_an_output_path_under_a_file_is_refused_in_chinese(intake_cmd: list[str], tmp_path: Path,
                                                          args: list[str]) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text("x")
    env_db = []
    if args[0] == "stats":
        Store.open(tmp_path / "s.db").close()
        env_db = ["--db", str(tmp_path / "s.db")]
    message = refused(intake_cmd, *args, plain / "out.x", *env_db)
    assert "无法读写" in message and ("不是文件夹" in message or "同名文件" in message), message
