"""Enter in a dialog's text box submits the dialog — never the button that last had the keyboard.

Qt makes a dialog's button its default while it has the focus; tabbing on past 退出 and back into a
text box could leave 退出 the default, and the next Enter (a password typed, Enter) quit the
program. A dialog using this answers Enter itself anywhere but on a push button (a text box, a
list, a radio button); on a focused push button Enter still presses that button."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QPushButton

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def submitted(event: QKeyEvent, submit: Callable[[], None]) -> bool:
    """For a dialog's ``keyPressEvent``: True when ``event`` was Enter outside a push button and
    ``submit`` ran (the dialog then passes the event on no further)."""
    if event.key() not in _ENTER or isinstance(QApplication.focusWidget(), QPushButton):
        return False
    submit()
    event.accept()
    return True
