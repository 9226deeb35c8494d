"""The signed-in desk: the window of this installation (a hall's or the county's) for the account
that signed in, and 切换用户 — a colleague signs in at the same computer without the program being
quit and started again (a supervisor comes to the counter to approve, the next shift begins).

Switching asks first about anything typed and not saved, is refused while work runs, hides the window
while the sign-in dialog is up (nobody uses the previous account meanwhile) and quits the program
when the dialog is left with 退出 (asked first)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QApplication, QDialog

from intake.divisions import county_label
from intake.rules.townships import Townships
from ui import desk_config, messages, task
from ui.session import Session


def place_name(townships: Townships, township: str, county: str) -> str:
    """What the sign-in dialog says this computer is: the hall's township, or the county's summary."""
    if county:
        return f"县局汇总：{county_label(county)}"
    town = townships.get(township)
    return town.name if town else township


class Desk:
    """Opens the window for a signed-in account and swaps it for the next account's."""

    def __init__(self, townships: Townships, township: str, county: str,
                 show: Callable[[Any], None]) -> None:
        self.townships, self.township, self.county = townships, township, county
        self._show = show  # puts a new window on screen (``app.show_fitted`` in the program)
        self.window: Any = None
        #: Tests replace the sign-in dialog: a function returning the dialog to run.
        self.make_login: Callable[[], QDialog] | None = None

    def open(self, actor: Any) -> Any:
        """The window for ``actor`` (an ``Actor`` just signed in), shown with the keyboard in it."""
        session = Session(actor.name, actor.role, self.township, self.townships, county_code=self.county)
        if session.is_county:
            from ui.county_window import CountyWindow

            window: Any = CountyWindow(session)
        else:
            from ui.main_window import MainWindow

            window = MainWindow(session)
        window.switch_user_requested.connect(self.switch_user)
        desk_config.remember(last_user=actor.name)
        self.window = window
        self._show(window)
        window.bring_to_front()  # no window manager hands the keyboard on from the sign-in dialog
        return window

    def _login_dialog(self) -> QDialog:
        if self.make_login is not None:
            return self.make_login()
        from ui.login_dialog import LoginDialog

        return LoginDialog(place_name(self.townships, self.township, self.county))

    def _next_account(self) -> Any:
        """The account signed in next, or None once the clerk confirms quitting (退出 or Esc in the
        dialog — Esc after a Ctrl+L pressed by mistake must not end the program unasked)."""
        while True:
            dialog = self._login_dialog()
            signed_in = dialog.exec() == QDialog.DialogCode.Accepted
            actor = getattr(dialog, "actor", None)
            dialog.deleteLater()
            if signed_in and actor is not None:
                return actor
            if messages.confirm(None, "退出“落户受理”吗？（选“取消”回到登录）"):
                return None

    def switch_user(self) -> None:
        """Ctrl+L: signs the current account out and the next one in; 退出 in the dialog quits."""
        old = self.window
        if not task.idle():
            messages.info(old, "正在处理上一项工作，请等它完成后再切换用户。")
            return
        if not old.may_close():
            return
        app = QApplication.instance()
        app.setQuitOnLastWindowClosed(False)  # the hidden window and the dialog are not the end
        old.hide()
        try:
            actor = self._next_account()
            if actor is not None:
                self.open(actor)
        except BaseException:  # the previous window comes back: never a program with no window
            self.window = old
            old.show()
            old.bring_to_front()
            raise
        finally:
            app.setQuitOnLastWindowClosed(True)
        old.close()
        old.deleteLater()
        if actor is None:
            app.quit()
