"""Cases: filing an application, editing it, reading a case back, listing, revealing an ID number.

Public API (``store.cases``)::

    create(app, actor) -> Changes            # new case in state draft; Changes.case is its number
    edit(number, app, actor) -> Changes      # new application version; the case returns to draft
    get(number) -> CaseView                  # application, documents with pages, decisions, history
    list(state=None, limit=100) -> list[CaseSummary]   # newest first, ID numbers masked
    reveal_id(number, actor) -> str          # the full ID number; audited

The application is stored as entered: canonical JSON of the validated model, one row per version
(editing never overwrites), and every decision names the version it was made on.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from intake import ids
from intake.errors import CaseNotFound, StoreError, WorkflowError
from intake.models.application import Application
from intake.models.decision import Decision
from intake.models.documents import DOCUMENT_LABELS
from intake.store import audit, numbers, search
from intake.store.audit import HistoryEntry
from intake.store.ops import Actor, Changes
from intake.store.records import canonical, stored_case_digest
from intake.store.states import OPEN_STATES, STATE_LABELS

if TYPE_CHECKING:
    from intake.store.db import Store


def application_json(app: Application) -> str:
    """The application as stored: canonical JSON of the validated model."""
    return canonical(app.model_dump(mode="json"))


def load_application(text: str) -> Application:
    """An application read back from the store; StoreError if it no longer validates."""
    try:
        return Application.model_validate(json.loads(text))
    except (ValueError, ValidationError) as e:
        raise StoreError(f"存储的申请无法读取（{type(e).__name__}），请运行 intake verify") from None


def record_case(store: "Store", conn: sqlite3.Connection, case_id: int, number: str, action: str,
                actor: Actor, detail: dict[str, Any] | None = None) -> None:
    """Appends the audit entry for a change to a case, with the case's hash after the change."""
    audit.append(
        conn, at=store.now(), actor=actor.name, action=action, subject=f"case:{number}", case_id=case_id,
        record_sha256=stored_case_digest(conn, case_id), detail=detail,
    )


@dataclass(frozen=True)
class CaseRow:
    """The few columns every workflow step looks at."""

    id: int
    number: str
    state: str
    applicant_name: str


def find_case(conn: sqlite3.Connection, number: str) -> CaseRow:
    """The case with this number, or CaseNotFound."""
    row = conn.execute(
        "SELECT id, number, state, applicant_name FROM cases WHERE number = ?", (ids.normalise(number),)
    ).fetchone()
    if row is None:
        raise CaseNotFound(f"找不到案件 {number}", "case")
    return CaseRow(*row)


def find_case_to_change(conn: sqlite3.Connection, number: str) -> CaseRow:
    """``find_case`` for a step that changes the case: a case imported from a township is the
    township's to change (the county holds it read-only; its next bundle carries the township's steps)."""
    case = find_case(conn, number)
    if conn.execute("SELECT 1 FROM exchange_cases WHERE case_id = ?", (case.id,)).fetchone() is not None:
        raise WorkflowError(f"案件 {case.number} 由乡镇（街道）办理、导入县局，县局只能查看，不能更改", "case")
    return case


def _require_filing_store(store: "Store", conn: sqlite3.Connection) -> None:
    """New cases are filed at a township hall, never in the county's store (it holds the halls'
    cases as imported: a case of its own would count in its statistics and no hall would know it)."""
    if store.settings.county() is not None or conn.execute("SELECT 1 FROM exchange_sources LIMIT 1").fetchone():
        raise WorkflowError("本数据库是县局的汇总数据库：县局不受理申请，请在乡镇（街道）便民服务中心受理", "case")


@dataclass(frozen=True)
class PageView:
    """One stored scanned page (content addressed by ``sha256``)."""

    sha256: str
    doc_index: int
    seq: int
    format: str
    size: int
    filename: str
    added_at: str
    added_by: str

    def to_json(self) -> dict[str, Any]:
        return {"sha256": self.sha256, "seq": self.seq, "format": self.format, "size": self.size,
                "filename": self.filename, "added_at": self.added_at, "added_by": self.added_by}


