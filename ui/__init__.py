"""The Qt desktop application, a thin face over the core."""

import os as _os
import sys as _sys


def _chinese_system_locale_on_linux() -> None:
    """Qt's file dialogs write dates and sizes in the system's locale, which Qt reads when it is
    loaded: a Linux session left in the "C" locale would show "29 11 2026" and "0 bytes". Windows
    and a Linux desktop set to a language keep their own."""
    if not _sys.platform.startswith("linux") or _os.environ.get("LC_ALL"):
        return
    if _os.environ.get("LANG", "C").split(".")[0] in ("", "C", "POSIX"):
        for category in ("LC_TIME", "LC_MESSAGES"):  # dates; the locale's own words ("字节")
            _os.environ.setdefault(category, "zh_CN.UTF-8")


_chinese_system_locale_on_linux()
