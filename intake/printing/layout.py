"""A small top-down layout engine for A4 documents on a reportlab canvas.

A ``Sheet`` records what goes on each page (text already split into per-font runs and measured)
and paints only at the end, so every page can say "第 N 页，共 M 页" and text is measured once.
Drawing straight on the canvas rather than through platypus keeps a receipt at about a
millisecond and a half: batches of a day's receipts print at hundreds per second.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from intake.printing.fonts import FontSet, Run

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 18 * mm
LEFT, RIGHT = MARGIN, PAGE_WIDTH - MARGIN
TOP, BOTTOM = PAGE_HEIGHT - MARGIN, MARGIN + 8 * mm
CONTENT_WIDTH = RIGHT - LEFT
LINE = 0.6
LABEL_SHADE = 0.93
PAD = 3.0

Align = Literal["left", "center", "right"]

#: Characters a line may not start with, and characters it may not end with (Chinese typesetting).
_NO_LINE_START = frozenset("，。、；：？！）》」』】”’,.;:?!)%")
_NO_LINE_END = frozenset("（《「『【“‘(")
_WORD = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_./*@#+")


@dataclass(frozen=True)
class TextOp:
    x: float
    y: float
    size: float
    bold: bool
    runs: tuple[Run, ...]


@dataclass(frozen=True)
class BoxOp:
    """A rectangle: stroked, filled with a grey, or both."""

    x: float
    y: float
    w: float
    h: float
    stroke: bool = True
    grey: float | None = None


@dataclass(frozen=True)
class LineOp:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float = LINE


@dataclass(frozen=True)
class Cell:
    """One cell of a form row: its width, text and whether it is a (shaded) label."""

    width: float
    text: str
    label: bool = False
    align: Align = "left"


Painter = Callable[[Canvas], None]


@dataclass
class Page:
    texts: list[TextOp] = field(default_factory=list)
    boxes: list[BoxOp] = field(default_factory=list)
    lines: list[LineOp] = field(default_factory=list)
    extras: list[Painter] = field(default_factory=list)


def tokens(text: str) -> list[str]:
    """Break opportunities: a Latin word or number stays whole, each Chinese character stands
    alone, closing punctuation sticks to what precedes it and opening punctuation to what follows;
    a clause number such as 二(四) never breaks."""
    out: list[str] = []
    glue = False
    for char in text:
        if out and (glue or char in _NO_LINE_START or char == "(" or (char in _WORD and out[-1][-1] in _WORD)):
            out[-1] += char
        else:
            out.append(char)
        glue = char in _NO_LINE_END
    return out


class Sheet:
    """A document being laid out; ``y`` is the top of the space still free on the current page."""

    def __init__(self, fonts: FontSet, *, continued: Callable[["Sheet"], None] | None = None) -> None:
        self.fonts = fonts
        self.pages: list[Page] = [Page()]
        self.y = TOP
        self._continued = continued

    @property
    def page(self) -> Page:
        return self.pages[-1]

    # ---------------------------------------------------------------- measuring

    def measure(self, text: str, size: float) -> tuple[tuple[Run, ...], float]:
        """The text's runs and its total width."""
        return self.fonts.measure(text, size)

    def wrap(self, text: str, size: float, width: float) -> list[str]:
        """Lines of at most ``width`` points; explicit newlines are kept."""
        lines: list[str] = []
        for paragraph in text.split("\n"):
            if self.fonts.width(paragraph, size) <= width:
                lines.append(paragraph)
                continue
            line, used = "", 0.0
            for token in tokens(paragraph):
                w = self.fonts.width(token, size)
                if used + w <= width or not line.strip():
                    if w > width:  # a token wider than the line (a long hash): split it anywhere
                        for char in token:
                            cw = self.fonts.width(char, size)
                            if used + cw > width and line:
                                lines.append(line)
                                line, used = "", 0.0
                            line, used = line + char, used + cw
                        continue
                    line, used = line + token, used + w
                else:
                    lines.append(line.rstrip())
                    token = token.lstrip()
                    line, used = token, self.fonts.width(token, size)
            lines.append(line.rstrip())
        return lines

    # ---------------------------------------------------------------- placing

    def text(self, x: float, y: float, text: str, size: float, *, align: Align = "left", bold: bool = False) -> float:
        """Places one line with its baseline at ``y``; returns its width."""
        runs, width = self.measure(text, size)
        if align == "center":
            x -= width / 2
        elif align == "right":
            x -= width
        self.page.texts.append(TextOp(x, y, size, bold, runs))
        return width

    def line(self, x1: float, y1: float, x2: float, y2: float, width: float = LINE) -> None:
        self.page.lines.append(LineOp(x1, y1, x2, y2, width))

    def box(self, x: float, y: float, w: float, h: float, *, stroke: bool = True, grey: float | None = None) -> None:
        self.page.boxes.append(BoxOp(x, y, w, h, stroke, grey))

    def draw(self, painter: Painter) -> None:
        """Anything else (a QR code), painted over the page's text."""
        self.page.extras.append(painter)

    def need(self, height: float) -> None:
        """Starts a new page unless ``height`` points still fit on this one."""
        if self.y - height < BOTTOM:
            self.new_page()

    def new_page(self) -> None:
        self.pages.append(Page())
        self.y = TOP
        if self._continued is not None:
            self._continued(self)

    def paragraph(self, text: str, size: float, *, x: float = LEFT, width: float = CONTENT_WIDTH,
                  leading: float | None = None, bold: bool = False) -> None:
        """Wrapped text flowing down the page, breaking pages between lines."""
        leading = leading or size * 1.55
        for line in self.wrap(text, size, width):
            self.need(leading)
            self.y -= leading
            self.text(x, self.y + (leading - size) / 2, line, size, bold=bold)

    def row(self, cells: Sequence[Cell], size: float, *, x: float = LEFT, min_height: float = 0.0) -> float:
        """A row of bordered form cells, kept whole on one page; returns its height."""
        leading = size * 1.45
        wrapped = [self.wrap(c.text, size, c.width - 2 * PAD) for c in cells]
        height = max(min_height, max(len(w) for w in wrapped) * leading + 2 * PAD)
        self.need(height)
        top = self.y
        for cell, lines in zip(cells, wrapped):
            self.box(x, top - height, cell.width, height, grey=LABEL_SHADE if cell.label else None)
            block = len(lines) * leading
            baseline = top - (height - block) / 2 - leading + (leading - size) / 2 + size * 0.12
            for line in lines:
                anchor = {"left": x + PAD, "center": x + cell.width / 2, "right": x + cell.width - PAD}[cell.align]
                self.text(anchor, baseline, line, size, align=cell.align)
                baseline -= leading
            x += cell.width
        self.y = top - height
        return height

    # ---------------------------------------------------------------- painting

    def paint(self, canvas: Canvas, footer: Callable[[int, int], str] | None = None) -> None:
        """Draws every page; ``footer(page, total)`` is centred at the bottom of each."""
        total = len(self.pages)
        for number, page in enumerate(self.pages, start=1):
            if footer is not None:
                runs, width = self.measure(footer(number, total), 9)
                page.texts.append(TextOp(PAGE_WIDTH / 2 - width / 2, MARGIN, 9, False, runs))
            _paint_page(canvas, page)
            canvas.showPage()


