"""A township (street) code, typed or picked by name: clerks know "海滨街道", not 350502001.

Typing any part of a code or a name lists the registry's matches; Down and Enter (or a click) put
the code in the box. Under it the code's township is named, or, for a code the registry does not
list (a township in another county or province), said to be unlisted — the code is still accepted
as typed: the rules decide what a township outside this county means.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCompleter, QLabel, QLineEdit, QWidget

from intake.rules.townships import Townships

_SEPARATOR = "　"
PLACEHOLDER = "输入代码，或输入乡镇（街道）名称的一部分后从列表中选择"
UNLISTED = "乡镇名录中没有这个代码（外县、外省的乡镇照证件填写即可）"
SEVERAL = "有 {count} 个乡镇（街道）的名称含“{text}”：请回到此栏多输入几个字，再从列表中选择"
NONE = "乡镇名录中没有名称含“{text}”的乡镇（街道）：外县、外省的乡镇请填写 9 位代码"


NO_PUBLIC_ADDRESS = "（乡镇名录中未登记公共集体户地址）"


class TownshipInput(QLineEdit):
    """The code as text (``text()``); ``note`` names it, for the form to show under the box. A
    name typed and left (Tab) becomes its code when only one township has it; ``left`` fires once
    the box is left, for the form to check what stayed."""

    left = Signal()

    def __init__(self, townships: Townships, workplace: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._townships = townships
        self._workplace = workplace  # the note also says when the public collective address is missing
        self.setPlaceholderText(PLACEHOLDER)
        entries = [f"{t.code}{_SEPARATOR}{t.name}" for t in townships.all()]
        completer = QCompleter(entries, self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setMaxVisibleItems(12)
        completer.activated[str].connect(self._picked)
        self.setCompleter(completer)
        self.note = QLabel()
        self.note.setObjectName("township_note")
        self.note.setWordWrap(True)
        self.textChanged.connect(self.name_it)
        self.editingFinished.connect(self._left)

    def event(self, event: QEvent) -> bool:
        """Tab onwards leaves no list behind: the completer hands Tab over to the box while its list
        is open (and the box gets no focus-out then, the list being the active window)."""
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)):
            self.completer().popup().hide()
            self.settle()
        return super().event(event)

    def typing_name(self) -> bool:
        """A name is being typed here: the list offers its townships; the form says nothing yet."""
        text = self.text().strip()
        return self.hasFocus() and bool(text) and not text.isdigit()

    def _left(self) -> None:
        self.settle()
        self.left.emit()

    def settle(self) -> None:
        """A name typed and left without choosing ("临江", Tab) stands for its township when the
        registry has exactly one of that name; otherwise the text stays for the clerk to correct,
        and the note says how many townships the name fits."""
        text = self.text().strip()
        if not text or text.isdigit():
            return
        matches = [t.code for t in self._townships.all() if text in t.name]
        if len(matches) == 1:
            self._typed(matches[0])
            return
        self.note.setText(SEVERAL.format(count=len(matches), text=text) if matches else NONE.format(text=text))
        self.note.setStyleSheet("color: #8a5a00;")
        self.note.show()

    def _picked(self, entry: str) -> None:
        code = entry.split(_SEPARATOR)[0]
        # The line edit writes the whole entry once this signal is handled: the code replaces it
        # after, as if typed, so the form checks it like any other edit.
        QTimer.singleShot(0, self, lambda: self._typed(code))

    def _typed(self, code: str) -> None:
        if self.text() != code:
            self.setText(code)
            self.textEdited.emit(code)

    def name_it(self, text: str) -> None:
        """Names the township of ``text`` under the box (also for a value the form set quietly)."""
        code = text.strip()
        if len(code) != 9 or not code.isdigit():
            self.note.clear()
            self.note.hide()
            return
        town = self._townships.get(code)
        unconfigured = self._workplace and town is not None and not town.public_address
        self.note.setText((f"{town.name}{NO_PUBLIC_ADDRESS}" if unconfigured else town.name) if town else UNLISTED)
        self.note.setStyleSheet("color: #555;" if town else "color: #8a5a00;")
        self.note.show()
