"""Settings: the hall this store serves (at the county: the county code), this installation's
exchange keys — its fingerprint to read aloud and, for an administrator, the public key files to
hand over and to trust — the signed-in user's password, and, for an administrator only, the
accounts of clerks, supervisors and administrators.

The file dialogs are module functions a test replaces; every question goes through ``ui.messages``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDir, Qt
from PySide6.QtGui import QFontDatabase
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

from intake.divisions import county_label
from intake.store.ops import ROLES
from intake.store.users import COUNTY_ROLES, role_label
from ui import desk_config, file_dialogs, messages
from ui.session import Session
from ui.task import Task

if TYPE_CHECKING:
    from intake.exchange.keys import PublicKeys, Trusted

KEY_FILES = "公钥文件 (*.pub *.json);;所有文件 (*)"
ADMIN_ONLY = "导入、导出公钥须由管理员操作。"


def grouped(fingerprint: str, rows: int = 1) -> str:
    """A fingerprint in groups of four on ``rows`` lines, for reading aloud over the phone."""
    groups = fingerprint.split("-")
    per_row = -(-len(groups) // rows)
    return "\n".join("  ".join(groups[i:i + per_row]) for i in range(0, len(groups), per_row))


def choose_key_file(parent: QWidget, title: str) -> Path | None:
    """The open dialog for another installation's public key file; None when cancelled."""
    start = desk_config.folder("keys", Path.home())
    name = file_dialogs.open_file(parent, title, start, KEY_FILES)
    return Path(name) if name else None


def choose_key_target(parent: QWidget, title: str, suggested: str) -> Path | None:
    """The save dialog for this installation's public key file; None when cancelled."""
    start = desk_config.folder("keys", Path.home()) / suggested
    name = file_dialogs.save_file(parent, title, start, KEY_FILES)
    return Path(name) if name else None


def _password() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


@dataclass(frozen=True)
class KeyState:
    """This installation's fingerprint and the keys it trusts, read on the worker."""

    own: str
    trusted: list["PublicKeys"]


@dataclass(frozen=True)
class KeyPreview:
    """A public key file read before trusting it, with what this installation trusts already."""

    path: Path
    keys: "PublicKeys"
    own: bool  # the file holds this installation's own key
    already: bool  # this very key is trusted already
    county: "PublicKeys | None"  # the county key trusted now


