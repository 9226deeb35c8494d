"""Sign-in: the user who signed in last at this counter is prefilled and the cursor waits in the
password field; a wrong password is said in Chinese and the password is cleared."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import PASSWORD, wait_idle
from ui import desk_config
from ui.login_dialog import LoginDialog


def _show(qtbot: Any, dialog: LoginDialog) -> LoginDialog:
    qtbot.add_widget(dialog)
    dialog.show()
    qtbot.wait_active(dialog)
    qtbot.wait_until(lambda: QApplication.activeWindow() is dialog)
    return dialog


def test_last_user_is_prefilled_and_the_password_has_the_focus(qtbot: Any, store_ready: None) -> None:
    dialog = _show(qtbot, LoginDialog("海滨街道", "clerk"))
    assert dialog.user.text() == "clerk"
    assert dialog.password.hasFocus()
    qtbot.keyClicks(dialog.password, PASSWORD)
    with qtbot.wait_signal(dialog.accepted, timeout=10_000):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.actor.name == "clerk"


def test_no_last_user_starts_in_the_user_name(qtbot: Any, store_ready: None) -> None:
    dialog = _show(qtbot, LoginDialog("海滨街道"))
    assert dialog.user.text() == "" and dialog.user.hasFocus()


def test_wrong_password(qtbot: Any, store_ready: None) -> None:
    dialog = _show(qtbot, LoginDialog("海滨街道", "clerk"))
    qtbot.keyClicks(dialog.password, "not-the-password")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    wait_idle(qtbot)
    assert "用户名或密码错误" in dialog.message.text()
    assert dialog.password.text() == "" and dialog.password.hasFocus()
    assert dialog.isVisible()


def test_the_last_user_is_remembered_per_counter() -> None:
    assert desk_config.last_user() == ""
    desk_config.remember(last_user="王芳")
    assert desk_config.last_user() == "王芳"
    desk_config.config_path().write_text("{not json", encoding="utf-8")
    assert desk_config.last_user() == ""  # a damaged file is only a lost preference


def test_enter_signs_in_after_a_failure_from_the_button(qtbot: Any, store_ready: None) -> None:
    """A clerk who tabbed to 登录 and pressed Enter with a wrong password then types the right one
    and presses Enter: that signs in (退出 had become the default button and quit the program)."""
    dialog = _show(qtbot, LoginDialog("海滨街道", "clerk"))
    qtbot.keyClicks(dialog.password, "not-the-password")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Tab)
    assert dialog.ok.hasFocus()
    qtbot.keyClick(dialog.ok, Qt.Key.Key_Return)
    wait_idle(qtbot)
    assert "用户名或密码错误" in dialog.message.text() and dialog.password.hasFocus()
    qtbot.keyClicks(dialog.password, PASSWORD)
    with qtbot.wait_signal(dialog.accepted, timeout=10_000):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.actor.name == "clerk" and dialog.result() == dialog.DialogCode.Accepted


def test_a_password_an_admin_set_is_replaced_before_working(qtbot: Any, store_ready: None) -> None:
    """After 重置密码 the clerk signs in with the administrator's password and must choose their
    own first; two different entries are refused and asked again."""
    from PySide6.QtCore import QTimer

    from intake.store.db import Store
    from intake.store.ops import Actor
    from ui.new_password_dialog import NewPasswordDialog

    with Store.open() as store:
        store.users.reset_password("clerk", "from-the-admin", Actor("admin", "admin"))
    typed: list[str] = []

    def choose_new() -> None:  # runs inside the new-password dialog's own event loop
        dialog = next((w for w in QApplication.topLevelWidgets() if isinstance(w, NewPasswordDialog) and w.isVisible()),
                      None)
        if dialog is None:
            QTimer.singleShot(50, choose_new)
            return
        if not typed:
            qtbot.keyClicks(dialog.new, "my-own-secret")
            qtbot.keyClicks(dialog.repeat, "my-own-secreT")
            qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)
            typed.append(dialog.message.text())
            assert dialog.new.hasFocus()
        qtbot.keyClicks(dialog.new, "my-own-secret")
        qtbot.keyClicks(dialog.repeat, "my-own-secret")
        qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)

    dialog = _show(qtbot, LoginDialog("海滨街道", "clerk"))
    qtbot.keyClicks(dialog.password, "from-the-admin")
    QTimer.singleShot(50, choose_new)
    with qtbot.wait_signal(dialog.accepted, timeout=15_000):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert typed == ["两次输入的密码不一致，请重新输入。"] and dialog.actor.name == "clerk"
    with Store.open() as store:
        assert not store.users.must_change_password("clerk")
        assert store.users.login("clerk", "my-own-secret").name == "clerk"


def test_enter_in_the_password_signs_in_after_tabbing_past_quit(qtbot: Any, store_ready: None) -> None:
    """Tab past 登录 to 退出 and back: 退出 had stayed the default, and Enter quit the program."""
    dialog = _show(qtbot, LoginDialog("海滨街道", "clerk"))
    qtbot.keyClick(dialog.password, Qt.Key.Key_Tab)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget().text() == "退出"
    for _ in range(2):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert dialog.password.hasFocus()
    qtbot.keyClicks(dialog.password, PASSWORD)
    with qtbot.wait_signal(dialog.accepted, timeout=10_000):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.actor.name == "clerk"
