"""Shared fixtures: paths to the repository's rules and the worked examples beside the repo."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_CASES = REPO.parent / "shared" / "cases"


@pytest.fixture
def intake_cmd() -> list[str]:
    """The installed `intake` console script of this environment."""
    exe = Path(sys.executable).with_name("intake")
    found = str(exe) if exe.exists() else shutil.which("intake")
    assert found, "the `intake` console script is not installed (run scripts/setup)"
    return [found]


@pytest.fixture
def rules_dir() -> Path:
    return REPO / "rules"


@pytest.fixture(autouse=True)
def _no_user_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never touch the real per-user data folder, nor Qt's settings (its file dialogs' recent
    folders and column widths)."""
    monkeypatch.setenv("INTAKE_DATA_DIR", str(tmp_path / "userdata"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("INTAKE_DB", raising=False)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
