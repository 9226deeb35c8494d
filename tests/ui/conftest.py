"""UI test fixtures: a fresh store per test with a hall and three accounts, the worker configured
for it, and the message funnel recording instead of showing dialogs."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
from PySide6.QtWidgets import QWidget

from intake.config import default_rules_dir, default_townships
from intake.rules.townships import Townships
from intake.store.db import Store
from intake.store.ops import Actor
from ui import messages, task
from ui.session import Session

TOWNSHIP = "350502001"
PASSWORD = "counter-2017"
ADMIN = Actor("admin", "admin")


@dataclass
class Recorder:
    """Replaces the message funnel: keeps what would have been shown, answers from queues."""

    shown: list[tuple[str, str]] = field(default_factory=list)
    crashes: list[str] = field(default_factory=list)
    answers: list[str | None] = field(default_factory=list)
    confirms: list[bool] = field(default_factory=list)

    def show(self, parent: QWidget | None, level: str, text: str) -> None:
        self.shown.append((level, text))

    def confirm(self, parent: QWidget | None, text: str) -> bool:
        return self.confirms.pop(0) if self.confirms else False

    def ask_text(self, parent: QWidget | None, title: str, prompt: str) -> str | None:
        return self.answers.pop(0) if self.answers else None

    def crash(self, parent: QWidget | None, report: str) -> None:
        self.crashes.append(report)


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    rec = Recorder()
    old = messages.set_sink(rec)
    yield rec
    messages.set_sink(old)
    assert not rec.crashes, rec.crashes[0]


@pytest.fixture
def townships() -> Townships:
    return Townships.from_csv(default_townships(default_rules_dir()))


@contextmanager
def worker_on_the_store() -> Iterator[None]:
    """The UI's worker opens this test's store (the data folder's) until the block ends."""
    task.configure(Store.open)
    try:
        yield
    finally:
        task.shutdown()
        task.configure(None)


@pytest.fixture
def store_ready(recorder: Recorder) -> Iterator[None]:
    """A store with the hall set and accounts clerk, supervisor and admin; the worker uses it."""
    with Store.open() as store:
        store.users.add("admin", PASSWORD, "admin", ADMIN)
        store.users.add("clerk", PASSWORD, "clerk", ADMIN)
        store.users.add("supervisor", PASSWORD, "supervisor", ADMIN)
        store.settings.set_hall_township(TOWNSHIP, ADMIN)
    with worker_on_the_store():
        yield


def make_session(role: str, townships: Townships) -> Session:
    return Session(role, role, TOWNSHIP, townships)


@pytest.fixture
def clerk(store_ready: None, townships: Townships) -> Session:
    return make_session("clerk", townships)


@pytest.fixture
def supervisor(store_ready: None, townships: Townships) -> Session:
    return make_session("supervisor", townships)


def wait_idle(qtbot: object) -> None:
    """Waits until every task has delivered its result to the UI thread."""
    qtbot.wait_until(task.idle, timeout=10_000)  # type: ignore[attr-defined]


def type_text(qtbot: object, widget: QWidget, text: str) -> None:
    """Types like a clerk: ASCII key by key, Chinese as the input method commits it (QTest's key
    clicks only know ASCII)."""
    from itertools import groupby

    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    for ascii_run, chars in groupby(text, key=str.isascii):
        run = "".join(chars)
        if ascii_run:
            qtbot.keyClicks(widget, run)  # type: ignore[attr-defined]
        else:
            event = QInputMethodEvent("", [])
            event.setCommitString(run)
            QApplication.sendEvent(widget, event)
