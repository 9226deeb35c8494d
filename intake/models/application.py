"""The application as the clerk enters it (CONTRACT.md "Application")."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import field_validator

from intake.models.documents import Document
from intake.models.fields import CountyCode, IdNumber, IsoDate, Model, Phone, Text

Relation = Literal["spouse", "child", "parent"]
ApplicationKind = Literal["settle", "student_collective", "return_to_origin"]


class Applicant(Model):
    """The person asking to settle; ``rural_origin`` is for statistics only (二(五))."""

    id_number: IdNumber
    name: Text
    phone: Phone | None = None
    rural_origin: bool = False


class FamilyMember(Model):
    """A family member who may follow the applicant (一(一))."""

    relation: Relation
    id_number: IdNumber
    name: Text


class Application(Model):
    """One application, evaluated under the rules in force on ``application_date``."""

    application_date: IsoDate
    jurisdiction: CountyCode
    kind: ApplicationKind = "settle"
    applicant: Applicant
    family: list[FamilyMember] = []
    documents: list[Document] = []

    @field_validator("family", mode="before")
    @classmethod
    def _no_family_listed(cls, value: Any) -> Any:
        """``"family": null`` is the optional list left out, as CONTRACT.md has it."""
        return [] if value is None else value
