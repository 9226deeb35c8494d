"""The Qt desktop application, a thin face over the core."""

from ui import qt_fixes as _qt_fixes

_qt_fixes.install()
