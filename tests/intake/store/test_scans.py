"""Scanned pages are checked on the way in, with real good, corrupt, oversized and malicious files."""

from __future__ import annotations

import io
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from intake.errors import PageRejected
from intake.store import scans
from intake.store.scans import read_scan
from tests.intake.store.conftest import image_bytes, write

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.mark.parametrize(
    ("name", "fmt", "data"),
    [
        ("page.jpg", "jpeg", lambda: image_bytes("JPEG", quality=80)),
        ("page.JPEG", "jpeg", lambda: image_bytes("JPEG", mode="L")),
        ("page.png", "png", lambda: image_bytes("PNG")),
        ("page.tif", "tiff", lambda: image_bytes("TIFF", mode="1", compression="group4")),
        ("page.pdf", "pdf", lambda: MINIMAL_PDF),
    ],
)
def test_good_pages_are_accepted_with_a_png_thumbnail(tmp_path: Path, name: str, fmt: str, data: Callable[[], bytes]) -> None:
    scan = read_scan(write(tmp_path / name, data()))
    assert scan.format == fmt
    with Image.open(io.BytesIO(scan.thumbnail)) as thumb:
        assert thumb.format == "PNG"
        assert max(thumb.size) <= scans.THUMBNAIL_SIZE
        if fmt != "pdf":
            assert max(thumb.size) == scans.THUMBNAIL_SIZE


def test_pillow_made_pdf_is_accepted(tmp_path: Path) -> None:
    assert read_scan(write(tmp_path / "scan.pdf", image_bytes("PDF"))).format == "pdf"


def test_multipage_tiff_is_accepted(tmp_path: Path) -> None:
    frames = [Image.new("L", (300, 400), c) for c in (0, 128, 255)]
    out = io.BytesIO()
    frames[0].save(out, format="TIFF", save_all=True, append_images=frames[1:])
    assert read_scan(write(tmp_path / "both-sides.tiff", out.getvalue())).format == "tiff"


def _refused(path: Path, pattern: str) -> None:
    with pytest.raises(PageRejected, match=pattern) as caught:
        read_scan(path)
    assert path.name in caught.value.message
    assert caught.value.field == path.name


def test_empty_file_is_refused(tmp_path: Path) -> None:
    _refused(write(tmp_path / "empty.jpg", b""), "空文件（0 字节）")


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "huge.png"
    with big.open("wb") as f:
        f.truncate(scans.MAX_BYTES + 1)  # sparse: costs no disk
    _refused(big, "过大")


def test_missing_file_is_named(tmp_path: Path) -> None:
    _refused(tmp_path / "gone.jpg", "找不到文件")


def test_unsupported_type_is_refused(tmp_path: Path) -> None:
    _refused(write(tmp_path / "page.bmp", image_bytes("BMP")), "类型不受支持")


def test_extension_must_match_content(tmp_path: Path) -> None:
    _refused(write(tmp_path / "photo.jpg", image_bytes("PNG")), "扩展名表明是 JPEG.*实际是 PNG")
    _refused(write(tmp_path / "doc.pdf", b"MZ\x90\x00 an executable"), "无法识别其格式")


def test_truncated_jpeg_is_refused(tmp_path: Path) -> None:
    data = image_bytes("JPEG")
    _refused(write(tmp_path / "cut.jpg", data[: len(data) // 2]), "已损坏或不完整")


def test_png_with_a_damaged_chunk_is_refused(tmp_path: Path) -> None:
    data = bytearray(image_bytes("PNG"))
    at = data.index(b"IDAT") + 20
    data[at : at + 8] = b"\x00" * 8
    _refused(write(tmp_path / "bad.png", bytes(data)), "已损坏或不完整")


def test_random_bytes_behind_a_jpeg_header_are_refused(tmp_path: Path) -> None:
    _refused(write(tmp_path / "noise.jpg", b"\xff\xd8\xff\xe0" + bytes(range(256)) * 20), "已损坏或不完整")


def test_pdf_without_trailer_is_refused(tmp_path: Path) -> None:
    _refused(write(tmp_path / "cut.pdf", MINIMAL_PDF[:-8]), "不是完整的 PDF")


def _bomb_png(width: int, height: int) -> bytes:
    """A tiny PNG that claims ``width``×``height`` pixels (1-bit, all zero)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return len(body).to_bytes(4, "big") + kind + body + zlib.crc32(kind + body).to_bytes(4, "big")

    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    compressor = zlib.compressobj(9)
    body = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([1, 0, 0, 0, 0])
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


@pytest.mark.parametrize("side", [7_500, 12_000])  # 56 MP (Pillow warns) and 144 MP (Pillow refuses)
def test_decompression_bomb_is_refused(tmp_path: Path, side: int) -> None:
    path = write(tmp_path / "bomb.png", _bomb_png(side, side))
    assert path.stat().st_size < 1_000_000
    _refused(path, "解压炸弹")


def test_tiff_with_a_huge_second_frame_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scans, "MAX_PIXELS", 100_000)
    frames = [Image.new("1", (100, 100)), Image.new("1", (1000, 1000))]
    out = io.BytesIO()
    frames[0].save(out, format="TIFF", save_all=True, append_images=frames[1:])
    _refused(write(tmp_path / "two.tif", out.getvalue()), "像素数过多")
