"""Work-arounds for defects of the installed Qt binding, applied once when ``ui`` is imported.

PySide6 6.12.0: ``SignalInstance.emit()`` returns ``True`` without taking a reference for it, so
every ``signal.emit(...)`` from Python drops one reference to ``True``. The desk emits on every
keystroke (a form's ``changed``) and on every delivered task; ``True`` starts with about 1,500
references, so after a morning's typing the interpreter aborts ("Fatal Python error: bool_dealloc:
deallocating True or False"), and a short run aborts at exit. 6.11.3 does not have the defect.

The fix is detected, not assumed from the version: a probe signal is emitted and the references of
``True`` and ``False`` are counted; only a binding that loses them gets the wrapper, which gives
back exactly what was lost per emit.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance

PROBES = 8

_installed = False


class _Probe(QObject):
    ping = Signal()


def emit_loses_references() -> dict[bool, int]:
    """How many references to ``True``/``False`` one discarded ``emit()`` drops (0 when sound).
    The probe's own losses are given back."""
    probe = _Probe()
    true_before, false_before = sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(PROBES):
        probe.ping.emit()
    true_lost = round((true_before - sys.getrefcount(True)) / PROBES)
    false_lost = round((false_before - sys.getrefcount(False)) / PROBES)
    give_back(True, true_lost * PROBES)
    give_back(False, false_lost * PROBES)
    return {True: true_lost, False: false_lost}


def give_back(value: object, count: int) -> None:
    """Adds the ``count`` references to ``value`` that the binding dropped."""
    for _ in range(max(count, 0)):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(value))


def install() -> bool:
    """Wraps ``SignalInstance.emit`` if (and only if) it loses references; True when it did."""
    global _installed
    if _installed:
        return True
    lost = emit_loses_references()
    if not any(lost.values()):
        return False
    original = SignalInstance.emit

    def emit(self: SignalInstance, *args: Any) -> Any:
        result = original(self, *args)
        if result is True or result is False:
            give_back(result, lost[result])
        return result

    SignalInstance.emit = emit  # type: ignore[method-assign]
    _installed = True
    return True
