"""Running a pure check over a stream of records on several processors, results in order.

An import's checks of single records (models, hashes) need nothing but the record, so a large
bundle spreads them over worker processes while the main process keeps the order-dependent and
database work — and checks records itself whenever the workers' results are not back yet, so no
processor waits while records are left. Records in flight are bounded, so memory stays flat. With
no workers the function simply runs in this process.

A worker's results come back as one ``marshal`` string per batch, not pickled: unpickling a
batch of case results cost this process about 19 µs a case, unmarshalling 4 (the workers are this
program's own processes; nothing from outside is unmarshalled). A function whose results are not
plain tuples, lists, strings, bytes and numbers is given a ``Carrier`` to flatten and rebuild them.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import itertools
import marshal
import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, NamedTuple, TypeVar

R = TypeVar("R")

#: Below this many records the checks run in-process: starting a worker costs about half a second
#: of a processor and passing records to it more than the checks it takes over (a bundle of 10,000
#: cases imports faster without), and a week's bundle from one hall is a few thousand records at most.
POOL_MIN_RECORDS = 40_000
#: One spare processor is enough: the main process shares the checks whenever it would otherwise
#: wait for the workers, so a worker never slows an import down.
MIN_WORKERS = 1
MAX_WORKERS = 4
#: Records per batch sent to a worker (fewer hand-overs), and per batch checked here (back soon
#: to hand out the next).
BATCH = 500
LOCAL_BATCH = 50
#: Records taken from the stream and not yet handed back, at most (memory stays flat).
MAX_AHEAD = 2000
#: The interpreter's switch interval while workers run: this process's pool threads, which pass
#: batches and results to and from the workers, otherwise wait up to 5 ms for the interpreter
#: lock at every hand-over while this thread is busy, and the workers starve.
SWITCH_INTERVAL = 0.0005
#: Garbage-collection thresholds while a pool runs, here and in the workers: a check's objects die
#: with its batch, and Python's default (a young-generation pass every 700 new objects) rescans the
#: batches still being built over and over — about 4 % of an import's time in this process.
GC_THRESHOLD = (10_000, 10, 10)
#: Bytes the pipes to and from the workers hold, where the system lets a program say (Linux,
#: ``F_SETPIPE_SZ``, up to ``/proc/sys/fs/pipe-max-size``: 1 MB unless changed). A batch (about
#: 1 MB of records out, half that of results back) then crosses in one write: with the system's
#: 64 KB a worker waited at every 64 KB for this process's pool threads to take the interpreter
#: lock and read on — about a tenth of its time, and 2 % of a 100,000-case import.
PIPE_BYTES = 1 << 20


def workers_for(records: int) -> int:
    """How many worker processes to check ``records`` records with (0: none).

    Workers are started with "spawn": a program calling the import must guard its entry point
    (``if __name__ == "__main__"``), and a frozen build must call ``multiprocessing.freeze_support``
    first — the launchers in ``packaging/launchers/`` do."""
    spare = min((os.cpu_count() or 1) - 1, MAX_WORKERS)
    if records < POOL_MIN_RECORDS or spare < MIN_WORKERS:
        return 0
    return spare


def _enlarge_pipes(executor: ProcessPoolExecutor) -> None:
    """``PIPE_BYTES`` for the executor's two queues on Linux (CPython's own attributes of the
    executor, looked up with care); elsewhere, or above the system's limit, they stay as they are."""
    if sys.platform != "linux":
        return
    import fcntl

    for queue in (getattr(executor, "_call_queue", None), getattr(executor, "_result_queue", None)):
        writer = getattr(queue, "_writer", None)
        if writer is not None:
            with contextlib.suppress(OSError):
                fcntl.fcntl(writer.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)


def _start(preload: tuple[str, ...]) -> None:
    """In a worker, before its first batch: fewer garbage collections, and the modules its checks
    need imported (a few tenths of a second, while this process checks records itself)."""
    gc.set_threshold(*GC_THRESHOLD)
    for name in preload:
        importlib.import_module(name)


def _same(value: Any) -> Any:
    return value


class Carrier(NamedTuple):
    """How a result crosses from a worker: ``flatten`` (there, module-level) makes it plain for
    ``marshal``, ``rebuild`` (here) makes it what ``fn`` returned."""

    flatten: Callable[[Any], Any] = _same
    rebuild: Callable[[Any], Any] = _same


PLAIN = Carrier()


