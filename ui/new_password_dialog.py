"""Right after signing in with a password an administrator set (重置密码): the clerk chooses their
own before working, so no one else knows the password their steps are recorded under."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from intake.errors import IntakeError
from ui import enter_key, messages
from ui.task import Task


class NewPasswordDialog(QDialog):
    """Accepts once the new password is stored; 取消 goes back to the sign-in without working."""

    def __init__(self, actor: Any, current: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("落户受理 — 设置新密码")
        self._actor, self._current = actor, current
        self.new = QLineEdit(objectName="new_password")
        self.repeat = QLineEdit(objectName="repeat_password")
        for edit in (self.new, self.repeat):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel(objectName="new_password_message", wordWrap=True)
        self.message.setStyleSheet("color: #b71c1c;")
        intro = QLabel(f"{actor.name}：您的密码由管理员设置，请先设置只有您本人知道的新密码（至少 8 位）。",
                       wordWrap=True)
        form = QFormLayout()
        form.addRow(QLabel("新密码(&W)", buddy=self.new), self.new)
        form.addRow(QLabel("再次输入(&R)", buddy=self.repeat), self.repeat)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton("确定", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setDefault(True)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)  # back to the sign-in
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(460, 200)
        self.new.setFocus()
        self._saving = False

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if not enter_key.submitted(event, self._submit):
            super().keyPressEvent(event)

    def _submit(self) -> None:
        if self._saving:
            return
        new, repeat = self.new.text(), self.repeat.text()
        if new != repeat:
            self._again("两次输入的密码不一致，请重新输入。")
            return
        self._saving = True
        actor, current = self._actor, self._current
        Task(self, lambda ctx: ctx.store.users.change_password(actor.name, current, new, actor)) \
            .on_success(lambda _: self.accept()).on_failure(self._failed).start()

    def _failed(self, exc: BaseException) -> None:
        self._saving = False
        if isinstance(exc, IntakeError):
            self._again(exc.message)
            return
        messages.failure(self, exc)

    def _again(self, message: str) -> None:
        self.message.setText(message)
        self.new.clear()
        self.repeat.clear()
        self.new.setFocus()
        self.ok.setDefault(True)
