"""The hall configuration: validated, stored atomically, absent before the first run."""

from __future__ import annotations

from pathlib import Path

import pytest

from intake.errors import IntakeError
from intake.hall import hall_path, load_hall, make_hall, save_hall


def test_absent_before_first_run(tmp_path: Path) -> None:
    assert load_hall(tmp_path) is None


def test_round_trip(tmp_path: Path) -> None:
    hall = make_hall("350502", "350502001", "海滨街道便民服务中心")
    save_hall(hall, tmp_path)
    assert load_hall(tmp_path) == hall
    assert "海滨" in hall_path(tmp_path).read_text(encoding="utf-8")


def test_township_must_lie_in_county() -> None:
    with pytest.raises(IntakeError, match="不属于所选县") as info:
        make_hall("350502", "350583100", "溪美")
    assert info.value.field == "township"


def test_damaged_file_is_an_expected_error(tmp_path: Path) -> None:
    hall_path(tmp_path).write_text("{", encoding="utf-8")
    with pytest.raises(IntakeError, match="已损坏"):
        load_hall(tmp_path)
