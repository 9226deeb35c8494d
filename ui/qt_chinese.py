"""Qt's own words that its Chinese translation (``qtbase_zh_CN``) lacks, so a clerk never meets
English in Qt's dialogs: Qt 6's file dialog labels gained mnemonics ("&Look in:", "Files of &type:")
that the shipped translation does not have, and the file list's type column ("Folder", "Drive")
comes from a context it never translated. Found by asking every string Qt looked up while its file
dialogs, message boxes and context menus opened (``tests/ui/test_qt_chinese.py`` does it again).
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QTranslator

from ui.qt_fixes import PROBES, give_back

#: (context, source text) → Chinese; the mnemonics stay on the same letters.
MISSING: dict[tuple[str, str], str] = {
    ("QFileDialog", "&Look in:"): "查找范围(&L)：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
    ("QAbstractFileIconProvider", "Folder"): "文件夹",
    ("QAbstractFileIconProvider", "File Folder"): "文件夹",
    ("QAbstractFileIconProvider", "Drive"): "驱动器",
    ("QAbstractFileIconProvider", "File"): "文件",
    ("QAbstractFileIconProvider", "%1 File"): "%1 文件",
    ("QFileSystemModel", "Size"): "大小",  # qtbase_zh_CN says 体积 (volume)
}


class _Supplement(QTranslator):
    """Answers only the strings in ``MISSING``; every other lookup falls through to the next
    translator (``qtbase_zh_CN``).

    PySide6 6.12.0 drops a reference to ``None`` each time Qt calls this override without a
    disambiguation (most lookups), which would abort the interpreter before long; the loss is
    measured when installed (``_none_lost_per_lookup``) and given back per such call."""

    def __init__(self, parent: QCoreApplication, none_lost: int = 0) -> None:
        super().__init__(parent)
        self._none_lost = none_lost

    def translate(self, context: str, source: str, disambiguation: str | None = None,  # type: ignore[override]
                  n: int = -1) -> str | None:
        if disambiguation is None and self._none_lost:
            give_back(None, self._none_lost)
        return MISSING.get((context, source))  # None: not ours (an empty text would blank Qt's word)

    def isEmpty(self) -> bool:
        return False


def _none_lost_per_lookup(app: QCoreApplication) -> int:
    """References to ``None`` the binding drops per call of the override (0 when sound); the
    probe's own losses are given back."""
    probe = _Supplement(app)
    app.installTranslator(probe)
    before = sys.getrefcount(None)
    for _ in range(PROBES):
        QCoreApplication.translate("qt_chinese", "probe")
    lost = round((before - sys.getrefcount(None)) / PROBES)
    app.removeTranslator(probe)
    give_back(None, lost * PROBES)
    return max(lost, 0)


def install(app: QCoreApplication) -> None:
    """Installed after ``qtbase_zh_CN``, so it is asked first."""
    app.installTranslator(_Supplement(app, _none_lost_per_lookup(app)))
