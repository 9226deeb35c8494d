"""Backups: a consistent, verified copy of the store while the app keeps working; and restore.

Public API::

    backup_store(store, to_dir, keep=None, progress=..., cancel=None) -> Path
    restore_backup(backup_file, target) -> Path | None   # the replaced store's new name, if any

The copy is made with SQLite's online backup API in one step: in WAL mode it reads a snapshot
without blocking the app's writes. It is written as ``*.partial``, verified like `intake verify`
(integrity, audit chain, records), switched to a self-contained rollback journal, synced, and only
then renamed to ``intake-YYYYMMDD-HHMMSS.db``; older backups beyond ``keep`` are deleted.
Restoring copies a verified backup over the store after moving the old file (with its ``-wal`` and
``-shm``) aside; the app must be closed while restoring.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from intake import os_errors
from intake.errors import Cancelled, StoreError
from intake.store.db import remove_with_sidecars
from intake.store.ops import CancelToken, Progress, no_progress

if TYPE_CHECKING:
    from intake.store.db import Store

PREFIX = "intake-"
SUFFIX = ".db"


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    if os.name == "posix":  # Windows cannot open a directory for fsync; NTFS journals renames
        _fsync(path)


def _check_copy(path: Path, progress: Progress, cancel: CancelToken | None) -> None:
    """Verifies a copy; StoreError with the first problem if it is not sound."""
    from intake.store.db import Store
    from intake.store.verify import verify_store

    with Store.open(path, create=False) as copy:
        report = verify_store(copy, progress, cancel)
    if not report.ok:
        raise StoreError(f"备份校验失败：{report.problems[0]}", str(path))


def backup_store(store: "Store", to_dir: Path, keep: int | None = None, progress: Progress = no_progress,
                 cancel: CancelToken | None = None) -> Path:
    """Writes a verified copy into ``to_dir`` and keeps the newest ``keep`` backups there."""
    if keep is not None and keep < 1:
        raise StoreError("保留份数至少为 1", "--keep")
    to_dir = Path(to_dir)
    try:
        to_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise StoreError(f"无法创建备份目录：{os_errors.describe(e)}", str(to_dir)) from None
    stamp = store.clock().strftime("%Y%m%d-%H%M%S")
    final = to_dir / f"{PREFIX}{stamp}{SUFFIX}"
    n = 1
    while final.exists():
        n += 1
        final = to_dir / f"{PREFIX}{stamp}-{n}{SUFFIX}"
    partial = final.with_name(final.name + ".partial")
    try:
        progress(0, 1, "正在复制数据库")
        target = sqlite3.connect(partial)
        try:
            store.conn.backup(target)
        finally:
            target.close()
        if cancel is not None:
            cancel.check()
        _check_copy(partial, progress, cancel)
        target = sqlite3.connect(partial, isolation_level=None)
        try:
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
        _fsync(partial)
        os.replace(partial, final)
        _fsync_dir(to_dir)
    except (Cancelled, StoreError):
        remove_with_sidecars(partial)
        raise
    except OSError as e:
        remove_with_sidecars(partial)
        raise StoreError(f"写入备份失败：{os_errors.describe(e)}", str(to_dir)) from None
    if keep is not None:
        prune(to_dir, keep)
    return final


def backups(folder: Path) -> list[Path]:
    """The backups in a folder, oldest first: by the time in the name, then by the number a second
    backup within the same second gets (``…-120000-2.db`` is newer than ``…-120000.db``, though
    it sorts before it as text)."""
    return sorted((p for p in Path(folder).glob(f"{PREFIX}*{SUFFIX}") if p.is_file()), key=_backup_order)


def _backup_order(path: Path) -> tuple[str, int]:
    stamp = path.name[len(PREFIX):-len(SUFFIX)]
    base, dash, n = stamp.rpartition("-")
    if dash and base.count("-") == 1 and n.isdigit():  # 20261129-120000-2
        return base, int(n)
    return stamp, 1


def prune(folder: Path, keep: int) -> list[Path]:
    """Deletes all but the newest ``keep`` backups; returns what was deleted."""
    old = backups(folder)[:-keep]
    for path in old:
        remove_with_sidecars(path)
    return old


def restore_backup(backup_file: Path, target: Path, progress: Progress = no_progress) -> Path | None:
    """Replaces the store at ``target`` with a verified copy of ``backup_file``. The current store,
    if any, is kept beside it as ``<name>.replaced-<time>``; its path is returned."""
    from intake.store.db import local_now

    backup_file, target = Path(backup_file), Path(target)
    if not backup_file.is_file():
        raise StoreError("找不到备份文件", str(backup_file))
    partial = target.with_name(target.name + ".restoring")
    try:
        remove_with_sidecars(partial)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(backup_file, partial)
    except OSError as e:  # an unreadable backup, or no room or no right where the store lives
        with contextlib.suppress(OSError):
            remove_with_sidecars(partial)
        raise StoreError(f"无法复制备份文件（{os_errors.describe(e)}）", str(target.parent)) from None
    try:
        _check_copy(partial, progress, None)
    except StoreError as e:
        remove_with_sidecars(partial)
        # The copy being checked is a scratch file the user never named; the problem is theirs.
        raise StoreError(e.message, str(backup_file)) from None
    aside = None
    if target.exists():
        aside = target.with_name(f"{target.name}.replaced-{local_now():%Y%m%d-%H%M%S}")
        for suffix in ("", "-wal", "-shm"):
            source = Path(f"{target}{suffix}")
            if source.exists():
                os.replace(source, Path(f"{aside}{suffix}"))
    _fsync(partial)
    os.replace(partial, target)
    _fsync_dir(target.parent)
    return aside
