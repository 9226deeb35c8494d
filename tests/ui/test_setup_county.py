"""First run of the county's computer through the setup dialog, at the keyboard: choose the county's
use, the county, the admin's password twice, Enter. The hall's way (Tab, Tab, Tab to the password)
is unchanged."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from intake.exchange import keys as exchange_keys
from intake.rules.townships import Townships
from intake.store.db import Store
from tests.ui.conftest import Recorder, wait_idle, worker_on_the_store
from ui.setup_dialog import SetupDialog

PASSWORD = "county-2017"


@pytest.fixture
def fresh(recorder: Recorder) -> Iterator[None]:
    """A fresh data folder; the worker opens its (new) store."""
    with worker_on_the_store():
        yield


def press(qtbot: Any, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key to whichever widget has the focus, as the keyboard sends it."""
    target = QApplication.focusWidget()
    assert target is not None, "the keyboard is nowhere"
    qtbot.keyClick(target, key, modifier)


def type_keys(qtbot: Any, text: str) -> None:
    target = QApplication.focusWidget()
    assert target is not None
    qtbot.keyClicks(target, text)


def shown(qtbot: Any, townships: Townships) -> SetupDialog:
    dialog = SetupDialog(townships)
    qtbot.add_widget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.wait_until(dialog.isActiveWindow)
    return dialog


def passwords_then_enter(qtbot: Any, dialog: SetupDialog) -> None:
    """From the password box: the password, Tab, again, Enter — and the setup done."""
    type_keys(qtbot, PASSWORD)
    press(qtbot, Qt.Key.Key_Tab)
    type_keys(qtbot, PASSWORD)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.wait_until(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=15_000)
    wait_idle(qtbot)


def test_the_county_is_set_up_by_keyboard(qtbot: Any, fresh: None, townships: Townships) -> None:
    dialog = shown(qtbot, townships)
    assert dialog.county.hasFocus() and dialog.mode == "hall"
    press(qtbot, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)  # 县（区）汇总（导入乡镇数据包、统计）(&H)
    qtbot.wait_until(lambda: dialog.mode == "county")
    assert not dialog.township.isVisibleTo(dialog), "the county has no township of its own"
    assert "县局加密密钥" in dialog.intro.text()
    press(qtbot, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)  # 县（区）(&C)
    assert dialog.county.hasFocus() and dialog.county.currentData() == "350502"
    press(qtbot, Qt.Key.Key_Tab)
    assert dialog.admin.hasFocus(), "Tab skips the hidden township"
    press(qtbot, Qt.Key.Key_Tab)
    passwords_then_enter(qtbot, dialog)
    assert (dialog.actor.name, dialog.actor.role) == ("admin", "admin")
    with Store.open() as store:
        assert store.settings.county() == "350502"
        assert store.settings.hall_township() is None
        assert [(u.name, u.role) for u in store.users.list()] == [("admin", "admin")]
    assert exchange_keys.is_county()


