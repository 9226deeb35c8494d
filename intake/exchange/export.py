"""`intake export --to DIR`: one signed, encrypted bundle of everything changed since the last one,
built on local disk, then copied to the target (a USB stick), read back and checked there.

Steps, each safe to interrupt:

1. In one read snapshot of the store, every case with an audit entry after the last bundle's is
   written whole (case row, every application version, decision and page record), with the pages'
   bytes not sent before and the audit entries themselves, into ``<store>-outbox/`` — ciphertext
   only, streamed, never held whole in memory. Nothing new but earlier exports: no bundle.
2. One write transaction records the bundle in ``exchange_exports`` (the cases are now marked as
   exported; nothing is deleted) with an ``export`` audit entry.
3. Every bundle not yet delivered is copied to the target, flushed to the device, read back and
   checked against its signed manifest, and its delivery recorded. A copy that fails leaves the
   bundle waiting in the outbox; the next export delivers it first.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import sqlite3
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nacl.signing import SigningKey

from intake import keys, os_errors
from intake.errors import ExportError
from intake.exchange import bundle, ledger, payload
from intake.exchange import keys as exchange_keys
from intake.exchange.crypto import CHUNK, Problem, SealedWriter, new_file_key, seal_key
from intake.exchange.keys import PublicKeys
from intake.store import audit
from intake.store.ops import Actor, CancelToken, Progress, no_progress
from intake.store.records import APPLICATION_COLUMNS, CASE_COLUMNS, DECISION_COLUMNS, PAGE_COLUMNS, select_list

if TYPE_CHECKING:
    from intake.store.db import Store

_STEP = 1000


@dataclass(frozen=True)
class ExportResult:
    """Bundles now on the target (oldest first), the cases in them, and the sequence number of the
    bundle made this time (None when nothing had changed)."""

    bundles: list[Path]
    cases: int
    made: int | None
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"bundles": [str(p) for p in self.bundles], "cases": self.cases, "made": self.made,
                "warnings": self.warnings}


def outbox_dir(store: "Store") -> Path:
    """Where a store's bundles are built and kept (ciphertext only), beside the store file."""
    return store.path.with_name(store.path.stem + "-outbox")


def export_bundles(store: "Store", target: Path, actor: Actor, progress: Progress = no_progress,
                   cancel: CancelToken | None = None) -> ExportResult:
    """Makes the bundle of everything new and delivers every undelivered bundle to ``target``."""
    hall = store.settings.hall_township()
    if hall is None and (store.settings.county() is not None or exchange_keys.is_county()):
        raise ExportError("这是县局的汇总数据库：县局导入乡镇的数据包，不导出；导出在乡镇（街道）受理窗口的电脑上进行")
    if hall is None:
        raise ExportError("尚未设置本厅所属的乡镇（街道），不能导出：请先在桌面程序的首次设置中选择本厅的乡镇，或运行 intake setup 乡镇代码")
    county = exchange_keys.trusted_county()
    signing = keys.signing_key()
    if not target.is_dir():
        raise ExportError(f"找不到目标文件夹 {target}（U 盘是否已插好？）")
    outbox = outbox_dir(store)
    outbox.mkdir(parents=True, exist_ok=True)
    made, earlier = _make(store, hall, county, signing, outbox, actor, progress, cancel)
    warnings = [] if earlier is None else [
        f"本机此前已生成过第 {made} 号数据包（已另存为 {earlier}）。如果那个数据包已交给县局，县局会拒收本次的数据包："
        "本机数据库可能是从导出之前的备份恢复的，请先联系县局。"]
    own = PublicKeys(bytes(signing.verify_key), "hall")
    delivered: list[Path] = []
    cases = 0
    for row in ledger.undelivered(store.conn):
        delivered.append(_deliver(outbox / row.file, target, row.bundle_sha256, own, progress, cancel))
        with store.write() as conn:
            ledger.record_delivery(conn, row.seq, str(target), store.now())
        cases += row.cases
    return ExportResult(delivered, cases, made, warnings)


