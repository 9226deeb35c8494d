"""`intake stats --pdf FILE`: the statistics report for the county's periodic report (四(十六)), A4,
with a bar chart and a table per dimension and the net settled population per county and year
(三(八)). Uses the printed documents' CJK font (``intake.printing.fonts``)."""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from intake.divisions import county_label, county_name
from intake.exchange.files import write_atomically
from intake.exchange.sections import SETTLED_DEFINITION, Row, Section, sections
from intake.exchange.stats import Statistics
from intake.printing.fonts import fonts
from intake.rules.townships import Townships

TITLE = "落户统计报告"
PAGE_FOOTER = "第 {num} 页"
_WIDTH = A4[0] - 40 * mm
_BAR = colors.HexColor("#3a6ea5")
_GRID = colors.HexColor("#999999")
_HEAD = colors.HexColor("#e8eef5")


def render_report(stats: Statistics, scope: str, townships: Townships | None = None) -> bytes:
    """The report as PDF bytes; ``scope`` says whose cases these are (a hall, or the county)."""
    font = fonts().name
    styles = {
        "title": ParagraphStyle("title", fontName=font, fontSize=18, leading=24, alignment=1, spaceAfter=4 * mm),
        "meta": ParagraphStyle("meta", fontName=font, fontSize=9, leading=13, alignment=1, textColor=colors.grey),
        "h": ParagraphStyle("h", fontName=font, fontSize=13, leading=18, spaceBefore=5 * mm, spaceAfter=2 * mm),
        "body": ParagraphStyle("body", fontName=font, fontSize=9, leading=14),
    }
    story: list[Flowable] = [
        Paragraph(TITLE, styles["title"]),
        Paragraph(f"统计范围：{_escape(scope)}　　生成时间：{stats.generated_at[:19].replace('T', ' ')}", styles["meta"]),
        Spacer(1, 4 * mm),
        _table([["案件总数", str(stats.total)], ["尚未评估", str(stats.not_evaluated)],
                ["落户人数（各县各年度合计）", str(sum(s.persons for s in stats.settled))]], font, header=False),
    ]
    numerals = "一二三四五六七八九十"
    parts = sections(stats, townships)
    for i, section in enumerate(parts):
        story.append(KeepTogether(_section(f"{numerals[i]}、{section.title}", section, font, styles)))
    heading = Paragraph(f"{numerals[len(parts)]}、净落户人口（按县、年度）", styles["h"])
    story.append(KeepTogether([heading, _settled_chart(stats, font)]) if stats.settled else heading)
    rows = [["县（区）", "年度", "落户案件", "随迁家属", "净落户人口"]]
    rows += [[county_label(s.county), s.year, str(s.cases), str(s.family), str(s.persons)] for s in stats.settled] or [["—", "", "", "", ""]]
    story.append(_table(rows, font))
    story.append(Spacer(1, 3 * mm))
    story.append(Paragraph(_escape(SETTLED_DEFINITION), styles["body"]))
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=18 * mm,
                            bottomMargin=18 * mm, initialFontName=font, title=TITLE, author="落户受理", creator="落户受理", subject=TITLE)
    with _charts_start_in(font):
        doc.build(story, onFirstPage=_footer(font), onLaterPages=_footer(font))
    return buffer.getvalue()


@contextlib.contextmanager
def _charts_start_in(font: str) -> Iterator[None]:
    """reportlab's chart renderer starts every drawing from ``shapes.STATE_DEFAULTS``, whose font
    is Helvetica: the report would name a font it never draws with and does not embed (a reader
    may substitute it; archiving checks flag it). Charts start in the report's own font instead."""
    from reportlab.graphics import shapes

    old = shapes.STATE_DEFAULTS["fontName"]
    shapes.STATE_DEFAULTS["fontName"] = font
    try:
        yield
    finally:
        shapes.STATE_DEFAULTS["fontName"] = old


def write_report(stats: Statistics, out: Path, scope: str, townships: Townships | None = None) -> Path:
    return write_atomically(out, render_report(stats, scope, townships))


