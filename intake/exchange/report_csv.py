"""`intake stats --csv FILE`: the statistics as one long table for a spreadsheet — UTF-8 with a
byte-order mark, which is how Excel recognises Chinese text in a CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from intake.divisions import county_label
from intake.exchange.files import write_atomically
from intake.exchange.sections import SETTLED_DEFINITION, sections
from intake.exchange.stats import Statistics
from intake.rules.townships import Townships

HEADER = ["统计项代码", "统计项", "代码", "名称", "数量"]


def render_csv(stats: Statistics, townships: Townships | None = None) -> str:
    """One row per count: the dimension's id and title, the key and its label, the number."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerow(["total", "案件总数", "", "", stats.total])
    writer.writerow(["not_evaluated", "尚未评估", "", "", stats.not_evaluated])
    for section in sections(stats, townships):
        for row in section.rows:
            writer.writerow([section.id, section.title, row.key, row.name, row.count])
    for s in stats.settled:
        key, where = f"{s.county}/{s.year}", f"{county_label(s.county)} {s.year} 年"
        writer.writerow(["settled_cases", "落户案件数", key, where, s.cases])
        writer.writerow(["settled_family", "随迁家属人数", key, where, s.family])
        writer.writerow(["net_settled", "净落户人口", key, where, s.persons])
    writer.writerow(["definition", "口径说明", "", SETTLED_DEFINITION, ""])
    return out.getvalue()


def write_csv(stats: Statistics, out: Path, townships: Townships | None = None) -> Path:
    return write_atomically(out, render_csv(stats, townships).encode("utf-8-sig"))
