"""Checking what the user names on the command line before any work starts: files to read, the
``--rules`` and ``--townships`` paths, numeric options. Each problem becomes one Chinese line naming
the option or file (exit 2), never an operating-system message in English or a traceback."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from intake import os_errors
from intake.errors import InvalidInput

if TYPE_CHECKING:
    from intake.evaluation import Evaluator

# An application is a few kilobytes; anything this large is the wrong file (or /dev/zero), and
# reading it whole would only exhaust memory before the JSON parser refuses it.
MAX_APPLICATION_BYTES = 5 * 1024 * 1024
#: Where the registry comes from when ``--townships`` is not given (``config.default_townships``).
TOWNSHIPS_HELP = ("乡镇名录 CSV（默认：数据文件夹中县局自己的 townships.csv，没有时用规则目录中的；"
                  "给出 --rules 时用该规则目录中的）")

def _read_capped(stream: BinaryIO, name: str) -> bytes:
    """At most one byte more than the cap, so a device or endless pipe is refused, not swallowed."""
    data = stream.read(MAX_APPLICATION_BYTES + 1)
    if len(data) > MAX_APPLICATION_BYTES:
        raise InvalidInput(f"文件过大（超过 {MAX_APPLICATION_BYTES // (1024 * 1024)} MB），不是一份申请", name)
    return data


def read_input(name: str) -> bytes:
    """The bytes of an application file, or of standard input for ``-``; capped in size."""
    if name == "-":
        return _read_capped(sys.stdin.buffer, "标准输入")
    path = Path(name)
    if path.is_dir():  # open() succeeds on a folder on some systems; say what it is
        raise InvalidInput("无法读取：是文件夹不是文件", name)
    try:
        with path.open("rb") as stream:
            return _read_capped(stream, name)
    except OSError as e:
        raise InvalidInput(f"无法读取：{os_errors.describe(e)}", name) from None


def check_rule_paths(rules: Path | None, townships: Path | None) -> None:
    """Refuses a ``--rules`` that is not a folder or a ``--townships`` that is not a file, naming the
    option, before loading reads inside them and fails with an operating-system error."""
    if rules is not None:
        if not rules.exists():
            raise InvalidInput(f"找不到规则目录 {rules}", "--rules")
        if not rules.is_dir():
            raise InvalidInput(f"{rules} 不是文件夹（规则目录应为存放 .toml 规则包的文件夹）", "--rules")
    if townships is not None:
        if not townships.exists():
            raise InvalidInput(f"找不到乡镇名录文件 {townships}", "--townships")
        if townships.is_dir():
            raise InvalidInput(f"{townships} 是文件夹，应为乡镇名录 CSV 文件", "--townships")


def load_evaluator(args: argparse.Namespace) -> "Evaluator":
    """The evaluator for ``--rules`` and ``--townships``, after checking both paths."""
    from intake.evaluation import Evaluator

    check_rule_paths(args.rules, args.townships)
    return Evaluator.load(args.rules, args.townships)


def _int_at_least(text: str, least: int, wanted: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为{wanted}，而不是 {text!r}") from None
    if value < least:
        raise argparse.ArgumentTypeError(f"应为{wanted}，而不是 {value}")
    return value


def positive_int(text: str) -> int:
    """argparse type for counts and limits: zero or less would silently do nothing."""
    return _int_at_least(text, 1, "正整数")


def non_negative_int(text: str) -> int:
    """argparse type for 0-based positions (a negative one would count from the end)."""
    return _int_at_least(text, 0, " 0 或正整数")
