"""`intake search TEXT`: cases by ID number, name, case number or phone."""

from __future__ import annotations

import argparse

from intake.cli.case_cmd import add_store_options, open_store
from intake.cli.inputs import positive_int
from intake.cli.output import emit_json, say


def run(args: argparse.Namespace) -> int:
    from intake.store.states import STATE_LABELS

    with open_store(args) as store:
        result = store.search(args.text, args.limit)
    if args.json:
        emit_json([hit.to_json() for hit in result.hits])
        return 0
    for hit in result.hits:
        say(f"{hit.case}  {hit.name}  {hit.id_number}  {STATE_LABELS[hit.state]}")
    if not result.hits:
        say(f"没有找到与“{args.text}”相符的案件。")
    elif result.more:
        say(f"（只列出最新的 {args.limit} 件，请输入更完整的内容缩小范围）")
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "search",
        help="查找案件",
        description="按身份号码、姓名（可只输入其中一两个字）、案件编号或电话查找案件，最新的在前，身份号码部分隐藏。",
    )
    parser.add_argument("text", metavar="TEXT", help="身份号码、姓名、案件编号（或其末尾的序号，如 11、2026-11）或电话")
    parser.add_argument("--limit", type=positive_int, default=50, metavar="N", help="最多列出 N 件（默认 50）")
    add_store_options(parser, writes=False)
    parser.set_defaults(run=run)
