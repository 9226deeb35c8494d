"""Printing many receipts in one go (a day's cases): into one PDF, one page each, or one PDF per
case in a folder. Reports progress, stops when cancelled, and leaves no half-written file."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from intake.errors import PrintError
from intake.printing.model import PrintableCase
from intake.printing.render import TITLES, Printer, write_pdf

#: ``progress(done, total, message)``, called from the worker thread after each receipt.
Progress = Callable[[int, int, str], None]


class CancelFlag(Protocol):
    """Anything with a ``cancelled`` flag another thread may set (e.g. the store's CancelToken)."""

    @property
    def cancelled(self) -> bool: ...


@dataclass(frozen=True)
class BatchResult:
    """How far a batch got; ``outputs`` are complete files only."""

    printed: int
    total: int
    outputs: tuple[Path, ...]
    cancelled: bool


def receipt_file_name(case: PrintableCase) -> str:
    """The file one case's receipt gets in folder mode."""
    return f"回执-{case.number}.pdf"


def print_receipts(
    cases: Sequence[PrintableCase],
    out: Path,
    *,
    one_file: bool = True,
    progress: Progress | None = None,
    cancel: CancelFlag | None = None,
) -> BatchResult:
    """Prints the receipts of ``cases`` into the PDF ``out`` (``one_file``) or into the folder
    ``out``, one ``回执-CASE.pdf`` each. A cancelled one-file batch writes nothing; a cancelled
    folder batch keeps the receipts already finished."""
    total = len(cases)
    report = progress or (lambda done, total, message: None)
    if not one_file:
        written: list[Path] = []
        for done, case in enumerate(cases, start=1):
            if cancel is not None and cancel.cancelled:
                return BatchResult(len(written), total, tuple(written), True)
            written.append(write_pdf("receipt", case, out / receipt_file_name(case)))
            report(done, total, f"已打印回执 {done}/{total}：{case.number}")
        return BatchResult(total, total, tuple(written), False)
    if not cases:
        return BatchResult(0, 0, (), False)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    stopped = False
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as target:
            printer = Printer(target, f"{TITLES['receipt']}（{total} 份）", cases[0].hall.name)
            for done, case in enumerate(cases, start=1):
                stopped = cancel is not None and cancel.cancelled
                if stopped:
                    break
                printer.add("receipt", case)
                report(done, total, f"已打印回执 {done}/{total}：{case.number}")
            else:
                printer.finish()
        if stopped:
            tmp.unlink()
            return BatchResult(0, total, (), True)
        os.replace(tmp, out)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise PrintError(f"无法写入文件 {out}：{e.strerror or e}", str(out)) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return BatchResult(total, total, (out,), False)
