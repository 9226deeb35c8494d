"""Loading a rules folder: every pack file is parsed, checked against the vocabulary and its
quotes against the source texts, and checked against the other packs for overlapping windows.

Problems are collected, not raised one at a time, so ``intake rules check`` can list them all;
``load_rules`` refuses the folder if there is any.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from intake.errors import RuleError
from intake.models.parse import describe_validation_error
from intake.rules import vocabulary as vocab
from intake.rules.schema import Cite, Condition, PackFile, Parameter, PathRule

_CLAUSE = re.compile(r"[一二三四](\([一二三四五六七八九十]+\))?")
_WHITESPACE = re.compile(r"\s+")
_BASELINE_PATH_FIELDS = ("label", "kind", "enabled", "opened_by", "requires", "address")


@dataclass
class LoadedPack:
    """A parsed pack and the file it came from."""

    file: str
    data: PackFile


@dataclass
class Problems:
    """Problems found while loading, each ``file: key: message``."""

    items: list[str] = field(default_factory=list)

    def add(self, file: str, key: str, message: str) -> None:
        self.items.append(f"{file}: {key}: {message}" if key else f"{file}: {message}")


def _windows_overlap(a_from: dt.date, a_to: dt.date | None, b_from: dt.date, b_to: dt.date | None) -> bool:
    return (b_to is None or a_from <= b_to) and (a_to is None or b_from <= a_to)


def _read_sources(folder: Path, packs: list[LoadedPack], problems: Problems) -> dict[str, str]:
    """Source id → its text with white space removed, for verbatim quote checks."""
    texts: dict[str, str] = {}
    for pack in packs:
        for source_id, source in pack.data.sources.items():
            path = folder / "sources" / source.file
            if Path(source.file).name != source.file or not path.is_file():
                problems.add(pack.file, f"sources.{source_id}.file", f"找不到原文文件 sources/{source.file}")
                continue
            texts[source_id] = _WHITESPACE.sub("", path.read_text(encoding="utf-8"))
    return texts


def _check_cite(cite: Cite, file: str, key: str, sources: dict[str, str], problems: Problems) -> None:
    if not _CLAUSE.fullmatch(cite.clause):
        problems.add(file, f"{key}.cite.clause", f"条款编号 {cite.clause!r} 应形如 二(四)")
    text = sources.get(cite.source)
    if text is None:
        problems.add(file, f"{key}.cite.source", f"未定义的原文出处 {cite.source!r}")
    elif not cite.quote.strip() or _WHITESPACE.sub("", cite.quote) not in text:
        problems.add(file, f"{key}.cite.quote", "引文与原文不符（须逐字摘自原文）")


def _check_name(name: str, known: object, file: str, key: str, what: str, problems: Problems) -> bool:
    if name in known:  # type: ignore[operator]
        return True
    banned = vocab.forbidden(name)
    if banned:
        clause, why = banned
        problems.add(file, key, f"{what} {name!r} 被政策禁止作为落户条件（{clause}：{why}）")
    else:
        problems.add(file, key, f"未知的{what} {name!r}")
    return False


def _check_parameter(name: str, param: Parameter, file: str, problems: Problems) -> None:
    key = f"parameters.{name}"
    if not _check_name(name, vocab.PARAMETERS, file, key, "参数", problems):
        return
    spec = vocab.PARAMETERS[name]
    if (param.value is None) == (not param.values):
        problems.add(file, key, "须且只能给出 value 或 values 之一")
        return
    for i, dated in enumerate(param.values or []):
        if dated.to is not None and dated.to < dated.from_:
            problems.add(file, f"{key}.values[{i}]", "生效区间的结束日期早于开始日期")
        for j, other in enumerate(param.values[:i]):
            if _windows_overlap(dated.from_, dated.to, other.from_, other.to):
                problems.add(
                    file, f"{key}.values[{i}]", f"与 values[{j}] 在同一天同时生效，规则相互冲突"
                )
    for value in [param.value] if param.value is not None else [d.value for d in param.values]:
        why = spec.check(value)
        if why:
            problems.add(file, key, why)


def _check_condition(cond: Condition, file: str, key: str, problems: Problems) -> None:
    if not _check_name(cond.fact, vocab.FACTS, file, f"{key}.fact", "条件事实", problems):
        return
    numeric = vocab.FACTS[cond.fact].numeric
    if numeric and cond.at_least is None:
        problems.add(file, key, f"数值条件 {cond.fact!r} 须用 at_least 指定门槛参数")
    if not numeric and cond.at_least is not None:
        problems.add(file, f"{key}.at_least", f"条件 {cond.fact!r} 不是数值，不能设门槛")
    for attr, kind in (("at_least", int), ("when", bool)):
        name = getattr(cond, attr)
        if name is None:
            continue
        if _check_name(name, vocab.PARAMETERS, file, f"{key}.{attr}", "参数", problems):
            if vocab.PARAMETERS[name].kind is not kind:
                problems.add(file, f"{key}.{attr}", f"参数 {name!r} 的类型不适合用作 {attr}")


def _check_path(path_id: str, rule: PathRule, file: str, baseline: bool, problems: Problems) -> None:
    key = f"paths.{path_id}"
    if not _check_name(path_id, vocab.PATH_ORDER, file, key, "落户通道", problems):
        return
    if baseline:
        for name in _BASELINE_PATH_FIELDS:
            if getattr(rule, name) is None:
                problems.add(file, f"{key}.{name}", "省级基准须完整定义每个通道")
    if rule.kind is not None and rule.kind not in vocab.APPLICATION_KINDS:
        problems.add(file, f"{key}.kind", f"未知的申请类型 {rule.kind!r}")
    for i, fact in enumerate(rule.opened_by or []):
        where = f"{key}.opened_by[{i}]"
        if _check_name(fact, vocab.FACTS, file, where, "条件事实", problems) and vocab.FACTS[fact].numeric:
            problems.add(file, where, f"数值条件 {fact!r} 不能用来开启通道，须列在 requires 中并设门槛")
    for i, cond in enumerate(rule.requires or []):
        cond = Condition(fact=cond) if isinstance(cond, str) else cond
        _check_condition(cond, file, f"{key}.requires[{i}]", problems)
    for i, step in enumerate(rule.address or []):
        _check_name(step, vocab.ADDRESS_KINDS, file, f"{key}.address[{i}]", "落户地址类型", problems)
    if rule.address is not None and len(set(rule.address)) != len(rule.address):
        problems.add(file, f"{key}.address", "地址顺序中有重复项")


def _check_pack(pack: LoadedPack, sources: dict[str, str], problems: Problems) -> None:
    data, file = pack.data, pack.file
    info = data.pack
    baseline = len(info.jurisdiction) == 2
    if info.effective_to is not None and info.effective_to < info.effective_from:
        problems.add(file, "pack.effective_to", "失效日期早于生效日期")
    for i, place in enumerate(info.excludes):
        if not (place.isdigit() and len(place) in (4, 6) and place.startswith(info.jurisdiction) and place != info.jurisdiction):
            problems.add(file, f"pack.excludes[{i}]", f"应为本规则包辖区 {info.jurisdiction} 之内的 4 位或 6 位区划代码")
    for group, params in data.parameters.items():
        for name, param in params.items():
            _check_parameter(f"{group}.{name}", param, file, problems)
            _check_cite(param.cite, file, f"parameters.{group}.{name}", sources, problems)
    for path_id, rule in data.paths.items():
        _check_path(path_id, rule, file, baseline, problems)
        _check_cite(rule.cite, file, f"paths.{path_id}", sources, problems)
    for step_id, step in data.address.items():
        _check_name(step_id, vocab.ADDRESS_KINDS, file, f"address.{step_id}", "落户地址类型", problems)
        _check_cite(step.cite, file, f"address.{step_id}", sources, problems)
    for group_id, priority_group in data.priority_groups.items():
        _check_name(group_id, vocab.PRIORITY_GROUPS, file, f"priority_groups.{group_id}", "优先群体", problems)
        _check_cite(priority_group.cite, file, f"priority_groups.{group_id}", sources, problems)
    if baseline:
        defined = {f"{g}.{n}" for g, ps in data.parameters.items() for n in ps}
        required = [
            ("parameters", vocab.PARAMETERS, defined),
            ("paths", vocab.PATH_ORDER, data.paths),
            ("address", vocab.ADDRESS_KINDS, data.address),
            ("priority_groups", vocab.PRIORITY_GROUPS, data.priority_groups),
        ]
        for table, names, present in required:
            for name in names:
                if name not in present:
                    problems.add(file, f"{table}.{name}", "省级基准缺少此项定义")


def _parse_file(path: Path, problems: Problems) -> LoadedPack | None:
    file = path.name
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        problems.add(file, "", "不是 UTF-8 编码的文本")
        return None
    except tomllib.TOMLDecodeError as e:
        problems.add(file, "", f"TOML 语法错误：{e}")
        return None
    try:
        return LoadedPack(file, PackFile.model_validate(raw))
    except ValidationError as e:
        for error in e.errors(include_url=False):
            key, message = describe_validation_error(error)
            problems.add(file, key, message)
        return None


def _check_windows(packs: list[LoadedPack], problems: Problems) -> None:
    for i, a in enumerate(packs):
        for b in packs[:i]:
            pa, pb = a.data.pack, b.data.pack
            if pa.id == pb.id:
                problems.add(a.file, "pack.id", f"与 {b.file} 使用了相同的规则包编号 {pa.id!r}")
            if pa.jurisdiction == pb.jurisdiction and _windows_overlap(
                pa.effective_from, pa.effective_to, pb.effective_from, pb.effective_to
            ):
                problems.add(
                    a.file,
                    "pack.effective_from",
                    f"与 {b.file} 针对同一辖区 {pa.jurisdiction} 的生效期间重叠",
                )


def read_folder(folder: Path) -> tuple[list[LoadedPack], Problems]:
    """Every pack in ``folder`` that parsed, and every problem found in any of them."""
    problems = Problems()
    if not folder.is_dir():
        problems.add(str(folder), "", "规则目录不存在")
        return [], problems
    files = sorted(folder.glob("*.toml"))
    if not files:
        problems.add(str(folder), "", "规则目录中没有任何 .toml 规则包")
    packs = [p for p in (_parse_file(f, problems) for f in files) if p is not None]
    sources = _read_sources(folder, packs, problems)
    for pack in packs:
        _check_pack(pack, sources, problems)
    _check_windows(packs, problems)
    if packs and not any(len(p.data.pack.jurisdiction) == 2 for p in packs):
        problems.add(str(folder), "", "缺少省级基准规则包（jurisdiction 为 2 位）")
    return packs, problems


def load_packs(folder: Path) -> list[LoadedPack]:
    """All packs of a rules folder, or RuleError listing every problem."""
    packs, problems = read_folder(folder)
    if problems.items:
        raise RuleError("规则包有误：\n" + "\n".join(problems.items), str(folder))
    return packs
