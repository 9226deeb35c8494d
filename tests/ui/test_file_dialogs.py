"""The desk's file dialogs: Qt's own (on Linux) opens large enough to read its columns, and each
returns what the clerk chose, or nothing when cancelled. (Accepting an open dialog is not driven
here: Qt checks the file exists against a directory listing that loads in the background.)"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QFileSystemModel, QHeaderView, QTreeView

from ui import file_dialogs


def _answer(qtbot: Any, act: Callable[[QFileDialog], None]) -> dict[str, Any]:
    """Acts on the dialog once it is open; what it looked like then."""
    seen: dict[str, Any] = {}

    def answer() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QFileDialog) and w.isVisible())
        header = dialog.findChild(QTreeView, "treeView").header()
        seen.update(width=dialog.width(), name=header.sectionResizeMode(0), date=header.sectionResizeMode(3))
        act(dialog)

    QTimer.singleShot(300, answer)
    return seen


def _narrow_columns_remembered(folder: Path) -> None:
    """What earlier dialogs leave in Qt's settings when a clerk dragged a column: every column fixed
    at its width (Qt restores that into every later dialog)."""
    from shiboken6 import delete

    earlier = QFileDialog(None, "", str(folder))
    earlier.setOption(QFileDialog.Option.DontUseNativeDialog)
    earlier.show()
    header = earlier.findChild(QTreeView, "treeView").header()
    for column in range(header.count()):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(column, 60)
    earlier.close()
    delete(earlier)  # Qt saves the dialog's state as it goes


def test_qt_own_dialog_opens_readable(qapp: Any, qtbot: Any, tmp_path: Path) -> None:
    """Wide enough for size, type and date, which fit their contents; the name takes the rest —
    whatever widths earlier dialogs left behind."""
    (tmp_path / "350502001-000001.hukou").write_bytes(b"x")
    _narrow_columns_remembered(tmp_path)
    seen = _answer(qtbot, lambda dialog: dialog.reject())
    assert file_dialogs.open_files(None, "选择乡镇数据包", tmp_path, "乡镇数据包 (*.hukou)") == []
    assert seen == {"width": file_dialogs.SIZE[0], "name": QHeaderView.ResizeMode.Stretch,
                    "date": QHeaderView.ResizeMode.ResizeToContents}


def test_a_cancelled_save_or_folder_dialog_returns_nothing(qapp: Any, qtbot: Any, tmp_path: Path) -> None:
    _answer(qtbot, lambda dialog: dialog.reject())
    assert file_dialogs.save_file(None, "保存受理回执", tmp_path / "回执.pdf", "PDF 文件 (*.pdf)") == ""
    _answer(qtbot, lambda dialog: dialog.reject())
    assert file_dialogs.folder(None, "选择 U 盘", tmp_path) == ""


def test_a_save_dialog_proposes_the_suggested_name(qapp: Any, qtbot: Any, tmp_path: Path) -> None:
    _answer(qtbot, lambda dialog: dialog.accept())
    assert file_dialogs.save_file(None, "保存受理回执", tmp_path / "回执.pdf", "PDF 文件 (*.pdf)") == str(tmp_path / "回执.pdf")


def _my_locks() -> int:
    pid = str(os.getpid())
    with open("/proc/locks", encoding="ascii") as locks:
        return sum(1 for line in locks if line.split()[4:5] == [pid])


@pytest.mark.skipif(not Path("/proc/locks").exists(), reason="POSIX locks are listed in /proc on Linux")
def test_browsing_the_stores_folder_keeps_its_locks(qapp: Any, qtbot: Any, tmp_path: Path) -> None:
    """Guessing a file's type by reading it dropped SQLite's locks on the store (POSIX locks belong
    to the process): another program then removed the WAL this desk was writing to."""
    from intake.store.db import Store

    for name in ("scan.png", "notes.txt", "bundle.hukou"):
        (tmp_path / name).write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    with Store.open(tmp_path / "intake.db") as store:
        store.conn.execute("SELECT count(*) FROM cases").fetchone()
        held = _my_locks()
        assert held > 0
        seen: dict[str, Any] = {}

        def look(dialog: QFileDialog) -> None:
            try:  # once the listing has the store's own type, every file of the folder was looked at
                model = dialog.findChild(QFileSystemModel)
                store_row = model.index(str(tmp_path / "intake.db"))
                qtbot.wait_until(lambda: bool(model.type(store_row)), timeout=5000)
                seen.update(locks=_my_locks(), type=model.type(model.index(str(tmp_path / "scan.png"))))
            finally:
                dialog.reject()

        QTimer.singleShot(300, lambda: look(next(
            w for w in QApplication.topLevelWidgets() if isinstance(w, QFileDialog) and w.isVisible())))
        assert file_dialogs.open_files(None, "添加扫描件", tmp_path, "所有文件 (*)") == []
        assert seen == {"locks": held, "type": "PNG 文件"}
