"""`intake backup --to DIR [--keep N]` and `intake backup --restore FILE`: verified copies of the store."""

from __future__ import annotations

import argparse
from pathlib import Path

from intake.cli.case_cmd import add_store_options, open_store
from intake.cli.inputs import positive_int
from intake.cli.output import emit_json, say


def run(args: argparse.Namespace) -> int:
    from intake.config import default_db_path
    from intake.store.backup import backup_store, restore_backup

    if args.restore:
        target = args.db or default_db_path()
        aside = restore_backup(args.restore, target)
        if args.json:
            emit_json({"out": str(target), "replaced": str(aside) if aside else None})
        else:
            say(f"已从 {args.restore} 恢复数据库 {target}。" + (f"原数据库已另存为 {aside}。" if aside else ""))
        return 0
    with open_store(args) as store:
        out = backup_store(store, args.to, args.keep)
    if args.json:
        emit_json({"out": str(out)})
    else:
        say(f"已备份到 {out}（已校验）。")
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "backup",
        help="备份或恢复数据库",
        description="备份：在程序继续工作的同时用 SQLite 备份接口复制一份一致的数据库到 DIR，校验（完整性和审计链）"
        "后命名为 intake-日期-时间.db，并只保留最近 N 份。恢复（--restore）：先校验备份，再把当前数据库另存后替换；"
        "恢复前请关闭桌面程序。",
    )
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--to", type=Path, metavar="DIR", help="备份目录（例如 U 盘上的文件夹）")
    action.add_argument("--restore", type=Path, metavar="FILE", help="从该备份文件恢复到 --db 指定的数据库")
    parser.add_argument("--keep", type=positive_int, metavar="N", help="只保留最近 N 份备份")
    add_store_options(parser, writes=False)
    parser.set_defaults(run=run)
