"""`intake verify`: database integrity, the audit chain, and every record against its history."""

from __future__ import annotations

import argparse

from intake.cli.case_cmd import add_store_options, open_store
from intake.cli.output import emit_json, say


def run(args: argparse.Namespace) -> int:
    from intake.store.verify import verify_store

    with open_store(args) as store:
        report = verify_store(store)
    if args.json:
        emit_json(report.to_json())
    elif report.ok:
        say(f"校验通过：{report.cases} 件案件，{report.entries} 条审计记录，审计链完整。")
    else:
        say(f"校验发现 {len(report.problems)} 个问题：")
        for problem in report.problems:
            say(f"  - {problem}")
    return 0 if report.ok else 2


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "verify",
        help="校验数据库和审计链",
        description="校验数据库：SQLite 完整性检查、审计记录哈希链、每条记录与其审计记录是否一致、扫描页内容是否完好。"
        "发现问题时指出第一条被破坏的审计记录，并以 2 退出。",
    )
    add_store_options(parser, writes=False)
    parser.set_defaults(run=run)
