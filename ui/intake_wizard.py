"""The intake wizard: applicant → documents → decision → consent → print.

Every edit re-evaluates on the UI thread (the evaluator takes microseconds); the stored case is
written through the task helper when the clerk moves on to the decision, and consent is recorded
before anything is filed.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from intake import ids
from intake.casework import Saved, save_and_evaluate
from intake.errors import IdentifierError, IntakeError, InvalidInput
from intake.models.decision import Decision
from intake.models.parse import parse_application
from intake.store.search import SearchHit
from ui import messages
from ui.applicant_page import ApplicantPage
from ui.consent_page import ConsentPage
from ui.decision_panel import DecisionPanel
from ui.documents_page import DocumentsPage
from ui.labels import OUTCOME_LABELS
from ui.print_buttons import PrintButtons
from ui.print_page import PrintPage
from ui.session import Session
from ui.task import Task

if TYPE_CHECKING:
    from intake.store.cases import CaseView

STEPS = ("申请人", "证件", "评估结果", "申请人意愿", "打印")


class IntakeWizard(QWidget):
    """One case from first entry to print; ``finished`` fires when the clerk closes it."""

    finished = Signal()
    case_changed = Signal(str)  # the number of a case that was written
    title_changed = Signal(str)  # where the clerk is, for the window title

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.case_number: str | None = None
        self.decision: Decision | None = None
        self.applicant = ApplicantPage(session.county, session.hall_name())
        self.documents = DocumentsPage(session.townships)
        self.panel = DecisionPanel(session.pack_name)
        self.consent = ConsentPage(session)
        self.printing = PrintPage(session)
        self.applicant.changed.connect(self.reevaluate)
        self.applicant.applicant.changed.connect(self._look_for_earlier_cases)
        self._looked_up: str | None = None
        self.documents.changed.connect(self.reevaluate)
        self.consent.recorded.connect(self._consent_recorded)
        self.steps = QStackedWidget()
        for page in (self.applicant, self.documents, self.panel, self.consent, self.printing):
            self.steps.addWidget(page)
        self.step_labels = [QLabel(f"{i + 1}. {name}") for i, name in enumerate(STEPS)]
        header = QHBoxLayout()
        self.case_label = QLabel("新案件（尚未保存）")
        self.case_label.setObjectName("case_label")
        header.addWidget(self.case_label)
        header.addStretch()
        for label in self.step_labels:
            header.addWidget(label)
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.back = QPushButton("上一步(&B)")
        self.back.setObjectName("back")
        self.back.clicked.connect(self.go_back)
        self.next = QPushButton("下一步(&N)")
        self.next.setObjectName("next")
        self.next.setDefault(True)
        self.next.clicked.connect(self.go_next)
        close = QPushButton("关闭案件(&W)")
        close.setObjectName("close_case")
        close.clicked.connect(self.close_case)
        self.print_buttons = PrintButtons(session)  # receipt, notice, form: from the saved decision on
        self.print_buttons.hide()
        footer = QHBoxLayout()
        footer.addWidget(self.summary, 1)
        footer.addWidget(self.print_buttons)
        footer.addWidget(close)
        footer.addWidget(self.back)
        footer.addWidget(self.next)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.steps, 1)
        layout.addLayout(footer)
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.reevaluate)
        self._show_step(0)
        self._stored = self._snapshot()

    def load_case(self, view: "CaseView") -> None:
        """Continues a stored case: its application on the pages, its stored scans as thumbnails
        (read on the worker)."""
        data = view.application.model_dump(mode="json")
        self.case_number = view.number
        self.case_label.setText(f"案件编号：{view.number}")
        self.applicant.load(data)
        self.documents.set_applicant(self.applicant.applicant_id(), self.applicant.applicant_name())
        editors = []
        for record, stored in zip(data["documents"], view.documents):
            values = {k: v for k, v in record.items() if k != "type"}
            editor = self.documents.add_document(record["type"], values)
            editor.scans.set_stored(stored.pages)
            editors.append(editor)
        if editors:
            self.documents.list.setCurrentRow(0)
        self.reevaluate()
        self._show_step(1)
        self._stored = self._snapshot()
        wanted = [page.sha256 for doc in view.documents for page in doc.pages]
        if wanted:
            Task(self, lambda ctx: {sha: ctx.store.pages.thumbnail(sha) for sha in wanted}) \
                .on_success(lambda thumbs: [e.scans.show_thumbnails(thumbs) for e in editors]).start()

    def _look_for_earlier_cases(self) -> None:
        """Once the applicant's ID number is whole and valid, looks up the hall's other cases of it
        (on the worker; read-only)."""
        try:
            number = ids.validate_id_number(self.applicant.applicant_id())
        except IdentifierError:
            number = None
        if number == self._looked_up:
            return
        self._looked_up = number
        if number is None:
            self.applicant.show_earlier_cases([])
            return

        own = self.case_number  # read here: the worker never touches the wizard

        def earlier(ctx: Any) -> list[SearchHit]:
            return [hit for hit in ctx.store.search(number, limit=10).hits if hit.case != own]

        def show(hits: list[SearchHit]) -> None:
            if self._looked_up == number:  # the clerk may have typed on meanwhile
                self.applicant.show_earlier_cases(hits)

        Task(self, earlier, read_only=True).on_success(show).start()

    # -- leaving ----------------------------------------------------------------------------

    def _snapshot(self) -> str:
        """What is on screen, to compare with what is stored: the application and the new scans."""
        pages = [[str(path) for path in doc] for doc in self.documents.pages()]
        return json.dumps([self.application_data(), pages], ensure_ascii=False, sort_keys=True, default=str)

    def has_unsaved_changes(self) -> bool:
        return self._snapshot() != self._stored

    def may_leave(self) -> bool:
        """True when nothing typed would be lost, or the clerk agrees to lose it."""
        return not self.has_unsaved_changes() or messages.confirm(
            self, "本案件有尚未保存的内容（未点“保存并评估”），离开本案件后将丢失。确定离开吗？")

    def close_case(self) -> None:
        if self.may_leave():
            self.finished.emit()

    # -- navigation --------------------------------------------------------------------------

    def step(self) -> int:
        return self.steps.currentIndex()

    def title(self) -> str:
        """``新建案件（1. 申请人）`` or ``案件 350502001-2017-000042（3. 评估结果）``."""
        case = f"案件 {self.case_number}" if self.case_number else "新建案件"
        return f"{case}（{self.step() + 1}. {STEPS[self.step()]}）"

    def _show_step(self, index: int) -> None:
        self.steps.setCurrentIndex(index)
        self.title_changed.emit(self.title())
        for i, label in enumerate(self.step_labels):
            label.setStyleSheet("font-weight: bold; color: #0d47a1;" if i == index else "color: #757575;")
        self.back.setEnabled(0 < index < 4)  # the wish recorded (step 5), the decision it rests on stands
        self.next.setVisible(index < 3)
        self.next.setText("保存并评估(&N)" if index == 1 else "下一步(&N)")
        saved = index >= 2 and self.case_number is not None
        self.print_buttons.set_case(self.case_number if saved else None,
                                    self.decision.outcome if self.decision else None)
        self.print_buttons.setVisible(saved)
        if index == 1:
            self.documents.set_applicant(self.applicant.applicant_id(), self.applicant.applicant_name())
            self.documents.focus_start()
        elif index == 0:
            self.applicant.date.setFocus()
            self.applicant.date.selectAll()  # typing replaces today's date
        elif index == 2:
            self.next.setFocus()
        elif index == 3:
            self.consent.set_case(self.case_number, self.decision)
        elif index == 4:
            self.printing.set_case(self.case_number, self.consent.wish())
            self.print_buttons.focus_first()

    def go_back(self) -> None:
        if 0 < self.step() < 4:
            self._show_step(self.step() - 1)

    def go_next(self) -> None:
        step = self.step()
        if step == 0:
            if self.applicant.validate():
                self._show_step(1)
            else:
                self.applicant.focus_first_problem()
        elif step == 1:
            self.documents.settle_township_names()  # 开元 typed and saved at once: as if left with Tab
            if not self.documents.validate():
                self.documents.focus_first_problem()
            elif self.reevaluate(place=True) is not None:
                self._save_and_evaluate()
        elif step == 2:
            if self.case_number is not None:
                self._show_step(3)

    # -- evaluation --------------------------------------------------------------------------

    def application_data(self) -> dict[str, Any]:
        return {**self.applicant.data(), "documents": self.documents.records()}

    def reevaluate(self, place: bool = False) -> Decision | None:
        """Evaluates what is on screen now; shows the decision, or why it cannot be evaluated.

        A problem is shown under its field only if that field is on screen, or with ``place`` (the
        clerk asked to go on): then its document is selected and its field gets the focus. Never
        while typing — switching documents then would leave the keyboard in a hidden form."""
        data = self.application_data()
        try:
            app = parse_application(data)
            rules = self.session.evaluator.rules_for(app)
            decision = self.session.evaluator.decide(app)
        except InvalidInput as e:
            self.decision = None
            where = e.field or ""
            if not self.applicant.show_error(where, e.message, force=place):
                self.documents.show_error(where, e.message, select=place)
            location = self.applicant.describe(where) or self.documents.describe(where)
            text = f"暂不能评估：{location}：{e.message}" if location else f"暂不能评估：{e.message}"
            self.panel.show_message(text)
            self.summary.setText(text)
            return None
        self.decision = decision
        self.panel.show_decision(decision, rules)
        extra = f"，还缺 {len(decision.missing)} 项材料" if decision.missing else ""
        self.summary.setText(f"当前评估：{OUTCOME_LABELS[decision.outcome]}{extra}")
        return decision

    # -- store ------------------------------------------------------------------------------

    def _save_and_evaluate(self) -> None:
        """Creates or updates the case, attaches new scans and stores the decision, off the UI thread."""
        data = self.application_data()
        pages = self.documents.pages()
        number, actor, evaluator = self.case_number, self.session.actor, self.session.evaluator

        saving = self._snapshot()
        created: list[str] = []  # a new case's number, known as soon as it is filed

        def work(ctx: Any) -> Any:
            return save_and_evaluate(ctx.store, evaluator, number, data, pages, actor, created.append)

        self.next.setEnabled(False)
        Task(self, work).on_success(lambda saved: self._saved(saved, saving)) \
            .on_failure(lambda exc: self._save_failed(exc, created)).with_progress("正在保存…").start()

    def _saved(self, saved: Saved, snapshot: str) -> None:
        self.next.setEnabled(True)
        self._stored = snapshot
        self.case_number = saved.case
        self.decision = saved.decision
        self.case_label.setText(f"案件编号：{saved.case}")
        if saved.written:
            self.case_changed.emit(saved.case)
        self._show_step(2)
        self.next.setFocus()

    def _save_failed(self, exc: BaseException, created: list[str]) -> None:
        self.next.setEnabled(True)
        if created and self.case_number is None:  # filed before the failure: the next save edits it
            self.case_number = created[0]
            self.case_label.setText(f"案件编号：{created[0]}")
            self.case_changed.emit(created[0])
        if isinstance(exc, IntakeError) and exc.field:
            if self.applicant.show_error(exc.field, exc.message) or \
                    self.documents.show_error(exc.field, exc.message, select=True):
                messages.error(self, exc.message)
                return
        messages.failure(self, exc)

    def _consent_recorded(self, number: str) -> None:
        self.case_changed.emit(number)
        self._show_step(4)
