"""Printing from the desk: a case's receipt, one-time notice and filing form, and the batch of a
day's receipts. Each is written as a PDF on the worker (``intake.printing``), recorded in the
case's history, then opened in the PDF viewer, whose print dialog sends it to the counter's printer.

The file and folder choices and the opening are attributes a test replaces.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QStandardPaths, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from ui import desk_config, file_dialogs, messages
from ui.session import Session
from ui.task import Task

if TYPE_CHECKING:
    from intake.printing.batch import BatchResult

DOCUMENTS = {"receipt": "受理回执", "notice": "一次性告知书", "form": "落户申请登记表"}
#: Alt+letter for each button: 回执 huízhí, 告知 gàozhī, 登记 dēngjì.
MNEMONICS = {"receipt": "H", "notice": "G", "form": "D"}


def default_folder() -> Path:
    """Where printed PDFs go unless the clerk chose another folder before: 文档/落户受理打印."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = desk_config.folder("prints", Path(documents or Path.home()) / "落户受理打印")
    try:
        folder.mkdir(parents=True, exist_ok=True)  # else the dialog opens wherever Qt last was (the scans)
    except OSError:
        pass  # the dialog then starts wherever Qt chooses
    return folder


def open_pdf(parent: QWidget, path: Path) -> None:
    """Opens the PDF in the system's viewer; says where it is when there is none."""
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        messages.info(parent, f"已生成 {path}。本机没有可打开 PDF 的程序，请用 PDF 阅读器打开后打印。")


class PrintButtons(QWidget):
    """One button per printed document of the case on screen; the one-time notice only for an
    incomplete decision. ``printed`` carries the document kind and the file written."""

    printed = Signal(str, object)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.case_number: str | None = None
        self.outcome: str | None = None
        self.choose_file = self._choose_file
        self.open_file = open_pdf
        self.buttons: dict[str, QPushButton] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for kind, label in DOCUMENTS.items():
            button = QPushButton(f"打印{label}(&{MNEMONICS[kind]})")
            button.setObjectName(f"print_{kind}")
            button.clicked.connect(lambda _c=False, k=kind: self.print_document(k))
            layout.addWidget(button)
            self.buttons[kind] = button
        self.set_case(None, None)

    def set_case(self, number: str | None, outcome: str | None) -> None:
        """The case the buttons print, and its outcome (the notice is for ``incomplete`` only)."""
        self.case_number, self.outcome = number, outcome
        for kind, button in self.buttons.items():
            button.setEnabled(number is not None)
            button.setVisible(kind != "notice" or outcome == "incomplete")

    def focus_first(self) -> None:
        """Puts the keyboard on the document the clerk most likely prints now."""
        first = "notice" if self.outcome == "incomplete" else "receipt"
        self.buttons[first].setFocus()

    def _choose_file(self, kind: str, number: str) -> Path | None:
        suggested = default_folder() / f"{number}-{DOCUMENTS[kind]}.pdf"
        name = file_dialogs.save_file(self, f"保存{DOCUMENTS[kind]}", suggested, "PDF 文件 (*.pdf)")
        return Path(name) if name else None

    def print_document(self, kind: str) -> Task[Path] | None:
        """Asks where to save, then writes, records and opens the document on the worker."""
        number = self.case_number
        if number is None:
            return None
        out = self.choose_file(kind, number)
        if out is None:
            return None
        desk_config.remember(prints_folder=str(out.parent))
        townships, actor = self.session.townships, self.session.actor

        def work(ctx: Any) -> Path:
            from intake.printing.render import write_pdf
            from intake.printing.source import printable_case, record_prints

            case = printable_case(ctx.store, number, townships)
            written = write_pdf(kind, case, out)  # type: ignore[arg-type]
            record_prints(ctx.store, [number], kind, actor)
            return Path(written)

        def done(path: Path) -> None:
            self.printed.emit(kind, path)
            self.open_file(self, path)

        return Task(self, work).on_success(done).with_progress(f"正在生成{DOCUMENTS[kind]}…").start()


def choose_batch_file(parent: QWidget, day: dt.date) -> Path | None:
    suggested = default_folder() / f"受理回执-{day.isoformat()}.pdf"
    name = file_dialogs.save_file(parent, "保存当日受理回执", suggested, "PDF 文件 (*.pdf)")
    return Path(name) if name else None


def print_day_receipts(parent: QWidget, session: Session, day: dt.date, out: Path,
                       opener: Any = open_pdf) -> Task["BatchResult"]:
    """Every receipt of the cases received on ``day``, one per page in one PDF, with progress and
    cancel; each printed case's history records it. An empty day says so instead."""
    desk_config.remember(prints_folder=str(out.parent))
    townships, actor = session.townships, session.actor

    def work(ctx: Any) -> "BatchResult":
        from intake.printing.batch import print_receipts
        from intake.printing.source import cases_received_on, record_prints

        cases = cases_received_on(ctx.store, day, townships)
        ctx.progress(0, len(cases), f"共 {len(cases)} 份回执")
        result = print_receipts(cases, out, one_file=True, progress=ctx.progress, cancel=ctx.token)
        if result.outputs:
            record_prints(ctx.store, [c.number for c in cases], "receipt", actor)
        return result

    def done(result: "BatchResult") -> None:
        if not result.outputs:
            messages.info(parent, f"{day.isoformat()} 没有已评估的案件，没有可打印的回执。")
            return
        opener(parent, result.outputs[0])

    return Task(parent, work).on_success(done).with_progress("正在打印当日受理回执…").start()
