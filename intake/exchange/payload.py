"""What the encrypted files of a bundle hold, record by record, and the models every record passes.

``cases.bin`` — per case, a line with the record's length in bytes, then the record: one JSON
line (``CaseHeader``: the case row, the metadata of every application version, decision and page,
and the id of the hall's latest audit entry about the case), then each application's stored JSON
on its own line, then each decision's. The stored JSON texts travel byte for byte, so the hall's
record hashes can be recomputed at the county; the length lets a reader take a record whole.

``blobs.bin`` — per scanned page, a JSON line (``BlobHeader``) then the page's bytes and its
thumbnail's bytes.

``audit.bin`` — one JSON line per audit entry (``AuditRow``), in chain order.

Readers validate as they go and raise ``Problem`` naming the record; stored JSON texts contain no
raw newline (JSON escapes it), which is what lets them be lines.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from intake.exchange import hashing
from intake.exchange.crypto import Problem
from intake.models.application import Application
from intake.models.decision import Decision
from intake.models.parse import describe_validation_error
from intake.store import audit
from intake.store.records import APPLICATION_COLUMNS, DECISION_COLUMNS
from intake.store.scans import MAX_BYTES
from intake.store.states import STATES

MAX_LINE = 1 << 20
MAX_RECORD = 64 << 20
MAX_THUMBNAIL = 4 << 20

Sha = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
Stamp = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)?$")]
Who = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Id = Annotated[int, Field(ge=1)]
State = Literal["draft", "evaluated", "consented", "approved", "completed", "withdrawn", "rejected"]
Format = Literal["jpeg", "png", "tiff", "pdf"]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class CaseRow(_Record):
    id: Id
    number: Annotated[str, StringConstraints(pattern=r"^\d{9}-\d{4}-\d{6}$")]
    state: State
    wish: Literal["settle", "residence_permit"] | None
    reason: Annotated[str, StringConstraints(max_length=2000)] | None
    applicant_id: Annotated[str, StringConstraints(pattern=r"^\d{17}[\dX]$")]
    applicant_name: Who
    phone: Annotated[str, StringConstraints(pattern=r"^\d{1,24}$")] | None
    jurisdiction: Annotated[str, StringConstraints(pattern=r"^\d{6}$")]
    created_at: Stamp
    created_by: Who
    updated_at: Stamp


class ApplicationMeta(_Record):
    id: Id
    case_id: Id
    entered_at: Stamp
    entered_by: Who


class DecisionMeta(_Record):
    id: Id
    case_id: Id
    application_id: Id
    outcome: Literal["settle", "incomplete", "not_eligible"]
    rule_pack_id: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    rule_pack_version: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    rule_pack_sha256: Sha
    made_at: Stamp
    made_by: Who


class PageRow(_Record):
    id: Id
    case_id: Id
    doc_index: Annotated[int, Field(ge=0, le=1000)]
    seq: Annotated[int, Field(ge=1)]
    sha256: Sha
    thumb_sha256: Sha
    format: Format
    size: Annotated[int, Field(ge=1, le=MAX_BYTES)]
    filename: Annotated[str, StringConstraints(max_length=500)]
    added_at: Stamp
    added_by: Who


class CaseHeader(_Record):
    case: CaseRow
    applications: Annotated[list[ApplicationMeta], Field(min_length=1, max_length=10_000)]
    decisions: Annotated[list[DecisionMeta], Field(max_length=10_000)]
    pages: Annotated[list[PageRow], Field(max_length=100_000)]
    audit: Id


class BlobHeader(_Record):
    sha256: Sha
    format: Format
    size: Annotated[int, Field(ge=1, le=MAX_BYTES)]
    thumb_sha256: Sha
    thumb_size: Annotated[int, Field(ge=1, le=MAX_THUMBNAIL)]


class AuditRow(_Record):
    id: Id
    at: Stamp
    actor: Annotated[str, StringConstraints(max_length=200)]
    action: Annotated[str, StringConstraints(pattern=r"^[a-z_]{1,40}$")]
    subject: Annotated[str, StringConstraints(max_length=300)] | None
    case_id: Id | None
    record_sha256: Sha | None
    detail: Annotated[str, StringConstraints(max_length=MAX_LINE)] | None
    prev_hash: Sha
    hash: Sha


if tuple(State.__args__) != STATES:  # type: ignore[attr-defined]
    raise RuntimeError("payload.State is out of step with intake.store.states.STATES")


# -- writing -----------------------------------------------------------------------------------

_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_APP_META = tuple(c for c in APPLICATION_COLUMNS if c != "json")
_DECISION_META = tuple(c for c in DECISION_COLUMNS if c != "decision")


def case_bytes(case: dict[str, Any], apps: Sequence[dict[str, Any]], decisions: Sequence[dict[str, Any]],
               pages: Sequence[dict[str, Any]], audit_id: int) -> bytes:
    """One case aggregate as it goes into ``cases.bin``."""
    header = {
        "case": case,
        "applications": [{c: a[c] for c in _APP_META} for a in apps],
        "decisions": [{c: d[c] for c in _DECISION_META} for d in decisions],
        "pages": pages,
        "audit": audit_id,
    }
    texts = [a["json"] for a in apps] + [d["decision"] for d in decisions]
    if any("\n" in t for t in texts):
        raise ValueError("stored JSON contains a raw newline")
    record = "\n".join([_COMPACT.encode(header), *texts, ""]).encode("utf-8")
    return b"%d\n" % len(record) + record


def blob_bytes(sha256: str, fmt: str, data: bytes, thumb_sha256: str, thumbnail: bytes) -> list[bytes]:
    """One scanned page as it goes into ``blobs.bin`` (header line, bytes, thumbnail)."""
    header = {"sha256": sha256, "format": fmt, "size": len(data), "thumb_sha256": thumb_sha256,
              "thumb_size": len(thumbnail)}
    return [json.dumps(header).encode("ascii") + b"\n", data, thumbnail]


def audit_bytes(entry: dict[str, Any]) -> bytes:
    return _COMPACT.encode(entry).encode("utf-8") + b"\n"


# -- reading -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseRecord:
    """One validated case aggregate: the header and, in order, each stored text's SHA-256 (of its
    UTF-8 bytes, as the store hashes it) with its model. The texts themselves are the record's lines
    (``record_texts``)."""

    header: CaseHeader
    applications: list[tuple[str, Application]]
    decisions: list[tuple[str, Decision]]


@dataclass(frozen=True)
class Blob:
    header: BlobHeader
    data: bytes
    thumbnail: bytes


def _lines(stream: io.BufferedReader, what: str) -> Iterator[bytes]:
    """Lines without their newline until the end of the file."""
    while line := stream.readline(MAX_LINE + 1):
        if not line.endswith(b"\n"):
            raise Problem(f"{what}中有一行过长或不完整")
        yield line[:-1]


def _first_error(e: ValidationError) -> str:
    field, message = describe_validation_error(e.errors()[0])
    return f"{field}：{message}" if field else message


def case_blocks(stream: io.BufferedReader) -> Iterator[tuple[int, bytes]]:
    """(position, record bytes) of every case record of ``cases.bin``, unparsed."""
    n = 0
    while length := stream.readline(24):
        n += 1
        if not length.endswith(b"\n") or not length[:-1].isdigit() or int(length) > MAX_RECORD:
            raise Problem(f"第 {n} 件案件的记录长度无法识别")
        block = stream.read(int(length))
        if len(block) != int(length) or not block.endswith(b"\n"):
            raise Problem(f"第 {n} 件案件的记录不完整")
        yield n, block


def parse_case(n: int, block: bytes) -> CaseRecord:
    """The ``n``-th case record, each part validated by its model."""
    return _case(n, block[:-1].split(b"\n"))


def _case(n: int, lines: list[bytes]) -> CaseRecord:
    try:
        header = CaseHeader.model_validate_json(lines[0])
    except ValidationError as e:
        raise Problem(f"第 {n} 件案件的记录无法通过校验（{_first_error(e)}）") from None
    number = header.case.number
    napps = len(header.applications)
    if len(lines) != 1 + napps + len(header.decisions):
        raise Problem(f"案件 {number} 的记录行数与其内容不符")
    apps: list[tuple[str, Application]] = []
    for i, line in enumerate(lines[1 : 1 + napps]):
        try:
            app = Application.model_validate_json(line)
        except ValidationError as e:
            raise Problem(f"案件 {number} 的第 {i + 1} 版申请无法通过校验（{_first_error(e)}）") from None
        _utf8(line, number)
        apps.append((_sha256(line).hexdigest(), app))
    decisions: list[tuple[str, Decision]] = []
    for i, line in enumerate(lines[1 + napps :]):
        try:
            decision = Decision.model_validate_json(line)
        except ValidationError as e:
            raise Problem(f"案件 {number} 的第 {i + 1} 次评估结果无法通过校验（{_first_error(e)}）") from None
        _utf8(line, number)
        decisions.append((_sha256(line).hexdigest(), decision))
    return CaseRecord(header, apps, decisions)


_sha256 = hashlib.sha256


def _utf8(line: bytes, number: str) -> None:
    """A stored text must be UTF-8 (its model read it so; the county stores these very bytes as text)."""
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        raise Problem(f"案件 {number} 的记录不是有效的 UTF-8 文本") from None


def record_texts(block: bytes) -> list[bytes]:
    """The stored JSON texts of a case record that ``parse_case`` passed, in order (applications,
    then decisions), as their UTF-8 bytes: what the hall stored and hashed."""
    return block[:-1].split(b"\n")[1:]


def read_blobs(stream: io.BufferedReader) -> Iterator[Blob]:
    """Every scanned page of ``blobs.bin``, its bytes checked against their hashes."""
    while line := stream.readline(MAX_LINE + 1):
        try:
            header = BlobHeader.model_validate_json(line)
        except ValidationError as e:
            raise Problem(f"扫描页记录无法通过校验（{_first_error(e)}）") from None
        data = stream.read(header.size)
        thumbnail = stream.read(header.thumb_size)
        if len(data) != header.size or len(thumbnail) != header.thumb_size:
            raise Problem("扫描页数据不完整")
        if hashlib.sha256(data).hexdigest() != header.sha256 or hashlib.sha256(thumbnail).hexdigest() != header.thumb_sha256:
            raise Problem(f"扫描页 {header.sha256[:12]}… 的内容与其 SHA-256 不符")
        yield Blob(header, data, thumbnail)


_ENTRY_GET = attrgetter(*audit.ENTRY_FIELDS)
AUDIT_COLUMNS = (*audit.ENTRY_FIELDS, "hash")
_AUDIT_GET = attrgetter(*AUDIT_COLUMNS)


def audit_lines(stream: io.BufferedReader) -> Iterator[bytes]:
    """The lines of ``audit.bin``, unparsed."""
    return _lines(stream, "审计记录")


def audit_entry(line: bytes) -> tuple[Any, ...]:
    """One audit entry validated by its model and its own hash recomputed, as a tuple in
    ``AUDIT_COLUMNS`` order."""
    try:
        row = AuditRow.model_validate_json(line)
    except ValidationError as e:
        raise Problem(f"审计记录无法通过校验（{_first_error(e)}）") from None
    if hashing.entry_hash(_ENTRY_GET(row)) != row.hash:
        raise Problem(f"审计记录第 {row.id} 条的哈希不符（内容被改动）")
    return tuple(_AUDIT_GET(row))
