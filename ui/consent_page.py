"""Wizard step 4: the applicant's own wish — to settle, or to take a residence permit instead —
recorded before anything is filed (一(二): nobody is "settled" against their will)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from intake.models.decision import Decision
from ui.labels import OUTCOME_LABELS
from ui.session import Session
from ui.task import Task

WISHES = ("settle", "residence_permit")


class ConsentPage(QWidget):
    """Two choices, an explicit confirmation, one button; ``recorded`` carries the case number."""

    recorded = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.case_number: str | None = None
        self.outcome = QLabel()
        self.outcome.setObjectName("consent_outcome")
        self.outcome.setWordWrap(True)
        self.settle = QRadioButton("本人自愿申请在本地落户(&S)")
        self.settle.setObjectName("wish_settle")
        self.permit = QRadioButton("本人不申请落户，改为申领居住证(&J)")
        self.permit.setObjectName("wish_residence_permit")
        self.group = QButtonGroup(self)
        self.group.addButton(self.settle)
        self.group.addButton(self.permit)
        self.confirmed = QCheckBox("已向申请人说明评估结果，以上意愿由申请人本人确认(&Q)")
        self.confirmed.setObjectName("confirmed")
        self.record = QPushButton("记录申请人意愿(&R)")
        self.record.setObjectName("record_consent")
        self.record.clicked.connect(self._record)
        for button in (self.settle, self.permit, self.confirmed):
            button.toggled.connect(self._update)
        note = QLabel("尊重申请人本人意愿，严格防止“被落户”：未记录意愿的案件不会提交审核。"
                      "申请人在办结前可以随时撤回申请。")
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.outcome)
        layout.addWidget(note)
        layout.addWidget(self.settle)
        layout.addWidget(self.permit)
        layout.addWidget(self.confirmed)
        layout.addWidget(self.record)
        layout.addStretch()
        self._update()

    def set_case(self, number: str | None, decision: Decision | None) -> None:
        """Shows the outcome the applicant is deciding on; settling is offered only when eligible."""
        self.case_number = number
        eligible = decision is not None and decision.outcome == "settle"
        self.settle.setEnabled(eligible)
        if not eligible and self.settle.isChecked():
            self.group.setExclusive(False)  # nothing chosen for the applicant: they choose
            self.settle.setChecked(False)
            self.group.setExclusive(True)
        label = OUTCOME_LABELS[decision.outcome] if decision else "尚未评估"
        hint = "" if eligible else "（目前不能申请落户；申请人也可以不作选择，待补齐材料后再来）" \
            if decision is not None and decision.outcome == "incomplete" else ""
        self.outcome.setText(f"案件 {number or ''} 的评估结果：{label}。请申请人选择{hint}：")
        self.settle.setFocus() if eligible else self.permit.setFocus()
        self._update()

    def _update(self) -> None:
        self.record.setEnabled(
            self.case_number is not None and self.group.checkedButton() is not None and self.confirmed.isChecked()
        )

    def wish(self) -> str:
        return "settle" if self.settle.isChecked() else "residence_permit"

    def _record(self) -> None:
        number, wish, actor = self.case_number, self.wish(), self.session.actor

        def work(ctx: Any) -> str:
            workflow = ctx.store.workflow
            step = workflow.consent if wish == "settle" else workflow.choose_residence_permit
            return str(step(number, actor).case)

        self.record.setEnabled(False)
        Task(self, work).on_success(self.recorded.emit).on_failure(self._failed).start()

    def _failed(self, exc: BaseException) -> None:
        from ui import messages

        self._update()
        messages.failure(self, exc)
