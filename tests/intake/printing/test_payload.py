"""The receipt's signed payload: it verifies with this installation's or a trusted key, and any
change to any field, a foreign key or a malformed text is rejected."""

from __future__ import annotations

import base64
import datetime as dt
import json

import pytest
from nacl.signing import SigningKey

from intake import keys
from intake.errors import ReceiptRejected
from intake.printing.payload import ReceiptPayload, parse, payloads_in_pdf, verify
from intake.printing.render import receipt_payload, render_pdf
from intake.printing.verify import check_receipts
from tests.intake.printing.conftest import printable

PAYLOAD = ReceiptPayload(
    case="350502001-2017-000042", issued=dt.date(2017, 6, 1), applicant="350583********0021", outcome="settle",
    path="graduate_employed", address_kind="employer_collective", township="350502002", rules="e8e8c25cf7c9b82bd1",
)


def test_round_trip_with_this_installations_key() -> None:
    text = PAYLOAD.signed(keys.signing_key())
    assert text.startswith("HKR1|350502001-2017-000042|20170601|350583********0021|settle|graduate_employed|")
    assert len(text) < 240  # QR version 11 at most: modules of half a millimetre at 34 mm
    checked = verify(text, keys.trusted_verify_keys())
    assert checked.payload == ReceiptPayload(**{**PAYLOAD.__dict__, "rules": "e8e8c25cf7c9b82b"})


@pytest.mark.parametrize("field", range(1, 9))
def test_changing_any_field_is_rejected(field: int) -> None:
    parts = PAYLOAD.signed(keys.signing_key()).split("|")
    parts[field] = {4: "not_eligible", 2: "20170602"}.get(field, parts[field][:-1] + ("1" if parts[field][-1] != "1" else "2"))
    with pytest.raises(ReceiptRejected):
        verify("|".join(parts), keys.trusted_verify_keys())


def test_a_forged_signature_is_rejected() -> None:
    forged = PAYLOAD.signed(SigningKey.generate())
    with pytest.raises(ReceiptRejected, match="签名无效"):
        verify(forged, keys.trusted_verify_keys())


def test_a_trusted_installations_receipt_verifies() -> None:
    other = SigningKey.generate()
    folder = keys.keys_dir() / keys.TRUSTED_DIR
    folder.mkdir(parents=True)
    public = base64.b64encode(bytes(other.verify_key)).decode()
    (folder / "linjiang.pub").write_text(json.dumps({"ed25519": public, "name": "临江街道便民服务中心"}), encoding="utf-8")
    checked = verify(PAYLOAD.signed(other), keys.trusted_verify_keys())
    assert checked.fingerprint == keys.fingerprint(bytes(other.verify_key))


@pytest.mark.parametrize("text", [
    "", "hello", "HKR1|a|b", "HKR2|350502001-2017-000042|20170601|x|settle|-|-|-|abc|sig",
    "HKR1|350502001-2017-000042|20171301|x|settle|-|-|-|abc|" + "A" * 86,
    "HKR1|350502001-2017-000042|20170601|x|maybe|-|-|-|abc|" + "A" * 86,
    "HKR1|350502001-2017-000042|20170601|x|settle|-|-|-|abc|AAAA",
])
def test_malformed_payloads_are_rejected(text: str) -> None:
    with pytest.raises(ReceiptRejected):
        verify(text, keys.trusted_verify_keys())


def test_fields_outside_the_format_are_refused_when_signing() -> None:
    with pytest.raises(ValueError):
        ReceiptPayload(**{**PAYLOAD.__dict__, "case": "a|b"}).body()


def test_the_pdf_carries_the_payload_it_shows() -> None:
    case = printable("graduate-township-public")
    [text] = payloads_in_pdf(render_pdf("receipt", case))
    assert parse(text)[0] == ReceiptPayload(**{**receipt_payload(case).__dict__, "rules": case.decision.rule_pack.sha256[:16]})


def test_check_receipts_reads_pdfs_text_files_and_payloads(tmp_path) -> None:  # type: ignore[no-untyped-def]
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(render_pdf("receipt", printable("general-path-rental")))
    [from_pdf] = check_receipts(str(pdf))
    assert from_pdf.ok and from_pdf.case == "350502001-2017-000042"
    text = payloads_in_pdf(pdf.read_bytes())[0]
    scanned = tmp_path / "scan.txt"
    scanned.write_text(text + "\n", encoding="utf-8")
    assert [c.ok for c in check_receipts(str(scanned))] == [True]
    assert [c.ok for c in check_receipts(text)] == [True]
    tampered = pdf.read_bytes().replace(b"|general|", b"|skilled_worker|")
    pdf.write_bytes(tampered)
    [bad] = check_receipts(str(pdf))
    assert not bad.ok and bad.case == "350502001-2017-000042" and "签名无效" in (bad.problem or "")
    other = tmp_path / "other.pdf"
    other.write_bytes(b"%PDF-1.4\n%%EOF\n")
    with pytest.raises(ReceiptRejected, match="找不到"):
        check_receipts(str(other))
    with pytest.raises(ReceiptRejected):
        check_receipts(str(tmp_path / "missing.pdf"))
