"""Settings: accounts are managed by an administrator only; the exchange keys — this installation's
fingerprint, the county's key trusted at a hall after a confirmation, each township's at the
county — with real keys made on separate installations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QGroupBox, QLabel, QPushButton

from intake.errors import KeyStoreError
from intake.exchange import keys as exchange_keys
from intake.rules.townships import Townships
from tests.intake.exchange.conftest import installation
from tests.ui.conftest import PASSWORD, Recorder, make_session, type_text, wait_idle
from tests.ui.exchange_fixtures import (  # noqa: F401 - fixtures
    admin,
    county_admin,
    county_key_file,
    county_trusted,
    hall_key_file,
)
from ui.session import Session
from ui.settings_screen import SettingsScreen, grouped


def test_admin_adds_a_clerk(qtbot: Any, store_ready: None, townships: Townships, recorder: Recorder) -> None:
    screen = SettingsScreen(make_session("admin", townships))
    qtbot.add_widget(screen)
    wait_idle(qtbot)
    assert screen.users.count() == 3
    type_text(qtbot, screen.user_name, "王芳")
    screen.user_role.setCurrentIndex(1)
    type_text(qtbot, screen.user_password, "window-2017")
    screen.findChild(QPushButton, "add_user").click()
    wait_idle(qtbot)
    assert screen.users.count() == 4
    assert screen.user_role.currentData() == "clerk"  # not the previous account's role again
    assert ("info", "已添加账户 王芳。本人第一次登录时须设置只有本人知道的新密码。") in recorder.shown
    from intake.store.db import Store

    with Store.open() as store:  # the administrator knows this password: 王芳 chooses her own first
        assert store.users.must_change_password("王芳")


def test_admin_names_resets_and_stops_an_account_by_keyboard(qtbot: Any, store_ready: None, townships: Townships,
                                                              recorder: Recorder) -> None:
    """A clerk forgot her password and is locked out; later she leaves: the administrator
    selects her account, gives its real name, a new password, and finally stops it."""
    from intake.store.db import Store

    with Store.open() as store:
        for _ in range(5):
            with pytest.raises(Exception):
                store.users.login("clerk", "forgotten")
    screen = SettingsScreen(make_session("admin", townships))
    qtbot.add_widget(screen)
    screen.show()
    screen.activateWindow()
    qtbot.wait_until(screen.isActiveWindow)
    wait_idle(qtbot)
    assert not screen.reset_button.isEnabled()  # nothing selected yet

    def alt(key: Qt.Key) -> None:  # as the keyboard sends it: to whichever widget has the focus
        qtbot.keyClick(QApplication.focusWidget(), key, Qt.KeyboardModifier.AltModifier)
        qtbot.wait(300)  # a button's Alt key presses it visibly: clicked comes a moment later
        wait_idle(qtbot)

    alt(Qt.Key.Key_G)  # 全部账户(&G); the first account is current: admin, then clerk, supervisor
    assert screen.users.hasFocus()
    assert screen.chosen.text() == "admin（管理员，在用）；本人的密码请在上方“修改我的密码”中修改"
    qtbot.keyClick(screen.users, Qt.Key.Key_Down)
    assert "（锁定至" in screen.users.currentItem().text()
    assert screen.chosen.text().startswith("clerk（窗口工作人员，锁定至 ")
    alt(Qt.Key.Key_L)  # 姓名(&L)
    assert screen.chosen_full_name.hasFocus()
    type_text(qtbot, screen.chosen_full_name, "王丽")
    alt(Qt.Key.Key_S)  # 保存姓名(&S)
    alt(Qt.Key.Key_N)  # 新密码(&N)
    assert screen.reset_password.hasFocus()
    type_text(qtbot, screen.reset_password, "new-start-1")
    alt(Qt.Key.Key_T)  # 重置密码(&T)
    assert screen.users.currentItem().text() == "clerk　王丽　窗口工作人员（待本人设置新密码）"  # unlocked, named
    with Store.open() as store:
        assert store.users.login("clerk", "new-start-1").name == "clerk"
        assert store.users.display_names()["clerk"] == "王丽"
    recorder.confirms.append(True)
    alt(Qt.Key.Key_D)  # 停用账户(&D)
    assert screen.users.currentItem().text() == "clerk　王丽　窗口工作人员（已停用）（待本人设置新密码）"
    assert screen.active_button.text() == "启用账户(&D)"
    assert ("info", "已停用账户 clerk。") in recorder.shown
    with Store.open() as store, pytest.raises(Exception, match="用户名或密码错误"):
        store.users.login("clerk", "new-start-1")
    qtbot.keyClick(screen.users, Qt.Key.Key_Up)  # the admin's own account: changed above, not here
    assert not screen.reset_button.isEnabled() and not screen.active_button.isEnabled()


def test_clerk_sees_no_accounts(qtbot: Any, store_ready: None, townships: Townships) -> None:
    screen = SettingsScreen(make_session("clerk", townships))
    qtbot.add_widget(screen)
    assert screen.accounts is None


# -- exchange keys -------------------------------------------------------------------------------


def asked_and_answer(recorder: Recorder, answer: bool) -> list[str]:
    """Records the confirmation questions and answers them."""
    asked: list[str] = []

    def confirm(_parent: Any, text: str) -> bool:
        asked.append(text)
        return answer

    recorder.confirm = confirm  # type: ignore[method-assign]
    return asked


def settings_for(qtbot: Any, session: Session) -> SettingsScreen:
    screen = SettingsScreen(session)
    qtbot.add_widget(screen)
    screen.show()
    wait_idle(qtbot)
    return screen


def test_hall_fingerprint_in_groups_to_read_aloud(qtbot: Any, store_ready: None, townships: Townships) -> None:
    screen = settings_for(qtbot, make_session("clerk", townships))
    own = exchange_keys.own_public_keys().fingerprint
    groups = own.split("-")
    assert screen.fingerprint.text() == "  ".join(groups[:4]) + "\n" + "  ".join(groups[4:])
    assert screen.partner.text().startswith("尚未导入")
    assert screen.import_button is None and screen.export_button is None  # administrators only
    assert screen.findChild(QLabel, "keys_admin_only") is not None


def test_the_keyboard_starts_in_the_password(qtbot: Any, admin: Session) -> None:  # noqa: F811
    screen = settings_for(qtbot, admin)
    assert screen.focusWidget() is screen.old
    order = []
    for _ in range(5):
        qtbot.keyClick(screen.focusWidget(), Qt.Key.Key_Tab)
        order.append(screen.focusWidget())
    assert order == [screen.new, screen.repeat_new, screen.findChild(QPushButton, "change_password"),
                     screen.import_button, screen.export_button]


def test_my_new_password_is_typed_twice(qtbot: Any, admin: Session, recorder: Recorder) -> None:  # noqa: F811
    from intake.store.db import Store

    screen = settings_for(qtbot, admin)
    type_text(qtbot, screen.old, PASSWORD)
    type_text(qtbot, screen.new, "a-new-secret")
    type_text(qtbot, screen.repeat_new, "a-new-secreT")
    screen.findChild(QPushButton, "change_password").click()
    wait_idle(qtbot)
    assert recorder.shown[-1] == ("error", "两次输入的新密码不一致，请重新输入。")
    assert screen.new.text() == screen.repeat_new.text() == "" and screen.old.text() == PASSWORD
    with Store.open() as store:
        assert store.users.login("admin", PASSWORD).name == "admin", "unchanged"
    type_text(qtbot, screen.new, "a-new-secret")
    type_text(qtbot, screen.repeat_new, "a-new-secret")
    screen.findChild(QPushButton, "change_password").click()
    wait_idle(qtbot)
    with Store.open() as store:
        assert store.users.login("admin", "a-new-secret").name == "admin"


def test_admin_trusts_the_county_key_after_confirming(qtbot: Any, admin: Session, county_key_file: Path,  # noqa: F811
                                                     recorder: Recorder) -> None:
    screen = settings_for(qtbot, admin)
    screen.choose_key_file = lambda _parent, _title: county_key_file
    county = exchange_keys.read_public_file(county_key_file)
    asked = asked_and_answer(recorder, False)
    qtbot.keyClick(screen.import_button, Qt.Key.Key_Space)
    wait_idle(qtbot)
    assert len(asked) == 1 and grouped(county.fingerprint) in asked[0] and "名称：县局（350502）" in asked[0]
    with pytest.raises(KeyStoreError):
        exchange_keys.trusted_county()  # answered no: nothing trusted

    asked = asked_and_answer(recorder, True)
    screen.import_button.click()
    wait_idle(qtbot)
    assert exchange_keys.trusted_county().fingerprint == county.fingerprint
    assert recorder.shown[-1] == ("info", f"已信任县局公钥，现在可以导出数据包。\n指纹：{grouped(county.fingerprint)}")
    assert screen.partner.text() == f"已导入：县局（350502）\n{grouped(county.fingerprint)}"

    asked = asked_and_answer(recorder, True)
    screen.import_button.click()  # the same file again: nothing to ask
    wait_idle(qtbot)
    assert asked == [] and recorder.shown[-1][1].startswith("本机已信任这个县局公钥，无需再次导入。")


def test_a_new_county_key_replaces_the_old_one(qtbot: Any, admin: Session, county_trusted: Path,  # noqa: F811
                                               tmp_path: Path, recorder: Recorder) -> None:
    old = exchange_keys.trusted_county().fingerprint
    new_file = tmp_path / "county-new.pub"
    with installation(tmp_path / "county-new-data"):
        exchange_keys.init_keys(county=True)
        new = exchange_keys.export_public(new_file, "县局（350502）").fingerprint
    screen = settings_for(qtbot, admin)
    screen.choose_key_file = lambda _parent, _title: new_file
    asked = asked_and_answer(recorder, True)
    screen.import_button.click()
    wait_idle(qtbot)
    assert f"本机原已信任县局公钥 {grouped(old)}" in asked[0]
    assert exchange_keys.trusted_county().fingerprint == new
    assert recorder.shown[-1][1].startswith("已信任县局公钥，现在可以导出数据包。原县局公钥已不再信任。")


def test_a_township_file_is_not_the_county_key(qtbot: Any, admin: Session, hall_key_file: Path,  # noqa: F811
                                               recorder: Recorder) -> None:
    screen = settings_for(qtbot, admin)
    screen.choose_key_file = lambda _parent, _title: hall_key_file
    asked = asked_and_answer(recorder, True)
    screen.import_button.click()
    wait_idle(qtbot)
    assert asked == []
    assert recorder.shown[-1] == ("error", "这是乡镇（街道）的公钥文件，不是县局的。请选择县局提供的公钥文件。")
    assert exchange_keys.trusted_keys() == {}


def test_a_damaged_key_file_is_refused_in_chinese(qtbot: Any, admin: Session, tmp_path: Path,
                                                  recorder: Recorder) -> None:
    bad = tmp_path / "bad.pub"
    bad.write_text("{not json", encoding="utf-8")
    screen = settings_for(qtbot, admin)
    screen.choose_key_file = lambda _parent, _title: bad
    screen.import_button.click()
    wait_idle(qtbot)
    assert recorder.shown[-1][0] == "error" and recorder.shown[-1][1].startswith("这不是落户受理的公钥文件")


def test_hall_exports_its_public_key(qtbot: Any, admin: Session, tmp_path: Path, recorder: Recorder) -> None:
    out = tmp_path / "stick" / "hall.pub"
    out.parent.mkdir()
    screen = settings_for(qtbot, admin)
    suggested: list[str] = []
    screen.choose_key_target = lambda _parent, _title, name: (suggested.append(name), out)[1]
    screen.export_button.click()
    wait_idle(qtbot)
    public = exchange_keys.read_public_file(out)
    assert suggested == ["350502001-海滨街道-公钥.pub"]
    assert (public.role, public.township, public.name) == ("hall", "350502001", "海滨街道便民服务中心")
    assert public.fingerprint == exchange_keys.own_public_keys().fingerprint
    assert recorder.shown[-1][1].startswith(f"已导出本机公钥文件 {out}。\n指纹：{grouped(public.fingerprint)}")


def test_county_exports_its_key_and_trusts_a_township(qtbot: Any, county_admin: Session, hall_key_file: Path,  # noqa: F811
                                                      tmp_path: Path, recorder: Recorder) -> None:
    screen = settings_for(qtbot, county_admin)
    assert screen.findChild(QLabel, "county_code").text() == "泉州市鲤城区（350502）"
    assert screen.findChild(QGroupBox, "county") is not None
    assert screen.export_button is not None and screen.export_button.text() == "导出县局公钥(&E)…"
    assert screen.import_button is not None and screen.import_button.text() == "信任乡镇公钥(&I)…"
    assert screen.partner.text().startswith("尚未信任任何乡镇的公钥")

    out = tmp_path / "county-for-townships.pub"
    screen.choose_key_target = lambda _parent, _title, _name: out
    screen.export_button.click()
    wait_idle(qtbot)
    county = exchange_keys.read_public_file(out)
    assert county.role == "county" and county.x25519 is not None and county.name == "县局（350502）"
    assert recorder.shown[-1][1].startswith("已导出县局公钥文件")

    screen.choose_key_file = lambda _parent, _title: hall_key_file
    asked = asked_and_answer(recorder, True)
    screen.import_button.click()
    wait_idle(qtbot)
    hall = exchange_keys.read_public_file(hall_key_file)
    assert "乡镇（街道）：海滨街道（350502001）" in asked[0] and grouped(hall.fingerprint) in asked[0]
    assert hall.fingerprint in exchange_keys.trusted_keys()
    assert recorder.shown[-1][1].startswith("已信任海滨街道（350502001）的公钥，现在可以导入该乡镇的数据包。")
    assert screen.partner.text() == f"海滨街道（350502001）　{grouped(hall.fingerprint)}"


def test_the_county_offers_its_own_roles(qtbot: Any, county_admin: Session) -> None:  # noqa: F811
    """Nobody takes or approves applications at the county: no 窗口工作人员 or 审核人 there."""
    screen = settings_for(qtbot, county_admin)
    offered = [(screen.user_role.itemText(i), screen.user_role.itemData(i)) for i in range(screen.user_role.count())]
    assert offered == [("县局工作人员", "clerk"), ("管理员", "admin")]
    listed = [screen.users.item(i).text() for i in range(screen.users.count())]
    assert len(listed) == 3 and not [t for t in listed if "窗口工作人员" in t or "审核人" in t]
    assert sum("县局工作人员" in t for t in listed) == 2  # the clerk's and the reviewer's accounts


def test_county_refuses_the_county_file_as_a_township(qtbot: Any, county_admin: Session, county_key_file: Path,  # noqa: F811
                                                      recorder: Recorder) -> None:
    screen = settings_for(qtbot, county_admin)
    screen.choose_key_file = lambda _parent, _title: county_key_file
    screen.import_button.click()
    wait_idle(qtbot)
    assert recorder.shown[-1] == ("error", "这是县局的公钥文件。请选择乡镇（街道）便民服务中心导出的公钥文件。")