@dataclass(frozen=True)
class DocumentView:
    """A document of the application with its scanned pages."""

    index: int
    type: str
    pages: list[PageView]

    @property
    def label(self) -> str:
        return DOCUMENT_LABELS.get(self.type, self.type)

    def to_json(self) -> dict[str, Any]:
        return {"index": self.index, "type": self.type, "label": self.label, "pages": [p.to_json() for p in self.pages]}


@dataclass(frozen=True)
class DecisionView:
    """One stored decision and the application version it was made on."""

    id: int
    decision: Decision
    application_id: int
    made_at: str
    made_by: str


@dataclass(frozen=True)
class CaseView:
    """Everything about one case, read in one go."""

    id: int
    number: str
    state: str
    wish: str | None
    reason: str | None
    application: Application
    application_id: int
    documents: list[DocumentView]
    decisions: list[DecisionView]
    history: list[HistoryEntry]
    created_at: str
    created_by: str
    updated_at: str

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def decision(self) -> Decision | None:
        """The latest decision, if it was made on the current application."""
        if self.decisions and self.decisions[-1].application_id == self.application_id:
            return self.decisions[-1].decision
        return None

    def to_json(self) -> dict[str, Any]:
        """The shape `intake case show --json` prints (CONTRACT.md)."""
        latest = self.decision
        return {
            "case": self.number,
            "state": self.state,
            "wish": self.wish,
            "reason": self.reason,
            "created_at": self.created_at,
            "created_by": self.created_by,
            "updated_at": self.updated_at,
            "application": self.application.model_dump(mode="json"),
            "documents": [d.to_json() for d in self.documents],
            "decision": latest.model_dump(mode="json") if latest else None,
            "decisions": [
                {"made_at": d.made_at, "made_by": d.made_by, "outcome": d.decision.outcome,
                 "rule_pack": d.decision.rule_pack.model_dump(mode="json")}
                for d in self.decisions
            ],
            "history": [h.to_json() for h in self.history],
        }


@dataclass(frozen=True)
class CaseSummary:
    """A line of a case list; ``id_number`` masked."""

    number: str
    name: str
    id_number: str
    state: str
    created_at: str


