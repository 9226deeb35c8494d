"""The receipt's QR code: encoded by zxing-cpp (C++, well under a millisecond per code, so a day's
receipts print in seconds) and drawn as vector squares, crisp at any printer resolution."""

from __future__ import annotations

import zxingcpp
from reportlab.pdfgen.canvas import Canvas

from intake.printing.layout import Painter

#: Error correction level M: about 15 % of the code may be smudged or creased and still read.
EC_LEVEL = "M"


def modules(text: str) -> list[list[bool]]:
    """The code's dark modules, row by row from the top, without the quiet zone."""
    code = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level=EC_LEVEL)
    image = memoryview(code.to_image(scale=1, add_quiet_zones=False))
    height, width = image.shape
    data = image.tobytes()
    return [[data[r * width + c] < 128 for c in range(width)] for r in range(height)]


def qr_painter(text: str, x: float, y: float, size: float) -> Painter:
    """Draws the code for ``text`` as a ``size``-point square with its lower-left corner at (x, y);
    each run of dark modules in a row is one rectangle."""
    rows = modules(text)
    step = size / len(rows)

    def paint(canvas: Canvas) -> None:
        path = canvas.beginPath()
        for r, row in enumerate(rows):
            top = y + size - (r + 1) * step
            start = None
            for c, dark in enumerate([*row, False]):
                if dark and start is None:
                    start = c
                elif not dark and start is not None:
                    path.rect(x + start * step, top, (c - start) * step, step)
                    start = None
        canvas.setFillGray(0)
        canvas.drawPath(path, stroke=0, fill=1)

    return paint
