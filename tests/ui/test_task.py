"""The task helper: results reach the widget that asked, never a widget that is gone, and a task is
safe whatever the lifetime of its widget — including a dialog owned by a Python local that is
dropped right after ``exec()`` (first-run setup and sign-in)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from typing import Any

from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget

from tests.conftest import REPO
from tests.ui.conftest import wait_idle
from ui import task
from ui.task import Task

# The shape of ui/app.py's sign-in before the fix: a dialog held only by a local, a task whose
# success accepts it, the local dropped, then the main event loop.
DIALOG_DROPPED_AFTER_EXEC = """
import gc, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog
from ui import task

app = QApplication(sys.argv[:1])
task.configure(lambda: None)

def sign_in():
    dialog = QDialog()
    QTimer.singleShot(50, lambda: task.Task(dialog, lambda ctx: 42).on_success(lambda r: dialog.accept()).start())
    return dialog.exec()

assert sign_in() == 1
QTimer.singleShot(300, app.quit)
app.exec()
gc.collect()
task.shutdown()
print("clean exit")
"""


def test_a_dialog_dropped_after_exec_does_not_crash() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-X", "faulthandler", "-c", DIALOG_DROPPED_AFTER_EXEC], cwd=REPO,
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "clean exit"
    assert "QObject" not in done.stderr, done.stderr


def test_result_reaches_the_widget(qtbot: Any, store_ready: None) -> None:
    widget = QWidget()
    qtbot.add_widget(widget)
    got: list[int] = []
    Task(widget, lambda ctx: 6 * 7).on_success(got.append).start()
    wait_idle(qtbot)
    assert got == [42]
    assert task.live_tasks() == 0


def test_no_callback_after_the_widget_is_gone(qtbot: Any, store_ready: None) -> None:
    release = threading.Event()
    widget = QWidget()
    got: list[Any] = []
    Task(widget, lambda ctx: release.wait(10)).on_success(got.append).on_failure(got.append).start()
    widget.deleteLater()
    qtbot.wait_until(lambda: not _valid(widget))
    release.set()
    wait_idle(qtbot)
    assert got == []
    assert task.live_tasks() == 0


def test_progress_shows_when_work_lasts_and_a_cancel_is_said_where_the_result_was_awaited(
        qtbot: Any, store_ready: None) -> None:
    release = threading.Event()
    widget = _shown(qtbot)
    got: list[Any] = []
    stopped: list[bool] = []  # on_cancelled

    def work(ctx: Any) -> str:
        while not release.wait(0.02):
            ctx.progress(1, 2, "第一步")
        ctx.progress(2, 2, "第二步")  # raises Cancelled once the clerk pressed cancel
        return "done"

    Task(widget, work).on_success(got.append).on_failure(got.append).on_cancelled(lambda: stopped.append(True)) \
        .with_progress("正在处理…").start()
    dialog = _pressed_cancel(qtbot, widget, "第一步")
    release.set()
    wait_idle(qtbot)
    assert (got, stopped) == ([], [True])
    qtbot.wait_until(lambda: widget.findChild(QProgressDialog) is None)
    assert not _valid(dialog) or not dialog.isVisible()


def test_a_write_that_finished_before_it_saw_the_cancel_is_reported(qtbot: Any, store_ready: None) -> None:
    """Its work was kept: saying nothing (or "cancelled") would be untrue."""
    release = threading.Event()
    widget = _shown(qtbot)
    got: list[Any] = []
    stopped: list[bool] = []  # on_cancelled

    def work(ctx: Any) -> str:
        ctx.progress(1, 2, "写入中")
        release.wait(10)
        return "saved"

    Task(widget, work).on_success(got.append).on_cancelled(lambda: stopped.append(True)).with_progress("正在保存…").start()
    _pressed_cancel(qtbot, widget, "正在保存…")
    release.set()
    wait_idle(qtbot)
    assert (got, stopped) == (["saved"], [])


def test_a_task_finishing_while_its_progress_is_shown_closes_cleanly(qtbot: Any, store_ready: None) -> None:
    """A modal progress dialog runs queued events inside setValue: reports and the result queued
    right behind a report are handled there, and the result closes the dialog in the middle of
    showing that first report."""
    shown = threading.Event()
    widget = _shown(qtbot)
    got: list[Any] = []

    def work(ctx: Any) -> str:
        shown.wait(10)
        for step in range(1, 6):
            ctx.progress(step, 5, f"第 {step} 步")
        return "done"

    Task(widget, work).on_success(got.append).with_progress("正在处理…").start()
    qtbot.wait_until(lambda: widget.findChild(QProgressDialog) is not None, timeout=5000)
    shown.set()
    wait_idle(qtbot)
    assert got == ["done"]


def _shown(qtbot: Any) -> QWidget:
    widget = QWidget()
    qtbot.add_widget(widget)
    widget.show()
    return widget


def _pressed_cancel(qtbot: Any, widget: QWidget, label: str) -> QProgressDialog:
    qtbot.wait_until(lambda: widget.findChild(QProgressDialog) is not None, timeout=5000)
    dialog = widget.findChild(QProgressDialog)
    qtbot.wait_until(lambda: dialog.labelText() == label)
    dialog.findChild(QPushButton).click()  # the dialog's 取消
    return dialog


def _valid(widget: QWidget) -> bool:
    import shiboken6

    return shiboken6.isValid(widget)


ENDLESS_QUERY = (
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"
)


def _shutdown_in_thread() -> threading.Thread:
    """Runs ``task.shutdown`` where a hang cannot stop the test run; joined by the caller."""
    stopper = threading.Thread(target=task.shutdown, daemon=True)
    stopper.start()
    return stopper


def test_quitting_interrupts_a_read_only_query(qtbot: Any, store_ready: None) -> None:
    """A search still running when the clerk quits is abandoned, not waited for."""
    widget = QWidget()
    qtbot.add_widget(widget)
    started = threading.Event()
    got: list[Any] = []

    def endless(ctx: Any) -> Any:
        started.set()
        return ctx.store.conn.execute(ENDLESS_QUERY).fetchone()

    Task(widget, endless, read_only=True).on_success(got.append).on_failure(got.append).start()
    assert started.wait(10)
    stopper = _shutdown_in_thread()
    stopper.join(30)
    assert not stopper.is_alive(), "quitting waited for an endless read-only query"
    qtbot.wait(50)  # the abandoned task's delivery, if any, is processed here
    assert got == [], "an abandoned read reports nothing"


def test_quitting_waits_for_a_task_that_writes(qtbot: Any, store_ready: None) -> None:
    """Work not marked read-only may be saving: quitting lets it commit."""
    from intake.store.db import Store
    from tests.ui.conftest import ADMIN

    widget = QWidget()
    qtbot.add_widget(widget)
    started, release = threading.Event(), threading.Event()

    def save(ctx: Any) -> None:
        started.set()
        release.wait(10)
        ctx.store.users.set_full_name("clerk", "王芳", ADMIN)

    Task(widget, save).start()
    assert started.wait(10)
    stopper = _shutdown_in_thread()
    stopper.join(0.3)
    assert stopper.is_alive(), "quitting must wait for the save"
    release.set()
    stopper.join(30)
    assert not stopper.is_alive()
    with Store.open() as store:
        assert store.users.display_names()["clerk"] == "王芳"
