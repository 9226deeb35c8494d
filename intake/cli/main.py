"""Entry point of `intake`: dispatches to one module per command and turns expected errors into
one clear line on standard error with exit code 2."""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Sequence
from typing import cast

from intake.cli import backup_cmd, case_cmd, evaluate, rules_cmd, sample_cmd, search_cmd, setup_cmd, verify_cmd
from intake.cli import print_cmd, verify_receipt_cmd
from intake.cli import export_cmd, import_cmd, keys_cmd, stats_cmd
from intake import os_errors
from intake.cli.output import complain
from intake.cli.parser import ChineseParser
from intake.errors import IntakeError

COMMAND_MODULES = [evaluate, rules_cmd, setup_cmd, case_cmd, search_cmd, verify_cmd, backup_cmd, sample_cmd]
COMMAND_MODULES += [print_cmd, verify_receipt_cmd]
COMMAND_MODULES += [keys_cmd, export_cmd, import_cmd, stats_cmd]


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseParser(prog="intake", description="落户受理 — 福建省非户籍人口落户申请的离线受理工具（命令行）。")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=ChineseParser)
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
