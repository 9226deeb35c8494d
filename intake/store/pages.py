"""Scanned pages of a case's documents, stored content-addressed by SHA-256 inside the store file.

Public API (``store.pages``)::

    attach_files(number, doc_index, paths, actor) -> Changes    # Changes.pages: the new sha256s
    attach_bytes(number, doc_index, [(filename, data)], actor) -> Changes   # e.g. from a scanner
    attach_scans(number, doc_index, scans, actor) -> Changes    # files already read (``scans.read_scan``)
    data(sha256) -> bytes;  thumbnail(sha256) -> bytes (PNG)

Pages live as BLOBs in the database rather than as files beside it: the hall backs up one file,
and a page, the case change and its audit entry commit in one transaction — a crash can never
leave a page without its record or a record pointing at a missing file. Identical bytes are stored
once (``blobs``) however often they are attached. All files of one call are checked before
anything is written, and the call stores all of them or none. A page is never replaced: attaching
bytes the document already has is refused, and triggers refuse UPDATE/DELETE on pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from intake.errors import CaseNotFound, PageRejected, WorkflowError
from intake.models.documents import DOCUMENT_LABELS
from intake.store.cases import find_case_to_change, load_application, record_case
from intake.store.ops import Actor, Changes
from intake.store.records import sha256_bytes
from intake.store.scans import Scan, check_scan, read_scan, refuse_repeats
from intake.store.states import ATTACHABLE_STATES, STATE_LABELS

if TYPE_CHECKING:
    from intake.store.db import Store


class PageShelf:
    """The scanned pages of one store (``store.pages``)."""

    def __init__(self, store: "Store") -> None:
        self._store = store

    def attach_files(self, number: str, doc_index: int, paths: Sequence[Path], actor: Actor) -> Changes:
        """Checks every file, then stores them all as new pages of document ``doc_index``."""
        return self._attach(number, doc_index, [read_scan(Path(p)) for p in paths], actor)

    def attach_bytes(self, number: str, doc_index: int, files: Sequence[tuple[str, bytes]], actor: Actor) -> Changes:
        """As attach_files, for pages already in memory; the name's extension says the format."""
        return self._attach(number, doc_index, [check_scan(name, data) for name, data in files], actor)

    def attach_scans(self, number: str, doc_index: int, scans: Sequence[Scan], actor: Actor) -> Changes:
        """As attach_files, for files read and checked beforehand (``scans.read_scan``)."""
        return self._attach(number, doc_index, list(scans), actor)

    def _attach(self, number: str, doc_index: int, scans: list[Scan], actor: Actor) -> Changes:
        if not scans:
            raise PageRejected("没有要添加的文件", "files")
        refuse_repeats(scans)
        store = self._store
        now = store.now()
        with store.write() as conn:
            case = find_case_to_change(conn, number)
            if case.state not in ATTACHABLE_STATES:
                raise WorkflowError(
                    f"案件 {case.number} 当前状态为“{STATE_LABELS[case.state]}”，不能再添加扫描页", "state"
                )
            (app_text,) = conn.execute(
                "SELECT json FROM applications WHERE case_id = ? ORDER BY id DESC LIMIT 1", (case.id,)
            ).fetchone()
            documents = load_application(app_text).documents
            if not 0 <= doc_index < len(documents):
                raise PageRejected(
                    f"案件 {case.number} 没有第 {doc_index} 份证件（证件编号从 0 开始，共 {len(documents)} 份）",
                    "doc_index",
                )
            label = DOCUMENT_LABELS.get(documents[doc_index].type, documents[doc_index].type)
            (last_seq,) = conn.execute(
                "SELECT coalesce(max(seq), 0) FROM pages WHERE case_id = ? AND doc_index = ?", (case.id, doc_index)
            ).fetchone()
            for i, scan in enumerate(scans, start=1):
                same = conn.execute(
                    "SELECT seq FROM pages WHERE case_id = ? AND doc_index = ? AND sha256 = ?",
                    (case.id, doc_index, scan.sha256),
                ).fetchone()
                if same:
                    raise PageRejected(
                        f"文件 {scan.filename} 与第 {doc_index} 份证件（{label}）已有的第 {same[0]} 页内容完全相同，"
                        "未重复添加", scan.filename,
                    )
                conn.execute(
                    "INSERT INTO blobs (sha256, format, size, data, thumbnail, thumb_sha256) VALUES (?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (sha256) DO NOTHING",
                    (scan.sha256, scan.format, scan.size, scan.data, scan.thumbnail, sha256_bytes(scan.thumbnail)),
                )
                (thumb_sha,) = conn.execute("SELECT thumb_sha256 FROM blobs WHERE sha256 = ?", (scan.sha256,)).fetchone()
                conn.execute(
                    "INSERT INTO pages (case_id, doc_index, seq, sha256, thumb_sha256, format, size, filename, "
                    "added_at, added_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (case.id, doc_index, last_seq + i, scan.sha256, thumb_sha, scan.format, scan.size,
                     scan.filename, now, actor.name),
                )
            conn.execute("UPDATE cases SET updated_at = ? WHERE id = ?", (now, case.id))
            record_case(store, conn, case.id, case.number, "attach", actor, {
                "doc_index": doc_index,
                "pages": [{"sha256": s.sha256, "filename": s.filename, "seq": last_seq + i}
                          for i, s in enumerate(scans, start=1)],
            })
        return Changes(case=case.number, pages=tuple(s.sha256 for s in scans))

    def data(self, sha256: str) -> bytes:
        """The page's original bytes."""
        return self._blob("data", sha256)

    def thumbnail(self, sha256: str) -> bytes:
        """A PNG of at most 256 pixels on its long side."""
        return self._blob("thumbnail", sha256)

    def _blob(self, column: str, sha256: str) -> bytes:
        row = self._store.conn.execute(f"SELECT {column} FROM blobs WHERE sha256 = ?", (sha256,)).fetchone()
        if row is None:
            raise CaseNotFound(f"找不到扫描页 {sha256}", "sha256")
        return bytes(row[0])
