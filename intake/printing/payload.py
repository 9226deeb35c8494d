"""The signed payload a receipt's QR code carries, so anyone with the issuing installation's public
key can check offline that a receipt is genuine and unaltered.

Format (version 1), ASCII, fields separated by ``|``::

    HKR1|CASE|ISSUED|APPLICANT|OUTCOME|PATH|ADDRESS_KIND|TOWNSHIP|RULES|SIGNATURE

- ``CASE`` the case number; ``ISSUED`` the acceptance date ``YYYYMMDD``; ``APPLICANT`` the
  masked ID number (``350583********0021``), so a QR copied onto another receipt shows itself;
- ``OUTCOME`` ``settle``/``incomplete``/``not_eligible``; ``PATH``, ``ADDRESS_KIND`` and
  ``TOWNSHIP`` (the registration address's 9-digit code) as in the decision, ``-`` when none;
- ``RULES`` the first 16 hex digits (64 bits) of the rule pack's sha256 — enough to tell rule
  versions apart; the full hash is on the filing form;
- ``SIGNATURE`` Ed25519 over everything before the last ``|`` (UTF-8), base64url without padding.

The receipt PDF also carries the payload as its ``/Keywords`` metadata, so ``intake verify-receipt
FILE.pdf`` needs no image decoding.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
from dataclasses import dataclass

from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

from intake.errors import ReceiptRejected

MAGIC = "HKR1"
NONE = "-"
RULES_DIGITS = 16
_FIELDS = 10
_OUTCOMES = ("settle", "incomplete", "not_eligible")
_FIELD_RE = re.compile(r"[0-9A-Za-z_.*-]+")
#: How a payload appears in PDF bytes (``/Keywords``); several for a batch file.
PDF_PAYLOAD_RE = re.compile(rb"HKR1\|[0-9A-Za-z_.*|-]+")


@dataclass(frozen=True)
class ReceiptPayload:
    """The facts a receipt vouches for."""

    case: str
    issued: dt.date
    applicant: str
    outcome: str
    path: str | None
    address_kind: str | None
    township: str | None
    rules: str

    def body(self) -> str:
        """The signed part of the payload."""
        fields = [
            MAGIC, self.case, self.issued.strftime("%Y%m%d"), self.applicant, self.outcome,
            self.path or NONE, self.address_kind or NONE, self.township or NONE, self.rules[:RULES_DIGITS],
        ]
        bad = next((f for f in fields[1:] if not _FIELD_RE.fullmatch(f)), None)
        if bad is not None:
            raise ValueError(f"receipt payload field {bad!r} has characters the format does not allow")
        return "|".join(fields)

    def signed(self, key: SigningKey) -> str:
        """The whole payload: body and signature."""
        body = self.body()
        signature = key.sign(body.encode("ascii")).signature
        return f"{body}|{base64.urlsafe_b64encode(signature).decode('ascii').rstrip('=')}"


@dataclass(frozen=True)
class Verified:
    """A payload whose signature checked out, and the fingerprint of the key that made it."""

    payload: ReceiptPayload
    fingerprint: str


def parse(text: str) -> tuple[ReceiptPayload, bytes]:
    """The payload and its signature; ReceiptRejected if the text is not a version-1 payload."""
    fields = text.strip().split("|")
    if len(fields) != _FIELDS or fields[0] != MAGIC:
        raise ReceiptRejected("不是落户受理回执的二维码内容（格式不符）")
    _, case, issued, applicant, outcome, path, kind, township, rules, signature = fields
    try:
        day = dt.datetime.strptime(issued, "%Y%m%d").date()
        raw = base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4))
    except (ValueError, binascii.Error):
        raise ReceiptRejected(f"回执 {case} 的二维码内容已损坏（日期或签名无法读取）") from None
    if outcome not in _OUTCOMES or len(raw) != 64:
        raise ReceiptRejected(f"回执 {case} 的二维码内容已损坏（结论或签名长度不符）")
    payload = ReceiptPayload(
        case, day, applicant, outcome, None if path == NONE else path, None if kind == NONE else kind,
        None if township == NONE else township, rules,
    )
    return payload, raw


def verify(text: str, keys: dict[str, VerifyKey]) -> Verified:
    """Checks a payload against trusted keys (by fingerprint). ReceiptRejected when it is malformed,
    altered, or signed by a key not trusted here."""
    payload, signature = parse(text)
    body = text.strip().rsplit("|", 1)[0].encode("ascii", "replace")
    for fingerprint, key in keys.items():
        try:
            key.verify(body, signature)
        except BadSignatureError:
            continue
        return Verified(payload, fingerprint)
    raise ReceiptRejected(f"回执 {payload.case} 的签名无效：内容被改动过，或不是由本机信任的受理点签发")


def payloads_in_pdf(data: bytes) -> list[str]:
    """Every receipt payload in a PDF this program printed (from its metadata), in order."""
    return [m.decode("ascii") for m in PDF_PAYLOAD_RE.findall(data)]
