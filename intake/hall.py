"""This installation's hall: the county and township whose counter it serves, chosen at first run
and kept as ``hall.json`` in the data folder. Every new case is filed under the hall's county."""

from __future__ import annotations

import json
import os
from pathlib import Path

from pydantic import ValidationError, model_validator
from pydantic_core import PydanticCustomError

from intake.config import data_dir
from intake.errors import IntakeError
from intake.models.fields import CountyCode, Model, Text, TownshipCode
from intake.models.parse import describe_validation_error

HALL_FILE = "hall.json"


class HallConfig(Model):
    """The hall; ``name`` is what receipts and the window title show (e.g. 海滨街道便民服务中心)."""

    county: CountyCode
    township: TownshipCode
    name: Text

    @model_validator(mode="after")
    def _township_in_county(self) -> "HallConfig":
        if not self.township.startswith(self.county):
            raise PydanticCustomError("township_county", "乡镇（街道）不属于所选县（区）")
        return self


def hall_path(folder: Path | None = None) -> Path:
    """Where the hall configuration lives."""
    return (folder or data_dir()) / HALL_FILE


def load_hall(folder: Path | None = None) -> HallConfig | None:
    """The configured hall, or None before the first-run setup. IntakeError if the file is damaged."""
    path = hall_path(folder)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    try:
        return HallConfig.model_validate(json.loads(raw))
    except (ValueError, ValidationError) as e:
        raise IntakeError(f"服务大厅配置文件已损坏，请在“设置”中重新选择（{e.__class__.__name__}）", str(path)) from None


def save_hall(hall: HallConfig, folder: Path | None = None) -> Path:
    """Writes the configuration atomically: a crash never leaves half a file."""
    path = hall_path(folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(hall.model_dump(), ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, path)
    return path


def make_hall(county: str, township: str, name: str) -> HallConfig:
    """A validated hall, or IntakeError naming the field."""
    try:
        return HallConfig.model_validate({"county": county, "township": township, "name": name})
    except ValidationError as e:
        field, message = describe_validation_error(e.errors(include_url=False)[0])
        raise IntakeError(message, field or "township") from None
