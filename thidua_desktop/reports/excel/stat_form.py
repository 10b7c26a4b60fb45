"""A statistics report form (biểu mẫu báo cáo thống kê) as an Excel sheet: the form's
number and legal basis top left, the reporting and receiving units top right, the
title and period, a table whose figure columns sit under "Tổng số" and "Chia ra", the
row of column codes (A, B, C, 1, 2, …), then notes and the two signers ("Người lập
biểu" and "Thủ trưởng đơn vị").

Figures are written as numbers, never formulas; a figure the desk does not keep is
left blank, and a note says so. Times New Roman, thin borders, A4 fitted to the width,
header rows repeated on every printed page; saved under a temporary name first."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from thidua_desktop.reports.excel.house import BORDER, LINE_HEIGHT, save_atomically, wrapped_lines
from thidua_desktop.reports.letterhead import Letterhead


@dataclass(frozen=True)
class FormLine:
    """One line of the table: its label (column A), code (B), unit of count (C) and
    figures (total first); no figures makes it a heading line."""

    label: str
    code: str = ""
    unit: str = ""
    figures: tuple[int | None, ...] = ()
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class StatForm:
    number: str  # "0603.N/BNV-TĐKT"
    basis: str  # "Ban hành theo Thông tư số …"
    title: str
    period: str  # "Năm 2025"
    figure_titles: tuple[str, ...]  # the columns under "Chia ra"
    lines: tuple[FormLine, ...]
    notes: tuple[str, ...] = ()
    reporter: str = ""  # đơn vị báo cáo
    receiver: str = ""  # đơn vị nhận báo cáo


LABEL_WIDTH, CODE_WIDTH, UNIT_WIDTH, TOTAL_WIDTH, FIGURE_WIDTH = 50, 7, 11, 10, 17


def write(form: StatForm, path: str | os.PathLike, letterhead: Letterhead | None = None) -> Path:
    lh = letterhead or Letterhead()
    fonts: dict[tuple, Font] = {}

    def font(bold=False, italic=False, size=12) -> Font:
        key = (bold, italic, size)
        if key not in fonts:
            fonts[key] = Font(name=lh.font, bold=bold, italic=italic, size=size)
        return fonts[key]

    wb = Workbook()
    ws = wb.active
    ws.title = form.number.split("/")[0][:31]
    n = 4 + len(form.figure_titles)
    last = get_column_letter(n)
    widths = [LABEL_WIDTH, CODE_WIDTH, UNIT_WIDTH, TOTAL_WIDTH] + [FIGURE_WIDTH] * len(form.figure_titles)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    left_end, right_start = 3, 5  # the top and signature blocks: A to C on the left, E to the end

    def put(row, col, value, *, bold=False, italic=False, size=12, align="left", wrap=False, border=False,
            fmt=None):  # fmt: skip
        cell = ws.cell(row, col, value)
        cell.font = font(bold, italic, size)
        cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=wrap)
        if border:
            cell.border = BORDER
        if fmt:
            cell.number_format = fmt
        return cell

    def across(row, first, last_col, value, **style):
        put(row, first, value, **style)
        if last_col > first:
            ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last_col)

    # the form's number and basis, the reporting and receiving units
    across(1, 1, left_end, f"Biểu số: {form.number}", bold=True)
    across(2, 1, left_end, form.basis, italic=True, wrap=True)
    across(1, right_start, n, f"Đơn vị báo cáo: {form.reporter}", align="center", wrap=True)
    across(2, right_start, n, f"Đơn vị nhận báo cáo: {form.receiver or '…………………'}", align="center", wrap=True)
    ws.row_dimensions[1].height = ws.row_dimensions[2].height = 33
    across(4, 1, n, form.title, bold=True, size=14, align="center", wrap=True)
    ws.row_dimensions[4].height = 40
    across(5, 1, n, form.period, italic=True, align="center")

    # headers on two levels, then the codes of the columns
    top, sub, codes = 7, 8, 9
    for col, title in ((1, ""), (2, "Mã số"), (3, "Đơn vị tính"), (4, "Tổng số")):
        put(top, col, title, bold=True, align="center", wrap=True, border=True)
        put(sub, col, None, bold=True, border=True)
        ws.merge_cells(start_row=top, start_column=col, end_row=sub, end_column=col)
    put(top, 5, "Chia ra", bold=True, align="center", border=True)
    for col in range(6, n + 1):
        put(top, col, None, border=True)
    ws.merge_cells(start_row=top, start_column=5, end_row=top, end_column=n)
    tallest = 1
    for col, title in enumerate(form.figure_titles, start=5):
        put(sub, col, title, bold=True, align="center", wrap=True, border=True)
        tallest = max(tallest, wrapped_lines(title, FIGURE_WIDTH))
    ws.row_dimensions[top].height = 22
    ws.row_dimensions[sub].height = LINE_HEIGHT * tallest + 6
    for col, code in enumerate(["A", "B", "C"] + [str(i) for i in range(1, n - 2)], start=1):
        put(codes, col, code, bold=True, align="center", border=True)

    row = codes
    for line in form.lines:
        row += 1
        put(
            row, 1, line.label, bold=line.bold or not line.figures, italic=line.italic, wrap=True, border=True
        )
        put(row, 2, line.code or None, bold=line.bold, align="center", border=True)
        put(row, 3, line.unit or None, bold=line.bold, align="center", wrap=True, border=True)
        figures = line.figures or (None,) * (n - 3)
        for col, value in enumerate(figures, start=4):
            put(row, col, value, bold=line.bold, align="center", border=True, fmt="#,##0")
        ws.row_dimensions[row].height = max(18, LINE_HEIGHT * wrapped_lines(line.label, LABEL_WIDTH) + 3)

    row += 1
    for note in form.notes:
        row += 1
        across(row, 1, n, note, italic=True, size=11, wrap=True)
        ws.row_dimensions[row].height = LINE_HEIGHT * wrapped_lines(note, sum(widths)) + 3

    # the two signers
    row += 2
    across(row, right_start, n, lh.date_line(), italic=True, align="center")
    for left, right, bold, italic in (("NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ", True, False),
                                      ("(Ký, họ tên)", "(Ký, họ tên, đóng dấu)", False, True)):  # fmt: skip
        row += 1
        across(row, 1, left_end, left, bold=bold, italic=italic, align="center")
        across(row, right_start, n, right, bold=bold, italic=italic, align="center")
    row += 5  # room to sign
    if lh.signer_name:
        across(row, right_start, n, lh.signer_name, bold=True, align="center")

    # print: one A4 page, the headers repeated should it ever run longer, frozen below them
    ws.page_setup.orientation = "landscape" if sum(widths) > 110 else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1  # a form is one page, signatures included
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.print_title_rows = f"{top}:{codes}"
    ws.freeze_panes = f"A{codes + 1}"
    ws.print_area = f"A1:{last}{row}"
    ws.oddFooter.center.text = "Trang &P/&N"
    return save_atomically(wb, Path(path))
