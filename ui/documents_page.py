"""Wizard step 2: the documents the applicant brought — a list on the left, the selected document's
form and scanned pages on the right."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from intake import ids
from intake.errors import IdentifierError
from intake.forms import APPLICANT_ID_FIELDS, APPLICANT_NAME_FIELDS, document_class, document_record
from intake.models.documents import DOCUMENT_LABELS, DOCUMENT_TYPES
from intake.rules.townships import Townships
from ui import messages
from ui.labels import field_label
from ui.record_form import RecordForm
from ui.scan_pages import ScanPages
from ui.township_input import TownshipInput


class _FormArea(QScrollArea):
    """A document's form at its full height when the window has room (the scans give way first),
    scrolling when it has not — a 768-pixel screen with every field showing its message: without
    it the tallest document ever added would push the wizard's buttons off the screen."""

    def __init__(self, form: RecordForm) -> None:
        super().__init__()
        self.setObjectName("form_area")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidget(form)
        form.changed.connect(self.updateGeometry)  # a message or a township's name came or went

    def sizeHint(self) -> QSize:
        inner = self.widget().sizeHint()
        return QSize(inner.width(), inner.height() + 2 * self.frameWidth())

    def minimumSizeHint(self) -> QSize:
        """A few rows at least; a short form (an ID card's two fields) no taller than itself."""
        return QSize(0, min(80, self.sizeHint().height()))


