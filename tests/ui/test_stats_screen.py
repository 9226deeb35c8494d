"""The hall's statistics count stored decisions by outcome, path, address kind and month."""

from __future__ import annotations

import json
from typing import Any

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
    screen = StatsScreen(clerk)
    qtbot.add_widget(screen)
    wait_idle(qtbot)
    assert screen.total.text() == "共受理 4 件，其中尚未评估 1 件"
    outcomes = dict(screen.charts["by_outcome"].rows)
    assert sum(outcomes.values()) == 3
    assert "符合落户条件" in outcomes
    assert sum(dict(screen.charts["by_month"].rows).values()) == 4
