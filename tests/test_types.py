"""The core package type-checks: mypy on ``intake/`` with the settings in pyproject.toml finds
nothing. (``ui/`` is not checked.)"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO


def test_mypy_passes_on_the_core(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "mypy_cache"), "intake"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, f"mypy intake failed:\n{run.stdout}{run.stderr}"
