"""Entry point of `intake`: dispatches to one module per command and turns expected errors into
one clear line on standard error with exit code 2."""

from __future__ import annotations

import argparse
import io
import os
import re
import sys
from collections.abc import Sequence
from typing import Any, cast

from intake.cli import backup_cmd, case_cmd, evaluate, rules_cmd, sample_cmd, search_cmd, setup_cmd, verify_cmd
from intake.cli import print_cmd, verify_receipt_cmd
from intake.cli import export_cmd, import_cmd, keys_cmd, stats_cmd
from intake import os_errors
from intake.cli.output import complain
from intake.errors import IntakeError

COMMAND_MODULES = [evaluate, rules_cmd, setup_cmd, case_cmd, search_cmd, verify_cmd, backup_cmd, sample_cmd]
COMMAND_MODULES += [print_cmd, verify_receipt_cmd]
COMMAND_MODULES += [keys_cmd, export_cmd, import_cmd, stats_cmd]


class _HelpFormatter(argparse.HelpFormatter):
    """Help with a Chinese usage line."""

    def add_usage(self, usage: str | None, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, prefix if prefix is not None else "用法：")


class _Parser(argparse.ArgumentParser):
    """argparse in Chinese: headings, the help option, and usage errors (exit 2, as the contract asks)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        complain(f"{self.prog}: 参数错误：{translate_usage_error(message)}")
        sys.exit(2)


# argparse words its usage errors in English (through gettext, for which no Chinese catalogue ships);
# these are all it can say about a command line like ours. Argument names and values are kept.
_USAGE_ERRORS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(pattern, re.S), chinese)
    for pattern, chinese in [
        (r"the following arguments are required: (.*)", "缺少必需的参数：{0}"),
        (r"unrecognized arguments: (.*)", "不认识的参数：{0}"),
        (r"expected one argument", "缺少取值"),
        (r"expected at most one argument", "最多只能有一个取值"),
        (r"expected at least one argument", "至少需要一个取值"),
        (r"expected (\d+) arguments?", "需要 {0} 个取值"),
        (r"invalid choice: (.*) \(choose from (.*)\)", "无效的取值 {0}（可选：{1}）"),
        (r"invalid int value: (.*)", "应为整数，而不是 {0}"),
        (r"invalid \w+ value: (.*)", "无效的取值 {0}"),
        (r"not allowed with argument (.*)", "不能与 {0} 同时使用"),
        (r"one of the arguments (.*) is required", "必须给出以下之一：{0}"),
        (r"ambiguous option: (.*) could match (.*)", "选项 {0} 有歧义，可能是 {1}"),
        (r"ignored explicit argument (.*)", "此选项不带取值，却给了 {0}"),
        (r"unexpected option string: (.*)", "意外的选项 {0}"),
    ]
]
_ARGUMENT = re.compile(r"argument (.+?): (.*)", re.S)


def translate_usage_error(message: str) -> str:
    """argparse's English usage error in Chinese; one it has never been seen to say passes unchanged."""
    if found := _ARGUMENT.fullmatch(message):
        return f"{found[1]}：{translate_usage_error(found[2])}"
    for pattern, chinese in _USAGE_ERRORS:
        if found := pattern.fullmatch(message):
            return chinese.format(*(group.replace("', '", "'、'") for group in found.groups()))
    return message


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="intake", description="落户受理 — 福建省非户籍人口落户申请的离线受理工具（命令行）。")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)
    for module in COMMAND_MODULES:
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        cast(io.TextIOWrapper, stream).reconfigure(encoding="utf-8")
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except IntakeError as e:
        complain(str(e))
        return 2
    except KeyboardInterrupt:
        complain("已取消。")
        return 130
    except BrokenPipeError:
        # The reader went away (`intake search 林 | head`): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as e:  # a path the command was given that the system refused: the user's to fix
        complain(f"无法读写 {e.filename or '文件'}：{os_errors.describe(e)}")
        return 2
    except Exception as e:  # a bug: short report, traceback only when asked for
        if os.environ.get("INTAKE_DEBUG"):
            raise
        complain(f"程序内部错误（{type(e).__name__}: {e}）。请设置 INTAKE_DEBUG=1 重试并把输出报告给技术支持。")
        return 1


if __name__ == "__main__":
    sys.exit(main())
