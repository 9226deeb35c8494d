"""Keeps the keyboard with the desk when a dialog closes.

A window manager gives the focus back to a dialog's owner when the dialog closes. Without one — a
bare X server (kiosk set-ups, Xvfb), and on some remote desktops — the focus falls to the root
window: the main window still looks right and key presses still arrive, but Qt has no active
window, so no shortcut or mnemonic matches (Alt+T types a "t", Ctrl+N does nothing) until the
clerk clicks into the window.

It follows the focus (a signal, not an application-wide event filter: a Python filter sees every
event of the program and cost a tenth of a second of start-up). When the focus leaves a dialog
that has closed and, a moment later, no window of the desk is active, it activates the dialog
still open, else the closed dialog's owner, else the main window. Where a window manager
already handed the focus on it does nothing, and it never takes the focus from another program
(the dialog it left is still open then: nothing to restore).
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import QApplication, QDialog, QWidget

#: Long enough for a window manager's own activation to arrive first.
SETTLE_MS = 50


class FocusKeeper(QObject):
    """Follows ``QApplication.focusChanged``; install once with ``install()``."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        app.focusChanged.connect(self._focus_moved)

    def _focus_moved(self, old: QWidget | None, new: QWidget | None) -> None:
        if old is None:
            return
        window = old.window()
        # The focus left the desk (new is None: a window closed, or the clerk switched to another
        # program), or left a dialog for another window (Qt may hand it to the owner, which the X
        # server then takes away). Losing the focus altogether is enough, without asking what
        # closed: a dialog Qt made and is deleting (QFileDialog.getOpenFileName) is only a
        # QWidget by now.
        if new is not None and (new.window() is window or not window.inherits("QDialog")):
            return
        # Keep no reference to the window itself: its owner may be letting go of it right now.
        handle = window.windowHandle()  # not owned by Python: isValid turns False once it is gone
        parent = window.parentWidget()
        owner = parent.window() if parent is not None else None
        QTimer.singleShot(SETTLE_MS, self, lambda: _after_focus_left(handle, owner))


def _after_focus_left(handle: QWindow | None, owner: QWidget | None) -> None:
    if handle is not None and shiboken6.isValid(handle) and handle.isVisible():
        return  # the window the focus left is still open: another program has the focus and keeps it
    _restore(owner)


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
    """Starts watching the focus for the rest of the run (idempotent)."""
    global _keeper
    if _keeper is None:
        _keeper = FocusKeeper(app)
