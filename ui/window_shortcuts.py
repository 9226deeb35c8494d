"""The main window's shortcuts win over a text box's own key bindings.

On X11 a line edit binds Ctrl+E (end of line, emacs-style) and claims it before any window
shortcut, so 导出（Ctrl+E） did nothing while the cursor was in the search box, where the work queue
puts it. When the focus enters a line edit of a main window, a filter is put on it (once) that
hands the keys of that window's toolbar actions to them. Dialogs have no such actions and are
left alone. It follows ``QApplication.focusChanged`` rather than filtering every event of the
program, like ``window_focus``; the desk imports and installs it once its window is up (no
shortcut is pressed before that, and start-up is what a clerk waits for).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget

_FILTERED = "_window_shortcuts_pass"


class _PassWindowShortcuts(QObject):
    """On a main window's line edit: a key that is one of the window's action shortcuts is not
    claimed by the line edit, so the shortcut map runs the action."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
            return False
        window = watched.window() if isinstance(watched, QWidget) else None
        if window is None or not window.inherits("QMainWindow"):
            return False
        pressed = QKeySequence(event.keyCombination())
        actions = window.findChildren(QAction, options=Qt.FindChildOption.FindDirectChildrenOnly)  # the toolbar's
        if any(pressed in action.shortcuts() for action in actions):
            event.ignore()
            return True
        return False


class _Installer(QObject):
    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._filter = _PassWindowShortcuts(self)
        app.focusChanged.connect(self._focus_moved)

    def _focus_moved(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None and new.inherits("QLineEdit") and new.window().inherits("QMainWindow") \
                and not new.property(_FILTERED):
            new.installEventFilter(self._filter)
            new.setProperty(_FILTERED, True)


_installer: _Installer | None = None


def install(app: QApplication) -> None:
    """Once per application; the line edit that has the focus already is covered too."""
    global _installer
    if _installer is None:
        _installer = _Installer(app)
        _installer._focus_moved(None, app.focusWidget())

