"""The decision panel: plain words, the clause quoted, missing items, and a visible draft warning."""

from __future__ import annotations

import json
from typing import Any

from intake.evaluation import Evaluator
from tests.conftest import SHARED_CASES
from ui.decision_panel import DecisionPanel


def _decide(name: str, **changes: Any) -> tuple[Any, Any]:
    data = {**json.loads((SHARED_CASES / f"{name}.json").read_text(encoding="utf-8")), **changes}
    evaluator = Evaluator.load()
    app, decision = evaluator.decide_raw(data)
    return decision, evaluator.rules_for(app)


def test_incomplete_lists_every_missing_item(qtbot: Any) -> None:
    panel = DecisionPanel()
    qtbot.add_widget(panel)
    panel.show_decision(*_decide("graduate-no-employment"))
    text = panel.view.toPlainText()
    assert "材料不全" in text and "一次性告知" in text
    assert "《劳动（聘用）合同》或《营业执照》" in text
    assert not panel.draft_banner.isVisibleTo(panel)


def test_draft_rule_pack_is_warned_visibly(qtbot: Any) -> None:
    panel = DecisionPanel()
    qtbot.add_widget(panel)
    decision, rules = _decide("graduate-registered-rental", jurisdiction="350102")
    assert decision.rule_pack.draft
    panel.show_decision(decision, rules)
    assert panel.draft_banner.isVisibleTo(panel)
    assert "草稿" in panel.draft_banner.text()
    assert "规则包为草稿" in panel.view.toPlainText()  # the decision's own warning, too


def test_rule_packs_are_named_in_chinese(qtbot: Any, clerk: Any) -> None:
    """A clerk reads the pack's name; its id (fuzhou-2017-draft) is only secondary detail."""
    panel = DecisionPanel(clerk.pack_name)
    qtbot.add_widget(panel)
    decision, rules = _decide("graduate-registered-rental", jurisdiction="350102")
    panel.show_decision(decision, rules)
    text = panel.view.toPlainText()
    assert "依据规则：《福州市户口迁移政策（草稿，待按本地文件补全）》" in text
    assert "《福建省推动非户籍人口在城市落户实施方案（省级基准）》基础上" in text
    assert "规则包为草稿（福州市户口迁移政策" in text  # the engine's warning, with the name
    assert text.count("fuzhou-2017-draft") == 1  # once, as the pack's number
    assert "fuzhou-2017-draft" not in panel.draft_banner.text()
    assert "福州市户口迁移政策" in panel.draft_banner.text()
