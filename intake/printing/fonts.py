"""Fonts for printed documents: the bundled CJK TrueType font, fallbacks for rarer characters, and
a fix so characters beyond the BMP (𠮷, 𪚥) extract from the PDF as themselves.

Fonts are registered with reportlab on first use only, and fallbacks only when a text needs them,
so the first receipt costs one font parse. See ``fonts/README.md`` for where the files come from.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import SUBSETN, TTFont

from intake.config import data_dir
from intake.errors import PrintError

BUNDLED = Path(__file__).resolve().parent / "fonts"
PRIMARY_FILE = BUNDLED / "wqy-microhei.ttc"
EXTENSION_A_FILE = BUNDLED / "DroidSansFallback-ExtA.ttf"
FONT_SUFFIXES = (".ttf", ".ttc")

_MEASURE_CACHE = 20_000
Run = tuple[str, str, float]  # font name, text, width in points

_WINDOWS_FALLBACKS = ("simsunb.ttf", "SimsunExtG.ttf", "simsun.ttc")
_DEBIAN_FALLBACKS = (
    "/usr/share/fonts/truetype/hanazono/HanaMinB.ttf",
    "/usr/share/fonts/truetype/hanazono/HanaMinA.ttf",
)


def user_font_dir() -> Path:
    """Where a county puts extra fonts (e.g. one covering CJK Extension B) for this installation."""
    return data_dir() / "fonts"


def to_unicode_cmap(name: str, subset: list[int]) -> str:
    """A ToUnicode CMap for one 256-code font subset, with characters beyond the BMP written as
    UTF-16 surrogate pairs as the PDF specification requires (reportlab writes ``<20BB7>``, which
    viewers and text extractors cannot read)."""
    entries = []
    for code, char in enumerate(subset):
        utf16 = chr(char).encode("utf-16-be", "surrogatepass").hex().upper()
        entries.append(f"<{code:02X}> <{utf16}>")
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            f"/CIDSystemInfo << /Registry ({name}) /Ordering ({name}) /Supplement 0 >> def",
            f"/CMapName /{name} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(subset)} beginbfchar",
            *entries,
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


class UnicodeTTFont(TTFont):
    """A reportlab TrueType font whose subsets carry a correct ToUnicode CMap for every plane."""

    def addObjects(self, doc: object) -> None:  # noqa: N802 — reportlab's name
        state = self.state.get(doc)
        subsets = [list(s) for s in state.subsets] if state is not None else []
        super().addObjects(doc)
        for n, subset in enumerate(subsets):
            base = b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX)).decode("latin-1")
            stream = doc.idToObject["toUnicodeCMap:" + base]  # type: ignore[attr-defined]
            stream.content = to_unicode_cmap(base, subset)


@dataclass(frozen=True)
class FontFile:
    """A TrueType file (or face 0 of a collection) that may supply glyphs."""

    path: Path

    def load(self, name: str) -> UnicodeTTFont | None:
        """The registered font, or None if it is unreadable or forbids embedding."""
        try:
            font = UnicodeTTFont(name, str(self.path), asciiReadable=0)
        except Exception:  # any unreadable, damaged or embedding-restricted font is skipped
            return None
        pdfmetrics.registerFont(font)
        return font


def fallback_files() -> Iterator[FontFile]:
    """Candidates for characters the primary font lacks, best first: the bundled Extension A
    font, the county's own fonts, then fonts of the operating system."""
    yield FontFile(EXTENSION_A_FILE)
    folder = user_font_dir()
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() in FONT_SUFFIXES:
                yield FontFile(path)
    if sys.platform == "win32":
        folders = [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
        if local := os.environ.get("LOCALAPPDATA"):  # fonts installed for one user only
            folders.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
        for name in _WINDOWS_FALLBACKS:
            for folder in folders:
                if (folder / name).is_file():
                    yield FontFile(folder / name)
    for path in map(Path, _DEBIAN_FALLBACKS):
        if path.is_file():
            yield FontFile(path)


@dataclass
class FontSet:
    """The primary font plus fallbacks loaded on demand; splits text into runs per font."""

    primary: UnicodeTTFont
    _fallbacks: list[UnicodeTTFont] = field(default_factory=list)
    _pending: Iterator[FontFile] | None = None
    _tried: set[Path] = field(default_factory=set)
    _by_char: dict[int, str] = field(default_factory=dict)
    _measured: dict[tuple[str, float], tuple[tuple[Run, ...], float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def name(self) -> str:
        """The reportlab name of the primary font."""
        return self.primary.fontName

    def runs(self, text: str) -> list[tuple[str, str]]:
        """``(font name, text)`` pieces that together draw ``text``; PrintError names a character
        no available font has."""
        glyphs = self.primary.face.charToGlyph
        if all(ord(c) in glyphs for c in text):
            return [(self.primary.fontName, text)]
        out: list[tuple[str, str]] = []
        for char in text:
            font = self.primary.fontName if ord(char) in glyphs else self._font_for(char)
            if out and out[-1][0] == font:
                out[-1] = (font, out[-1][1] + char)
            else:
                out.append((font, char))
        return out

    def measure(self, text: str, size: float) -> tuple[tuple[Run, ...], float]:
        """The runs of ``text`` with their widths in points, and the total width. Memoised: the
        same labels recur on every receipt of a batch."""
        key = (text, size)
        found = self._measured.get(key)
        if found is None:
            runs = tuple((font, piece, stringWidth(piece, font, size)) for font, piece in self.runs(text))
            found = (runs, sum(r[2] for r in runs))
            if len(self._measured) >= _MEASURE_CACHE:
                self._measured.clear()
            self._measured[key] = found
        return found

    def width(self, text: str, size: float) -> float:
        """Width of ``text`` in points, each piece measured in the font that draws it."""
        return self.measure(text, size)[1]

    def _font_for(self, char: str) -> str:
        code = ord(char)
        if code in self._by_char:
            return self._by_char[code]
        with self._lock:
            font = next((f for f in self._fallbacks if code in f.face.charToGlyph), None)
            if self._pending is None:
                self._pending = fallback_files()
            while font is None:
                candidate = next(self._pending, None)
                if candidate is None:
                    self._pending = None  # look again next time: a font may have been added
                    raise PrintError(
                        f"无法打印“{char}”（U+{code:04X}）：本机没有包含这个字的字体。"
                        f"请安装 Windows 的“SimSun-ExtB”字体，或把包含这个字的 TrueType 字体文件"
                        f"（.ttf/.ttc，例如花园明朝 HanaMinB.ttf）放入 {user_font_dir()} 后重新打印。"
                    )
                if candidate.path in self._tried:
                    continue
                self._tried.add(candidate.path)
                loaded = candidate.load(f"IntakeFallback{len(self._tried)}")
                if loaded is not None:
                    self._fallbacks.append(loaded)
                    if code in loaded.face.charToGlyph:
                        font = loaded
            self._by_char[code] = font.fontName
            return font.fontName


_fonts: FontSet | None = None
_fonts_lock = threading.Lock()


def fonts() -> FontSet:
    """The process-wide font set, made on first use (one parse of the bundled font)."""
    global _fonts
    with _fonts_lock:
        if _fonts is None:
            primary = FontFile(PRIMARY_FILE).load("IntakeSans")
            if primary is None:
                raise PrintError(f"找不到打印所需的字体文件 {PRIMARY_FILE}，请重新安装本程序。")
            _fonts = FontSet(primary)
        return _fonts
