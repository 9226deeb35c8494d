"""Sign-in at the start of every run after the first: user name and password."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from intake.errors import AccessDenied
from ui import enter_key, messages
from ui.task import Task


class LoginDialog(QDialog):
    """Accepts with ``actor`` set to the signed-in user; wrong passwords count towards lockout."""

    def __init__(self, hall: str, last_user: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("落户受理 — 登录")
        self.actor: Any = None
        self.user = QLineEdit(last_user)
        self.user.setObjectName("user")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setObjectName("login_message")
        self.message.setStyleSheet("color: #b71c1c;")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(QLabel("用户名(&U)", buddy=self.user), self.user)
        form.addRow(QLabel("密码(&P)", buddy=self.password), self.password)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton("登录", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setDefault(True)
        buttons.addButton("退出", QDialogButtonBox.ButtonRole.RejectRole)
        self._signing_in = False
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.reject)
        title = QLabel(f"{hall}　落户受理")
        title.setStyleSheet("font-size: 14pt; font-weight: bold;")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(460, 220)
        # The clerk who signed in last is usually the one at the counter: straight to the password.
        (self.password if last_user else self.user).setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if not enter_key.submitted(event, self._submit):
            super().keyPressEvent(event)

    def _submit(self) -> None:
        """One sign-in at a time. 登录 stays enabled meanwhile: a disabled default button hands the
        focus, and with it Enter, to 退出."""
        if self._signing_in:
            return
        self._signing_in = True
        user, password = self.user.text(), self.password.text()

        def work(ctx: Any) -> tuple[Any, bool]:
            actor = ctx.store.users.login(user, password)
            return actor, ctx.store.users.must_change_password(actor.name)

        Task(self, work).on_success(lambda signed_in: self._done(*signed_in, password)).on_failure(self._failed).start()

    def _done(self, actor: Any, must_change: bool, password: str) -> None:
        """Signed in; with a password an administrator set, only once the clerk has chosen their own."""
        self._signing_in = False
        if must_change:
            from ui.new_password_dialog import NewPasswordDialog

            if not NewPasswordDialog(actor, password, self).exec():
                self.password.clear()
                self.password.setFocus()
                self.ok.setDefault(True)
                return
        self.actor = actor
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._signing_in = False
        if isinstance(exc, AccessDenied):
            self.message.setText(exc.message)
            self.password.clear()
            self.password.setFocus()
            # 登录 stopped being the default when the focus left it (the clerk had tabbed to it)
            self.ok.setDefault(True)
            return
        messages.failure(self, exc)
