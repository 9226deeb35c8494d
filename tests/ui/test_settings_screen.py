"""Accounts are managed by an administrator only."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QPushButton

from intake.rules.townships import Townships
from tests.ui.conftest import Recorder, make_session, type_text, wait_idle
from ui.settings_screen import SettingsScreen


def test_admin_adds_a_clerk(qtbot: Any, store_ready: None, townships: Townships, recorder: Recorder) -> None:
    screen = SettingsScreen(make_session("admin", townships))
    qtbot.add_widget(screen)
    wait_idle(qtbot)
    assert screen.users.count() == 3
    type_text(qtbot, screen.user_name, "王芳")
    type_text(qtbot, screen.user_password, "window-2017")
    screen.findChild(QPushButton, "add_user").click()
    wait_idle(qtbot)
    assert screen.users.count() == 4
    assert ("info", "已添加账户 王芳。") in recorder.shown


def test_clerk_sees_no_accounts(qtbot: Any, store_ready: None, townships: Townships) -> None:
    screen = SettingsScreen(make_session("clerk", townships))
    qtbot.add_widget(screen)
    assert screen.accounts is None
