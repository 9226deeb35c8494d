"""Turning a ``PrintableCase`` into PDF: one document to bytes (for a preview) or to a file.

Receipts are signed with this installation's key (``intake.keys``); the signed payload goes into
the QR code and into the PDF's ``/Keywords`` so ``intake verify-receipt FILE.pdf`` can read it.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, Literal

from nacl.signing import SigningKey
from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from intake import keys, os_errors
from intake.errors import PrintError
from intake.ids import mask_id_number
from intake.printing.fonts import fonts
from intake.printing.form import TITLE as FORM_TITLE
from intake.printing.form import form_sheet
from intake.printing.layout import Sheet
from intake.printing.model import PrintableCase
from intake.printing.notice import TITLE as NOTICE_TITLE
from intake.printing.notice import notice_sheet
from intake.printing.parts import ContinuedHeader
from intake.printing.payload import ReceiptPayload
from intake.printing.receipt import TITLE as RECEIPT_TITLE
from intake.printing.receipt import receipt_sheet

DocumentKind = Literal["receipt", "notice", "form"]
DOCUMENT_KINDS: tuple[DocumentKind, ...] = ("receipt", "notice", "form")
TITLES: dict[DocumentKind, str] = {"receipt": RECEIPT_TITLE, "notice": NOTICE_TITLE, "form": FORM_TITLE}
PAGE_FOOTER = "第 {num} 页，共 {total} 页"
CREATOR = "落户受理"

# Binary (Flate-only) streams: ASCII85 on top makes files a quarter larger and, in reportlab's
# pure-Python encoder, costs more than laying out the page. intake is reportlab's only user here.
rl_config.useA85 = 0


def receipt_payload(case: PrintableCase) -> ReceiptPayload:
    """The facts the receipt's QR code vouches for."""
    d = case.decision
    return ReceiptPayload(
        case=case.number,
        issued=case.received_at.date(),
        applicant=mask_id_number(case.application.applicant.id_number),
        outcome=d.outcome,
        path=d.path,
        address_kind=d.address.kind if d.address else None,
        township=d.address.township if d.address else None,
        rules=d.rule_pack.sha256,
    )


class Printer:
    """Lays out and paints documents on one canvas; a batch shares one font subset and one key."""

    def __init__(self, target: BinaryIO, title: str, author: str) -> None:
        self.fonts = fonts()
        self.canvas = Canvas(target, pagesize=A4, initialFontName=self.fonts.name, initialFontSize=10)
        self.canvas.setTitle(title)
        self.canvas.setAuthor(author)
        self.canvas.setCreator(CREATOR)
        self.canvas.setSubject(title)
        self._key: SigningKey | None = None
        self.payloads: list[str] = []

    def add(self, kind: DocumentKind, case: PrintableCase) -> None:
        """Adds one document's pages."""
        if kind == "receipt":
            if self._key is None:
                self._key = keys.signing_key()
            payload = receipt_payload(case).signed(self._key)
            self.payloads.append(payload)
            sheet = Sheet(self.fonts)
            receipt_sheet(sheet, case, payload, keys.fingerprint(bytes(self._key.verify_key)))
            sheet.paint(self.canvas)
            return
        if kind == "notice" and case.decision.outcome != "incomplete":
            raise PrintError(f"案件 {case.number} 的审查结论不是“材料不全”，不需要一次性告知书")
        sheet = Sheet(self.fonts, continued=ContinuedHeader(TITLES[kind], case.number))
        (notice_sheet if kind == "notice" else form_sheet)(sheet, case)
        sheet.paint(self.canvas, footer=_footer(case.number))

    def finish(self) -> None:
        """Writes the PDF; receipts' payloads become the document's keywords."""
        self.canvas.setKeywords(" ".join(self.payloads))
        self.canvas.save()


def _footer(number: str) -> Callable[[int, int], str]:
    return lambda num, total: f"受理编号 {number}    " + PAGE_FOOTER.format(num=num, total=total)


def render_pdf(kind: DocumentKind, case: PrintableCase) -> bytes:
    """One document as PDF bytes, e.g. for the desktop app's preview."""
    buffer = io.BytesIO()
    printer = Printer(buffer, f"{TITLES[kind]} {case.number}", case.hall.name)
    printer.add(kind, case)
    printer.finish()
    return buffer.getvalue()


def write_pdf(kind: DocumentKind, case: PrintableCase, out: Path) -> Path:
    """One document written to ``out``; a failure leaves no half-written file."""
    return write_atomically(out, render_pdf(kind, case))


def write_atomically(out: Path, data: bytes) -> Path:
    """Writes through a temporary file beside ``out``; PrintError names a folder that cannot be written."""
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        os.replace(tmp, out)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise PrintError(f"无法写入文件 {out}：{os_errors.describe(e)}", str(out)) from None
    return out
