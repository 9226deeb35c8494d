"""When an import spreads its checks over worker processes, and that results keep their order."""

from __future__ import annotations

import gc
import sys
import time
from pathlib import Path
from typing import NamedTuple

import pytest

from intake.exchange import parallel


def started(pool: parallel.Pool) -> parallel.Pool:
    """``pool`` once a worker is ready (a test about the workers' part must not end before they start)."""
    deadline = time.monotonic() + 60
    while not pool.started():
        assert time.monotonic() < deadline, "no worker started"
        time.sleep(0.01)
    return pool


@pytest.mark.parametrize(("cpus", "records", "workers"), [
    (1, 100_000, 0), (2, 100_000, 1), (3, 100_000, 2), (8, 100_000, 4), (8, 1000, 0), (None, 100_000, 0),
])
def test_workers_only_for_large_bundles_with_processors_to_spare(monkeypatch: pytest.MonkeyPatch, cpus: int | None,
                                                                 records: int, workers: int) -> None:
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: cpus)
    assert parallel.workers_for(records) == workers


def test_results_come_back_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "BATCH", 3)
    with parallel.Pool(2) as pool:
        assert list(pool.map(divmod, range(10), 7)) == [divmod(i, 7) for i in range(10)]  # perhaps before they start
        assert list(started(pool).map(divmod, range(50), 7)) == [divmod(i, 7) for i in range(50)]
        with pytest.raises(ZeroDivisionError):
            list(pool.map(divmod, range(10), 0))


def _slow_below(item: int, limit: int) -> int:
    """Slow for the first items, so the workers fall behind and this process checks some itself."""
    if item < limit:
        time.sleep(0.002)
    if item in (37, 90):
        raise ValueError(f"item {item}")
    return item * 2


def test_this_process_shares_the_checks_and_keeps_the_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "BATCH", 8)
    monkeypatch.setattr(parallel, "LOCAL_BATCH", 2)
    here = []
    real = parallel._Here

    def counted(fn: object, batch: list[int], extra: tuple[object, ...]) -> parallel._Here:
        here.extend(batch)
        return real(fn, batch, extra)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel, "_Here", counted)
    with started(parallel.Pool(1)) as pool:
        assert list(pool.map(divmod, range(300), 7)) == [divmod(i, 7) for i in range(300)]
        assert list(pool.map(_slow_below, range(36), 40)) == [2 * i for i in range(36)]
        assert here  # the workers were slower than this process: it checked some records itself
        with pytest.raises(ValueError, match="item 37"):  # the first error in order, whichever process met it
            list(pool.map(_slow_below, range(100), 100))


def test_the_switch_interval_is_given_back() -> None:
    before = sys.getswitchinterval()
    with parallel.Pool(1):
        assert sys.getswitchinterval() <= parallel.SWITCH_INTERVAL
    assert sys.getswitchinterval() == before
    with parallel.Pool(0):
        assert sys.getswitchinterval() == before


def _thresholds(item: int) -> tuple[int, ...]:
    return gc.get_threshold()


def test_garbage_is_collected_less_often_while_a_pool_runs_and_as_before_after(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "BATCH", 2)
    before = gc.get_threshold()
    assert before != parallel.GC_THRESHOLD
    with started(parallel.Pool(1)) as pool:
        assert gc.get_threshold() == parallel.GC_THRESHOLD
        assert set(pool.map(_thresholds, range(20))) == {parallel.GC_THRESHOLD}  # here and in the worker
    assert gc.get_threshold() == before


class _Pair(NamedTuple):
    item: int
    times: tuple[int, ...]


def _pair(item: int, k: int) -> _Pair:
    return _Pair(item, (item * k,))


def _flatten(pair: _Pair) -> tuple[int, tuple[int, ...]]:
    return tuple(pair)  # type: ignore[return-value]


def _rebuild(values: tuple[int, tuple[int, ...]]) -> _Pair:
    return _Pair(*values)


def test_results_marshal_cannot_carry_come_back_through_a_carrier(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "BATCH", 4)
    carrier = parallel.Carrier(_flatten, _rebuild)
    with started(parallel.Pool(1)) as pool:
        got = list(pool.map(_pair, range(60), 3, carrier=carrier))
        assert got == [_Pair(i, (3 * i,)) for i in range(60)] and {type(p) for p in got} == {_Pair}
        with pytest.raises(ValueError, match="unmarshallable"):  # a named tuple is not plain
            list(pool.map(_pair, range(60), 3))


def test_while_the_workers_start_this_process_checks_the_records_itself() -> None:
    """A worker takes a few tenths of a second to start and import the checks' modules (here made
    slow on purpose): records are not queued behind it meanwhile."""
    from tests.intake.exchange import slow_to_import  # here: a worker importing this file must not wait

    start = time.monotonic()
    with parallel.Pool(1, (slow_to_import.__name__,)) as pool:
        assert list(pool.map(divmod, range(500), 7)) == [divmod(i, 7) for i in range(500)]
        assert not pool.started() and time.monotonic() - start < slow_to_import.SECONDS
        assert True in set(started(pool).map(slow_to_import.imported_in_worker, range(2000)))  # the worker ran it


@pytest.mark.skipif(sys.platform != "linux", reason="pipe sizes are set on Linux only")
def test_the_pipes_to_and_from_the_workers_hold_a_whole_batch() -> None:
    import fcntl

    limit = int(Path("/proc/sys/fs/pipe-max-size").read_text())
    with started(parallel.Pool(1)) as pool:
        executor = pool._executor
        sizes = [fcntl.fcntl(q._writer.fileno(), fcntl.F_GETPIPE_SZ)  # type: ignore[union-attr]
                 for q in (executor._call_queue, executor._result_queue)]  # type: ignore[union-attr]
        assert sizes == [min(parallel.PIPE_BYTES, limit)] * 2
        records = [bytes(3000) for _ in range(parallel.BATCH)]  # a batch larger than the default 64 KB
        assert list(pool.map(len, records)) == [3000] * parallel.BATCH
