"""Fixtures for the store tests: a real store file on disk, the evaluator, applications, images."""

from __future__ import annotations

import io
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from intake import ids
from intake.evaluation import Evaluator
from intake.models.application import Application
from intake.models.parse import parse_application
from intake.store import Actor, Store
from tests.conftest import REPO, SHARED_CASES

CLERK = Actor("clerk1")
TOWNSHIPS = SHARED_CASES / "townships.csv"


@pytest.fixture(scope="session")
def evaluator() -> Evaluator:
    return Evaluator.load(REPO / "rules", TOWNSHIPS)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "hall.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    with Store.open(db_path) as s:
        yield s


def person(seq: int, born: str = "19950314", division: str = "350583") -> str:
    """A valid ID number, distinct for each ``seq``."""
    first17 = f"{division}{born}{seq % 1000:03d}"
    return first17 + ids.id_check_char(first17)


def app_data(case: str = "graduate-registered-rental", name: str | None = None, id_number: str | None = None,
             phone: str | None = None) -> dict[str, Any]:
    """A worked example as raw JSON, with the applicant renamed/renumbered consistently."""
    data = json.loads((SHARED_CASES / f"{case}.json").read_text(encoding="utf-8"))
    old_id = data["applicant"]["id_number"]
    if name is not None:
        data["applicant"]["name"] = name
    if id_number is not None:
        data["applicant"]["id_number"] = id_number
    if phone is not None:
        data["applicant"]["phone"] = phone
    for doc in data["documents"]:
        if doc["type"] == "id_card":
            doc["name"] = data["applicant"]["name"]
            doc["id_number"] = data["applicant"]["id_number"]
        for key in ("lessee_id_number", "holder_id_number"):
            if doc.get(key) == old_id:
                doc[key] = data["applicant"]["id_number"]
        if "owner_id_numbers" in doc:
            doc["owner_id_numbers"] = [data["applicant"]["id_number"] if o == old_id else o for o in doc["owner_id_numbers"]]
    return data


def make_app(case: str = "graduate-registered-rental", **kw: Any) -> Application:
    return parse_application(app_data(case, **kw))


def image_bytes(fmt: str, size: tuple[int, int] = (800, 1100), mode: str = "RGB", **save: Any) -> bytes:
    image = Image.new(mode, size, "white" if mode != "1" else 1)
    if mode == "RGB":
        for x in range(0, size[0], 50):  # something to compress
            image.paste((x % 256, 40, 90), (x, 0, x + 10, size[1]))
    out = io.BytesIO()
    image.save(out, format=fmt, **save)
    return out.getvalue()


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def run_cli(cmd: list[str], *args: str | Path, check: bool = False) -> subprocess.CompletedProcess[str]:
    run = subprocess.run(
        [*cmd, *map(str, args)], capture_output=True, text=True, encoding="utf-8", timeout=120,
    )
    if check and run.returncode != 0:
        raise AssertionError(f"exit {run.returncode}: {run.stderr}")
    return run
