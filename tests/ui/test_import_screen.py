"""The county's import screen, with real parts: two township halls and the county, each with its own
data folder and keys, real bundles exported to a folder standing in for the USB stick, imported
through the screen into the county's store file."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from intake.evaluation import Evaluator
from intake.ids import mask_id_number
from intake.rules.townships import Townships
from intake.store.db import Store
from tests.conftest import REPO
from tests.intake.exchange import forge
from tests.intake.exchange.conftest import A_CODE, B_CODE, TWICE, Side, World, _build, file_case
from tests.intake.store.conftest import TOWNSHIPS, person
from tests.ui.conftest import Recorder, wait_idle
from ui import task
from intake.exchange.bundle import bundles_in
from ui.import_screen import ImportScreen
from ui.session import Session

COUNTY = A_CODE[:6]


def province(root: Path) -> World:
    return World(root, Side("county", root), Side("a", root, A_CODE), Side("b", root, B_CODE))


@pytest.fixture(scope="session")
def exported_province(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The county and two halls with their cases; each hall has exported its bundle to the stick."""
    root = tmp_path_factory.mktemp("county-desk")
    world = _build(root, Evaluator.load(REPO / "rules", TOWNSHIPS))
    world.export(world.a)
    world.export(world.b)
    return root


@pytest.fixture
def county_desk(exported_province: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                recorder: Recorder) -> Iterator[World]:
    """A fresh copy of the province; this process is the county's installation, whose worker
    opens the county's store file."""
    root = tmp_path / "province"
    shutil.copytree(exported_province, root)
    world = province(root)
    monkeypatch.setenv("INTAKE_DATA_DIR", str(world.county.data))
    task.configure(lambda: Store.open(world.county.db))
    yield world
    task.shutdown()
    task.configure(None)


def county_session(townships: Townships) -> Session:
    return Session("county1", "admin", "", townships, county_code=COUNTY)


def case_count(world: World) -> int:
    return int(world.county_state()[1][0])


def make_screen(qtbot: Any, world: World, townships: Townships) -> ImportScreen:
    screen = ImportScreen(county_session(townships))
    qtbot.add_widget(screen)
    screen.choose_folder = lambda parent: world.usb
    screen.choose_files = lambda parent: []
    return screen


def rows(screen: ImportScreen) -> list[list[str]]:
    table = screen.table
    return [[table.topLevelItem(i).text(c) for c in range(table.columnCount())]
            for i in range(table.topLevelItemCount())]


