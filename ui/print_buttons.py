"""Print buttons for a case: receipt, one-time notice, filing form — each written as a PDF on the
worker (``intake.printing``), recorded in the case's audit trail, then opened for printing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QPushButton, QWidget

from ui.session import Session
from ui.task import Task

DOCUMENTS = {"receipt": "受理回执", "notice": "一次性告知书", "form": "落户申请登记表"}


class PrintButtons(QWidget):
    """One button per printed document; ``choose_file`` is replaced in tests."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.case_number: str | None = None
        self.choose_file = self._choose_file
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for kind, label in DOCUMENTS.items():
            button = QPushButton(f"打印{label}")
            button.setObjectName(f"print_{kind}")
            button.clicked.connect(lambda _c=False, k=kind: self.print_document(k))
            layout.addWidget(button)
        layout.addStretch()

    def set_case(self, number: str | None) -> None:
        self.case_number = number

    def _choose_file(self, kind: str, number: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(self, f"保存{DOCUMENTS[kind]}", f"{number}-{DOCUMENTS[kind]}.pdf", "PDF 文件 (*.pdf)")
        return Path(name) if name else None

    def print_all(self, number: str, parent: QWidget) -> None:
        """Ctrl+P: the receipt of the case on screen."""
        self.case_number = number
        self.setParent(parent)
        self.print_document("receipt")

    def print_document(self, kind: str) -> None:
        number = self.case_number
        if number is None:
            return
        out = self.choose_file(kind, number)
        if out is None:
            return
        townships, actor = self.session.townships, self.session.actor

        def work(ctx: Any) -> Path:
            from intake.printing.render import write_pdf
            from intake.printing.source import printable_case, record_prints

            case = printable_case(ctx.store, number, townships)
            written = write_pdf(kind, case, out)
            record_prints(ctx.store, [number], kind, actor)
            return Path(written)

        Task(self, work).on_success(lambda path: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))) \
            .with_progress(f"正在生成{DOCUMENTS[kind]}…").start()
