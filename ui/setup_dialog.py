"""First run: choose the hall (county and township from the registry) and create the first
administrator account."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from intake.first_run import complete_setup, registry_counties
from intake.rules.townships import Townships
from ui import messages
from ui.task import Task


class SetupDialog(QDialog):
    """Accepts once the hall and the admin are stored; ``actor`` is then the signed-in admin."""

    def __init__(self, townships: Townships, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("落户受理 — 首次使用设置")
        self.townships = townships
        self.actor: Any = None
        self.county = QComboBox()
        self.county.setObjectName("county")
        for code in registry_counties(townships):
            towns = townships.in_county(code)
            self.county.addItem(f"{code}（{towns[0].name}等 {len(towns)} 个乡镇街道）", code)
        self.township = QComboBox()
        self.township.setObjectName("township")
        self.county.currentIndexChanged.connect(self._fill_townships)
        self.admin = QLineEdit("admin")
        self.admin.setObjectName("admin")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setObjectName("repeat")
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(QLabel("县（区）(&C)", buddy=self.county), self.county)
        form.addRow(QLabel("本服务大厅所在乡镇（街道）(&T)", buddy=self.township), self.township)
        form.addRow(QLabel("管理员用户名(&U)", buddy=self.admin), self.admin)
        form.addRow(QLabel("管理员密码(&P)（至少 8 位）", buddy=self.password), self.password)
        form.addRow(QLabel("再次输入密码(&R)", buddy=self.repeat), self.repeat)
        intro = QLabel("欢迎使用落户受理。请选择本服务大厅所在的乡镇（街道），并设置管理员账户。"
                       "管理员登录后可在“设置”中为窗口工作人员和审核人建立账户。")
        intro.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton("完成设置", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("退出", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._fill_townships()
        self.resize(640, 320)

    def _fill_townships(self) -> None:
        self.township.clear()
        for town in self.townships.in_county(self.county.currentData() or ""):
            note = "" if town.public_address else "（未配置公共集体户地址）"
            self.township.addItem(f"{town.name} {town.code}{note}", town.code)

    def _submit(self) -> None:
        if self.password.text() != self.repeat.text():
            messages.error(self, "两次输入的密码不一致。")
            return
        townships, code = self.townships, self.township.currentData() or ""
        admin, password = self.admin.text(), self.password.text()
        self.ok.setEnabled(False)
        Task(self, lambda ctx: complete_setup(ctx.store, townships, code, admin, password)) \
            .on_success(self._done).on_failure(self._failed).start()

    def _done(self, actor: Any) -> None:
        self.actor = actor
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.ok.setEnabled(True)
        messages.failure(self, exc)

