"""Regenerates the manual's pictures in docs/images/ from the real app, so they stay true when the
screens change::

    .venv/bin/python docs/make_screenshots.py

1. every screen at 1366×768, by the desktop app's own screenshot script (``python -m ui.screenshots``,
   offscreen, on throw-away data folders: a hall with the worked examples, and for the exchange
   screens a second hall and the county, with keys from fixed seeds) — whatever screens it shoots
   are taken, so new screens arrive without changing this file;
2. the first page of the printed receipt and one-time notice for cases of that folder, printed by
   ``intake print`` and rendered with ``pdftoppm`` (poppler-utils);
3. each PNG reduced to a 256-colour palette and optimised (screens are flat colours and text).

docs/manual.md refers to the pictures by name; tests/packaging/test_manual.py checks they exist.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parent.parent
IMAGES = REPO / "docs" / "images"
BIN = Path(sys.executable).parent
MAX_SIZE = (1366, 768)
#: pdftoppm resolution for printed pages: an A4 page at 80 dpi is 661×935, legible and small.
PRINT_DPI = 80


def shrink(src: Path, dest: Path) -> None:
    """Palette PNG, at most 1366×768 (printed pages keep their aspect, up to 1000 px high)."""
    image = Image.open(src).convert("RGB")
    limit = (MAX_SIZE[0], 1000) if image.height > image.width else MAX_SIZE
    image.thumbnail(limit, Image.Resampling.LANCZOS)
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(dest, optimize=True)


def shoot_screens(out: Path) -> Path:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    subprocess.run([sys.executable, "-m", "ui.screenshots", str(out)], cwd=REPO, env=env, check=True,
                   stdout=subprocess.DEVNULL, timeout=600)
    return out / "_data"


def print_pages(data: Path, out: Path) -> list[Path]:
    """The receipt of a consented case and the one-time notice of an incomplete one."""
    intake = shutil.which("intake", path=str(BIN)) or "intake"
    env = {**os.environ, "INTAKE_DATA_DIR": str(data)}
    listed = subprocess.run([intake, "case", "list", "--json"], env=env, capture_output=True, text=True,
                            encoding="utf-8", check=True).stdout
    cases = json.loads(listed)
    cases = cases.get("cases", cases) if isinstance(cases, dict) else cases
    wanted = {"receipt": None, "notice": None}
    for case in cases:
        number = case.get("case") or case.get("number")
        shown = json.loads(subprocess.run([intake, "case", "show", number, "--json"], env=env,
                                          capture_output=True, text=True, encoding="utf-8", check=True).stdout)
        outcome = (shown.get("decision") or {}).get("outcome")
        if outcome == "settle" and shown.get("state") == "consented" and wanted["receipt"] is None:
            wanted["receipt"] = number
        if outcome == "incomplete" and wanted["notice"] is None:
            wanted["notice"] = number
    made = []
    for document, number in wanted.items():
        if number is None:
            print(f"no case for the {document}; skipped", file=sys.stderr)
            continue
        pdf = out / f"{document}.pdf"
        subprocess.run([intake, "print", document, number, "--out", str(pdf), "--user", "clerk"], env=env,
                       check=True, stdout=subprocess.DEVNULL)
        subprocess.run(["pdftoppm", "-png", "-r", str(PRINT_DPI), "-f", "1", "-l", "1", "-singlefile", str(pdf),
                        str(out / f"print-{document}")], check=True)
        made.append(out / f"print-{document}.png")
    return made


def main() -> int:
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="manual-shots-") as tmp:
        out = Path(tmp)
        data = shoot_screens(out)
        shots = sorted(out.glob("*.png"))
        shots += print_pages(data, out)
        for old in IMAGES.glob("*.png"):
            old.unlink()
        for shot in shots:
            shrink(shot, IMAGES / shot.name)
            print(f"{IMAGES / shot.name}  {(IMAGES / shot.name).stat().st_size // 1024} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
