"""Backups while the store is in use, keeping the last N, and restoring one."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest

from intake.errors import StoreError
from intake.store import Store
from intake.store.backup import backup_store, backups, restore_backup
from intake.store.verify import verify_store
from tests.intake.store.conftest import CLERK, image_bytes, make_app, person


def _ticking_clock() -> list[dt.datetime]:
    return [dt.datetime(2017, 6, 1, 9, 0, 0)]


def test_backup_is_a_verified_self_contained_copy(store: Store, tmp_path: Path) -> None:
    number = store.cases.create(make_app(), CLERK).case
    store.pages.attach_bytes(number, 0, [("a.png", image_bytes("PNG"))], CLERK)
    out = backup_store(store, tmp_path / "usb")
    assert out.parent == tmp_path / "usb" and out.name.startswith("intake-") and out.suffix == ".db"
    assert sorted(p.name for p in out.parent.iterdir()) == [out.name]  # no -wal, no .partial
    with Store.open(out, create=False) as copy:
        assert copy.cases.get(number).documents[0].pages[0].sha256
        assert verify_store(copy).ok


def test_keep_only_the_newest(db_path: Path, tmp_path: Path) -> None:
    now = _ticking_clock()
    made = []
    with Store.open(db_path, clock=lambda: now[0]) as store:
        store.cases.create(make_app(), CLERK)
        for _ in range(4):
            now[0] += dt.timedelta(seconds=1)
            made.append(backup_store(store, tmp_path / "bk", keep=2))
    assert backups(tmp_path / "bk") == made[-2:]


def test_same_second_does_not_overwrite(db_path: Path, tmp_path: Path) -> None:
    now = _ticking_clock()
    with Store.open(db_path, clock=lambda: now[0]) as store:
        first = backup_store(store, tmp_path / "bk")
        second = backup_store(store, tmp_path / "bk")
    assert first != second and first.exists() and second.exists()


def test_keep_counts_backups_of_the_same_second_in_the_order_made(db_path: Path, tmp_path: Path) -> None:
    """``…-090000-2.db`` sorts before ``…-090000.db`` as text but was made after it."""
    now = _ticking_clock()
    with Store.open(db_path, clock=lambda: now[0]) as store:
        made = [backup_store(store, tmp_path / "bk", keep=2) for _ in range(3)]
        now[0] += dt.timedelta(seconds=1)
        made.append(backup_store(store, tmp_path / "bk", keep=2))
    assert [p.name for p in made[:3]] == ["intake-20170601-090000.db", "intake-20170601-090000-2.db",
                                          "intake-20170601-090000-3.db"]
    assert backups(tmp_path / "bk") == [made[2], made[3]]


def test_backup_while_another_connection_writes(db_path: Path, tmp_path: Path) -> None:
    Store.open(db_path).close()
    stop = threading.Event()
    written: list[str] = []

    def writer() -> None:
        with Store.open(db_path) as other:
            i = 0
            while not stop.is_set():
                written.append(other.cases.create(make_app(id_number=person(i)), CLERK).case or "")
                i += 1

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        with Store.open(db_path) as store:
            while len(written) < 5:
                stop.wait(0.01)
            outs = [backup_store(store, tmp_path / "bk") for _ in range(3)]
    finally:
        stop.set()
        thread.join()
    for out in outs:
        with Store.open(out, create=False) as copy:
            assert verify_store(copy).ok
            assert copy.conn.execute("SELECT count(*) FROM cases").fetchone()[0] >= 5


def test_restore_replaces_the_store_and_keeps_the_old_one(db_path: Path, tmp_path: Path) -> None:
    with Store.open(db_path) as store:
        kept = store.cases.create(make_app(), CLERK).case
        out = backup_store(store, tmp_path / "bk")
        lost = store.cases.create(make_app(name="王林"), CLERK).case
    aside = restore_backup(out, db_path)
    assert aside is not None and aside.exists()
    with Store.open(db_path, create=False) as store:
        assert verify_store(store).ok
        assert [c.number for c in store.cases.list()] == [kept]
        assert store.cases.create(make_app(name="王林"), CLERK).case == lost  # numbering continues
    with Store.open(aside, create=False) as old:
        assert len(old.cases.list()) == 2


def test_restore_refuses_a_damaged_backup(db_path: Path, tmp_path: Path) -> None:
    with Store.open(db_path) as store:
        store.cases.create(make_app(), CLERK)
    bad = tmp_path / "intake-bad.db"
    bad.write_bytes(b"garbage" * 1000)
    with pytest.raises(StoreError):
        restore_backup(bad, db_path)
    with Store.open(db_path, create=False) as store:
        assert len(store.cases.list()) == 1
    assert not list(tmp_path.glob("*.restoring*"))


def test_restore_where_no_store_can_be_written_is_refused_in_chinese(db_path: Path, tmp_path: Path) -> None:
    with Store.open(db_path) as store:
        out = backup_store(store, tmp_path / "bk")
    (tmp_path / "plain").write_text("not a folder")
    with pytest.raises(StoreError) as e:
        restore_backup(out, tmp_path / "plain" / "intake.db")
    assert e.value.message.startswith("无法复制备份文件（") and "exists" not in e.value.message
    assert (tmp_path / "plain").read_text() == "not a folder"


def test_keep_must_be_positive(store: Store, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="至少为 1"):
        backup_store(store, tmp_path / "bk", keep=0)
