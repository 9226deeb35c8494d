"""The hall's export and backup screen with real parts: a store on disk, this hall's keys and the
county's (made on a separate installation), an export to a folder standing in for the USB stick,
and a backup checked like `intake verify`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from intake.exchange import bundle, ledger
from intake.exchange.keys import trusted_county
from intake.store.db import Store
from intake.store.verify import verify_store
from tests.ui.conftest import Recorder, make_session, wait_idle
from tests.ui.exchange_fixtures import (  # noqa: F401 - fixtures
    admin,
    county_key_file,
    county_trusted,
    file_case,
    usb,
)
from ui import export_screen, task
from ui.export_screen import EXPORT_CANCELLED, NO_COUNTY_KEY, Drive, ExportScreen
from ui.main_window import MainWindow
from ui.session import Session


@pytest.fixture
def stick(usb: Path, monkeypatch: pytest.MonkeyPatch) -> Path:  # noqa: F811 - the fixture above
    """The USB stick is the only removable drive plugged in."""
    monkeypatch.setattr(export_screen, "removable_drives", lambda: [Drive("KINGSTON", usb, 8 << 30)])
    return usb


def screen_for(qtbot: Any, session: Session) -> ExportScreen:
    screen = ExportScreen(session)
    qtbot.add_widget(screen)
    screen.show()
    wait_idle(qtbot)
    return screen


def pending_and_last() -> tuple[int, int | None]:
    with Store.open() as store:
        last = ledger.last_export(store.conn)
        return ledger.cases_pending(store.conn), last.seq if last else None


def infos(recorder: Recorder) -> list[str]:
    return [text for level, text in recorder.shown if level == "info"]


def test_export_to_the_stick_then_nothing_new(qtbot: Any, admin: Session, county_trusted: Path,  # noqa: F811
                                              stick: Path, recorder: Recorder, monkeypatch: pytest.MonkeyPatch) -> None:
    reports: list[str] = []
    original = task.Task._on_progress
    monkeypatch.setattr(task.Task, "_on_progress",
                        lambda self, done, total, message: (reports.append(message), original(self, done, total, message)))
    file_case()
    file_case("graduate-no-employment")
    screen = screen_for(qtbot, admin)
    assert "待导出：2 件案件" in screen.status.text()
    assert "尚未导出过" in screen.status.text()
    assert screen.problem.isHidden() and screen.key_button.isHidden()
    assert screen.drives.currentText() == f"KINGSTON（{stick}）　可用 8.0 GB"
    assert pending_and_last() == (2, None)

    screen.drives.setFocus()
    qtbot.keyClick(screen.drives, Qt.Key.Key_Return)  # Enter on the drive list presses 导出
    wait_idle(qtbot)
    bundles = sorted(stick.glob("*" + bundle.SUFFIX))
    assert len(bundles) == 1 and bundles[0].name.startswith("350502001-000001-")
    assert screen.result is not None and screen.result.bundles == bundles and screen.result.cases == 2
    assert pending_and_last() == (0, 1)
    assert infos(recorder)[-1].startswith("导出完成：共 1 个数据包，2 件案件。")
    assert f"已写入并校验：{bundles[0]}" in screen.outcome.text()
    assert "待导出：没有新变动的案件" in screen.status.text()
    assert "第 1 号数据包，2 件案件，由 admin 导出" in screen.status.text()
    assert f"写入 {stick}" in screen.status.text()
    assert not [p for p in stick.iterdir() if p.name.endswith(".tmp")]
    assert "正在读回校验" in reports  # the core's progress reached the progress dialog's task

    screen.export_button.click()
    wait_idle(qtbot)
    assert infos(recorder)[-1] == "自上次导出以来没有新的内容，未生成数据包，U 盘上没有写入任何文件。"
    assert sorted(stick.iterdir()) == bundles
    assert pending_and_last() == (0, 1)
    assert screen.export_button.isEnabled() and screen.focusWidget() is screen.export_button


def test_typing_while_the_export_runs_changes_no_field(qtbot: Any, admin: Session, county_trusted: Path,  # noqa: F811
                                                        stick: Path) -> None:
    from PySide6.QtWidgets import QApplication, QLineEdit

    file_case()
    screen = screen_for(qtbot, admin)
    screen.activateWindow()
    qtbot.wait_until(screen.isActiveWindow)
    screen.export_button.setFocus()
    backup_path = screen.backup_folder.text()
    assert screen.export() is not None and not screen.export_button.isEnabled()
    assert not isinstance(QApplication.focusWidget(), QLineEdit)  # it was the backup path, all selected
    qtbot.keyClicks(QApplication.focusWidget() or screen, "abc")
    wait_idle(qtbot)
    assert screen.backup_folder.text() == backup_path
    qtbot.wait_until(lambda: screen.focusWidget() is screen.export_button)


def test_a_cancelled_export_is_delivered_by_the_next(qtbot: Any, admin: Session, county_trusted: Path,  # noqa: F811
                                                     stick: Path, recorder: Recorder) -> None:
    file_case()
    screen = screen_for(qtbot, admin)
    started = screen.export()
    assert started is not None and not screen.export_button.isEnabled()
    started.cancel()
    wait_idle(qtbot)
    assert infos(recorder) == [] and screen.export_button.isEnabled()
    assert screen.outcome.text() == EXPORT_CANCELLED
    assert not [p for p in stick.iterdir() if p.name.endswith(".tmp")]
    screen.export()
    wait_idle(qtbot)
    assert len(list(stick.glob("*" + bundle.SUFFIX))) == 1
    assert pending_and_last() == (0, 1)


def test_without_the_county_key_says_what_to_do(qtbot: Any, admin: Session, stick: Path,
                                                recorder: Recorder, townships: Any) -> None:
    file_case()
    screen = screen_for(qtbot, admin)
    assert screen.problem.text() == NO_COUNTY_KEY
    assert screen.key_button.isVisible()
    screen.export_button.click()
    wait_idle(qtbot)
    assert recorder.shown[-1] == ("error", NO_COUNTY_KEY)
    assert list(stick.iterdir()) == []
    assert pending_and_last() == (1, None)

    clerk = screen_for(qtbot, make_session("clerk", townships))
    assert clerk.problem.text() == NO_COUNTY_KEY + "（导入公钥须由管理员操作。）"
    assert clerk.key_button.isHidden()


def test_no_drive_chosen(qtbot: Any, admin: Session, county_trusted: Path, recorder: Recorder,  # noqa: F811
                         monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(export_screen, "removable_drives", lambda: [])
    screen = screen_for(qtbot, admin)
    assert screen.drives.currentIndex() == -1
    screen.export_button.click()
    assert recorder.shown[-1] == ("error", "请先选择要写入的 U 盘，或点“浏览…”选择文件夹。")
    folder = tmp_path / "other"
    folder.mkdir()
    screen.choose_folder = lambda _parent, _title, _start: folder
    qtbot.keyClick(screen.browse, Qt.Key.Key_Return)  # Enter on 浏览… opens the folder dialog
    assert screen.target() == folder
    file_case()
    screen.refresh()
    wait_idle(qtbot)
    screen.export_button.click()
    wait_idle(qtbot)
    assert len(list(folder.glob("*" + bundle.SUFFIX))) == 1


def test_import_the_county_key_from_the_export_screen(qtbot: Any, admin: Session, county_key_file: Path,  # noqa: F811
                                                      stick: Path, recorder: Recorder,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from ui import settings_screen

    monkeypatch.setattr(settings_screen, "choose_key_file", lambda _parent, _title: county_key_file)
    window = MainWindow(admin)
    qtbot.add_widget(window)
    window.show()
    wait_idle(qtbot)
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot)
    screen = window.tool_screen
    assert isinstance(screen, ExportScreen) and window.windowTitle().endswith("数据交换与备份")
    recorder.confirms.append(True)
    screen.key_button.click()
    wait_idle(qtbot)
    assert isinstance(window.tool_screen, settings_screen.SettingsScreen)
    assert trusted_county().name == "县局（350502）"
    assert infos(recorder)[-1].startswith("已信任县局公钥，现在可以导出数据包。")
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot)
    assert window.tool_screen.problem.isHidden()


def test_backup_by_keyboard_is_verified(qtbot: Any, admin: Session, tmp_path: Path, recorder: Recorder) -> None:
    file_case()
    window = MainWindow(admin)
    qtbot.add_widget(window)
    window.show()
    wait_idle(qtbot)
    qtbot.keyClick(window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    screen = window.tool_screen
    assert isinstance(screen, ExportScreen) and screen.focusWidget() is screen.backup_button
    folder = tmp_path / "backups"
    screen.backup_folder.setText(str(folder))
    screen.keep.setValue(3)
    screen.backup_folder.setFocus()
    qtbot.keyClick(screen.backup_folder, Qt.Key.Key_Return)  # Enter in the backup section backs up
    wait_idle(qtbot)
    made = sorted(folder.glob("intake-*.db"))
    assert len(made) == 1 and screen.backup_file == made[0]
    assert infos(recorder)[-1].startswith(f"已备份到 {made[0]}，并已校验")
    with Store.open(made[0], create=False) as copy:
        assert verify_store(copy).ok
        assert copy.conn.execute("SELECT count(*) FROM cases").fetchone() == (1,)
    assert not list(folder.glob("*.partial"))
    again = ExportScreen(admin)  # the folder and the count are remembered for this counter
    qtbot.add_widget(again)
    assert again.backup_folder.text() == str(folder) and again.keep.value() == 3


def test_drive_list_from_the_system() -> None:
    import os

    drives = export_screen.removable_drives()  # whatever this machine has mounted; must not fail
    assert all(isinstance(d, Drive) and d.path.is_absolute() for d in drives)
    if os.name != "nt":
        assert export_screen.looks_removable("/media/clerk/KINGSTON/")
        assert export_screen.looks_removable("/run/media/clerk/USB/")
        assert not export_screen.looks_removable("/")
        assert not export_screen.looks_removable("/home/")
    assert export_screen.size_text(3 << 29) == "1.5 GB"
    assert export_screen.size_text(700) == "700 字节"
