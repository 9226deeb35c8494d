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
from typing import Any

from intake.exchange import hashing, payload
from intake.exchange.crypto import Problem
from intake.store.records import APPLICATION_COLUMNS, CASE_COLUMNS, DECISION_COLUMNS, PAGE_COLUMNS
from intake.store.search import phone_key

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


@dataclass(frozen=True)
class Checked:
    """A case aggregate that passed every check needing nothing but itself."""

    number: str
    audit: int
    rows: Rows
    digest: str


def check(item: tuple[int, bytes], township: str) -> Checked:
    """Parses, validates and checks one case record (its position, its bytes) of a bundle from ``township``."""
    record = payload.parse_case(*item)
    h = record.header
    case = h.case
    number = case.number
    if number[:9] != township and number[6:9] != "000":
        raise Problem(f"案件 {number} 不是乡镇 {township} 的编号")
    app_ids = [a.id for a in h.applications]
    groups: tuple[Sequence[Any], ...] = (h.applications, h.decisions, h.pages)
    for children in groups:
        if any(r.case_id != case.id for r in children) or any(a.id >= b.id for a, b in zip(children, children[1:])):
            raise Problem(f"案件 {number} 的子记录不属于该案件或顺序不对")
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
    rows = Rows(_CASE_GET(case))
    for meta, (text, _) in zip(h.applications, record.applications):
        rows.add("apps", _with(_APP_GET(meta), hashing.APP_TEXT, text), hashing.sha256_text(text))
    for decision_meta, (text, _) in zip(h.decisions, record.decisions):
        rows.add("decisions", _with(_DECISION_GET(decision_meta), hashing.DECISION_TEXT, text), hashing.sha256_text(text))
    for page in h.pages:
        rows.add("pages", list(_PAGE_GET(page)))
    return Checked(number, h.audit, rows, rows.digest())


def _with(values: tuple[Any, ...], at: int, text: str) -> list[Any]:
    row = list(values)
    row.insert(at, text)
    return row
