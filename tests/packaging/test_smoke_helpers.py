"""The frozen-build smoke test's own judgement (packaging/smoke_test.py runs only in the release
check, so its checks are tested here): which stderr lines count as unexpected, and the pdffonts
check that tells an embedded subset font from a merely named one."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import REPO


def load_smoke() -> ModuleType:
    spec = importlib.util.spec_from_file_location("smoke_test", REPO / "packaging" / "smoke_test.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


smoke = load_smoke()


def test_only_the_offscreen_notice_is_allowed_on_stderr() -> None:
    err = "This plugin does not support propagateSizeHints()\n\n  \nqt.qpa.fonts: Populating font family aliases\n"
    assert smoke.unexpected(err) == ["qt.qpa.fonts: Populating font family aliases"]
    assert smoke.unexpected("This plugin does not support propagateSizeHints()\n") == []


def _pdf(path: Path, font: str | None) -> Path:
    from reportlab.pdfgen.canvas import Canvas

    if font is None:
        canvas = Canvas(str(path))  # Helvetica, one of the 14 standard fonts: named, never embedded
        canvas.drawString(72, 720, "receipt")
    else:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        pdfmetrics.registerFont(TTFont("WenQuanYiMicroHei-test", font))
        canvas = Canvas(str(path), initialFontName="WenQuanYiMicroHei-test")
        canvas.drawString(72, 720, "受理回执")
    canvas.save()
    return path


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="pdffonts not installed (poppler-utils)")
def test_pdffonts_check_tells_embedded_from_named(tmp_path: Path) -> None:
    font = REPO / "intake" / "printing" / "fonts" / "wqy-microhei.ttc"
    assert "WenQuanYi" in smoke.check_fonts_embedded(_pdf(tmp_path / "good.pdf", str(font)))
    with pytest.raises(smoke.SmokeError, match="not embedded"):
        smoke.check_fonts_embedded(_pdf(tmp_path / "bad.pdf", None))
