"""`intake setup TOWNSHIP`: names the township hall a store serves, for command-line use without the
desk's first-run dialog. New case numbers start with the township, and export requires it."""

from __future__ import annotations

import argparse
from pathlib import Path

from intake.cli.case_cmd import actor, add_store_options, open_store
from intake.cli.inputs import TOWNSHIPS_HELP, check_rule_paths
from intake.cli.output import emit_json, say
from intake.errors import InvalidInput


def run(args: argparse.Namespace) -> int:
    from intake.config import default_rules_dir, default_townships
    from intake.exchange.keys import is_county
    from intake.rules.townships import Townships

    code = args.township.strip()
    if not (code.isdigit() and len(code) == 9):
        raise InvalidInput(f"{code} 不是乡镇（街道）代码：应为 9 位数字，如 350502001", "township")
    check_rule_paths(None, args.townships)
    town = Townships.from_csv(args.townships or default_townships(default_rules_dir())).get(code)
    if town is None:
        raise InvalidInput(f"乡镇名录中没有乡镇（街道）代码 {code}，请核对（名录：--townships 或规则目录中的 townships.csv）", "township")
    if is_county():
        raise InvalidInput("本机持有县局加密私钥，是县局的电脑，不能设置为乡镇（街道）受理窗口", "township")
    with open_store(args, create=True) as store:
        current = store.settings.hall_township()
        if current is not None and current != code:
            raise InvalidInput(
                f"本数据库已设置为乡镇（街道）{current}，不能改为 {code}：案件编号和交县局的数据包都以它为准", "township"
            )
        if current is None:
            store.settings.set_hall_township(code, actor(args))
    if args.json:
        emit_json({"township": code, "name": town.name, "changed": current is None})
    else:
        say(f"本数据库服务于 {town.name}（{code}）。" + ("" if current is None else "（此前已设置，未作更改）"))
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "setup",
        help="设置本厅所属的乡镇（街道）",
        description="设置本数据库服务的乡镇（街道），与桌面程序首次使用时的设置相同：此后新案件的编号以该乡镇代码开头，"
        "导出交县局也需要它。乡镇须在乡镇名录中；已设置后不能改为其他乡镇。",
    )
    parser.add_argument("township", metavar="TOWNSHIP", help="9 位乡镇（街道）代码，如 350502001")
    parser.add_argument("--townships", type=Path, metavar="FILE.csv", help=TOWNSHIPS_HELP)
    add_store_options(parser, writes=True)
    parser.set_defaults(run=run)
