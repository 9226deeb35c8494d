"""The real `intake-desk` on a bare X server (Xvfb, no window manager), driven only by xdotool key
presses as a clerk's keyboard would send them: first-run setup, then shortcuts in the main window,
a message box and back, and Ctrl+Q. Without a window manager nobody hands the focus on when a dialog
closes, which is where the keyboard used to get stuck. Also what only a real X server shows: a
completer's list (its own window) and what is painted on the screen. Skipped where Xvfb or xdotool
is missing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader

from intake.store.db import Store
from intake.store.ops import Actor
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

    def wait_gone(self, title: str, timeout: float = 30) -> None:
        """Until no window titled ``title`` is shown any more (a dialog closed)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", f"^{title}$"], env=self.env,
                                   capture_output=True, text=True, timeout=30)
            if not found.stdout.strip():
                return
            time.sleep(0.1)
        raise AssertionError(f"window {title!r} is still open")

    @staticmethod
    def settle() -> None:
        """A mnemonic clicks its button a moment after the key (animateClick): let it land."""
        time.sleep(0.5)

    def focused_title(self) -> str:
        try:
            return self.run("getwindowfocus", "getwindowname").strip()
        except subprocess.CalledProcessError:
            return ""  # the focus is on the root window: no name


@contextmanager
def desk_quit_cleanly(keys: "Keyboard", env: dict[str, str]) -> Iterator[None]:
    """Runs ``intake-desk`` for the block, then quits it with Ctrl+Q: it must exit 0 with nothing
    on stderr. A failure inside the block kills it and shows what it printed."""
    desk = subprocess.Popen([str(desk_exe())], cwd=REPO, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8", errors="replace")
    try:
        yield
        keys.key("ctrl+q")
        _, err = desk.communicate(timeout=60)
    except BaseException:
        desk.kill()
        print(desk.communicate()[1])
        raise
    assert desk.returncode == 0, err
    assert err.strip() == "", err


def test_first_run_and_shortcuts_by_keyboard_alone(tmp_path: Path) -> None:
    data = tmp_path / "desk"
    with xvfb() as display:
        keys = Keyboard(display)
        env = {**keys.env, "INTAKE_DATA_DIR": str(data), "QT_QPA_PLATFORM": "xcb"}
        with desk_quit_cleanly(keys, env):
            keys.wait_window("落户受理 — 首次使用设置")
            keys.key("Tab", "Tab", "Tab")  # county → township → admin (prefilled) → password
            keys.type("secret123")
            keys.key("Tab")
            keys.type("secret123")
            keys.key("Return")
            keys.wait_window(HALL_TITLE)
            assert keys.focused_title() == HALL_TITLE, "the main window has the keyboard after setup"

            keys.key("ctrl+n")
            keys.wait_window(f"{HALL_TITLE} — 新建案件（1. 申请人）")
            keys.key("ctrl+comma")
            keys.wait_window(f"{HALL_TITLE} — 设置")
            keys.type("not-my-password")  # the old password, wrong; Tab to the new one
            keys.key("Tab")
            keys.type("another-password")
            keys.key("Tab")  # 再次输入新密码
            keys.type("another-password")
            keys.key("Tab", "space")  # 修改密码 → a message box: 原密码错误
            keys.wait_window("无法完成操作")
            keys.key("Return")
            keys.wait_gone("无法完成操作")
            keys.key("ctrl+h")  # only works if the keyboard came back to the main window
            keys.wait_window(HALL_TITLE)
            keys.key("ctrl+e")  # the cursor is in the search box, whose own Ctrl+E is "end of line" on X11
            keys.wait_window(f"{HALL_TITLE} — 数据交换与备份")
    with Store.open(data / "intake.db") as store:
        assert store.settings.hall_township() == "350502001"


def _page(path: Path) -> Path:
    image = Image.new("RGB", (600, 840), "#e3f2fd")
    ImageDraw.Draw(image).rectangle((30, 30, 570, 810), outline="black", width=12)
    image.save(path)
    return path


def test_whole_intake_by_keyboard_alone(tmp_path: Path) -> None:
    """New case → applicant → documents (an ID card with a scan from the file dialog, a graduation
    certificate, a labour contract) → decision → consent → print the receipt, every step by key
    presses on a bare X server; then the stored case, its scan and the printed PDF are checked.
    ASCII text only: xdotool cannot type Chinese reliably (the offscreen wizard test does)."""
    data = tmp_path / "desk"
    data.mkdir()
    admin = Actor("admin", "admin")
    with Store.open(data / "intake.db") as store:
        store.users.add("admin", "secret123", "admin", admin)
        store.users.add("clerk", "secret123", "clerk", admin)
        store.settings.set_hall_township("350502001", admin)
    (data / "desk.json").write_text('{"last_user": "clerk"}', encoding="utf-8")
    scan = _page(tmp_path / "id-card.png")
    receipt = tmp_path / "out" / "receipt.pdf"
    receipt.parent.mkdir()
    bin_dir = tmp_path / "bin"  # stands in for the PDF viewer: records what it was asked to open
    bin_dir.mkdir()
    opened = tmp_path / "opened.txt"
    viewer = bin_dir / "xdg-open"
    viewer.write_text(f'#!/bin/sh\necho "$@" >> "{opened}"\n', encoding="utf-8")
    viewer.chmod(0o755)
    with xvfb() as display:
        keys = Keyboard(display)
        env = {**keys.env, "INTAKE_DATA_DIR": str(data), "QT_QPA_PLATFORM": "xcb",
               "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
        with desk_quit_cleanly(keys, env):
            keys.wait_window("落户受理 — 登录")
            keys.type("secret123")  # the user name is prefilled, the cursor in the password
            keys.key("Return")
            keys.wait_window(HALL_TITLE)
            keys.key("ctrl+n")
            keys.wait_window(f"{HALL_TITLE} — 新建案件（1. 申请人）")
            keys.type("2017-06-01")  # replaces today's date
            keys.key("Tab", "Tab")  # past the application kind
            keys.type("350583199503140021")
            keys.key("Tab")
            keys.type("Lin Xiao")
            keys.key("alt+n")
            keys.wait_window(f"{HALL_TITLE} — 新建案件（2. 证件）")
            keys.key("alt+a")  # 居民身份证, prefilled from the applicant
            keys.settle()
            keys.key("alt+s")
            keys.wait_window("选择扫描件")
            keys.type(str(scan))
            keys.key("Return")
            keys.wait_gone("选择扫描件")
            keys.settle()
            keys.key("alt+t", "Down", "Down", "Down", "Down", "alt+a")  # 毕业证书
            keys.settle()
            keys.type("1038412016000123")
            keys.key("Tab")
            keys.type("2016-07-01")
            keys.key("alt+t", "Up", "Up", "alt+a")  # 劳动（聘用）合同
            keys.settle()
            keys.type("Quanzhou Tech Co")
            keys.key("Tab")
            keys.type("91350502MA2YC8LN0Y")
            keys.key("Tab")
            keys.type("2017-03-01")
            keys.key("Tab", "Tab")  # no end date: open-ended
            keys.type("350502002")
            keys.key("alt+n")  # 保存并评估
            keys.run("search", "--sync", "--onlyvisible", "--name", r"（3\. 评估结果）$", timeout=30)
            keys.key("alt+n")
            keys.run("search", "--sync", "--onlyvisible", "--name", r"（4\. 申请人意愿）$", timeout=30)
            keys.key("alt+s", "alt+q")
            keys.settle()
            keys.key("alt+r")
            keys.run("search", "--sync", "--onlyvisible", "--name", r"（5\. 打印）$", timeout=30)
            keys.key("alt+h")
            keys.wait_window("保存受理回执")
            keys.key("ctrl+a")
            keys.type(str(receipt))
            keys.key("Return")
            for _ in range(300):
                if opened.exists():
                    break
                time.sleep(0.1)
            keys.key("alt+w")
            keys.wait_window(HALL_TITLE)
    with Store.open(data / "intake.db") as store:
        (summary,) = store.cases.list()
        view = store.cases.get(summary.number)
    assert view.state == "consented" and view.wish == "settle"
    assert [d.type for d in view.documents] == ["id_card", "graduation_certificate", "labor_contract"]
    assert [p.filename for p in view.documents[0].pages] == ["id-card.png"]
    assert view.application.applicant.name == "Lin Xiao"
    assert view.decision is not None and view.decision.outcome == "settle"
    assert [h.action for h in view.history][-1] == "print"
    assert opened.read_text(encoding="utf-8").strip().endswith("receipt.pdf")
    assert view.number in "".join(page.extract_text() for page in PdfReader(receipt).pages)


TOWNSHIP_LIST = """
import sys
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from intake.config import default_rules_dir, default_townships
from intake.forms import document_class
from intake.rules.townships import Townships
from ui.record_form import RecordForm

app = QApplication([])
form = RecordForm(document_class("labor_contract"), "labor_contract",
                  townships=Townships.from_csv(default_townships(default_rules_dir())))
form.show()
form.activateWindow()
QTest.qWait(300)
box = form.rows["workplace_township"].widget
box.setFocus()
QTest.keyClicks(box, "350502002")
QTest.qWait(200)
popup = box.completer().popup()
print("open", popup.isVisible())
QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
QTest.qWait(200)
print("after_tab", popup.isVisible(), box.text())
"""


def test_tab_out_of_a_township_box_closes_its_list() -> None:
    """On X11 the township list is a window of its own that takes the keyboard: Tab must close it
    as it moves on, or it stays open over the next field."""
    with xvfb() as display:
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
        done = subprocess.run([sys.executable, "-c", TOWNSHIP_LIST], cwd=REPO, env=env, capture_output=True, text=True,
                              timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split("\n")[:2] == ["open True", "after_tab False 350502002"], done.stdout


GHOST_THUMBNAIL = """
import os
from types import SimpleNamespace
from PySide6.QtCore import QBuffer, QByteArray, QPoint
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from ui.scan_pages import ScanPages

app = QApplication([])
pages = ScanPages()
pages._show_stored = lambda *args: None  # no store behind this test: thumbnails only
pages.resize(700, 420)
pages.show()
QTest.qWait(300)
stored = [SimpleNamespace(sha256=c * 64, filename="p.png", added_at="2026-11-29T09:00:00", added_by="clerk",
                          format="png") for c in "ab"]
pages.set_stored(stored)
QTest.qWait(300)


def png(width, height):
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#ff8080"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QBuffer.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


pages.show_thumbnails({"a" * 64: png(120, 170), "b" * 64: png(170, 120)})  # the second one landscape
QTest.qWait(400)
view = pages.thumbs
rect = view.visualItemRect(view.item(1))
below = view.viewport().mapToGlobal(QPoint(rect.center().x(), rect.bottom() + 25))
screen = app.primaryScreen().grabWindow(0).toImage()
print(screen.pixelColor(below).name(), view.viewport().palette().base().color().name())
"""


def test_a_landscape_stored_page_leaves_no_ghost_thumbnail() -> None:
    """A stored page's thumbnail replaces its portrait placeholder: below a landscape one the list
    is empty again on the screen itself, not a grey ghost of a second page."""
    with xvfb() as display:
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
        done = subprocess.run([sys.executable, "-c", GHOST_THUMBNAIL], cwd=REPO, env=env, capture_output=True,
                              text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    seen, background = done.stdout.split()[:2]
    assert seen == background, done.stdout