def _make(store: "Store", hall: str, county: PublicKeys, signing: SigningKey, outbox: Path, actor: Actor,
          progress: Progress, cancel: CancelToken | None) -> tuple[int | None, Path | None]:
    """Builds and records the next bundle: its sequence number (None when nothing changed since the
    last one) and where an earlier bundle of that number the outbox held was kept, if it held one
    (a store restored from a backup older than its last export: that bundle may be at the county)."""
    conn = store.conn
    recipient = county.x25519
    if recipient is None:
        raise ExportError("信任的县局公钥文件中没有加密公钥，请重新导入县局的公钥文件")
    conn.execute("BEGIN")  # one snapshot for the whole bundle
    try:
        last = ledger.last_export(conn)
        seq = (last.seq if last else 0) + 1
        audit_from = last.audit_to if last else 0
        (news,) = conn.execute("SELECT count(*) FROM audit WHERE id > ? AND action != 'export'", (audit_from,)).fetchone()
        if not news:
            return None, None
        head_id, head_hash = audit.last_entry(conn)
        prev_entry = conn.execute("SELECT hash FROM audit WHERE id = ?", (audit_from,)).fetchone()
        pages_from = last.pages_to if last else 0
        (pages_to,) = conn.execute("SELECT coalesce(max(id), 0) FROM pages").fetchone()
        fingerprint = keys.fingerprint(bytes(signing.verify_key))
        name = bundle.bundle_name(hall, seq, fingerprint)
        tmp = outbox / f".{name}.tmp"
        key = new_file_key()
        writers = _Writers(conn, key, audit_from, head_id, pages_from, pages_to, progress, cancel)
        try:
            with tmp.open("wb") as f:
                with zipfile.ZipFile(f, "w", allowZip64=True) as archive:
                    files = [writers.write(archive, n) for n in bundle.FILES]
                    manifest = bundle.Manifest(
                        township=hall,
                        installation=bundle.Installation(fingerprint=fingerprint, ed25519=bundle.b64(bytes(signing.verify_key))),
                        seq=seq, prev=last.bundle_sha256 if last else bundle.GENESIS, created_at=store.now(),
                        recipient=bundle.Recipient(fingerprint=county.fingerprint, x25519=bundle.b64(recipient)),
                        sealed_key=bundle.b64(seal_key(key, recipient)),
                        audit=bundle.AuditRange(first=audit_from + 1, last=head_id,
                                                prev=prev_entry[0] if prev_entry else audit.GENESIS, head=head_hash),
                        cases=writers.cases, blobs=writers.blobs, files=files,
                    )
                    data = bundle.manifest_bytes(manifest)
                    bundle.write_members(archive, data, bundle.sign(data, signing))
                f.flush()
                os.fsync(f.fileno())
        except OSError as e:
            _discard(tmp)
            raise ExportError(f"无法在本机生成数据包（{os_errors.describe(e)}）：{outbox}") from None
        except BaseException:
            _discard(tmp)
            raise
        finally:
            writers.close()
    finally:
        conn.execute("COMMIT")
    row = ledger.ExportRow(
        seq, _sha(data), manifest.prev, name, county.fingerprint, head_id, pages_to, writers.cases, writers.blobs,
        tmp.stat().st_size, store.now(), actor.name,
    )
    with store.write() as conn:
        now_last = ledger.last_export(conn)
        if (now_last.seq if now_last else 0) != seq - 1:
            _discard(tmp)
            raise ExportError("另一个导出正在同时进行，本次未导出，请稍后重试")
        earlier = _keep_earlier(outbox / name, store.now())
        os.replace(tmp, outbox / name)
        ledger.record_export(conn, row)
        audit.append(conn, at=store.now(), actor=actor.name, action="export", detail={
            "seq": seq, "bundle": row.bundle_sha256, "file": name, "cases": row.cases, "blobs": row.blobs,
            "audit_to": head_id, "county": county.fingerprint,
        })
    return seq, earlier


