"""The statistics as labelled sections, in the order the county's report gives them; shared by the
PDF report and the CSV so both say the same thing in the same words."""

from __future__ import annotations

from dataclasses import dataclass

from intake.divisions import county_label
from intake.exchange.stats import Statistics
from intake.labels import ADDRESS_LABELS, OUTCOME_LABELS, PATH_LABELS, PRIORITY_LABELS
from intake.rules.townships import Townships
from intake.store.states import STATE_LABELS

SETTLED_DEFINITION = (
    "落户人数：已办结且最新评估结论为“符合落户条件”的案件，计申请人及随迁家属（同一身份号码在同一县、同一年度只计一次），"
    "按案件所在县（区）和办结年度统计。本工具只记录迁入，不记录迁出，故净落户人口即上述落户人数。"
)


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    count: int

    @property
    def name(self) -> str:
        """The label without the code it starts with, where a code column beside it says that."""
        return self.label.removeprefix(f"{self.key} ")


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    rows: list[Row]
    chart: bool = True


def _rows(counts: dict[str, int], labels: dict[str, str]) -> list[Row]:
    return [Row(k, labels.get(k, k), n) for k, n in counts.items()]


def township_labels(codes: list[str], townships: Townships | None) -> dict[str, str]:
    """``350502001 海滨街道`` where the registry knows the code."""
    out = {}
    for code in codes:
        town = townships.get(code) if townships is not None else None
        out[code] = f"{code} {town.name}" if town else code
    return out


def sections(stats: Statistics, townships: Townships | None = None) -> list[Section]:
    return [
        Section("by_outcome", "按评估结论", _rows(stats.by_outcome, OUTCOME_LABELS)),
        Section("by_path", "按落户途径", _rows(stats.by_path, PATH_LABELS)),
        Section("by_address_kind", "按落户地址类型", _rows(stats.by_address_kind, ADDRESS_LABELS)),
        Section("by_priority_group", "按优先解决群体", _rows(stats.by_priority_group, PRIORITY_LABELS)),
        Section("by_township", "按受理乡镇（街道）",
                _rows(stats.by_township, township_labels(list(stats.by_township), townships))),
        Section("by_state", "按办理状态", _rows(stats.by_state, STATE_LABELS)),
        Section("by_month", "按受理月份", _rows(stats.by_month, {}), chart=True),
    ]


def settled_rows(stats: Statistics) -> list[Row]:
    """Net settled persons per county and year, keyed ``county/year``."""
    return [Row(f"{s.county}/{s.year}", f"{county_label(s.county)} {s.year} 年", s.persons) for s in stats.settled]
