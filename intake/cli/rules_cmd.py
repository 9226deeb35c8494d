"""`intake rules check [DIR]`: validate a rules folder and its township registry."""

from __future__ import annotations

import argparse
from pathlib import Path

from intake.cli.output import emit_json, say


def run(args: argparse.Namespace) -> int:
    from intake.config import default_rules_dir, default_townships
    from intake.errors import RuleError
    from intake.rules.loader import read_folder
    from intake.rules.townships import Townships

    folder = args.dir or default_rules_dir()
    packs, problems = read_folder(folder)
    registry = default_townships(folder)
    if registry.exists():
        try:
            Townships.from_csv(registry)
        except RuleError as e:
            problems.items.append(str(e))
    ok = not problems.items
    if args.json:
        emit_json({"ok": ok, "problems": problems.items, "packs": [p.data.pack.id for p in packs]})
    elif ok:
        say(f"规则目录 {folder} 检查通过：{len(packs)} 个规则包。")
    else:
        say(f"规则目录 {folder} 有 {len(problems.items)} 个问题：")
        for item in problems.items:
            say(f"  - {item}")
    return 0 if ok else 2


def register(commands: argparse._SubParsersAction) -> None:
    rules = commands.add_parser("rules", help="规则包管理", description="规则包管理。")
    sub = rules.add_subparsers(dest="rules_command", required=True, metavar="COMMAND")
    check = sub.add_parser(
        "check",
        help="检查规则目录",
        description="检查规则目录：语法、未知条件或参数、引文是否逐字摘自原文、生效期间是否重叠、"
        "是否使用了政策禁止的条件（三(十)、二(五)积分制、一(二)户口所在地）。有问题以 2 退出。",
    )
    check.add_argument("dir", nargs="?", type=Path, metavar="DIR", help="规则目录（默认：随程序发布的 rules/）")
    check.add_argument("--json", action="store_true", help="以 JSON 输出")
    check.set_defaults(run=run)
