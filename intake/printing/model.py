"""What a printed document needs to know about a case, independent of where the case is kept: the
store, the desktop app and the tests each build a ``PrintableCase`` and hand it to the renderers."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field, model_validator

from intake.models.application import Application
from intake.models.decision import Decision

#: Case numbers go into the QR payload (fields separated by ``|``) and into PDF metadata.
CASE_NUMBER_PATTERN = r"^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$"


class PrintRecord(BaseModel):
    """Base of the printing inputs: frozen, unknown fields refused."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Hall(PrintRecord):
    """The service hall that received the application (受理单位)."""

    name: str = Field(min_length=1)
    township: str | None = None


class Signoff(PrintRecord):
    """Who recorded a workflow step, and when: the applicant's wish, the supervisor's approval."""

    by: str
    at: dt.datetime


class PrintableCase(PrintRecord):
    """One case as printed. ``pages[i]`` is the number of scanned pages of document ``i``;
    ``township_names`` maps 9-digit codes to names for addresses and workplaces."""

    number: str = Field(pattern=CASE_NUMBER_PATTERN)
    hall: Hall
    received_at: dt.datetime
    clerk: str
    application: Application
    decision: Decision
    pages: list[int]
    state_label: str | None = None
    consent: Signoff | None = None
    approval: Signoff | None = None
    township_names: dict[str, str] = {}

    @model_validator(mode="after")
    def _pages_match_documents(self) -> "PrintableCase":
        if len(self.pages) != len(self.application.documents):
            raise ValueError("pages must give one count per document of the application")
        return self
