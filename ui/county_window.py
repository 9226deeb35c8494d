"""The county's window: import the halls' bundles, review applicants flagged in two townships, find
imported cases, statistics and settings. The county does no intake, so cases open read-only.
Screens are imported when first opened, to keep cold start short."""

from __future__ import annotations

from functools import cache
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QMainWindow, QStackedWidget, QWidget

from intake.divisions import county_label, county_name
from intake.store.users import role_label
from ui.session import Session
from ui.toolbar import add_signed_in, add_toolbar


@cache
def _read_only_case() -> type:
    """``CaseReview`` without its steps (continue, approve, reject, withdraw, print): the county
    looks at a hall's case and changes nothing. Built on first use (cold start)."""
    from intake.exchange.ledger import township_history
    from intake.store.audit import HistoryEntry
    from intake.store.cases import CaseView
    from ui.case_review import CaseReview, history_line
    from ui.task import Task

    class ReadOnlyCase(CaseReview):
        def __init__(self, session: Session, parent: QWidget | None = None) -> None:
            super().__init__(session, parent)
            self.back.setText("返回(&W)")
            self.back.setAutoDefault(True)  # Enter on the focused button goes back (outside a dialog too)
            note = QLabel("县局只读查看：案件由乡镇（街道）办理，此处不能修改。", objectName="read_only_note")
            note.setStyleSheet("color: #555;")
            self.layout().insertWidget(1, note)

        def load(self, number: str) -> None:
            """The case, and what its township recorded about it (the county's own history of it is
            only its imports)."""
            def read(ctx: Any) -> tuple[CaseView, list[HistoryEntry]]:
                view = ctx.store.cases.get(number)
                return view, township_history(ctx.store.conn, view.id)

            Task(self, read).on_success(lambda both: self.show_case(*both)).start()

        def show_case(self, view: CaseView, township: list[HistoryEntry] | None = None) -> None:
            super().show_case(view)
            for button in (self.resume, self.approve, self.complete, self.reject, self.withdraw, self.print_buttons):
                if button is not None:
                    button.hide()
            if township:
                self.history.clear()
                town = self.session.townships.get(view.number[:9])  # the case number starts with its township
                hall = town.name if town else "乡镇"
                lines = [(e.at, history_line(e, f"{hall}·{e.actor}")) for e in township]
                lines += [(e.at, history_line(e, f"县局·{e.actor}")) for e in view.history]
                for _, line in sorted(lines, key=lambda pair: pair[0]):  # stable: the township's first at a tie
                    self.history.addItem(line)
            self.back.setFocus()

    return ReadOnlyCase


