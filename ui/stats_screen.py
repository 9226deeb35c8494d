"""Statistics of this hall, or of the whole county on the county's installation (四(十六), 三(八)):
the same figures, sections and words as `intake stats` and the county's report
(``intake.exchange.stats`` and ``.sections``), each section as bars, and the settled persons per
county and year; counted on the worker with a progress dialog when it takes a while. Saved as the
PDF report or a CSV for a spreadsheet, written on the worker.

The save dialogs are attributes a test replaces (``choose_pdf``, ``choose_csv``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSlider,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from intake.divisions import county_label
from ui import desk_config, file_dialogs, messages
from ui.bar_chart import BarChart
from ui.session import Session
from ui.task import Task

if TYPE_CHECKING:
    from intake.exchange.stats import Statistics

COUNTY_SCOPE = "县局汇总"
KINDS = {"pdf": ("PDF 报告", "PDF 文件 (*.pdf)"), "csv": ("CSV", "CSV 文件（UTF-8，Excel 可直接打开） (*.csv)")}


def scope(session: Session) -> str:
    """Whose cases the report counts, as the report's 统计范围 line says it."""
    if session.is_county:
        return f"{COUNTY_SCOPE}：{county_label(session.county)}"
    return f"乡镇（街道）{session.hall_name()}（{session.township}）"


def default_folder() -> Path:
    """Where reports go unless the clerk chose another folder before: 文档/落户受理统计."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return desk_config.folder("reports", Path(documents or Path.home()) / "落户受理统计")


def _choose(parent: QWidget, kind: str, name: str) -> Path | None:
    what, pattern = KINDS[kind]
    folder = default_folder()
    try:
        folder.mkdir(exist_ok=True)  # so the dialog opens there; its parent (文档) usually exists
    except OSError:
        pass  # the dialog then starts wherever Qt chooses
    out = file_dialogs.save_file(parent, f"保存统计{what}", folder / name, pattern)
    if not out:
        return None
    path = Path(out)
    return path if path.suffix.lower() == f".{kind}" else path.with_name(f"{path.name}.{kind}")


def choose_pdf(parent: QWidget, name: str) -> Path | None:
    return _choose(parent, "pdf", name)


def choose_csv(parent: QWidget, name: str) -> Path | None:
    return _choose(parent, "csv", name)


def _month(key: str) -> str:
    year, _, month = key.partition("-")
    return f"{year} 年 {int(month)} 月" if month.isdigit() else key



class _Figures(QScrollArea):
    """The statistics' scrolling area: Home and End go to the top and the bottom too."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        ends = {Qt.Key.Key_Home: QAbstractSlider.SliderAction.SliderToMinimum,
                Qt.Key.Key_End: QAbstractSlider.SliderAction.SliderToMaximum}
        action = ends.get(Qt.Key(event.key()))
        if action is None or event.modifiers() != Qt.KeyboardModifier.NoModifier:
            super().keyPressEvent(event)
            return
        self.verticalScrollBar().triggerAction(action)

