"""When an import spreads its checks over worker processes, and that results keep their order."""

from __future__ import annotations

import pytest

from intake.exchange import parallel


@pytest.mark.parametrize(("cpus", "records", "workers"), [
    (2, 100_000, 0), (3, 100_000, 2), (8, 100_000, 4), (8, 1000, 0), (None, 100_000, 0),
])
def test_workers_only_for_large_bundles_with_processors_to_spare(monkeypatch: pytest.MonkeyPatch, cpus: int | None,
                                                                 records: int, workers: int) -> None:
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: cpus)
    assert parallel.workers_for(records) == workers


def test_results_come_back_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "BATCH", 3)
    with parallel.Pool(2) as pool:
        assert list(pool.map(divmod, range(50), 7)) == [divmod(i, 7) for i in range(50)]
        with pytest.raises(ZeroDivisionError):
            list(pool.map(divmod, range(10), 0))
