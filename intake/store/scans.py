"""Checking a scanned page before it is stored: real format, size and pixel limits, a thumbnail.

The file's extension says what it claims to be; the first bytes must agree and Pillow must open,
verify and fully decode an image. A PDF must start with its header and end with its trailer (the
tool keeps PDFs as evidence and does not render them: the thumbnail is a generated placeholder).
Every refusal is a PageRejected whose message names the file.
"""

from __future__ import annotations

import io
import struct
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from intake.errors import PageRejected
from intake.store.records import sha256_bytes

MAX_BYTES = 40 * 1024 * 1024
#: An A4 page at 600 dpi is about 35 million pixels.
MAX_PIXELS = 50_000_000
MAX_FRAMES = 50
THUMBNAIL_SIZE = 256

# Pillow warns above this and refuses above twice this; pages are checked against it exactly below.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

FORMAT_LABELS = {"jpeg": "JPEG", "png": "PNG", "tiff": "TIFF", "pdf": "PDF"}
_EXTENSIONS = {".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png", ".tif": "tiff", ".tiff": "tiff", ".pdf": "pdf"}
_PIL_FORMATS = {"jpeg": "JPEG", "png": "PNG", "tiff": "TIFF"}
_BROKEN = (OSError, SyntaxError, ValueError, EOFError, struct.error, IndexError, KeyError, TypeError)


@dataclass(frozen=True)
class Scan:
    """A checked page, ready to store."""

    filename: str
    format: str
    data: bytes
    sha256: str
    thumbnail: bytes

    @property
    def size(self) -> int:
        return len(self.data)


def sniff(data: bytes) -> str | None:
    """The format the first bytes announce, or None."""
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if data.startswith(b"%PDF-"):
        return "pdf"
    return None


def read_scan(path: Path) -> Scan:
    """Reads and checks one file; the size limit is checked before reading it."""
    name = path.name
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise PageRejected(f"{name} 是文件夹，不是扫描文件", name)
        _check_size(name, size)
        data = path.read_bytes()
    except FileNotFoundError:
        raise PageRejected(f"找不到文件 {name}", name) from None
    except PermissionError:
        raise PageRejected(f"没有权限读取文件 {name}", name) from None
    return check_scan(name, data)


def _check_size(name: str, size: int) -> None:
    if size == 0:
        raise PageRejected(f"文件 {name} 是空文件（0 字节），未添加", name)
    if size > MAX_BYTES:
        raise PageRejected(
            f"文件 {name} 过大（{size / 1048576:.1f} MB，上限 {MAX_BYTES // 1048576} MB），请降低扫描分辨率后重试", name
        )


def check_scan(name: str, data: bytes) -> Scan:
    """Checks bytes said to come from file ``name``; PageRejected names the file and the problem."""
    _check_size(name, len(data))
    claimed = _EXTENSIONS.get(Path(name).suffix.lower())
    if claimed is None:
        raise PageRejected(f"文件 {name} 的类型不受支持：只接受 JPEG、PNG、TIFF 图像或 PDF", name)
    actual = sniff(data)
    if actual != claimed:
        what = f"实际是 {FORMAT_LABELS[actual]}" if actual else "无法识别其格式"
        raise PageRejected(f"文件 {name} 的扩展名表明是 {FORMAT_LABELS[claimed]}，但内容不是（{what}），未添加", name)
    thumbnail = _check_pdf(name, data) if claimed == "pdf" else _check_image(name, data, claimed)
    return Scan(name, claimed, data, sha256_bytes(data), thumbnail)


def _check_pdf(name: str, data: bytes) -> bytes:
    if b"%%EOF" not in data[-1024:]:
        raise PageRejected(f"文件 {name} 不是完整的 PDF（缺少文件结尾标记，可能未传输完整），未添加", name)
    return pdf_placeholder()


def _check_image(name: str, data: bytes, fmt: str) -> bytes:
    broken = f"文件 {name} 已损坏或不完整，无法读取图像，未添加"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format != _PIL_FORMATS[fmt]:
                    raise PageRejected(broken, name)
                _check_pixels(name, probe)
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                return _thumbnail(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PageRejected(_bomb_message(name), name) from None
    except _BROKEN:
        raise PageRejected(broken, name) from None


def _bomb_message(name: str, size: tuple[int, int] | None = None) -> str:
    dims = f"（{size[0]}×{size[1]}）" if size else ""
    return (f"文件 {name} 的像素数过多{dims}，超过上限 {MAX_PIXELS // 1_000_000} 百万像素，"
            "可能是恶意构造的“解压炸弹”，已拒收")


def _check_pixels(name: str, image: Image.Image) -> None:
    frames = getattr(image, "n_frames", 1)
    if frames > MAX_FRAMES:
        raise PageRejected(f"文件 {name} 含 {frames} 帧，超过上限 {MAX_FRAMES}，请分开扫描", name)
    for frame in range(frames):
        if frames > 1:
            image.seek(frame)
        width, height = image.size
        if width * height > MAX_PIXELS:
            raise PageRejected(_bomb_message(name, (width, height)), name)
    if frames > 1:
        image.seek(0)


def _thumbnail(image: Image.Image) -> bytes:
    """A PNG of at most THUMBNAIL_SIZE pixels on its long side (first frame of a TIFF)."""
    thumb = image.copy()
    thumb.thumbnail((THUMBNAIL_SIZE, THUMBNAIL_SIZE))
    if thumb.mode not in ("RGB", "RGBA", "L", "LA"):
        thumb = thumb.convert("RGBA" if "A" in thumb.getbands() else "RGB")
    out = io.BytesIO()
    thumb.save(out, format="PNG", optimize=True)
    return out.getvalue()


@cache
def pdf_placeholder() -> bytes:
    """The thumbnail every PDF gets: a page outline marked PDF."""
    width, height = THUMBNAIL_SIZE * 7 // 10, THUMBNAIL_SIZE
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width - 1, height - 1), outline=(120, 120, 120), width=3)
    font = ImageFont.load_default(size=40)
    draw.text((width // 2, height // 2), "PDF", fill=(180, 30, 30), font=font, anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def refuse_repeats(scans: Sequence[Scan]) -> None:
    """PageRejected when two of ``scans`` have the same bytes (the same page added twice)."""
    seen: dict[str, str] = {}
    for scan in scans:
        if scan.sha256 in seen:
            raise PageRejected(f"文件 {scan.filename} 与 {seen[scan.sha256]} 内容完全相同，未重复添加", scan.filename)
        seen[scan.sha256] = scan.filename
