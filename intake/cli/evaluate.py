"""`intake evaluate APPLICATION.json`: one decision as JSON, whatever the outcome."""

from __future__ import annotations

import argparse
from pathlib import Path

from intake.cli.inputs import TOWNSHIPS_HELP, load_evaluator, read_input
from intake.cli.output import emit_json


def add_rule_options(parser: argparse.ArgumentParser) -> None:
    """``--rules`` and ``--townships``, for every command that evaluates."""
    parser.add_argument("--rules", type=Path, metavar="DIR", help="规则目录（默认：随程序发布的 rules/）")
    parser.add_argument("--townships", type=Path, metavar="FILE.csv", help=TOWNSHIPS_HELP)


def run(args: argparse.Namespace) -> int:
    evaluator = load_evaluator(args)
    _, decision = evaluator.decide_raw(read_input(args.application))
    emit_json(decision.model_dump(mode="json"))
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "evaluate",
        help="评估一份申请，输出决定（JSON）",
        description="离线评估一份落户申请：按申请日期和辖区选用生效的规则包，在标准输出打印决定 JSON。"
        "无论结果如何均以 0 退出；输入有误以 2 退出并指明字段。",
    )
    parser.add_argument("application", metavar="APPLICATION.json", help="申请文件，或 - 表示标准输入")
    add_rule_options(parser)
    parser.set_defaults(run=run)