class StatsScreen(QWidget):
    """Counts with bars; ``reload`` recounts. ``charts`` holds one chart per section id."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.stats: Statistics | None = None
        self.choose_pdf = choose_pdf
        self.choose_csv = choose_csv
        self.saved: Path | None = None  # the last file written (tests)
        self.total = QLabel()
        self.total.setObjectName("stats_total")
        self.total.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.charts: dict[str, BarChart] = {}
        self.groups: dict[str, QGroupBox] = {}
        self.body = QWidget()
        self.sections = QVBoxLayout(self.body)
        self.sections.addWidget(self.total)
        self.sections.addStretch()
        scroll = self.scroll = _Figures()
        scroll.setObjectName("stats_scroll")
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.body)
        scroll.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.reload_button = QPushButton("重新统计(&R)")
        self.reload_button.setObjectName("reload_stats")
        self.reload_button.clicked.connect(self.reload)
        self.pdf_button = QPushButton("保存 PDF 报告(&P)…")
        self.pdf_button.setObjectName("save_pdf")
        self.pdf_button.clicked.connect(self.save_pdf)
        self.csv_button = QPushButton("保存 CSV(&S)…")
        self.csv_button.setObjectName("save_csv")
        self.csv_button.clicked.connect(self.save_csv)
        buttons = QHBoxLayout()
        for button in (self.reload_button, self.pdf_button, self.csv_button):
            buttons.addWidget(button)
        buttons.addStretch()
        where = f"县局汇总：{county_label(session.county)}" if session.is_county else f"{session.hall_name()}（{session.township}）"
        title = QLabel(f"{where}落户统计", objectName="stats_title")
        title.setStyleSheet("font-size: 13pt;")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self._enable_saving(False)
        self.reload()

    def focus_start(self) -> None:
        """The figures are what the screen is for: PageDown and the arrows scroll them at once;
        Tab reaches the buttons."""
        self.scroll.setFocus()

    def _enable_saving(self, enabled: bool) -> None:
        self.pdf_button.setEnabled(enabled)
        self.csv_button.setEnabled(enabled)

    def reload(self) -> None:
        def work(ctx: Any) -> "Statistics":
            from intake.exchange.stats import statistics

            return statistics(ctx.store, ctx.progress, ctx.token)

        Task(self, work, read_only=True).on_success(self.show_stats).with_progress("正在统计…").start()

    def _file_name(self, kind: str) -> str:
        day = (self.stats.generated_at[:10] if self.stats else "") or "统计"
        who = COUNTY_SCOPE if self.session.is_county else self.session.hall_name()
        return f"落户统计-{who}-{day}.{kind}"

    def save_pdf(self) -> Task[Path] | None:
        """The figures on screen as the PDF report (with charts), written on the worker."""
        return self._save("pdf")

    def save_csv(self) -> Task[Path] | None:
        """The figures on screen as CSV (UTF-8 with BOM, opens in Excel), written on the worker."""
        return self._save("csv")

    def _save(self, kind: str) -> Task[Path] | None:
        stats = self.stats
        if stats is None:
            return None
        out = (self.choose_pdf if kind == "pdf" else self.choose_csv)(self, self._file_name(kind))
        if out is None:
            return None
        desk_config.remember(reports_folder=str(out.parent))
        townships, where = self.session.townships, scope(self.session)

        def work(ctx: Any) -> Path:
            if kind == "pdf":
                from intake.exchange.report_pdf import write_report

                return Path(write_report(stats, out, where, townships))
            from intake.exchange.report_csv import write_csv

            return Path(write_csv(stats, out, townships))

        def done(path: Path) -> None:
            self.saved = path
            messages.info(self, f"已保存统计{KINDS[kind][0]}：{path}")

        return Task(self, work).on_success(done).with_progress(f"正在保存统计{KINDS[kind][0]}…").start()

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
        self._enable_saving(True)
        self.total.setText(f"共受理 {stats.total} 件，其中尚未评估 {stats.not_evaluated} 件")
        for section in sections(stats, self.session.townships):
            if section.id == "by_township" and len(section.rows) <= 1 and not self.session.is_county:
                continue  # a hall's store holds its own township only
            rows = [(_month(r.key) if section.id == "by_month" else r.label, r.count) for r in section.rows]
            if section.id != "by_month":
                rows.sort(key=lambda r: -r[1])
            self._chart(section.id, section.title).set_rows(rows)
        settled = []
        for row in settled_rows(stats):
            settled.append((row.label, row.count))
        new = "settled" not in self.charts
        self._chart("settled", "落户人数（按办结年度）").set_rows(settled)
        if new:
            note = QLabel(SETTLED_DEFINITION, wordWrap=True, objectName="settled_definition")
            note.setStyleSheet("color: #555;")
            self.groups["settled"].layout().addWidget(note)
