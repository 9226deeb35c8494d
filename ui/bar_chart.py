"""Horizontal bars drawn with QPainter (QtCharts is not part of PySide6-Essentials)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

ROW_HEIGHT = 26
LABEL_WIDTH = 260  # at least; wider when a label needs it, up to half the chart


class BarChart(QWidget):
    """One bar per (label, count), longest first as given; the count is written after the bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, int]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_rows(self, rows: list[tuple[str, int]]) -> None:
        self.rows = rows
        self.setFixedHeight(max(len(rows), 1) * ROW_HEIGHT + 8)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(600, max(len(self.rows), 1) * ROW_HEIGHT + 8)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if not self.rows:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "暂无数据")
            return
        top = max(count for _, count in self.rows) or 1
        label_width = self.label_width()
        width = max(self.width() - label_width - 80, 40)
        metrics = self.fontMetrics()
        for i, (label, count) in enumerate(self.rows):
            y = 4 + i * ROW_HEIGHT
            painter.setPen(self.palette().text().color())
            shown = metrics.elidedText(label, Qt.TextElideMode.ElideMiddle, label_width - 8)
            painter.drawText(QRectF(0, y, label_width - 8, ROW_HEIGHT),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, shown)
            bar = width * count / top
            painter.fillRect(QRectF(label_width, y + 4, max(bar, 1), ROW_HEIGHT - 8), QColor("#1565c0"))
            painter.drawText(QRectF(label_width + bar + 6, y, 80, ROW_HEIGHT), Qt.AlignmentFlag.AlignVCenter, str(count))
        painter.end()

    def label_width(self) -> int:
        """Room for the longest label (never cut: elided in the middle only past half the width)."""
        longest = max((self.fontMetrics().horizontalAdvance(label) for label, _ in self.rows), default=0)
        return min(max(LABEL_WIDTH, longest + 16), max(self.width() // 2, LABEL_WIDTH))