class CountyWindow(QMainWindow):
    """One screen at a time; toolbar actions carry the shortcuts. Starts on the import screen."""

    #: Ctrl+L: somebody else signs in (``ui.desk.Desk`` swaps the window).
    switch_user_requested = Signal()

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.base_title = f"落户受理 — 县局汇总：{county_label(session.county)}"
        self.setWindowTitle(self.base_title)
        self.resize(1366, 768)
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.screens: dict[str, Any] = {}  # import, reviews, find: kept; stats, backup and settings: rebuilt
        self.case: Any = None
        self._back_to: str = "find"
        bar, self.actions_by_name = add_toolbar(self, (
            ("import", "导入数据包（Ctrl+I）", "Ctrl+I", self.show_import),
            ("reviews", "核查（Ctrl+R）", "Ctrl+R", self.show_reviews),
            ("search", "查找（Ctrl+F）", "Ctrl+F", self.find),
            ("stats", "统计（Ctrl+T）", "Ctrl+T", self.show_stats),
            ("backup", "备份（Ctrl+B）", "Ctrl+B", self.show_backup),
            ("settings", "设置（Ctrl+,）", "Ctrl+,", self.show_settings),
            ("switch_user", "切换用户（Ctrl+L）", "Ctrl+L", self.switch_user_requested.emit),
        ), quit_on_bar=True)
        add_signed_in(bar, f"县局汇总：{county_name(session.county) or session.county}", role_label(session.role, county=True), session.user)
        self.show_import()

    def bring_to_front(self) -> None:
        """Raises and activates the window with the keyboard on the screen shown (also on a bare X
        server, where no window manager activates a newly mapped window)."""
        if QGuiApplication.platformName() not in ("offscreen", "minimal"):
            self.raise_()
        self.activateWindow()
        self._focus(self.stack.currentWidget())

    def may_close(self) -> bool:
        """The county types nothing that a sign-out would lose (and ``Desk`` refuses to switch
        while an import or a backup runs)."""
        return True

    # -- screens ---------------------------------------------------------------------------

    def _show(self, widget: QWidget, title: str) -> None:
        if self.stack.indexOf(widget) < 0:
            self.stack.addWidget(widget)
        self.stack.setCurrentWidget(widget)
        self.setWindowTitle(f"{self.base_title} — {title}")
        self._focus(widget)

    @staticmethod
    def _focus(widget: QWidget | None) -> None:
        focus = getattr(widget, "focus_start", None)
        if focus is not None:
            focus()

    def _replace(self, name: str, widget: QWidget) -> QWidget:
        old = self.screens.pop(name, None)
        if old is not None:
            self.stack.removeWidget(old)
            old.deleteLater()
        self.screens[name] = widget
        return widget

    def show_import(self) -> Any:
        screen = self.screens.get("import")
        if screen is None:
            from ui.import_screen import ImportScreen

            screen = self.screens["import"] = ImportScreen(self.session)
            screen.open_case.connect(lambda number: self.open_case(number, "import"))
            screen.imported.connect(self._imported)
        self._show(screen, "导入数据包")
        return screen

    def show_reviews(self) -> Any:
        screen = self.screens.get("reviews")
        if screen is None:
            from ui.review_list import ReviewList

            screen = self.screens["reviews"] = ReviewList(self.session)
            screen.open_case.connect(lambda number: self.open_case(number, "reviews"))
        self._show(screen, "核查")
        return screen

    def find(self) -> Any:
        """Ctrl+F: the search box of the hall's desk, over every imported case; no work queues."""
        screen = self.screens.get("find")
        if screen is None:
            from ui.work_queue import WorkQueue

            screen = self.screens["find"] = WorkQueue(townships=self.session.townships)
            screen.tabs.hide()  # a hall's queues: the county has no intake to do
            screen.open_case.connect(lambda number: self.open_case(number, "find"))
        self._show(screen, "查找")
        screen.focus_search()
        return screen

    def show_stats(self) -> Any:
        from ui.stats_screen import StatsScreen

        screen = self._replace("stats", StatsScreen(self.session))
        self._show(screen, "统计")
        return screen

    def show_backup(self) -> Any:
        """Ctrl+B: a verified copy of the county's store — it holds every hall's cases."""
        from ui.export_screen import ExportScreen

        screen = self._replace("backup", ExportScreen(self.session))
        self._show(screen, "备份数据库")
        screen.focus_backup()
        return screen

    def show_settings(self) -> Any:
        from ui.settings_screen import SettingsScreen

        screen = self._replace("settings", SettingsScreen(self.session))
        self._show(screen, "设置")
        return screen

    def open_case(self, number: str, back_to: str = "find") -> Any:
        """Shows a case read-only; 返回 goes back to the screen it was opened from."""
        self._back_to = back_to
        case = self._replace("case", _read_only_case()(self.session))
        case.closed.connect(self._case_closed)
        self.case = case
        self._show(case, f"案件 {number}（只读）")
        case.load(number)
        return case

    def _case_closed(self) -> None:
        {"import": self.show_import, "reviews": self.show_reviews}.get(self._back_to, self.find)()

    def _imported(self, _result: object) -> None:
        """A merge changed the store: the review list reads it again next time it is opened."""
        reviews = self.screens.get("reviews")
        if reviews is not None:
            reviews.reload()
