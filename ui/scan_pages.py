"""The scanned pages of one document: added by file dialog or drag-and-drop, shown as thumbnails
with a large preview of the selected page. A continued case shows the pages the store already holds
first (their thumbnails read from the store; they are never removed), then the new ones."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QIcon, QPainter, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.page_viewer import Page, PageViewer

if TYPE_CHECKING:
    from intake.store.cases import PageView

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}  # what the store accepts
SCAN_SUFFIXES = IMAGE_SUFFIXES | {".pdf"}
THUMB = QSize(96, 128)


def _placeholder(text: str, size: QSize) -> QPixmap:
    """A page icon for files Qt cannot draw (PDF) or cannot read."""
    pixmap = QPixmap(size)
    pixmap.fill(QColor("#f5f5f5"))
    painter = QPainter(pixmap)
    painter.setPen(QColor("#616161"))
    painter.drawRect(0, 0, size.width() - 1, size.height() - 1)
    painter.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return pixmap


def page_pixmap(path: Path, size: QSize, ratio: float = 1.0) -> QPixmap:
    """The page scaled to fit ``size`` (logical pixels; sharp at ``ratio`` device pixels each);
    a labelled placeholder for PDFs and unreadable files."""
    if path.suffix.lower() == ".pdf":
        return _placeholder("PDF 文件", size)
    pixmap = QPixmap(str(path))
    if pixmap.isNull():
        return _placeholder("无法显示", size)
    return _fit(pixmap, size, ratio)


def _fit(pixmap: QPixmap, size: QSize, ratio: float = 1.0) -> QPixmap:
    """Scaled to fit ``size`` logical pixels, drawn with ``ratio`` device pixels each (200 %)."""
    scaled = pixmap.scaled(size * ratio, Qt.AspectRatioMode.KeepAspectRatio,
                           Qt.TransformationMode.SmoothTransformation)
    scaled.setDevicePixelRatio(ratio)
    return scaled


class ScanPages(QWidget):
    """Thumbnails and preview; ``pages_changed`` fires when pages are added or removed."""

    pages_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.pages: list[Path] = []  # new pages, not yet stored
        self.stored: list["PageView"] = []  # pages the store holds (a continued case)
        self._stored_thumbs: dict[str, QPixmap] = {}
        self.viewer: PageViewer | None = None  # the last one opened (gone once closed)
        self.choose_files = self._choose_files  # replaced in tests
        self.thumbs = QListWidget()
        self.thumbs.setObjectName("thumbs")
        self.thumbs.setViewMode(QListWidget.ViewMode.IconMode)
        self.thumbs.setIconSize(THUMB)
        self.thumbs.setFlow(QListWidget.Flow.LeftToRight)
        self.thumbs.setWrapping(False)
        self.thumbs.setFixedHeight(THUMB.height() + 48)
        self.thumbs.setMovement(QListWidget.Movement.Static)
        self.thumbs.currentRowChanged.connect(self._preview)
        self.thumbs.itemActivated.connect(lambda item: self.view_full(self.thumbs.row(item)))
        self.preview = QLabel("把扫描件拖到这里，或点击“添加扫描件”")
        self.preview.setObjectName("preview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        scroll = self._scroll = QScrollArea()
        scroll.setMinimumHeight(120)  # small screens: the form above needs the room
        scroll.setWidgetResizable(True)
        # The page is always fitted (``_preview``): no scroll bars, even for the moment between a
        # resize and the refit.
        scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.preview)
        self._refit = QTimer(self, singleShot=True, interval=150)  # once a resize has settled
        self._refit.timeout.connect(lambda: self._preview(self.thumbs.currentRow()))
        add = QPushButton("添加扫描件(&S)…")
        add.setObjectName("add_scan")
        add.clicked.connect(self._add_from_dialog)
        self.remove = remove = QPushButton("删除此页(&X)")
        remove.setObjectName("remove_scan")
        remove.clicked.connect(self._remove_current)
        self.stored_note = QLabel()
        self.stored_note.setObjectName("stored_note")
        self.stored_note.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addWidget(self.stored_note)
        buttons.addStretch()
        buttons.addWidget(QLabel("选中页面按 Enter 或双击：查看大图"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.thumbs)
        layout.addWidget(scroll, 1)

    def _choose_files(self) -> list[str]:
        from ui import desk_config, file_dialogs

        start = desk_config.folder("scans", Path.home())
        files = file_dialogs.open_files(self, "选择扫描件", start, "扫描件 (*.png *.jpg *.jpeg *.tif *.tiff *.pdf)")
        if files:
            desk_config.remember(scans_folder=str(Path(files[0]).parent))
        return files

    def _add_from_dialog(self) -> None:
        self.add_files([Path(f) for f in self.choose_files()])

    def add_files(self, files: list[Path]) -> list[Path]:
        """Adds the scans among ``files``; returns those refused (not an image or PDF)."""
        refused = [f for f in files if f.suffix.lower() not in SCAN_SUFFIXES]
        added = [f for f in files if f.suffix.lower() in SCAN_SUFFIXES]
        for path in added:
            self.pages.append(path)
            item = QListWidgetItem(QIcon(page_pixmap(path, THUMB, self.devicePixelRatioF())), f"第 {self._count()} 页")
            item.setToolTip(path.name)
            self.thumbs.addItem(item)
        if added:
            self.thumbs.setCurrentRow(self._count() - 1)
            self.pages_changed.emit()
        if refused:
            from ui import messages

            names = "、".join(f.name for f in refused)
            messages.error(self, f"只能添加图片（JPEG、PNG、TIFF）或 PDF 扫描件，未添加：{names}")
        return refused

    def _count(self) -> int:
        return len(self.stored) + len(self.pages)

    def set_stored(self, pages: list["PageView"]) -> None:
        """The pages of this document the store already holds (a continued case), shown first;
        their thumbnails follow with ``show_thumbnails``."""
        self.stored = list(pages)
        for i, page in enumerate(self.stored):
            item = QListWidgetItem(QIcon(_placeholder("读取中…", THUMB)), f"第 {i + 1} 页（已保存）")
            item.setToolTip(f"{page.filename}，{page.added_at[:16].replace('T', ' ')} 由 {page.added_by} 添加")
            self.thumbs.insertItem(i, item)
        for i in range(len(self.stored), self.thumbs.count()):
            self.thumbs.item(i).setText(f"第 {i + 1} 页")
        count = len(self.stored)
        self.stored_note.setText(f"已保存 {count} 页；新添加的页面保存时追加" if count else "")
        self.stored_note.setVisible(bool(count))
        if count and self.thumbs.currentRow() < 0:
            self.thumbs.setCurrentRow(0)

    def show_thumbnails(self, thumbnails: dict[str, bytes]) -> None:
        """Draws the stored pages' thumbnails (PNG bytes from ``store.pages.thumbnail``)."""
        for i, page in enumerate(self.stored):
            data = thumbnails.get(page.sha256)
            if data is None:
                continue
            pixmap = QPixmap()
            if not pixmap.loadFromData(data):
                pixmap = _placeholder("无法显示", THUMB)
            self._stored_thumbs[page.sha256] = pixmap
            self.thumbs.item(i).setIcon(QIcon(_fit(pixmap, THUMB, self.devicePixelRatioF())))
        # A landscape page is lower than its portrait placeholder was: laid out and painted afresh,
        # or the placeholder's lower half stays on screen as a ghost page.
        self.thumbs.doItemsLayout()
        self.thumbs.viewport().update()
        self._preview(self.thumbs.currentRow())

    def _remove_current(self) -> None:
        row = self.thumbs.currentRow() - len(self.stored)
        if row < 0:
            return  # a stored page is never removed
        del self.pages[row]
        self.thumbs.takeItem(row + len(self.stored))
        for i in range(len(self.stored), self.thumbs.count()):
            self.thumbs.item(i).setText(f"第 {i + 1} 页")
        if not self._count():
            self.preview.setText("把扫描件拖到这里，或点击“添加扫描件”")
        self.pages_changed.emit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._count():
            self._refit.start()

    def _preview(self, row: int) -> None:
        """The whole page, fitted to the space there is (the clerk checks it is complete; a page
        larger than the box would open half-scrolled)."""
        box = (self._scroll.viewport().size() - QSize(4, 4)).expandedTo(QSize(40, 40))
        self.remove.setEnabled(row >= len(self.stored))
        if 0 <= row < len(self.stored):
            thumb = self._stored_thumbs.get(self.stored[row].sha256)
            if thumb is not None:
                self._show_stored(row, thumb, box)
            return
        row -= len(self.stored)
        if 0 <= row < len(self.pages):
            self.preview.setPixmap(page_pixmap(self.pages[row], box, self.devicePixelRatioF()))

    def view_full(self, row: int) -> None:
        """The document's pages at full size from page ``row`` on (Enter or a double click on a
        page), to check it is legible while the applicant is still at the counter."""
        pages = [Page(f"{page.filename}（已保存）", page.format, sha256=page.sha256) for page in self.stored]
        pages += [Page(path.name, "pdf" if path.suffix.lower() == ".pdf" else "image", path=path) for path in self.pages]
        if 0 <= row < len(pages):
            self.viewer = PageViewer("扫描页", pages, row, self)
            self.viewer.open()

    def _show_stored(self, row: int, thumb: QPixmap, box: QSize) -> None:
        """The thumbnail at once; the page itself read from the store for the large preview."""
        page = self.stored[row]
        self.preview.setPixmap(_fit(thumb, box, self.devicePixelRatioF()))
        if page.format == "pdf":
            return

        def shown(data: bytes) -> None:
            pixmap = QPixmap()
            if self.thumbs.currentRow() == row and pixmap.loadFromData(data):
                self.preview.setPixmap(_fit(pixmap, box, self.devicePixelRatioF()))

        from ui.task import Task

        sha = page.sha256
        Task(self, lambda ctx: ctx.store.pages.data(sha)).on_success(shown).start()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        self.add_files(files)
        event.acceptProposedAction()
