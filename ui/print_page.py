"""Wizard step 5: the case is filed; the page says what happens next. The print buttons (receipt,
one-time notice, filing form) sit in the wizard's footer from the decision on."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.session import Session


class PrintPage(QWidget):
    """What happens to the case next and what to hand the applicant."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.case_number: str | None = None
        self.status = QLabel()
        self.status.setObjectName("print_status")
        self.status.setWordWrap(True)
        self.status.setStyleSheet("font-size: 13pt;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addStretch()

    def set_case(self, number: str | None, wish: str) -> None:
        self.case_number = number
        if wish == "settle":
            text = (f"案件 {number} 的申请人落户意愿已记录，案件已提交审核人审核。"
                    "审核通过后可在工作台“待打印”中找到本案件。")
        else:
            text = f"案件 {number} 已记录申请人选择办理居住证，本落户申请已结束。请引导申请人办理居住证。"
        text += "\n\n请打印受理回执（Alt+H）交申请人；落户申请登记表（Alt+D）随案归档。"
        self.status.setText(text)
