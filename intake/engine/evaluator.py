"""From an application and the rules in force to a decision: paths, outcome, address, family,
priority groups and the residence-permit hint. Pure: no clock, no disk, same input same decision."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from intake.engine.address import Placement, place
from intake.engine.facts import EMPLOYMENT_DOCS, RESIDENCE_DOCS, FactResult, Facts, Shortfall
from intake.engine.family import family_outcomes
from intake.engine.priority import priority_groups
from intake.models.application import Application
from intake.models.decision import Decision, Gap, Outcome, Reason, RulePackRef, Skip
from intake.rules.schema import ResolvedPath, RuleSet
from intake.rules.townships import Townships

_RESIDENCE_PERMIT_CLAUSE = "三(十五)"
ADDRESS_EVIDENCE = (*RESIDENCE_DOCS, *EMPLOYMENT_DOCS)


@dataclass
class PathStanding:
    """How one open path stands: satisfied, curable (gaps only) or refused (failures)."""

    path: ResolvedPath
    gaps: list[Shortfall] = field(default_factory=list)
    failures: list[Shortfall] = field(default_factory=list)

    @property
    def satisfied(self) -> bool:
        return not self.gaps and not self.failures


def _is_open(path: ResolvedPath, f: Facts) -> bool:
    for fact in path.opened_by:  # a loop, not any(<generator>): this runs for every path
        if f.get(fact).shown:
            return True
    return not path.opened_by


def _standing(path: ResolvedPath, f: Facts) -> PathStanding:
    standing = PathStanding(path)
    for cond in path.requires:
        if cond.when is not None and not f.rules.param(cond.when):
            continue
        result: FactResult = (
            f.number(cond.fact, f.rules.param(cond.at_least)) if cond.at_least else f.get(cond.fact)
        )
        standing.gaps += result.gaps
        standing.failures += result.failures
    return standing


def _missing(curable: list[PathStanding]) -> list[Gap]:
    """Every gap of every curable path once, naming the paths it would help (一次性告知)."""
    merged: dict[tuple[tuple[str, ...], str], Gap] = {}
    for standing in curable:
        for gap in standing.gaps:
            key = (gap.any_of, gap.reason)
            if key in merged:
                merged[key].paths.append(standing.path.id)
            else:
                merged[key] = Gap(
                    any_of=list(gap.any_of), code=gap.code, reason=gap.reason,
                    clause=standing.path.cite.clause, paths=[standing.path.id],
                )
    return list(merged.values())


def _failures(standings: list[PathStanding]) -> list[Reason]:
    reasons: dict[str, Reason] = {}
    for standing in standings:
        for failure in standing.failures:
            reasons.setdefault(failure.reason, Reason(code=failure.code, reason=failure.reason, clause=standing.path.cite.clause))
    return list(reasons.values())


def _no_path_reason(app: Application) -> Reason:
    if app.kind == "student_collective":
        return Reason(code="no_path_open", reason="未提供省内院校录取通知书，不能迁入院校学生集体户", clause="二(四)")
    hint = ""
    if any(doc.type == "admission_notice" for doc in app.documents):  # the wrong kind chosen, likely
        hint = "。申请人持录取通知书，如自愿将户口迁入院校学生集体户，申请类型应选“迁入院校学生集体户”"
    return Reason(
        code="no_path_open",
        reason="未提供任何落户通道所需的资格证明：高校或职业院校毕业证书、岗位技能资质等级证书、"
        "经中国留学服务中心认证的留学认证书，或位于本县（区）的住所证明" + hint,
        clause="二(四)",
    )


def _residence_permit_way(f: Facts) -> bool:
    """True when the applicant shows lawful stable employment or residence in the county (三(十五))."""
    return f.get("employment_in_county").satisfied or f.residence("county", False).satisfied


def _permit_reason(permit: bool) -> Reason:
    if permit:
        text = "申请人在本县（区）有合法稳定就业或住所，可申领居住证（居住满半年由派出所核实）"
        return Reason(code="residence_permit_available", reason=text, clause=_RESIDENCE_PERMIT_CLAUSE)
    text = "暂未提供本县（区）合法稳定就业或住所的证明，申领居住证须先具备其中之一"
    return Reason(code="residence_permit_not_yet", reason=text, clause=_RESIDENCE_PERMIT_CLAUSE)


def _rule_pack(rules: RuleSet) -> RulePackRef:
    return _pack_parts(rules.id, rules.version, rules.sha256, rules.draft, rules.layers, rules.draft_notes)[0]


def _draft_warnings(rules: RuleSet) -> list[Reason]:
    return list(_pack_parts(rules.id, rules.version, rules.sha256, rules.draft, rules.layers, rules.draft_notes)[1])


@lru_cache(maxsize=256)
def _pack_parts(
    pack_id: str, version: str, sha256: str, draft: bool, layers: tuple[str, ...], draft_notes: tuple[str, ...]
) -> tuple[RulePackRef, tuple[Reason, ...]]:
    """The rule-pack reference and draft warning of a rule set, made once per rule set rather than
    per decision (both are frozen records; every decision under the same rules shares them)."""
    ref = RulePackRef(id=pack_id, version=version, sha256=sha256, draft=draft, layers=list(layers))
    if not draft:
        return ref, ()
    notes = "；".join(n for n in draft_notes if n) or "本地具体政策尚未录入"
    warning = Reason(code="draft_rules", reason=f"本决定依据的规则包为草稿（{pack_id}）：{notes}", clause="二(五)")
    return ref, (warning,)


def _place_or_gap(standing: PathStanding, f: Facts, towns: Townships) -> Placement:
    """The path's registration address; a path that can place the applicant nowhere is not
    satisfied but has a gap documents can cure: what the last option named (a township whose
    public address is not configured), else a residence or a job in the county."""
    placement = place(f, towns, standing.path.id, standing.path.address)
    if placement.address is None:
        last = placement.skipped[-1][1] if placement.skipped else None
        if last is not None and last.any_of:
            standing.gaps.append(last)
        else:
            why = "；".join(shortfall.reason for _, shortfall in placement.skipped)
            standing.gaps.append(Shortfall(
                "address_unresolved",
                f"无法确定落户地址（{why}），须提供本县（区）的本人住所证明或就业证明",
                ADDRESS_EVIDENCE,
            ))
    return placement


def _placement_warnings(placements: dict[str, Placement], standings: list[PathStanding]) -> list[Reason]:
    """The configuration warnings met while placing the applicant on any path, each once."""
    clauses = {s.path.id: s.path.cite.clause for s in standings}
    found: dict[str, Reason] = {}
    for path_id, placement in placements.items():
        for w in placement.warnings:
            found.setdefault(w.reason, Reason(code=w.code, reason=w.reason, clause=clauses[path_id]))
    return list(found.values())


def evaluate(app: Application, rules: RuleSet, towns: Townships) -> Decision:
    """The decision for ``app`` under ``rules`` (already resolved for its county and day)."""
    f = Facts(app, rules)
    candidates = [p for p in rules.paths if p.enabled and p.kind == app.kind]
    standings = [_standing(p, f) for p in candidates if _is_open(p, f)]
    placements = {s.path.id: _place_or_gap(s, f, towns) for s in standings if s.satisfied}
    satisfied = [s for s in standings if s.satisfied]
    curable = [s for s in standings if s.gaps and not s.failures]
    warnings = _draft_warnings(rules)
    reasons = _failures(standings)
    groups = priority_groups(f)
    rule_pack = _rule_pack(rules)
    if satisfied:
        chosen = satisfied[0].path
        placement = placements[chosen.id]
        warnings += _placement_warnings({chosen.id: placement}, standings)  # not a path it did not take
        return Decision(
            outcome="settle",
            path=chosen.id,
            paths=[s.path.id for s in satisfied],
            clause=chosen.cite.clause,
            address=placement.address,
            skipped=[
                Skip(kind=kind, code=why.code, reason=why.reason, clause=rules.address[kind].cite.clause)
                for kind, why in placement.skipped
            ],
            missing=[],
            family=family_outcomes(app, rules, placement.address),
            residence_permit=None,
            warnings=warnings,
            reasons=reasons,
            priority_groups=groups,
            rule_pack=rule_pack,
        )
    warnings += _placement_warnings(placements, standings)  # every placed path failed to place: each says why
    outcome: Outcome
    permit: bool | None
    if curable:
        outcome, permit = "incomplete", None
    else:
        outcome, permit = "not_eligible", _residence_permit_way(f)
        if not standings:
            reasons = [_no_path_reason(app)]
        reasons.append(_permit_reason(permit))
    return Decision(
        outcome=outcome,
        path=None,
        paths=None,
        clause=None,
        address=None,
        skipped=[],
        missing=_missing(curable),
        family=family_outcomes(app, rules, None),
        residence_permit=permit,
        warnings=warnings,
        reasons=reasons,
        priority_groups=groups,
        rule_pack=rule_pack,
    )
