"""Keeps the keyboard with the desk when a dialog closes.

A window manager gives the focus back to a dialog's owner when the dialog closes. Without one — a
bare X server (kiosk set-ups, Xvfb), and on some remote desktops — the focus falls to the root
window: the main window still looks right and key presses still arrive, but Qt has no active
window, so no shortcut or mnemonic matches (Alt+T types a "t", Ctrl+N does nothing) until the
clerk clicks into the window.

This filter notices a dialog closing while the desk is the active program; when a moment later
no window of the desk is active, it activates the dialog still open, else the closed dialog's
owner, else the main window. Where a window manager already handed the focus on it does nothing,
and it never takes the focus from another program (the desk was not active: nothing to restore).
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

#: Long enough for a window manager's own activation to arrive first.
SETTLE_MS = 50


class FocusKeeper(QObject):
    """Application-wide event filter; install once with ``install()``."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.Hide and isinstance(watched, QDialog)
                and QApplication.applicationState() == Qt.ApplicationState.ApplicationActive):
            parent = watched.parentWidget()
            owner = parent.window() if parent is not None else None
            QTimer.singleShot(SETTLE_MS, self, lambda: _restore(owner))
        return False


def _restore(owner: QWidget | None) -> None:
    active = QApplication.activeWindow()
    if active is not None and active.isVisible():
        return  # a window manager (or Qt) handed the focus on
    if owner is not None and not shiboken6.isValid(owner):
        owner = None
    target = QApplication.activeModalWidget() or owner or _main_window()
    if target is not None and target.isVisible():
        target.activateWindow()


def _main_window() -> QWidget | None:
    """The one ordinary top-level window showing, if there is exactly one."""
    visible = [w for w in QApplication.topLevelWidgets()
               if w.isVisible() and not isinstance(w, QDialog) and w.windowType() == Qt.WindowType.Window]
    return visible[0] if len(visible) == 1 else None


_keeper: FocusKeeper | None = None


def install(app: QApplication) -> None:
    """Starts watching dialogs for the rest of the run (idempotent)."""
    global _keeper
    if _keeper is None:
        _keeper = FocusKeeper(app)
        app.installEventFilter(_keeper)
