"""The packaged entry point starts headless on a fresh data folder, completes first-run setup from
the command line, opens the main window and quits cleanly, with nothing on standard error."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from intake.store.db import Store

# The offscreen platform cannot resize native windows and says so; not a warning about our code.
OFFSCREEN_NOTICE = "This plugin does not support propagateSizeHints()"


def _run(args: list[str], data: Path) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("intake-desk")
    assert exe.exists(), "the intake-desk entry point is not installed (run scripts/setup)"
    env = {**os.environ, "INTAKE_DATA_DIR": str(data), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([str(exe), *args, "--quit-when-ready", "--headless"], env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


def _warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.strip() and line.strip() != OFFSCREEN_NOTICE]


def test_first_run_then_login(tmp_path: Path) -> None:
    data = tmp_path / "desk"
    first = _run(["--setup", "350502001", "admin", "counter-2017"], data)
    assert first.returncode == 0, first.stderr
    assert _warnings(first.stderr) == []
    with Store.open(data / "intake.db") as store:
        assert store.settings.hall_township() == "350502001"
        assert [(u.name, u.role) for u in store.users.list()] == [("admin", "admin")]
    again = _run(["--login", "admin", "counter-2017"], data)
    assert again.returncode == 0, again.stderr
    assert _warnings(again.stderr) == []


def test_wrong_password_is_refused_in_chinese(tmp_path: Path) -> None:
    data = tmp_path / "desk"
    assert _run(["--setup", "350502001", "admin", "counter-2017"], data).returncode == 0
    wrong = _run(["--login", "admin", "not-the-password"], data)
    assert wrong.returncode == 2
    assert "用户名或密码错误" in wrong.stderr
    assert "Traceback" not in wrong.stderr
