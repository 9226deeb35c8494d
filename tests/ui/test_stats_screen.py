"""The hall's statistics screen shows the figures of `intake stats` (the same core,
``intake.exchange.stats``) in the county report's sections and words, with bars."""

from __future__ import annotations

import json
from typing import Any

from intake.exchange.sections import sections
from intake.exchange.stats import statistics
from intake.models.parse import parse_application
from intake.store.db import Store
from intake.store.ops import Actor
from tests.conftest import SHARED_CASES
from tests.ui.conftest import wait_idle
from ui.session import Session
from ui.stats_screen import StatsScreen


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
