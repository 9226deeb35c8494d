"""`intake stats`: settlement statistics of a hall's or the county's store, as text, JSON, PDF or CSV."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from intake.cli.case_cmd import add_store_options, open_store
from intake.cli.inputs import TOWNSHIPS_HELP, check_rule_paths
from intake.cli.output import emit_json, say

if TYPE_CHECKING:
    from intake.rules.townships import Townships


def _townships(args: argparse.Namespace) -> "Townships | None":
    """The registry for township names; statistics do not depend on it, so a missing one is skipped."""
    from intake.config import default_rules_dir, default_townships
    from intake.errors import RuleError
    from intake.rules.townships import Townships

    check_rule_paths(None, args.townships)
    path = args.townships or default_townships(default_rules_dir())
    try:
        return Townships.from_csv(path)
    except RuleError:
        if args.townships:
            raise
        return None


def run(args: argparse.Namespace) -> int:
    from intake.exchange import keys as exchange_keys
    from intake.exchange.sections import sections, settled_rows
    from intake.exchange.stats import statistics

    with open_store(args) as store:
        stats = statistics(store)
        hall = store.settings.hall_township()
    townships = _townships(args)
    scope = f"乡镇（街道）{hall}" if hall else ("县局汇总" if exchange_keys.is_county() else str(args.db or "默认数据库"))
    written = {}
    if args.pdf:
        from intake.exchange.report_pdf import write_report

        written["pdf"] = str(write_report(stats, args.pdf, scope, townships))
    if args.csv:
        from intake.exchange.report_csv import write_csv

        written["csv"] = str(write_csv(stats, args.csv, townships))
    if args.json:
        emit_json({**stats.to_json(), **written})
        return 0
    say(f"统计范围：{scope}。案件总数 {stats.total}，尚未评估 {stats.not_evaluated}。")
    for section in sections(stats, townships):
        if section.id == "by_month":
            continue
        say(f"{section.title}：" + ("；".join(f"{r.label} {r.count}" for r in section.rows) or "无"))
    say("净落户人口（按县、年度）：" + ("；".join(f"{r.label} {r.count} 人" for r in settled_rows(stats)) or "无"))
    for kind, path in written.items():
        say(f"已写出 {kind.upper()}：{path}")
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "stats",
        help="落户统计",
        description="统计数据库中的案件：按评估结论、落户途径、落户地址类型、优先解决群体、受理乡镇（街道）、受理月份，"
        "以及各县各年度的净落户人口（已办结且结论为可以落户的申请人及随迁家属）。乡镇和县局的数据库都适用；"
        "可另存为带图表的 PDF 报告或供表格软件使用的 CSV。",
    )
    parser.add_argument("--pdf", type=Path, metavar="FILE", help="另存为 PDF 统计报告（含图表）")
    parser.add_argument("--csv", type=Path, metavar="FILE", help="另存为 CSV（UTF-8，Excel 可直接打开）")
    parser.add_argument("--townships", type=Path, metavar="FILE", help=TOWNSHIPS_HELP)
    add_store_options(parser, writes=False)
    parser.set_defaults(run=run)
