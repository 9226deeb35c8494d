"""argparse in Chinese, for `intake` and `intake-desk`: headings, the help option, the usage line
and usage errors (exit 2, as CONTRACT.md asks)."""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any

from intake.cli.output import complain


class _HelpFormatter(argparse.HelpFormatter):
    """Help with a Chinese usage line."""

    def add_usage(self, usage: str | None, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, prefix if prefix is not None else "用法：")


class ChineseParser(argparse.ArgumentParser):
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
