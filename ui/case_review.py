"""One stored case: its decision, documents and history, and the steps the signed-in user may take
now — continue the intake, approve or reject (supervisor), record the settlement done (办结) once
approved, withdraw at the applicant's request."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from intake.ids import mask_id_number
from intake.printing.labels import TOWNSHIP_FIELDS, document_label, field_label, value_text
from intake.store.cases import CaseView
from intake.store.states import OPEN_STATES, STATE_LABELS
from intake.store.workflow import SUPERVISOR_ROLES
from ui import messages
from ui.decision_panel import DecisionPanel
from ui.page_viewer import Page, PageViewer
from ui.print_buttons import PrintButtons
from ui.session import Session
from ui.task import Task


class CaseReview(QWidget):
    """Shows a case; ``changed`` carries its number after a step, ``continue_intake`` the view."""

    changed = Signal(str)
    continue_intake = Signal(object)
    closed = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.view: CaseView | None = None
        self.viewer: PageViewer | None = None  # the last one opened (gone once closed)
        self.names: dict[str, str] = {}  # sign-in name → real name (``users.display_names``)
        self._printed_with: tuple[str, QWidget] | None = None  # the case and print button that just printed
        self.title = QLabel()
        self.title.setObjectName("review_title")
        self.title.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.panel = DecisionPanel(session.pack_name)
        self.documents = QListWidget()
        self.documents.setObjectName("review_documents")
        self.documents.currentRowChanged.connect(self._show_document)
        self.documents.itemActivated.connect(lambda _item: self._view_pages())
        self.document_detail = QTextBrowser()  # what the selected document says, to check before approving
        self.document_detail.setObjectName("review_document_detail")
        self.history = QListWidget()
        self.history.setObjectName("review_history")
        side = QWidget()
        sbox = QVBoxLayout(side)
        sbox.setContentsMargins(0, 0, 0, 0)
        sbox.addWidget(QLabel("证件与扫描页(&L)（↑↓ 选中查看内容，回车看扫描页）", buddy=self.documents))
        sbox.addWidget(self.documents, 1)
        self.view_pages = QPushButton("查看扫描页(&V)")
        self.view_pages.setObjectName("view_pages")
        self.view_pages.clicked.connect(self._view_pages)
        sbox.addWidget(self.view_pages)
        sbox.addWidget(self.document_detail, 1)
        sbox.addWidget(QLabel("办理记录"))
        sbox.addWidget(self.history, 1)
        splitter = QSplitter()
        splitter.addWidget(self.panel)
        splitter.addWidget(side)
        splitter.setSizes([800, 450])
        self.resume = QPushButton("继续受理(&E)")
        self.resume.setObjectName("resume")
        self.resume.clicked.connect(lambda: self.continue_intake.emit(self.view))
        self.approve = QPushButton("审核通过(&P)")
        self.approve.setObjectName("approve")
        self.approve.clicked.connect(self._approve)
        self.reject = QPushButton("驳回(&J)…")
        self.reject.setObjectName("reject")
        self.reject.clicked.connect(self._reject)
        self.complete = QPushButton("办结(&C)…")
        self.complete.setObjectName("complete")
        self.complete.clicked.connect(self._complete)
        self.withdraw = QPushButton("申请人撤回(&R)…")  # Alt+H prints the receipt
        self.withdraw.setObjectName("withdraw")
        self.withdraw.clicked.connect(self._withdraw)
        self.back = back = QPushButton("返回工作台(&W)")
        back.setObjectName("back_to_queue")
        back.clicked.connect(self.closed)
        buttons = QHBoxLayout()
        for button in (self.resume, self.approve, self.complete, self.reject, self.withdraw):
            buttons.addWidget(button)
        buttons.addStretch()
        self.print_buttons = PrintButtons(session)
        self.print_buttons.printed.connect(self._printed)
        buttons.addWidget(self.print_buttons)
        buttons.addWidget(back)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

    def load(self, number: str) -> None:
        """Reads the case, and who its steps' accounts are, on the worker and shows it."""
        def read(ctx: Any) -> tuple[CaseView, dict[str, str]]:
            return ctx.store.cases.get(number), ctx.store.users.display_names()

        def shown(both: tuple[CaseView, dict[str, str]]) -> None:
            self.names = both[1]
            self.show_case(both[0])

        Task(self, read).on_success(shown).start()

    def who(self, account: str) -> str:
        """An account as the history names it: 王芳（clerk1） once it has a real name."""
        full = self.names.get(account, account)
        return account if full == account else f"{full}（{account}）"

    def show_case(self, view: CaseView) -> None:
        self.view = view
        app = view.application
        self.title.setText(f"案件 {view.number}　{app.applicant.name}　{STATE_LABELS[view.state]}")
        if view.decision is not None:
            self.panel.show_decision(view.decision, self.session.evaluator.rules_for(app))
        else:
            self.panel.show_message("本案件尚未评估。")
        self.documents.clear()
        for doc in view.documents:
            self.documents.addItem(f"{doc.index + 1}. {doc.label}（扫描 {len(doc.pages)} 页）")
        if view.documents:
            self.documents.setCurrentRow(0)
        self._show_document(self.documents.currentRow())
        self.history.clear()
        for entry in view.history:
            self.history.addItem(history_line(entry, self.who(entry.actor)))
        supervisor = self.session.role in SUPERVISOR_ROLES
        self.resume.setVisible(view.state in ("draft", "evaluated"))
        self.approve.setVisible(supervisor and view.state == "consented")
        self.complete.setVisible(view.state == "approved")
        self.reject.setVisible(supervisor and view.state in OPEN_STATES)
        self.withdraw.setVisible(view.state in OPEN_STATES)
        decision = view.decision
        self.print_buttons.set_case(view.number if decision else None, decision.outcome if decision else None)
        self.print_buttons.setVisible(decision is not None)
        printed, self._printed_with = self._printed_with, None
        if printed is not None and printed[0] == view.number and printed[1].isVisibleTo(self):
            printed[1].setFocus()  # the page read again after a print: the keyboard stays where it was
        else:
            self.focus_start()

    def _show_document(self, row: int) -> None:
        """The selected document's fields as the filing form prints them."""
        documents = self.view.application.documents if self.view is not None else []
        stored = self.view.documents if self.view is not None else []
        self.view_pages.setEnabled(0 <= row < len(stored) and bool(stored[row].pages))
        if not 0 <= row < len(documents):
            self.document_detail.setPlainText("本案件没有证件。" if self.view is not None else "")
            return
        doc = documents[row]
        names = {code: town.name for code in _township_codes(doc) if (town := self.session.townships.get(code))}
        lines = [f"{document_label(doc.type)}"]
        lines += [f"{field_label(doc.type, name)}：{value_text(doc.type, name, _masked(name, value), names)}"
                  for name, value in doc if name != "type"]
        self.document_detail.setPlainText("\n".join(lines))

    def _view_pages(self) -> None:
        """The selected document's scanned pages at full size (to check them against its fields)."""
        row = self.documents.currentRow()
        if self.view is None or not 0 <= row < len(self.view.documents) or not self.view.documents[row].pages:
            return
        doc = self.view.documents[row]
        pages = [Page(f"{page.filename}（{page.added_at[:10]} {self.who(page.added_by)} 添加）", page.format,
                      sha256=page.sha256) for page in doc.pages]
        self.viewer = PageViewer(f"{doc.label}的扫描页", pages, 0, self)
        # Back to the documents, to check the next (after Qt has handed the focus back to the window).
        self.viewer.finished.connect(lambda: QTimer.singleShot(0, self.documents.setFocus))
        self.viewer.open()

    def focus_start(self) -> None:
        """The keyboard goes to the step the user most likely takes next."""
        for button in (self.approve, self.complete, self.resume):
            if button.isVisibleTo(self):
                button.setFocus()
                return
        if self.print_buttons.isVisibleTo(self):
            self.print_buttons.focus_first()
            return
        self.back.setFocus()

    def _printed(self, kind: str, _path: object) -> None:
        if self.view is not None:
            button = self.print_buttons.buttons.get(kind)
            self._printed_with = (self.view.number, button) if button is not None else None
            self.changed.emit(self.view.number)
            self.load(self.view.number)  # the print is in the history now

    def _step(self, work: Any) -> None:
        number = self.view.number if self.view else ""

        def done(_: Any) -> None:
            self.changed.emit(number)
            self.load(number)

        Task(self, work).on_success(done).start()

    def _approve(self) -> None:
        if self.view is None:
            return
        number, actor = self.view.number, self.session.actor
        self._step(lambda ctx: ctx.store.workflow.approve(number, actor))

    def _complete(self) -> None:
        if self.view is None:
            return
        number, actor = self.view.number, self.session.actor
        if not messages.confirm(self, f"确认案件 {number} 的落户已办理完毕？办结后不能再撤回或驳回。"):
            return
        self._step(lambda ctx: ctx.store.workflow.complete(number, actor))

    def _reject(self) -> None:
        if self.view is None:
            return
        reason = ""
        while not reason:  # a rejection without its reason is not taken: ask again, or cancel
            reason = messages.ask_text(self, "驳回案件", "请填写驳回理由（将告知申请人并记入办理记录）：")
            if reason is None:
                return
            if not reason:
                messages.error(self, "驳回必须填写理由，请重新填写（或点“取消”不驳回）。")
        number, actor = self.view.number, self.session.actor
        self._step(lambda ctx: ctx.store.workflow.reject(number, actor, reason))

    def _withdraw(self) -> None:
        if self.view is None:
            return
        reason = messages.ask_text(self, "申请人撤回", "撤回原因（可不填，例如“申请人本人要求撤回”）：")
        if reason is None:
            return  # cancelled; an empty reason is recorded as the applicant's own request
        number, actor = self.view.number, self.session.actor
        self._step(lambda ctx: ctx.store.workflow.withdraw(number, actor, reason))


def _masked(name: str, value: Any) -> Any:
    """ID numbers masked, as in every list: the full number is shown only when asked for (audited)."""
    if "id_number" not in name:
        return value
    return [mask_id_number(v) for v in value] if isinstance(value, list) else mask_id_number(value)


def _township_codes(doc: Any) -> list[str]:
    return [value for name, value in doc if name in TOWNSHIP_FIELDS and value]


def history_line(entry: Any, who: str) -> str:
    """One line of the history list: when, who, what."""
    return f"{entry.at[:16].replace('T', ' ')}　{who}　{entry.label}{_detail(entry)}"


def _detail(entry: Any) -> str:
    """What a history line adds to its label: a reason, or which document was printed."""
    detail = entry.detail
    if detail.get("reason"):
        return f"：{detail['reason']}"
    if entry.action == "print" and detail.get("document"):
        from ui.print_buttons import DOCUMENTS

        return f"（{DOCUMENTS.get(detail['document'], detail['document'])}）"
    return ""
