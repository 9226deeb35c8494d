"""Statistics of this hall (四(十六), 三(八)): the same figures, sections and words as `intake stats`
and the county's report (``intake.exchange.stats`` and ``.sections``), each section as bars, and
the settled persons per county and year; counted on the worker with a progress dialog when it
takes a while."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QGroupBox, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from ui.bar_chart import BarChart
from ui.session import Session
from ui.task import Task

if TYPE_CHECKING:
    from intake.exchange.stats import Statistics


def _month(key: str) -> str:
    year, _, month = key.partition("-")
    return f"{year} 年 {int(month)} 月" if month.isdigit() else key


class StatsScreen(QWidget):
    """Counts with bars; ``reload`` recounts. ``charts`` holds one chart per section id."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.stats: Statistics | None = None
        self.total = QLabel()
        self.total.setObjectName("stats_total")
        self.total.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.charts: dict[str, BarChart] = {}
        self.groups: dict[str, QGroupBox] = {}
        self.body = QWidget()
        self.sections = QVBoxLayout(self.body)
        self.sections.addWidget(self.total)
        self.sections.addStretch()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.body)
        self.reload_button = QPushButton("重新统计(&R)")
        self.reload_button.clicked.connect(self.reload)
        title = QLabel(f"{session.hall_name()}（{session.township}）落户统计", objectName="stats_title")
        title.setStyleSheet("font-size: 13pt;")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.reload_button)
        self.reload()

    def reload(self) -> None:
        def work(ctx: Any) -> "Statistics":
            from intake.exchange.stats import statistics

            return statistics(ctx.store, ctx.progress, ctx.token)

        Task(self, work).on_success(self.show_stats).with_progress("正在统计…").start()

    def _chart(self, key: str, title: str) -> BarChart:
        if key not in self.charts:
            group = QGroupBox(title)
            chart = BarChart()
            chart.setObjectName(f"chart_{key}")
            QVBoxLayout(group).addWidget(chart)
            self.sections.insertWidget(self.sections.count() - 1, group)
            self.charts[key], self.groups[key] = chart, group
        return self.charts[key]

    def show_stats(self, stats: "Statistics") -> None:
        from intake.exchange.sections import SETTLED_DEFINITION, sections, settled_rows

        self.stats = stats
        self.total.setText(f"共受理 {stats.total} 件，其中尚未评估 {stats.not_evaluated} 件")
        for section in sections(stats, self.session.townships):
            if section.id == "by_township" and len(section.rows) <= 1:
                continue  # a hall's store holds its own township only
            rows = [(_month(r.key) if section.id == "by_month" else r.label, r.count) for r in section.rows]
            if section.id != "by_month":
                rows.sort(key=lambda r: -r[1])
            self._chart(section.id, section.title).set_rows(rows)
        settled = []
        for row in settled_rows(stats):
            county, _, year = row.key.partition("/")
            settled.append((f"{year} 年（县区代码 {county}）", row.count))
        new = "settled" not in self.charts
        self._chart("settled", "落户人数（按办结年度）").set_rows(settled)
        if new:
            note = QLabel(SETTLED_DEFINITION, wordWrap=True, objectName="settled_definition")
            note.setStyleSheet("color: #555;")
            self.groups["settled"].layout().addWidget(note)
