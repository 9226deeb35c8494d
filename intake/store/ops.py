"""What store operations take and return: who acts, what changed, progress and cancellation.

``Changes`` follows Anki's ``OpChanges``: a screen looks at the flags to decide what to refresh
instead of reloading everything.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from intake.errors import Cancelled

ROLES = ("clerk", "supervisor", "admin")

#: ``progress(done, total, message)``; called from the worker, so a UI must marshal it to its thread.
Progress = Callable[[int, int, str], None]


def no_progress(done: int, total: int, message: str) -> None:
    """The default progress callback: reports nowhere."""


@dataclass(frozen=True)
class Actor:
    """Who performs a write. ``role`` None means not role-checked: the command line acts for
    whoever can open the file (CONTRACT.md); the desktop app passes the signed-in user's actor."""

    name: str
    role: str | None = None

    @property
    def checked(self) -> bool:
        return self.role is not None


@dataclass(frozen=True)
class Changes:
    """What one write changed. ``case`` is the case number touched, ``state`` its state after."""

    case: str | None = None
    state: str | None = None
    created: bool = False
    application: bool = False
    decision: bool = False
    pages: tuple[str, ...] = ()
    users: bool = False
    settings: bool = False
    cases_added: int = 0

    @property
    def case_list(self) -> bool:
        """Whether a list or search of cases may now show something different."""
        return self.created or self.application or self.state is not None or self.cases_added > 0


class CancelToken:
    """Set from any thread; a long operation checks it between batches and stops cleanly."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        """Raises Cancelled once cancel() was called."""
        if self._event.is_set():
            raise Cancelled("操作已取消")
