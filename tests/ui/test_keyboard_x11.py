"""The real `intake-desk` on a bare X server (Xvfb, no window manager), driven only by xdotool key
presses as a clerk's keyboard would send them: first-run setup, then shortcuts in the main window,
a message box and back, and Ctrl+Q. Without a window manager nobody hands the focus on when a dialog
closes, which is where the keyboard used to get stuck. Skipped where Xvfb or xdotool is missing."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from intake.store.db import Store
from tests.conftest import REPO
from tests.ui.test_smoke import desk_exe

pytestmark = pytest.mark.skipif(not (shutil.which("Xvfb") and shutil.which("xdotool")),
                                reason="needs Xvfb and xdotool (apt-get install xvfb xdotool)")

HALL_TITLE = "落户受理 — 海滨街道（350502001）"


@contextmanager
def xvfb() -> Iterator[str]:
    """A private X display of a hall's screen size, no window manager."""
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
                              pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    try:
        with os.fdopen(read) as f:
            number = f.readline().strip()
        assert number, "Xvfb did not start"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


class Keyboard:
    """xdotool on one display: keys go to whatever window has the X focus, as a real keyboard's."""

    def __init__(self, display: str) -> None:
        self.env = {**os.environ, "DISPLAY": display}

    def run(self, *args: str, timeout: float = 30) -> str:
        return subprocess.run(["xdotool", *args], env=self.env, capture_output=True, text=True,
                              timeout=timeout, check=True).stdout

    def key(self, *keys: str) -> None:
        self.run("key", "--delay", "60", *keys)

    def type(self, text: str) -> None:
        self.run("type", "--delay", "40", text)

    def wait_window(self, title: str) -> None:
        """Until a window whose whole title is ``title`` is shown (xdotool matches a regex)."""
        self.run("search", "--sync", "--onlyvisible", "--name", f"^{title}$", timeout=30)

    def focused_title(self) -> str:
        try:
            return self.run("getwindowfocus", "getwindowname").strip()
        except subprocess.CalledProcessError:
            return ""  # the focus is on the root window: no name


def test_first_run_and_shortcuts_by_keyboard_alone(tmp_path: Path) -> None:
    data = tmp_path / "desk"
    with xvfb() as display:
        keys = Keyboard(display)
        env = {**keys.env, "INTAKE_DATA_DIR": str(data), "QT_QPA_PLATFORM": "xcb"}
        desk = subprocess.Popen([str(desk_exe())], cwd=REPO, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, encoding="utf-8", errors="replace")
        try:
            keys.wait_window("落户受理 — 首次使用设置")
            keys.key("Tab", "Tab", "Tab")  # county → township → admin (prefilled) → password
            keys.type("secret123")
            keys.key("Tab")
            keys.type("secret123")
            keys.key("Return")
            keys.wait_window(HALL_TITLE)
            assert keys.focused_title() == HALL_TITLE, "the main window has the keyboard after setup"

            keys.key("ctrl+n")
            keys.wait_window(f"{HALL_TITLE} — 新建案件")
            keys.key("ctrl+comma")
            keys.wait_window(f"{HALL_TITLE} — 设置")
            keys.type("not-my-password")  # the old password, wrong; Tab to the new one
            keys.key("Tab")
            keys.type("another-password")
            keys.key("Tab", "space")  # 修改密码 → a message box: 原密码错误
            keys.wait_window("无法完成操作")
            keys.key("Return")
            keys.wait_window(f"{HALL_TITLE} — 设置")
            keys.key("ctrl+h")  # only works if the keyboard came back to the main window
            keys.wait_window(HALL_TITLE)
            keys.key("ctrl+q")
            out, err = desk.communicate(timeout=60)
        except BaseException:
            desk.kill()
            out, err = desk.communicate()
            print(err)
            raise
    assert desk.returncode == 0, err
    assert err.strip() == "", err
    with Store.open(data / "intake.db") as store:
        assert store.settings.hall_township() == "350502001"
