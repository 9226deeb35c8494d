"""`intake import BUNDLE…` at the county: check every bundle, then merge them all in one transaction.

For each bundle, before anything is decrypted: the archive holds exactly the format's files; the
manifest is signed by a township installation this county trusts (and, when its key file names a
township, for that township); it is encrypted to this county's key. Then its place in that
installation's chain: a bundle already imported (same hash) is *unchanged* and skipped; another
bundle with a sequence number already imported (a replay, or a township store restored from an
old backup), a gap in the sequence or a ``prev`` that is not the last imported bundle's hash is
refused. Then ``stage.BundleImport`` decrypts and checks every record and merges.

All bundles of one call share one write transaction: any refusal, crash or cancel leaves the
county store exactly as it was. The refusal names the bundle and what is wrong with it.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nacl.public import PrivateKey

from intake.errors import BundleRefused, InvalidInput
from intake.exchange import bundle, ledger, stage, staging
from intake.exchange import keys as exchange_keys
from intake.exchange.crypto import Problem, unseal_key
from intake.ids import mask_id_number
from intake.store.ops import Actor, CancelToken, Progress, no_progress

if TYPE_CHECKING:
    from intake.store.db import Store


#: The store's page cache while an import writes, in KiB (SQLite's default is 2 MB): the indexes
#: that take rows in random order (applicants' ID numbers, phone numbers) outgrow the default
#: within some 50,000 cases, and each insert then reads its page back from the log. A fixed size,
#: so memory stays flat; the connection's own is given back after.
IMPORT_CACHE_KIB = 16 * 1024


@dataclass(frozen=True)
class BundleOutcome:
    """What happened to one bundle file."""

    file: Path
    township: str
    seq: int
    status: str  # "imported" or "unchanged"
    cases: int = 0
    new_cases: int = 0
    exported_as: str = ""  # the file's name when the hall wrote it (a bundle is read by its signed content)

    @property
    def renamed(self) -> bool:
        """The file no longer has the name it was exported under (copied under another name, or
        mixed up): worth a word, though the signed manifest is what counts."""
        return bool(self.exported_as) and self.file.name != self.exported_as

    def to_json(self) -> dict[str, Any]:
        return {"file": str(self.file), "township": self.township, "seq": self.seq, "status": self.status,
                "cases": self.cases, "new_cases": self.new_cases, "exported_as": self.exported_as}


@dataclass(frozen=True)
class ImportResult:
    """Per bundle, imported or unchanged; applicants newly found in two townships."""

    bundles: list[BundleOutcome]
    reviews: list[ledger.Review] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return sum(b.status == "imported" for b in self.bundles)

    @property
    def unchanged(self) -> int:
        return sum(b.status == "unchanged" for b in self.bundles)

    @property
    def cases(self) -> int:
        return sum(b.cases for b in self.bundles)

    def to_json(self) -> dict[str, Any]:
        return {
            "imported": self.imported, "unchanged": self.unchanged, "cases": self.cases,
            "bundles": [b.to_json() for b in self.bundles],
            "review": [{"applicant": mask_id_number(r.applicant_id), "cases": [r.case_a, r.case_b]} for r in self.reviews],
        }


def import_bundles(store: "Store", paths: list[Path], actor: Actor, progress: Progress = no_progress,
                   cancel: CancelToken | None = None) -> ImportResult:
    """Checks and merges ``paths``; BundleRefused (nothing changed) names the first bad bundle."""
    county = exchange_keys.county_private_key()
    own_x25519 = bytes(county.public_key)
    trusted = exchange_keys.trusted_keys()
    opened: list[bundle.OpenBundle] = []
    try:
        for path in paths:
            opened.append(_open(path, trusted, own_x25519))
        opened.sort(key=lambda b: (b.manifest.installation.fingerprint, b.manifest.seq))
        total = 2 * sum(f.size for b in opened for f in b.manifest.files)  # checked, then merged
        return _run(store, opened, county, actor, total, progress, cancel)
    finally:
        for b in opened:
            b.close()


def _open(path: Path, trusted: dict[str, exchange_keys.PublicKeys], own_x25519: bytes) -> bundle.OpenBundle:
    try:
        opened = bundle.open_bundle(path, trusted)
    except Problem as e:
        raise _refused(path, e) from None
    try:
        m = opened.manifest
        if opened.signer.role != "hall":
            raise Problem("签名者是县局的公钥，不是乡镇")
        if opened.signer.township is not None and opened.signer.township != m.township:
            raise Problem(f"该乡镇电脑的公钥登记为乡镇 {opened.signer.township}，数据包却自称乡镇 {m.township}")
        if bundle.unb64(m.recipient.x25519, "加密公钥") != own_x25519:
            raise Problem(f"数据包是加密给另一个县局（指纹 {m.recipient.fingerprint}）的，本机无法导入")
    except Problem as e:
        opened.close()
        raise _refused(path, e) from None
    return opened


def _refused(path: Path, problem: Problem) -> BundleRefused:
    return BundleRefused(f"数据包 {path.name} 已拒绝：{problem.message}。县局数据库未作任何更改", str(path))


def _run(store: "Store", opened: list[bundle.OpenBundle], county: PrivateKey, actor: Actor, total: int,
         progress: Progress, cancel: CancelToken | None) -> ImportResult:
    staging.attach(store.conn)
    try:
        with _import_settings(store.conn):
            result = _merge_all(store, opened, county, actor, total, progress, cancel)
    except BaseException:
        staging.detach(store.conn, quietly=True)  # the refusal (or crash) is what to report
        raise
    staging.detach(store.conn)
    return result


@contextlib.contextmanager
def _import_settings(conn: sqlite3.Connection) -> Iterator[None]:
    """While inside: ``IMPORT_CACHE_KIB`` of page cache, and the store's CHECK constraints not
    evaluated. They are the case row's (state, wish ``IN (…)``), which ``payload.CaseRow`` checks
    (the same values) before anything is written; SQLite builds each ``IN`` list again for every
    row of an ``executemany``, a fifth of the time a case row takes to write."""
    cache = int(conn.execute("PRAGMA main.cache_size").fetchone()[0])
    checks = int(conn.execute("PRAGMA ignore_check_constraints").fetchone()[0])
    conn.execute(f"PRAGMA main.cache_size = -{IMPORT_CACHE_KIB}")
    conn.execute("PRAGMA ignore_check_constraints = ON")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA ignore_check_constraints = {checks}")
        conn.execute(f"PRAGMA main.cache_size = {cache}")


def _merge_all(store: "Store", opened: list[bundle.OpenBundle], county: PrivateKey, actor: Actor, total: int,
               progress: Progress, cancel: CancelToken | None) -> ImportResult:
    outcomes: list[BundleOutcome] = []
    done_before = 0
    with store.write() as conn:  # a refusal, crash or cancel rolls back everything
        first_review = ledger.last_review_id(conn)
        for b in opened:
            m = b.manifest
            try:
                fresh = _place(conn, b)
                if not fresh:
                    b.check_stored_files()  # the same manifest is not yet the same bundle
                    outcomes.append(BundleOutcome(b.path, m.township, m.seq, "unchanged", exported_as=_exported_as(m)))
                    done_before += 2 * sum(f.size for f in m.files)
                    continue
                _mark_county(store, conn, b, actor)  # a bundle imported makes this the county's store
                key = unseal_key(bundle.unb64(m.sealed_key, "数据包密钥"), county)
                which = f"乡镇（街道）{m.township} 第 {m.seq} 号数据包"  # progress says whose bundle is being read
                job = stage.BundleImport(conn, b, key, ledger.source(conn, m.installation.fingerprint), store.now(), actor,
                                         lambda message: _tick(job, done_before, total, f"{which}：{message}",
                                                               progress, cancel))
                job.check()
                job.merge(b.path.name)
            except Problem as e:
                raise _refused(b.path, e) from None
            done_before += 2 * sum(f.size for f in m.files)
            outcomes.append(BundleOutcome(b.path, m.township, m.seq, "imported", job.cases, job.new_cases,
                                          _exported_as(m)))
        reviews = ledger.reviews(conn, first_review)
        progress(total, total, "正在保存导入结果")  # the last report: a cancel here still rolls back
    return ImportResult(outcomes, reviews)


def _mark_county(store: "Store", conn: sqlite3.Connection, b: bundle.OpenBundle, actor: Actor) -> None:
    """The store that imports is the county's (its code from the bundle's township)."""
    try:
        store.settings.mark_county(conn, b.manifest.township[:6], actor)
    except InvalidInput as e:
        raise BundleRefused(f"本数据库不能作为县局汇总数据库导入数据包：{e.message}。数据库未作任何更改", str(b.path)) from None


def _exported_as(m: bundle.Manifest) -> str:
    return bundle.bundle_name(m.township, m.seq, m.installation.fingerprint)


def _tick(job: stage.BundleImport, before: int, total: int, message: str, progress: Progress,
          cancel: CancelToken | None) -> None:
    progress(min(before + job.consumed, total), total, message)
    if cancel is not None:
        cancel.check()


def _place(conn: sqlite3.Connection, b: bundle.OpenBundle) -> bool:
    """Whether the bundle is the next one of its installation's chain (True), one already
    imported (False); Problem when it is a replay, out of order or does not continue the chain."""
    m = b.manifest
    installation = m.installation.fingerprint
    already = ledger.imported_sha(conn, installation, m.seq)
    if already == b.sha256:
        return False
    if already is not None:
        raise Problem(f"序号 {m.seq} 已导入过另一个内容不同的数据包（重放的旧数据包，或乡镇数据库被恢复过），请联系该乡镇核实")
    src = ledger.source(conn, installation)
    last_seq = src.last_seq if src else 0  # every sequence up to it is in exchange_imports
    if m.seq > last_seq + 1:
        missing = f"{last_seq + 1}" if m.seq == last_seq + 2 else f"{last_seq + 1}–{m.seq - 1}"
        raise Problem(f"缺少该乡镇序号 {missing} 的数据包，请先导入（按序号顺序）")
    if m.prev != (src.last_sha256 if src else bundle.GENESIS):
        raise Problem("与该乡镇上一个数据包不衔接（上一个数据包的哈希不符）")
    if src is not None and src.township != m.township:
        raise Problem(f"这台乡镇电脑此前导出的是乡镇 {src.township} 的数据，数据包却自称乡镇 {m.township}")
    return True
