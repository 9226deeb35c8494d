"""`intake export --to DIR`: one bundle of everything not yet exported, verified on the target."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from intake.cli.case_cmd import actor, add_store_options, open_store
from intake.cli.output import complain, emit_json, say
from intake.store.ops import Progress


def tty_progress(args: argparse.Namespace) -> Progress:
    """Progress on one terminal line, only for a person watching (not with --json)."""

    def progress(done: int, total: int, message: str) -> None:
        if not args.json and sys.stderr.isatty() and total:
            sys.stderr.write(f"\r{message}（{done * 100 // total}%）\033[K")

    return progress


def run(args: argparse.Namespace) -> int:
    from intake.exchange.export import export_bundles, outbox_dir

    with open_store(args) as store:
        result = export_bundles(store, args.to, actor(args), tty_progress(args))
        outbox = outbox_dir(store)
    if not args.json and sys.stderr.isatty():
        sys.stderr.write("\n")
    if args.json:
        emit_json(result.to_json())
    elif not result.bundles:
        say("自上次导出以来没有新的内容，未生成数据包。")
    else:
        for path in result.bundles:
            say(f"已写入并校验：{path}")
        say(f"共 {len(result.bundles)} 个数据包，{result.cases} 件案件。本机副本保存在 {outbox}。")
    for warning in result.warnings:
        complain(f"注意：{warning}")
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "export",
        help="导出交县局的数据包",
        description="把自上次导出以来变动的全部案件（申请各版本、证件、扫描页、评估结果）和审计记录打包，"
        "用县局公钥加密、用本机密钥签名，先在本机生成，再写入目标文件夹（U 盘）并读回校验。"
        "已导出的案件只做标记，不会删除。需先设置本厅所属乡镇并信任县局公钥。",
    )
    parser.add_argument("--to", type=Path, required=True, metavar="DIR", help="目标文件夹，如 U 盘的根目录")
    add_store_options(parser, writes=True)
    parser.set_defaults(run=run)
