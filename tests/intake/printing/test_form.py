"""The filing form: the whole application with every document's fields under Chinese labels, the
family, the decision with its rule pack, the applicant's wish and the approval; page numbers."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from intake.printing.labels import ADDRESS_LABELS, PRIORITY_LABELS, RELATION_LABELS, document_label, field_label, value_text
from intake.printing.model import Signoff
from intake.printing.render import write_pdf
from tests.intake.printing.conftest import EXAMPLES, NUMBER, flat, pdffonts, pdftotext, printable, pypdf_text


@pytest.mark.parametrize("name", EXAMPLES)
def test_form_has_the_whole_application_and_decision(name: str, out: Path) -> None:
    case = printable(name)
    write_pdf("form", case, out)
    text = flat(pypdf_text(out))
    app, d = case.application, case.decision
    assert "落户申请登记表" in text and NUMBER in text
    assert flat(app.applicant.name) in text and app.applicant.id_number in text  # full number: filed inside
    for i, (doc, pages) in enumerate(zip(app.documents, case.pages), start=1):
        assert f"材料{i}：{flat(document_label(doc.type))}（扫描{pages}页）" in text
        for field, value in doc:
            if field != "type":
                assert flat(field_label(doc.type, field)) in text, (doc.type, field)
                assert flat(value_text(doc.type, field, value, case.township_names)) in text, (doc.type, field)
    assert d.rule_pack.id in text and d.rule_pack.version in text and d.rule_pack.sha256 in text
    for skip in d.skipped:
        assert flat(ADDRESS_LABELS[skip.kind]) in text and flat(skip.reason) in text
    for gap in d.missing:
        assert flat(gap.reason) in text
    for reason in d.reasons:
        assert flat(reason.reason) in text
    for group in d.priority_groups:
        assert flat(PRIORITY_LABELS[group]) in text
    if d.address and d.address.text:
        assert flat(d.address.text) in text
    assert "王丽" in text and "张伟" in text and "2017年6月2日10:05" in text  # consent and approval
    assert all(f["emb"] == "yes" and f["sub"] == "yes" for f in pdffonts(out))


def test_family_members_and_whether_they_follow(out: Path) -> None:
    case = printable("family-follows-to-own-residence")
    write_pdf("form", case, out)
    text = flat(pypdf_text(out))
    for member in case.application.family:
        assert flat(RELATION_LABELS[member.relation] + member.name + member.id_number) in text
    for outcome in case.decision.family:
        assert flat(("随迁：" if outcome.follows else "不随迁：") + outcome.reason) in text


def test_multi_page_form_is_numbered(out: Path) -> None:
    case = printable("family-follows-to-own-residence")
    write_pdf("form", case, out)
    total = len(PdfReader(out).pages)
    assert total >= 2
    pages = pdftotext(out).split("\f")
    for number in range(1, total + 1):
        assert f"第 {number} 页，共 {total} 页" in pages[number - 1]
    assert "落户申请登记表（续）" in pages[1]


def test_a_case_not_yet_consented_or_approved_says_so(out: Path) -> None:
    write_pdf("form", printable("graduate-registered-rental", consent=None, approval=None, state_label="已评估"), out)
    text = flat(pypdf_text(out))
    assert "尚未记录申请人意愿" in text and "尚未审核" in text and "已评估" in text


def test_consent_shows_who_recorded_it_and_when(out: Path) -> None:
    import datetime as dt

    signoff = Signoff(by="李娜", at=dt.datetime(2017, 6, 3, 14, 20))
    write_pdf("form", printable("graduate-registered-rental", consent=signoff), out)
    assert "申请人本人确认申请落户（李娜）" in flat(pypdf_text(out)) and "2017年6月3日14:20" in flat(pypdf_text(out))
