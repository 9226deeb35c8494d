"""Bugs: a report with everything support needs, appended to ``crash.log`` in the data folder, and
a hook so an exception nobody caught still reaches the clerk as a crash dialog."""

from __future__ import annotations

import datetime as dt
import platform
import sys
import traceback
from pathlib import Path
from types import TracebackType

from intake.config import data_dir

LOG_NAME = "crash.log"


def crash_log_path() -> Path:
    """The file every bug report is appended to."""
    return data_dir() / LOG_NAME


def format_report(exc: BaseException) -> str:
    """A plain-text report: when, which versions, and the traceback."""
    from PySide6 import __version__ as qt_version

    lines = [
        f"时间：{dt.datetime.now().isoformat(timespec='seconds')}",
        f"程序：落户受理 {_app_version()}",
        f"系统：{platform.platform()}；Python {platform.python_version()}；Qt {qt_version}",
        "",
        *traceback.format_exception(type(exc), exc, exc.__traceback__),
    ]
    return "\n".join(line.rstrip("\n") for line in lines)


def _app_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("hukou-intake")
    except PackageNotFoundError:
        return "（开发版）"


def record_bug(exc: BaseException) -> str:
    """Logs the report to the crash log (best effort) and returns it for the dialog."""
    report = format_report(exc)
    try:
        path = crash_log_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as f:
            f.write(report + "\n" + "-" * 72 + "\n")
    except OSError:
        pass  # the dialog still shows the report; a full disk must not hide the bug
    return report


def install_excepthook() -> None:
    """Routes uncaught exceptions (including those raised in Qt slots) to the message funnel."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        from ui import messages

        messages.failure(None, exc.with_traceback(tb))

    sys.excepthook = hook
