"""The main window: the work queue first; a case, the wizard, statistics, export and backup, and
settings open in its place. Screens other than the queue are imported when first opened, to keep
cold start short."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QWidget

from intake.store.users import role_label
from ui.session import Session
from ui.toolbar import add_signed_in, add_toolbar, shortcut_action
from ui.work_queue import WorkQueue


class MainWindow(QMainWindow):
    """Holds one screen at a time; toolbar actions carry the desk's shortcuts."""

    #: Ctrl+L: somebody else signs in (``ui.desk.Desk`` swaps the window).
    switch_user_requested = Signal()

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self._leaving = False  # the clerk agreed to lose what the wizard holds unsaved
        self.base_title = f"落户受理 — {session.hall_name()}（{session.township}）"
        self.setWindowTitle(self.base_title)
        self.resize(1366, 768)
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.queue = WorkQueue(printing=True)
        self.queue.open_case.connect(self.open_case)
        self.queue.print_today.connect(self.print_today)
        self.stack.addWidget(self.queue)
        self.wizard: Any = None
        self.review: Any = None
        self.choose_batch_file: Any = None  # tests replace the file dialog and the PDF viewer
        self.open_pdf: Any = None
        self.tool_screen: QWidget | None = None  # statistics, exchange or settings, when open (not QWidget.screen())
        bar, self.actions_by_name = add_toolbar(self, (
            ("home", "工作台（Ctrl+H）", "Ctrl+H", self.show_queue),
            ("new_case", "新建案件（Ctrl+N）", "Ctrl+N", self.new_case),
            ("search", "查找（Ctrl+F）", "Ctrl+F", self.find),
            ("print", "打印（Ctrl+P）", "Ctrl+P", self.print_current),
            ("stats", "统计（Ctrl+T）", "Ctrl+T", self.show_stats),
            ("export", "导出（Ctrl+E）", "Ctrl+E", self.show_export),
            ("settings", "设置（Ctrl+,）", "Ctrl+,", self.show_settings),
            ("switch_user", "切换用户（Ctrl+L）", "Ctrl+L", self.switch_user_requested.emit),
        ), quit_on_bar=False)
        # Backup shares the export screen; its shortcut opens it with the backup button focused.
        backup_action = shortcut_action(self, "backup", "备份（Ctrl+B）", "Ctrl+B", self.show_backup)
        self.addAction(backup_action)
        self.actions_by_name["backup"] = backup_action
        self.actions_by_name["export"].setToolTip("导出交县局、备份数据库（Ctrl+E；备份 Ctrl+B）")
        add_signed_in(bar, session.hall_name(), role_label(session.role), session.user)
        self.queue.refresh()

    def bring_to_front(self) -> None:
        """Raises and activates the window and puts the cursor in the search box, so the clerk can
        type (or press Ctrl+N) at once after signing in — also on a bare X server, where no window
        manager activates a newly mapped window."""
        if QGuiApplication.platformName() not in ("offscreen", "minimal"):  # they cannot stack windows
            self.raise_()
        self.activateWindow()
        self.queue.focus_search()

    def may_close(self) -> bool:
        """True when nothing typed in the wizard would be lost, or the clerk agrees to lose it
        (asked once: quitting or switching user then goes ahead without asking again)."""
        if not self._leaving:
            self._leaving = self.wizard is None or self.wizard.may_leave()
        return self._leaving

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        """Ctrl+Q or the window's close button: not while the clerk keeps unsaved typing."""
        if self.may_close():
            event.accept()
        else:
            event.ignore()

    # -- screens ---------------------------------------------------------------------------

    def _show(self, widget: QWidget, title: str) -> None:
        """Puts ``widget`` on screen; the window title says which screen it is."""
        if self.stack.indexOf(widget) < 0:
            self.stack.addWidget(widget)
        self.stack.setCurrentWidget(widget)
        self.setWindowTitle(f"{self.base_title} — {title}")

    def _drop(self, widget: Any) -> None:
        if widget is not None:
            self.stack.removeWidget(widget)
            widget.deleteLater()

    def show_queue(self) -> None:
        self.find()
        self.queue.refresh()

    def find(self) -> None:
        self.stack.setCurrentWidget(self.queue)
        self.setWindowTitle(self.base_title)
        self.queue.focus_search()

    def _case_written(self, _number: str) -> None:
        self.queue.refresh()

    def _screen_title(self, title: str) -> None:
        self.setWindowTitle(f"{self.base_title} — {title}")

    def new_case(self) -> Any:
        """Opens an empty wizard; None when the clerk keeps the case in progress, whose typing
        would be lost (what it saved is kept either way)."""
        from ui.intake_wizard import IntakeWizard

        if self.wizard is not None and not self.wizard.may_leave():
            self._show(self.wizard, self.wizard.title())
            return None
        self._drop(self.wizard)
        self.wizard = IntakeWizard(self.session)
        self.wizard.finished.connect(self.show_queue)
        self.wizard.case_changed.connect(self._case_written)
        self.wizard.title_changed.connect(self._screen_title)
        self._show(self.wizard, self.wizard.title())
        self.wizard.applicant.date.setFocus()
        return self.wizard

    def open_case(self, number: str) -> None:
        from ui.case_review import CaseReview

        self._drop(self.review)
        self.review = CaseReview(self.session)
        self.review.closed.connect(self.show_queue)
        self.review.changed.connect(self._case_written)
        self.review.continue_intake.connect(self._continue)
        self._show(self.review, f"案件 {number}")
        self.review.load(number)

    def _continue(self, view: Any) -> None:
        wizard = self.new_case()
        if wizard is not None:
            wizard.load_case(view)

    def print_current(self) -> None:
        """Ctrl+P: the receipt of the case on screen (the wizard after saving, or a case's page)."""
        buttons = getattr(self.stack.currentWidget(), "print_buttons", None)
        if buttons is None or buttons.case_number is None:
            from ui import messages

            messages.info(self, "请先打开一个已评估的案件，再打印。")
            return
        buttons.print_document("receipt")

    def print_today(self) -> Any:
        """Every receipt of the cases received today, in one PDF (with progress and cancel)."""
        import datetime as dt

        from ui.print_buttons import choose_batch_file, open_pdf, print_day_receipts

        day = dt.date.today()
        out = (self.choose_batch_file or choose_batch_file)(self, day)
        if out is None:
            return None
        return print_day_receipts(self, self.session, day, out, self.open_pdf or open_pdf)

    def show_stats(self) -> None:
        from ui.stats_screen import StatsScreen

        self._drop(self.tool_screen)
        self.tool_screen = StatsScreen(self.session)
        self._show(self.tool_screen, "统计")
        self.tool_screen.focus_start()

    def show_export(self) -> Any:
        """Ctrl+E: export to the county's USB stick (and backup), the USB list read afresh."""
        from ui.export_screen import ExportScreen

        self._drop(self.tool_screen)
        self.tool_screen = ExportScreen(self.session)
        self.tool_screen.import_key.connect(self._import_county_key)
        self._show(self.tool_screen, "数据交换与备份")
        self.tool_screen.focus_export()
        return self.tool_screen

    def show_backup(self) -> Any:
        """Ctrl+B: the same screen, the keyboard on the backup button."""
        screen = self.show_export()
        screen.focus_backup()
        return screen

    def _import_county_key(self) -> None:
        self.show_settings().import_key()

    def show_settings(self) -> Any:
        from ui.settings_screen import SettingsScreen

        self._drop(self.tool_screen)
        self.tool_screen = SettingsScreen(self.session)
        self._show(self.tool_screen, "设置")
        return self.tool_screen
