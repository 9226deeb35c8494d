"""Settings: the hall this store serves, the signed-in user's password, and — for an
administrator only — the accounts of clerks, supervisors and administrators."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from intake.store.ops import ROLES
from intake.store.users import ROLE_LABELS
from ui import messages
from ui.session import Session
from ui.task import Task


def _password() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class SettingsScreen(QWidget):
    """Hall and accounts; account management is absent for anyone but an administrator."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        town = session.townships.get(session.township)
        hall = QGroupBox("服务大厅")
        hall_form = QFormLayout(hall)
        hall_form.addRow("乡镇（街道）", QLabel(f"{session.hall_name()}（{session.township}）"))
        hall_form.addRow("县（区）代码", QLabel(session.county))
        address = town.public_address if town and town.public_address else "未配置（请县局补录乡镇名录）"
        hall_form.addRow("公共集体户地址", QLabel(address, wordWrap=True))

        mine = QGroupBox(f"修改我的密码（{session.user}）")
        self.old = _password()
        self.new = _password()
        change = QPushButton("修改密码")
        change.clicked.connect(self._change_password)
        mine_form = QFormLayout(mine)
        mine_form.addRow(QLabel("原密码(&O)", buddy=self.old), self.old)
        mine_form.addRow(QLabel("新密码（至少 8 位）(&W)", buddy=self.new), self.new)
        mine_form.addRow(change)

        layout = QVBoxLayout(self)
        layout.addWidget(hall)
        layout.addWidget(mine)
        self.accounts: QGroupBox | None = None
        if session.may_manage_accounts():
            self.accounts = self._accounts_box()
            layout.addWidget(self.accounts)
        layout.addStretch()

    def _accounts_box(self) -> QGroupBox:
        box = QGroupBox("账户管理（仅管理员）")
        box.setObjectName("accounts")
        self.users = QListWidget()
        self.users.setObjectName("users")
        self.user_name = QLineEdit()
        self.user_name.setObjectName("new_user")
        self.user_role = QComboBox()
        self.user_role.setObjectName("new_role")
        for role in ROLES:
            self.user_role.addItem(ROLE_LABELS[role], role)
        self.user_password = _password()
        self.user_password.setObjectName("new_password")
        add = QPushButton("添加账户(&A)")
        add.setObjectName("add_user")
        add.clicked.connect(self._add_user)
        form = QFormLayout()
        form.addRow(QLabel("用户名(&U)", buddy=self.user_name), self.user_name)
        form.addRow(QLabel("角色(&R)", buddy=self.user_role), self.user_role)
        form.addRow(QLabel("初始密码（至少 8 位）(&P)", buddy=self.user_password), self.user_password)
        form.addRow(add)
        row = QHBoxLayout(box)
        row.addWidget(self.users, 1)
        row.addLayout(form, 1)
        self._load_users()
        return box

    def _load_users(self) -> None:
        Task(self, lambda ctx: ctx.store.users.list()).on_success(self._show_users).start()

    def _show_users(self, users: list[Any]) -> None:
        self.users.clear()
        for user in users:
            state = "" if user.active else "（已停用）"
            locked = f"（锁定至 {user.locked_until[11:16]}）" if user.locked_until else ""
            self.users.addItem(f"{user.name}　{ROLE_LABELS.get(user.role, user.role)}{state}{locked}")

    def _add_user(self) -> None:
        name, role, password = self.user_name.text(), self.user_role.currentData(), self.user_password.text()
        actor = self.session.actor

        def done(_: Any) -> None:
            self.user_name.clear()
            self.user_password.clear()
            messages.info(self, f"已添加账户 {name.strip()}。")
            self._load_users()

        Task(self, lambda ctx: ctx.store.users.add(name, password, role, actor)).on_success(done).start()

    def _change_password(self) -> None:
        old, new, actor = self.old.text(), self.new.text(), self.session.actor

        def done(_: Any) -> None:
            self.old.clear()
            self.new.clear()
            messages.info(self, "密码已修改，下次登录请使用新密码。")

        Task(self, lambda ctx: ctx.store.users.change_password(actor.name, old, new, actor)).on_success(done).start()
