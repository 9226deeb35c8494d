"""Printing benchmark: receipts per second in a batch of 1,000, and the first receipt in a fresh
process (imports and font loading included) against a bare reportlab script that draws the same
page with the same font. Usage: .venv/bin/python bench/bench_print.py [--count N] [--runs N]"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CASES = [REPO.parent / "shared" / "cases", REPO / "examples"]

# The first receipt as the desktop app prints it: the case is already in memory (models imported),
# printing starts cold. Prints the seconds from the print request to the file on disk.
OURS = """
import sys, time
from intake.printing.model import PrintableCase
case = PrintableCase.model_validate_json(open(sys.argv[1], encoding="utf-8").read())
start, cpu = time.perf_counter(), time.process_time()
from intake.printing.render import write_pdf
write_pdf("receipt", case, __import__("pathlib").Path(sys.argv[2]))
print(time.perf_counter() - start, time.process_time() - cpu)
"""

# The same page drawn with plain reportlab calls and the same font file, nothing else.
BARE = """
import json, sys, time
spec = json.load(open(sys.argv[1], encoding="utf-8"))
start, cpu = time.perf_counter(), time.process_time()
from reportlab import rl_config
rl_config.useA85 = 0
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
pdfmetrics.registerFont(TTFont("F", spec["font"]))
c = Canvas(sys.argv[2], pagesize=A4, initialFontName="F")
for x, y, w, h, grey in spec["boxes"]:
    if grey is not None:
        c.setFillGray(grey); c.rect(x, y, w, h, stroke=0, fill=1)
c.setFillGray(0)
for x, y, w, h, grey in spec["boxes"]:
    c.rect(x, y, w, h)
for x1, y1, x2, y2 in spec["lines"]:
    c.line(x1, y1, x2, y2)
for x, y, size, text in spec["texts"]:
    c.setFont("F", size); c.drawString(x, y, text)
for literal in spec["literals"]:
    c.addLiteral(literal)
c.showPage(); c.save()
print(time.perf_counter() - start, time.process_time() - cpu)
"""


def load_cases(count: int) -> list:  # type: ignore[type-arg]
    """``count`` printable cases cycling through the worked examples, each with its own number."""
    from intake.errors import InvalidInput
    from intake.evaluation import Evaluator
    from intake.printing.model import Hall, PrintableCase

    folder = next(p for p in CASES if p.is_dir() and any(p.glob("*.json")))
    townships = folder / "townships.csv"
    evaluator = Evaluator.load(townships=townships if townships.exists() else None)
    decided = []
    for path in sorted(folder.glob("*.json")):
        if path.name.endswith(".expected.json"):
            continue
        try:
            decided.append(evaluator.decide_raw(path.read_bytes()))
        except InvalidInput:
            continue  # the examples of refused input
    names = {t.code: t.name for t in evaluator.townships.in_county("350502")}
    cases = []
    for i in range(count):
        app, decision = decided[i % len(decided)]
        cases.append(PrintableCase(
            number=f"350502001-2017-{i + 1:06d}", hall=Hall(name="海滨街道便民服务中心", township="350502001"),
            received_at=dt.datetime(2017, 6, 1, 9, 30), clerk="王丽", application=app, decision=decision,
            pages=[2] * len(app.documents), township_names=names,
        ))
    return cases


def page_spec(case) -> dict:  # type: ignore[no-untyped-def,type-arg]
    """The receipt's page as plain drawing calls, for the bare script."""
    from intake import keys
    from intake.printing.fonts import PRIMARY_FILE, fonts
    from intake.printing.layout import Sheet
    from intake.printing.receipt import receipt_sheet
    from intake.printing.render import receipt_payload

    key = keys.signing_key()
    sheet = Sheet(fonts())
    receipt_sheet(sheet, case, receipt_payload(case).signed(key), keys.fingerprint(bytes(key.verify_key)))
    page = sheet.pages[0]
    literals: list[str] = []

    class Recorder:
        def addLiteral(self, text: str) -> None:  # noqa: N802 — reportlab's name
            literals.append(text)

    for painter in page.extras:
        painter(Recorder())  # type: ignore[arg-type]
    return {
        "font": str(PRIMARY_FILE),
        "boxes": [[b.x, b.y, b.w, b.h, b.grey] for b in page.boxes],
        "lines": [[ln.x1, ln.y1, ln.x2, ln.y2] for ln in page.lines],
        "texts": [[t.x, t.y, t.size, "".join(r[1] for r in t.runs)] for t in page.texts],
        "literals": literals,
    }


def fresh(script: str, data: Path, out: Path) -> tuple[float, float]:
    """(wall, CPU) seconds a fresh interpreter reports for ``script``."""
    run = subprocess.run([sys.executable, "-c", script, str(data), str(out)], capture_output=True, text=True,
                         check=True, env=os.environ.copy())
    wall, cpu = run.stdout.strip().splitlines()[-1].split()
    return float(wall), float(cpu)


def median(pairs: list[tuple[float, float]], index: int) -> float:
    return statistics.median(p[index] for p in pairs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=1000, help="receipts in the batch (1000)")
    parser.add_argument("--runs", type=int, default=7, help="fresh processes of each kind (7)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        os.environ["INTAKE_DATA_DIR"] = str(tmp / "data")
        from intake.printing.batch import print_receipts

        cases = load_cases(args.count)
        print_receipts(cases[:5], tmp / "warm.pdf")  # key made, font loaded: steady state
        start, cpu = time.perf_counter(), time.process_time()
        print_receipts(cases, tmp / "batch.pdf")
        batch, batch_cpu = time.perf_counter() - start, time.process_time() - cpu
        start = time.perf_counter()
        folder_count = min(200, args.count)
        print_receipts(cases[:folder_count], tmp / "folder", one_file=False)
        folder = time.perf_counter() - start

        case_file = tmp / "case.json"
        case_file.write_text(cases[0].model_dump_json(), encoding="utf-8")
        spec_file = tmp / "spec.json"
        spec_file.write_text(json.dumps(page_spec(cases[0]), ensure_ascii=False), encoding="utf-8")
        ours, bare = [], []
        for i in range(args.runs):
            ours.append(fresh(OURS, case_file, tmp / f"ours{i}.pdf"))
            bare.append(fresh(BARE, spec_file, tmp / f"bare{i}.pdf"))
    first, plain = median(ours, 0), median(bare, 0)
    rows = [
        ("measure", "value", "goal"),
        (f"receipts/s, batch of {args.count} into one PDF", f"{args.count / batch:.0f}", "≥ 300"),
        ("  per CPU second of this process", f"{args.count / batch_cpu:.0f}", ""),
        (f"receipts/s, {folder_count} into a folder (one PDF each)", f"{folder_count / folder:.0f}", "—"),
        (f"first receipt, fresh process (median of {args.runs})", f"{first * 1000:.0f} ms", "—"),
        ("bare reportlab, same page and font", f"{plain * 1000:.0f} ms", "—"),
        ("first receipt / bare reportlab", f"{first / plain:.2f}", "≤ 1.5"),
        ("  the same in CPU time", f"{median(ours, 1) / median(bare, 1):.2f}", ""),
    ]
    width = max(len(r[0]) for r in rows)
    for label, value, goal in rows:
        print(f"{label:<{width}}  {value:>8}  {goal}".rstrip())
    if hasattr(os, "getloadavg"):
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (wall-clock figures suffer above that)")


if __name__ == "__main__":
    main()
