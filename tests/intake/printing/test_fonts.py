"""Fonts: the bundled CJK font is embedded as a subset; characters beyond the BMP (𠮷 U+20BB7,
𪚥 U+2A6A5) render from a fallback font and extract from the PDF as themselves — reportlab writes
their ToUnicode entries as ``<20BB7>``, which no reader understands; ``UnicodeTTFont`` fixes that."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from intake.errors import PrintError
from intake.printing import fonts as fonts_module
from intake.printing.fonts import BUNDLED, FontSet, FontFile, to_unicode_cmap
from intake.printing.render import DOCUMENT_KINDS, write_pdf
from tests.intake.printing.conftest import flat, pdffonts, pdftotext, printable, pypdf_text, renamed

RARE = "𠮷田𪚥"
EXT_B_FONTS = [Path(p) for p in fonts_module._DEBIAN_FALLBACKS if Path(p).exists()]


def test_bundled_fonts_are_small_and_licensed() -> None:
    files = {p.name: p.stat().st_size for p in BUNDLED.iterdir()}
    assert {"wqy-microhei.ttc", "DroidSansFallback-ExtA.ttf", "LICENSE-Apache-2.0.txt", "README.md"} <= set(files)
    assert sum(files.values()) < 8_000_000


def test_to_unicode_cmap_writes_surrogate_pairs() -> None:
    cmap = to_unicode_cmap("AAAAAA+X", [0, 0x6797, 0x20BB7, 0x2A6A5])
    assert "<01> <6797>" in cmap
    assert "<02> <D842DFB7>" in cmap
    assert "<03> <D869DEA5>" in cmap
    assert "<00> <03>" in cmap  # the code space covers the subset


@pytest.mark.parametrize("kind", DOCUMENT_KINDS)
def test_names_beyond_the_bmp_round_trip(kind: str, out: Path) -> None:
    assert EXT_B_FONTS, "no font for CJK Extension B: install fonts-hanazono (see .ci/run)"
    case = printable("graduate-no-employment", renamed("graduate-no-employment", RARE))
    write_pdf(kind, case, out)  # type: ignore[arg-type]
    assert RARE in pdftotext(out)
    assert RARE in flat(pypdf_text(out))
    fonts = pdffonts(out)
    assert all(f["emb"] == "yes" and f["sub"] == "yes" and f["uni"] == "yes" for f in fonts), fonts
    assert any("HanaMin" in f["name"] for f in fonts)


def test_extension_a_comes_from_the_bundled_font(out: Path) -> None:
    name = "林㐂"  # U+3402, CJK Extension A
    write_pdf("receipt", printable("general-path-rental", renamed("general-path-rental", name)), out)
    assert name in pdftotext(out)
    assert any("DroidSansFallback" in f["name"] for f in pdffonts(out))


def fresh_set(monkeypatch: pytest.MonkeyPatch, candidates: list[Path]) -> FontSet:
    """A font set of its own whose fallbacks are exactly ``candidates``."""
    monkeypatch.setattr(fonts_module, "fallback_files", lambda: iter(FontFile(p) for p in candidates))
    primary = FontFile(fonts_module.PRIMARY_FILE).load("TestPrimary")
    assert primary is not None
    return FontSet(primary)


def test_runs_split_text_by_font(monkeypatch: pytest.MonkeyPatch) -> None:
    assert EXT_B_FONTS
    fonts = fresh_set(monkeypatch, EXT_B_FONTS[:1])
    assert fonts.runs("林晓") == [("TestPrimary", "林晓")]
    runs = fonts.runs("申请人" + RARE)
    assert [piece for _, piece in runs] == ["申请人", "𠮷", "田", "𪚥"]
    assert runs[0][0] == runs[2][0] == "TestPrimary" and runs[1][0] == runs[3][0] != "TestPrimary"
    assert fonts.width(RARE, 10) > fonts.width("田", 10)


def test_a_character_no_font_has_is_refused_in_chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    fonts = fresh_set(monkeypatch, [])
    with pytest.raises(PrintError) as info:
        fonts.runs("𠮷")
    assert "U+20BB7" in info.value.message and "SimSun-ExtB" in info.value.message
    assert str(fonts_module.user_font_dir()) in info.value.message


def test_a_font_the_county_adds_to_the_data_folder_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    assert EXT_B_FONTS
    folder = fonts_module.user_font_dir()
    folder.mkdir(parents=True)
    os.symlink(EXT_B_FONTS[0], folder / "county-font.ttf")
    (folder / "notes.txt").write_text("not a font", encoding="utf-8")
    (folder / "broken.ttf").write_bytes(b"not a font either")
    monkeypatch.setattr(fonts_module, "_DEBIAN_FALLBACKS", ())
    candidates = [f.path.name for f in fonts_module.fallback_files()]
    assert candidates == ["DroidSansFallback-ExtA.ttf", "broken.ttf", "county-font.ttf"]
    primary = FontFile(fonts_module.PRIMARY_FILE).load("TestPrimary2")
    assert primary is not None
    runs = FontSet(primary).runs("𪚥")  # the broken file is skipped, the county's font used
    assert runs[0][1] == "𪚥" and runs[0][0] != "TestPrimary2"


def test_stock_reportlab_still_needs_the_fix() -> None:
    """If this fails, reportlab writes correct entries itself and ``UnicodeTTFont`` can go."""
    from reportlab.pdfbase.ttfonts import makeToUnicodeCMap

    assert "<01> <20BB7>" in makeToUnicodeCMap("X", [0, 0x20BB7])
