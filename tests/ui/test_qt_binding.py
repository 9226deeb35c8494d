"""The binding must not lose references (PySide6 6.12.0 lost one to True per signal emitted from Python,
and one to None per word Qt asked a Python translator and per setData, addChild, setText…: the desk
aborted after about 1,500 emits — a morning's typing — at exit, or filling a county's review list;
pyproject.toml keeps it below 6.12)."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal

from tests.conftest import REPO

MANY_EMITS = """
import sys
from collections.abc import Callable
import ui  # the desk's package, as the desk starts
from PySide6.QtCore import QObject, Signal

class Form(QObject):
    changed = Signal()
    delivered = Signal(object)

form = Form()
form.delivered.connect(lambda value: None)
for i in range(20_000):  # far more than True has references in a fresh interpreter
    form.changed.emit()
    form.delivered.emit(i)
print("clean exit")
"""


class _Form(QObject):
    changed = Signal()
    typed = Signal(str)


def test_emit_keeps_references_to_true_and_false() -> None:
    form = _Form()
    form.typed.connect(lambda text: None)
    true_before, false_before = sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(500):
        form.changed.emit()
        form.typed.emit("林")
    form.blockSignals(True)
    for _ in range(500):
        form.changed.emit()
    assert (sys.getrefcount(True) - true_before, sys.getrefcount(False) - false_before) == (0, 0)


def test_a_long_day_of_emits_does_not_abort_the_interpreter() -> None:
    done = subprocess.run([sys.executable, "-c", MANY_EMITS], cwd=REPO, env={**os.environ},
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "clean exit"


def test_qt_words_translator_keeps_references_to_none(qapp: object) -> None:
    """Qt asks a Python translator for every word of every menu and dialog; PySide6 6.12.0 drops a
    reference to None per question, so a day at the desk would abort the interpreter."""
    from PySide6.QtWidgets import QLineEdit

    from ui import qt_chinese

    qt_chinese.install(qapp)  # type: ignore[arg-type]

    def menus() -> None:
        for _ in range(50):  # each context menu asks about twenty words: about 1,000 questions
            line = QLineEdit()
            line.createStandardContextMenu().deleteLater()
            line.deleteLater()

    assert _none_lost(menus) < 100


def test_item_and_widget_calls_keep_references_to_none(qapp: object) -> None:
    """Filling a county's list of 20,000 applicants to review made some 100,000 such calls."""
    from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QTreeWidget, QTreeWidgetItem

    tree, bar, button, label = QTreeWidget(), QProgressBar(), QPushButton(), QLabel()
    item = QTreeWidgetItem(["林晓"])

    def calls() -> None:
        for i in range(300):  # 2,100 calls
            item.setData(0, Qt.ItemDataRole.UserRole, i)
            item.addChild(QTreeWidgetItem(["350502001-2026-000001"]))
            item.setText(1, "林")
            tree.addTopLevelItem(QTreeWidgetItem(["t"]))
            bar.setValue(i % 100)
            button.setEnabled(i % 2 == 0)
            label.setText("林")

    assert _none_lost(calls) < 300


def _none_lost(run: Callable[[], None]) -> int:
    """References to None gone after ``run`` (the collector held still, so only the calls count);
    a binding losing one per call loses about as many as there were calls."""
    gc.collect()
    gc.disable()
    try:
        before = sys.getrefcount(None)
        run()
        return before - sys.getrefcount(None)
    finally:
        gc.enable()
