"""The exchange commands as CONTRACT.md fixes them: names, --json shapes, exit codes."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from tests.conftest import REPO
from tests.intake.exchange.conftest import A_CODE, Side, World


def intake(cmd: list[str], side: Side, *args: str | Path, code: int = 0) -> Any:
    run = subprocess.run([*cmd, *map(str, args)], capture_output=True, text=True, encoding="utf-8", timeout=120,
                         env={**os.environ, "INTAKE_DATA_DIR": str(side.data)})
    assert run.returncode == code, run.stderr
    if code:
        assert len(run.stderr.strip().splitlines()) == 1 and "Traceback" not in run.stderr
        return run.stderr
    return json.loads(run.stdout) if "--json" in args else run.stdout


def test_the_key_ceremony_by_command(tmp_path: Path, intake_cmd: list[str]) -> None:
    county, hall = Side("c", tmp_path), Side("h", tmp_path)
    made = intake(intake_cmd, county, "keys", "init", "--county", "--json")
    assert set(made) >= {"fingerprint"} and made["county"]
    out = intake(intake_cmd, county, "keys", "export-public", "--out", tmp_path / "county.pub", "--json")
    assert out == {"out": str(tmp_path / "county.pub"), "fingerprint": made["fingerprint"], "role": "county", "township": None}
    intake(intake_cmd, hall, "keys", "init", "--json")
    trusted = intake(intake_cmd, hall, "keys", "trust", tmp_path / "county.pub", "--json")
    assert trusted["fingerprint"] == made["fingerprint"]
    text = intake(intake_cmd, hall, "keys", "trust", tmp_path / "county.pub")
    assert made["fingerprint"] in text
    (tmp_path / "junk.pub").write_text("hello", encoding="utf-8")
    assert "不是落户受理的公钥文件" in intake(intake_cmd, hall, "keys", "trust", tmp_path / "junk.pub", code=2)


def test_a_hall_key_without_its_township_is_warned_about_on_both_sides(tmp_path: Path, intake_cmd: list[str]) -> None:
    """Exported before ``intake setup``, a hall's key names no township, so the county would take it
    for any township: still written and trusted (CONTRACT.md's command), but both sides say so."""
    county, hall = Side("c", tmp_path), Side("h", tmp_path)
    env = {**os.environ, "INTAKE_DATA_DIR": str(hall.data)}
    intake(intake_cmd, county, "keys", "init", "--county")
    intake(intake_cmd, hall, "keys", "init")
    unbound = subprocess.run([*intake_cmd, "keys", "export-public", "--out", str(tmp_path / "h.pub"), "--db", str(hall.db)],
                             capture_output=True, text=True, encoding="utf-8", timeout=120, env=env)
    assert unbound.returncode == 0 and "没有写明乡镇" in unbound.stderr and "intake setup" in unbound.stderr
    trusted = subprocess.run([*intake_cmd, "keys", "trust", str(tmp_path / "h.pub")], capture_output=True, text=True,
                             encoding="utf-8", timeout=120, env={**os.environ, "INTAKE_DATA_DIR": str(county.data)})
    assert trusted.returncode == 0 and "没有写明乡镇" in trusted.stderr
    intake(intake_cmd, hall, "setup", A_CODE, "--db", hall.db)
    bound = subprocess.run([*intake_cmd, "keys", "export-public", "--out", str(tmp_path / "h2.pub"), "--db", str(hall.db)],
                           capture_output=True, text=True, encoding="utf-8", timeout=120, env=env)
    assert bound.returncode == 0 and bound.stderr == ""


def test_export_import_and_stats_by_command(world: World, intake_cmd: list[str], tmp_path: Path) -> None:
    exported = intake(intake_cmd, world.a, "export", "--to", world.usb, "--db", world.a.db, "--json")
    assert exported["cases"] == 4 and len(exported["bundles"]) == 1
    (bundle,) = exported["bundles"]
    assert Path(bundle).parent == world.usb and Path(bundle).name.startswith(A_CODE)
    again = intake(intake_cmd, world.a, "export", "--to", world.usb, "--db", world.a.db, "--json")
    assert again["bundles"] == [] and again["cases"] == 0
    first = intake(intake_cmd, world.county, "import", bundle, "--db", world.county.db, "--json")
    assert (first["imported"], first["unchanged"]) == (1, 0)
    second = intake(intake_cmd, world.county, "import", bundle, "--db", world.county.db, "--json")
    assert (second["imported"], second["unchanged"]) == (0, 1)
    assert "此前已导入" in intake(intake_cmd, world.county, "import", bundle, "--db", world.county.db)
    stats = intake(intake_cmd, world.county, "stats", "--db", world.county.db, "--json",
                   "--pdf", tmp_path / "r.pdf", "--csv", tmp_path / "r.csv")
    assert {"total", "by_outcome", "by_path", "by_address_kind", "by_township", "by_month",
            "by_priority_group", "net_settled"} <= set(stats)
    assert stats["total"] == 4 and stats["by_township"] == {A_CODE: 4}
    assert stats["net_settled"] == {"350502": {"2017": 3}}
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "r.pdf").pages)
    assert "落户统计报告" in text and "净落户人口" in text and "海滨街道" in text
    raw = (tmp_path / "r.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "净落户人口".encode() in raw
    verified = intake(intake_cmd, world.county, "verify", "--db", world.county.db, "--json")
    assert verified["ok"]
    number = intake(intake_cmd, world.county, "case", "list", "--db", world.county.db, "--json")[0]["case"]
    shown = intake(intake_cmd, world.county, "case", "show", number, "--db", world.county.db).splitlines()
    steps = [line.split() for line in shown[shown.index("经过：") + 1:]]
    assert [who.split("·")[0] for _, who, _ in steps] == ["乡镇"] * (len(steps) - 1) + ["县局"], shown
    assert steps[0][2] == "建立案件" and steps[-1][2] == "导入（县局）"


def test_refusals_are_one_chinese_line(world: World, intake_cmd: list[str]) -> None:
    (bundle,) = world.export(world.a).bundles
    data = bytearray(bundle.read_bytes())
    del data[len(data) // 2:]
    bundle.write_bytes(bytes(data))
    message = intake(intake_cmd, world.county, "import", bundle, "--db", world.county.db, code=2)
    assert bundle.name in message and "已拒绝" in message
    mistyped = world.root / "county-new.db"  # a path with no store yet: the refusal leaves none there
    assert "已拒绝" in intake(intake_cmd, world.county, "import", bundle, "--db", mistyped, code=2)
    assert list(world.root.glob("county-new.db*")) == []
    message = intake(intake_cmd, world.a, "import", bundle, "--db", world.a.db, code=2)
    assert "本机不是县局" in message
    message = intake(intake_cmd, world.county, "export", "--to", world.usb, "--db", world.county.db, code=2)
    assert "县局导入乡镇的数据包，不导出" in message
    unset = world.root / "unset.db"
    intake(intake_cmd, world.a, "sample", "--count", "1", "--db", unset, "--json")
    message = intake(intake_cmd, world.a, "export", "--to", world.usb, "--db", unset, code=2)
    assert "尚未设置本厅所属的乡镇" in message


def test_a_hall_set_up_from_the_command_line_exports(tmp_path: Path, intake_cmd: list[str]) -> None:
    """Without the desk: `intake setup TOWNSHIP` names the hall; new case numbers and export follow."""
    county, hall = Side("c", tmp_path), Side("h", tmp_path)
    intake(intake_cmd, county, "keys", "init", "--county", "--json")
    intake(intake_cmd, county, "keys", "export-public", "--out", tmp_path / "county.pub", "--json")
    intake(intake_cmd, hall, "keys", "init", "--json")
    intake(intake_cmd, hall, "keys", "trust", tmp_path / "county.pub", "--json")
    db = tmp_path / "hall.db"
    assert "乡镇名录中没有" in intake(intake_cmd, hall, "setup", "350502999", "--db", db, code=2)
    assert "应为 9 位数字" in intake(intake_cmd, hall, "setup", "35050200", "--db", db, code=2)
    done = intake(intake_cmd, hall, "setup", A_CODE, "--db", db, "--json")
    assert done == {"township": A_CODE, "name": "海滨街道", "changed": True}
    assert intake(intake_cmd, hall, "setup", A_CODE, "--db", db, "--json")["changed"] is False
    assert "不能改为" in intake(intake_cmd, hall, "setup", "350502002", "--db", db, code=2)
    refused = intake(intake_cmd, hall, "sample", "--count", "3", "--db", db, code=2)
    assert "样例案件会随导出报送县局" in refused, "generated cases never enter a real hall's store"
    for _ in range(3):
        intake(intake_cmd, hall, "case", "new", REPO / "examples" / "graduate-employed.json", "--db", db, "--json")
    with sqlite3.connect(db) as conn:
        numbers = [n for (n,) in conn.execute("SELECT number FROM cases")]
    assert len(numbers) == 3 and all(n.startswith(f"{A_CODE}-") for n in numbers)
    usb = tmp_path / "usb"
    usb.mkdir()
    out = intake(intake_cmd, hall, "export", "--to", usb, "--db", db, "--json")
    assert out["cases"] == 3 and len(out["bundles"]) == 1
    assert "县局的电脑" in intake(intake_cmd, county, "setup", A_CODE, "--db", tmp_path / "c.db", code=2)


def test_a_stick_or_a_pattern_names_its_bundles(world: World, intake_cmd: list[str]) -> None:
    """The manual's ``intake import E:\\*.hukou``: Windows' shells pass the pattern on unexpanded."""
    world.export(world.a)
    world.export(world.b)
    (world.usb / "readme.txt").write_text("not a bundle", encoding="utf-8")
    (world.usb / "._mac-copy.hukou").write_bytes(b"resource fork")  # what a Mac leaves on a stick
    pattern = intake(intake_cmd, world.county, "import", world.usb / "*.hukou", "--db", world.county.db, "--json")
    assert (pattern["imported"], pattern["unchanged"]) == (2, 0)
    folder = intake(intake_cmd, world.county, "import", world.usb, "--db", world.county.db, "--json")
    assert (folder["imported"], folder["unchanged"]) == (0, 2), "the folder's two bundles, nothing else"
    empty = world.root / "empty-stick"
    empty.mkdir()
    assert "empty-stick 中没有数据包" in intake(intake_cmd, world.county, "import", empty, "--db", world.county.db, code=2)
    assert "没有数据包" in intake(intake_cmd, world.county, "import", empty / "*.hukou", "--db", world.county.db, code=2)
    assert "不能用在文件夹名中" in intake(intake_cmd, world.county, "import", world.root / "em*" / "*.hukou",
                                  "--db", world.county.db, code=2)
