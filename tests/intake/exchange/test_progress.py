"""What the desktop screens rely on: progress callbacks, and cancel leaving nothing half-done."""

from __future__ import annotations

import contextlib
import sqlite3

import pytest

from intake.errors import Cancelled
from intake.exchange.export import export_bundles
from intake.exchange.importer import IMPORT_CACHE_KIB, import_bundles
from intake.exchange.ledger import cases_pending, undelivered
from intake.store import CancelToken
from tests.intake.exchange.conftest import CLERK, COUNTY_CLERK, World


class CancelAt:
    """A progress callback that records calls and cancels at the n-th."""

    def __init__(self, token: CancelToken, at: int) -> None:
        self.token, self.at, self.calls = token, at, []  # type: ignore[var-annotated]

    def __call__(self, done: int, total: int, message: str) -> None:
        self.calls.append((done, total, message))
        if len(self.calls) == self.at:
            self.token.cancel()


def test_progress_is_reported_and_ends_full(world: World) -> None:
    seen: list[tuple[int, int, str]] = []
    with world.a.store() as hall:
        result = export_bundles(hall, world.usb, CLERK, lambda d, t, m: seen.append((d, t, m)))
    assert seen and all(0 <= d <= t for d, t, _ in seen) and any("正在写入" in m for _, _, m in seen)
    seen.clear()
    with world.county.store() as county:
        import_bundles(county, result.bundles, COUNTY_CLERK, lambda d, t, m: seen.append((d, t, m)))
    assert seen[-1][0] == seen[-1][1] and seen[-1][2] == "正在保存导入结果"
    assert any(m.startswith("乡镇（街道）350502001 第 1 号数据包：正在校验") for _, _, m in seen), "whose bundle"


@pytest.mark.parametrize("at", [1, 2])
def test_a_cancelled_export_marks_nothing_or_waits_to_be_delivered(world: World, at: int) -> None:
    token = CancelToken()
    progress = CancelAt(token, at)
    with world.a.store() as hall:
        with pytest.raises(Cancelled):
            export_bundles(hall, world.usb, CLERK, progress, token)
        made = undelivered(hall.conn)
        if made:  # cancelled while copying: the bundle is made and waits in the outbox
            assert cases_pending(hall.conn) == 0
        else:
            assert cases_pending(hall.conn) == 4
    assert not [p for p in world.usb.iterdir() if p.suffix == ".hukou"]
    assert not [p for p in world.usb.iterdir()]  # no temporary file left behind either
    again = world.export(world.a)
    assert again.cases == 4 and len(again.bundles) == 1


def test_a_cancelled_import_changes_nothing(world: World) -> None:
    bundles = world.export(world.a).bundles + world.export(world.b).bundles
    before = world.county_bytes()
    token = CancelToken()
    with world.county.store() as county:
        with pytest.raises(Cancelled):
            import_bundles(county, bundles, COUNTY_CLERK, CancelAt(token, 2), token)
    assert world.county_bytes() == before
    assert world.import_(*bundles).imported == 2


def test_no_progress_is_reported_after_the_import_commits(world: World) -> None:
    """The desk's progress raises Cancelled at any report once 取消 was pressed, and then says
    nothing changed: a report after the commit would make that untrue."""
    bundles = world.export(world.a).bundles
    world.import_(*world.export(world.b).bundles)  # the county's store exists, one import recorded
    late: list[str] = []

    def progress(done: int, total: int, message: str) -> None:
        with contextlib.closing(sqlite3.connect(f"file:{world.county.db}?mode=ro", uri=True)) as other:
            if other.execute("SELECT count(*) FROM exchange_imports").fetchone()[0] > 1:
                late.append(message)

    with world.county.store() as county:
        assert import_bundles(county, bundles, COUNTY_CLERK, progress).imported == 1
    assert late == []


@pytest.mark.parametrize("cancelled", [False, True])
def test_the_import_writes_with_its_own_settings_and_gives_the_connections_back(world: World, cancelled: bool) -> None:
    """A larger page cache and the case rows' CHECK constraints left to the models while the import
    writes; the connection's own settings after, whether it finished or not."""
    bundles = world.export(world.a).bundles
    token = CancelToken()
    seen: set[tuple[int, int]] = set()
    with world.county.store() as county:
        pragma = lambda name: county.conn.execute(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
        own = (pragma("cache_size"), pragma("ignore_check_constraints"))

        def progress(done: int, total: int, message: str) -> None:
            seen.add((pragma("cache_size"), pragma("ignore_check_constraints")))
            if cancelled:
                token.cancel()

        with pytest.raises(Cancelled) if cancelled else contextlib.nullcontext():
            import_bundles(county, bundles, COUNTY_CLERK, progress, token)
        assert seen == {(-IMPORT_CACHE_KIB, 1)} and own[0] > -IMPORT_CACHE_KIB and own[1] == 0
        assert (pragma("cache_size"), pragma("ignore_check_constraints")) == own
        if not cancelled:  # the imported cases are there, and their constraints hold again
            with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
                county.conn.execute("UPDATE cases SET state = 'lost'")
