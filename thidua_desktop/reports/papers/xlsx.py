"""A paper (paper_blocks.py) as one printable Excel sheet in the house style: the Decree 30
header, Times New Roman, A4 portrait with the Decree's margins, fitted to the width, page
numbers in the footer. Every block lies on one grid of narrow columns; a table's columns
are spans of it, so tables of different shapes sit one under the other. Written to a
temporary name and renamed into place; text is never stored as a formula."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from reportlab.pdfbase.pdfmetrics import stringWidth

from thidua_desktop.reports.excel.house import BORDER
from thidua_desktop.reports.fonts import bundled
from thidua_desktop.reports.jobs import complete_file
from thidua_desktop.reports.letterhead import MOTTO, NATION
from thidua_desktop.reports.papers.blocks import TEXT_WIDTH_MM, Grid, Paper, Signatures, Text, kept_with

COLUMNS = 40  # grid columns across the text width
LEFT_BLOCK = 18  # the agency's half of the header (the national title takes the rest)
# one unit of Excel column width: the default font's digit, 7 pixels at 96 dpi (LibreOffice
# reads a unit wider, about 9.3 pixels, and so prints the sheet fitted to the width at ~75 %)
_MM_PER_UNIT = 25.4 / 96 * 7
_THIN = Side(style="thin")
_FORMULA_STARTS = ("=", "+", "-", "@")
_STYLE = {  # paragraph style → (size, bold, italic, colour, alignment)
    "body": (13, False, False, None, "justify"),
    "heading": (13, True, False, None, "left"),
    "subheading": (13, True, False, None, "left"),
    "note": (12, False, True, None, "justify"),
    "warning": (13, True, False, "C00000", "left"),
    "closing": (13, False, True, None, "justify"),
}
# a percentage is written as the fraction it is, shown as a percent ("62,5%" in a Vietnamese
# Excel), so a formula over it works
_FORMATS = {"int": "0", "percent": "0.0%", "score": "General"}
_ALIGN = {"text": "left", "center": "center", "int": "center", "percent": "center", "score": "center"}


def line_count(text: str, width_mm: float, size: float, bold: bool = False) -> int:
    """Lines ``text`` takes in ``width_mm`` at ``size`` points, measured with the bundled
    Liberation Serif (metric twin of Times New Roman): Excel computes no height for merged
    or wrapped cells written by a program, so each row is given its own."""
    fonts = bundled()
    face = fonts.face_name("bold" if bold else "regular")
    room = width_mm / 25.4 * 72 - 6  # the cell's inner padding
    space = stringWidth(" ", face, size)
    total = 0
    for paragraph in str(text).split("\n"):
        count, current = 1, 0.0
        for word in paragraph.split():
            width = stringWidth(word, face, size)
            if current and current + space + width > room:
                count, current = count + 1, width
            else:
                current += (space if current else 0) + width
        total += count
    return total


PAGE_HEIGHT = 700.0  # points of rows on an A4 page within the margins (257 mm), less a little


class _Sheet:
    def __init__(self, ws, font_name: str):
        self.ws = ws
        self.font_name = font_name
        self.row = 0
        self.page_used = 0.0  # points of rows on the current printed page (an estimate)
        self.fonts: dict[tuple, Font] = {}

    def font(self, size=13, bold=False, italic=False, colour=None, underline=None) -> Font:
        key = (size, bold, italic, colour, underline)
        if key not in self.fonts:
            self.fonts[key] = Font(name=self.font_name, size=size, bold=bold, italic=italic, color=colour,
                                   underline=underline)  # fmt: skip
        return self.fonts[key]

    def put(self, row: int, first: int, last: int, value: Any, font: Font, align: str = "left", *,
            wrap: bool = True, border: bool = False, fmt: str | None = None, valign: str = "center"):  # fmt: skip
        cell = self.ws.cell(row, first)
        cell.value = value
        if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
            cell.data_type = "s"  # text, never a formula
        cell.font = font
        cell.alignment = Alignment(horizontal=align, vertical=valign, wrap_text=wrap)
        if fmt:
            cell.number_format = fmt
        if border:
            for col in range(first, last + 1):  # every cell of a span, so its edges print
                self.ws.cell(row, col).border = BORDER
        if last > first:
            self.ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
        return cell

    def next_row(self, height: float = 16.0) -> int:
        self.row += 1
        self.ws.row_dimensions[self.row].height = height
        if self.page_used + height > PAGE_HEIGHT:
            self.page_used = height  # the printer starts a new page here
        else:
            self.page_used += height
        return self.row

    def keep(self, height: float) -> None:
        """Start a new page unless ``height`` points of rows fit on this one (a block no
        taller than a page is never cut)."""
        if self.page_used and height <= PAGE_HEIGHT and self.page_used + height > PAGE_HEIGHT:
            self.page_break()

    def page_break(self) -> None:
        self.ws.row_breaks.append(Break(id=self.row))
        self.page_used = 0.0


def _width_mm(first: int, last: int) -> float:
    return (last - first + 1) * TEXT_WIDTH_MM / COLUMNS


def _spans(widths: list[float]) -> list[tuple[int, int]]:
    """Grid columns (first, last) for a table's columns of ``widths``."""
    total, cum, bounds = sum(widths), 0.0, [0]
    for w in widths:
        cum += w
        bounds.append(max(bounds[-1] + 1, round(cum / total * COLUMNS)))
    bounds[-1] = COLUMNS
    return [(bounds[i] + 1, bounds[i + 1]) for i in range(len(widths))]


