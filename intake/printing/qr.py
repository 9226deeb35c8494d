"""The receipt's QR code: encoded by zxing-cpp (C++, well under a millisecond per code, so a day's
receipts print in seconds) and drawn as a 1-bit stencil (an image mask), one sample per module:
edges stay sharp at any printer resolution and the page costs a few hundred bytes."""

from __future__ import annotations

from typing import Any

import zxingcpp
from reportlab.pdfgen.canvas import Canvas

from intake.printing.layout import Painter

#: Error correction level M: about 15 % of the code may be smudged or creased and still read.
EC_LEVEL = "M"
#: Pixel values of zxing-cpp's image → bits of the mask: dark (0) paints, light (255) does not.
_BITS = bytes.maketrans(b"\x00\xff", b"01")


def mask_rows(text: str) -> tuple[int, list[bytes]]:
    """The code's size in modules and its rows from the top as packed bits (dark = 0), without the
    quiet zone; each row is padded to whole bytes with light modules."""
    code = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level=EC_LEVEL)
    image: Any = code.to_image(scale=1, add_quiet_zones=False)  # a buffer; the stubs do not say so
    count = image.shape[0]
    data = memoryview(image).tobytes().translate(_BITS)
    padded = -count % 8
    row_bytes = (count + padded) // 8
    rows = [
        int(data[r * count : (r + 1) * count] + b"1" * padded, 2).to_bytes(row_bytes, "big")
        for r in range(count)
    ]
    return count, rows


def qr_painter(text: str, x: float, y: float, size: float) -> Painter:
    """Draws the code for ``text`` as a ``size``-point square with its lower-left corner at (x, y)."""
    count, rows = mask_rows(text)
    samples = b"".join(rows).hex()
    literal = (
        f"q 0 g {size:.2f} 0 0 {size:.2f} {x:.2f} {y:.2f} cm\n"
        f"BI /W {count} /H {count} /IM true /BPC 1 /F /AHx ID\n{samples}>\nEI Q"
    )

    def paint(canvas: Canvas) -> None:
        canvas.addLiteral(literal)

    return paint
