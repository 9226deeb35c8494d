"""The desk's home screen: queue tabs with their counts, and search as the clerk types."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from intake.evaluation import Evaluator
from intake.models.parse import parse_application
from intake.store.db import Store
from tests.intake.store.conftest import app_data, person
from tests.ui.conftest import ADMIN, type_text, wait_idle
from ui.session import Session
from ui.work_queue import COLUMNS, QUEUE_LABELS, WorkQueue


def _file_cases(evaluator: Evaluator) -> dict[str, str]:
    """Three cases: a draft, one waiting for documents, one consented; returns name → number."""
    numbers = {}
    with Store.open() as store:
        for name, id_number, case, steps in (
            ("林晓燕", person(1), "graduate-registered-rental", []),
            ("陈静怡", "352201199309210154", "graduate-no-employment", ["evaluate"]),
            ("王建国", person(2, born="19900101"), "graduate-registered-rental", ["evaluate", "consent"]),
        ):
            app = parse_application(app_data(case, name=name, id_number=id_number))
            number = store.cases.create(app, ADMIN).case
            for step in steps:
                if step == "evaluate":
                    store.workflow.evaluate(number, evaluator, ADMIN)
                else:
                    store.workflow.consent(number, ADMIN)
            numbers[name] = number
    return numbers


def _queue(qtbot: Any) -> WorkQueue:
    queue = WorkQueue()
    qtbot.add_widget(queue)
    queue.show()
    queue.refresh()
    wait_idle(qtbot)
    return queue


def test_tabs_count_their_cases(qtbot: Any, clerk: Session) -> None:
    numbers = _file_cases(clerk.evaluator)
    queue = _queue(qtbot)
    texts = [queue.tabs.tabText(i) for i in range(queue.tabs.count())]
    assert texts == [f"{QUEUE_LABELS['today']}（3）", f"{QUEUE_LABELS['draft']}（1）",
                     f"{QUEUE_LABELS['incomplete']}（1）", f"{QUEUE_LABELS['consented']}（1）",
                     f"{QUEUE_LABELS['approved']}（0）"]
    waiting = queue.lists["incomplete"]
    assert waiting.topLevelItem(0).text(0) == numbers["陈静怡"]
    assert "*" in waiting.topLevelItem(0).text(2), "ID numbers are masked in lists"


def test_ctrl_page_down_and_up_walk_the_queues_from_the_search_box(qtbot: Any, clerk: Session) -> None:
    from PySide6.QtCore import Qt

    queue = _queue(qtbot)
    queue.activateWindow()
    qtbot.wait_until(queue.isActiveWindow)
    queue.focus_search()
    qtbot.keyClick(queue.search, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert queue.tabs.currentIndex() == 1 and queue.lists["draft"].hasFocus()
    qtbot.keyClick(queue.lists["draft"], Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(queue.lists["today"], Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert queue.tabs.currentIndex() == queue.tabs.count() - 1, "round from the first to the last"


def _search(qtbot: Any, queue: WorkQueue, text: str) -> list[str]:
    queue.search.clear()
    qtbot.wait_until(lambda: not queue.results_note.isVisible(), timeout=5000)  # the last answer is gone
    type_text(qtbot, queue.search, text)
    qtbot.wait_until(lambda: queue.results_note.isVisible() and queue.results_note.text() != "", timeout=5000)
    wait_idle(qtbot)
    return [queue.results.topLevelItem(i).text(0) for i in range(queue.results.topLevelItemCount())]


def test_search_finds_by_name_id_number_and_case_number_as_you_type(qtbot: Any, clerk: Session) -> None:
    numbers = _file_cases(clerk.evaluator)
    queue = _queue(qtbot)
    assert _search(qtbot, queue, "静怡") == [numbers["陈静怡"]]
    assert queue.results.columnCount() == len(COLUMNS)  # a hall's own cases: no township column
    assert _search(qtbot, queue, person(2, born="19900101")) == [numbers["王建国"]]
    assert _search(qtbot, queue, numbers["林晓燕"]) == [numbers["林晓燕"]]
    assert _search(qtbot, queue, "赵") == []
    assert queue.results_note.text() == "没有找到符合的案件"


def test_down_from_the_search_box_goes_into_the_hits_then_the_queue(qtbot: Any, clerk: Session) -> None:
    from PySide6.QtCore import Qt

    numbers = _file_cases(clerk.evaluator)
    queue = _queue(qtbot)
    queue.activateWindow()
    qtbot.wait_until(queue.isActiveWindow)
    assert _search(qtbot, queue, "林") == [numbers["林晓燕"]]
    qtbot.keyClick(queue.search, Qt.Key.Key_Down)
    assert queue.results.hasFocus() and queue.results.currentItem() is queue.results.topLevelItem(0)
    queue.search.clear()
    qtbot.wait_until(lambda: not queue.results.isVisible(), timeout=5000)
    queue.focus_search()
    qtbot.keyClick(queue.search, Qt.Key.Key_Down)
    today = queue.lists["today"]
    assert today.hasFocus() and today.currentItem() is not None
    assert today.currentItem().text(0) in numbers.values()


def test_enter_opens_the_first_hit(qtbot: Any, clerk: Session) -> None:
    numbers = _file_cases(clerk.evaluator)
    queue = _queue(qtbot)
    opened: list[str] = []
    queue.open_case.connect(opened.append)
    _search(qtbot, queue, "王建国")
    qtbot.keyClick(queue.search, Qt.Key.Key_Return)
    assert opened == [numbers["王建国"]]


def test_search_results_follow_a_change_of_state(qtbot: Any, clerk: Session) -> None:
    numbers = _file_cases(clerk.evaluator)
    queue = _queue(qtbot)
    _search(qtbot, queue, "王建国")
    assert queue.results.topLevelItem(0).text(3) == "已确认落户意愿"
    with Store.open() as store:
        store.workflow.withdraw(numbers["王建国"], ADMIN)
    queue.refresh()  # what the window does after every write, and on coming back
    qtbot.wait_until(lambda: queue.results.topLevelItem(0).text(3) == "已撤回", timeout=5000)
    assert queue.search.text() == "王建国"


def test_the_bar_names_the_clerk_by_the_real_name(qtbot: Any, clerk: Session) -> None:
    """Given a real name in 设置, the window's bar says who works here as the applicant would read it."""
    from PySide6.QtWidgets import QLabel

    from intake.store.db import Store
    from intake.store.ops import Actor
    from ui.main_window import MainWindow

    with Store.open() as store:
        store.users.set_full_name("clerk", "王丽", Actor("admin", "admin"))
    window = MainWindow(clerk)
    qtbot.add_widget(window)
    label = window.findChild(QLabel, "signed_in")
    qtbot.wait_until(lambda: "王丽" in label.text())
    assert label.text() == "海滨街道　窗口工作人员：王丽　"
