"""Runs the real desk (``ui.app.main``, what ``intake-desk`` calls) in this process and drives it like
a clerk at the keyboard: every key goes to whichever widget has the focus at that moment, as the
window system would deliver it, so a dialog that leaves the focus nowhere shows up as a stuck run.

    python -X faulthandler -m tests.ui.desk_driver PLAN [intake-desk args…]

PLAN is ``setup`` (first run: the setup dialog, keys as a clerk types them) or ``login`` (a later
run: the sign-in dialog, password only — the user name must be prefilled). Once the main window is
up the driver lets deferred deletions run, collects garbage, presses Ctrl+N and reports what it saw
as one JSON line on standard output, then closes the window so the program ends normally.
"""

from __future__ import annotations

import gc
import json
import sys
from collections.abc import Callable
from typing import Any

PASSWORD = "secret123"
STEP_MS = 50
TIMEOUT_MS = 30_000


def _focus() -> Any:
    from PySide6.QtWidgets import QApplication

    return QApplication.focusWidget()


def _press(key: Any, modifier: Any = None) -> None:
    """One key to the focused widget (nothing happens without one, as on a real screen)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    target = _focus()
    if target is not None:
        QTest.keyClick(target, key, modifier or Qt.KeyboardModifier.NoModifier)


def _type(text: str) -> None:
    from PySide6.QtTest import QTest

    target = _focus()
    if target is not None:
        QTest.keyClicks(target, text)


def _plan(kind: str) -> list[Callable[[], None]]:
    from PySide6.QtCore import Qt

    tab, enter = Qt.Key.Key_Tab, Qt.Key.Key_Return
    if kind == "setup":
        # county → township → admin (prefilled "admin") → password → repeat, then Enter
        return [lambda: [_press(tab) for _ in range(3)], lambda: _type(PASSWORD), lambda: _press(tab),
                lambda: _type(PASSWORD), lambda: _press(enter)]
    return [lambda: _type(PASSWORD), lambda: _press(enter)]


def main(argv: list[str]) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    kind, desk_args = argv[0], argv[1:]
    app = QApplication(sys.argv[:1])
    report: dict[str, Any] = {"dialog": None, "dialog_focus": None, "main_window": False}
    steps = _plan(kind)
    state = {"waited": 0, "phase": "dialog"}

    def tick() -> None:
        from ui import task
        from ui.main_window import MainWindow

        state["waited"] += STEP_MS
        if state["waited"] > TIMEOUT_MS:
            report["timeout"] = state["phase"]
            for w in QApplication.topLevelWidgets():
                w.close()
            QApplication.exit(3)
            return
        if state["phase"] == "dialog":
            dialog = QApplication.activeModalWidget()
            if dialog is None or not dialog.isActiveWindow() or not task.idle():
                return
            if report["dialog"] is None:
                report["dialog"] = dialog.windowTitle()
                report["dialog_focus"] = _focus().objectName() if _focus() else None
            steps.pop(0)()
            if not steps:
                state["phase"] = "main"
            return
        if state["phase"] == "main":
            windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
            if not windows or not task.idle() or QApplication.activeWindow() is not windows[0]:
                return
            window = windows[0]
            report["main_window"] = True
            report["title"] = window.windowTitle()
            report["focus"] = _focus().objectName() if _focus() else None
            gc.collect()  # whatever the dialogs left behind goes now, not at some random later moment
            state["phase"] = "shortcut"
            QTimer.singleShot(300, lambda: _ctrl_n(window))

    def _ctrl_n(window: Any) -> None:
        from PySide6.QtCore import Qt

        _press(Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        report["ctrl_n_opens_wizard"] = window.wizard is not None and window.stack.currentWidget() is window.wizard
        state["phase"] = "done"
        QTimer.singleShot(200, window.close)

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(STEP_MS)
    from ui.app import main as desk_main

    code = desk_main(desk_args)
    timer.stop()
    print(json.dumps(report, ensure_ascii=False), flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