def _run_batch(fn: Callable[..., Any], batch: list[Any], extra: tuple[Any, ...], flatten: Callable[[Any], Any]) -> bytes:
    """In a worker: the batch's results as one marshal string."""
    return marshal.dumps([flatten(fn(item, *extra)) for item in batch])


class _There:
    """A batch sent to a worker: its results, rebuilt, once back."""

    def __init__(self, future: "Future[bytes]", rebuild: Callable[[Any], Any]) -> None:
        self._future, self._rebuild = future, rebuild

    def done(self) -> bool:
        return self._future.done()

    def result(self) -> list[Any]:
        rebuild = self._rebuild
        results = marshal.loads(self._future.result())
        return results if rebuild is _same else [rebuild(r) for r in results]


class _Here:
    """A batch checked in this process, its results or its exception kept for their turn."""

    def __init__(self, fn: Callable[..., Any], batch: list[Any], extra: tuple[Any, ...]) -> None:
        self._error: BaseException | None = None
        self._results: list[Any] = []
        try:
            self._results = [fn(item, *extra) for item in batch]
        except Exception as e:  # raised in order, when the batches before it have been used
            self._error = e

    def done(self) -> bool:
        return True

    def result(self) -> list[Any]:
        if self._error is not None:
            raise self._error
        return self._results


class Pool:
    """Worker processes for one import (none when ``workers`` is 0); a context manager."""

    def __init__(self, workers: int, preload: tuple[str, ...] = ()) -> None:
        """``preload``: modules the checks' functions live in, imported by each worker as it starts."""
        self.workers = workers
        self._executor = (
            ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                initializer=_start, initargs=(preload,)) if workers else None
        )
        if self._executor is not None:
            _enlarge_pipes(self._executor)
        #: Done once a worker has started and imported ``preload`` (submitting starts the workers).
        self._started = self._executor.submit(int) if self._executor is not None else None
        self._interval = sys.getswitchinterval()
        self._thresholds = gc.get_threshold()

    def started(self) -> bool:
        """Whether a worker is ready for batches (a pool without workers never is)."""
        return self._started is not None and self._started.done()

    def map(self, fn: Callable[..., R], items: Iterable[Any], *extra: Any, carrier: Carrier = PLAIN) -> Iterator[R]:
        """``fn(item, *extra)`` for every item, in order; the first exception in that order is
        raised when its turn comes. ``fn`` must be a module-level function, its results plain for
        ``marshal`` or made so by ``carrier``.

        Until a worker has started, this process checks the records itself. Then each worker is
        kept a batch or two ahead; when the next results are not back yet, this process checks a
        few records itself instead of waiting (its own share of the import, or a busy machine, may
        slow the workers down)."""
        executor = self._executor
        source = iter(items)
        while executor is None or not self.started():
            batch = list(itertools.islice(source, LOCAL_BATCH))
            for item in batch:
                yield fn(item, *extra)
            if len(batch) < LOCAL_BATCH:
                return
        pending: deque[tuple[int, _There | _Here]] = deque()  # (records, their results)
        ahead = 0  # records taken from the stream, results not yet handed back
        exhausted = False

        def take(n: int) -> list[Any]:
            nonlocal exhausted, ahead
            batch = list(itertools.islice(source, n)) if not exhausted else []
            exhausted = len(batch) < n
            ahead += len(batch)
            return batch

        while True:
            while (not exhausted and ahead + BATCH <= MAX_AHEAD
                   and sum(not p.done() for _, p in pending) < 2 * self.workers):
                batch = take(BATCH)
                if batch:
                    future = executor.submit(_run_batch, fn, batch, extra, carrier.flatten)
                    pending.append((len(batch), _There(future, carrier.rebuild)))
            if not pending:
                return
            if not pending[0][1].done() and not exhausted and ahead + LOCAL_BATCH <= MAX_AHEAD:
                batch = take(LOCAL_BATCH)
                if batch:
                    pending.append((len(batch), _Here(fn, batch, extra)))
                continue
            count, head = pending.popleft()
            ahead -= count
            yield from head.result()

    def __enter__(self) -> "Pool":
        gc.set_threshold(*GC_THRESHOLD)
        if self._executor is not None:
            sys.setswitchinterval(min(self._interval, SWITCH_INTERVAL))
        return self

    def __exit__(self, *exc: object) -> None:
        gc.set_threshold(*self._thresholds)
        if self._executor is not None:
            sys.setswitchinterval(self._interval)
            self._executor.shutdown(wait=True, cancel_futures=True)
