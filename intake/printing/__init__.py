"""Printed documents — 受理回执, 一次性告知书, 落户申请登记表 — as A4 PDFs with an embedded CJK font.

Public API (importing this package does not import reportlab; the modules below do)::

    from intake.printing.source import printable_case, cases_received_on, record_prints  # store → case
    from intake.printing.model import PrintableCase, Hall, Signoff     # what to print, store-free
    from intake.printing.render import render_pdf, write_pdf          # one document: bytes / file
    from intake.printing.batch import print_receipts                  # many receipts, with progress
    from intake.printing.verify import check_receipts                 # a receipt PDF or QR payload
"""
