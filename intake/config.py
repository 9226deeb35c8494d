"""Where the shipped rules live and how the command line and the app find them."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def default_rules_dir() -> Path:
    """``INTAKE_RULES``, else the ``rules/`` folder shipped beside the package (source tree or
    frozen build)."""
    if env := os.environ.get("INTAKE_RULES"):
        return Path(env)
    frozen = getattr(sys, "_MEIPASS", None)
    base = Path(frozen) if frozen else Path(__file__).resolve().parent.parent
    return base / "rules"


def default_townships(rules_dir: Path) -> Path:
    """The township registry kept with the rules."""
    return rules_dir / "townships.csv"
