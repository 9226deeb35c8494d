"""Fixtures for the printing tests: printable cases built from the worked examples, and ways to
read a PDF back as a person, a search box or a scanner would (pdftotext, pypdf, pdffonts, the QR
code decoded from the rendered page)."""

from __future__ import annotations

import datetime as dt
import functools
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from intake.evaluation import Evaluator
from intake.printing.model import Hall, PrintableCase, Signoff
from tests.conftest import REPO, SHARED_CASES

TOWNSHIPS = SHARED_CASES / "townships.csv"
EXAMPLES = sorted(
    p.stem for p in SHARED_CASES.glob("*.json")
    if not p.name.endswith(".expected.json") and not p.stem.startswith(("bad-", "contract-"))
)
NUMBER = "350502001-2017-000042"
HALL = Hall(name="海滨街道便民服务中心", township="350502001")
RECEIVED = dt.datetime(2017, 6, 1, 9, 30)


@functools.cache
def evaluator() -> Evaluator:
    return Evaluator.load(REPO / "rules", TOWNSHIPS)


def raw_case(name: str) -> dict[str, Any]:
    return json.loads((SHARED_CASES / f"{name}.json").read_text(encoding="utf-8"))


def renamed(name: str, applicant: str) -> dict[str, Any]:
    """A worked example whose applicant (and ID card) carry another name."""
    data = raw_case(name)
    data["applicant"]["name"] = applicant
    for doc in data["documents"]:
        if doc["type"] == "id_card":
            doc["name"] = applicant
    return data


def printable(name: str, data: dict[str, Any] | None = None, **overrides: Any) -> PrintableCase:
    """The worked example ``name`` (or ``data``) decided and dressed as a case of the sample hall."""
    app, decision = evaluator().decide_raw(data or raw_case(name))
    names = {t.code: t.name for t in evaluator().townships.in_county("350502")}
    fields: dict[str, Any] = {
        "number": NUMBER, "hall": HALL, "received_at": RECEIVED, "clerk": "王丽", "application": app,
        "decision": decision, "pages": [i % 3 + 1 for i in range(len(app.documents))],
        "state_label": "已审核通过", "consent": Signoff(by="王丽", at=dt.datetime(2017, 6, 1, 9, 45)),
        "approval": Signoff(by="张伟", at=dt.datetime(2017, 6, 2, 10, 5)), "township_names": names,
    }
    fields.update(overrides)
    return PrintableCase(**fields)


def flat(text: str) -> str:
    """Text without whitespace: wrapped cells and table layout do not split what is searched for."""
    return "".join(text.split())


def pdftotext(path: Path) -> str:
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext not found: install poppler-utils (see .ci/run)"
    return subprocess.run([tool, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True).stdout.decode("utf-8")


def pypdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def pdffonts(path: Path) -> list[dict[str, str]]:
    """pdffonts' table: name, type, emb, sub, uni for every font the PDF uses."""
    tool = shutil.which("pdffonts")
    assert tool, "pdffonts not found: install poppler-utils (see .ci/run)"
    lines = subprocess.run([tool, str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    rows = []
    for line in lines:
        parts = line.split()
        # name, type words…, encoding, emb, sub, uni, object, generation
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return rows


def qr_codes(path: Path, tmp_path: Path, dpi: int = 150) -> list[str]:
    """The QR codes a scanner reads off each rendered page."""
    tool = shutil.which("pdftoppm")
    assert tool, "pdftoppm not found: install poppler-utils (see .ci/run)"
    prefix = tmp_path / f"{path.stem}-scan"
    subprocess.run([tool, "-png", "-r", str(dpi), str(path), str(prefix)], check=True)
    found = []
    for page in sorted(tmp_path.glob(f"{prefix.name}-*.png")):
        # QR codes only: the reader also "finds" linear barcodes inside a QR code's modules
        found += [r.text for r in zxingcpp.read_barcodes(Image.open(page), formats=zxingcpp.BarcodeFormat.QRCode)]
    return found


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "out.pdf"
