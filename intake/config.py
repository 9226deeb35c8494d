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
    """The township registry: the county's own copy in the data folder when there is one (the
    shipped rules folder is read-only once installed under Program Files), else the one kept
    with the rules."""
    local = data_dir() / "townships.csv"
    if rules_dir == default_rules_dir() and local.is_file():
        return local
    return rules_dir / "townships.csv"


def data_dir() -> Path:
    """This installation's data folder: ``INTAKE_DATA_DIR``, else the platform's per-user data
    folder. Holds the default store, keys and configuration."""
    if env := os.environ.get("INTAKE_DATA_DIR"):
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("hukou-intake", appauthor=False))


def default_db_path() -> Path:
    """``INTAKE_DB``, else ``intake.db`` in the data folder (``--db`` overrides both)."""
    if env := os.environ.get("INTAKE_DB"):
        return Path(env)
    return data_dir() / "intake.db"
