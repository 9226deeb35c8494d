"""The main window: the work queue first; a case, the wizard, settings and statistics open in its
place. Screens other than the queue are imported when first opened, to keep cold start short."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QSizePolicy, QStackedWidget, QToolBar, QWidget

from intake.store.users import ROLE_LABELS
from ui.session import Session
from ui.work_queue import WorkQueue


class MainWindow(QMainWindow):
    """Holds one screen at a time; toolbar actions carry the desk's shortcuts."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.setWindowTitle(f"落户受理 — {session.hall_name()}（{session.township}）")
        self.resize(1366, 768)
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.queue = WorkQueue()
        self.queue.open_case.connect(self.open_case)
        self.stack.addWidget(self.queue)
        self.wizard: Any = None
        self.review: Any = None
        self.screen: QWidget | None = None
        bar = QToolBar("工具栏")
        bar.setObjectName("toolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(bar)
        self.actions_by_name: dict[str, QAction] = {}
        for name, text, keys, slot in (
            ("home", "工作台", "Ctrl+H", self.show_queue),
            ("new_case", "新建案件（Ctrl+N）", "Ctrl+N", self.new_case),
            ("search", "查找（Ctrl+F）", "Ctrl+F", self.find),
            ("print", "打印（Ctrl+P）", "Ctrl+P", self.print_current),
            ("stats", "统计", "Ctrl+T", self.show_stats),
            ("settings", "设置", "Ctrl+,", self.show_settings),
        ):
            action = QAction(text, self)
            action.setShortcut(QKeySequence(keys))
            action.triggered.connect(slot)
            bar.addAction(action)
            self.actions_by_name[name] = action
        self.actions_by_name["print"].setVisible(_printing())
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)
        bar.addWidget(QLabel(f"{session.hall_name()}　{ROLE_LABELS.get(session.role, session.role)}：{session.user}　"))
        self.queue.refresh()

    # -- screens ---------------------------------------------------------------------------

    def _show(self, widget: QWidget) -> None:
        if self.stack.indexOf(widget) < 0:
            self.stack.addWidget(widget)
        self.stack.setCurrentWidget(widget)

    def _drop(self, widget: Any) -> None:
        if widget is not None:
            self.stack.removeWidget(widget)
            widget.deleteLater()

    def show_queue(self) -> None:
        self.stack.setCurrentWidget(self.queue)
        self.queue.refresh()
        self.queue.focus_search()

    def find(self) -> None:
        self.stack.setCurrentWidget(self.queue)
        self.queue.focus_search()

    def new_case(self) -> Any:
        """Opens an empty wizard (a case in progress is kept: it is saved up to its last step)."""
        from ui.intake_wizard import IntakeWizard

        self._drop(self.wizard)
        self.wizard = IntakeWizard(self.session)
        self.wizard.finished.connect(self.show_queue)
        self.wizard.case_changed.connect(lambda _n: self.queue.refresh())
        self._show(self.wizard)
        self.wizard.applicant.date.setFocus()
        return self.wizard

    def open_case(self, number: str) -> None:
        from ui.case_review import CaseReview

        self._drop(self.review)
        self.review = CaseReview(self.session)
        self.review.closed.connect(self.show_queue)
        self.review.changed.connect(lambda _n: self.queue.refresh())
        self.review.continue_intake.connect(self._continue)
        self._show(self.review)
        self.review.load(number)

    def _continue(self, view: Any) -> None:
        self.new_case().load_case(view)

    def print_current(self) -> None:
        current = self.stack.currentWidget()
        number = getattr(current, "case_number", None) or getattr(getattr(current, "view", None), "number", None)
        if number is None:
            from ui import messages

            messages.info(self, "请先打开一个案件，再打印。")
            return
        from ui.print_buttons import PrintButtons

        PrintButtons(self.session).print_all(number, self)

    def show_stats(self) -> None:
        from ui.stats_screen import StatsScreen

        self._drop(self.screen)
        self.screen = StatsScreen(self.session)
        self._show(self.screen)

    def show_settings(self) -> None:
        from ui.settings_screen import SettingsScreen

        self._drop(self.screen)
        self.screen = SettingsScreen(self.session)
        self._show(self.screen)


def _printing() -> bool:
    from ui.print_page import printing_available

    return printing_available()
