"""The decision in plain words: outcome, path and its clause with the quoted text, the registration
address and why each higher option was skipped, every missing item, family, priority groups, the
rule pack (a visible banner when it is a draft) and warnings."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtWidgets import QLabel, QTextBrowser, QVBoxLayout, QWidget

from intake.ids import mask_id_number
from intake.models.decision import Decision
from intake.models.documents import DOCUMENT_LABELS
from intake.rules.schema import RuleSet
from ui.labels import ADDRESS_KIND_LABELS, CHOICE_LABELS, OUTCOME_LABELS, PATH_LABELS, PRIORITY_LABELS

OUTCOME_COLOURS = {"settle": "#1b5e20", "incomplete": "#e65100", "not_eligible": "#b71c1c"}


def _path_label(rules: RuleSet | None, path_id: str) -> str:
    found = next((p for p in rules.paths if p.id == path_id), None) if rules else None
    return found.label if found else PATH_LABELS.get(path_id, path_id)


def _address_label(rules: RuleSet | None, kind: str) -> str:
    if rules and kind in rules.address:
        return rules.address[kind].label
    return ADDRESS_KIND_LABELS.get(kind, kind)


def _priority_label(rules: RuleSet | None, group: str) -> str:
    if rules and group in rules.priority_groups:
        return rules.priority_groups[group].label
    return PRIORITY_LABELS.get(group, group)


def _section(title: str, body: str) -> str:
    return f"<h3>{escape(title)}</h3>{body}"


def _items(lines: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{line}</li>" for line in lines) + "</ul>"


def _same(pack_id: str) -> str:
    return pack_id


def _with_names(text: str, ids: list[str], pack_name: Callable[[str], str]) -> str:
    """The engine's messages name a rule pack by its id (fujian-2017); the clerk reads its name."""
    for pack_id in sorted(ids, key=len, reverse=True):
        text = text.replace(pack_id, pack_name(pack_id))
    return text


def decision_html(decision: Decision, rules: RuleSet | None, pack_name: Callable[[str], str] = _same) -> str:
    """The decision as HTML for the panel; every word in Chinese. ``pack_name`` gives a rule
    pack's Chinese name for its id."""
    d = decision
    colour = OUTCOME_COLOURS[d.outcome]
    parts = [f"<h2 style='color:{colour}'>{escape(OUTCOME_LABELS[d.outcome])}</h2>"]
    if d.outcome == "settle" and d.path:
        path = next((p for p in rules.paths if p.id == d.path), None) if rules else None
        body = f"<p><b>{escape(_path_label(rules, d.path))}</b>（依据第 {escape(d.clause or '')} 条）</p>"
        if path is not None:
            body += f"<blockquote>“{escape(path.cite.quote)}”</blockquote>"
        others = [p for p in (d.paths or []) if p != d.path]
        if others:
            body += "<p>同时符合：" + "、".join(escape(_path_label(rules, p)) for p in others) + "</p>"
        parts.append(_section("落户通道", body))
    if d.address is not None:
        text = d.address.text or "（乡镇名录中尚未配置该地址）"
        body = f"<p><b>{escape(_address_label(rules, d.address.kind))}</b>：{escape(text)}</p>"
        if d.skipped:
            body += "<p>未选用更靠前的地址，原因：</p>" + _items([
                f"{escape(_address_label(rules, s.kind))}：{escape(s.reason)}（{escape(s.clause)}）"
                for s in d.skipped
            ])
        parts.append(_section("落户地址", body))
    if d.missing:
        lines = []
        for gap in d.missing:
            docs = "或".join(f"《{escape(DOCUMENT_LABELS.get(t, t))}》" for t in gap.any_of)
            lines.append(f"请提供 {docs}：{escape(gap.reason)}（{escape(gap.clause)}）")
        parts.append(_section(f"一次性告知：还需补齐 {len(d.missing)} 项材料", _items(lines)))
    if d.reasons:
        parts.append(_section("说明", _items([f"{escape(r.reason)}（{escape(r.clause)}）" for r in d.reasons])))
    if d.residence_permit is not None:
        permit = "可以申领居住证。" if d.residence_permit else "暂不具备申领居住证的条件。"
        parts.append(_section("居住证", f"<p>{permit}</p>"))
    if d.family:
        parts.append(_section("随迁家庭成员", _items([
            f"{escape(CHOICE_LABELS.get(f.relation, f.relation))} {escape(mask_id_number(f.id_number))}："
            f"{'随迁' if f.follows else '不随迁'}，{escape(f.reason)}"
            for f in d.family
        ])))
    if d.priority_groups:
        parts.append(_section("优先解决群体", _items([escape(_priority_label(rules, g)) for g in d.priority_groups])))
    pack = d.rule_pack
    if d.warnings:
        parts.append(_section("注意", _items([
            f"<span style='color:#b71c1c'>{escape(_with_names(w.reason, pack.layers, pack_name))}</span>"
            for w in d.warnings
        ])))
    status = "草稿" if pack.draft else "正式"
    version = pack.version.removesuffix("-draft")  # 2017.0-draft: the status already says 草稿
    base = [pack_name(i) for i in pack.layers if i != pack.id]
    over = f"（在《{'》《'.join(escape(b) for b in base)}》基础上）" if base else ""
    parts.append(f"<p style='color:#555'>依据规则：《{escape(pack_name(pack.id))}》{over}，版本 {escape(version)}"
                 f"（{status}）<br><small>规则包编号 {escape(pack.id)}，校验值 {escape(pack.sha256[:12])}…</small></p>")
    return "".join(parts)


class DecisionPanel(QWidget):
    """Shows one decision; a yellow banner above it when the rule pack is a draft."""

    def __init__(self, pack_name: Callable[[str], str] = _same, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pack_name = pack_name
        self.decision: Decision | None = None
        self.draft_banner = QLabel()
        self.draft_banner.setObjectName("draft_banner")
        self.draft_banner.setWordWrap(True)
        self.draft_banner.setStyleSheet(
            "background:#fff3cd; color:#6d4c00; border:1px solid #e0a800; padding:6px; font-weight:bold;"
        )
        self.draft_banner.hide()
        self.view = QTextBrowser()
        self.view.setObjectName("decision_view")
        self.view.setOpenLinks(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.draft_banner)
        layout.addWidget(self.view, 1)
        self.show_message("录入申请人和证件后，这里显示评估结果。")

    def show_decision(self, decision: Decision, rules: RuleSet | None) -> None:
        self.decision = decision
        if decision.rule_pack.draft:
            self.draft_banner.setText(
                f"注意：本决定依据的规则《{self.pack_name(decision.rule_pack.id)}》是草稿，"
                "本地具体政策尚未录入，结果仅供参考。"
            )
        self.draft_banner.setVisible(decision.rule_pack.draft)
        self.view.setHtml(decision_html(decision, rules, self.pack_name))

    def show_message(self, text: str) -> None:
        """No decision yet (or the input cannot be evaluated): says why instead."""
        self.decision = None
        self.draft_banner.hide()
        self.view.setHtml(f"<p style='color:#555'>{escape(text)}</p>")
