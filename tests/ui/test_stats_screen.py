"""The statistics screen shows the figures of `intake stats` (the same core,
``intake.exchange.stats``) in the county report's sections and words, with bars, and saves them as
the PDF report or CSV — at a hall, and at the county over every imported township."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from PySide6.QtCore import Qt

from intake.exchange.sections import sections
from intake.exchange.stats import statistics
from intake.models.parse import parse_application
from intake.store.db import Store
from intake.store.ops import Actor
from intake.rules.townships import Townships
from tests.conftest import SHARED_CASES
from tests.ui.conftest import Recorder, wait_idle
from tests.ui.test_import_screen import (  # noqa: F401 - fixtures
    World,
    bundles_in,
    county_desk,
    county_session,
    exported_province,
)
from ui.session import Session
from ui.stats_screen import StatsScreen


def file_cases(clerk: Session) -> None:
    """Three evaluated worked examples and one draft, at the hall."""
    actor = Actor("clerk", "clerk")
    with Store.open() as store:
        for name in ("graduate-registered-rental", "graduate-no-employment", "vocational-own-property"):
            data = json.loads((SHARED_CASES / f"{name}.json").read_text(encoding="utf-8"))
            number = str(store.cases.create(parse_application(data), actor).case)
            store.workflow.evaluate(number, clerk.evaluator, actor)
        store.cases.create(parse_application(data), actor)


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def test_counts_and_bars(qtbot: Any, clerk: Session) -> None:
    actor = Actor("clerk", "clerk")
    with Store.open() as store:
        for name in ("graduate-registered-rental", "graduate-no-employment", "vocational-own-property"):
            data = json.loads((SHARED_CASES / f"{name}.json").read_text(encoding="utf-8"))
            number = str(store.cases.create(parse_application(data), actor).case)
            store.workflow.evaluate(number, clerk.evaluator, actor)
        store.cases.create(parse_application(data), actor)
        expected = statistics(store)
    screen = StatsScreen(clerk)
    qtbot.add_widget(screen)
    wait_idle(qtbot)
    assert screen.total.text() == "共受理 4 件，其中尚未评估 1 件"
    assert screen.stats is not None and screen.stats.by_outcome == expected.by_outcome
    for section in sections(expected, clerk.townships):
        if section.id in ("by_township", "by_month"):
            continue
        assert dict(screen.charts[section.id].rows) == {r.label: r.count for r in section.rows}, section.id
        assert screen.groups[section.id].title() == section.title
    outcomes = dict(screen.charts["by_outcome"].rows)
    assert sum(outcomes.values()) == 3 and "符合落户条件" in outcomes
    assert dict(screen.charts["by_state"].rows) == {"已评估": 3, "草稿": 1}
    assert sum(dict(screen.charts["by_month"].rows).values()) == 4
    assert "by_township" not in screen.charts  # one hall, one township
    assert screen.charts["settled"].rows == []  # nothing completed yet


def test_recount_reuses_the_charts(qtbot: Any, clerk: Session) -> None:
    screen = StatsScreen(clerk)
    qtbot.add_widget(screen)
    wait_idle(qtbot)
    charts = dict(screen.charts)
    screen.reload()
    wait_idle(qtbot)
    assert screen.charts == charts


def test_long_labels_are_not_cut(qtbot: Any) -> None:
    from ui.bar_chart import BarChart

    label = "在城镇就业居住 5 年以上的农业转移人口"
    chart = BarChart()
    qtbot.add_widget(chart)
    chart.resize(1000, 100)
    chart.set_rows([(label, 3), ("举家迁徙的农业转移人口", 1)])
    assert chart.label_width() >= chart.fontMetrics().horizontalAdvance(label) + 8


def test_the_hall_saves_the_report_and_the_csv(qtbot: Any, clerk: Session, recorder: Recorder, tmp_path: Path) -> None:
    file_cases(clerk)
    screen = StatsScreen(clerk)
    qtbot.add_widget(screen)
    assert not screen.pdf_button.isEnabled(), "nothing to save before the counts are in"
    wait_idle(qtbot)
    assert screen.pdf_button.isEnabled() and screen.csv_button.isEnabled()
    asked: list[str] = []
    screen.choose_pdf = lambda parent, name: asked.append(name) or tmp_path / "hall.pdf"  # type: ignore[func-returns-value]
    screen.choose_csv = lambda parent, name: asked.append(name) or tmp_path / "hall.csv"  # type: ignore[func-returns-value]
    qtbot.mouseClick(screen.pdf_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    assert asked[0].startswith("落户统计-海滨街道-") and asked[0].endswith(".pdf")
    text = pdf_text(tmp_path / "hall.pdf")
    assert "海滨街道" in text and "350502001" in text and "按评估结论" in text
    qtbot.mouseClick(screen.csv_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    rows = csv_rows(tmp_path / "hall.csv")
    assert ["total", "案件总数", "", "", "4"] in rows
    assert recorder.shown == [("info", f"已保存统计PDF 报告：{tmp_path / 'hall.pdf'}"),
                              ("info", f"已保存统计CSV：{tmp_path / 'hall.csv'}")]
    assert screen.saved == tmp_path / "hall.csv"


def test_a_cancelled_save_dialog_writes_nothing(qtbot: Any, clerk: Session, recorder: Recorder) -> None:
    screen = StatsScreen(clerk)
    qtbot.add_widget(screen)
    wait_idle(qtbot)
    screen.choose_pdf = lambda parent, name: None
    assert screen.save_pdf() is None
    assert recorder.shown == [] and screen.saved is None


def test_the_county_counts_every_imported_township(qtbot: Any, county_desk: World, townships: Townships,
                                                   recorder: Recorder, tmp_path: Path) -> None:
    county_desk.import_(*bundles_in(county_desk.usb))
    session = county_session(townships)
    screen = StatsScreen(session)
    qtbot.add_widget(screen)
    wait_idle(qtbot)
    assert screen.findChild(type(screen.total), "stats_title").text() == "县局汇总：泉州市鲤城区（350502）落户统计"
    assert screen.total.text().startswith("共受理 7 件")
    assert dict(screen.charts["by_township"].rows) == {"350502001 海滨街道": 4, "350502002 临江街道": 3}
    screen.choose_pdf = lambda parent, name: tmp_path / name
    screen.choose_csv = lambda parent, name: tmp_path / name
    pdf = screen.save_pdf()
    wait_idle(qtbot)
    assert pdf is not None and screen.saved is not None and screen.saved.name.startswith("落户统计-县局汇总-")
    text = pdf_text(screen.saved)
    assert "县局汇总" in text and "海滨街道" in text and "临江街道" in text
    screen.save_csv()
    wait_idle(qtbot)
    rows = csv_rows(screen.saved)
    assert ["by_township", "按受理乡镇（街道）", "350502002", "临江街道", "3"] in rows


def test_page_down_scrolls_the_figures_at_once(qtbot: Any, clerk: Session) -> None:
    """The screen opens with the keyboard on the figures, not on a button: PageDown reads on."""
    from PySide6.QtWidgets import QApplication

    actor = Actor("clerk", "clerk")
    data = json.loads((SHARED_CASES / "graduate-registered-rental.json").read_text(encoding="utf-8"))
    with Store.open() as store:
        number = str(store.cases.create(parse_application(data), actor).case)
        store.workflow.evaluate(number, clerk.evaluator, actor)
    screen = StatsScreen(clerk)
    qtbot.add_widget(screen)
    screen.resize(900, 420)
    screen.show()
    screen.activateWindow()
    qtbot.wait_until(screen.isActiveWindow)
    wait_idle(qtbot)
    screen.focus_start()
    qtbot.wait_until(screen.scroll.hasFocus)
    bar = screen.scroll.verticalScrollBar()
    qtbot.wait_until(lambda: bar.maximum() > 0)
    assert bar.value() == 0
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageDown)
    assert bar.value() > 0
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageUp)
    assert bar.value() == 0
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_End)
    assert bar.value() == bar.maximum()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Home)
    assert bar.value() == 0