class SettingsScreen(QWidget):
    """Hall (or county), keys, password and accounts; key actions and account management are
    absent for anyone but an administrator. Works on a hall's and on the county's installation."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.choose_key_file = choose_key_file
        self.choose_key_target = choose_key_target
        self.key_state: KeyState | None = None

        mine = QGroupBox(f"修改我的密码（{session.user}）")
        self.old = _password()
        self.new = _password()
        self.repeat_new = _password()
        change = QPushButton("修改密码(&C)")
        change.setObjectName("change_password")
        change.clicked.connect(self._change_password)
        mine_form = QFormLayout(mine)
        mine_form.addRow(QLabel("原密码(&O)", buddy=self.old), self.old)
        mine_form.addRow(QLabel("新密码（至少 8 位）(&W)", buddy=self.new), self.new)
        mine_form.addRow(QLabel("再次输入新密码(&Y)", buddy=self.repeat_new), self.repeat_new)
        mine_form.addRow(change)

        top = QHBoxLayout()
        top.addWidget(self._county_box() if session.is_county else self._hall_box(), 2)
        top.addWidget(self._keys_box(), 3)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(mine)
        self.accounts: QGroupBox | None = None
        if session.may_manage_accounts():
            self.accounts = self._accounts_box()
            layout.addWidget(self.accounts)
        layout.addStretch()
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(True)  # Enter presses the focused button, as in a dialog
        # The keyboard starts in 原密码 and tabs through the password first, as before the keys box
        # was added above it; then the key buttons and the accounts.
        chain = [self.old, self.new, self.repeat_new, change, self.import_button, self.export_button]
        if self.accounts is not None:
            chain += [self.users, self.user_name, self.user_full_name, self.user_role, self.user_password, self.add_button,
                      self.chosen_full_name, self.save_name_button, self.reset_password, self.reset_button,
                      self.active_button]
        present = [w for w in chain if w is not None]
        for first, second in zip(present, present[1:]):
            QWidget.setTabOrder(first, second)
        self.old.setFocus()
        self.load_keys()

    def _hall_box(self) -> QGroupBox:
        session = self.session
        town = session.townships.get(session.township)
        hall = QGroupBox("服务大厅")
        hall_form = QFormLayout(hall)
        hall_form.addRow("乡镇（街道）", QLabel(f"{session.hall_name()}（{session.township}）"))
        hall_form.addRow("县（区）", QLabel(county_label(session.county)))
        address = town.public_address if town and town.public_address else "未配置（请县局补录乡镇名录）"
        hall_form.addRow("公共集体户地址", QLabel(address, wordWrap=True))
        return hall

    def _county_box(self) -> QGroupBox:
        box = QGroupBox("县局")
        box.setObjectName("county")
        form = QFormLayout(box)
        form.addRow("县（区）", QLabel(county_label(self.session.county), objectName="county_code"))
        towns = len(self.session.townships.in_county(self.session.county))
        form.addRow("本机用途", QLabel(f"汇总本县（区）各乡镇（街道）的数据包，乡镇名录共 {towns} 个乡镇（街道）", wordWrap=True))
        return box

    def _keys_box(self) -> QGroupBox:
        county = self.session.is_county
        box = QGroupBox("数据交换密钥")
        box.setObjectName("keys")
        self.fingerprint = QLabel("正在读取…", objectName="own_fingerprint")
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSize(max(self.font().pointSize() + 2, 12))
        self.fingerprint.setFont(font)
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.partner = QLabel(objectName="trusted_keys", wordWrap=True)
        self.partner.setFont(font)  # trusted fingerprints are read aloud too: digits in columns
        self.partner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout(box)
        form.addRow("本机公钥指纹" + ("（县局）" if county else ""), self.fingerprint)
        form.addRow("已信任的乡镇" if county else "县局公钥", self.partner)
        self.import_button: QPushButton | None = None
        self.export_button: QPushButton | None = None
        if self.session.may_manage_accounts():
            self.export_button = QPushButton("导出县局公钥(&E)…" if county else "导出本机公钥(&E)…")
            self.export_button.setObjectName("export_key")
            self.export_button.clicked.connect(self.export_key)
            self.import_button = QPushButton("信任乡镇公钥(&I)…" if county else "导入县局公钥(&I)…")
            self.import_button.setObjectName("import_key")
            self.import_button.clicked.connect(self.import_key)
            buttons = QHBoxLayout()
            buttons.addWidget(self.import_button)
            buttons.addWidget(self.export_button)
            buttons.addStretch()
            form.addRow(buttons)
        else:
            form.addRow(QLabel(ADMIN_ONLY, objectName="keys_admin_only"))
        return box

    # -- keys ----------------------------------------------------------------------------------

    def load_keys(self) -> None:
        def work(ctx: Any) -> KeyState:
            from intake.exchange.keys import own_public_keys, trusted_keys

            return KeyState(own_public_keys().fingerprint, list(trusted_keys().values()))

        Task(self, work).on_success(self._show_keys).start()

    def _township(self, code: str | None) -> str:
        if not code:
            return "（文件未注明乡镇）"
        town = self.session.townships.get(code)
        return f"{town.name}（{code}）" if town else code

    def _show_keys(self, state: KeyState) -> None:
        self.key_state = state
        self.fingerprint.setText(grouped(state.own, rows=2))
        if self.session.is_county:
            halls = sorted((k for k in state.trusted if k.role == "hall"), key=lambda k: k.township or "")
            self.partner.setText("\n".join(f"{self._township(k.township)}　{grouped(k.fingerprint)}" for k in halls)
                                 or "尚未信任任何乡镇的公钥：各乡镇导出的公钥文件须在此信任后，才能导入其数据包。")
            return
        counties = [k for k in state.trusted if k.role == "county"]
        if counties:
            self.partner.setText("\n".join(f"已导入{'：' + k.name if k.name else ''}\n{grouped(k.fingerprint)}"
                                           for k in counties))
        else:
            self.partner.setText("尚未导入：导出数据包前须导入县局提供的公钥文件，并电话与县局核对指纹。")

    def import_key(self) -> None:
        """Reads a public key file, shows its fingerprint (and township) and trusts it once the
        administrator confirms: the county's key at a hall, a township's key at the county."""
        county = self.session.is_county
        path = self.choose_key_file(self, "选择乡镇导出的公钥文件" if county else "选择县局提供的公钥文件")
        if path is None:
            return
        desk_config.remember(keys_folder=str(path.parent))

        def work(ctx: Any) -> KeyPreview:
            from intake.exchange.keys import read_public_file, trusted_keys
            from intake.keys import verify_key_bytes

            public = read_public_file(path)
            trusted = trusted_keys()
            current = next((k for k in trusted.values() if k.role == "county"), None)
            return KeyPreview(path, public, public.ed25519 == verify_key_bytes(), public.fingerprint in trusted, current)

        Task(self, work).on_success(self._confirm_trust).start()

    def _confirm_trust(self, preview: KeyPreview) -> None:
        county = self.session.is_county
        public = preview.keys
        wanted = "hall" if county else "county"
        if preview.own:
            messages.error(self, "这是本机自己的公钥文件，无需信任。请选择对方电脑导出的公钥文件。")
            return
        if public.role != wanted:
            messages.error(self, "这是县局的公钥文件。请选择乡镇（街道）便民服务中心导出的公钥文件。" if county
                           else "这是乡镇（街道）的公钥文件，不是县局的。请选择县局提供的公钥文件。")
            return
        who = "乡镇" if county else "县局"
        if preview.already:
            messages.info(self, f"本机已信任这个{who}公钥，无需再次导入。\n指纹：{grouped(public.fingerprint)}")
            return
        lines = [f"即将信任{who}公钥文件 {QDir.toNativeSeparators(str(preview.path))}", ""]
        if public.name:
            lines.append(f"名称：{public.name}")
        if county:
            lines.append(f"乡镇（街道）：{self._township(public.township)}")
            if public.township and public.township[:6] != self.session.county:
                lines.append(f"注意：该乡镇不属于本县（区）{self.session.county}。")
        lines.append(f"指纹：{grouped(public.fingerprint)}")
        lines.append("")
        lines.append(f"请电话与{'该乡镇' if county else '县局'}逐组核对指纹，完全一致才可信任。")
        replace = not county and preview.county is not None
        if replace and preview.county is not None:
            lines.append(f"本机原已信任县局公钥 {grouped(preview.county.fingerprint)}，信任新公钥后原公钥不再使用。")
        lines.append("指纹一致，确定信任吗？")
        if not messages.confirm(self, "\n".join(lines)):
            return
        path = preview.path

        def work(ctx: Any) -> "Trusted":
            from intake.exchange.keys import trust

            return trust(path, replace=replace)

        Task(self, work).on_success(self._trusted).start()

    def _trusted(self, trusted: "Trusted") -> None:
        public = trusted.keys
        if self.session.is_county:
            text = f"已信任{self._township(public.township)}的公钥，现在可以导入该乡镇的数据包。"
        else:
            text = "已信任县局公钥，现在可以导出数据包。"
            if trusted.replaced:
                text += "原县局公钥已不再信任。"
        messages.info(self, f"{text}\n指纹：{grouped(public.fingerprint)}")
        self.load_keys()

    def export_key(self) -> None:
        """Writes this installation's public key file for the other side to trust."""
        session = self.session
        if session.is_county:
            name, township = f"县局（{session.county}）", None
            suggested, title = f"县局-{session.county}-公钥.pub", "导出县局公钥"
        else:
            name, township = f"{session.hall_name()}便民服务中心", session.township
            suggested, title = f"{session.township}-{session.hall_name()}-公钥.pub", "导出本机公钥"
        out = self.choose_key_target(self, title, suggested)
        if out is None:
            return
        desk_config.remember(keys_folder=str(out.parent))

        def work(ctx: Any) -> "PublicKeys":
            from intake.exchange.keys import export_public

            return export_public(out, name, township)

        def done(public: "PublicKeys") -> None:
            to = "各乡镇（街道）便民服务中心" if session.is_county else "县局"
            messages.info(self, f"已导出{'县局' if session.is_county else '本机'}公钥文件 {QDir.toNativeSeparators(str(out))}。\n"
                          f"指纹：{grouped(public.fingerprint)}\n请把此文件交给{to}导入，并电话核对指纹。")

        Task(self, work).on_success(done).start()

    # -- accounts ------------------------------------------------------------------------------

    def _accounts_box(self) -> QGroupBox:
        """The accounts on the left; a new one in the middle; on the right what an administrator
        does to the one selected: its real name (printed on receipts), a new password for someone
        who forgot theirs, stopping the account of someone who left."""
        box = QGroupBox("账户管理（仅管理员）")
        box.setObjectName("accounts")
        self.users = QListWidget()
        self.users.setObjectName("users")
        self.users.currentRowChanged.connect(self._show_chosen)
        self._user_views: list[Any] = []
        self.user_name = QLineEdit()
        self.user_name.setObjectName("new_user")
        self.user_full_name = QLineEdit()
        self.user_full_name.setObjectName("new_full_name")
        self.user_full_name.setPlaceholderText("打印在回执上，如 王芳")
        self.user_role = QComboBox()
        self.user_role.setObjectName("new_role")
        county = self.session.is_county
        for role in COUNTY_ROLES if county else ROLES:
            self.user_role.addItem(role_label(role, county), role)
        self.user_password = _password()
        self.user_password.setObjectName("new_password")
        add = QPushButton("添加账户(&A)")
        add.setObjectName("add_user")
        add.clicked.connect(self._add_user)
        self.add_button = add
        form = QFormLayout()
        form.addRow(QLabel("用户名(&U)", buddy=self.user_name), self.user_name)
        form.addRow(QLabel("姓名(&M)", buddy=self.user_full_name), self.user_full_name)
        form.addRow(QLabel("角色(&R)", buddy=self.user_role), self.user_role)
        form.addRow(QLabel("初始密码（至少 8 位）(&P)", buddy=self.user_password), self.user_password)
        form.addRow(add)
        listed = QVBoxLayout()
        listed.addWidget(QLabel("全部账户(&G)", buddy=self.users))
        listed.addWidget(self.users, 1)
        row = QHBoxLayout(box)
        row.addLayout(listed, 1)
        row.addLayout(form, 1)
        row.addLayout(self._chosen_form(), 1)
        self._load_users()
        return box

    def _chosen_form(self) -> QFormLayout:
        self.chosen = QLabel("请在左侧选择账户", objectName="chosen_user", wordWrap=True)
        self.chosen_full_name = QLineEdit(objectName="chosen_full_name")
        self.save_name_button = QPushButton("保存姓名(&S)", objectName="save_full_name")
        self.save_name_button.clicked.connect(self._save_full_name)
        self.reset_password = _password()
        self.reset_password.setObjectName("reset_password")
        self.reset_button = QPushButton("重置密码(&T)", objectName="reset_password_button")
        self.reset_button.clicked.connect(self._reset_password)
        self.active_button = QPushButton("停用账户(&D)", objectName="toggle_active")
        self.active_button.clicked.connect(self._toggle_active)
        form = QFormLayout()
        form.addRow("选中的账户", self.chosen)
        form.addRow(QLabel("姓名(&L)", buddy=self.chosen_full_name), self.chosen_full_name)
        form.addRow(self.save_name_button)
        form.addRow(QLabel("新密码（忘记密码时）(&N)", buddy=self.reset_password), self.reset_password)
        form.addRow(self.reset_button)
        form.addRow(self.active_button)
        self._show_chosen(-1)
        return form

    def _chosen_user(self) -> Any | None:
        row = self.users.currentRow()
        return self._user_views[row] if 0 <= row < len(self._user_views) else None

    def _show_chosen(self, row: int) -> None:
        user = self._user_views[row] if 0 <= row < len(self._user_views) else None
        for widget in (self.chosen_full_name, self.save_name_button, self.reset_password, self.reset_button,
                       self.active_button):
            widget.setEnabled(user is not None)
        self.reset_password.clear()
        if user is None:
            self.chosen.setText("请在左侧选择账户")
            self.chosen_full_name.clear()
            return
        state = "已停用" if not user.active else f"锁定至 {user.locked_until[11:16]}" if user.locked_until else "在用"
        mine = user.name == self.session.user  # one's own password and account are changed above
        own = "；本人的密码请在上方“修改我的密码”中修改" if mine else ""
        self.chosen.setText(f"{user.name}（{role_label(user.role, self.session.is_county)}，{state}）{own}")
        self.chosen_full_name.setText(user.full_name)
        self.active_button.setText("停用账户(&D)" if user.active else "启用账户(&D)")
        self.reset_password.setEnabled(not mine)
        self.reset_button.setEnabled(not mine)
        self.active_button.setEnabled(not mine)

    def _load_users(self, keep: str | None = None) -> None:
        Task(self, lambda ctx: ctx.store.users.list()).on_success(lambda users: self._show_users(users, keep)).start()

    def _show_users(self, users: list[Any], keep: str | None = None) -> None:
        self._user_views = users
        self.users.blockSignals(True)
        self.users.clear()
        for user in users:
            state = "" if user.active else "（已停用）"
            locked = f"（锁定至 {user.locked_until[11:16]}）" if user.locked_until else ""
            name = f"　{user.full_name}" if user.full_name else ""
            pending = "（待本人设置新密码）" if user.must_change_password else ""
            self.users.addItem(f"{user.name}{name}　{role_label(user.role, self.session.is_county)}{state}{locked}{pending}")
        self.users.blockSignals(False)
        rows = [i for i, user in enumerate(users) if user.name == keep]
        self.users.setCurrentRow(rows[0] if rows else -1)
        self._show_chosen(self.users.currentRow())

    def _add_user(self) -> None:
        name, role, password = self.user_name.text(), self.user_role.currentData(), self.user_password.text()
        full_name, actor = self.user_full_name.text(), self.session.actor

        def done(_: Any) -> None:
            for edit in (self.user_name, self.user_full_name, self.user_password):
                edit.clear()
            self.user_role.setCurrentIndex(0)  # the next account is a clerk's unless chosen again
            messages.info(self, f"已添加账户 {name.strip()}。本人第一次登录时须设置只有本人知道的新密码。")
            self._load_users(keep=name.strip())

        Task(self, lambda ctx: ctx.store.users.add(name, password, role, actor, full_name, must_change_password=True)).on_success(done).start()

    def _save_full_name(self) -> None:
        user, full_name, actor = self._chosen_user(), self.chosen_full_name.text(), self.session.actor
        if user is None:
            return

        def done(_: Any) -> None:
            messages.info(self, f"已保存 {user.name} 的姓名，回执和备案表上将打印“{' '.join(full_name.split()) or user.name}”。")
            self._load_users(keep=user.name)

        Task(self, lambda ctx: ctx.store.users.set_full_name(user.name, full_name, actor)).on_success(done).start()

    def _reset_password(self) -> None:
        user, new, actor = self._chosen_user(), self.reset_password.text(), self.session.actor
        if user is None:
            return

        def done(_: Any) -> None:
            self.reset_password.clear()
            messages.info(self, f"已为 {user.name} 设置新密码，账户已解除锁定。请当面告知本人；其下次登录时，程序会要求其先设置只有本人知道的密码。")
            self._load_users(keep=user.name)

        Task(self, lambda ctx: ctx.store.users.reset_password(user.name, new, actor)).on_success(done).start()

    def _toggle_active(self) -> None:
        user, actor = self._chosen_user(), self.session.actor
        if user is None:
            return
        if user.active and not messages.confirm(
                self, f"停用账户 {user.name}{f'（{user.full_name}）' if user.full_name else ''}？\n"
                      "停用后该账户不能再登录；其经办的案件和审计记录保持不变，以后可以重新启用。"):
            return
        active = not user.active

        def done(_: Any) -> None:
            messages.info(self, f"已{'启用' if active else '停用'}账户 {user.name}。")
            self._load_users(keep=user.name)

        Task(self, lambda ctx: ctx.store.users.set_active(user.name, active, actor)).on_success(done).start()

    def _change_password(self) -> None:
        old, new, actor = self.old.text(), self.new.text(), self.session.actor
        if new != self.repeat_new.text():  # a typo here would lock its holder out
            messages.error(self, "两次输入的新密码不一致，请重新输入。")
            self.new.clear()
            self.repeat_new.clear()
            self.new.setFocus()
            return

        def done(_: Any) -> None:
            for box in (self.old, self.new, self.repeat_new):
                box.clear()
            messages.info(self, "密码已修改，下次登录请使用新密码。")

        Task(self, lambda ctx: ctx.store.users.change_password(actor.name, old, new, actor)).on_success(done).start()
