"""The county's review list (核查): every applicant whose ID number has cases in two townships, as
flagged by the imports, with both cases — ID numbers masked — to open read-only."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from intake.ids import mask_id_number
from ui.session import Session
from ui.task import Task

if TYPE_CHECKING:
    from intake.exchange.ledger import Review
    from intake.rules.townships import Townships

COLUMNS = ("公民身份号码 / 案件编号", "受理乡镇（街道）", "标记时间")


def township_label(code: str, townships: "Townships") -> str:
    """``海滨街道（350502001）`` where the registry knows the code, else the code."""
    town = townships.get(code)
    return f"{town.name}（{code}）" if town else code


def review_tree() -> QTreeWidget:
    """An empty tree for reviews: one row per applicant, its two cases beneath."""
    tree = QTreeWidget()
    tree.setHeaderLabels(list(COLUMNS))
    tree.setColumnWidth(0, 260)
    tree.setColumnWidth(1, 260)
    return tree


def by_applicant(reviews: list["Review"]) -> dict[str, tuple[list[str], str]]:
    """The flagged pairs grouped per applicant: their case numbers (each once, in order) and when
    they were first flagged. One person with three cases makes several pairs but one row."""
    grouped: dict[str, tuple[list[str], str]] = {}
    for review in reviews:
        cases, first = grouped.setdefault(review.applicant_id, ([], review.flagged_at))
        cases.extend(n for n in (review.case_a, review.case_b) if n not in cases)
    return {applicant: (sorted(cases), at) for applicant, (cases, at) in grouped.items()}


def fill_reviews(tree: QTreeWidget, reviews: list["Review"], townships: "Townships") -> None:
    """Shows ``reviews``, one row per applicant with every flagged case beneath; each case row
    carries its number (``Qt.UserRole``), the applicant row its first case's."""
    tree.clear()
    for applicant, (cases, flagged_at) in by_applicant(reviews).items():
        top = QTreeWidgetItem([mask_id_number(applicant), "在两个乡镇（街道）都有申请",
                               flagged_at[:16].replace("T", " ")])
        top.setData(0, Qt.ItemDataRole.UserRole, cases[0])
        for number in cases:
            child = QTreeWidgetItem([number, township_label(number[:9], townships), ""])
            child.setData(0, Qt.ItemDataRole.UserRole, number)
            top.addChild(child)
        tree.addTopLevelItem(top)
    tree.expandAll()
    if tree.topLevelItemCount():
        tree.setCurrentItem(tree.topLevelItem(0).child(0))


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
        def work(ctx: Any) -> list["Review"]:
            from intake.exchange.ledger import reviews

            return reviews(ctx.store.conn)

        Task(self, work, read_only=True).on_success(self.show_reviews).start()

    def show_reviews(self, reviews: list["Review"]) -> None:
        self.reviews = reviews
        fill_reviews(self.tree, reviews, self.session.townships)
        people = len(by_applicant(reviews))
        self.count.setText(f"共 {people} 人待核查" if people else "没有待核查的申请人。")
        self.focus_start()

    def focus_start(self) -> None:
        (self.tree if self.reviews else self.reload_button).setFocus()

    def _activated(self, item: QTreeWidgetItem) -> None:
        self.open_case.emit(item.data(0, Qt.ItemDataRole.UserRole))
