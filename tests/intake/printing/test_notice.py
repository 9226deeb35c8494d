"""The one-time notice: every missing item of an incomplete case at once, with its reason, clause
and what to bring, and lines for both signatures."""

from __future__ import annotations

from pathlib import Path

import pytest

from intake.errors import PrintError
from intake.ids import mask_id_number
from intake.printing.labels import document_label
from intake.printing.render import render_pdf, write_pdf
from tests.intake.printing.conftest import NUMBER, flat, pdffonts, pdftotext, printable, pypdf_text, raw_case


def several_gaps() -> dict:  # type: ignore[type-arg]
    """A graduate with a skills certificate certified elsewhere and no job: gaps on two paths."""
    data = raw_case("graduate-no-employment")
    data["documents"].append({"type": "skills_certificate", "level": "advanced", "number": "S-1", "certified_by": "350102"})
    return data


def test_notice_lists_every_missing_item(out: Path) -> None:
    case = printable("graduate-no-employment", several_gaps())
    gaps = case.decision.missing
    assert case.decision.outcome == "incomplete" and len(gaps) >= 2
    write_pdf("notice", case, out)
    text = flat(pypdf_text(out))
    assert "一次性告知书" in text and NUMBER in text and "海滨街道便民服务中心" in text
    assert flat(case.application.applicant.name) in text
    assert mask_id_number(case.application.applicant.id_number) in text
    assert f"共{len(gaps)}项" in text
    for gap in gaps:
        assert flat(gap.reason) in text, gap.reason
        assert gap.clause in text
        for doc_type in gap.any_of:
            assert flat(document_label(doc_type)) in text, doc_type
    assert "本告知书" in text and "本人居民身份证原件" in text  # what to bring
    plain = pdftotext(out)
    assert "申请人（签名）" in plain and "经办人（签名）" in plain
    assert "第 1 页，共 1 页" in plain


def test_notice_for_the_worked_incomplete_example(out: Path) -> None:
    case = printable("graduate-no-employment")
    write_pdf("notice", case, out)
    text = flat(pypdf_text(out))
    assert "劳动（聘用）合同" in text and "营业执照" in text
    assert flat(case.decision.missing[0].reason) in text
    assert all(f["emb"] == "yes" and f["sub"] == "yes" for f in pdffonts(out))


def test_notice_when_the_township_public_address_is_not_configured(out: Path) -> None:
    """The applicant is told what would still place them; the county's missing entry is a warning
    on the decision, not something the applicant can bring."""
    data = raw_case("graduate-township-public")
    for doc in data["documents"]:
        if doc["type"] == "labor_contract":
            doc["workplace_township"] = "350502003"  # 鲤中街道: no public address in the registry
    case = printable("graduate-township-public", data)
    (gap,) = case.decision.missing
    write_pdf("notice", case, out)
    text = flat(pypdf_text(out))
    assert flat(gap.reason) in text and "350502003" in text
    for doc_type in ("property_certificate", "rental_proof", "collective_household_acceptance"):
        assert flat(document_label(doc_type)) in text, doc_type


@pytest.mark.parametrize("name", ["graduate-registered-rental", "nothing-to-go-on"])
def test_notice_is_refused_unless_the_case_is_incomplete(name: str) -> None:
    with pytest.raises(PrintError, match="不需要一次性告知书"):
        render_pdf("notice", printable(name))


def test_the_application_date_is_said_only_where_it_is_not_the_day_received(out: Path) -> None:
    import datetime as dt

    same = printable("graduate-no-employment")
    assert same.received_at.date() == same.application.application_date
    write_pdf("notice", same, out)
    assert "申请日期" not in flat(pypdf_text(out))
    later = printable("graduate-no-employment", received_at=dt.datetime(2017, 6, 5, 9, 30))
    write_pdf("notice", later, out)
    text = flat(pypdf_text(out))
    assert "您于2017年6月5日" in text and "（申请日期：2017年6月1日）" in text