def test_the_stick_is_imported_bundle_by_bundle(qtbot: Any, county_desk: World, townships: Townships) -> None:
    world = county_desk
    screen = make_screen(qtbot, world, townships)
    assert case_count(world) == 0
    qtbot.mouseClick(screen.folder_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    a, b = sorted(p.name for p in bundles_in(world.usb))
    assert sorted(rows(screen)) == sorted([
        [a, "海滨街道（350502001）", "1", "4", "4", "已导入"],
        [b, "临江街道（350502002）", "1", "3", "3", "已导入"],
    ])
    assert screen.summary.text() == "已导入 2 个数据包，共 7 件案件，其中新案件 7 件；1 人需人工核查。"
    assert case_count(world) == 7
    # the applicant filed in both townships, masked, with both cases beneath
    assert screen.reviews_box.isVisibleTo(screen)
    top = screen.reviews.topLevelItem(0)
    assert top.text(0) == mask_id_number(TWICE) and TWICE not in top.text(0)
    cases = [top.child(i).text(0) for i in range(top.childCount())]
    assert sorted(n[:9] for n in cases) == [A_CODE, B_CODE]
    opened: list[str] = []
    screen.open_case.connect(opened.append)
    screen.reviews.setCurrentItem(top.child(1))
    qtbot.keyClick(screen.reviews, Qt.Key.Key_Return)
    assert opened == [cases[1]]


def test_importing_again_says_already_imported_and_changes_nothing(qtbot: Any, county_desk: World,
                                                                   townships: Townships,
                                                                   recorder: Recorder) -> None:
    world = county_desk
    screen = make_screen(qtbot, world, townships)
    screen.import_folder_chosen()
    wait_idle(qtbot)
    before = world.county_state()
    emitted: list[object] = []
    screen.imported.connect(emitted.append)
    screen.import_folder_chosen()
    wait_idle(qtbot)
    assert [r[3:] for r in rows(screen)] == [["—", "—", "此前已导入，未作更改"]] * 2
    assert screen.summary.text() == "已导入 0 个数据包，共 0 件案件，其中新案件 0 件；2 个数据包此前已导入，未作更改。"
    assert world.county_state() == before
    assert emitted == [], "nothing changed, so no screen needs to refresh"
    assert recorder.shown == []


def test_a_tampered_bundle_is_refused_and_the_store_is_unchanged(qtbot: Any, county_desk: World,
                                                                  townships: Townships, recorder: Recorder) -> None:
    world = county_desk
    bad = bundles_in(world.usb)[1]
    forge.flip(bad, forge.data_offset(bad, "cases.bin") + 10)
    before = world.county_state()
    screen = make_screen(qtbot, world, townships)
    screen.import_folder_chosen()
    wait_idle(qtbot)
    assert len(recorder.shown) == 1
    level, text = recorder.shown[0]
    assert level == "error"
    assert f"数据包 {bad.name} 已拒绝" in text and "数据库未作任何更改" in text
    assert screen.summary.text() == f"导入未完成：{text}"
    assert rows(screen) == []
    assert world.county_state() == before and case_count(world) == 0
    assert screen.folder_button.hasFocus() or not screen.isVisible()


def test_bundles_chosen_one_by_one(qtbot: Any, county_desk: World, townships: Townships) -> None:
    world = county_desk
    screen = make_screen(qtbot, world, townships)
    first = next(p for p in bundles_in(world.usb) if A_CODE in p.name)
    screen.choose_files = lambda parent: [first]
    qtbot.mouseClick(screen.files_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    assert [r[:3] for r in rows(screen)] == [[first.name, "海滨街道（350502001）", "1"]]
    assert case_count(world) == 4
    assert not screen.reviews_box.isVisibleTo(screen), "one township alone flags nobody"


def test_a_folder_without_bundles(qtbot: Any, county_desk: World, townships: Townships, recorder: Recorder,
                                  tmp_path: Path) -> None:
    empty = tmp_path / "empty-stick"
    empty.mkdir()
    (empty / "readme.txt").write_text("not a bundle", encoding="utf-8")
    (empty / ".half-copied.hukou").write_bytes(b"")
    screen = make_screen(qtbot, county_desk, townships)
    screen.choose_folder = lambda parent: empty
    screen.import_folder_chosen()
    wait_idle(qtbot)
    assert recorder.shown and recorder.shown[0][0] == "info" and "没有找到数据包" in recorder.shown[0][1]
    assert rows(screen) == []


def test_a_cancelled_import_says_nothing_changed(qtbot: Any, county_desk: World, townships: Townships,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QProgressDialog, QPushButton

    from intake.exchange import stage

    world = county_desk
    screen = make_screen(qtbot, world, townships)
    screen.import_folder_chosen()  # an earlier import, whose rows must not stay as this one's
    wait_idle(qtbot)
    before = world.county_state()
    release, real_check = threading.Event(), stage.BundleImport.check

    def held(job: stage.BundleImport) -> None:  # long enough for the clerk to press 取消
        release.wait(10)
        real_check(job)

    monkeypatch.setattr(stage.BundleImport, "check", held)
    with world.a.store() as hall:
        file_case(hall, None, "vocational-own-property", person(77), "新案")  # type: ignore[arg-type]
    world.export(world.a)  # the hall's next bundle, beside the imported ones
    screen.show()
    screen.import_folder_chosen()
    qtbot.wait_until(lambda: screen.findChild(QProgressDialog) is not None, timeout=5000)
    screen.findChild(QProgressDialog).findChild(QPushButton).click()  # 取消
    release.set()
    wait_idle(qtbot)
    assert screen.summary.text() == "导入已取消：县局数据库未作任何更改，可以重新导入。"
    assert rows(screen) == []
    assert world.county_state() == before


def test_cancelled_dialogs_do_nothing(qtbot: Any, county_desk: World, townships: Townships) -> None:
    screen = make_screen(qtbot, county_desk, townships)
    screen.choose_folder = lambda parent: None
    assert screen.import_folder_chosen() is None
    assert screen.import_files_chosen() is None
    assert task.idle() and screen.summary.text() == "尚未导入。"


def press(qtbot: Any, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key as the keyboard sends it: to whichever widget has the focus."""
    from PySide6.QtWidgets import QApplication

    target = QApplication.focusWidget()
    assert target is not None, "the keyboard must be somewhere"
    qtbot.keyClick(target, key, modifier)


def test_alt_keys_choose(qtbot: Any, county_desk: World, townships: Townships) -> None:
    screen = make_screen(qtbot, county_desk, townships)
    chosen: list[str] = []
    screen.choose_folder = lambda parent: chosen.append("folder")  # type: ignore[func-returns-value]
    screen.choose_files = lambda parent: chosen.append("files") or []  # type: ignore[func-returns-value]
    screen.show()
    screen.activateWindow()
    qtbot.wait_until(screen.isActiveWindow)
    screen.focus_start()
    assert screen.folder_button.hasFocus()
    press(qtbot, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)  # 选择数据包文件(&O)
    qtbot.wait_until(lambda: chosen == ["files"])
    press(qtbot, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)  # 选择 U 盘或文件夹(&D)
    qtbot.wait_until(lambda: chosen == ["files", "folder"])