class CaseBook:
    """The cases of one store (``store.cases``)."""

    def __init__(self, store: "Store") -> None:
        self._store = store

    def create(self, app: Application, actor: Actor) -> Changes:
        """Files a validated application as a new draft case under a fresh case number."""
        store = self._store
        now = store.now()
        with store.write() as conn:
            _require_filing_store(store, conn)
            hall = store.settings.hall_township()
            number = numbers.next_number(conn, numbers.township_for(hall, app.jurisdiction), store.clock().year)
            me = app.applicant
            (case_id,) = conn.execute(
                "INSERT INTO cases (number, state, applicant_id, applicant_name, phone, jurisdiction, "
                "created_at, created_by, updated_at) VALUES (?, 'draft', ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (number, me.id_number, me.name, search.phone_key(me.phone), app.jurisdiction, now, actor.name, now),
            ).fetchone()
            conn.execute(
                "INSERT INTO applications (case_id, json, entered_at, entered_by) VALUES (?, ?, ?, ?)",
                (case_id, application_json(app), now, actor.name),
            )
            search.index_case(conn, case_id, me.name)
            record_case(store, conn, case_id, number, "create", actor, {"state": "draft"})
        return Changes(case=number, state="draft", created=True, application=True)

    def edit(self, number: str, app: Application, actor: Actor) -> Changes:
        """Stores a corrected application as a new version; the case goes back to draft, so it must
        be evaluated, consented and approved again. Documents that already have scanned pages may
        not be removed or change type."""
        store = self._store
        now = store.now()
        with store.write() as conn:
            case = find_case_to_change(conn, number)
            if case.state not in OPEN_STATES:
                raise WorkflowError(f"案件 {case.number} {STATE_LABELS[case.state]}，不能再修改申请", "state")
            _check_pages_still_fit(conn, case.id, app)
            text = application_json(app)
            (current,) = conn.execute(
                "SELECT json FROM applications WHERE case_id = ? ORDER BY id DESC LIMIT 1", (case.id,)
            ).fetchone()
            if current == text:
                raise WorkflowError("申请内容没有变化，未保存", "application")
            conn.execute(
                "INSERT INTO applications (case_id, json, entered_at, entered_by) VALUES (?, ?, ?, ?)",
                (case.id, text, now, actor.name),
            )
            me = app.applicant
            search.unindex_case(conn, case.id, case.applicant_name)
            conn.execute(
                "UPDATE cases SET state = 'draft', wish = NULL, applicant_id = ?, applicant_name = ?, phone = ?, "
                "jurisdiction = ?, updated_at = ? WHERE id = ?",
                (me.id_number, me.name, search.phone_key(me.phone), app.jurisdiction, now, case.id),
            )
            search.index_case(conn, case.id, me.name)
            record_case(store, conn, case.id, case.number, "edit", actor, {"from": case.state, "state": "draft"})
        return Changes(case=case.number, state="draft", application=True)

    def get(self, number: str) -> CaseView:
        """The whole case; CaseNotFound if there is none with that number."""
        conn = self._store.conn
        case = find_case(conn, number)
        row = conn.execute(
            "SELECT wish, reason, created_at, created_by, updated_at FROM cases WHERE id = ?", (case.id,)
        ).fetchone()
        app_id, app_text = conn.execute(
            "SELECT id, json FROM applications WHERE case_id = ? ORDER BY id DESC LIMIT 1", (case.id,)
        ).fetchone()
        app = load_application(app_text)
        pages: dict[int, list[PageView]] = {}
        for r in conn.execute(
            "SELECT sha256, doc_index, seq, format, size, filename, added_at, added_by FROM pages "
            "WHERE case_id = ? ORDER BY doc_index, seq", (case.id,)
        ):
            pages.setdefault(r[1], []).append(PageView(*r))
        documents = [DocumentView(i, doc.type, pages.get(i, [])) for i, doc in enumerate(app.documents)]
        decisions = [
            DecisionView(r[0], Decision.model_validate_json(r[1]), r[2], r[3], r[4])
            for r in conn.execute(
                "SELECT id, decision, application_id, made_at, made_by FROM decisions WHERE case_id = ? ORDER BY id",
                (case.id,),
            )
        ]
        return CaseView(
            case.id, case.number, case.state, row[0], row[1], app, app_id, documents, decisions,
            audit.case_history(conn, case.id), row[2], row[3], row[4],
        )

    def list(self, state: str | None = None, limit: int = 100) -> list[CaseSummary]:
        """Newest cases first, optionally in one state; ID numbers masked."""
        sql = "SELECT number, applicant_name, applicant_id, state, created_at FROM cases"
        params: tuple[Any, ...] = ()
        if state is not None:
            sql += " WHERE state = ?"
            params = (state,)
        rows = self._store.conn.execute(sql + " ORDER BY id DESC LIMIT ?", (*params, limit))
        return [CaseSummary(r[0], r[1], ids.mask_id_number(r[2]), r[3], r[4]) for r in rows]

    def reveal_id(self, number: str, actor: Actor) -> str:
        """The applicant's full ID number, for a user who asked to see it; the look is audited."""
        store = self._store
        with store.write() as conn:
            case = find_case(conn, number)
            (id_number,) = conn.execute("SELECT applicant_id FROM cases WHERE id = ?", (case.id,)).fetchone()
            record_case(store, conn, case.id, case.number, "reveal_id", actor)
        return str(id_number)


def _check_pages_still_fit(conn: sqlite3.Connection, case_id: int, app: Application) -> None:
    """Scanned pages belong to a document by index: it must still exist with the same type."""
    (old_text,) = conn.execute(
        "SELECT json FROM applications WHERE case_id = ? ORDER BY id DESC LIMIT 1", (case_id,)
    ).fetchone()
    old_docs = json.loads(old_text)["documents"]
    for (doc_index,) in conn.execute("SELECT DISTINCT doc_index FROM pages WHERE case_id = ?", (case_id,)):
        if doc_index >= len(app.documents) or app.documents[doc_index].type != old_docs[doc_index]["type"]:
            label = DOCUMENT_LABELS.get(old_docs[doc_index]["type"], old_docs[doc_index]["type"])
            raise WorkflowError(
                f"第 {doc_index} 份证件（{label}）已有扫描页，修改后的申请必须在同一位置保留同类证件",
                f"documents[{doc_index}]",
            )
