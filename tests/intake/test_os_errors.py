"""Operating-system errors reach the clerk in Chinese, whatever the system's own language."""

from __future__ import annotations

import errno
import re
from pathlib import Path

import pytest

from intake import os_errors
from intake.errors import PrintError
from intake.exchange.files import write_atomically


def _real(action: str, path: Path) -> OSError:
    try:
        if action == "read":
            path.read_bytes()
        else:
            path.write_bytes(b"x")
    except OSError as e:
        return e
    raise AssertionError("expected the system to refuse")


def test_real_errors_are_described_in_chinese(tmp_path: Path) -> None:
    assert os_errors.describe(_real("read", tmp_path / "nowhere.json")) == "找不到文件或文件夹"
    assert os_errors.describe(_real("read", tmp_path)) == "是文件夹不是文件"
    (tmp_path / "plain").write_text("x")
    assert os_errors.describe(_real("write", tmp_path / "plain" / "inside")) == "路径中有一段不是文件夹"


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EIO, errno.EBUSY])
def test_no_english_reaches_the_clerk(code: int) -> None:
    text = os_errors.describe(OSError(code, "English words from the system"))
    assert text and not re.search(r"[A-Za-z]{2,}", text.replace("U 盘", "")), text


def test_an_unusual_error_names_its_number() -> None:
    assert os_errors.describe(OSError(errno.EXDEV, "Invalid cross-device link")) == f"系统错误（错误码 {errno.EXDEV}）"


def test_a_write_into_a_missing_folder_says_so(tmp_path: Path) -> None:
    with pytest.raises(PrintError) as e:
        write_atomically(tmp_path / "no" / "such" / "report.csv", b"x")
    assert "找不到文件或文件夹" in e.value.message and "No such" not in str(e.value)
