"""One bundle's import at the county: check everything, then merge.

``check`` decrypts the three files once, in the order audit → pages → cases, and refuses
(``Problem``) at the first thing wrong: the township's audit chain must continue exactly where its
last bundle ended and every entry's hash recompute; every page's bytes must match their hash; every
case aggregate must pass its models and agree with itself (``aggregate.check``; these per-record
checks, and the audit entries', run in worker processes for a large bundle), hash to the
``record_sha256`` of the township's latest audit entry about it, and — when the county already
holds the case — come from the same installation with a stored history that is the start of the
one arriving. What passes goes to the store's tables straight away, a batch at a time: the
township's audit entries, the scanned pages (the largest part of a bundle: read once, never held),
and for each case the rows the county will hold under its own ids (``staging.WRITES``: appended in
id order, as a set-based copy would write them) with the county's ``import`` audit entry about it.
What the check looks up, and the search grams (cheaper written sorted), wait in a scratch database
(``staging``: a private temporary file, so memory stays flat however large the bundle).

``merge`` then adds the search grams in one sorted statement, flags applicants found in two
townships and records the bundle in the ledger. The caller runs both inside one write transaction:
a refusal, crash or cancel at any point leaves the store as it was, and no other connection sees a
row before the commit.
"""

from __future__ import annotations

import contextlib
import io
import os
import sqlite3
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from intake.exchange import aggregate, bundle, hashing, ledger, parallel, payload, staging
from intake.exchange.crypto import Problem
from intake.exchange.readahead import ReadAhead
from intake.store import audit
from intake.store.ops import Actor
from intake.store.records import APPLICATION_COLUMNS, CASE_COLUMNS, DECISION_COLUMNS, PAGE_COLUMNS, select_list
from intake.store.search import name_grams

#: Test hook: a file path; the merge creates it half-way (rows written, not committed) and waits,
#: so a test can kill the process at that point.
PAUSE_ENV = "INTAKE_TEST_IMPORT_PAUSE"
_BATCH = 500
_AUDIT_COLUMNS = payload.AUDIT_COLUMNS
#: Page columns compared with what the county already holds (the thumbnail is derived data and
#: may differ between installations).
_PAGE_SAME = tuple(PAGE_COLUMNS.index(c) for c in ("doc_index", "seq", "sha256", "format", "size", "filename", "added_at", "added_by"))
_PAGE_SHA = PAGE_COLUMNS.index("sha256")
_PAGE_THUMB = PAGE_COLUMNS.index("thumb_sha256")
_DECISION_APP = DECISION_COLUMNS.index("application_id")
_CASE_NAME = CASE_COLUMNS.index("applicant_name")
_CASE_STATE = CASE_COLUMNS.index("state")
_ENTRY_ID, _ENTRY_SUBJECT, _ENTRY_CASE, _ENTRY_RECORD, _ENTRY_PREV, _ENTRY_HASH = (
    _AUDIT_COLUMNS.index(c) for c in ("id", "subject", "case_id", "record_sha256", "prev_hash", "hash"))
#: The township's audit entries, written to the county's copy of its trail as they pass the check.
_WRITE_AUDIT = (f"INSERT INTO main.exchange_audit (installation, {', '.join(_AUDIT_COLUMNS)}) "
                f"VALUES ({', '.join('?' * (1 + len(_AUDIT_COLUMNS)))})")
#: The thumbnail hash the county keeps for a page's bytes: its own when it already had them (the
#: stored blob stays), else the bundle's.
_THUMB = "SELECT thumb_sha256 FROM main.blobs WHERE sha256 = ?"
_WRITE_BLOB = ("INSERT INTO main.blobs (sha256, format, size, data, thumbnail, thumb_sha256) VALUES (?, ?, ?, ?, ?, ?) "
               "ON CONFLICT (sha256) DO NOTHING")

Tick = Callable[[str], None]

#: Where the JSON text goes in an application's and a decision's row (``_County.stage`` writes
#: those rows out by hand).
_TEXTS_AT = (2, 4)
if (hashing.APP_TEXT, hashing.DECISION_TEXT) != _TEXTS_AT or _DECISION_APP != 2:
    raise RuntimeError("stage._County.stage is out of step with the store's columns")


