"""The county's window: its shortcuts, cases found and opened read-only, the review list, screens
loaded on first use, and the desk itself started headless as the county."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QToolBar

from intake.exchange import keys as exchange_keys
from intake.rules.townships import Townships
from intake.store.db import Store
from tests.conftest import REPO
from tests.intake.exchange.conftest import A_CODE, TWICE
from tests.ui.conftest import type_text, wait_idle
from tests.ui.test_import_screen import (  # noqa: F401 - fixtures
    World,
    bundles_in,
    county_desk,
    county_session,
    exported_province,
)
from tests.ui.test_smoke import _warnings, desk_exe
from ui.county_window import CountyWindow

CTRL = Qt.KeyboardModifier.ControlModifier
TITLE = "落户受理 — 县局汇总：泉州市鲤城区（350502）"


def press(qtbot: Any, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key to whichever widget has the focus, as the keyboard sends it."""
    target = QApplication.focusWidget()
    assert target is not None, "the keyboard is nowhere"
    qtbot.keyClick(target, key, modifier)


def window_for(qtbot: Any, townships: Townships) -> CountyWindow:
    window = CountyWindow(county_session(townships))
    qtbot.add_widget(window)
    window.show()
    window.bring_to_front()
    qtbot.wait_until(window.isActiveWindow)
    wait_idle(qtbot)
    return window


def imported(world: World) -> None:
    """Both halls' bundles merged at the county, as the import screen would."""
    world.import_(*bundles_in(world.usb))


def test_shortcuts_open_each_screen(qtbot: Any, county_desk: World, townships: Townships) -> None:
    window = window_for(qtbot, townships)
    assert window.windowTitle() == f"{TITLE} — 导入数据包"
    assert window.screens["import"].folder_button.hasFocus(), "the keyboard starts on choosing the stick"
    toolbar = [a.text() for a in window.findChild(QToolBar, "toolbar").actions() if a.text()]
    assert toolbar == ["导入数据包（Ctrl+I）", "核查（Ctrl+R）", "查找（Ctrl+F）", "统计（Ctrl+T）", "备份（Ctrl+B）",
                       "设置（Ctrl+,）", "切换用户（Ctrl+L）", "退出（Ctrl+Q）"]

    press(qtbot, Qt.Key.Key_T, CTRL)
    wait_idle(qtbot)
    assert window.windowTitle() == f"{TITLE} — 统计"
    assert type(window.stack.currentWidget()).__name__ == "StatsScreen"

    press(qtbot, Qt.Key.Key_R, CTRL)
    wait_idle(qtbot)
    assert window.windowTitle() == f"{TITLE} — 核查"
    assert window.screens["reviews"].count.text() == "没有待核查的申请人。"

    press(qtbot, Qt.Key.Key_F, CTRL)
    finder = window.screens["find"]
    assert window.windowTitle() == f"{TITLE} — 查找"
    assert finder.search.hasFocus() and not finder.tabs.isVisibleTo(finder), "no hall work queues at the county"

    press(qtbot, Qt.Key.Key_Comma, CTRL)
    wait_idle(qtbot)
    assert window.windowTitle() == f"{TITLE} — 设置"
    assert type(window.stack.currentWidget()).__name__ == "SettingsScreen"

    press(qtbot, Qt.Key.Key_I, CTRL)
    assert window.stack.currentWidget() is window.screens["import"]
    press(qtbot, Qt.Key.Key_Q, CTRL)
    qtbot.wait_until(lambda: not window.isVisible())


