"""Horizontal bars drawn with QPainter (QtCharts is not part of PySide6-Essentials)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

ROW_HEIGHT = 26
LABEL_WIDTH = 260


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
        width = max(self.width() - LABEL_WIDTH - 80, 40)
        for i, (label, count) in enumerate(self.rows):
            y = 4 + i * ROW_HEIGHT
            painter.setPen(self.palette().text().color())
            painter.drawText(QRectF(0, y, LABEL_WIDTH - 8, ROW_HEIGHT),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
            bar = width * count / top
            painter.fillRect(QRectF(LABEL_WIDTH, y + 4, max(bar, 1), ROW_HEIGHT - 8), QColor("#1565c0"))
            painter.drawText(QRectF(LABEL_WIDTH + bar + 6, y, 80, ROW_HEIGHT), Qt.AlignmentFlag.AlignVCenter, str(count))
        painter.end()
