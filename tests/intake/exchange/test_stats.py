"""Statistics on a hall's store: what was entered, who settled, and the same numbers in PDF and CSV."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from pypdf import PdfReader

from intake.evaluation import Evaluator
from intake.exchange.report_csv import render_csv
from intake.exchange.report_pdf import render_report
from intake.exchange.stats import statistics
from intake.hall_stats import hall_stats
from intake.rules.townships import Townships
from intake.store import Store
from tests.intake.exchange.conftest import CLERK, DONE, clock, file_case
from tests.intake.store.conftest import TOWNSHIPS, person

SPOUSE = "352201199309210154"  # follows the applicant of family-follows-to-own-residence


def test_settled_people_are_counted_once_per_county_and_year(tmp_path: Path, exchange_evaluator: Evaluator) -> None:
    with Store.open(tmp_path / "hall.db", clock=clock) as store:
        store.settings.set_hall_township("350502001", CLERK)
        file_case(store, exchange_evaluator, "family-follows-to-own-residence", person(1), "林晓", steps=DONE)
        file_case(store, exchange_evaluator, "graduate-township-public", SPOUSE, "陈静怡", steps=DONE)
        file_case(store, exchange_evaluator, "vocational-own-property", person(3), "张三", steps=DONE[:3])
        file_case(store, exchange_evaluator, "nothing-to-go-on", person(4), "李四", steps=("evaluate",))
        stats = statistics(store)
        base = hall_stats(store)
    assert (stats.total, stats.by_outcome, stats.by_path, stats.by_address_kind, stats.by_month) == (
        base.total, base.by_outcome, base.by_path, base.by_address_kind, base.by_month)
    assert stats.by_township == {"350502001": 4}
    assert stats.by_state == {"completed": 2, "approved": 1, "evaluated": 1}
    # two completed cases: 2 applicants + 2 following family members, the spouse also an applicant
    assert [(s.county, s.year, s.cases, s.family, s.persons) for s in stats.settled] == [("350502", "2017", 2, 2, 3)]
    assert stats.to_json()["net_settled"] == {"350502": {"2017": 3}}


def test_reports_say_the_same_numbers(tmp_path: Path, exchange_evaluator: Evaluator) -> None:
    with Store.open(tmp_path / "hall.db", clock=clock) as store:
        store.settings.set_hall_township("350502001", CLERK)
        file_case(store, exchange_evaluator, "family-follows-to-own-residence", person(1), "林晓", steps=DONE)
        file_case(store, exchange_evaluator, "nothing-to-go-on", person(4), "李四", steps=("evaluate",))
        stats = statistics(store)
    townships = Townships.from_csv(TOWNSHIPS)
    rows = list(csv.reader(io.StringIO(render_csv(stats, townships))))
    assert rows[0] == ["统计项代码", "统计项", "代码", "名称", "数量"]
    found = {(r[0], r[2]): r for r in rows}
    assert found[("by_outcome", "settle")][3:] == ["符合落户条件", "1"]
    assert found[("by_township", "350502001")][3] == "海滨街道", "the code has its own column"
    assert found[("net_settled", "350502/2017")][4] == "3"
    assert found[("total", "")][4] == "2"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(render_report(stats, "海滨街道", townships))).pages)
    for words in ("落户统计报告", "按评估结论", "按落户途径", "按落户地址类型", "按优先解决群体", "按受理乡镇（街道）",
                  "按受理月份", "净落户人口", "符合落户条件", "举家迁徙的农业转移人口"):
        assert words in text, words
    assert "350502001" in text  # division codes stay beside their names
    assert not re.search(r"[a-z]{3,}_[a-z]", text), "the program's own ids (own_residence, settle…) are not for readers"


def test_an_empty_store_reports_zeros(tmp_path: Path) -> None:
    with Store.open(tmp_path / "county.db", clock=clock) as store:
        stats = statistics(store)
    assert stats.total == 0 and stats.settled == [] and stats.by_township == {}
    assert "（无数据）" in "".join(p.extract_text() for p in PdfReader(io.BytesIO(render_report(stats, "县局汇总"))).pages)


def _fonts(pdf: bytes) -> dict[str, bool]:
    """Every font the PDF's pages name, and whether the file embeds it."""
    found: dict[str, bool] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"].get_object().get("/Font", {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = font.get("/FontDescriptor") or (
                descendants.get_object()[0].get_object().get("/FontDescriptor") if descendants else None)
            embedded = descriptor is not None and any(
                key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font["/BaseFont"])] = embedded
    return found


def test_the_report_embeds_every_font_it_names(tmp_path: Path, exchange_evaluator: Evaluator) -> None:
    """Charts included: reportlab's chart renderer would otherwise name Helvetica, not embedded."""
    with Store.open(tmp_path / "hall.db", clock=clock) as store:
        store.settings.set_hall_township("350502001", CLERK)
        file_case(store, exchange_evaluator, "family-follows-to-own-residence", person(1), "林晓", steps=DONE)
        stats = statistics(store)
    fonts = _fonts(render_report(stats, "海滨街道", Townships.from_csv(TOWNSHIPS)))
    assert fonts and all(fonts.values()), fonts


def test_a_report_to_a_folder_that_is_not_there_names_the_path(tmp_path: Path) -> None:
    import pytest

    from intake.errors import PrintError
    from intake.exchange.files import write_atomically

    out = tmp_path / "no-such-folder" / "统计.csv"
    with pytest.raises(PrintError) as refused:
        write_atomically(out, b"x")
    assert str(out) in refused.value.message and not out.parent.exists()
