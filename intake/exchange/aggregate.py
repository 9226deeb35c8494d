"""One case aggregate from a bundle, checked on its own: parsed and validated by its models, agreeing
with itself, turned into rows in the store's column order, and hashed as the hall hashed it.

This is the part of an import that needs nothing from the county's store, so for a large bundle
it runs in worker processes (``parallel.Pool``) while the main process does the county's part
(``stage.BundleImport``); a problem in any record stops the import with the record's own message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any, NamedTuple

from intake.exchange import hashing, parallel, payload, staging
from intake.exchange.crypto import Problem
from intake.store.records import APPLICATION_COLUMNS, CASE_COLUMNS, DECISION_COLUMNS, PAGE_COLUMNS
from intake.store.search import name_grams, phone_key

_CASE_GET = attrgetter(*CASE_COLUMNS)
_APP_GET = attrgetter(*(c for c in APPLICATION_COLUMNS if c != "json"))
_DECISION_GET = attrgetter(*(c for c in DECISION_COLUMNS if c != "decision"))
_PAGE_GET = attrgetter(*PAGE_COLUMNS)


@dataclass
class Rows:
    """One case aggregate as rows in the store's column order, with each JSON text's hash."""

    case: tuple[Any, ...]
    apps: list[list[Any]] = field(default_factory=list)
    app_hashes: list[str] = field(default_factory=list)
    decisions: list[list[Any]] = field(default_factory=list)
    decision_hashes: list[str] = field(default_factory=list)
    pages: list[list[Any]] = field(default_factory=list)

    def add(self, kind: str, row: list[Any], text_hash: str = "") -> None:
        getattr(self, kind).append(row)
        if kind == "apps":
            self.app_hashes.append(text_hash)
        elif kind == "decisions":
            self.decision_hashes.append(text_hash)

    def digest(self) -> str:
        """``records.case_digest`` of these rows."""
        return hashing.case_digest(self.case, list(zip(self.apps, self.app_hashes)),
                                   list(zip(self.decisions, self.decision_hashes)), self.pages)


class Checked(NamedTuple):
    """A case aggregate that passed every check needing nothing but itself: its rows as the hall
    stores them (the store's column order, the JSON texts left out: they are the record's own
    lines, ``payload.record_texts``), the rows' hash, their ids-free canonical JSON and the
    applicant's search grams — what the county's rows, hash and index entries are made from without
    a second look at the record. Plain tuples, small: it travels back from a worker process."""

    number: str
    audit: int
    case: tuple[Any, ...]
    apps: list[tuple[Any, ...]]
    decisions: list[tuple[Any, ...]]
    pages: list[tuple[Any, ...]]
    digest: str
    bones: hashing.Skeleton
    grams_text: str | None  # ``staging.grams_text``
    grams: tuple[str, ...]  # only when there is no ``grams_text``

    def plain(self) -> tuple[Any, ...]:
        """For ``marshal`` on the way back from a worker (``parallel.Carrier``)."""
        return (*self[:7], tuple(self.bones), *self[8:])

    @classmethod
    def from_plain(cls, values: tuple[Any, ...]) -> "Checked":
        # One starred tuple (the same bytecode as three starred parts): mypy cannot count the
        # arguments when a positional one sits between starred ones.
        return cls(*(*values[:7], hashing.Skeleton(*values[7]), *values[8:]))

    def rows(self, lines: list[bytes]) -> Rows:
        """The hall's rows with their texts (``payload.record_texts`` of the same record)."""
        napps = len(self.apps)
        texts = [line.decode("utf-8") for line in lines]  # checked to be UTF-8
        return Rows(
            self.case,
            [with_text(row, hashing.APP_TEXT, text) for row, text in zip(self.apps, texts[:napps])],
            [hashing.sha256_text(text) for text in texts[:napps]],
            [with_text(row, hashing.DECISION_TEXT, text) for row, text in zip(self.decisions, texts[napps:])],
            [hashing.sha256_text(text) for text in texts[napps:]],
            [list(page) for page in self.pages],
        )


def with_text(values: Sequence[Any], at: int, text: str | bytes) -> list[Any]:
    """A row in the store's column order from its other values and its JSON text."""
    row = list(values)
    row.insert(at, text)
    return row


def _plain(checked: Checked) -> tuple[Any, ...]:
    return checked.plain()


#: How a checked case travels back from a worker process.
CARRIER = parallel.Carrier(_plain, Checked.from_plain)


def check(item: tuple[int, bytes], township: str) -> Checked:
    """Parses, validates and checks one case record (its position, its bytes) of a bundle from ``township``."""
    record = payload.parse_case(*item)
    h = record.header
    case = h.case
    number = case.number
    if number[:9] != township:  # a store that filed numbers before its hall was set is never set (numbers.py)
        raise Problem(f"案件 {number} 不是乡镇 {township} 的编号")
    app_ids = [a.id for a in h.applications]
    groups: tuple[Sequence[Any], ...] = (h.applications, h.decisions, h.pages)
    for children in groups:
        last = 0  # ids are at least 1
        for r in children:
            if r.case_id != case.id or r.id <= last:
                raise Problem(f"案件 {number} 的子记录不属于该案件或顺序不对")
            last = r.id
    for stored, (_, decision) in zip(h.decisions, record.decisions):
        pack = decision.rule_pack
        if (stored.application_id not in app_ids or stored.outcome != decision.outcome
                or (stored.rule_pack_id, stored.rule_pack_version, stored.rule_pack_sha256) != (pack.id, pack.version, pack.sha256)):
            raise Problem(f"案件 {number} 的评估记录与其内容不一致")
    latest = record.applications[-1][1]
    me = latest.applicant
    if (me.id_number, me.name, phone_key(me.phone), latest.jurisdiction) != (
            case.applicant_id, case.applicant_name, case.phone, case.jurisdiction):
        raise Problem(f"案件 {number} 的申请人或辖区与其最新申请不一致")
    if any(p.doc_index >= len(latest.documents) for p in h.pages):
        raise Problem(f"案件 {number} 的扫描页指向不存在的证件")
    case_row = _CASE_GET(case)
    apps = [_APP_GET(meta) for meta in h.applications]
    decisions = [_DECISION_GET(meta) for meta in h.decisions]
    pages = [_PAGE_GET(page) for page in h.pages]
    bones = hashing.skeleton(
        case_row,
        [with_text(row, hashing.APP_TEXT, digest) for row, (digest, _) in zip(apps, record.applications)],
        [with_text(row, hashing.DECISION_TEXT, digest) for row, (digest, _) in zip(decisions, record.decisions)],
    )
    digest = hashing.skeleton_digest(bones, case.id, app_ids, [(d.id, d.application_id) for d in h.decisions], pages)
    grams = tuple(name_grams(case.applicant_name))
    text = staging.grams_text(grams)
    return Checked(number, h.audit, case_row, apps, decisions, pages, digest, bones, text, () if text else grams)
