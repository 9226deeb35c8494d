"""Printing results: JSON for machines, one clear line for people, never a traceback."""

from __future__ import annotations

import json
import sys
from typing import Any


def emit_json(value: Any) -> None:
    """One JSON value on standard output, UTF-8, Chinese kept readable."""
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def say(text: str) -> None:
    """A line for a person on standard output."""
    sys.stdout.write(text + "\n")


def complain(text: str) -> None:
    """A line for a person on standard error."""
    sys.stderr.write(text + "\n")
