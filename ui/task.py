"""Running core work off the UI thread: one worker thread with its own store connection, results
delivered by signal, a progress dialog only when the work lasts, and a silent cancel.

    Task(self, lambda ctx: ctx.store.search(text), read_only=True).on_success(self.show_hits).start()

The function runs on the worker and receives a ``TaskContext``: ``ctx.store`` is the worker's own
connection (opened by the factory given to ``configure``), ``ctx.progress(done, total, message)``
and ``ctx.token`` (a ``CancelToken``) are what long core operations take. Read widget values *before* building
the function; never touch a widget inside it.

A ``read_only`` task (a search, the work queue's lists) stops its query as soon as it is cancelled,
and is cancelled when the desk quits: quitting does not wait for a read. Any other task may be
writing, so quitting always waits for it to finish.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from intake.errors import Cancelled
from intake.store.ops import CancelToken

T = TypeVar("T")

SHOW_PROGRESS_AFTER_MS = 500


class _Worker:
    """The single worker thread and its lazily opened resource (the store connection)."""

    def __init__(self) -> None:
        self._pool: ThreadPoolExecutor | None = None
        self._factory: Callable[[], Any] | None = None
        self._resource: Any = None
        self._generation = 0
        self._opened_generation = -1
        self.pending = 0

    def configure(self, factory: Callable[[], Any] | None) -> None:
        self._factory = factory
        self._generation += 1

    def resource(self) -> Any:
        """On the worker thread only: the current resource, reopened after ``configure``."""
        if self._opened_generation != self._generation:
            self._close_resource()
            self._resource = self._factory() if self._factory else None
            self._opened_generation = self._generation
        return self._resource

    def _close_resource(self) -> None:
        close = getattr(self._resource, "close", None)
        self._resource = None
        if close is not None:
            close()

    def submit(self, fn: Callable[[], None]) -> None:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="intake-worker")
        self._pool.submit(fn)

    def run_read_only(self, token: CancelToken, fn: Callable[[], Any]) -> Any:
        """On the worker: runs ``fn`` with its queries stopped once ``token`` is cancelled."""
        stop_reads = getattr(self.resource(), "reads_stopped_when", None)
        if stop_reads is None:
            return fn()
        with stop_reads(lambda: token.cancelled):
            return fn()

    def shutdown(self) -> None:
        """Closes the resource on its own thread and stops the worker (app exit, test teardown)."""
        if self._pool is not None:
            self._pool.submit(self._close_resource).result()
            self._pool.shutdown(wait=True)
            self._pool = None
        self._opened_generation = -1


_worker = _Worker()


def configure(factory: Callable[[], Any] | None) -> None:
    """Sets how the worker opens its store connection (called once the data folder is known)."""
    _worker.configure(factory)


def shutdown() -> None:
    """Abandons reads, waits for any other work, closes the worker's connection, stops the thread."""
    for running in list(_live):
        if running.read_only:
            running.cancel()
    _worker.shutdown()


def idle() -> bool:
    """True when no task is queued or running (tests wait on it)."""
    return _worker.pending == 0


class _Dispatcher(QObject):
    """Lives on the UI thread for the whole run; the worker emits callables, Qt queues them back."""

    call = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.call.connect(self._run, Qt.ConnectionType.QueuedConnection)

    def _run(self, fn: Callable[[], None]) -> None:
        fn()


_dispatcher: _Dispatcher | None = None


def _to_ui(fn: Callable[[], None]) -> None:
    if _dispatcher is not None:  # created by the first Task.start, on the UI thread
        _dispatcher.call.emit(fn)


class TaskContext:
    """What the work function may use: the worker's store, progress and cancel."""

    def __init__(self, task: "Task[Any]", token: CancelToken) -> None:
        self._task = task
        self.token = token  # handed to core operations that take a cancel token

    @property
    def store(self) -> Any:
        return _worker.resource()

    def progress(self, done: int, total: int, message: str = "") -> None:
        """Reports progress; raises Cancelled once the clerk has pressed cancel."""
        self.token.check()
        task = self._task
        _to_ui(lambda: task._on_progress(done, total, message))

    def cancelled(self) -> bool:
        return self.token.cancelled


#: Every task from ``start()`` until its result is delivered. Tasks are plain Python objects kept
#: alive here, not QObject children of the widget that asked for them: a child with a pending
#: ``deleteLater()`` whose Python wrapper held the last reference to its (Python-owned) parent made
#: Qt delete that parent from inside the child's own destructor, and the parent then deleted the
#: child a second time ("shared QObject was deleted directly", then a segfault after first-run
#: setup). Here a task's lifetime is Python's alone; the parent is only checked with ``isValid``.
_live: set["Task[Any]"] = set()


def live_tasks() -> int:
    """How many tasks are started and not yet delivered (tests)."""
    return len(_live)


