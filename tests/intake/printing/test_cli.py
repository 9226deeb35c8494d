"""`intake print` and `intake verify-receipt` through the real executable, as CONTRACT.md fixes them."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import SHARED_CASES
from tests.intake.printing.conftest import TOWNSHIPS, flat, pdffonts, pypdf_text


def run(cmd: list[str], *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*cmd, *map(str, args)], capture_output=True, text=True, encoding="utf-8", timeout=120)


@pytest.fixture
def intake(intake_cmd: list[str], tmp_path: Path):  # type: ignore[no-untyped-def]
    db = tmp_path / "hall.db"

    def call(*args: str | Path) -> subprocess.CompletedProcess[str]:
        return run(intake_cmd, *args, "--db", db)

    return call


def new_case(intake, name: str) -> str:  # type: ignore[no-untyped-def]
    made = intake("case", "new", SHARED_CASES / f"{name}.json", "--json", "--user", "王丽")
    assert made.returncode == 0, made.stderr
    number = json.loads(made.stdout)["case"]
    assert intake("case", "evaluate", number, "--townships", TOWNSHIPS).returncode == 0
    return str(number)


def test_print_each_document_and_verify_the_receipt(intake, intake_cmd: list[str], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    number = new_case(intake, "graduate-no-employment")
    for document in ("receipt", "notice", "form"):
        out = tmp_path / f"{document}.pdf"
        done = intake("print", document, number, "--out", out, "--json", "--townships", TOWNSHIPS)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["out"] == str(out)
        assert number in flat(pypdf_text(out))
        assert all(f["emb"] == "yes" and f["sub"] == "yes" for f in pdffonts(out))
    shown = json.loads(intake("case", "show", number, "--json").stdout)
    assert [h["action"] for h in shown["history"]][-3:] == ["print"] * 3
    assert [h["detail"]["document"] for h in shown["history"][-3:]] == ["receipt", "notice", "form"]

    checked = run(intake_cmd, "verify-receipt", tmp_path / "receipt.pdf", "--json")
    assert checked.returncode == 0, checked.stderr
    verdict = json.loads(checked.stdout)
    assert verdict["ok"] is True and verdict["case"] == number
    assert verdict["receipts"][0]["outcome"] == "incomplete"
    human = run(intake_cmd, "verify-receipt", tmp_path / "receipt.pdf")
    assert human.returncode == 0 and "回执有效" in human.stdout and number in human.stdout


def test_a_tampered_receipt_is_rejected(intake, intake_cmd: list[str], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    number = new_case(intake, "graduate-township-public")
    out = tmp_path / "receipt.pdf"
    assert intake("print", "receipt", number, "--out", out).returncode == 0
    out.write_bytes(out.read_bytes().replace(b"|township_public|", b"|own_residence|"))
    done = run(intake_cmd, "verify-receipt", out, "--json")
    verdict = json.loads(done.stdout)
    assert done.returncode == 2 and verdict["ok"] is False and verdict["case"] == number
    assert [r["ok"] for r in verdict["receipts"]] == [False]
    assert "签名无效" in done.stderr and "Traceback" not in done.stderr
    plain = run(intake_cmd, "verify-receipt", "HKR1|forged")
    assert plain.returncode == 2 and plain.stdout == "" and "回执" in plain.stderr


def test_refusals_exit_2_with_one_chinese_line(intake, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    number = new_case(intake, "graduate-registered-rental")
    out = tmp_path / "x.pdf"
    for args in (("print", "notice", number), ("print", "receipt", "350502000-2017-999999")):
        done = intake(*args, "--out", out)
        assert done.returncode == 2 and done.stdout == ""
        assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    unevaluated = json.loads(intake("case", "new", SHARED_CASES / "general-path-rental.json", "--json").stdout)["case"]
    done = intake("print", "form", unevaluated, "--out", out)
    assert done.returncode == 2 and "尚未评估" in done.stderr
    assert not out.exists()
