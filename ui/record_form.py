"""A form for one record (a document, the applicant, a family member), built from the model's
fields, validating each field as the clerk types with the model's own validators; township codes
are picked by name from the registry (``TownshipInput``) when the form is given it."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from intake.forms import FieldSpec, field_error, field_specs
from intake.rules.townships import Townships
from ui.labels import FIELD_HINTS, choice_label, field_label
from ui.township_input import TownshipInput

_LIST_SPLIT = re.compile(r"[,，、;；\s]+")


class FieldRow:
    """One input and the message under it."""

    def __init__(self, spec: FieldSpec, doc_type: str | None, townships: Townships | None = None) -> None:
        self.spec = spec
        self.widget = _make_input(spec, doc_type, townships)
        self.note = self.widget.note if isinstance(self.widget, TownshipInput) else None
        self.widget.setObjectName(spec.name)
        self.message = QLabel()
        self.message.setObjectName(f"{spec.name}_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b71c1c;")
        self.message.hide()

    def value(self) -> Any:
        w = self.widget
        if isinstance(w, QComboBox):
            return w.currentData()
        if isinstance(w, QSpinBox):
            return w.value()
        text = w.text()
        if self.spec.kind == "list":
            return [part for part in _LIST_SPLIT.split(text) if part]
        return text

    def set_value(self, value: Any) -> None:
        w = self.widget
        if isinstance(w, QComboBox):
            w.setCurrentIndex(max(w.findData(value), 0))
        elif isinstance(w, QSpinBox):
            w.setValue(int(value or 0))
        elif isinstance(value, list):
            w.setText("、".join(value))
        else:
            w.setText("" if value is None else str(value))

    def is_empty(self) -> bool:
        return isinstance(self.widget, QLineEdit) and not self.widget.text().strip()

    def show_message(self, text: str | None) -> None:
        self.message.setText(text or "")
        self.message.setVisible(bool(text))
        self.widget.setProperty("invalid", bool(text))
        self.widget.style().unpolish(self.widget)
        self.widget.style().polish(self.widget)


#: Township fields naming the place of employment: its public collective address is the last
#: registration address (二(四)), so the form says when the registry lacks it.
_WORKPLACE_FIELDS = frozenset({("labor_contract", "workplace_township"), ("business_license", "township")})


def _make_input(spec: FieldSpec, doc_type: str | None, townships: Townships | None) -> QWidget:
    if spec.kind == "township" and townships is not None:
        return TownshipInput(townships, workplace=(doc_type, spec.name) in _WORKPLACE_FIELDS)
    if spec.kind == "choice":
        combo = QComboBox()
        for value in spec.choices:
            combo.addItem(choice_label(value), value)
        return combo
    if spec.kind == "int":
        spin = QSpinBox()
        spin.setRange(spec.minimum or 0, spec.maximum if spec.maximum is not None else 9999)
        spin.setSuffix(" 个月" if spec.name == "months" else "")
        return spin
    edit = QLineEdit()
    if spec.kind == "date":
        edit.setPlaceholderText(FIELD_HINTS["date"] if spec.required else FIELD_HINTS["optional_date"])
    elif spec.kind == "list":
        edit.setPlaceholderText(FIELD_HINTS["list"])
    elif spec.name in FIELD_HINTS:
        edit.setPlaceholderText(FIELD_HINTS[spec.name])
    return edit


class RecordForm(QWidget):
    """Inputs for one model's fields; ``changed`` fires on every edit."""

    changed = Signal()

    def __init__(self, model: type[BaseModel], doc_type: str | None = None, parent: QWidget | None = None,
                 townships: Townships | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.doc_type = doc_type
        self.rows: dict[str, FieldRow] = {}
        self._touched: set[str] = set()
        layout = QFormLayout()
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for spec in field_specs(model):
            row = FieldRow(spec, doc_type, townships)
            self.rows[spec.name] = row
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(row.widget)
            if row.note is not None:
                box.addWidget(row.note)
            box.addWidget(row.message)
            label = field_label(doc_type, spec.name) + ("" if spec.required else "（选填）")
            title = QLabel(label)
            title.setBuddy(row.widget)
            layout.addRow(title, box)
            _connect(row, lambda *_args, name=spec.name: self._edited(name))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(layout)

    def _edited(self, name: str) -> None:
        self._touched.add(name)
        row = self.rows[name]
        # An empty required field is only flagged once the clerk has typed there or tries to go on;
        # a township's name being typed, once the box is left.
        quiet = (row.is_empty() and name not in self._touched) or (
            isinstance(row.widget, TownshipInput) and row.widget.typing_name())
        self.rows[name].show_message(None if quiet else self.error_of(name))
        self.changed.emit()

    def error_of(self, name: str) -> str | None:
        """Why the field's current value is not acceptable, or None."""
        return field_error(self.model, name, self.rows[name].value())

    def values(self) -> dict[str, Any]:
        return {name: row.value() for name, row in self.rows.items()}

    def set_values(self, values: dict[str, Any]) -> None:
        """Fills the form without flagging anything (a loaded case, a prefilled ID number)."""
        for name, value in values.items():
            if name in self.rows:
                row = self.rows[name]
                row.widget.blockSignals(True)
                row.set_value(value)
                row.widget.blockSignals(False)
                if isinstance(row.widget, TownshipInput):
                    row.widget.name_it(row.widget.text())
                row.show_message(self.error_of(name) if not row.is_empty() else None)
        self.changed.emit()

    def validate(self) -> dict[str, str]:
        """Shows every field's message, empty required ones included; returns them by field."""
        problems: dict[str, str] = {}
        for name, row in self.rows.items():
            message = self.error_of(name)
            row.show_message(message)
            if message:
                problems[name] = message
        return problems

    def show_error(self, name: str, message: str, force: bool = True) -> bool:
        """A message from a check across fields (``parse_application``), shown under the field;
        without ``force`` not under an empty field the clerk has not typed in yet. True if shown."""
        row = self.rows.get(name)
        if row is None or (not force and row.is_empty() and name not in self._touched):
            return False
        row.show_message(message)
        return True

    def first_input(self) -> QWidget | None:
        return next((row.widget for row in self.rows.values()), None)


def _connect(row: FieldRow, slot: Any) -> None:
    w = row.widget
    if isinstance(w, QComboBox):
        w.currentIndexChanged.connect(slot)
    elif isinstance(w, QSpinBox):
        w.valueChanged.connect(slot)
    else:
        w.textEdited.connect(slot)
    if isinstance(w, TownshipInput):
        w.left.connect(slot)
