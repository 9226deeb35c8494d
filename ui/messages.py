"""The one funnel for messages to the clerk: every notice, error, question and crash report goes
through the current sink, so tests and headless runs record or log instead of showing dialogs."""

from __future__ import annotations

import logging
import sqlite3
from typing import Protocol

from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from intake.errors import IntakeError

log = logging.getLogger("intake.desk")

TITLE_INFO = "提示"
TITLE_ERROR = "无法完成操作"
TITLE_WARNING = "请注意"


class Sink(Protocol):
    """Where messages go: dialogs in the app, a list in tests, the log when headless."""

    def show(self, parent: QWidget | None, level: str, text: str) -> None: ...

    def confirm(self, parent: QWidget | None, text: str) -> bool: ...

    def ask_text(self, parent: QWidget | None, title: str, prompt: str) -> str | None: ...

    def crash(self, parent: QWidget | None, report: str) -> None: ...


class DialogSink:
    """Message boxes in Chinese, owned by the window the clerk is working in."""

    def show(self, parent: QWidget | None, level: str, text: str) -> None:
        if level == "error":
            QMessageBox.warning(parent, TITLE_ERROR, text)
        elif level == "warning":
            QMessageBox.warning(parent, TITLE_WARNING, text)
        else:
            QMessageBox.information(parent, TITLE_INFO, text)

    def confirm(self, parent: QWidget | None, text: str) -> bool:
        """Every question asked is about something hard to undo (trust a key, lose typing, close a
        case): Enter and Esc both answer no; yes is a deliberate Alt+Y, or Tab and Enter."""
        box = QMessageBox(QMessageBox.Icon.Question, "请确认", text, parent=parent)
        yes = box.addButton("确定(&Y)", QMessageBox.ButtonRole.AcceptRole)
        no = box.addButton("取消(&N)", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(no)
        box.setEscapeButton(no)
        box.exec()
        return box.clickedButton() is yes

    def ask_text(self, parent: QWidget | None, title: str, prompt: str) -> str | None:
        dialog = QInputDialog(parent)
        dialog.setWindowTitle(title)
        dialog.setLabelText(prompt)
        dialog.setOkButtonText("确定")
        dialog.setCancelButtonText("取消")
        return dialog.textValue().strip() if dialog.exec() else None

    def crash(self, parent: QWidget | None, report: str) -> None:
        from ui.crash_dialog import CrashDialog

        CrashDialog(report, parent).exec()


class LogSink:
    """Headless runs: everything goes to the log; questions are answered no."""

    def show(self, parent: QWidget | None, level: str, text: str) -> None:
        log.log(logging.ERROR if level == "error" else logging.INFO, text)

    def confirm(self, parent: QWidget | None, text: str) -> bool:
        log.info("未确认：%s", text)
        return False

    def ask_text(self, parent: QWidget | None, title: str, prompt: str) -> str | None:
        return None

    def crash(self, parent: QWidget | None, report: str) -> None:
        log.error("程序内部错误：\n%s", report)


sink: Sink = DialogSink()


def set_sink(new: Sink) -> Sink:
    """Replaces the sink (tests, headless runs); returns the previous one."""
    global sink
    old, sink = sink, new
    return old


def info(parent: QWidget | None, text: str) -> None:
    sink.show(parent, "info", text)


def warning(parent: QWidget | None, text: str) -> None:
    """Done, with something the clerk must act on."""
    sink.show(parent, "warning", text)


def error(parent: QWidget | None, text: str) -> None:
    sink.show(parent, "error", text)


def confirm(parent: QWidget | None, text: str) -> bool:
    return sink.confirm(parent, text)


def ask_text(parent: QWidget | None, title: str, prompt: str) -> str | None:
    """The text typed, stripped (possibly empty), or None when the user cancelled."""
    return sink.ask_text(parent, title, prompt)


def explain(exc: BaseException) -> str | None:
    """A clerk's explanation of an expected failure (bad input, environment), or None for a bug."""
    if isinstance(exc, IntakeError):
        return exc.message
    if isinstance(exc, sqlite3.OperationalError):
        text = str(exc).lower()
        if "locked" in text or "busy" in text:
            return "数据库正被另一个程序使用，请稍后再试。"
        if "disk" in text or "full" in text:
            return "磁盘空间不足，无法保存。请清理磁盘后再试。"
        return None
    if isinstance(exc, PermissionError):
        return f"没有权限读写文件：{exc.filename or ''}"
    if isinstance(exc, FileNotFoundError):
        return f"找不到文件：{exc.filename or ''}（U 盘是否已拔出？）"
    if isinstance(exc, OSError):
        return f"读写文件失败：{exc.strerror or exc}"
    return None


def failure(parent: QWidget | None, exc: BaseException) -> None:
    """Any exception that reached the UI: expected ones as a message, bugs as a crash report."""
    text = explain(exc)
    if text is not None:
        error(parent, text)
        return
    from ui.crash import record_bug

    sink.crash(parent, record_bug(exc))
