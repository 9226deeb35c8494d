"""A document's scanned pages at full size, to read what the preview is too small to show: a
supervisor checks the scan against the typed fields before approving, a clerk checks a page is
legible before the applicant leaves.

Opened from the case page (查看扫描页, or Enter on a document) and from the wizard (Enter or a
double click on a page). The keyboard does everything: PageDown/PageUp the next and previous page,
Ctrl++ / Ctrl+- zoom, Ctrl+0 fit the window, Ctrl+1 actual size, Ctrl+R turn a sideways scan,
the arrow keys move over a zoomed page, Esc closes. Turning only changes the view; the stored page
stays as it was scanned.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QKeySequence, QPixmap, QResizeEvent, QShortcut, QTransform, QWheelEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.task import Task

#: Zoom steps (Ctrl++ / Ctrl+-) and the largest side a zoomed page may have, in pixels: a 600 dpi
#: A4 scan at 400 % would need over a gigabyte; 6,000 pixels keep a zoomed page near 100 MB.
ZOOM_STEP = 1.25
MAX_ZOOM = 4.0
MIN_ZOOM = 0.1
MAX_SIDE = 6000


@dataclass(frozen=True)
class Page:
    """One page to show: a file not yet stored (``path``) or a page the store holds (``sha256``)."""

    title: str
    format: str
    path: Path | None = None
    sha256: str | None = None


class PageViewer(QDialog):
    """Shows ``pages`` one at a time, starting with ``start``; ``open()`` it (window-modal, gone
    when closed)."""

    def __init__(self, title: str, pages: list[Page], start: int = 0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(f"落户受理 — {title}")
        self.pages = pages
        self.row = -1
        self.zoom: float | None = None  # None: fitted to the window
        self.turns = 0  # quarter turns clockwise
        self.original = QPixmap()
        self.image = QLabel(alignment=Qt.AlignmentFlag.AlignCenter, objectName="page_image")
        self.scroll = QScrollArea(objectName="page_scroll")
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll.setWidget(self.image)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.scroll.viewport().installEventFilter(self)
        self.where = QLabel(objectName="page_where")
        self.scale = QLabel(objectName="page_scale")
        self.previous = self._button("上一页(&P)", "previous_page", self.show_previous)
        self.next = self._button("下一页(&N)", "next_page", self.show_next)
        zoom_in = self._button("放大(&I)", "zoom_in", self.zoom_in)
        zoom_out = self._button("缩小(&O)", "zoom_out", self.zoom_out)
        fit = self._button("适合窗口(&F)", "zoom_fit", self.fit)
        turn = self._button("旋转(&R)", "turn_page", self.turn)
        close = self._button("关闭", "close_viewer", self.reject)
        bar = QHBoxLayout()
        for widget in (self.previous, self.next, self.where):
            bar.addWidget(widget)
        bar.addStretch()
        for widget in (self.scale, zoom_out, zoom_in, fit, turn, close):
            bar.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.scroll, 1)
        hint = QLabel("PageDown / PageUp 翻页　Ctrl++ / Ctrl+- 缩放　Ctrl+0 适合窗口　Ctrl+1 原始大小　"
                      "Ctrl+R 旋转　方向键移动　Esc 关闭")
        hint.setStyleSheet("color: #555;")
        layout.addWidget(hint)
        shortcuts = (
            (QKeySequence.StandardKey.MoveToNextPage, self.show_next),
            (QKeySequence.StandardKey.MoveToPreviousPage, self.show_previous),
            (QKeySequence.StandardKey.ZoomIn, self.zoom_in),
            ("Ctrl+=", self.zoom_in),
            (QKeySequence.StandardKey.ZoomOut, self.zoom_out),
            ("Ctrl+0", self.fit),
            ("Ctrl+1", self.actual_size),
            ("Ctrl+R", self.turn),
        )
        for keys, slot in shortcuts:
            QShortcut(QKeySequence(keys), self, slot)
        screen = self.screen().availableGeometry()
        self.resize(int(screen.width() * 0.8), int(screen.height() * 0.85))
        self.show_page(start)
        self.scroll.setFocus()

    def _button(self, text: str, name: str, slot: object) -> QPushButton:
        button = QPushButton(text, objectName=name)
        button.setAutoDefault(False)  # Enter is not "the next page"
        button.clicked.connect(slot)
        return button

    # -- which page -------------------------------------------------------------------------------

    def show_page(self, row: int) -> None:
        """Shows page ``row`` fitted and upright; a stored page is read on the worker."""
        if not 0 <= row < len(self.pages):
            return
        self.row, self.zoom, self.turns = row, None, 0
        page = self.pages[row]
        self.where.setText(f"第 {row + 1} / {len(self.pages)} 页　{page.title}")
        self.previous.setEnabled(row > 0)
        self.next.setEnabled(row < len(self.pages) - 1)
        self.original = QPixmap()
        if page.format == "pdf":
            self._say(f"PDF 扫描件（{page.title}）：本程序不显示 PDF 的内容，请以纸质原件核对。")
        elif page.path is not None and not page.path.exists():
            self._say(f"找不到这个文件（已被移走或删除，U 盘是否已拔出？）：{page.path}")
        elif page.path is not None:
            self._loaded(row, QPixmap(str(page.path)))
        elif page.sha256 is not None:
            self._say("正在读取…")
            sha = page.sha256
            Task(self, lambda ctx: ctx.store.pages.data(sha)).on_success(lambda data: self._from_bytes(row, data)).start()

    def show_next(self) -> None:
        self.show_page(self.row + 1)

    def show_previous(self) -> None:
        self.show_page(self.row - 1)

    def _from_bytes(self, row: int, data: bytes) -> None:
        pixmap = QPixmap()
        pixmap.loadFromData(data)
        self._loaded(row, pixmap)

    def _loaded(self, row: int, pixmap: QPixmap) -> None:
        if row != self.row:
            return  # the clerk has moved on
        if pixmap.isNull():
            self._say("无法显示这一页（文件已损坏或格式不受支持）。")
            return
        self.original = pixmap
        self._render()

    def _say(self, text: str) -> None:
        self.image.setPixmap(QPixmap())
        self.image.setText(text)
        self.image.adjustSize()
        self.scale.clear()

    # -- how large --------------------------------------------------------------------------------

    def zoom_in(self) -> None:
        self._set_zoom(self.current_zoom() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self._set_zoom(self.current_zoom() / ZOOM_STEP)

    def actual_size(self) -> None:
        self._set_zoom(1.0)

    def fit(self) -> None:
        self.zoom = None
        self._render()

    def turn(self) -> None:
        """A quarter turn clockwise (a sideways scan), fitted again."""
        self.turns = (self.turns + 1) % 4
        self.zoom = None
        self._render()

    def current_zoom(self) -> float:
        """The scale the page is shown at (also when fitted)."""
        if self.zoom is not None:
            return self.zoom
        size = self._upright_size()
        if size.isEmpty():
            return 1.0
        room = self.scroll.contentsRect().size() - QSize(4, 4)  # the scroll bars' room too: none when fitted
        return max(MIN_ZOOM, min(room.width() / size.width(), room.height() / size.height(), MAX_ZOOM))

    def _set_zoom(self, zoom: float) -> None:
        if self.original.isNull():
            return
        size = self._upright_size()
        largest = MAX_SIDE / max(size.width(), size.height())
        self.zoom = max(MIN_ZOOM, min(zoom, MAX_ZOOM, largest))
        bars = (self.scroll.horizontalScrollBar(), self.scroll.verticalScrollBar())
        centre = [(bar.value() + bar.pageStep() / 2) / (bar.maximum() + bar.pageStep()) for bar in bars]
        self._render()
        for bar, at in zip(bars, centre):  # the part looked at stays in the middle
            bar.setValue(round(at * (bar.maximum() + bar.pageStep()) - bar.pageStep() / 2))

    def _upright_size(self) -> QSize:
        size = self.original.size()
        return size.transposed() if self.turns % 2 else size

    def _render(self) -> None:
        if self.original.isNull():
            return
        zoom = self.current_zoom()
        bars = Qt.ScrollBarPolicy.ScrollBarAlwaysOff if self.zoom is None else Qt.ScrollBarPolicy.ScrollBarAsNeeded
        self.scroll.setHorizontalScrollBarPolicy(bars)
        self.scroll.setVerticalScrollBarPolicy(bars)
        upright = self.original.transformed(QTransform().rotate(90 * self.turns)) if self.turns else self.original
        ratio = self.devicePixelRatioF()
        target = upright.size() * (zoom * ratio)
        shown = upright.scaled(target, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
        shown.setDevicePixelRatio(ratio)
        self.image.setPixmap(shown)
        self.image.resize(shown.size() / ratio)
        self.scale.setText(f"{round(zoom * 100)}%")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.zoom is None:
            self._render()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Ctrl and the wheel over the page zoom, as in every viewer; the wheel alone scrolls."""
        if (event.type() == QEvent.Type.Wheel and isinstance(event, QWheelEvent)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            (self.zoom_in if event.angleDelta().y() > 0 else self.zoom_out)()
            return True
        return super().eventFilter(watched, event)
