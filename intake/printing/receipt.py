"""受理回执 — the acceptance receipt the applicant takes home: who received what, when, what the
rules decided, and a signed QR code that proves it offline."""

from __future__ import annotations

from intake.ids import mask_id_number
from intake.printing.labels import (
    KIND_LABELS,
    OUTCOME_LABELS,
    PATH_LABELS,
    RELATION_LABELS,
    date_text,
    document_label,
)
from intake.printing.layout import BOTTOM, CONTENT_WIDTH, LEFT, RIGHT, Cell, Sheet
from intake.printing.model import PrintableCase
from intake.printing.parts import (
    BODY,
    SMALL,
    address_text,
    clause_text,
    field_row,
    pair_row,
    received_date,
    section_row,
    title_block,
)
from intake.printing.qr import qr_painter

TITLE = "落户申请受理回执"
QR_SIZE = 96.0
NOTE = (
    "本回执仅证明上述申请已于受理日期受理，不代表落户手续已经办结。请妥善保管本回执，查询办理进度时请出示受理编号。"
    "回执右下方二维码含受理单位的电子签名，可离线核验回执内容是否真实、完整。"
)


def missing_summary(case: PrintableCase) -> str:
    gaps = case.decision.missing
    items = "；".join("或".join(document_label(t) for t in gap.any_of) for gap in gaps)
    return f"共 {len(gaps)} 项，详见《一次性告知书》：{items}"


def family_summary(case: PrintableCase) -> str:
    names = {m.id_number: m.name for m in case.application.family}
    parts = []
    for member in case.decision.family:
        relation = RELATION_LABELS.get(member.relation, member.relation)
        parts.append(f"{names.get(member.id_number, '')}（{relation}）{'随迁' if member.follows else '不随迁'}")
    return "；".join(parts)


def decision_rows(sheet: Sheet, case: PrintableCase) -> None:
    """The outcome and what follows from it."""
    d = case.decision
    field_row(sheet, "审查结论", OUTCOME_LABELS.get(d.outcome, d.outcome))
    if d.outcome == "settle":
        field_row(sheet, "落户通道", f"{PATH_LABELS.get(d.path or '', d.path or '—')}（依据：{clause_text(d.clause)}）")
        field_row(sheet, "落户地址", address_text(d, case.township_names))
    elif d.outcome == "incomplete":
        field_row(sheet, "需补正材料", missing_summary(case))
    else:
        field_row(sheet, "原因", "；".join(f"{r.reason}（{r.clause}）" for r in d.reasons) or "—")
        permit = "可申领居住证" if d.residence_permit else "暂不具备申领居住证的条件"
        field_row(sheet, "居住证", permit)
    if d.family:
        field_row(sheet, "家庭成员", family_summary(case))
    for warning in d.warnings:
        field_row(sheet, "提示", warning.reason)


def receipt_sheet(sheet: Sheet, case: PrintableCase, payload: str, key_fingerprint: str) -> None:
    """Lays out one receipt on a fresh page of ``sheet``."""
    app = case.application
    title_block(sheet, TITLE, case)
    pair_row(sheet, [("受理日期", received_date(case)), ("受理人", case.clerk)])
    pair_row(sheet, [("申请人", app.applicant.name), ("公民身份号码", mask_id_number(app.applicant.id_number))])
    pair_row(sheet, [("申请事项", KIND_LABELS.get(app.kind, app.kind)), ("申请日期", date_text(app.application_date))])
    section_row(sheet, "收到的证明材料")
    widths = (36.0, CONTENT_WIDTH - 36.0 - 90.0, 90.0)
    sheet.row([Cell(widths[0], "序号", True, "center"), Cell(widths[1], "材料名称", True), Cell(widths[2], "扫描页数", True, "center")], BODY)
    for i, (doc, pages) in enumerate(zip(app.documents, case.pages), start=1):
        sheet.row([Cell(widths[0], str(i), align="center"), Cell(widths[1], document_label(doc.type)),
                   Cell(widths[2], f"{pages} 页", align="center")], BODY)
    if not app.documents:
        field_row(sheet, "材料", "未收到证明材料")
    decision_rows(sheet, case)
    field_row(sheet, "审查依据", f"规则包 {case.decision.rule_pack.id}（{case.decision.rule_pack.version}）"
              f"，内容摘要 {case.decision.rule_pack.sha256[:16]}")
    sheet.need(QR_SIZE + 60)
    sheet.y -= 12
    top = sheet.y
    sheet.paragraph(NOTE, SMALL, width=CONTENT_WIDTH - QR_SIZE - 24)
    sheet.y = min(sheet.y, top - 20) - 16
    sheet.text(LEFT, sheet.y, f"受理单位（盖章）：{case.hall.name}", BODY)
    sheet.text(LEFT, sheet.y - 20, f"日期：{received_date(case)}", BODY)
    qr_y = max(BOTTOM + 14, top - QR_SIZE)
    sheet.draw(qr_painter(payload, RIGHT - QR_SIZE, qr_y, QR_SIZE))
    sheet.text(RIGHT - QR_SIZE / 2, qr_y - 11, f"签名密钥 {key_fingerprint[:9]}", 7, align="center")
