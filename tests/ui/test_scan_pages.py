"""Scanned pages: a continued case shows the pages the store holds as thumbnails (never removable),
new pages follow them and are appended when the case is saved; files the store refuses are not
taken."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw
from PySide6.QtCore import Qt

from intake.models.parse import parse_application
from intake.store.db import Store
from intake.store.ops import Actor
from tests.conftest import SHARED_CASES
from tests.ui.conftest import Recorder, wait_idle
from ui.main_window import MainWindow
from ui.scan_pages import ScanPages
from ui.session import Session

CLERK = Actor("clerk", "clerk")


def scan(path: Path, colour: str) -> Path:
    """A drawn page: a dark frame on ``colour``, so a thumbnail of it is not blank."""
    image = Image.new("RGB", (600, 840), colour)
    ImageDraw.Draw(image).rectangle((30, 30, 570, 810), outline="black", width=12)
    image.save(path)
    return path


def test_continued_case_shows_stored_pages_as_thumbnails(qtbot: Any, clerk: Session, tmp_path: Path) -> None:
    data = json.loads((SHARED_CASES / "graduate-no-employment.json").read_text(encoding="utf-8"))
    with Store.open() as store:
        number = str(store.cases.create(parse_application(data), CLERK).case)
        store.pages.attach_files(number, 0, [scan(tmp_path / "id-front.png", "#c8e6c9"),
                                             scan(tmp_path / "id-back.png", "#bbdefb")], CLERK)
        store.workflow.evaluate(number, clerk.evaluator, CLERK)
    window = MainWindow(clerk)
    qtbot.add_widget(window)
    window.show()
    wait_idle(qtbot)
    window.open_case(number)
    wait_idle(qtbot)
    assert window.review.resume.isVisible()
    qtbot.keyClick(window.review, Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)  # 继续受理(&E)
    qtbot.wait_until(lambda: window.wizard is not None and window.wizard.step() == 1, timeout=5000)
    wait_idle(qtbot)
    scans = window.wizard.documents.editors[0].scans
    assert [scans.thumbs.item(i).text() for i in range(scans.thumbs.count())] == [
        "第 1 页（已保存）", "第 2 页（已保存）"]
    icon = scans.thumbs.item(0).icon().pixmap(64, 64).toImage()
    assert icon.pixelColor(icon.width() // 2, icon.height() // 2).name() == "#c8e6c9"  # the page, not a placeholder
    assert scans.thumbs.currentRow() == 0 and not scans.remove.isEnabled()
    qtbot.wait_until(lambda: scans.preview.pixmap() is not None and not scans.preview.pixmap().isNull())

    scans.add_files([scan(tmp_path / "id-copy.png", "#ffe0b2")])
    assert scans.thumbs.item(2).text() == "第 3 页" and scans.remove.isEnabled()
    window.wizard.go_next()
    wait_idle(qtbot)
    assert window.wizard.step() == 2
    with Store.open() as store:
        assert [p.filename for p in store.cases.get(number).documents[0].pages] == [
            "id-front.png", "id-back.png", "id-copy.png"]


def test_files_the_store_refuses_are_not_taken(qtbot: Any, recorder: Recorder, tmp_path: Path) -> None:
    pages = ScanPages()
    qtbot.add_widget(pages)
    bmp = tmp_path / "page.bmp"
    Image.new("RGB", (10, 10)).save(bmp)
    assert pages.add_files([bmp]) == [bmp]
    assert pages.pages == []
    assert recorder.shown == [("error", "只能添加图片（JPEG、PNG、TIFF）或 PDF 扫描件，未添加：page.bmp")]


def test_the_preview_shows_the_whole_page(qtbot: Any, tmp_path: Path) -> None:
    """A page taller than the space for it is fitted, not shown half-scrolled; and fitted again
    when the window grows."""
    pages = ScanPages()
    qtbot.add_widget(pages)
    pages.resize(700, 420)
    pages.show()
    qtbot.wait_exposed(pages)
    pages.add_files([scan(tmp_path / "tall.png", "#ffe0b2")])
    viewport = pages._scroll.viewport()
    qtbot.wait_until(lambda: pages.preview.pixmap() is not None and not pages.preview.pixmap().isNull())
    shown = pages.preview.pixmap().deviceIndependentSize()
    assert shown.height() <= viewport.height() and pages._scroll.verticalScrollBar().maximum() == 0
    pages.resize(700, 800)
    qtbot.wait_until(lambda: pages.preview.pixmap().deviceIndependentSize().height() > shown.height() + 100)
    assert pages.preview.pixmap().deviceIndependentSize().height() <= viewport.height()
