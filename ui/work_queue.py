"""The desk's home: a search box that finds cases as the clerk types, and the work queues.

Both read through the task helper: a search waits a moment after the last key, runs on the worker,
and a newer query makes older answers irrelevant.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QLineEdit,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from intake.queue import QUEUES, Queue, load_queue
from intake.store.states import STATE_LABELS
from ui.labels import OUTCOME_LABELS, township_label
from ui.task import Task

if TYPE_CHECKING:
    from intake.rules.townships import Townships

QUEUE_LABELS = {
    "today": "今日案件",
    "draft": "草稿",
    "incomplete": "待补材料",
    "consented": "待审核",
    "approved": "待打印",
}
COLUMNS = ("案件编号", "姓名", "公民身份号码", "状态", "评估结果", "受理时间")
#: The search hits' last column at the county, where the cases of every township are found.
TOWNSHIP_COLUMN = "受理乡镇（街道）"
SEARCH_DELAY_MS = 150


def _case_list() -> QTreeWidget:
    tree = QTreeWidget()
    tree.setRootIsDecorated(False)
    tree.setUniformRowHeights(True)
    tree.setHeaderLabels(list(COLUMNS))
    tree.setColumnWidth(0, 210)
    tree.setColumnWidth(1, 110)
    tree.setColumnWidth(2, 190)
    tree.setColumnWidth(3, 150)
    tree.setColumnWidth(4, 210)
    tree.setColumnWidth(5, 140)  # 2017-06-10 09:30 whole
    return tree


def _row(number: str, name: str, id_number: str, state: str, outcome: str | None, created: str,
         township: str | None = None) -> QTreeWidgetItem:
    texts = [number, name, id_number, STATE_LABELS.get(state, state),
             OUTCOME_LABELS.get(outcome or "", "未评估"), created[:16].replace("T", " ")]
    item = QTreeWidgetItem(texts if township is None else [*texts, township])
    item.setData(0, Qt.ItemDataRole.UserRole, number)
    return item


class WorkQueue(QWidget):
    """Search plus queue tabs; ``open_case`` fires with a case number (Enter or double click).
    Given ``townships`` (the county's search), each hit also names its township."""

    open_case = Signal(str)
    print_today = Signal()

    def __init__(self, printing: bool = False, townships: "Townships | None" = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._townships = townships
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText("输入身份号码、姓名、案件编号（或编号末尾几位）、电话查找（Ctrl+F）")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._schedule_search)
        self.search.returnPressed.connect(self._open_first_hit)
        self.results = _case_list()
        self.results.setObjectName("search_results")
        self.results.setColumnHidden(4, True)  # search hits carry no outcome
        if townships is not None:
            self.results.setHeaderLabels([*COLUMNS, TOWNSHIP_COLUMN])
        self.results.hide()
        self.results_note = QLabel()
        self.results_note.hide()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("queues")
        self.lists: dict[str, QTreeWidget] = {}
        for queue in QUEUES:
            tree = _case_list()
            tree.setObjectName(f"queue_{queue}")
            tree.itemActivated.connect(self._activated)
            self.lists[queue] = tree
            self.tabs.addTab(tree, QUEUE_LABELS[queue])
        self.results.itemActivated.connect(self._activated)
        for keys, step in (("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1)):  # from the search box too
            QShortcut(QKeySequence(keys), self, lambda step=step: self._next_queue(step))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._run_search)
        self._search_task: Task[Any] | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("查找案件(&F)", buddy=self.search))
        layout.addWidget(self.search)
        layout.addWidget(self.results_note)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.tabs, 3)
        if printing:  # the day's receipts in one PDF, e.g. for the file at closing time
            batch = QPushButton("打印今日全部受理回执(&R)…")
            batch.setObjectName("print_today")
            batch.clicked.connect(self.print_today)
            row = QHBoxLayout()
            row.addStretch()
            row.addWidget(batch)
            layout.addLayout(row)

    def refresh(self) -> None:
        """Reloads every queue (after a write) on the worker, and the search results shown, whose
        states may have changed too."""
        today = dt.date.today()

        def work(ctx: Any) -> dict[str, Queue]:
            return {q: load_queue(ctx.store, q, today) for q in QUEUES}

        Task(self, work, read_only=True).on_success(self._show_queues).start()
        if self.results_note.isVisibleTo(self):
            self._run_search()

    def _show_queues(self, queues: dict[str, Queue]) -> None:
        for i, queue in enumerate(QUEUES):
            self.tabs.setTabText(i, f"{QUEUE_LABELS[queue]}（{queues[queue].total}）")
            tree = self.lists[queue]
            tree.clear()
            tree.addTopLevelItems([
                _row(it.number, it.name, it.id_number, it.state, it.outcome, it.created_at)
                for it in queues[queue].items
            ])

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """↓ in the search box goes down into what is listed: the hits, else the queue shown."""
        if event.key() == Qt.Key.Key_Down and self.search.hasFocus():
            target = self.results if self.results.isVisible() and self.results.topLevelItemCount() else self.tabs.currentWidget()
            if isinstance(target, QTreeWidget) and target.topLevelItemCount():
                target.setFocus()
                if target.currentItem() is None:
                    target.setCurrentItem(target.topLevelItem(0))
                return
        super().keyPressEvent(event)

    def _next_queue(self, step: int) -> None:
        """Ctrl+PgDown / Ctrl+PgUp: the next or previous queue, its list taking the keyboard."""
        if not self.tabs.isVisible():
            return
        index = (self.tabs.currentIndex() + step) % self.tabs.count()
        self.tabs.setCurrentIndex(index)
        self.tabs.widget(index).setFocus()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _schedule_search(self) -> None:
        self._timer.start(SEARCH_DELAY_MS)

    def _run_search(self) -> None:
        text = self.search.text().strip()
        if self._search_task is not None:
            self._search_task.cancel()
            self._search_task = None
        if not text:
            self.results.hide()
            self.results_note.hide()
            return
        self._search_task = (
            Task(self, lambda ctx: ctx.store.search(text), read_only=True).on_success(self._show_hits).start()
        )

    def _show_hits(self, result: Any) -> None:
        self._search_task = None
        self.results.clear()
        towns = self._townships
        self.results.addTopLevelItems([  # a case number starts with its township's code
            _row(h.case, h.name, h.id_number, h.state, None, h.created_at,
                 township_label(h.case[:9], towns) if towns is not None else None)
            for h in result.hits
        ])
        more = "，只显示最新的部分，请输入更多字缩小范围" if result.more else ""
        self.results_note.setText(f"找到 {len(result.hits)} 个案件{more}" if result.hits else "没有找到符合的案件")
        self.results_note.show()
        self.results.setVisible(bool(result.hits))

    def _open_first_hit(self) -> None:
        if self.results.isVisible() and self.results.topLevelItemCount():
            self.open_case.emit(self.results.topLevelItem(0).data(0, Qt.ItemDataRole.UserRole))

    def _activated(self, item: QTreeWidgetItem) -> None:
        self.open_case.emit(item.data(0, Qt.ItemDataRole.UserRole))
