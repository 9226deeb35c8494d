"""The desk's toolbar, shared by the hall's and the county's windows: text-only entries, each with
its shortcut in its text and tooltip, Ctrl+Q to quit from any window, and who is signed in."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QSizePolicy, QToolBar, QWidget

from ui.task import Task

#: (object name, text with the shortcut, shortcut, slot)
Entry = tuple[str, str, str, Callable[[], object]]


def shortcut_action(window: QMainWindow, name: str, text: str, keys: str, slot: Callable[[], object]) -> QAction:
    """An action named ``name`` whose tooltip repeats the shortcut in the platform's spelling."""
    action = QAction(text, window)
    action.setObjectName(name)
    action.setShortcut(QKeySequence(keys))
    action.setToolTip(f"{text.split('（')[0]}（{QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)}）")
    action.triggered.connect(slot)
    return action


def add_toolbar(window: QMainWindow, entries: Sequence[Entry], *, quit_on_bar: bool) -> tuple[QToolBar, dict[str, QAction]]:
    """The window's toolbar with ``entries`` and 退出（Ctrl+Q）: on the bar, or only as a shortcut.
    Quitting works from any window of the desk (a bare X server has no close button to click)."""
    bar = QToolBar("工具栏")
    bar.setObjectName("toolbar")
    bar.setMovable(False)
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    window.addToolBar(bar)
    actions: dict[str, QAction] = {}
    for name, text, keys, slot in entries:
        actions[name] = shortcut_action(window, name, text, keys, slot)
        bar.addAction(actions[name])
    actions["quit"] = shortcut_action(window, "quit", "退出（Ctrl+Q）", "Ctrl+Q", window.close)
    actions["quit"].setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
    if quit_on_bar:
        bar.addAction(actions["quit"])
    else:
        window.addAction(actions["quit"])
    return bar, actions


def add_signed_in(bar: QToolBar, place: str, role: str, user: str) -> QLabel:
    """Who is signed in where, at the right end of the bar: by their real name once the store has
    said it (read on the worker; the sign-in name until then, and for an account without one)."""
    def text(name: str) -> str:
        return f"{place}　{role}：{name}　"

    spacer = QWidget()
    spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    bar.addWidget(spacer)
    label = QLabel(text(user), objectName="signed_in")
    bar.addWidget(label)
    def look_up() -> None:
        Task(label, lambda ctx: ctx.store.users.display_names().get(user, user)) \
            .on_success(lambda name: label.setText(text(name))).start()

    QTimer.singleShot(0, label, look_up)  # once the window is up: the name is not needed to start work
    return label
