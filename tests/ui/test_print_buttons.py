"""Print buttons for a stored case — receipt, one-time notice (incomplete only), filing form — write
a real PDF carrying the case number and leave a print entry in the case's history; Ctrl+P prints
the receipt of the case on screen; today's receipts print as one PDF with progress."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from intake.models.parse import parse_application
from intake.store.db import Store
from intake.store.ops import Actor
from tests.conftest import SHARED_CASES
from tests.ui.conftest import wait_idle
from ui import task
from ui.case_review import CaseReview
from ui.main_window import MainWindow
from ui.print_buttons import PrintButtons
from ui.session import Session

CLERK = Actor("clerk", "clerk")


def stored_case(session: Session, example: str) -> str:
    """A worked example filed and evaluated as the clerk; its case number."""
    data = json.loads((SHARED_CASES / f"{example}.json").read_text(encoding="utf-8"))
    with Store.open() as store:
        number = str(store.cases.create(parse_application(data), CLERK).case)
        store.workflow.evaluate(number, session.evaluator, CLERK)
    return number


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def printed_documents(number: str) -> list[str]:
    with Store.open() as store:
        return [h.detail["document"] for h in store.cases.get(number).history if h.action == "print"]


class Files:
    """Stands in for the save dialog and the PDF viewer."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.opened: list[Path] = []

    def choose(self, kind: str, number: str) -> Path:
        return self.folder / f"{number}-{kind}.pdf"

    def open(self, _parent: Any, path: Path) -> None:
        self.opened.append(path)


def _buttons(qtbot: Any, session: Session, files: Files) -> PrintButtons:
    buttons = PrintButtons(session)
    qtbot.add_widget(buttons)
    buttons.choose_file = files.choose
    buttons.open_file = files.open
    buttons.show()
    return buttons


@pytest.mark.parametrize(("kind", "example", "title"), [
    ("receipt", "graduate-registered-rental", "受理回执"),
    ("form", "graduate-registered-rental", "落户申请登记表"),
    ("notice", "graduate-no-employment", "一次性告知书"),
])
def test_each_button_writes_a_real_pdf(qtbot: Any, clerk: Session, tmp_path: Path,
                                       kind: str, example: str, title: str) -> None:
    number = stored_case(clerk, example)
    files = Files(tmp_path)
    buttons = _buttons(qtbot, clerk, files)
    with Store.open() as store:
        outcome = store.cases.get(number).decision.outcome  # type: ignore[union-attr]
    buttons.set_case(number, outcome)
    buttons.buttons[kind].click()
    wait_idle(qtbot)
    out = tmp_path / f"{number}-{kind}.pdf"
    assert files.opened == [out]
    assert out.read_bytes().startswith(b"%PDF")
    text = pdf_text(out)
    assert number in text and title in text.replace(" ", "")
    assert printed_documents(number) == [kind]


def test_the_notice_is_only_for_incomplete_decisions(qtbot: Any, clerk: Session, tmp_path: Path) -> None:
    buttons = _buttons(qtbot, clerk, Files(tmp_path))
    buttons.set_case("350502001-2017-000001", "settle")
    assert not buttons.buttons["notice"].isVisible() and buttons.buttons["receipt"].isVisible()
    buttons.set_case("350502001-2017-000001", "incomplete")
    assert buttons.buttons["notice"].isVisible()
    buttons.set_case(None, None)
    assert not buttons.buttons["receipt"].isEnabled()


def test_case_page_prints_and_shows_it_in_the_history(qtbot: Any, clerk: Session, tmp_path: Path) -> None:
    number = stored_case(clerk, "graduate-registered-rental")
    review = CaseReview(clerk)
    qtbot.add_widget(review)
    review.show()
    review.load(number)
    wait_idle(qtbot)
    files = Files(tmp_path)
    review.print_buttons.choose_file = files.choose
    review.print_buttons.open_file = files.open
    assert review.print_buttons.isVisible()
    qtbot.keyClick(review, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)  # 打印落户申请登记表(&D)
    qtbot.wait_until(lambda: bool(files.opened), timeout=10_000)
    wait_idle(qtbot)
    assert number in pdf_text(files.opened[0])
    history = [review.history.item(i).text() for i in range(review.history.count())]
    assert history[-1].endswith("打印（落户申请登记表）")
    assert review.focusWidget() is review.print_buttons.buttons["form"], "the keyboard stays on the button used"


def test_ctrl_p_prints_the_receipt_of_the_case_on_screen(qtbot: Any, clerk: Session, tmp_path: Path) -> None:
    number = stored_case(clerk, "graduate-registered-rental")
    window = MainWindow(clerk)
    qtbot.add_widget(window)
    window.show()
    qtbot.wait_active(window)
    wait_idle(qtbot)
    window.open_case(number)
    wait_idle(qtbot)
    files = Files(tmp_path)
    window.review.print_buttons.choose_file = files.choose
    window.review.print_buttons.open_file = files.open
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait_until(lambda: bool(files.opened), timeout=10_000)
    assert files.opened == [tmp_path / f"{number}-receipt.pdf"]
    wait_idle(qtbot)
    assert printed_documents(number) == ["receipt"]


def test_todays_receipts_in_one_pdf_with_progress(qtbot: Any, clerk: Session, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    numbers = [stored_case(clerk, "graduate-registered-rental"), stored_case(clerk, "graduate-no-employment")]
    with Store.open() as store:
        store.cases.create(parse_application(json.loads(
            (SHARED_CASES / "vocational-own-property.json").read_text(encoding="utf-8"))), CLERK)  # not evaluated
    reports: list[str] = []
    original = task.Task._on_progress
    monkeypatch.setattr(task.Task, "_on_progress",
                        lambda self, done, total, message: (reports.append(message), original(self, done, total, message)))
    window = MainWindow(clerk)
    qtbot.add_widget(window)
    window.show()
    wait_idle(qtbot)
    out = tmp_path / "today.pdf"
    opened: list[Path] = []
    window.choose_batch_file = lambda _parent, day: out if day == dt.date.today() else None
    window.open_pdf = lambda _parent, path: opened.append(path)
    window.queue.findChild(QPushButton, "print_today").click()
    wait_idle(qtbot)
    assert opened == [out]
    reader = PdfReader(out)
    assert len(reader.pages) == 2
    text = pdf_text(out)
    assert all(number in text for number in numbers)
    assert "已打印回执 2/2：" + numbers[1] in reports
    assert all(printed_documents(number) == ["receipt"] for number in numbers)