class DocumentEditor(QWidget):
    """One document: its form above, its scanned pages below."""

    def __init__(self, doc_type: str, townships: Townships | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc_type = doc_type
        self.form = RecordForm(document_class(doc_type), doc_type, townships=townships)
        self.scans = ScanPages()
        title = QLabel(DOCUMENT_LABELS[doc_type])
        title.setStyleSheet("font-size: 13pt; font-weight: bold;")
        pages = QGroupBox("扫描件")
        box = QVBoxLayout(pages)
        box.addWidget(self.scans)
        form_area = _FormArea(self.form)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(form_area)
        layout.addWidget(pages, 1)

    def record(self) -> dict[str, Any]:
        return document_record(self.doc_type, self.form.values())


class DocumentsPage(QWidget):
    """Add, select and remove documents; ``changed`` fires on every edit so the decision follows."""

    changed = Signal()

    def __init__(self, townships: Townships | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.townships = townships  # township codes are picked from it by name
        self.editors: list[DocumentEditor] = []
        self.applicant_id = ""
        self.applicant_name = ""
        self.type_picker = QComboBox()
        self.type_picker.setObjectName("type_picker")
        for doc_type in DOCUMENT_TYPES:
            self.type_picker.addItem(DOCUMENT_LABELS[doc_type], doc_type)
        add = QPushButton("添加证件(&A)")
        add.setObjectName("add_document")
        add.clicked.connect(lambda: self.add_document(self.type_picker.currentData()))
        self.list = QListWidget()
        self.list.setObjectName("document_list")
        self.list.currentRowChanged.connect(self._select)
        remove = QPushButton("删除所选证件(&D)…")
        remove.setObjectName("remove_document")
        remove.clicked.connect(self._remove_current)
        left = QWidget()
        lbox = QVBoxLayout(left)
        lbox.setContentsMargins(0, 0, 0, 0)
        lbox.addWidget(QLabel("证件类型(&T)", buddy=self.type_picker))
        row = QHBoxLayout()
        row.addWidget(self.type_picker, 1)
        row.addWidget(add)
        lbox.addLayout(row)
        lbox.addWidget(QLabel("已收取的证件(&L)", buddy=self.list))
        lbox.addWidget(self.list, 1)
        lbox.addWidget(remove)
        self.stack = QStackedWidget()
        self.empty = QLabel("请在左侧选择证件类型并点击“添加证件”。")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.empty)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 700])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    def set_applicant(self, id_number: str, name: str) -> None:
        """Remembers who applies, normalised when valid, for prefilling new documents."""
        try:
            self.applicant_id = ids.validate_id_number(id_number)
        except IdentifierError:
            self.applicant_id = id_number
        self.applicant_name = name

    def add_document(self, doc_type: str, values: dict[str, Any] | None = None) -> DocumentEditor:
        """Adds a document, prefilled with the applicant's ID number and name where they must match."""
        editor = DocumentEditor(doc_type, self.townships)
        prefill: dict[str, Any] = {}
        if doc_type in APPLICANT_ID_FIELDS and self.applicant_id:
            field = APPLICANT_ID_FIELDS[doc_type]
            prefill[field] = [self.applicant_id] if field == "owner_id_numbers" else self.applicant_id
        if doc_type in APPLICANT_NAME_FIELDS and self.applicant_name:
            prefill[APPLICANT_NAME_FIELDS[doc_type]] = self.applicant_name
        editor.form.set_values({**prefill, **(values or {})})
        editor.form.changed.connect(self._edited)
        self.editors.append(editor)
        self.stack.addWidget(editor)
        self.list.addItem(DOCUMENT_LABELS[doc_type])
        self.list.setCurrentRow(len(self.editors) - 1)
        first = next((r.widget for r in editor.form.rows.values() if r.is_empty()), editor.form.first_input())
        if first is not None:
            first.setFocus()
        self.changed.emit()
        return editor

    def _edited(self) -> None:
        self._refresh_marks()
        self.changed.emit()

    def _refresh_marks(self) -> None:
        for i, editor in enumerate(self.editors):
            bad = any(editor.form.error_of(name) for name in editor.form.rows)
            self.list.item(i).setText(DOCUMENT_LABELS[editor.doc_type] + ("（待补全）" if bad else ""))

    def _select(self, row: int) -> None:
        self.stack.setCurrentWidget(self.editors[row] if 0 <= row < len(self.editors) else self.empty)

    def _remove_current(self) -> None:
        """Removes the selected document once the clerk confirms: what was typed and the pages
        added go with it."""
        row = self.list.currentRow()
        if row < 0:
            return
        label = self.list.item(row).text()
        if not messages.confirm(self, f"删除证件“{label}”？已填写的内容和添加的扫描页将一并删除。"):
            return
        editor = self.editors.pop(row)
        self.list.takeItem(row)
        self.stack.removeWidget(editor)
        editor.deleteLater()
        self.changed.emit()

    def records(self) -> list[dict[str, Any]]:
        return [editor.record() for editor in self.editors]

    def settle_township_names(self) -> None:
        """Every township box holding a name that only one township has takes its code."""
        for editor in self.editors:
            for row in editor.form.rows.values():
                if isinstance(row.widget, TownshipInput):
                    row.widget.settle()

    def pages(self) -> list[list[Path]]:
        """The scanned pages of each document, in document order."""
        return [list(editor.scans.pages) for editor in self.editors]

    def _locate(self, field: str) -> tuple[int, str] | None:
        """``documents[2].end`` → (2, "end"), for a document on the page."""
        if not field.startswith("documents[") or "]" not in field:
            return None
        index = int(field[10 : field.index("]")])
        if index >= len(self.editors):
            return None
        return index, field.split(".", 1)[1] if "." in field else ""

    def describe(self, field: str) -> str | None:
        """Where ``documents[2].end`` is, in the clerk's words: 第 3 份证件（劳动（聘用）合同）的合同终止日期."""
        found = self._locate(field)
        if found is None:
            return None
        index, name = found
        editor = self.editors[index]
        where = f"第 {index + 1} 份证件（{DOCUMENT_LABELS[editor.doc_type]}）"
        return f"{where}的{field_label(editor.doc_type, name)}" if name in editor.form.rows else where

    def show_error(self, field: str, message: str, select: bool = True) -> bool:
        """Places a message like ``documents[2].end`` under its field. With ``select`` (the clerk
        asked to go on) its document is selected and the field gets the focus; otherwise (while
        typing) only a document already on screen shows it, and an untouched empty field is left
        alone. False when the message was not placed."""
        found = self._locate(field)
        if found is None:
            return False
        index, name = found
        editor = self.editors[index]
        if select:
            self.list.setCurrentRow(index)
            editor.form.show_error(name, message)
            if name in editor.form.rows:
                editor.form.rows[name].widget.setFocus()
            return True
        if self.stack.currentWidget() is not editor:
            return False
        return editor.form.show_error(name, message, force=False)

    def focus_start(self) -> None:
        """Where the keyboard starts on this step: the selected document's first empty field, or
        the document type to add one."""
        editor = self.stack.currentWidget()
        if isinstance(editor, DocumentEditor):
            first = next((r.widget for r in editor.form.rows.values() if r.is_empty()), None)
            if first is not None:
                first.setFocus()
                return
        self.type_picker.setFocus()

    def focus_first_problem(self) -> None:
        """After ``validate``: selects the first document with a problem and focuses that field."""
        for i, editor in enumerate(self.editors):
            bad = next((r for n, r in editor.form.rows.items() if editor.form.error_of(n)), None)
            if bad is not None:
                self.list.setCurrentRow(i)
                bad.widget.setFocus()
                return

    def validate(self) -> bool:
        ok = True
        for editor in self.editors:
            ok = not editor.form.validate() and ok
        self._refresh_marks()
        return ok
