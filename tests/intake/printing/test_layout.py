"""What a reviewer checks by eye on the rendered pages, checked for every worked example and
document: nothing outside the printable area, no two pieces of text on top of each other, long
text wrapped inside its cell, Chinese line-breaking rules kept."""

from __future__ import annotations

from itertools import combinations

import pytest

from intake.printing.fonts import fonts
from intake.printing.form import form_sheet
from intake.printing.layout import BOTTOM, LEFT, PAGE_HEIGHT, RIGHT, Sheet, TextOp, tokens
from intake.printing.notice import notice_sheet
from intake.printing.parts import ContinuedHeader
from intake.printing.receipt import receipt_sheet
from tests.intake.printing.conftest import EXAMPLES, printable, raw_case

PAYLOAD = "HKR1|350502001-2017-000042|20170601|350583********0021|settle|-|-|-|e8e8c25cf7c9b82b|" + "A" * 86


def laid_out(kind: str, name: str) -> Sheet:
    data = raw_case(name)
    data["applicant"]["phone"] = "13805012345"
    case = printable(name, data)
    sheet = Sheet(fonts(), continued=ContinuedHeader("标题", case.number))
    if kind == "receipt":
        receipt_sheet(sheet, case, PAYLOAD, "627a-1aed-b559-4002")
    elif kind == "notice":
        notice_sheet(sheet, case)
    else:
        form_sheet(sheet, case)
    return sheet


def extent(op: TextOp) -> tuple[float, float, float, float]:
    width = sum(run[2] for run in op.runs)
    return op.x, op.y - op.size * 0.2, op.x + width, op.y + op.size * 0.85


DOCUMENTS = [("receipt", n) for n in EXAMPLES] + [("form", n) for n in EXAMPLES] + [("notice", "graduate-no-employment")]


@pytest.mark.parametrize(("kind", "name"), DOCUMENTS, ids=[f"{k}-{n}" for k, n in DOCUMENTS])
def test_text_stays_on_the_page_and_apart(kind: str, name: str) -> None:
    sheet = laid_out(kind, name)
    if kind == "receipt":
        assert len(sheet.pages) == 1
    for number, page in enumerate(sheet.pages, start=1):
        boxes = [extent(op) for op in page.texts]
        for x0, y0, x1, y1 in boxes:
            assert LEFT - 0.5 <= x0 and x1 <= RIGHT + 0.5, (number, x0, x1)
            assert BOTTOM - 8 <= y0 and y1 <= PAGE_HEIGHT - 20, (number, y0, y1)
        for a, b in combinations(boxes, 2):
            overlap = min(a[2], b[2]) - max(a[0], b[0]) > 0.5 and min(a[3], b[3]) - max(a[1], b[1]) > 0.5
            assert not overlap, (number, a, b)


@pytest.mark.parametrize(("kind", "name"), DOCUMENTS, ids=[f"{k}-{n}" for k, n in DOCUMENTS])
def test_text_stays_inside_its_cell(kind: str, name: str) -> None:
    sheet = laid_out(kind, name)
    for page in sheet.pages:
        for op in page.texts:
            x0, y0, x1, y1 = extent(op)
            cells = [b for b in page.boxes if b.x <= x0 + 0.5 and x1 <= b.x + b.w + 0.5 and b.y <= y0 and y1 <= b.y + b.h]
            outside = [b for b in page.boxes if b.y < (y0 + y1) / 2 < b.y + b.h and b.x < (x0 + x1) / 2 < b.x + b.w]
            assert not outside or cells, (op.runs, x0, x1)


def test_breaking_rules() -> None:
    assert tokens("证明（二(四)）；暂未") == ["证", "明", "（二(四)）；", "暂", "未"]
    assert tokens("规则包 fujian-2017（2017.1）") == ["规", "则", "包", " ", "fujian-2017", "（2017.1）"]


def test_long_values_wrap_within_the_width() -> None:
    sheet = Sheet(fonts())
    text = "泉州市鲤城区临江街道公共集体户（临江街道便民服务中心）" * 3
    lines = sheet.wrap(text, 10, 200)
    assert len(lines) > 1 and "".join(lines) == text
    assert all(fonts().width(line, 10) <= 200 for line in lines)
    digest = "e8e8c25cf7c9b82bd168754b182cfe89bb6729273ac5cecb849806940d48db2f"
    assert "".join(sheet.wrap(digest, 10, 100)) == digest
