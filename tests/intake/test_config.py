"""Where the app finds its township registry: the county's copy in the data folder wins."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from tests.conftest import REPO, SHARED_CASES

CASE = SHARED_CASES / "graduate-township-public.json"  # works in 临江街道 350502002


def _evaluate(intake_cmd: list[str], data_dir: Path) -> dict:
    run = subprocess.run(
        intake_cmd + ["evaluate", str(CASE)], capture_output=True, text=True, encoding="utf-8", timeout=60,
        env={**os.environ, "INTAKE_DATA_DIR": str(data_dir)},
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_shipped_registry_is_used_without_a_local_copy(tmp_path: Path, intake_cmd: list[str]) -> None:
    decision = _evaluate(intake_cmd, tmp_path)
    assert decision["address"]["text"] == "泉州市鲤城区临江街道公共集体户（临江街道便民服务中心）"


def test_the_countys_copy_in_the_data_folder_wins(tmp_path: Path, intake_cmd: list[str]) -> None:
    shipped = (REPO / "rules" / "townships.csv").read_text(encoding="utf-8")
    local = shipped.replace("泉州市鲤城区临江街道公共集体户（临江街道便民服务中心）", "临江街道公共集体户（新址）")
    assert local != shipped
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "townships.csv").write_text(local, encoding="utf-8-sig")  # as a spreadsheet saves it
    decision = _evaluate(intake_cmd, tmp_path)
    assert decision["address"]["text"] == "临江街道公共集体户（新址）"
    assert (REPO / "rules" / "townships.csv").read_text(encoding="utf-8") == shipped