def _letterhead(s: _Sheet, paper: Paper) -> None:
    lh = paper.letterhead
    left, right = (1, LEFT_BLOCK), (LEFT_BLOCK + 1, COLUMNS)
    r = s.next_row(18)
    s.put(r, *left, lh.parent_agency, s.font(12, bold=lh.parent_bold), "center")
    s.put(r, *right, NATION, s.font(12, bold=True), "center")
    r = s.next_row(18)
    s.put(r, *left, lh.agency, s.font(12, bold=True), "center")
    s.put(r, *right, MOTTO, s.font(13, bold=True, underline="single"), "center")
    r = s.next_row(6)  # the short line under the agency's name (a third of its block)
    third = LEFT_BLOCK // 3
    for col in range(third + 1, LEFT_BLOCK - third + 1):
        s.ws.cell(r, col).border = Border(top=_THIN)
    r = s.next_row(20)
    s.put(r, *left, lh.number_line(), s.font(13), "center")
    s.put(r, *right, lh.date_line(), s.font(13, italic=True), "center")
    s.next_row(12)


def _text_height(block: Text) -> float:
    size, bold, *_ = _STYLE[block.style]
    return line_count(block.text, TEXT_WIDTH_MM, size, bold) * size * 1.3 + 4


def _text(s: _Sheet, block: Text) -> None:
    size, bold, italic, colour, align = _STYLE[block.style]
    r = s.next_row(_text_height(block))
    s.put(r, 1, COLUMNS, block.text, s.font(size, bold, italic, colour), align, valign="top")