class Task(Generic[T]):
    """One piece of work for the worker thread; build, chain, ``start()``.

    ``parent`` is the widget the result is for: callbacks run only while it still exists, and a
    progress dialog is centred on it. The task itself is owned by this module until delivery."""

    def __init__(self, parent: QWidget, fn: Callable[[TaskContext], T], *, read_only: bool = False) -> None:
        self._parent = parent
        self._fn = fn
        self.read_only = read_only
        self._success: Callable[[T], None] | None = None
        self._failure: Callable[[BaseException], None] | None = None
        self._stopped: Callable[[], None] | None = None
        self._label: str | None = None
        self._dialog: QProgressDialog | None = None
        self._cancel = CancelToken()
        self._finished = False

    def on_success(self, callback: Callable[[T], None]) -> "Task[T]":
        self._success = callback
        return self

    def on_failure(self, callback: Callable[[BaseException], None]) -> "Task[T]":
        """Overrides the default: expected errors as a message, bugs as a crash report."""
        self._failure = callback
        return self

    def on_cancelled(self, callback: Callable[[], None]) -> "Task[T]":
        """Called when the work stopped because the clerk pressed 取消 (nothing it was writing was
        kept): to say so where the result would have appeared."""
        self._stopped = callback
        return self

    def with_progress(self, label: str) -> "Task[T]":
        """Shows a progress dialog with a cancel button if the work lasts over half a second."""
        self._label = label
        return self

    def cancel(self) -> None:
        """The work stops at its next progress report and its result is dropped silently — unless
        it was a write that had already finished (then its result is delivered: it was kept)."""
        self._cancel.cancel()

    @property
    def finished(self) -> bool:
        """True once the result was delivered (or dropped)."""
        return self._finished

    def start(self) -> "Task[T]":
        global _dispatcher
        if _dispatcher is None:
            _dispatcher = _Dispatcher()
        _worker.pending += 1
        _live.add(self)
        if self._label is not None:
            me = weakref.ref(self)  # a late timer must not keep a delivered task (and its parent) alive
            QTimer.singleShot(SHOW_PROGRESS_AFTER_MS, _dispatcher, lambda: _show_progress_of(me))
        fn, context, token = self._fn, TaskContext(self, self._cancel), self._cancel

        def run() -> None:
            try:
                if self.read_only and token.cancelled:  # abandoned before it started
                    raise Cancelled("已取消")
                result: Any = _worker.run_read_only(token, lambda: fn(context)) if self.read_only else fn(context)
                ok = True
            except BaseException as e:  # delivered to the UI thread, never lost
                result, ok = e, False
            _to_ui(lambda: self._deliver(ok, result))

        _worker.submit(run)
        return self

    def _deliver(self, ok: bool, result: Any) -> None:
        _worker.pending -= 1
        try:
            self._on_finished(ok, result)
        finally:
            _live.discard(self)

    def _show_progress(self) -> None:
        if self._finished or self._cancel.cancelled or not shiboken6.isValid(self._parent):
            return
        dialog = QProgressDialog(self._label or "", "取消", 0, 0, self._parent)
        dialog.setWindowTitle("请稍候")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.canceled.connect(self._cancel.cancel)  # the token only: the dialog holds no task
        dialog.show()
        self._dialog = dialog

    def _on_progress(self, done: int, total: int, message: str) -> None:
        dialog = self._dialog
        if dialog is None or not shiboken6.isValid(dialog):
            return
        dialog.setMaximum(max(total, 0))
        # A modal progress dialog lets queued events run inside setValue: the task may finish (and
        # close this dialog) meanwhile.
        dialog.setValue(min(done, total) if total > 0 else 0)
        if message and self._dialog is dialog:
            dialog.setLabelText(message)

    def _close_progress(self) -> None:
        dialog, self._dialog = self._dialog, None
        if dialog is not None and shiboken6.isValid(dialog):
            dialog.canceled.disconnect()
            dialog.close()
            dialog.deleteLater()

    def _on_finished(self, ok: bool, result: Any) -> None:
        self._finished = True
        self._close_progress()
        if not shiboken6.isValid(self._parent):
            return
        if isinstance(result, Cancelled):
            if self._stopped is not None:
                self._stopped()
            return
        if self._cancel.cancelled and (self.read_only or not ok):
            return  # abandoned: nobody waits for it any more
        if ok:  # also a write that finished before it saw a cancel: what it wrote is kept, so say so
            if self._success is not None:
                self._success(result)
        elif self._failure is not None:
            self._failure(result)
        else:
            from ui import messages

            messages.failure(self._parent, result)


def _show_progress_of(ref: "weakref.ReferenceType[Task[Any]]") -> None:
    task = ref()
    if task is not None:
        task._show_progress()
