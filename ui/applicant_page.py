"""Wizard step 1: the application itself — date, kind, the applicant and the family who may follow."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from intake.divisions import county_name
from intake.forms import field_error
from intake.models.application import Applicant, Application, FamilyMember
from intake.store.search import SearchHit
from intake.store.states import STATE_LABELS
from ui.labels import CHOICE_LABELS, field_label
from ui.record_form import RecordForm

APPLICATION_KINDS = ("settle", "student_collective", "return_to_origin")


class FamilyRow(QWidget):
    """One family member: relation, ID number, name, and a remove button."""

    removed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = RecordForm(FamilyMember)
        remove = QPushButton("删除")
        remove.setObjectName("remove_member")
        remove.clicked.connect(lambda: self.removed.emit(self))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.form, 1)
        layout.addWidget(remove)


class ApplicantPage(QWidget):
    """Inputs for everything in the application except the documents."""

    changed = Signal()

    def __init__(self, county: str, hall_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.county = county
        self.date = QLineEdit(dt.date.today().isoformat())
        self.date.setObjectName("application_date")
        self.date.setPlaceholderText("例如 2017-06-01")
        self.date_message = QLabel()
        self.date_message.setStyleSheet("color: #b71c1c;")
        self.date_message.hide()
        self.date.textEdited.connect(self._date_edited)
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        for kind in APPLICATION_KINDS:
            self.kind.addItem(CHOICE_LABELS[kind], kind)
        self.kind.currentIndexChanged.connect(lambda _i: self.changed.emit())
        top = QFormLayout()
        top.addRow(_buddy("申请日期(&D)", self.date), _stack(self.date, self.date_message))
        top.addRow(_buddy("申请类型(&K)", self.kind), self.kind)
        name = county_name(county)
        jurisdiction = QLabel(f"{name}（县（区）代码 {county}）" if name else f"县（区）代码 {county}（{hall_name}所在县（区））")
        jurisdiction.setObjectName("jurisdiction")
        top.addRow("受理辖区", jurisdiction)

        self.applicant = RecordForm(Applicant)
        self.applicant.setObjectName("applicant")
        self.applicant.changed.connect(self.changed)
        self.rural = QCheckBox("户口簿登记为农业户口（仅用于统计，不影响是否符合条件）")
        self.rural.setObjectName("rural_origin")
        self.rural.toggled.connect(lambda _on: self.changed.emit())
        self.earlier = QLabel()
        self.earlier.setObjectName("earlier_cases")
        self.earlier.setWordWrap(True)
        self.earlier.setStyleSheet("color: #8a5a00;")
        self.earlier.hide()
        person = QGroupBox("申请人")
        box = QVBoxLayout(person)
        box.addWidget(self.applicant)
        box.addWidget(self.earlier)
        box.addWidget(self.rural)

        self.family_box = QVBoxLayout()
        self.members: list[FamilyRow] = []
        add = QPushButton("添加随迁家庭成员(&F)")
        add.setObjectName("add_member")
        add.clicked.connect(self.add_member)
        family = QGroupBox("随迁家庭成员（配偶、子女、父母；没有可不填）")
        fbox = QVBoxLayout(family)
        fbox.addLayout(self.family_box)
        fbox.addWidget(add)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(person)
        layout.addWidget(family)
        layout.addStretch()

    def show_earlier_cases(self, hits: list[SearchHit]) -> None:
        """The hall's other cases of this applicant, so a second application is a choice, not an
        accident (the county flags one person in two townships; within a hall the clerk sees it here)."""
        listed = "、".join(f"{hit.case}（{STATE_LABELS[hit.state]}）" for hit in hits)
        self.earlier.setText(f"注意：本厅已有该身份号码的案件 {listed}。请先核实，避免重复受理。" if hits else "")
        self.earlier.setVisible(bool(hits))

    def _date_edited(self) -> None:
        message = field_error(Application, "application_date", self.date.text())
        self.date_message.setText(message or "")
        self.date_message.setVisible(bool(message))
        self.changed.emit()

    def add_member(self) -> FamilyRow:
        row = FamilyRow()
        row.removed.connect(self._remove_member)
        row.form.changed.connect(self.changed)
        self.members.append(row)
        self.family_box.addWidget(row)
        first = row.form.first_input()
        if first is not None:
            first.setFocus()
        self.changed.emit()
        return row

    def _remove_member(self, row: FamilyRow) -> None:
        self.members.remove(row)
        row.deleteLater()
        self.changed.emit()

    def data(self) -> dict[str, Any]:
        """The application's own fields and family, as the JSON contract names them."""
        person = self.applicant.values()
        applicant: dict[str, Any] = {"id_number": person["id_number"].strip(), "name": person["name"].strip()}
        if person["phone"].strip():
            applicant["phone"] = person["phone"].strip()
        if self.rural.isChecked():
            applicant["rural_origin"] = True
        family = [
            {k: (v.strip() if isinstance(v, str) else v) for k, v in m.form.values().items()}
            for m in self.members
        ]
        return {
            "application_date": self.date.text().strip(),
            "jurisdiction": self.county,
            "kind": self.kind.currentData(),
            "applicant": applicant,
            "family": family,
        }

    def load(self, data: dict[str, Any]) -> None:
        """Fills the page from a stored application."""
        self.date.setText(data.get("application_date", ""))
        self.kind.setCurrentIndex(max(self.kind.findData(data.get("kind", "settle")), 0))
        applicant = data.get("applicant", {})
        self.applicant.set_values(applicant)
        self.rural.setChecked(bool(applicant.get("rural_origin")))
        for member in data.get("family", []):
            self.add_member().form.set_values(member)

    def validate(self) -> bool:
        """Shows every problem on the page; True when there is none."""
        self._date_edited()
        ok = not self.date_message.isVisible()
        ok = not self.applicant.validate() and ok
        for member in self.members:
            ok = not member.form.validate() and ok
        return ok

    def show_error(self, field: str, message: str, force: bool = True) -> bool:
        """Places a message from ``parse_application`` (``applicant.name``, ``family[1].id_number``);
        without ``force`` (while typing) not under an empty field the clerk has not reached yet."""
        if field == "application_date":
            self.date_message.setText(message)
            self.date_message.show()
            return True
        if field.startswith("applicant."):
            return self.applicant.show_error(field.split(".", 1)[1], message, force)
        if field.startswith("family[") and "]" in field:
            index = int(field[7 : field.index("]")])
            if index < len(self.members) and "." in field:
                return self.members[index].form.show_error(field.split(".", 1)[1], message, force)
        return False

    def focus_first_problem(self) -> None:
        """After ``validate``: the keyboard goes to the first field with a message."""
        if self.date_message.isVisible():
            self.date.setFocus()
            return
        for form in (self.applicant, *(m.form for m in self.members)):
            bad = next((r for n, r in form.rows.items() if form.error_of(n)), None)
            if bad is not None:
                bad.widget.setFocus()
                return

    def describe(self, field: str) -> str | None:
        """Where ``applicant.name`` or ``family[1].id_number`` is, in the clerk's words."""
        if field == "application_date":
            return "申请日期"
        if field.startswith("applicant."):
            return f"申请人的{field_label(None, field.split('.', 1)[1])}"
        if field.startswith("family[") and "]" in field:
            index = int(field[7 : field.index("]")])
            name = field.split(".", 1)[1] if "." in field else ""
            return f"第 {index + 1} 位随迁家庭成员" + (f"的{field_label(None, name)}" if name else "")
        return None

    def applicant_id(self) -> str:
        return str(self.applicant.values()["id_number"]).strip()

    def applicant_name(self) -> str:
        return str(self.applicant.values()["name"]).strip()


def _buddy(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label


def _stack(*widgets: QWidget) -> QVBoxLayout:
    box = QVBoxLayout()
    box.setSpacing(2)
    for w in widgets:
        box.addWidget(w)
    return box
