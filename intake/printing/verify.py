"""Checking receipts offline: from a receipt PDF this program printed (its metadata holds the QR
payload, so no image decoding is needed), from a text file, or from the scanned QR text itself."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from intake import keys, os_errors
from intake.errors import ReceiptRejected
from intake.printing.payload import MAGIC, Verified, parse, payloads_in_pdf, verify


@dataclass(frozen=True)
class ReceiptCheck:
    """The verdict on one payload; ``case`` is None when not even that could be read."""

    case: str | None
    ok: bool
    problem: str | None = None
    verified: Verified | None = None


def payloads_from(source: str) -> list[str]:
    """The payloads ``source`` holds: a PDF or text file, or a payload given directly.
    ReceiptRejected when there is none."""
    if source.startswith(MAGIC + "|"):
        return [source]
    path = Path(source)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ReceiptRejected(f"既不是回执二维码内容，也无法作为文件读取（{os_errors.describe(e)}）：{source}") from None
    if data.startswith(b"%PDF"):
        found = payloads_in_pdf(data)
        if not found:
            raise ReceiptRejected(
                f"{path.name} 中找不到回执的核验内容（可能不是本程序打印的回执，或经其他软件另存过）。"
                "请扫描回执上的二维码，把得到的文字作为参数核验。"
            )
        return found
    text = data.decode("utf-8", "replace").strip()
    if not text.startswith(MAGIC + "|"):
        raise ReceiptRejected(f"{path.name} 不是回执 PDF，也不含回执二维码内容")
    return text.split()


def check_receipts(source: str) -> list[ReceiptCheck]:
    """Verifies every receipt in ``source`` against this installation's trusted keys."""
    trusted = keys.trusted_verify_keys()
    checks = []
    for text in payloads_from(source):
        try:
            verified = verify(text, trusted)
        except ReceiptRejected as e:
            checks.append(ReceiptCheck(_case_of(text), False, e.message))
        else:
            checks.append(ReceiptCheck(verified.payload.case, True, verified=verified))
    return checks


def _case_of(text: str) -> str | None:
    try:
        return parse(text)[0].case
    except ReceiptRejected:
        return None
