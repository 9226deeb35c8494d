"""The full-size page viewer: reached from the case page and the wizard by keyboard, pages turned
with PageDown/PageUp, zoomed, fitted and turned with their shortcuts; stored pages read from the store."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from intake.models.parse import parse_application
from intake.store.db import Store
from intake.store.ops import Actor
from tests.conftest import SHARED_CASES
from tests.ui.conftest import wait_idle
from ui.case_review import CaseReview
from ui.page_viewer import MAX_SIDE, Page, PageViewer
from ui.scan_pages import ScanPages
from ui.session import Session

CLERK = Actor("clerk", "clerk")


def scan(path: Path, colour: str, size: tuple[int, int] = (600, 840)) -> Path:
    image = Image.new("RGB", size, colour)
    ImageDraw.Draw(image).rectangle((20, 20, size[0] - 20, size[1] - 20), outline="black", width=8)
    image.save(path)
    return path


def _centre(viewer: PageViewer) -> str:
    image = viewer.image.pixmap().toImage()
    return str(image.pixelColor(image.width() // 2, image.height() // 2).name())


def _opened(qtbot: Any, viewer: PageViewer) -> PageViewer:
    qtbot.add_widget(viewer)
    viewer.resize(800, 600)
    viewer.show()
    viewer.activateWindow()
    qtbot.wait_until(viewer.isActiveWindow)
    return viewer


def _key(qtbot: Any, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def test_pages_are_turned_zoomed_fitted_and_rotated_by_keyboard(qtbot: Any, tmp_path: Path) -> None:
    pages = [Page("正面.png", "png", path=scan(tmp_path / "a.png", "#c8e6c9")),
             Page("背面.png", "png", path=scan(tmp_path / "b.png", "#bbdefb")),
             Page("合同.pdf", "pdf", path=tmp_path / "c.pdf")]
    viewer = _opened(qtbot, PageViewer("居民身份证的扫描页", pages))
    room = viewer.scroll.viewport().size()
    fitted = viewer.image.pixmap().deviceIndependentSize()
    assert fitted.height() <= room.height() and fitted.width() <= room.width(), "the whole page at first"
    assert _centre(viewer) == "#c8e6c9" and viewer.where.text().startswith("第 1 / 3 页　正面.png")
    assert not viewer.previous.isEnabled() and viewer.next.isEnabled()

    _key(qtbot, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)  # actual size
    assert viewer.image.pixmap().deviceIndependentSize().toSize() == viewer.original.size()
    assert viewer.scale.text() == "100%" and viewer.scroll.verticalScrollBar().maximum() > 0, "scrolls when larger"
    bar = viewer.scroll.verticalScrollBar()
    bar.setValue(bar.maximum())  # the foot of the page

    def middle() -> float:
        return (bar.value() + bar.pageStep() / 2) / (bar.maximum() + bar.pageStep())

    looked_at = middle()
    _key(qtbot, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert viewer.scale.text() == "125%" and abs(middle() - looked_at) < 0.01, "zooming keeps the part looked at"
    _key(qtbot, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    _key(qtbot, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert viewer.scale.text() == "80%"
    _key(qtbot, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert viewer.image.pixmap().deviceIndependentSize() == fitted

    _key(qtbot, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)  # a sideways scan, turned for reading
    turned = viewer.image.pixmap().deviceIndependentSize()
    assert turned.width() > turned.height() and turned.width() <= room.width()

    _key(qtbot, Qt.Key.Key_PageDown)
    assert viewer.where.text().startswith("第 2 / 3 页　背面.png") and _centre(viewer) == "#bbdefb"
    upright = viewer.image.pixmap().deviceIndependentSize()
    assert upright.height() > upright.width(), "the next page starts upright and fitted"
    _key(qtbot, Qt.Key.Key_PageDown)
    assert "PDF" in viewer.image.text() and not viewer.next.isEnabled()
    _key(qtbot, Qt.Key.Key_PageDown)  # the last page stays
    assert viewer.where.text().startswith("第 3 / 3 页")
    _key(qtbot, Qt.Key.Key_PageUp)
    assert viewer.where.text().startswith("第 2 / 3 页")
    _key(qtbot, Qt.Key.Key_Escape)
    qtbot.wait_until(lambda: not viewer.isVisible())


def test_zoom_stops_before_a_page_grows_too_large(qtbot: Any, tmp_path: Path) -> None:
    big = Page("大图.png", "png", path=scan(tmp_path / "big.png", "#ffffff", (2400, 3400)))
    viewer = _opened(qtbot, PageViewer("扫描页", [big]))
    for _ in range(12):
        viewer.zoom_in()
    assert max(viewer.image.pixmap().size().width(), viewer.image.pixmap().size().height()) <= MAX_SIDE * viewer.devicePixelRatioF()


def test_an_unreadable_or_vanished_file_is_said_to_be_so(qtbot: Any, tmp_path: Path) -> None:
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"not an image")
    gone = tmp_path / "gone.png"
    pages = [Page("broken.png", "png", path=broken), Page("gone.png", "png", path=gone)]
    viewer = _opened(qtbot, PageViewer("扫描页", pages))
    assert viewer.image.text().startswith("无法显示这一页")
    viewer.show_next()
    assert viewer.image.text().startswith("找不到这个文件") and str(gone) in viewer.image.text()


def test_the_reviewer_opens_a_documents_stored_pages(qtbot: Any, supervisor: Session, tmp_path: Path) -> None:
    data = json.loads((SHARED_CASES / "graduate-registered-rental.json").read_text(encoding="utf-8"))
    with Store.open() as store:
        number = str(store.cases.create(parse_application(data), CLERK).case)
        store.pages.attach_files(number, 0, [scan(tmp_path / "id-front.png", "#c8e6c9"),
                                             scan(tmp_path / "id-back.png", "#bbdefb")], CLERK)
    review = CaseReview(supervisor)
    qtbot.add_widget(review)
    review.show()
    review.activateWindow()
    qtbot.wait_until(review.isActiveWindow)
    review.load(number)
    wait_idle(qtbot)
    assert review.view_pages.isEnabled()
    review.documents.setFocus()
    qtbot.keyClick(review.documents, Qt.Key.Key_Down)  # a document without scans
    assert not review.view_pages.isEnabled()
    qtbot.keyClick(review.documents, Qt.Key.Key_Up)
    qtbot.keyClick(review, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)  # 查看扫描页(&V)
    qtbot.wait_until(lambda: review.viewer is not None and review.viewer.isVisible())
    viewer = review.viewer
    qtbot.wait_until(lambda: viewer.image.pixmap() is not None and not viewer.image.pixmap().isNull())
    assert _centre(viewer) == "#c8e6c9" and viewer.where.text().startswith("第 1 / 2 页　id-front.png")
    assert viewer.windowTitle() == "落户受理 — 居民身份证的扫描页"
    viewer.activateWindow()
    qtbot.wait_until(viewer.isActiveWindow)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    qtbot.wait_until(lambda: not viewer.isVisible())
    qtbot.wait_until(lambda: review.focusWidget() is review.documents)  # back to the list, to check the next
    review.activateWindow()
    qtbot.wait_until(review.isActiveWindow)
    review.approve.setFocus()
    qtbot.keyClick(review, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)  # 证件与扫描页(&L)
    qtbot.wait_until(review.documents.hasFocus)


def test_enter_on_a_page_in_the_wizard_opens_it(qtbot: Any, tmp_path: Path) -> None:
    pages = ScanPages()
    qtbot.add_widget(pages)
    pages.show()
    pages.add_files([scan(tmp_path / "one.png", "#c8e6c9"), scan(tmp_path / "two.png", "#ffe0b2")])
    pages.activateWindow()
    qtbot.wait_until(pages.isActiveWindow)
    pages.thumbs.setFocus()
    assert pages.thumbs.currentRow() == 1
    qtbot.keyClick(pages.thumbs, Qt.Key.Key_Return)
    qtbot.wait_until(lambda: pages.viewer is not None and pages.viewer.isVisible())
    assert pages.viewer.where.text().startswith("第 2 / 2 页　two.png") and _centre(pages.viewer) == "#ffe0b2"
