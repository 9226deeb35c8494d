"""Running a pure check over a stream of records on several processors, results in order.

An import's checks of single records (models, hashes) need nothing but the record, so a large
bundle spreads them over worker processes while the main process keeps the order-dependent and
database work. Batches in flight are bounded, so memory stays flat. With no workers the function
simply runs in this process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

R = TypeVar("R")

#: Below this many records the checks run in-process: starting workers costs about half a second,
#: and a week's bundle from one hall is a few thousand records at most.
POOL_MIN_RECORDS = 20_000
#: Workers only pay when at least this many processors are left over for them (the main process
#: keeps one busy with the merge's share of the work).
MIN_WORKERS = 2
MAX_WORKERS = 4
BATCH = 200


def workers_for(records: int) -> int:
    """How many worker processes to check ``records`` records with (0: none).

    Workers are started with "spawn": a program calling the import must guard its entry point
    (``if __name__ == "__main__"``), and a frozen build must call ``multiprocessing.freeze_support``
    first — the launchers in ``packaging/launchers/`` do."""
    spare = min((os.cpu_count() or 1) - 1, MAX_WORKERS)
    if records < POOL_MIN_RECORDS or spare < MIN_WORKERS:
        return 0
    return spare


def _run_batch(fn: Callable[..., Any], batch: list[Any], extra: tuple[Any, ...]) -> list[Any]:
    return [fn(item, *extra) for item in batch]


class Pool:
    """Worker processes for one import (none when ``workers`` is 0); a context manager."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._executor = (
            ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) if workers else None
        )

    def map(self, fn: Callable[..., R], items: Iterable[Any], *extra: Any) -> Iterator[R]:
        """``fn(item, *extra)`` for every item, in order. ``fn`` must be a module-level function."""
        if self._executor is None:
            for item in items:
                yield fn(item, *extra)
            return
        pending: deque[Future[list[R]]] = deque()
        batch: list[Any] = []
        for item in items:
            batch.append(item)
            if len(batch) == BATCH:
                pending.append(self._executor.submit(_run_batch, fn, batch, extra))
                batch = []
                if len(pending) > 2 * self.workers:
                    yield from pending.popleft().result()
        if batch:
            pending.append(self._executor.submit(_run_batch, fn, batch, extra))
        while pending:
            yield from pending.popleft().result()

    def __enter__(self) -> "Pool":
        return self

    def __exit__(self, *exc: object) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
