"""The county's review list (核查): every applicant whose ID number has cases in two townships, as
flagged by the imports, with both cases — ID numbers masked — to open read-only."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from intake.ids import mask_id_number
from intake.store.states import STATE_LABELS
from ui.labels import township_label
from ui.session import Session
from ui.task import Task

if TYPE_CHECKING:
    from intake.exchange.ledger import Review, ReviewedCase
    from intake.rules.townships import Townships

COLUMNS = ("公民身份号码 / 案件编号", "受理乡镇（街道）", "标记时间 / 受理时间", "姓名", "办理状态")
#: An applicant whose cases were completed in two townships: settled twice, the first to look at.
SETTLED_TWICE = "已在两个乡镇（街道）办结：请核查是否重复落户"


def review_tree() -> QTreeWidget:
    """An empty tree for reviews: one row per applicant, its two cases beneath."""
    tree = QTreeWidget()
    tree.setHeaderLabels(list(COLUMNS))
    for column, width in enumerate((260, 330, 160, 100)):
        tree.setColumnWidth(column, width)
    return tree


def by_applicant(reviews: list["Review"]) -> dict[str, tuple[list[str], str]]:
    """The flagged pairs grouped per applicant: their case numbers (each once, in order) and when
    they were first flagged. One person with three cases makes several pairs but one row."""
    grouped: dict[str, tuple[list[str], str]] = {}
    for review in reviews:
        cases, first = grouped.setdefault(review.applicant_id, ([], review.flagged_at))
        cases.extend(n for n in (review.case_a, review.case_b) if n not in cases)
    return {applicant: (sorted(cases), at) for applicant, (cases, at) in grouped.items()}


def fill_reviews(tree: QTreeWidget, reviews: list["Review"], townships: "Townships",
                 cases: Mapping[str, "ReviewedCase"] | None = None) -> None:
    """Shows ``reviews``, one row per applicant with every flagged case beneath; each case row
    carries its number (``Qt.UserRole``), the applicant row its first case's. With ``cases`` (the
    county's review list) each case says its applicant's name, state and filing time, and an
    applicant completed in two townships is marked first of all."""
    tree.clear()
    for column in (3, 4):  # name and state: only where the cases were read with the reviews
        tree.setColumnHidden(column, cases is None)
    known = cases or {}
    for applicant, (numbers, flagged_at) in by_applicant(reviews).items():
        briefs = [known.get(number) for number in numbers]
        twice = sum(1 for b in briefs if b is not None and b.state == "completed") >= 2
        name = next((b.name for b in briefs if b is not None), "")
        top = QTreeWidgetItem([mask_id_number(applicant), SETTLED_TWICE if twice else "在两个乡镇（街道）都有申请",
                               _minute(flagged_at), name, ""])
        if twice:
            top.setForeground(1, QBrush(QColor("#b71c1c")))
        top.setData(0, Qt.ItemDataRole.UserRole, numbers[0])
        for number, brief in zip(numbers, briefs):
            child = QTreeWidgetItem([number, township_label(number[:9], townships),
                                     *((_minute(brief.created_at), brief.name, STATE_LABELS.get(brief.state, brief.state))
                                       if brief is not None else ("", "", ""))])
            child.setData(0, Qt.ItemDataRole.UserRole, number)
            top.addChild(child)
        tree.addTopLevelItem(top)
    tree.expandAll()
    if tree.topLevelItemCount():
        tree.setCurrentItem(tree.topLevelItem(0).child(0))


def _minute(stamp: str) -> str:
    """``2017-06-02T10:00:00+08:00`` → ``2017-06-02 10:00``."""
    return stamp[:16].replace("T", " ")


class ReviewList(QWidget):
    """Flagged applicants; Enter or a double click on a case fires ``open_case`` with its number."""

    open_case = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.reviews: list[Review] = []
        title = QLabel("核查：同一申请人在两个乡镇（街道）都有申请", objectName="reviews_title")
        title.setStyleSheet("font-size: 13pt;")
        note = QLabel("导入数据包时，同一公民身份号码在两个乡镇（街道）都有申请的，列在这里待人工核查。"
                      "选中案件后按回车键可查看（只读）。", wordWrap=True)
        self.count = QLabel(objectName="reviews_count")
        self.tree = review_tree()
        self.tree.setObjectName("reviews")
        self.tree.itemActivated.connect(self._activated)
        self.reload_button = QPushButton("刷新(&R)")
        self.reload_button.setObjectName("reload_reviews")
        self.reload_button.clicked.connect(self.reload)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(note)
        layout.addWidget(self.count)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.reload_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.reload()

    def reload(self) -> None:
        def work(ctx: Any) -> tuple[list["Review"], dict[str, "ReviewedCase"]]:
            from intake.exchange.ledger import reviewed_cases, reviews

            found = reviews(ctx.store.conn)
            numbers = sorted({n for r in found for n in (r.case_a, r.case_b)})
            return found, reviewed_cases(ctx.store.conn, numbers)

        Task(self, work, read_only=True).on_success(lambda both: self.show_reviews(*both)).start()

    def show_reviews(self, reviews: list["Review"], cases: Mapping[str, "ReviewedCase"] | None = None) -> None:
        self.reviews = reviews
        fill_reviews(self.tree, reviews, self.session.townships, cases)
        people = len(by_applicant(reviews))
        self.count.setText(f"共 {people} 人待核查" if people else "没有待核查的申请人。")
        self.focus_start()

    def focus_start(self) -> None:
        (self.tree if self.reviews else self.reload_button).setFocus()

    def _activated(self, item: QTreeWidgetItem) -> None:
        self.open_case.emit(item.data(0, Qt.ItemDataRole.UserRole))
