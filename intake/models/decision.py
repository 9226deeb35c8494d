"""The decision the evaluator returns (CONTRACT.md "Decision"). Every reason, skipped address and
missing item carries a stable ``code``, Chinese text and the clause it rests on."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

Outcome = Literal["settle", "incomplete", "not_eligible"]


class Record(BaseModel):
    """Decision parts are produced by the engine and read back from the store; frozen, no extras."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Address(Record):
    """Where the hukou goes; ``text`` is None when the township registry lacks the address."""

    kind: str
    township: str | None
    text: str | None


class Skip(Record):
    """A higher address option that was not available, and why."""

    kind: str
    code: str
    reason: str
    clause: str


class Gap(Record):
    """A gap documents can cure: any one of ``any_of`` fills it (the one-time notice)."""

    any_of: list[str]
    code: str
    reason: str
    clause: str
    paths: list[str]


class Reason(Record):
    """Why something is so: a refusal, a note, a warning."""

    code: str
    reason: str
    clause: str


class FamilyOutcome(Record):
    """Whether one listed family member settles with the applicant (一(一))."""

    id_number: str
    relation: str
    follows: bool
    reason: str
    clause: str


class RulePackRef(Record):
    """Which rules decided: enough to reproduce the decision."""

    id: str
    version: str
    sha256: str
    draft: bool
    layers: list[str]


class Decision(Record):
    """The outcome of one evaluation."""

    outcome: Outcome
    path: str | None
    paths: list[str] | None
    clause: str | None
    address: Address | None
    skipped: list[Skip]
    missing: list[Gap]
    reasons: list[Reason]
    priority_groups: list[str]
    family: list[FamilyOutcome]
    residence_permit: bool | None
    rule_pack: RulePackRef
    warnings: list[Reason]