def test_a_found_case_opens_read_only(qtbot: Any, county_desk: World, townships: Townships) -> None:
    imported(county_desk)
    window = window_for(qtbot, townships)
    press(qtbot, Qt.Key.Key_F, CTRL)
    finder = window.screens["find"]
    type_text(qtbot, finder.search, "林晓")
    qtbot.wait_until(lambda: finder.results.isVisible() and finder.results.topLevelItemCount() == 1, timeout=10_000)
    number = finder.results.topLevelItem(0).text(0)
    assert number.startswith(A_CODE)
    last = finder.results.columnCount() - 1  # the county finds every township's cases: each hit names its own
    assert finder.results.headerItem().text(last) == "受理乡镇（街道）"
    assert finder.results.topLevelItem(0).text(last) == f"海滨街道（{A_CODE}）"
    press(qtbot, Qt.Key.Key_Return)
    wait_idle(qtbot)
    case = window.case
    assert window.stack.currentWidget() is case
    assert window.windowTitle() == f"{TITLE} — 案件 {number}（只读）"
    assert case.title.text().startswith(f"案件 {number}　林晓")
    for button in (case.resume, case.approve, case.complete, case.reject, case.withdraw, case.print_buttons):
        assert button is None or not button.isVisibleTo(case), "the county changes nothing"
    history = [case.history.item(i).text() for i in range(case.history.count())]
    with county_desk.a.store() as hall:
        steps = hall.cases.get(number).history  # what the township did, as its own store tells it
    assert len(steps) >= 4 and len(history) == len(steps) + 1, history
    for line, step in zip(history, steps):
        assert f"　海滨街道·{step.actor}　{step.label}" in line and line.startswith(step.at[:10]), (line, step)
    assert "县局·" in history[-1] and "导入" in history[-1], "then the county's import"
    assert case.back.hasFocus() and case.back.text() == "返回(&W)"
    press(qtbot, Qt.Key.Key_Return)  # 返回: back to the search, the query still there
    qtbot.wait_until(lambda: window.stack.currentWidget() is finder)
    assert finder.search.text() == "林晓"


def test_the_review_list_names_the_applicant_in_two_townships(qtbot: Any, county_desk: World,
                                                              townships: Townships) -> None:
    imported(county_desk)
    window = window_for(qtbot, townships)
    press(qtbot, Qt.Key.Key_R, CTRL)
    wait_idle(qtbot)
    reviews = window.screens["reviews"]
    assert reviews.count.text() == "共 1 人待核查"
    top = reviews.tree.topLevelItem(0)
    assert top.text(0) == TWICE[:6] + "********" + TWICE[-4:]
    townships_shown = sorted(top.child(i).text(1) for i in range(top.childCount()))
    assert townships_shown == ["临江街道（350502002）", "海滨街道（350502001）"]
    from intake.store.states import STATE_LABELS

    assert top.text(3) and all(top.child(i).text(3) == top.text(3) for i in range(top.childCount())), "the name"
    assert all(top.child(i).text(4) in STATE_LABELS.values() for i in range(top.childCount())), "each case's state"
    assert reviews.tree.hasFocus() and reviews.tree.currentItem() is top.child(0)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    wait_idle(qtbot)
    number = top.child(1).text(0)
    assert window.windowTitle() == f"{TITLE} — 案件 {number}（只读）"
    press(qtbot, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)  # 返回(&W)
    qtbot.wait_until(lambda: window.stack.currentWidget() is reviews)


def test_screens_load_on_first_use() -> None:
    """Cold start: the county window's module brings none of its screens or the exchange core."""
    code = ("import sys, ui.county_window; "
            "print(' '.join(m for m in sys.modules if m.startswith(('ui.', 'intake.exchange'))))")
    run = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, encoding="utf-8",
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, timeout=60)
    assert run.returncode == 0, run.stderr
    loaded = set(run.stdout.split())
    for lazy in ("ui.import_screen", "ui.review_list", "ui.stats_screen", "ui.settings_screen", "ui.case_review",
                 "ui.work_queue", "intake.exchange.importer", "intake.exchange.stats"):
        assert lazy not in loaded, lazy


