"""`intake sample --count N`: fills a store with realistic generated cases."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from intake.cli.case_cmd import actor, add_store_options, open_store
from intake.cli.evaluate import add_rule_options
from intake.cli.inputs import load_evaluator, positive_int
from intake.cli.output import emit_json, say

if TYPE_CHECKING:
    from intake.store.db import Store


def run(args: argparse.Namespace) -> int:
    from intake.store.sample import fill

    evaluator = load_evaluator(args)

    def progress(done: int, total: int, message: str) -> None:
        if not args.json and sys.stderr.isatty():
            sys.stderr.write(f"\r{message}（{done * 100 // total}%）")

    with open_store(args, create=True) as store:
        _refuse_real_store(store)
        changes = fill(store, args.count, evaluator, actor(args), seed=args.seed, progress=progress)
    if args.json:
        emit_json({"cases": changes.cases_added})
    else:
        if sys.stderr.isatty():
            sys.stderr.write("\n")
        say(f"已生成 {changes.cases_added} 件样例案件。")
    return 0


def _refuse_real_store(store: "Store") -> None:
    """Generated cases never enter a hall's or the county's real store: they would be exported to
    the county, counted in its statistics and, like every record, could never be removed."""
    from intake.errors import InvalidInput

    if (hall := store.settings.hall_township()) is not None:
        where = f"乡镇（街道）{hall} 的受理数据库：样例案件会随导出报送县局并计入统计"
    elif (county := store.settings.county()) is not None:
        where = f"县（区）{county} 的汇总数据库：样例案件会计入统计"
    else:
        return
    raise InvalidInput(f"本数据库是{where}，且无法删除；请用 --db 指定另一个数据库文件生成样例", "--db")


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "sample",
        help="生成样例案件",
        description="向数据库中批量填入逼真的样例案件（有效的身份号码和统一社会信用代码、常见姓名、"
        "各类证件），逐件经真实规则评估并分布在各个办理环节，供培训、演示和性能测试使用。",
    )
    parser.add_argument("--count", type=positive_int, required=True, metavar="N", help="生成的案件数")
    parser.add_argument("--seed", type=int, metavar="S", help="随机种子（相同种子生成相同数据）")
    add_rule_options(parser)
    add_store_options(parser, writes=True)
    parser.set_defaults(run=run)
