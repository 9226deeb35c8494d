"""The manual for clerks and county staff (docs/manual.md) is linked from the README, every picture
it shows exists and is small, and every `intake` command it tells them to type is a real command
with valid arguments (the parser accepts it)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from PIL import Image

from intake.cli.main import build_parser
from tests.conftest import REPO

MANUAL = REPO / "docs" / "manual.md"
TEXT = MANUAL.read_text(encoding="utf-8")
PICTURES = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", TEXT)
COMMANDS = [line.strip() for line in re.findall(r"^\s*(intake [^\n]+)$", TEXT, flags=re.M)]


def test_readme_links_the_manual() -> None:
    assert "(docs/manual.md)" in (REPO / "README.md").read_text(encoding="utf-8")


def test_manual_has_pictures_and_commands() -> None:
    assert len(PICTURES) >= 10 and len(COMMANDS) >= 8


@pytest.mark.parametrize("picture", PICTURES)
def test_every_picture_exists_and_is_small(picture: str) -> None:
    path = MANUAL.parent / picture
    assert path.is_file(), f"{picture} is missing: run .venv/bin/python docs/make_screenshots.py"
    assert path.stat().st_size < 150_000, f"{picture} is {path.stat().st_size // 1024} KiB"
    with Image.open(path) as image:
        assert image.format == "PNG"
        assert image.width <= 1366 and image.height <= 1000


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_in_the_manual_parses(command: str) -> None:
    args = shlex.split(command.replace("\\", "/"))[1:]
    try:
        build_parser().parse_args(args)
    except SystemExit as e:
        pytest.fail(f"`{command}` is not a valid command ({e.code})")