def _desk(args: list[str], data: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "INTAKE_DATA_DIR": str(data), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([str(desk_exe()), *args, "--quit-when-ready", "--headless"], env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


def test_the_desk_sets_up_and_opens_the_county(tmp_path: Path, monkeypatch: Any) -> None:
    data = tmp_path / "county-desk"
    first = _desk(["--setup", "350502", "admin", "county-2017"], data)
    assert first.returncode == 0, first.stderr
    assert _warnings(first.stderr) == []
    with Store.open(data / "intake.db") as store:
        assert store.settings.county() == "350502" and store.settings.hall_township() is None
        assert [(u.name, u.role) for u in store.users.list()] == [("admin", "admin")]
    monkeypatch.setenv("INTAKE_DATA_DIR", str(data))
    assert exchange_keys.is_county()
    again = _desk(["--login", "admin", "county-2017"], data)
    assert again.returncode == 0, again.stderr
    assert _warnings(again.stderr) == []


def test_one_applicant_with_several_cases_is_one_person_to_review(qtbot: Any, townships: Townships) -> None:
    """Three cases of one person make two flagged pairs but one row and one person in the count."""
    from intake.exchange.ledger import Review
    from ui.review_list import fill_reviews, review_tree

    pairs = [Review(TWICE, "350502001-2017-000001", "350502002-2017-000004", "2017-06-02T10:00:00+08:00"),
             Review(TWICE, "350502001-2017-000003", "350502002-2017-000004", "2017-06-02T10:00:01+08:00")]
    tree = review_tree()
    qtbot.add_widget(tree)
    fill_reviews(tree, pairs, townships)
    assert tree.topLevelItemCount() == 1
    top = tree.topLevelItem(0)
    assert [top.child(i).text(0) for i in range(top.childCount())] == [
        "350502001-2017-000001", "350502001-2017-000003", "350502002-2017-000004"]
    assert top.text(2) == "2017-06-02 10:00"


def test_an_applicant_completed_in_two_townships_is_marked(qtbot: Any, townships: Townships) -> None:
    from intake.exchange.ledger import Review, ReviewedCase
    from ui.review_list import SETTLED_TWICE, fill_reviews, review_tree

    pair = [Review(TWICE, "350502001-2017-000001", "350502002-2017-000004", "2017-06-02T10:00:00+08:00")]
    tree = review_tree()
    qtbot.add_widget(tree)
    done = {"350502001-2017-000001": ReviewedCase("林晓", "completed", "2017-05-02T09:10:00+08:00"),
            "350502002-2017-000004": ReviewedCase("林晓", "completed", "2017-05-20T15:00:00+08:00")}
    fill_reviews(tree, pair, townships, done)
    top = tree.topLevelItem(0)
    assert (top.text(1), top.text(3)) == (SETTLED_TWICE, "林晓")
    assert [top.child(0).text(c) for c in (2, 3, 4)] == ["2017-05-02 09:10", "林晓", "已办结"]
    fill_reviews(tree, pair, townships, {**done, "350502002-2017-000004": ReviewedCase("林晓", "withdrawn", "2017-05-20")})
    assert tree.topLevelItem(0).text(1) == "在两个乡镇（街道）都有申请"


def test_the_county_backs_up_its_store_by_keyboard(qtbot: Any, county_desk: World, townships: Townships,
                                                    tmp_path: Path) -> None:
    """The county's store holds every hall's cases: Ctrl+B, a folder, Enter — a verified copy."""
    from intake.store.backup import backups
    from intake.store.verify import verify_store

    imported(county_desk)
    window = window_for(qtbot, townships)
    press(qtbot, Qt.Key.Key_B, CTRL)
    screen = window.screens["backup"]
    assert window.windowTitle() == f"{TITLE} — 备份数据库"
    assert not screen.export_box.isVisibleTo(screen), "the county exports nothing"
    assert screen.backup_button.hasFocus()
    screen.backup_folder.setText(str(tmp_path / "usb"))
    press(qtbot, Qt.Key.Key_Return)
    wait_idle(qtbot)
    [copy] = backups(tmp_path / "usb")
    with Store.open(copy, create=False) as store:
        assert verify_store(store).ok
        assert store.conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 7
    assert str(copy.name) in screen.backup_outcome.text()
