"""一次性告知书 — the one-time notice for an incomplete application: every missing item at once,
why, on which clause, and what to bring, so the applicant never has to come back twice for the
same gap."""

from __future__ import annotations

from intake.ids import mask_id_number
from intake.printing.labels import KIND_LABELS, PATH_LABELS, date_text, document_label
from intake.printing.layout import CONTENT_WIDTH, RIGHT, Cell, Sheet
from intake.printing.model import PrintableCase
from intake.printing.parts import BODY, POLICY, field_row, received_date, section_row, signature_lines, title_block

TITLE = "一次性告知书"
INTRO = (
    "您于{received}向本单位提出的{kind}{applied}，经审查，申请材料尚不齐全。"
    "依照{policy}和一次性告知制度，现将需要补正的全部材料一次性告知如下。"
    "补齐下列材料后即可继续办理，本单位不再要求提供本告知书所列以外的材料。"
)
CLOSING = "本告知书一式两份，申请人和受理单位各执一份。补正时请携带本告知书，并出示受理编号。"


def notice_sheet(sheet: Sheet, case: PrintableCase) -> None:
    """Lays out the notice; the decision must be ``incomplete``."""
    app = case.application
    gaps = case.decision.missing
    title_block(sheet, TITLE, case)
    sheet.y -= 10
    sheet.paragraph(f"{app.applicant.name}（公民身份号码：{mask_id_number(app.applicant.id_number)}）：", BODY)
    received, applied = received_date(case), date_text(app.application_date)
    intro = INTRO.format(  # the application's own date only where it is not the day received
        received=received, kind=KIND_LABELS.get(app.kind, app.kind),
        applied="" if applied == received else f"（申请日期：{applied}）", policy=POLICY,
    )
    sheet.paragraph("　　" + intro, BODY)
    sheet.y -= 8
    section_row(sheet, f"需要补正的材料（共 {len(gaps)} 项，每项提供其中之一即可）")
    widths = (32.0, 150.0, CONTENT_WIDTH - 32.0 - 150.0 - 80.0, 80.0)
    sheet.row([Cell(widths[0], "序号", True, "center"), Cell(widths[1], "材料", True),
               Cell(widths[2], "原因", True), Cell(widths[3], "依据条款", True, "center")], BODY)
    for i, gap in enumerate(gaps, start=1):
        materials = "\n或 ".join(document_label(t) for t in gap.any_of)
        paths = "、".join(PATH_LABELS.get(p, p) for p in gap.paths)
        reason = f"{gap.reason}（适用于：{paths}）" if paths else gap.reason
        sheet.row([Cell(widths[0], str(i), align="center"), Cell(widths[1], materials), Cell(widths[2], reason),
                   Cell(widths[3], gap.clause, align="center")], BODY)
    sheet.y -= 8
    section_row(sheet, "补正时请携带")
    bring = ["本告知书", "本人居民身份证原件"]
    bring += ["或".join(document_label(t) for t in gap.any_of) + "（原件）" for gap in gaps]
    for i, item in enumerate(bring, start=1):
        sheet.row([Cell(32.0, str(i), align="center"), Cell(CONTENT_WIDTH - 32.0, item)], BODY)
    field_row(sheet, "办理地点", case.hall.name)
    field_row(sheet, "经办人", case.clerk)
    sheet.y -= 8
    sheet.paragraph(CLOSING, BODY)
    signature_lines(sheet, ["申请人", "经办人"])
    sheet.need(40)
    sheet.y -= 32
    sheet.text(RIGHT, sheet.y, f"受理单位（盖章）：{case.hall.name}", BODY, align="right")
    sheet.y -= 18
    sheet.text(RIGHT, sheet.y, received_date(case), BODY, align="right")