class BundleImport:
    """Checks and merges one bundle; ``source`` is the county's record of its installation."""

    def __init__(self, conn: sqlite3.Connection, opened: bundle.OpenBundle, key: bytes, source: ledger.Source | None,
                 now: str, actor: Actor, tick: Tick) -> None:
        self.conn, self.opened, self.key, self.source = conn, opened, key, source
        self.manifest = opened.manifest
        self.installation = self.manifest.installation.fingerprint
        self.now, self.actor, self.tick = now, actor, tick
        self.cases = self.new_cases = 0
        self._read_before = 0
        self._reader: ReadAhead | None = None
        self._county: _County | None = None

    def _stream(self, name: str) -> io.BufferedReader:
        """One file, decrypted (a few chunks ahead) as it is read; the previous one is let go
        (memory stays flat)."""
        self._done_with_reader()
        self._reader = ReadAhead(self.opened.reader(name, self.key))
        return io.BufferedReader(self._reader, buffer_size=1 << 20)

    def _done_with_reader(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._read_before += self._reader.consumed
            self._reader = None

    def _merged(self, name: str) -> None:
        """Counts a file as merged without reading it again (the check wrote its rows)."""
        self._done_with_reader()
        self._read_before += self.manifest.entry(name).size

    @property
    def consumed(self) -> int:
        """Ciphertext bytes read so far, both passes (for progress; a file the check wrote counts as
        read again when merged)."""
        return self._read_before + (self._reader.consumed if self._reader is not None else 0)

    # -- pass 1: check --------------------------------------------------------------------------

    def check(self) -> None:
        staging.clear(self.conn)
        m = self.manifest
        try:
            with parallel.Pool(parallel.workers_for(m.cases + m.audit.last - m.audit.first + 1), (aggregate.__name__,)) as pool:
                self._check_audit(pool)
                self._check_blobs()
                self._check_cases(pool)
        finally:
            self._done_with_reader()

    def _check_audit(self, pool: parallel.Pool) -> None:
        """The township's entries continue its chain exactly where the county's copy ends."""
        span = self.manifest.audit
        expected_first = (self.source.audit_to if self.source else 0) + 1
        expected_prev = self.source.audit_head if self.source else audit.GENESIS
        if span.first != expected_first or span.prev != expected_prev:
            raise Problem(f"审计记录不衔接：县局已有该乡镇审计记录至第 {expected_first - 1} 条，数据包从第 {span.first} 条开始")
        next_id, prev = span.first, span.prev
        latest: list[tuple[Any, ...]] = []
        entries: list[tuple[Any, ...]] = []
        for row in pool.map(payload.audit_entry, payload.audit_lines(self._stream("audit.bin"))):
            if row[_ENTRY_ID] != next_id or row[_ENTRY_PREV] != prev:
                raise Problem(f"审计记录第 {row[_ENTRY_ID]} 条与前一条不衔接（记录缺失或被改动）")
            next_id, prev = row[_ENTRY_ID] + 1, row[_ENTRY_HASH]
            entries.append(row)
            if row[_ENTRY_CASE] is not None:
                latest.append((row[_ENTRY_CASE], row[_ENTRY_ID], row[_ENTRY_RECORD], row[_ENTRY_SUBJECT]))
            if len(entries) >= _BATCH * 10:
                self._latest(latest, entries)
        self._latest(latest, entries)
        if next_id - 1 != span.last or prev != span.head:
            raise Problem("审计记录与清单所述的范围不符")
        self._find_held()

    def _find_held(self) -> None:
        """Marks, in one pass over the index, the cases the county already holds; refuses a case
        number another installation sent."""
        self.conn.execute(
            "UPDATE x_latest SET county_id = c.id, county_name = c.applicant_name, origin = e.installation "
            "FROM cases c LEFT JOIN exchange_cases e ON e.case_id = c.id WHERE c.number = substr(x_latest.subject, 6)"
        )
        other = self.conn.execute(
            "SELECT substr(subject, 6) FROM x_latest WHERE county_id IS NOT NULL AND origin IS NOT ? LIMIT 1",
            (self.installation,),
        ).fetchone()
        if other is not None:
            raise Problem(f"案件编号 {other[0]} 在县局已有，且不是由这台乡镇电脑导入的")

    def _latest(self, rows: list[tuple[Any, ...]], entries: list[tuple[Any, ...]]) -> None:
        """Keeps, per case, the newest entry about it (entries arrive in order); writes the entries."""
        try:
            self.conn.executemany(
                "INSERT INTO x_latest (case_id, entry_id, record_sha256, subject) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (case_id) DO UPDATE SET entry_id = excluded.entry_id, "
                "record_sha256 = excluded.record_sha256, subject = excluded.subject", rows,
            )
        except sqlite3.IntegrityError:
            raise Problem("审计记录中两个不同的案件使用了同一个案件编号") from None
        installation = self.installation
        self.conn.executemany(_WRITE_AUDIT, [(installation, *entry) for entry in entries])
        rows.clear()
        entries.clear()
        self.tick("正在校验审计记录")

    def _check_blobs(self) -> None:
        """Each page's bytes match their hash (``payload.read_blobs``) and come once; they are
        written unless the county already has them."""
        count = 0
        for blob in payload.read_blobs(self._stream("blobs.bin")):
            h = blob.header
            try:
                self.conn.execute("INSERT INTO x_blobs (sha256) VALUES (?)", (h.sha256,))
            except sqlite3.IntegrityError:
                raise Problem(f"扫描页 {h.sha256[:12]}… 在数据包中出现了两次") from None
            self.conn.execute(_WRITE_BLOB, (h.sha256, h.format, h.size, blob.data, blob.thumbnail, h.thumb_sha256))
            count += 1
            self.tick("正在校验扫描页")
        if count != self.manifest.blobs:
            raise Problem(f"扫描页数量与清单不符（清单 {self.manifest.blobs} 份，实有 {count} 份）")

    def _check_cases(self, pool: parallel.Pool) -> None:
        """Walks the case records and the latest audit entry per case side by side (both in the
        hall's case id order): every record needs its entry and every entry its record."""
        county = self._county = _County(self.conn, self)
        with contextlib.closing(self._held()) as cursor:
            self._walk_cases(pool, _in_chunks(cursor), county)
        county.batch.flush()

    def _walk_cases(self, pool: parallel.Pool, latest: Iterator[tuple[Any, ...]], county: "_County") -> None:
        sent: deque[bytes] = deque()  # the records being checked, whose texts the county's rows take

        def blocks() -> Iterator[tuple[int, bytes]]:
            for item in payload.case_blocks(self._stream("cases.bin")):
                sent.append(item[1])
                yield item

        for checked in pool.map(aggregate.check, blocks(), self.manifest.township, carrier=aggregate.CARRIER):
            texts = payload.record_texts(sent.popleft())
            entry = next(latest, None)
            source_id = checked.case[0]
            if entry is None or entry[0] > source_id:
                raise Problem(f"案件 {checked.number} 在数据包的审计记录中没有对应的记录（或记录重复、顺序不对）")
            if entry[0] < source_id:
                raise Problem(f"审计记录提到的案件 {entry[3][5:]} 在数据包中缺失")
            self._check_case(checked, texts, entry, county)
            self.cases += 1
            if self.cases % _BATCH == 0:
                county.batch.flush()
                self.tick("正在校验案件")
        missing = next(latest, None)
        if missing is not None:
            raise Problem(f"审计记录提到的案件 {missing[3][5:]} 在数据包中缺失")
        if self.cases != self.manifest.cases:
            raise Problem(f"案件数量与清单不符（清单 {self.manifest.cases} 件，数据包 {self.cases} 件）")

    def _held(self) -> sqlite3.Cursor:
        """(hall case id, latest entry id, its record hash, subject, county id, county's name) per
        case; close it when done (an open statement would keep the store file busy)."""
        return self.conn.execute(
            "SELECT case_id, entry_id, record_sha256, subject, county_id, county_name FROM x_latest ORDER BY case_id"
        )

    def _check_case(self, checked: aggregate.Checked, texts: list[bytes], entry: tuple[Any, ...],
                    county: "_County") -> None:
        """Hashes to the township's latest audit entry about it; extends what the county holds;
        then written as the county will hold it."""
        number = checked.number
        if entry[1] != checked.audit or entry[3] != f"case:{number}":
            raise Problem(f"案件 {number} 在数据包的审计记录中没有对应的记录")
        if checked.digest != entry[2]:
            raise Problem(f"案件 {number} 的内容与乡镇审计记录的哈希不符（记录被改动）")
        thumbs = []
        for page in checked.pages:
            found = self.conn.execute(_THUMB, (page[_PAGE_SHA],)).fetchone()[0]
            if found is None:
                raise Problem(f"案件 {number} 的扫描页 {page[_PAGE_SHA][:12]}… 既不在数据包中，也不在县局数据库中")
            thumbs.append(found)
        held = _extends(self.conn, entry[4], checked.rows(texts), number) if entry[4] is not None else None
        county.stage(checked, texts, held, entry[5], thumbs)
        self.new_cases += held is None

    # -- pass 2: merge --------------------------------------------------------------------------

    def merge(self, file: str) -> None:
        """Writes the checked bundle into the store (inside the caller's transaction)."""
        conn = self.conn
        self._merged("blobs.bin")
        m = self.manifest
        if self._county is None:
            raise RuntimeError("merge before check")
        staging.merge_grams(conn, lambda: self.tick("正在合并案件"))
        self._merged("cases.bin")
        _pause_for_tests()
        self._merged("audit.bin")
        self.tick("正在登记本次导入")
        conn.execute(
            "INSERT OR IGNORE INTO exchange_reviews (applicant_id, case_a, case_b, flagged_at) "
            "SELECT a.applicant_id, min(a.number, b.number), max(a.number, b.number), ? "
            "FROM x_cases x JOIN cases a ON a.id = x.id JOIN exchange_cases ea ON ea.case_id = a.id "
            "JOIN cases b ON b.applicant_id = a.applicant_id AND b.id != a.id "
            "JOIN exchange_cases eb ON eb.case_id = b.id AND eb.township != ea.township ORDER BY a.id, b.id",
            (self.now,),
        )
        ledger.save_source(conn, ledger.Source(
            self.installation, m.installation.ed25519, m.township, m.seq, self.opened.sha256, m.audit.last, m.audit.head,
        ), self.now)
        ledger.record_import(conn, {
            "installation": self.installation, "seq": m.seq, "bundle_sha256": self.opened.sha256, "township": m.township,
            "file": file, "cases": self.cases, "imported_at": self.now, "imported_by": self.actor.name,
        })


class _County:
    """What the county will hold for each checked case — its ids (handed out in order: the store is
    locked meanwhile), rows, record hash and ``import`` audit entry, written with each batch, and
    its search grams, staged for the merge."""

    def __init__(self, conn: sqlite3.Connection, job: BundleImport) -> None:
        self._ids = _Ids(conn)
        m = job.manifest
        self.entries = hashing.ImportEntries(audit.last_entry(conn), at=job.now, actor=job.actor.name,
                                             township=m.township, seq=m.seq)
        self._installation, self._township = job.installation, m.township
        self.batch = staging.Batch(conn)
        rows = self.batch.rows
        self._cases, self._held, self._sources = rows["cases"], rows["held_cases"], rows["exchange_cases"]
        self._apps, self._decisions, self._pages = rows["applications"], rows["decisions"], rows["pages"]
        self._case_grams, self._grams, self._gone = rows["x_cases"], rows["x_grams"], rows["x_grams_gone"]
        self._audit = rows["audit"]

    def stage(self, checked: aggregate.Checked, texts: list[bytes], held: aggregate.Rows | None, held_name: str | None,
              thumbs: list[str]) -> None:
        """``texts`` are the record's JSON texts (UTF-8, stored as text by ``staging``); ``held`` is what the county has of the case (its
        rows, checked to be the start of the arriving ones), with the applicant's name it is indexed under."""
        ids = self._ids
        if held is None:
            case_id = ids.next("cases")
            app_ids: list[int] = []
            decision_ids: list[tuple[int, int]] = []
            pages: list[Sequence[Any]] = []
        else:
            case_id = held.case[0]
            app_ids = [row[0] for row in held.apps]
            decision_ids = [(row[0], row[_DECISION_APP]) for row in held.decisions]
            pages = list(held.pages)
        apps, napps, have = checked.apps, len(checked.apps), len(app_ids)
        app_ids.extend(ids.take("applications", napps - have))
        app_map = dict(zip([row[0] for row in apps], app_ids))
        for i in range(have, napps):
            self._apps.append((app_ids[i], case_id, texts[i], *apps[i][2:]))  # the text third: _TEXTS_AT
        decisions, have = checked.decisions, len(decision_ids)
        for i, mine in enumerate(ids.take("decisions", len(decisions) - have), start=have):
            row = decisions[i]
            app = app_map[row[_DECISION_APP]]
            decision_ids.append((mine, app))
            self._decisions.append((mine, case_id, app, row[3], texts[napps + i], *row[4:]))  # the text fifth
        for row, thumb in list(zip(checked.pages, thumbs))[len(pages):]:
            page = [ids.next("pages"), case_id, *row[2:]]
            page[_PAGE_THUMB] = thumb
            pages.append(page)
            self._pages.append(page)
        case = checked.case
        grams: str | None = None
        if held is None or held_name != case[_CASE_NAME]:  # a new case, or a new name to index
            grams = checked.grams_text
            self._grams.extend((g, case_id) for g in checked.grams)  # grams that JSON cannot carry
            if held is not None:
                self._gone.extend((g, case_id) for g in name_grams(str(held_name)))
        digest = hashing.skeleton_digest(checked.bones, case_id, app_ids, decision_ids, pages)
        entry = self.entries.next(checked.number, case_id, digest, case[_CASE_STATE])
        if held is None:
            self._cases.append((case_id, *case[1:]))
            self._sources.append((case_id, self._installation, self._township, case[0]))
        else:
            self._held.append((*case[2:], case_id))
        self._case_grams.append((case_id, grams))
        self._audit.append(entry)


def _in_chunks(cursor: sqlite3.Cursor, size: int = _BATCH) -> Iterator[tuple[Any, ...]]:
    """A cursor's rows, fetched ``size`` at a time: a statement stepped once per row between other
    statements writing to the same database costs about ten times as much per row."""
    while rows := cursor.fetchmany(size):
        yield from rows


def _stored(conn: sqlite3.Connection, case_id: int) -> aggregate.Rows:
    """What the county holds for one case."""
    rows = aggregate.Rows(conn.execute(f"SELECT {select_list(CASE_COLUMNS)} FROM cases WHERE id = ?", (case_id,)).fetchone())
    for kind, table, columns, text in (("apps", "applications", APPLICATION_COLUMNS, hashing.APP_TEXT),
                                       ("decisions", "decisions", DECISION_COLUMNS, hashing.DECISION_TEXT),
                                       ("pages", "pages", PAGE_COLUMNS, None)):
        for row in conn.execute(f"SELECT {select_list(columns)} FROM {table} WHERE case_id = ? ORDER BY id", (case_id,)):
            rows.add(kind, list(row), hashing.sha256_text(row[text]) if text is not None else "")
    return rows


def _extends(conn: sqlite3.Connection, case_id: int, arriving: aggregate.Rows, number: str) -> aggregate.Rows:
    """The county's rows of a case (returned) must be the first of the arriving ones (the hall only
    appends), ids and the county's own thumbnail aside; the arriving decisions' versions must line up too."""
    held = _stored(conn, case_id)
    counts = [(len(held.apps), len(arriving.apps)), (len(held.decisions), len(arriving.decisions)),
              (len(held.pages), len(arriving.pages))]
    if any(have > coming for have, coming in counts):
        raise _rewritten(number)
    position = {row[0]: i for i, row in enumerate(arriving.apps)}
    held_position = {row[0]: i for i, row in enumerate(held.apps)}
    for old, new in zip(held.apps, arriving.apps):
        if old[2:] != new[2:]:
            raise _rewritten(number)
    for old, new in zip(held.decisions, arriving.decisions):
        same_version = held_position.get(old[_DECISION_APP]) == position.get(new[_DECISION_APP])
        if not same_version or [v for i, v in enumerate(old) if i not in (0, 1, _DECISION_APP)] != [
                v for i, v in enumerate(new) if i not in (0, 1, _DECISION_APP)]:
            raise _rewritten(number)
    for old, new in zip(held.pages, arriving.pages):
        if [old[k] for k in _PAGE_SAME] != [new[k] for k in _PAGE_SAME]:
            raise _rewritten(number)
    return held


def _rewritten(number: str) -> Problem:
    return Problem(f"案件 {number} 的历史与县局已导入的记录不一致（乡镇的记录被改写过？）")


class _Ids:
    """The next free id of each table, handed out in order (the store is locked meanwhile)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._last = {
            t: int(conn.execute(f"SELECT coalesce(max(id), 0) FROM {t}").fetchone()[0])
            for t in ("cases", "applications", "decisions", "pages")
        }

    def next(self, table: str) -> int:
        self._last[table] += 1
        return self._last[table]

    def take(self, table: str, count: int) -> range:
        """The next ``count`` ids."""
        first = self._last[table] + 1
        self._last[table] += count
        return range(first, first + count)


def _pause_for_tests() -> None:
    """See ``PAUSE_ENV``."""
    marker = os.environ.get(PAUSE_ENV)
    if marker:
        Path(marker).touch()
        time.sleep(60)

