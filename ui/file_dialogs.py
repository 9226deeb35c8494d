"""The desk's file dialogs, in one place. On Windows the system's own dialog opens (Chinese, as the
system is); where Qt draws its own (a Linux desk), Qt would open it at about 600×420 pixels with the
name column taking the width and the size and date cut to "2026/1…": it is opened large enough to
read, the name column taking what the others leave.

Each returns what Qt's static functions return: the chosen path(s) as text, "" or [] when the clerk
cancels.

Qt's own dialog names each file's type and icon without reading the file (``_NameOnlyIcons``): its
default reads the first bytes of every file in the folder to guess them, and on Linux opening and
closing the store's file from this process drops every lock SQLite holds on it (POSIX locks belong
to the process). Another program — `intake backup`, `intake case list` — then took the store for
unused, checkpointed it and removed the WAL this desk was still writing to: cases saved afterwards
were lost at the next crash.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileInfo, QTimer
from PySide6.QtGui import QAbstractFileIconProvider, QIcon
from PySide6.QtWidgets import QFileDialog, QFileIconProvider, QHeaderView, QTreeView, QWidget

SIZE = (920, 560)


def open_files(parent: QWidget | None, title: str, start: Path | str, pattern: str) -> list[str]:
    dialog = _dialog(parent, title, start, pattern)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    return _run(dialog)


def open_file(parent: QWidget | None, title: str, start: Path | str, pattern: str) -> str:
    dialog = _dialog(parent, title, start, pattern)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    return next(iter(_run(dialog)), "")


def save_file(parent: QWidget | None, title: str, suggested: Path | str, pattern: str) -> str:
    """``suggested``: the file's path as proposed (its folder opens, its name is filled in)."""
    dialog = _dialog(parent, title, suggested, pattern)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    return next(iter(_run(dialog)), "")


def folder(parent: QWidget | None, title: str, start: Path | str) -> str:
    dialog = _dialog(parent, title, start, "")
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly)
    return next(iter(_run(dialog)), "")


class _NameOnlyIcons(QFileIconProvider):
    """A folder or file icon, and the type from the name's suffix: no file is opened to guess."""

    def icon(self, what: object) -> QIcon:  # type: ignore[override]
        if isinstance(what, QFileInfo):
            kind = QAbstractFileIconProvider.IconType.Folder if what.isDir() else QAbstractFileIconProvider.IconType.File
            return super().icon(kind)
        return super().icon(what)  # type: ignore[call-overload]

    def type(self, info: QFileInfo) -> str:
        if info.isDir():
            return "文件夹"
        suffix = info.suffix()
        return f"{suffix.upper()} 文件" if suffix else "文件"


_ICONS = _NameOnlyIcons()  # one for every dialog: Qt does not take ownership of a provider


def _dialog(parent: QWidget | None, title: str, start: Path | str, pattern: str) -> QFileDialog:
    dialog = QFileDialog(parent, title, str(start), pattern)
    dialog.setIconProvider(_ICONS)  # before the listing loads (it loads once the dialog shows)
    dialog.resize(*SIZE)  # Qt's own dialog; the system's ignores it
    return dialog


def _run(dialog: QFileDialog) -> list[str]:
    QTimer.singleShot(0, dialog, lambda: _readable_columns(dialog))  # once Qt's own widgets exist
    try:
        return dialog.selectedFiles() if dialog.exec() else []
    finally:
        dialog.deleteLater()


def _readable_columns(dialog: QFileDialog) -> None:
    """Size, type and date as wide as their contents; the name takes the rest."""
    listing = dialog.findChild(QTreeView, "treeView")
    if listing is None:
        return  # the system's dialog
    header = listing.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, header.count()):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
