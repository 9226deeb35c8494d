"""The shape of a rule-pack file and of the rule set resolved for one jurisdiction and day."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Strict(BaseModel):
    """Unknown keys are refused so a typo in a pack never passes silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Cite(Strict):
    """Where a rule comes from: ``quote`` is the clause's own words, verbatim from ``source``."""

    source: str
    clause: str
    quote: str


class PackInfo(Strict):
    """The ``[pack]`` table. ``jurisdiction`` is a division-code prefix: 2, 4 or 6 digits;
    ``excludes`` names places inside it that issue their own rules straight over the province
    baseline (平潭综合实验区, 350128, lies in 福州市's 3501 but is not governed by its pack, 二(五))."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    name: str
    version: str
    jurisdiction: str = Field(pattern=r"^(\d{2}|\d{4}|\d{6})$")
    effective_from: dt.date
    effective_to: dt.date | None = None
    draft: bool = False
    draft_note: str = ""
    excludes: tuple[str, ...] = ()


class Source(Strict):
    """A legal text rules are quoted from; ``file`` lies in ``rules/sources/``."""

    title: str
    file: str
    published: dt.date | None = None


class DatedValue(Strict):
    """One value of a parameter for a window of days (``to`` inclusive, None open)."""

    value: Any
    from_: dt.date = Field(alias="from")
    to: dt.date | None = None


class Parameter(Strict):
    """An interpretation or threshold: one ``value`` or dated ``values``, always with its cite."""

    label: str = ""
    value: Any = None
    values: list[DatedValue] = []
    cite: Cite


class Condition(Strict):
    """A requirement on a fact, gated by a bool parameter (``when``) or with a threshold
    parameter (``at_least``)."""

    fact: str
    at_least: str | None = None
    when: str | None = None


class PathRule(Strict):
    """One path to settlement. In an override pack every field is optional but ``cite``."""

    label: str | None = None
    kind: str | None = None
    enabled: bool | None = None
    opened_by: list[str] | None = None
    requires: list[str | Condition] | None = None
    address: list[str] | None = None
    cite: Cite


class AddressStep(Strict):
    """One registration-address option; the order lives in each path's ``address`` list."""

    label: str
    cite: Cite


class PriorityGroup(Strict):
    """A priority group (二(五)): flagged and counted, never a gate."""

    label: str
    cite: Cite


class PackFile(Strict):
    """A whole ``rules/*.toml`` file."""

    pack: PackInfo
    sources: dict[str, Source] = {}
    parameters: dict[str, dict[str, Parameter]] = {}
    paths: dict[str, PathRule] = {}
    address: dict[str, AddressStep] = {}
    priority_groups: dict[str, PriorityGroup] = {}


class ResolvedPath(Strict):
    """A path after layering: every field filled."""

    id: str
    label: str
    kind: str
    enabled: bool
    opened_by: tuple[str, ...]
    requires: tuple[Condition, ...]
    address: tuple[str, ...]
    cite: Cite


class RuleSet(Strict):
    """The rules in force for one jurisdiction on one day; ``sha256`` covers all the content."""

    id: str
    version: str
    draft: bool
    draft_notes: tuple[str, ...]
    layers: tuple[str, ...]
    parameters: dict[str, Any]
    parameter_cites: dict[str, Cite]
    paths: tuple[ResolvedPath, ...]
    address: dict[str, AddressStep]
    priority_groups: dict[str, PriorityGroup]
    sha256: str

    def param(self, name: str) -> Any:
        """A parameter's value; every known parameter is defined by the province baseline."""
        return self.parameters[name]
