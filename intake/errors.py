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


class StoreError(IntakeError):
    """The case store cannot be used: a foreign or newer file, locked, disk full, read-only.
    An environment failure, not a bug; ``field`` is the file."""


class _Named(IntakeError):
    """An error whose message already names what it is about (the case, the file)."""

    def __str__(self) -> str:
        return self.message


class CaseNotFound(_Named):
    """No case (or page) with that number in this store."""


class WorkflowError(_Named):
    """A workflow step the case's state does not allow (e.g. approving before consent)."""


class PageRejected(_Named):
    """A scanned page refused on the way in; ``field`` is the file name."""


class AccessDenied(IntakeError):
    """A login that fails or a step the signed-in user's role does not allow."""


class Cancelled(IntakeError):
    """A long operation stopped because the user cancelled it; nothing half-done is kept."""


class PrintError(IntakeError):
    """A document cannot be printed: no font for a character, a case not in the right state, an
    output file that cannot be written."""


class ReceiptRejected(IntakeError):
    """A receipt's QR payload is malformed, altered, or not signed by a trusted installation."""


class KeyStoreError(IntakeError):
    """A key file in the data folder is unreadable or damaged; ``field`` is the file."""


class ExportError(_Named):
    """An export bundle that cannot be made or delivered: no hall township, no county key, a
    target folder that cannot be written or a copy that does not read back the same."""


class BundleRefused(_Named):
    """An exchange bundle that is not imported — tampered, truncated, foreign, replayed or out of
    order; nothing was changed. The message names the bundle file."""