def _section(title: str, section: Section, font: str, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    out: list[Flowable] = [Paragraph(_escape(title), styles["h"])]
    if not section.rows:
        out.append(Paragraph("（无数据）", styles["body"]))
        return out
    if section.chart:
        out.append(_chart(section, font))
    if section.id != "by_month":
        total = sum(r.count for r in section.rows)
        coded = all(r.key.isdigit() for r in section.rows)  # division codes; the program's own ids are not for readers
        rows = [["代码", "名称", "件数", "占比"] if coded else ["名称", "件数", "占比"]]
        rows += [[*([r.key, r.name] if coded else [r.label]), str(r.count), f"{r.count * 100 / total:.1f}%" if total else "—"]
                 for r in section.rows]
        out.append(_table(rows, font))
    return out


def _chart(section: Section, font: str) -> Drawing:
    """Horizontal bars with labels for categories; vertical bars for months."""
    rows: list[Row] = section.rows
    values = [r.count for r in rows]
    if section.id == "by_month":
        drawing = Drawing(_WIDTH, 60 * mm)
        chart: VerticalBarChart | HorizontalBarChart = VerticalBarChart()
        chart.x, chart.y, chart.width, chart.height = 12 * mm, 12 * mm, _WIDTH - 16 * mm, 44 * mm
        chart.categoryAxis.categoryNames = [r.key if i % 3 == 0 else "" for i, r in enumerate(rows)]
        chart.categoryAxis.labels.angle = 45
        chart.categoryAxis.labels.boxAnchor = "ne"
    else:
        height = max(20 * mm, 7 * mm * len(rows))
        drawing = Drawing(_WIDTH, height + 14 * mm)  # the value axis's numbers below the bars
        chart = HorizontalBarChart()
        chart.x, chart.y, chart.width, chart.height = 70 * mm, 10 * mm, _WIDTH - 80 * mm, height
        chart.categoryAxis.categoryNames = [r.label for r in reversed(rows)]
        values = list(reversed(values))
        chart.barLabelFormat = "%d"
        chart.barLabels.fontName = font
        chart.barLabels.fontSize = 7
        chart.barLabels.nudge = 8
    chart.data = [values]
    chart.bars[0].fillColor = _BAR
    chart.bars[0].strokeColor = None
    _count_axis(chart.valueAxis, max(values, default=0))
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7
    drawing.add(chart)
    return drawing


def _settled_chart(stats: Statistics, font: str) -> Drawing:
    """Net settled persons: one group of bars per county, one bar per year, with a legend."""
    net = stats.net_settled
    counties = sorted(net)
    years = sorted({year for by_year in net.values() for year in by_year})
    drawing = Drawing(_WIDTH, 62 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 12 * mm, 10 * mm, _WIDTH - 40 * mm, 48 * mm
    chart.data = [[net[c].get(year, 0) for c in counties] for year in years]
    chart.categoryAxis.categoryNames = [county_name(c) or c for c in counties]
    _count_axis(chart.valueAxis, max((v for row in chart.data for v in row), default=0))
    for axis in (chart.categoryAxis.labels, chart.valueAxis.labels):
        axis.fontName, axis.fontSize = font, 7
    legend = Legend()
    legend.x, legend.y = _WIDTH - 24 * mm, 56 * mm
    legend.fontName, legend.fontSize = font, 7
    legend.alignment, legend.columnMaximum = "right", max(1, len(years))
    palette = [colors.HexColor(c) for c in ("#3a6ea5", "#e07b39", "#5a9e5a", "#b5495b", "#8064a2", "#4bacc6", "#9c8b3c")]
    for i, year in enumerate(years):
        chart.bars[i].fillColor = palette[i % len(palette)]
        chart.bars[i].strokeColor = None
    legend.colorNamePairs = [(palette[i % len(palette)], f"{year} 年") for i, year in enumerate(years)]
    drawing.add(chart)
    drawing.add(legend)
    return drawing


def _count_axis(axis: Any, largest: int) -> None:
    """A value axis of counts: whole numbers only (reportlab would mark 0.5 persons), on a step of
    1, 2 or 5 times a power of ten giving at most six marks."""
    step, i = 1, 0
    while largest > 6 * step:
        i += 1
        step = (1, 2, 5)[i % 3] * 10 ** (i // 3)
    axis.valueMin = 0
    axis.valueStep = step
    axis.valueMax = max(step, -(-largest // step) * step)
    axis.labelTextFormat = "%d"


_NUMBER = re.compile(r"[\d.,%—]+")


def _table(rows: list[list[str]], font: str, header: bool = True) -> Table:
    table = Table(rows, hAlign="LEFT", repeatRows=1 if header else 0)
    style = [
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("GRID", (0, 0), (-1, -1), 0.4, _GRID),
        ("ALIGN", (-1, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    body = rows[1:] if header else rows
    for column in range(len(rows[0]) - 1):  # counts line up on their last digit, like the last column
        if body and all(_NUMBER.fullmatch(row[column]) for row in body):
            style.append(("ALIGN", (column, 0), (column, -1), "RIGHT"))
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), _HEAD))
    table.setStyle(TableStyle(style))
    return table


def _footer(font: str) -> Callable[[Canvas, SimpleDocTemplate], None]:
    def draw(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(font, 8)
        canvas.drawCentredString(A4[0] / 2, 10 * mm, f"{TITLE}　" + PAGE_FOOTER.format(num=doc.page))
        canvas.restoreState()

    return draw


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
