"""This counter's own preferences — who signed in last, where scans and prints were last taken from
or saved to — in ``desk.json`` in the data folder. Not hall data: nothing here is audited or
exported, and a missing or damaged file just means the defaults."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from intake.config import data_dir

FILE_NAME = "desk.json"


def config_path() -> Path:
    return data_dir() / FILE_NAME


def load() -> dict[str, Any]:
    """The stored preferences; empty when there are none or the file cannot be read."""
    try:
        data = json.loads(config_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def get(key: str, default: str = "") -> str:
    value = load().get(key, default)
    return value if isinstance(value, str) else default


def remember(**values: str) -> None:
    """Stores preferences (best effort: a read-only data folder must not stop the clerk)."""
    path = config_path()
    data = {**load(), **values}
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)


def last_user() -> str:
    """The user name that signed in last at this counter (prefilled on the sign-in screen)."""
    return get("last_user")


def folder(kind: str, fallback: Path) -> Path:
    """The folder last used for ``kind`` (``scans``, ``prints``) if it still exists."""
    remembered = get(f"{kind}_folder")
    return Path(remembered) if remembered and Path(remembered).is_dir() else fallback
