"""Every worked example in ../shared/cases runs through `intake evaluate` as a subprocess and
matches its expected decision, judged by the shared checker itself."""

from __future__ import annotations

import importlib.util
import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import SHARED_CASES

CASES = sorted(p for p in SHARED_CASES.glob("*.json") if not p.name.endswith(".expected.json"))


def _checker():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("check_cases", SHARED_CASES.parent / "tools" / "check_cases.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_worked_examples_are_present() -> None:
    assert len(CASES) >= 10, f"worked examples not found in {SHARED_CASES}"


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_worked_example(case: Path, intake_cmd: list[str]) -> None:
    expected = json.loads(case.with_name(case.stem + ".expected.json").read_text(encoding="utf-8"))
    run = subprocess.run(
        intake_cmd + ["evaluate", str(case), "--townships", str(SHARED_CASES / "townships.csv")],
        capture_output=True, text=True, encoding="utf-8", timeout=60,
    )
    decision = json.loads(run.stdout) if run.returncode == 0 else None
    problem = _checker().check(decision, run.stderr, run.returncode, expected)
    assert problem is None, problem
