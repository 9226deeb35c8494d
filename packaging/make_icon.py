"""Draws the app icon — a red seal-like square with 户 in white — as packaging/icons/hukou-intake.png
(256 px) and hukou-intake.ico (16–256 px), with the font the printed documents bundle. The results
are committed; run again only to change the design::

    .venv/bin/python packaging/make_icon.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
FONT = REPO / "intake" / "printing" / "fonts" / "wqy-microhei.ttc"
OUT = HERE / "icons"
RED = (190, 30, 36, 255)
SIZES = [16, 24, 32, 48, 64, 128, 256]


def draw(size: int = 1024) -> Image.Image:
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    margin = size // 16
    pen.rounded_rectangle([margin, margin, size - margin, size - margin], radius=size // 6, fill=RED)
    inner = size // 8
    pen.rounded_rectangle([inner, inner, size - inner, size - inner], radius=size // 10,
                          outline=(255, 255, 255, 255), width=max(1, size // 40))
    font = ImageFont.truetype(str(FONT), int(size * 0.56), index=0)
    pen.text((size / 2, size / 2), "户", font=font, fill=(255, 255, 255, 255), anchor="mm")
    return image


def main() -> None:
    OUT.mkdir(exist_ok=True)
    big = draw()
    png = big.resize((256, 256), Image.Resampling.LANCZOS)
    png.save(OUT / "hukou-intake.png", optimize=True)
    png.save(OUT / "hukou-intake.ico", sizes=[(s, s) for s in SIZES])
    print(f"wrote {OUT / 'hukou-intake.png'} and {OUT / 'hukou-intake.ico'}")


if __name__ == "__main__":
    main()
