"""First run: what this computer is for — a township hall's intake window (county and township from
the registry) or the county's summary (imports the halls' bundles, statistics) — and the first
administrator account."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from intake.divisions import county_name
from intake.first_run import complete_county_setup, complete_setup, registry_counties
from intake.rules.townships import Townships
from ui import enter_key, messages
from ui.task import Task

INTRO = {
    "hall": "欢迎使用落户受理。请选择本服务大厅所在的乡镇（街道），并设置管理员账户。"
            "管理员登录后可在“设置”中为窗口工作人员和审核人建立账户。",
    "county": "本机作为县（区）汇总：导入各乡镇（街道）用 U 盘送来的数据包，核查同一申请人在两个乡镇的申请，并统计落户情况。"
              "完成设置时本机将生成县局加密密钥；请在“设置”中导出县局公钥交给各乡镇，并导入各乡镇的公钥。",
}


class SetupDialog(QDialog):
    """Accepts once the installation and the admin are stored; ``actor`` is then the signed-in
    admin, ``mode`` says ``hall`` or ``county``.

    The keyboard starts in the county list, as it always has for a hall (Tab, Tab, Tab reaches the
    password); the choice of use is one Shift+Tab back, or Alt+X / Alt+H."""

    def __init__(self, townships: Townships, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("落户受理 — 首次使用设置")
        self.townships = townships
        self.actor: Any = None
        self.hall_mode = QRadioButton("乡镇（街道）受理窗口(&X)")
        self.hall_mode.setObjectName("mode_hall")
        self.hall_mode.setChecked(True)
        self.county_mode = QRadioButton("县（区）汇总（导入乡镇数据包、统计）(&H)")
        self.county_mode.setObjectName("mode_county")
        modes = QButtonGroup(self)
        modes.addButton(self.hall_mode)
        modes.addButton(self.county_mode)
        use = QGroupBox("本机用途")
        use_box = QVBoxLayout(use)
        use_box.addWidget(self.hall_mode)
        use_box.addWidget(self.county_mode)
        self.county = QComboBox()
        self.county.setObjectName("county")
        for code in registry_counties(townships):
            towns = townships.in_county(code)
            more = f"等 {len(towns)} 个乡镇街道" if len(towns) > 1 else ""
            self.county.addItem(f"{county_name(code) or code}（{code}，{towns[0].name}{more}）", code)
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
        self.full_name = QLineEdit(objectName="full_name")
        self.full_name.setPlaceholderText("如 陈建国；打印在审核记录上，也可以以后在“设置”中填写")
        self.form = form = QFormLayout()
        form.addRow(QLabel("县（区）(&C)", buddy=self.county), self.county)
        form.addRow(QLabel("本服务大厅所在乡镇（街道）(&T)", buddy=self.township), self.township)
        form.addRow(QLabel("管理员用户名(&U)", buddy=self.admin), self.admin)
        form.addRow(QLabel("管理员密码(&P)（至少 8 位）", buddy=self.password), self.password)
        form.addRow(QLabel("再次输入密码(&R)", buddy=self.repeat), self.repeat)
        form.addRow(QLabel("管理员姓名(&M)", buddy=self.full_name), self.full_name)
        self.intro = QLabel(INTRO["hall"], objectName="setup_intro")
        self.intro.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton("完成设置", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("退出", QDialogButtonBox.ButtonRole.RejectRole)
        self.ok.setDefault(True)
        self._setting_up = False
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(use)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.county_mode.toggled.connect(self._mode_changed)
        self._fill_townships()
        self.resize(680, self.sizeHint().height())
        self.county.setFocus()

    def preset(self, township: str | None, county: str | None, county_key: bool) -> None:
        """What the store (or this computer) already is: a township or county set on the command
        line (``intake setup``) is shown and kept — only the administrator is still to be made; a
        computer holding the county's key is offered the county's use first."""
        code = township or county
        if code is None:
            if county_key:
                self.county_mode.setChecked(True)
            return
        (self.hall_mode if township else self.county_mode).setChecked(True)
        self.county.setCurrentIndex(self.county.findData(code[:6]))
        if township:
            self.township.setCurrentIndex(self.township.findData(township))
        for widget in (self.hall_mode, self.county_mode, self.county, self.township):
            widget.setEnabled(False)
        shown = self.township if township else self.county
        if shown.currentData() != code:  # set with another registry (intake setup --townships)
            self.intro.setText(f"本数据库已设置为 {code}，但乡镇名录中没有它：请把设置时所用的乡镇名录"
                               "（townships.csv）放入数据文件夹后重新打开程序。")
            self.ok.setEnabled(False)
            return
        self.intro.setText(f"本数据库已设置为{shown.currentText()}，不能更改；请设置管理员账户。")
        self.password.setFocus()

    @property
    def mode(self) -> str:
        """``county`` for the county's summary installation, else ``hall``."""
        return "county" if self.county_mode.isChecked() else "hall"

    def _mode_changed(self) -> None:
        self.form.setRowVisible(self.township, self.mode == "hall")
        self.intro.setText(INTRO[self.mode])

    def _fill_townships(self) -> None:
        self.township.clear()
        for town in self.townships.in_county(self.county.currentData() or ""):
            note = "" if town.public_address else "（未配置公共集体户地址）"
            self.township.addItem(f"{town.name} {town.code}{note}", town.code)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if not enter_key.submitted(event, self._submit):
            super().keyPressEvent(event)

    def _submit(self) -> None:
        """One setup at a time. 完成设置 stays enabled meanwhile: a disabled default button hands
        the focus, and with it Enter, to 退出."""
        if self._setting_up or not self.ok.isEnabled():
            return
        if self.password.text() != self.repeat.text():
            messages.error(self, "两次输入的密码不一致。")
            self._retype_password()
            return
        townships, admin, password, full_name = self.townships, self.admin.text(), self.password.text(), self.full_name.text()
        if self.mode == "county":
            county = self.county.currentData() or ""

            def work(ctx: Any) -> Any:
                return complete_county_setup(ctx.store, townships, county, admin, password, full_name)
        else:
            code = self.township.currentData() or ""

            def work(ctx: Any) -> Any:
                return complete_setup(ctx.store, townships, code, admin, password, full_name)
        self._setting_up = True
        Task(self, work).on_success(self._done).on_failure(self._failed).start()

    def _done(self, actor: Any) -> None:
        self.actor = actor
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._setting_up = False
        messages.failure(self, exc)
        if getattr(exc, "field", None) == "password":
            self._retype_password()
        elif getattr(exc, "field", None) == "full_name":
            self.full_name.setFocus()
            self.full_name.selectAll()
        self.ok.setDefault(True)  # Enter tries again, even if the clerk had tabbed to 完成设置

    def _retype_password(self) -> None:
        """Both password boxes emptied and the cursor in the first: the clerk types them again."""
        self.password.clear()
        self.repeat.clear()
        self.password.setFocus()
