"""The packaged entry point starts headless on a fresh data folder, completes first-run setup from
the command line, opens the main window and quits cleanly, with nothing on standard error."""

from __future__ import annotations

import json
import re
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from intake.store.db import Store
from tests.conftest import REPO

# The offscreen platform cannot resize native windows and says so; not a warning about our code.
OFFSCREEN_NOTICE = "This plugin does not support propagateSizeHints()"


def desk_exe() -> Path:
    """The installed `intake-desk` console script of this environment."""
    exe = Path(sys.executable).with_name("intake-desk")
    assert exe.exists(), "the intake-desk entry point is not installed (run scripts/setup)"
    return exe


def _run(args: list[str], data: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "INTAKE_DATA_DIR": str(data), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([str(desk_exe()), *args, "--quit-when-ready", "--headless"], env=env,
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


def test_first_run_screen_comes_up_and_quits_cleanly(tmp_path: Path) -> None:
    """What a Windows smoke test can check without an X server: the setup screen opens on a fresh
    data folder and `--quit-when-ready` leaves it at once, exit 0, nothing set up."""
    data = tmp_path / "desk"
    run = _run([], data)
    assert run.returncode == 0, run.stderr
    assert _warnings(run.stderr) == []
    with Store.open(data / "intake.db") as store:
        assert store.settings.hall_township() is None
        assert store.users.list() == []


def test_wrong_password_is_refused_in_chinese(tmp_path: Path) -> None:
    data = tmp_path / "desk"
    assert _run(["--setup", "350502001", "admin", "counter-2017"], data).returncode == 0
    wrong = _run(["--login", "admin", "not-the-password"], data)
    assert wrong.returncode == 2
    assert "用户名或密码错误" in wrong.stderr
    assert "Traceback" not in wrong.stderr


def _drive(plan: str, data: Path) -> tuple[subprocess.CompletedProcess[str], dict[str, object]]:
    """The real desk in its own process, driven at the keyboard by ``tests/ui/desk_driver.py``."""
    env = {**os.environ, "INTAKE_DATA_DIR": str(data), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-X", "faulthandler", "-m", "tests.ui.desk_driver", plan], cwd=REPO,
                          env=env, capture_output=True, text=True, encoding="utf-8", timeout=120)
    lines = done.stdout.strip().splitlines()
    return done, (json.loads(lines[-1]) if lines else {})


def test_first_run_through_the_setup_dialog(tmp_path: Path) -> None:
    """What a hall sees on its very first start: the setup dialog, typed into and accepted, then
    the main window — no crash when the dialog goes away, no Qt warnings, a clean exit."""
    data = tmp_path / "desk"
    done, seen = _drive("setup", data)
    assert done.returncode == 0, done.stderr[-3000:]
    assert _warnings(done.stderr) == []
    assert seen["dialog"] == "落户受理 — 首次使用设置"
    assert seen["main_window"] is True, seen
    assert seen["title"] == "落户受理 — 海滨街道（350502001）"
    with Store.open(data / "intake.db") as store:
        assert store.settings.hall_township() == "350502001"
        assert [(u.name, u.role) for u in store.users.list()] == [("admin", "admin")]


def test_next_run_signs_in_with_the_password_only(tmp_path: Path) -> None:
    """After the first run the sign-in screen knows who signed in last: the clerk types the
    password and presses Enter."""
    data = tmp_path / "desk"
    assert _drive("setup", data)[0].returncode == 0
    done, seen = _drive("login", data)
    assert done.returncode == 0, done.stderr[-3000:]
    assert _warnings(done.stderr) == []
    assert seen["dialog"] == "落户受理 — 登录" and seen["dialog_focus"] == "password"
    assert seen["main_window"] is True and seen["focus"] == "search" and seen["ctrl_n_opens_wizard"] is True


def test_qt_own_dialogs_speak_chinese(qapp: object) -> None:
    """Standard buttons and context menus come from Qt itself: its translation is loaded, or a
    clerk reads "Cancel"."""
    from PySide6.QtWidgets import QDialogButtonBox

    from ui.app import prepare

    prepare(qapp)
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"


@pytest.mark.parametrize("mode", ["open", "save", "folder"])
def test_qt_file_dialogs_have_no_english_left(qapp: Any, qtbot: Any, tmp_path: Path, mode: str) -> None:
    """Qt 6's file dialog asks for words its Chinese translation lacks ("&Look in:", "Files of
    &type:", a folder's type "Folder"): every label, button, column title and the type of a
    listed folder is Chinese once the desk is prepared."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QAbstractButton, QFileDialog, QLabel, QTreeView

    from ui.app import prepare

    prepare(qapp)
    qapp.processEvents()  # the words Qt lacks are installed once the event loop turns
    (tmp_path / "U盘").mkdir()
    dialog = QFileDialog(None, "选择乡镇数据包", str(tmp_path), "乡镇数据包 (*.hukou)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    if mode == "save":
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    elif mode == "folder":
        dialog.setFileMode(QFileDialog.FileMode.Directory)
    qtbot.addWidget(dialog)
    dialog.show()
    listing = dialog.findChild(QTreeView, "treeView")
    qtbot.waitUntil(lambda: listing.model().rowCount(listing.rootIndex()) == 1)
    model = listing.model()
    words = [w.text() for w in dialog.findChildren(QLabel) + dialog.findChildren(QAbstractButton) if w.isVisible()]
    words += [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    words.append(model.index(0, 2, listing.rootIndex()).data())  # the folder's type
    english = [w for w in words if w and re.search(r"[A-Za-z]{2,}", w.replace("hukou", ""))]
    assert english == [], english


def test_without_a_display_the_desk_says_so_instead_of_aborting(tmp_path: Path) -> None:
    """On Linux with no X or Wayland, Qt's xcb plugin aborts the process (a core dump); the desk
    checks first and explains, in Chinese, with nothing written."""
    if not sys.platform.startswith("linux"):
        pytest.skip("only Linux sessions can lack a display")
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["INTAKE_DATA_DIR"] = str(tmp_path / "desk")
    run = subprocess.run([str(desk_exe())], env=env, capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert run.returncode == 2 and "没有可用的图形显示" in run.stderr and "xvfb-run" in run.stderr, run.stderr
    assert not (tmp_path / "desk").exists()


def test_the_desks_help_and_usage_errors_are_chinese() -> None:
    shown = subprocess.run([str(desk_exe()), "--help"], capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert shown.returncode == 0 and shown.stdout.startswith("用法：intake-desk") and "usage" not in shown.stdout
    refused = subprocess.run([str(desk_exe()), "--bogus"], capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert refused.returncode == 2 and "不认识的参数：--bogus" in refused.stderr


def test_the_desk_is_maximised_where_the_screen_has_no_room_for_its_frame(qtbot: Any) -> None:
    """A hall's 1366×768 screen less title bar and taskbar is smaller than the 1366×768 window:
    maximised, nothing is cut off at the bottom; where the screen has room, the window keeps its size."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QMainWindow

    from ui.app import FRAME_ALLOWANCE, show_fitted

    area = QApplication.primaryScreen().availableGeometry()
    for size, maximised in (((area.width(), area.height()), True),
                            ((area.width() - FRAME_ALLOWANCE[0] - 1, area.height() - FRAME_ALLOWANCE[1] - 1), False)):
        window = QMainWindow()
        qtbot.add_widget(window)
        window.resize(*size)
        show_fitted(window)
        assert bool(window.windowState() & Qt.WindowState.WindowMaximized) is maximised, size