def _keep_earlier(path: Path, now: str) -> Path | None:
    """Moves an earlier bundle of the same name aside instead of overwriting it: it may be the one
    the county holds."""
    if not path.exists():
        return None
    kept = path.with_name(f"{path.name}.{now[:19].replace(':', '').replace('-', '')}.earlier")
    os.replace(path, kept)
    return kept


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class _Writers:
    """Writes each encrypted file of one bundle from the read snapshot, counting what went in."""

    def __init__(self, conn: sqlite3.Connection, key: bytes, audit_from: int, audit_to: int, pages_from: int,
                 pages_to: int, progress: Progress, cancel: CancelToken | None) -> None:
        self.conn, self.key = conn, key
        self.audit_from, self.audit_to, self.pages_from, self.pages_to = audit_from, audit_to, pages_from, pages_to
        self.progress, self.cancel = progress, cancel
        self.cases = self.blobs = 0
        self._cursors: list[sqlite3.Cursor] = []
        (self.total,) = conn.execute(
            "SELECT count(DISTINCT case_id) FROM audit WHERE id > ? AND case_id IS NOT NULL", (audit_from,)
        ).fetchone()

    def write(self, archive: zipfile.ZipFile, name: str) -> bundle.FileEntry:
        with bundle.open_member(archive, name) as member:
            sealed = SealedWriter(member, self.key, bundle.label(name), name in bundle.COMPRESSED)
            {"cases.bin": self._cases, "blobs.bin": self._blobs, "audit.bin": self._audit}[name](sealed)
            digest = sealed.close()
        return bundle.FileEntry(name=name, size=digest.size, sha256=digest.sha256)

    def _query(self, sql: str, params: tuple[Any, ...]) -> sqlite3.Cursor:
        cursor = self.conn.execute(sql, params)
        self._cursors.append(cursor)
        return cursor

    def close(self) -> None:
        """Finishes every statement, also after an error or a cancel (an open one keeps the store busy)."""
        for cursor in self._cursors:
            cursor.close()

    def _tick(self, message: str) -> None:
        self.progress(self.cases, self.total, message)
        if self.cancel is not None:
            self.cancel.check()

    def _cases(self, out: SealedWriter) -> None:
        touched = "SELECT case_id FROM audit WHERE id > ? AND case_id IS NOT NULL"
        latest = self._query(
            "SELECT case_id, max(id) FROM audit WHERE id > ? AND case_id IS NOT NULL GROUP BY case_id ORDER BY case_id",
            (self.audit_from,),
        )
        cases = self._query(
            f"SELECT {select_list(CASE_COLUMNS)} FROM cases WHERE id IN ({touched}) ORDER BY id", (self.audit_from,)
        )
        children = [
            _Children(self._query(f"SELECT {select_list(columns)} FROM {table} WHERE case_id IN ({touched}) "
                                  "ORDER BY case_id, id", (self.audit_from,)), columns)
            for table, columns in (("applications", APPLICATION_COLUMNS), ("decisions", DECISION_COLUMNS),
                                   ("pages", PAGE_COLUMNS))
        ]
        for row, (case_id, audit_id) in zip(cases, latest):
            case = dict(zip(CASE_COLUMNS, row))
            if case["id"] != case_id:
                raise RuntimeError(f"audit names case id {case_id} that the store does not have")
            apps, decisions, pages = (c.take(case_id) for c in children)
            out.write(payload.case_bytes(case, apps, decisions, pages, audit_id))
            self.cases += 1
            if self.cases % _STEP == 0:
                self._tick("正在打包案件")
        self._tick("正在打包扫描页")

    def _blobs(self, out: SealedWriter) -> None:
        rows = self._query(
            "SELECT sha256, format, data, thumb_sha256, thumbnail FROM blobs WHERE sha256 IN "
            "(SELECT sha256 FROM pages WHERE id > ? AND id <= ?) AND sha256 NOT IN (SELECT sha256 FROM pages WHERE id <= ?) "
            "ORDER BY sha256",
            (self.pages_from, self.pages_to, self.pages_from),
        )
        for sha, fmt, data, thumb_sha, thumbnail in rows:
            for part in payload.blob_bytes(sha, fmt, bytes(data), thumb_sha, bytes(thumbnail)):
                out.write(part)
            self.blobs += 1
            if self.cancel is not None:
                self.cancel.check()

    def _audit(self, out: SealedWriter) -> None:
        columns = (*audit.ENTRY_FIELDS, "hash")
        rows = self._query(
            f"SELECT {select_list(columns)} FROM audit WHERE id > ? AND id <= ? ORDER BY id", (self.audit_from, self.audit_to)
        )
        for n, row in enumerate(rows, start=1):
            out.write(payload.audit_bytes(dict(zip(columns, row))))
            if n % (_STEP * 10) == 0 and self.cancel is not None:
                self.cancel.check()


