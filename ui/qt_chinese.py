"""Qt's own words that its Chinese translation (``qtbase_zh_CN``) lacks, so a clerk never meets
English in Qt's dialogs: Qt 6's file dialog labels gained mnemonics ("&Look in:", "Files of &type:")
that the shipped translation does not have, and the file list's type column ("Folder", "Drive")
comes from a context it never translated. Found by asking every string Qt looked up while its file
dialogs, message boxes and context menus opened (``tests/ui/test_smoke.py`` does it again).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

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
    translator (``qtbase_zh_CN``). Qt asks it for every word of every menu and dialog: a binding
    that lost a reference per call (PySide6 6.12.0 did; ``pyproject.toml`` keeps it out) would
    abort the interpreter before long (``tests/ui/test_qt_binding.py``)."""

    def translate(self, context: str, source: str, disambiguation: str | None = None,  # type: ignore[override]
                  n: int = -1) -> str | None:
        return MISSING.get((context, source))  # None: not ours (an empty text would blank Qt's word)

    def isEmpty(self) -> bool:
        return False


def install(app: QCoreApplication) -> None:
    """Installed after ``qtbase_zh_CN``, so it is asked first."""
    app.installTranslator(_Supplement(app))