def _graphics(page: Page) -> str:
    """The page's boxes and rules as PDF path operators, in one isolated block: shading first,
    then strokes. Written directly because reportlab's per-call number formatting would cost more
    than the rest of a receipt."""
    ops = ["q"]
    for grey in sorted({b.grey for b in page.boxes if b.grey is not None}):
        ops.append(f"{grey:.3f} g")
        ops += [f"{b.x:.2f} {b.y:.2f} {b.w:.2f} {b.h:.2f} re" for b in page.boxes if b.grey == grey]
        ops.append("f")
    ops.append(f"0 G {LINE} w")
    ops += [f"{b.x:.2f} {b.y:.2f} {b.w:.2f} {b.h:.2f} re" for b in page.boxes if b.stroke]
    ops.append("S")
    for ln in page.lines:
        ops.append(f"{ln.width:.2f} w {ln.x1:.2f} {ln.y1:.2f} m {ln.x2:.2f} {ln.y2:.2f} l S")
    ops.append("Q")
    return "\n".join(ops)


def _paint_page(canvas: Canvas, page: Page) -> None:
    canvas.addLiteral(_graphics(page))
    text = canvas.beginText()
    font: tuple[str, float] | None = None
    bold = False
    for op in page.texts:
        if op.bold != bold:
            bold = op.bold
            text.setTextRenderMode(2 if bold else 0)
        x = op.x
        for name, piece, width in op.runs:
            if font != (name, op.size):
                font = (name, op.size)
                text.setFont(name, op.size)
            text.setTextOrigin(x, op.y)
            text.textOut(piece)
            x += width
    canvas.setLineWidth(0.35)  # the stroke that makes bold text bold
    canvas.drawText(text)
    for painter in page.extras:
        painter(canvas)