class _Children:
    """Rows of one child table of the touched cases, taken case by case in case id order."""

    def __init__(self, rows: sqlite3.Cursor, columns: tuple[str, ...]) -> None:
        self._columns = columns
        self._rows: Iterator[tuple[Any, ...]] = rows
        self._case_at = columns.index("case_id")
        self._next = next(self._rows, None)

    def take(self, case_id: int) -> list[dict[str, Any]]:
        out = []
        while self._next is not None and self._next[self._case_at] == case_id:
            out.append(dict(zip(self._columns, self._next)))
            self._next = next(self._rows, None)
        return out


def _deliver(source: Path, target: Path, sha256: str, own: PublicKeys, progress: Progress,
             cancel: CancelToken | None) -> Path:
    """Copies one bundle to the target, flushes it to the device, then reads it back: every byte
    must equal what was copied, and its manifest must be this installation's, signed, the one
    recorded when the bundle was made."""
    dest = target / source.name
    tmp = target / f".{source.name}.tmp"
    total = source.stat().st_size
    copied = hashlib.sha256()
    try:
        with source.open("rb") as src, tmp.open("wb") as out:
            done = 0
            while block := src.read(CHUNK):
                out.write(block)
                copied.update(block)
                done += len(block)
                progress(done, total, f"正在写入 {target}")
                if cancel is not None:
                    cancel.check()
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, dest)
        _sync_folder(target)
    except OSError as e:
        _discard(tmp)
        raise ExportError(f"写入 {target} 失败（{_os_reason(e)}），数据包仍保存在本机，下次导出时会再次写入") from None
    except BaseException:
        _discard(tmp)
        raise
    progress(total, total, "正在读回校验")
    try:
        read_back = hashlib.sha256()
        with dest.open("rb") as back:
            while block := back.read(CHUNK):
                read_back.update(block)
        if read_back.digest() != copied.digest():
            raise Problem("读回的内容与写入的不同")
        opened = bundle.open_bundle(dest, {own.fingerprint: own})
        opened.close()
        if opened.sha256 != sha256:
            raise Problem("清单与本机记录的不同")
    except OSError as e:
        raise ExportError(f"读回 {dest} 失败（{_os_reason(e)}），请换一个 U 盘重新导出（数据包仍保存在本机）") from None
    except Problem as e:
        raise ExportError(
            f"写入 {dest} 后读回校验失败：{e.message}。U 盘可能有问题，请换一个 U 盘重新导出（数据包仍保存在本机）"
        ) from None
    return dest


def _discard(path: Path) -> None:
    """Removes a half-written file where the system allows: on a write-protected stick there is
    none to remove, and the reason the write failed is what to report."""
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    """Flushes the new directory entry too where the system allows (not on Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _os_reason(e: OSError) -> str:
    if e.errno == errno.ENOSPC:
        return "空间不足"
    if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "没有写入权限或 U 盘处于写保护状态"
    return os_errors.describe(e)
