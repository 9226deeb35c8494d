"""Writing a report file so a failure leaves no half-written file behind."""

from __future__ import annotations

import os
from pathlib import Path

from intake import os_errors
from intake.errors import PrintError


def write_atomically(out: Path, data: bytes) -> Path:
    """Writes through a temporary file beside ``out``; PrintError names a file that cannot be written."""
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, out)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise PrintError(f"无法写入文件 {out}（{os_errors.describe(e)}）", str(out)) from None
    return out