def _grid_heights(grid: Grid) -> list[float]:
    spans = _spans(grid.widths)
    heights = []
    for r, values in enumerate(grid.header):
        lines = 1
        for i, value in enumerate(values):
            if value is None:
                continue
            c1, rows = i, 1  # the header cell's own span, across and down
            for c0_, r0_, c1_, r1_ in grid.spans:
                if (c0_, r0_) == (i, r):
                    c1, rows = c1_, r1_ - r0_ + 1
            need = line_count(value, _width_mm(spans[i][0], spans[c1][1]), 12, True)
            lines = max(lines, -(-need // rows))
        heights.append(lines * 14.5 + 5)
    for values in grid.rows:
        lines = max(
            line_count("" if v is None else str(v), _width_mm(*spans[i]), 12) for i, v in enumerate(values)
        )
        heights.append(lines * 14.5 + 5)
    return heights


MIN_ROWS = 2  # body rows a table keeps on each side of a page break


def _page_plan(used: float, header: float, body: list[float]) -> list[int]:
    """Body rows that begin a new page (0: the whole table moves to the next page). The
    header is repeated after each break; no page holds fewer than MIN_ROWS body rows of a
    table that has more."""
    breaks: list[int] = []
    if used and used + header + sum(body[:MIN_ROWS]) > PAGE_HEIGHT:
        breaks.append(0)
        used = 0.0
    used += header
    start = 0
    for i, h in enumerate(body):
        if used + h > PAGE_HEIGHT and i > start:
            breaks.append(i)
            used, start = header, i
        used += h
    if breaks and breaks[-1] and len(body) - breaks[-1] < MIN_ROWS:
        earlier = breaks[-2] if len(breaks) > 1 else 0
        breaks[-1] = max(earlier + MIN_ROWS, len(body) - MIN_ROWS)
    return breaks


def _header(s: _Sheet, grid: Grid, spans: list[tuple[int, int]], heights: list[float]) -> None:
    head = s.font(12, bold=True)
    first_row = s.row + 1
    for values, height in zip(grid.header, heights, strict=True):
        r = s.next_row(height)
        for i, value in enumerate(values):
            first, last = spans[i]
            for col in range(first, last + 1):
                s.ws.cell(r, col).border = BORDER
            if value is not None:
                s.put(r, first, first, value, head, "center")
    for c0, r0, c1, r1 in grid.spans:  # header cells spanning columns or rows
        s.ws.merge_cells(start_row=first_row + r0, start_column=spans[c0][0], end_row=first_row + r1,
                         end_column=spans[c1][1])  # fmt: skip
    covered = {(first_row + r, c) for c0, r0, c1, r1 in grid.spans
               for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}  # fmt: skip
    for r in range(first_row, s.row + 1):  # lone header cells span their grid columns
        for i, (first, last) in enumerate(spans):
            if (r, i) not in covered and last > first:
                s.ws.merge_cells(start_row=r, start_column=first, end_row=r, end_column=last)


def _grid(s: _Sheet, grid: Grid) -> None:
    spans = _spans(grid.widths)
    heights = _grid_heights(grid)
    header, body = heights[: len(grid.header)], heights[len(grid.header) :]
    breaks = set(_page_plan(s.page_used, sum(header), body))
    if 0 in breaks:
        s.page_break()
    _header(s, grid, spans, header)
    font = s.font(12)
    for n, (values, height) in enumerate(zip(grid.rows, body, strict=True)):
        if n and n in breaks:  # a new page: the header again above the rest
            s.page_break()
            _header(s, grid, spans, header)
        r = s.next_row(height)
        for i, value in enumerate(values):
            kind = grid.kinds[i]
            if kind == "percent" and isinstance(value, int | float):
                value = round(value / 100, 6)
            s.put(r, *spans[i], value, font, _ALIGN[kind], border=True,
                  fmt=_FORMATS.get(kind) if isinstance(value, int | float) else None)  # fmt: skip
    s.next_row(8)


_SIGNATURE_HEIGHT = 16 + 20 + 4 * 20 + 20


def _signatures(s: _Sheet, block: Signatures) -> None:
    half = COLUMNS // 2
    s.next_row()
    r = s.next_row(20)
    s.put(r, 1, half, block.left[0], s.font(13, bold=True), "center")
    s.put(r, half + 1, COLUMNS, block.right[0], s.font(13, bold=True), "center")
    for _ in range(4):
        s.next_row(20)
    name_lines = max(line_count(n, TEXT_WIDTH_MM / 2, 13, True) for n in (block.left[1], block.right[1]))
    r = s.next_row(name_lines * 17 + 3)
    s.put(r, 1, half, block.left[1], s.font(13, bold=True), "center", valign="top")
    s.put(r, half + 1, COLUMNS, block.right[1], s.font(13, bold=True), "center", valign="top")


def _height(block, *, start_only: bool = False) -> float:
    if isinstance(block, Text):
        return _text_height(block)
    if isinstance(block, Grid):
        heights = _grid_heights(block)
        return sum(heights[: len(block.header) + MIN_ROWS] if start_only else heights) + 8
    return _SIGNATURE_HEIGHT


def write_paper_xlsx(paper: Paper, out: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = paper.sheet_name[:31]
    s = _Sheet(ws, paper.letterhead.font)
    for col in range(1, COLUMNS + 1):
        ws.column_dimensions[get_column_letter(col)].width = round(TEXT_WIDTH_MM / COLUMNS / _MM_PER_UNIT, 2)
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left, ws.page_margins.right = 30 / 25.4, 15 / 25.4
    ws.page_margins.top = ws.page_margins.bottom = 20 / 25.4
    ws.page_margins.header = ws.page_margins.footer = 8 / 25.4
    ws.oddFooter.center.text = "Trang &P/&N"
    ws.sheet_view.showGridLines = False
    if paper.draft:
        ws.oddHeader.right.text = paper.draft
        ws.oddHeader.right.color = "C00000"
        ws.oddHeader.right.font = f"{paper.letterhead.font},Bold"
        ws.oddHeader.right.size = 11

    _letterhead(s, paper)
    if paper.draft:
        r = s.next_row(22)
        s.put(r, 1, COLUMNS, paper.draft, s.font(13, bold=True, colour="C00000"), "center")
    r = s.next_row(22)
    s.put(r, 1, COLUMNS, paper.title, s.font(14, bold=True), "center")
    r = s.next_row(line_count(paper.subtitle, TEXT_WIDTH_MM, 14, True) * 19 + 2)
    s.put(r, 1, COLUMNS, paper.subtitle, s.font(14, bold=True), "center")
    s.next_row(8)
    for i, block in enumerate(paper.blocks):
        if not isinstance(block, Grid):  # a table finds its own page breaks
            chain = kept_with(paper.blocks, i)
            s.keep(sum(_height(b) for b in chain[:-1]) + _height(chain[-1], start_only=True))
        if isinstance(block, Text):
            _text(s, block)
        elif isinstance(block, Grid):
            _grid(s, block)
        elif isinstance(block, Signatures):
            _signatures(s, block)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with complete_file(out) as tmp:
        wb.save(tmp)
    return out
