"""落户申请登记表 — the filing form the police station keeps: the whole application with every
document's fields, the decision with the rule pack that made it, the applicant's wish and the
supervisor's approval. Full ID numbers: it stays inside the administration."""

from __future__ import annotations

from intake import ids
from intake.models.decision import Decision
from intake.printing.labels import (
    ADDRESS_LABELS,
    KIND_LABELS,
    OUTCOME_LABELS,
    PATH_LABELS,
    PRIORITY_LABELS,
    RELATION_LABELS,
    date_text,
    datetime_text,
    document_label,
    field_label,
    value_text,
)
from intake.printing.layout import CONTENT_WIDTH, Cell, Sheet
from intake.printing.model import PrintableCase, Signoff
from intake.printing.parts import (
    address_text,
    clause_text,
    field_row,
    pair_row,
    received_date,
    section_row,
    signature_lines,
    title_block,
)

TITLE = "落户申请登记表"
SIZE = 9.5


def form_sheet(sheet: Sheet, case: PrintableCase) -> None:
    """Lays out the whole form; it flows over as many pages as the case needs."""
    title_block(sheet, TITLE, case)
    pair_row(sheet, [("受理日期", received_date(case)), ("受理人", case.clerk)], size=SIZE)
    pair_row(sheet, [("申请事项", KIND_LABELS.get(case.application.kind, case.application.kind)),
                     ("案件状态", case.state_label or "—")], size=SIZE)
    _applicant(sheet, case)
    _family(sheet, case)
    _documents(sheet, case)
    _decision(sheet, case)
    _signoffs(sheet, case)


def _applicant(sheet: Sheet, case: PrintableCase) -> None:
    app = case.application
    me = app.applicant
    sex = "男" if int(me.id_number[16]) % 2 else "女"
    section_row(sheet, "一、申请人")
    pair_row(sheet, [("姓名", me.name), ("公民身份号码", me.id_number)], size=SIZE)
    pair_row(sheet, [("性别", sex), ("出生日期", date_text(ids.id_birth_date(me.id_number)))], size=SIZE)
    pair_row(sheet, [("联系电话", me.phone or "—"), ("农业户口", "是" if me.rural_origin else "否")], size=SIZE)
    pair_row(sheet, [("申请日期", date_text(app.application_date)), ("拟落户县（区）", app.jurisdiction)], size=SIZE)


def _family(sheet: Sheet, case: PrintableCase) -> None:
    members = case.application.family
    outcomes = {f.id_number: f for f in case.decision.family}
    section_row(sheet, "二、随迁家庭成员")
    if not members:
        field_row(sheet, "家庭成员", "未申报随迁家庭成员", size=SIZE)
        return
    widths = (30.0, 44.0, 80.0, 120.0)
    rest = CONTENT_WIDTH - sum(widths)
    sheet.row([Cell(widths[0], "序号", True, "center"), Cell(widths[1], "关系", True, "center"),
               Cell(widths[2], "姓名", True), Cell(widths[3], "公民身份号码", True), Cell(rest, "是否随迁", True)], SIZE)
    for i, member in enumerate(members, start=1):
        outcome = outcomes.get(member.id_number)
        follows = f"{'随迁' if outcome.follows else '不随迁'}：{outcome.reason}（{outcome.clause}）" if outcome else "—"
        sheet.row([Cell(widths[0], str(i), align="center"),
                   Cell(widths[1], RELATION_LABELS.get(member.relation, member.relation), align="center"),
                   Cell(widths[2], member.name), Cell(widths[3], member.id_number), Cell(rest, follows)], SIZE)


def _documents(sheet: Sheet, case: PrintableCase) -> None:
    section_row(sheet, f"三、证明材料（共 {len(case.application.documents)} 份）")
    if not case.application.documents:
        field_row(sheet, "证明材料", "未提交证明材料", size=SIZE)
    for i, (doc, pages) in enumerate(zip(case.application.documents, case.pages), start=1):
        sheet.need(SIZE * 1.45 * 4 + 12)
        sheet.row([Cell(CONTENT_WIDTH, f"材料 {i}：{document_label(doc.type)}（扫描 {pages} 页）")], SIZE)
        fields = [
            (field_label(doc.type, name), value_text(doc.type, name, value, case.township_names))
            for name, value in doc
            if name != "type"
        ]
        for at in range(0, len(fields), 2):
            pair = fields[at : at + 2]
            if len(pair) == 2:
                pair_row(sheet, pair, size=SIZE)
            else:
                field_row(sheet, *pair[0], size=SIZE)


def _decision(sheet: Sheet, case: PrintableCase) -> None:
    d: Decision = case.decision
    pack = d.rule_pack
    section_row(sheet, "四、审查结论")
    field_row(sheet, "审查结论", OUTCOME_LABELS.get(d.outcome, d.outcome), size=SIZE)
    if d.outcome == "settle":
        field_row(sheet, "落户通道", f"{PATH_LABELS.get(d.path or '', d.path or '—')}（依据：{clause_text(d.clause)}）", size=SIZE)
        field_row(sheet, "符合的通道", "、".join(PATH_LABELS.get(p, p) for p in d.paths or []) or "—", size=SIZE)
        field_row(sheet, "落户地址", address_text(d, case.township_names), size=SIZE)
    if d.skipped:
        lines = [f"{ADDRESS_LABELS.get(s.kind, s.kind)}：{s.reason}（{s.clause}）" for s in d.skipped]
        field_row(sheet, "未采用的地址", "\n".join(lines), size=SIZE)
    if d.missing:
        lines = [
            f"{i}. {'或'.join(document_label(t) for t in g.any_of)}：{g.reason}（{g.clause}）"
            for i, g in enumerate(d.missing, start=1)
        ]
        field_row(sheet, "需补正材料", "\n".join(lines), size=SIZE)
    if d.reasons:
        field_row(sheet, "原因", "\n".join(f"{r.reason}（{r.clause}）" for r in d.reasons), size=SIZE)
    if d.outcome == "not_eligible":
        field_row(sheet, "居住证", "可申领居住证" if d.residence_permit else "暂不具备申领居住证的条件", size=SIZE)
    groups = "、".join(PRIORITY_LABELS.get(g, g) for g in d.priority_groups) or "无"
    field_row(sheet, "优先解决群体", groups, size=SIZE)
    for warning in d.warnings:
        field_row(sheet, "提示", f"{warning.reason}（{warning.clause}）", size=SIZE)
    draft = "（草案，未经县（区）确认）" if pack.draft else ""
    pair_row(sheet, [("规则包", f"{pack.id}{draft}"), ("版本", pack.version)], size=SIZE)
    field_row(sheet, "规则层级", " → ".join(pack.layers), size=SIZE)
    field_row(sheet, "规则包 SHA-256", pack.sha256, size=SIZE)


def _signoff_text(step: Signoff | None, done: str, pending: str) -> tuple[str, str]:
    if step is None:
        return pending, "—"
    return f"{done}（{step.by}）", datetime_text(step.at)


def _signoffs(sheet: Sheet, case: PrintableCase) -> None:
    section_row(sheet, "五、申请人意愿与审核")
    consent, consent_at = _signoff_text(case.consent, "申请人本人确认申请落户", "尚未记录申请人意愿")
    approval, approval_at = _signoff_text(case.approval, "审核通过", "尚未审核")
    pair_row(sheet, [("申请人意愿", consent), ("记录时间", consent_at)], size=SIZE)
    pair_row(sheet, [("审核意见", approval), ("审核时间", approval_at)], size=SIZE)
    signature_lines(sheet, ["申请人", "受理人", "审核人", "派出所签收人"], size=SIZE)
