"""切换用户 (Ctrl+L): a colleague signs in at the same desk without the program being restarted —
not over a clerk's unsaved typing, and 退出 in the sign-in dialog quits."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel

from intake.rules.townships import Townships
from intake.store.ops import Actor
from intake.store.db import Store
from tests.ui.conftest import ADMIN, PASSWORD, TOWNSHIP, Recorder, type_text, wait_idle, worker_on_the_store
from ui import task
from ui.desk import Desk
from ui.login_dialog import LoginDialog
from ui.main_window import MainWindow


COUNTY = "350502"
_OPEN: list[Desk] = []  # closed after each test (the windows a switch replaced are deleted already)


@pytest.fixture(autouse=True)
def _close_desks() -> Iterator[None]:
    yield
    while _OPEN:
        window = _OPEN.pop().window
        if not shiboken6.isValid(window):  # 退出 closed it
            continue
        window.may_close = lambda: True  # the unsaved-typing test left its wizard as it was
        window.close()
        window.deleteLater()


@pytest.fixture
def county_ready(recorder: Recorder) -> Iterator[None]:
    """A store that is the county's, with its admin; the worker uses it."""
    with Store.open() as store:
        store.users.add("admin", PASSWORD, "admin", ADMIN)
        store.settings.set_county(COUNTY, ADMIN)
    with worker_on_the_store():
        yield


def opened(qtbot: Any, townships: Townships, who: str) -> Desk:
    desk = Desk(townships, TOWNSHIP, "", lambda window: window.show())
    window = desk.open(Actor(who, who))
    _OPEN.append(desk)
    qtbot.wait_until(window.isActiveWindow)
    wait_idle(qtbot)
    return desk


def in_the_dialog(qtbot: Any, act: Callable[[LoginDialog], None], seen: list[LoginDialog]) -> None:
    """Once the sign-in dialog is up (its ``exec`` runs its own event loop): ``act`` on it. A
    failure inside still closes the dialog, so the test reports it instead of waiting forever."""
    def step() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, LoginDialog):
            QTimer.singleShot(20, step)
            return
        seen.append(dialog)
        try:
            act(dialog)
        except BaseException:
            dialog.reject()
            raise

    QTimer.singleShot(0, step)


def sign_in_as(qtbot: Any, dialog: LoginDialog, user: str) -> None:
    """Types the account and its password as a clerk would, and presses Enter."""
    qtbot.keyClicks(dialog.user, user)
    qtbot.keyClick(dialog.user, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)


def press_ctrl_l(qtbot: Any) -> None:
    target = QApplication.focusWidget()
    assert target is not None, "the keyboard is nowhere"
    qtbot.keyClick(target, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)


def test_a_supervisor_signs_in_at_the_clerks_desk(qtbot: Any, store_ready: None, townships: Townships) -> None:
    desk = opened(qtbot, townships, "clerk")
    clerk_window = desk.window
    seen: list[LoginDialog] = []

    facts: list[bool] = []

    def sign_in(dialog: LoginDialog) -> None:
        facts.extend([clerk_window.isVisible(), dialog.user.text() == ""])
        sign_in_as(qtbot, dialog, "supervisor")

    in_the_dialog(qtbot, sign_in, seen)
    press_ctrl_l(qtbot)
    assert seen, "the sign-in dialog came up"
    assert facts == [False, True], "nobody works on as the clerk meanwhile; nobody's name is offered"
    window = desk.window
    assert isinstance(window, MainWindow) and window is not clerk_window
    assert (window.session.user, window.session.role) == ("supervisor", "supervisor")
    assert window.isVisible() and not clerk_window.isVisible()
    label = window.findChild(QLabel, "signed_in")
    assert label is not None and "审核人" in label.text()
    assert QApplication.quitOnLastWindowClosed(), "closing the supervisor's window ends the program again"


def test_not_over_unsaved_typing(qtbot: Any, store_ready: None, townships: Townships, recorder: Recorder) -> None:
    desk = opened(qtbot, townships, "clerk")
    window = desk.window
    wizard = window.new_case()
    name = wizard.applicant.applicant.rows["name"].widget
    type_text(qtbot, name, "林晓")
    desk.make_login = lambda: pytest.fail("no sign-in while the clerk keeps the typing")  # type: ignore[assignment, return-value]
    recorder.confirms.append(False)  # 本案件有尚未保存的内容……确定离开吗？ No
    press_ctrl_l(qtbot)
    assert desk.window is window and window.isVisible() and window.wizard is wizard
    assert name.text() == "林晓"


def test_leaving_the_dialog_quits_once_confirmed(qtbot: Any, store_ready: None, townships: Townships,
                                                recorder: Recorder, monkeypatch: pytest.MonkeyPatch) -> None:
    quits: list[object] = []
    monkeypatch.setattr(QApplication, "quit", lambda *_: quits.append(True))
    desk = opened(qtbot, townships, "clerk")
    window = desk.window
    seen: list[LoginDialog] = []
    recorder.confirms.extend([False, True])  # 退出“落户受理”吗？ No (back to the sign-in), then Yes

    def leave(dialog: LoginDialog) -> None:
        dialog.reject()  # Esc, or 退出
        if len(seen) < 2:
            in_the_dialog(qtbot, leave, seen)

    in_the_dialog(qtbot, leave, seen)
    press_ctrl_l(qtbot)
    assert len(seen) == 2 and not recorder.confirms and quits == [True]
    assert desk.window is window and not window.isVisible()
    assert QApplication.quitOnLastWindowClosed()


def test_the_county_switches_too(qtbot: Any, county_ready: None, townships: Townships) -> None:
    desk = Desk(townships, "", COUNTY, lambda window: window.show())
    window = desk.open(Actor("admin", "admin"))
    _OPEN.append(desk)
    qtbot.wait_until(window.isActiveWindow)
    wait_idle(qtbot)
    seen: list[LoginDialog] = []

    def sign_in(dialog: LoginDialog) -> None:
        assert any("县局汇总：泉州市鲤城区" in label.text() for label in dialog.findChildren(QLabel))
        sign_in_as(qtbot, dialog, "admin")

    in_the_dialog(qtbot, sign_in, seen)
    press_ctrl_l(qtbot)
    assert seen and desk.window is not window and desk.window.session.is_county


def test_a_failing_sign_in_brings_the_window_back(qtbot: Any, store_ready: None, townships: Townships) -> None:
    """Never a program with no window that does not quit: the clerk's window returns."""
    desk = opened(qtbot, townships, "clerk")
    window = desk.window

    def broken() -> LoginDialog:
        raise RuntimeError("the dialog could not be built")

    desk.make_login = broken
    with pytest.raises(RuntimeError):
        desk.switch_user()
    assert desk.window is window and window.isVisible() and QApplication.quitOnLastWindowClosed()


def test_not_while_work_runs(qtbot: Any, store_ready: None, townships: Townships, recorder: Recorder,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    desk = opened(qtbot, townships, "clerk")
    desk.make_login = lambda: pytest.fail("no sign-in while a task may be writing")  # type: ignore[assignment, return-value]
    monkeypatch.setattr(task, "idle", lambda: False)
    desk.switch_user()
    assert desk.window.isVisible() and recorder.shown[-1] == ("info", "正在处理上一项工作，请等它完成后再切换用户。")
