"""Layering packs into the rule set in force for one county on one day: province baseline, then
city, then county, most local last. Resolution is pure and cached per (county, packs in force)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from intake.errors import NoRulesInForce, RuleError
from intake.rules.loader import LoadedPack, load_packs
from intake.rules.schema import Cite, Condition, Parameter, ResolvedPath, RuleSet
from intake.rules.vocabulary import PARAMETERS, PATH_ORDER


def _in_force(pack: LoadedPack, county: str, day: dt.date) -> bool:
    info = pack.data.pack
    return (
        county.startswith(info.jurisdiction)
        and not any(county.startswith(place) for place in info.excludes)
        and info.effective_from <= day
        and (info.effective_to is None or day <= info.effective_to)
    )


def _value_on(param: Parameter, day: dt.date) -> Any:
    if not param.values:
        return param.value
    for dated in param.values:
        if dated.from_ <= day and (dated.to is None or day <= dated.to):
            return dated.value
    return None


def _merge_path(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    return {**base, **{k: v for k, v in override.items() if v is not None}}


def _layer(layers: tuple[LoadedPack, ...], day: dt.date) -> RuleSet:
    parameters: dict[str, Any] = {}
    cites: dict[str, Cite] = {}
    paths: dict[str, dict[str, Any]] = {}
    address: dict[str, Any] = {}
    groups: dict[str, Any] = {}
    for pack in layers:
        data = pack.data
        for group, params in data.parameters.items():
            for name, param in params.items():
                value = _value_on(param, day)
                if value is not None:
                    parameters[f"{group}.{name}"] = value
                    cites[f"{group}.{name}"] = param.cite
        for path_id, rule in data.paths.items():
            paths[path_id] = _merge_path(paths.get(path_id, {}), dict(rule))
        address.update(data.address)
        groups.update(data.priority_groups)
    resolved_paths = tuple(
        ResolvedPath(
            id=path_id,
            label=paths[path_id]["label"],
            kind=paths[path_id]["kind"],
            enabled=paths[path_id]["enabled"],
            opened_by=tuple(paths[path_id]["opened_by"]),
            requires=tuple(
                Condition(fact=c) if isinstance(c, str) else c for c in paths[path_id]["requires"]
            ),
            address=tuple(paths[path_id]["address"]),
            cite=paths[path_id]["cite"],
        )
        for path_id in PATH_ORDER
        if path_id in paths
    )
    top = layers[-1].data.pack
    content = {
        "layers": [[p.data.pack.id, p.data.pack.version, p.data.pack.draft] for p in layers],
        "parameters": parameters,
        "parameter_cites": {k: c.model_dump() for k, c in cites.items()},
        "paths": [p.model_dump() for p in resolved_paths],
        "address": {k: v.model_dump() for k, v in address.items()},
        "priority_groups": {k: v.model_dump() for k, v in groups.items()},
    }
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return RuleSet(
        id=top.id,
        version=top.version,
        draft=any(p.data.pack.draft for p in layers),
        draft_notes=tuple(p.data.pack.draft_note for p in layers if p.data.pack.draft),
        layers=tuple(p.data.pack.id for p in layers),
        parameters=parameters,
        parameter_cites=cites,
        paths=resolved_paths,
        address=address,
        priority_groups=groups,
        sha256=hashlib.sha256(canonical.encode("utf-8")).hexdigest(),
    )


class RuleLibrary:
    """Every pack of a rules folder, checked, ready to resolve for any county and day."""

    def __init__(self, packs: list[LoadedPack]) -> None:
        self._packs = packs
        self._layer = lru_cache(maxsize=256)(self._layer_uncached)
        # resolve() is a pure function of (county, day) over immutable packs; memoising it spares
        # the scan of every pack and parameter on each decision.
        self._resolve = lru_cache(maxsize=4096)(self._resolve_uncached)

    @classmethod
    def from_folder(cls, folder: Path) -> "RuleLibrary":
        """Loads and checks a rules folder; RuleError names every problem."""
        return cls(load_packs(folder))

    def _layer_uncached(self, layers: tuple[int, ...], day: dt.date) -> RuleSet:
        chosen = tuple(self._packs[i] for i in layers)
        ruleset = _layer(chosen, day)
        missing = [name for name in PARAMETERS if name not in ruleset.parameters]
        if missing:
            files = ", ".join(p.file for p in chosen)
            raise RuleError(f"参数 {missing[0]} 在 {day} 没有生效的取值", files)
        return ruleset

    def resolve(self, county: str, day: dt.date) -> RuleSet:
        """The rule set in force for ``county`` on ``day``, or NoRulesInForce."""
        return self._resolve(county, day)

    def _resolve_uncached(self, county: str, day: dt.date) -> RuleSet:
        if county.endswith("00"):  # GB/T 2260: a prefecture's or province's code, not a county's
            raise NoRulesInForce(f"{county} 是设区市或省的行政区划代码，不是县级代码：jurisdiction 应填申请落户的县（市、区）代码",
                                 "jurisdiction")
        layers = sorted(
            (i for i, p in enumerate(self._packs) if _in_force(p, county, day)),
            key=lambda i: len(self._packs[i].data.pack.jurisdiction),
        )
        if not layers or len(self._packs[layers[0]].data.pack.jurisdiction) != 2:
            raise NoRulesInForce(f"申请日期 {day} 在辖区 {county}（jurisdiction）没有生效的落户规则包", "application_date")
        # Parameters with dated values may change on any day, so the day is part of the key only
        # when some layer has dated values.
        dated = any(
            param.values
            for i in layers
            for params in self._packs[i].data.parameters.values()
            for param in params.values()
        )
        return self._layer(tuple(layers), day if dated else dt.date.min)

