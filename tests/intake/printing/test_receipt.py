"""The acceptance receipt, for every worked example: every field a person reads, the embedded font,
and the signed QR code read back off the rendered page."""

from __future__ import annotations

from pathlib import Path

import pytest

from intake import keys
from intake.ids import mask_id_number
from intake.printing.labels import OUTCOME_LABELS, PATH_LABELS, document_label
from intake.printing.payload import payloads_in_pdf, verify
from intake.printing.render import render_pdf, write_pdf
from tests.intake.printing.conftest import EXAMPLES, NUMBER, flat, pdffonts, pdftotext, printable, pypdf_text, qr_codes, raw_case


@pytest.mark.parametrize("name", EXAMPLES)
def test_receipt_shows_every_field(name: str, out: Path) -> None:
    case = printable(name)
    write_pdf("receipt", case, out)
    text = flat(pdftotext(out))
    app, d = case.application, case.decision
    assert "落户申请受理回执" in text
    for expected in ("海滨街道便民服务中心", NUMBER, "2017年6月1日", "王丽", app.applicant.name,
                     mask_id_number(app.applicant.id_number), OUTCOME_LABELS[d.outcome]):
        assert flat(expected) in text, expected
    assert app.applicant.id_number not in text  # the receipt leaves the hall: ID number masked
    searchable = flat(pypdf_text(out))
    for i, (doc, pages) in enumerate(zip(app.documents, case.pages), start=1):
        assert f"{i}{flat(document_label(doc.type))}{pages}页" in searchable, doc.type
    if d.outcome == "settle":
        assert d.path and flat(PATH_LABELS[d.path]) in text and d.clause and d.clause in text
        assert d.address and d.address.text and flat(d.address.text) in searchable
    elif d.outcome == "incomplete":
        assert "一次性告知书" in text
    else:
        assert all(flat(r.reason) in searchable for r in d.reasons)


def test_receipt_lists_each_document_with_its_page_count(out: Path) -> None:
    case = printable("graduate-unregistered-rental-collective", pages=[2, 1, 5, 3, 4])
    write_pdf("receipt", case, out)
    rows = [flat(line) for line in pypdf_text(out).splitlines()]
    for i, (doc, pages) in enumerate(zip(case.application.documents, case.pages), start=1):
        assert f"{i}{flat(document_label(doc.type))}{pages}页" in rows, doc.type


def test_receipt_embeds_a_subset_of_its_font(out: Path) -> None:
    write_pdf("receipt", printable("graduate-township-public"), out)
    fonts = pdffonts(out)
    assert fonts, "no fonts in the receipt"
    assert all(f["emb"] == "yes" and f["sub"] == "yes" and f["uni"] == "yes" for f in fonts), fonts
    assert any("WenQuanYiMicroHei" in f["name"] for f in fonts)


def test_the_qr_code_scans_and_verifies(out: Path, tmp_path: Path) -> None:
    case = printable("graduate-unregistered-rental-collective")
    write_pdf("receipt", case, out)
    [scanned] = qr_codes(out, tmp_path)
    assert payloads_in_pdf(out.read_bytes()) == [scanned]
    checked = verify(scanned, keys.trusted_verify_keys())
    p = checked.payload
    d = case.decision
    assert (p.case, p.outcome, p.path) == (NUMBER, "settle", "graduate_employed")
    assert d.address and (p.address_kind, p.township) == (d.address.kind, d.address.township)
    assert p.rules == d.rule_pack.sha256[:16]
    assert p.applicant == mask_id_number(case.application.applicant.id_number)
    assert checked.fingerprint == keys.fingerprint(keys.verify_key_bytes())


def test_the_qr_code_scans_from_a_low_resolution_scan(out: Path, tmp_path: Path) -> None:
    """100 dpi: about 2.4 pixels per module for the longest payloads (version 11)."""
    write_pdf("receipt", printable("graduate-unregistered-rental-collective"), out)
    assert qr_codes(out, tmp_path, dpi=100) == payloads_in_pdf(out.read_bytes())


def test_receipts_of_the_same_case_are_byte_identical_apart_from_time() -> None:
    case = printable("general-path-rental")
    first, second = render_pdf("receipt", case), render_pdf("receipt", case)
    assert payloads_in_pdf(first) == payloads_in_pdf(second)  # Ed25519 is deterministic


def test_an_address_the_registry_lacked_is_flagged(out: Path) -> None:
    """Releases before 2026-11 settled an applicant at a township whose public address the registry
    lacked (the address without text, a warning); such stored decisions still print flagged."""
    data = raw_case("graduate-township-public")
    for doc in data["documents"]:
        if doc["type"] == "labor_contract":
            doc["workplace_township"] = "350502003"  # 鲤中街道: no public address in the registry
    settled = printable("graduate-township-public").decision
    assert settled.address is not None
    earlier = settled.model_copy(update={
        "address": settled.address.model_copy(update={"township": "350502003", "text": None}),
        "warnings": printable("graduate-township-public", data).decision.warnings,
    })
    case = printable("graduate-township-public", data, decision=earlier)
    write_pdf("receipt", case, out)
    text = flat(pypdf_text(out))
    assert "地址尚未登记" in text and "350502003（鲤中街道）" in text
    assert all(flat(w.reason) in text for w in case.decision.warnings) and case.decision.warnings
