"""Statistics of this hall (四(十六)): cases by outcome, path, registration-address kind and month,
each as bars; counted on the worker with a progress dialog when it takes a while."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QGroupBox, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from intake.hall_stats import HallStats, hall_stats
from ui.bar_chart import BarChart
from ui.labels import ADDRESS_KIND_LABELS, OUTCOME_LABELS, PATH_LABELS
from ui.session import Session
from ui.task import Task

SECTIONS = (
    ("by_outcome", "按评估结果", OUTCOME_LABELS),
    ("by_path", "按落户通道", PATH_LABELS),
    ("by_address_kind", "按落户地址类型", ADDRESS_KIND_LABELS),
    ("by_month", "按受理月份", {}),
)


def _month(key: str) -> str:
    year, _, month = key.partition("-")
    return f"{year} 年 {int(month)} 月" if month.isdigit() else key


class StatsScreen(QWidget):
    """Counts with bars; ``reload`` recounts."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.total = QLabel()
        self.total.setObjectName("stats_total")
        self.total.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.charts: dict[str, BarChart] = {}
        body = QWidget()
        box = QVBoxLayout(body)
        box.addWidget(self.total)
        for key, title, _labels in SECTIONS:
            group = QGroupBox(title)
            chart = BarChart()
            chart.setObjectName(f"chart_{key}")
            QVBoxLayout(group).addWidget(chart)
            box.addWidget(group)
            self.charts[key] = chart
        box.addStretch()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        reload = QPushButton("重新统计(&R)")
        reload.clicked.connect(self.reload)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{session.hall_name()}（{session.township}）落户统计", objectName="stats_title"))
        layout.addWidget(scroll, 1)
        layout.addWidget(reload)
        self.reload()

    def reload(self) -> None:
        def work(ctx: Any) -> HallStats:
            return hall_stats(ctx.store, ctx.progress, ctx.token)

        Task(self, work).on_success(self.show_stats).with_progress("正在统计…").start()

    def show_stats(self, stats: HallStats) -> None:
        self.total.setText(f"共受理 {stats.total} 件，其中尚未评估 {stats.not_evaluated} 件")
        for key, _title, labels in SECTIONS:
            counts: dict[str, int] = getattr(stats, key)
            rows = [(_month(k) if key == "by_month" else labels.get(k, k), n) for k, n in counts.items()]
            if key != "by_month":
                rows.sort(key=lambda r: -r[1])
            self.charts[key].set_rows(rows)