def test_the_use_can_be_chosen_back_with_shift_tab(qtbot: Any, fresh: None, townships: Townships) -> None:
    dialog = shown(qtbot, townships)
    press(qtbot, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert dialog.county_mode.hasFocus()
    press(qtbot, Qt.Key.Key_Space)
    assert dialog.mode == "county" and not dialog.township.isVisibleTo(dialog)
    press(qtbot, Qt.Key.Key_Up)  # radio buttons: arrows move the choice
    assert dialog.hall_mode.hasFocus() and dialog.mode == "hall" and dialog.township.isVisibleTo(dialog)


def test_the_hall_still_tabs_three_times_to_the_password(qtbot: Any, fresh: None, townships: Townships) -> None:
    dialog = shown(qtbot, townships)
    for _ in range(3):
        press(qtbot, Qt.Key.Key_Tab)
    assert dialog.password.hasFocus()
    passwords_then_enter(qtbot, dialog)
    with Store.open() as store:
        assert store.settings.hall_township() == "350502001" and store.settings.county() is None
    assert not exchange_keys.is_county()


def test_the_admins_real_name_is_typed_after_the_passwords(qtbot: Any, fresh: None, townships: Townships) -> None:
    dialog = shown(qtbot, townships)
    for _ in range(3):
        press(qtbot, Qt.Key.Key_Tab)
    type_keys(qtbot, PASSWORD)
    press(qtbot, Qt.Key.Key_Tab)
    type_keys(qtbot, PASSWORD)
    press(qtbot, Qt.Key.Key_Tab)
    assert dialog.full_name.hasFocus()
    dialog.full_name.insert("陈建国")  # what an input method hands over: a whole word
    press(qtbot, Qt.Key.Key_Return)
    qtbot.wait_until(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=15_000)
    wait_idle(qtbot)
    with Store.open() as store:
        assert store.users.display_names()["admin"] == "陈建国"


def test_enter_in_a_box_completes_setup_after_tabbing_past_quit(qtbot: Any, fresh: None, townships: Townships) -> None:
    """Tab past 完成设置 to 退出 and back into a box: Enter had pressed 退出 and lost the setup."""
    dialog = shown(qtbot, townships)
    dialog.password.setText(PASSWORD)
    dialog.repeat.setText(PASSWORD)
    dialog.full_name.setFocus()
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget().text() == "退出"
    press(qtbot, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    press(qtbot, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert dialog.full_name.hasFocus()
    press(qtbot, Qt.Key.Key_Return)
    qtbot.wait_until(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=15_000)
    wait_idle(qtbot)


def test_a_township_set_before_is_shown_and_kept(qtbot: Any, fresh: None, townships: Townships) -> None:
    """``intake setup 350502002`` before the desk's first run: the dialog shows 临江街道, locked,
    and only makes the administrator."""
    from intake.store.ops import Actor

    with Store.open() as store:
        store.settings.set_hall_township("350502002", Actor("cli"))
    dialog = shown(qtbot, townships)
    dialog.preset("350502002", None, county_key=False)
    assert dialog.township.currentData() == "350502002" and not dialog.township.isEnabled()
    assert not dialog.county.isEnabled() and not dialog.county_mode.isEnabled()
    assert "临江街道" in dialog.intro.text() and dialog.password.hasFocus()
    passwords_then_enter(qtbot, dialog)
    with Store.open() as store:
        assert store.settings.hall_township() == "350502002" and [u.name for u in store.users.list()] == ["admin"]


def test_a_township_the_registry_lacks_is_said_not_replaced(qtbot: Any, fresh: None, townships: Townships) -> None:
    dialog = shown(qtbot, townships)
    dialog.preset("350599001", None, county_key=False)
    assert "350599001" in dialog.intro.text() and "乡镇名录中没有它" in dialog.intro.text()
    assert not dialog.ok.isEnabled() and not dialog.township.isEnabled()


def test_the_county_key_on_this_computer_proposes_the_countys_use(qtbot: Any, fresh: None,
                                                                  townships: Townships) -> None:
    dialog = shown(qtbot, townships)
    dialog.preset(None, None, county_key=True)
    assert dialog.mode == "county" and dialog.county.isEnabled()


def test_mismatched_passwords_store_nothing(qtbot: Any, fresh: None, townships: Townships,
                                           recorder: Recorder) -> None:
    dialog = shown(qtbot, townships)
    dialog.county_mode.setChecked(True)
    dialog.password.setText(PASSWORD)
    dialog.repeat.setText("something-else")
    dialog.ok.click()
    wait_idle(qtbot)
    assert recorder.shown == [("error", "两次输入的密码不一致。")]
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert not exchange_keys.is_county()
    assert dialog.password.hasFocus() and dialog.password.text() == dialog.repeat.text() == "", "typed again"


def test_a_short_password_sends_the_cursor_back_to_it(qtbot: Any, fresh: None, townships: Townships,
                                                     recorder: Recorder) -> None:
    dialog = shown(qtbot, townships)
    dialog.password.setText("short")
    dialog.repeat.setText("short")
    dialog.repeat.setFocus()
    dialog.ok.click()
    wait_idle(qtbot)
    assert recorder.shown and "至少需要 8 位" in recorder.shown[-1][1]
    assert dialog.password.hasFocus() and dialog.password.text() == ""
    with Store.open() as store:
        assert store.users.list() == [] and store.settings.hall_township() is None


def test_enter_tries_again_after_a_refusal_from_the_button(qtbot: Any, fresh: None, townships: Townships,
                                                           recorder: Recorder) -> None:
    """Tab to 完成设置, Enter, refused: the next Enter tries again and does not quit the setup (at
    sign-in a disabled default button had handed Enter to 退出; setup no longer disables it either)."""
    dialog = shown(qtbot, townships)
    dialog.password.setText("short")
    dialog.repeat.setText("short")
    dialog.ok.setFocus()
    press(qtbot, Qt.Key.Key_Return)
    wait_idle(qtbot)
    assert "至少需要 8 位" in recorder.shown[-1][1] and dialog.password.hasFocus()
    type_keys(qtbot, PASSWORD)
    press(qtbot, Qt.Key.Key_Tab)
    type_keys(qtbot, PASSWORD)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.wait_until(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=10_000)
    with Store.open() as store:
        assert [u.name for u in store.users.list()] == ["admin"]


def test_a_county_of_one_township_is_named_without_a_count(qtbot: Any, fresh: None, townships: Townships) -> None:
    dialog = shown(qtbot, townships)
    labels = [dialog.county.itemText(i) for i in range(dialog.county.count())]
    assert all("等 1 个" not in label for label in labels), labels
    assert any("等 " in label for label in labels), "a county of several townships still says how many"
