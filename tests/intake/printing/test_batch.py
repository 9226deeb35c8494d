"""A day's receipts in one go: one PDF or a folder, progress reported, cancellation leaving no
half-written file."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from intake.printing.batch import print_receipts, receipt_file_name
from intake.printing.model import PrintableCase
from intake.printing.payload import payloads_in_pdf
from intake.printing.verify import check_receipts
from tests.intake.printing.conftest import EXAMPLES, printable


def day(count: int) -> list[PrintableCase]:
    return [printable(EXAMPLES[i % len(EXAMPLES)], number=f"350502001-2017-{i + 1:06d}") for i in range(count)]


class Flag:
    """A cancel token set from the progress callback, as a UI's cancel button would."""

    def __init__(self, after: int) -> None:
        self.after = after
        self.cancelled = False

    def progress(self, done: int, total: int, message: str) -> None:
        if done >= self.after:
            self.cancelled = True


def test_one_pdf_one_page_per_receipt(tmp_path: Path) -> None:
    cases = day(12)
    calls: list[tuple[int, int, str]] = []
    result = print_receipts(cases, tmp_path / "day.pdf", progress=lambda *a: calls.append(a))
    assert (result.printed, result.total, result.cancelled) == (12, 12, False)
    assert result.outputs == (tmp_path / "day.pdf",)
    assert len(PdfReader(tmp_path / "day.pdf").pages) == 12
    assert [c[:2] for c in calls] == [(i, 12) for i in range(1, 13)]
    assert cases[-1].number in calls[-1][2]
    checks = check_receipts(str(tmp_path / "day.pdf"))
    assert [c.case for c in checks] == [c.number for c in cases] and all(c.ok for c in checks)


def test_a_folder_of_receipts(tmp_path: Path) -> None:
    cases = day(3)
    result = print_receipts(cases, tmp_path / "today", one_file=False)
    assert [p.name for p in result.outputs] == [receipt_file_name(c) for c in cases]
    for case, path in zip(cases, result.outputs):
        assert [p.split("|")[1] for p in payloads_in_pdf(path.read_bytes())] == [case.number]


def test_cancel_leaves_no_file(tmp_path: Path) -> None:
    flag = Flag(after=3)
    result = print_receipts(day(8), tmp_path / "out" / "day.pdf", progress=flag.progress, cancel=flag)
    assert result.cancelled and result.outputs == () and result.printed == 0
    assert list((tmp_path / "out").iterdir()) == []


def test_cancel_in_a_folder_keeps_the_finished_receipts(tmp_path: Path) -> None:
    flag = Flag(after=2)
    result = print_receipts(day(5), tmp_path / "today", one_file=False, progress=flag.progress, cancel=flag)
    assert result.cancelled and result.printed == 2
    assert sorted(p.name for p in (tmp_path / "today").iterdir()) == sorted(p.name for p in result.outputs)


def test_nothing_to_print(tmp_path: Path) -> None:
    result = print_receipts([], tmp_path / "day.pdf")
    assert result.outputs == () and not (tmp_path / "day.pdf").exists()
