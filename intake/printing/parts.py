"""Pieces the three documents share: the title block, how a decision's address and clause read,
signature lines."""

from __future__ import annotations

from intake.models.decision import Decision
from intake.printing.labels import ADDRESS_LABELS, date_text, township_text
from intake.printing.layout import CONTENT_WIDTH, LEFT, PAGE_WIDTH, RIGHT, Cell, Sheet
from intake.printing.model import PrintableCase

POLICY = "《推动非户籍人口在城市落户实施方案》"
BODY = 10.5
SMALL = 8.5
LABEL_WIDTH = 88.0


def title_block(sheet: Sheet, title: str, case: PrintableCase) -> None:
    """The document's title, then the hall and case number on one line under it."""
    sheet.y -= 30
    sheet.text(PAGE_WIDTH / 2, sheet.y, title, 20, align="center", bold=True)
    sheet.y -= 26
    sheet.text(LEFT, sheet.y, f"受理单位：{case.hall.name}", BODY)
    sheet.text(RIGHT, sheet.y, f"受理编号：{case.number}", BODY, align="right")
    sheet.y -= 8


class ContinuedHeader:
    """Repeats the title and case number at the top of each following page."""

    def __init__(self, title: str, number: str) -> None:
        self.title = title
        self.number = number

    def __call__(self, sheet: Sheet) -> None:
        sheet.y -= 14
        sheet.text(LEFT, sheet.y, f"{self.title}（续）", BODY, bold=True)
        sheet.text(RIGHT, sheet.y, f"受理编号：{self.number}", BODY, align="right")
        sheet.y -= 10


def field_row(sheet: Sheet, label: str, value: str, *, size: float = BODY) -> None:
    """A label cell and a value cell spanning the rest of the width."""
    sheet.row([Cell(LABEL_WIDTH, label, label=True), Cell(CONTENT_WIDTH - LABEL_WIDTH, value)], size)


def pair_row(sheet: Sheet, pairs: list[tuple[str, str]], *, size: float = BODY) -> None:
    """Two label/value pairs side by side."""
    half = CONTENT_WIDTH / 2
    cells: list[Cell] = []
    for label, value in pairs:
        cells += [Cell(LABEL_WIDTH, label, label=True), Cell(half - LABEL_WIDTH, value)]
    sheet.row(cells, size)


def section_row(sheet: Sheet, text: str) -> None:
    """A shaded full-width row naming what follows; moves to a new page rather than end one."""
    sheet.need(BODY * 1.45 * 3 + 12)
    sheet.row([Cell(CONTENT_WIDTH, text, label=True)], BODY)


def clause_text(clause: str | None) -> str:
    return f"{POLICY}{clause}" if clause else "—"


def address_text(decision: Decision, townships: dict[str, str]) -> str:
    """``就业单位集体户：泉州某科技有限公司集体户（临江街道）（350502002（临江街道））``."""
    address = decision.address
    if address is None:
        return "—"
    label = ADDRESS_LABELS.get(address.kind, address.kind)
    text = address.text or "公共集体户地址尚未登记，待县（区）补充后确定"
    where = f"；乡镇（街道）：{township_text(address.township, townships)}" if address.township else ""
    return f"{label}：{text}{where}"


def signature_lines(sheet: Sheet, who: list[str], *, size: float = BODY) -> None:
    """One "签名 ____ 日期 ____" line per signer, the date lines aligned in one column."""
    date_x = LEFT + CONTENT_WIDTH * 0.58
    for signer in who:
        sheet.need(34)
        sheet.y -= 30
        width = sheet.text(LEFT, sheet.y, f"{signer}（签名）：", size)
        sheet.line(LEFT + width, sheet.y - 2, date_x - 24, sheet.y - 2, 0.5)
        width = sheet.text(date_x, sheet.y, "日期：", size)
        sheet.line(date_x + width, sheet.y - 2, date_x + width + 110, sheet.y - 2, 0.5)


def received_date(case: PrintableCase) -> str:
    return date_text(case.received_at.date())
