"""The errors the core raises: each carries a message a clerk can read and what it concerns.

``IntakeError`` subclasses are expected failures (bad input, bad configuration, environment);
anything else reaching the user is a bug and is reported as such.
"""

from __future__ import annotations


class IntakeError(Exception):
    """An expected failure with a Chinese message and, where known, the field or file it is about."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


class IdentifierError(IntakeError):
    """An ID number, credit code or division code that fails its standard."""


class InvalidInput(IntakeError):
    """An application that cannot be evaluated: refused, nothing stored."""


class RuleError(IntakeError):
    """A rule pack or township registry that cannot be loaded; ``field`` is ``file: key``."""


class NoRulesInForce(InvalidInput):
    """No rule pack covers the application's jurisdiction on its date."""
