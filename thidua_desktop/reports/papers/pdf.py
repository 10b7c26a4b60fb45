"""A paper (paper_blocks.py) as a PDF with reportlab platypus: A4 portrait, the margins
and administrative header of Decree 30/2020 (agency left with a short line under it,
national title and underlined motto right, number and the italic place-and-date line),
page numbers at the top from the second page, the bundled Liberation Serif embedded.
The file appears only when complete."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import registerFontFamily
from reportlab.platypus import CondPageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import HRFlowable

from thidua_desktop import __version__
from thidua_desktop.reports.fonts import FontSet, bundled
from thidua_desktop.reports.jobs import complete_file
from thidua_desktop.reports.letterhead import MOTTO, NATION
from thidua_desktop.reports.papers.blocks import (
    TEXT_WIDTH_MM,
    Grid,
    Paper,
    Signatures,
    Text,
    kept_with,
    shown,
)

LEFT, RIGHT, TOP, BOTTOM = 30 * mm, 15 * mm, 20 * mm, 20 * mm
RED = colors.HexColor("#C00000")
_ALIGN = {"text": "LEFT", "center": "CENTER", "int": "CENTER", "percent": "CENTER", "score": "CENTER"}


class _Styles:
    def __init__(self, fonts: FontSet):
        regular, bold = fonts.face_name("regular"), fonts.face_name("bold")
        italic, bold_italic = fonts.face_name("italic"), fonts.face_name("bold_italic")
        # <b> and <i> inside paragraphs pick the embedded faces
        registerFontFamily(regular, normal=regular, bold=bold, italic=italic, boldItalic=bold_italic)
        self.regular, self.bold, self.italic = regular, bold, italic

        def style(name, font, size, align=TA_LEFT, colour=colors.black, before=0.0, after=0.0, leading=None):
            return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading or size * 1.25,
                                  alignment=align, textColor=colour, spaceBefore=before, spaceAfter=after)  # fmt: skip

        self.by_name = {
            "body": style("body", regular, 13, TA_JUSTIFY, after=3),
            "heading": style("heading", bold, 13, before=6, after=3),
            "subheading": style("subheading", bold, 13, before=3, after=2),
            "note": style("note", italic, 12, TA_JUSTIFY, after=2),
            "warning": style("warning", bold, 13, colour=RED, after=2),
            "closing": style("closing", italic, 13, TA_JUSTIFY, before=6, after=3),
        }
        self.head_left = style("head_left", regular, 12, TA_CENTER, leading=14)
        self.head_left_bold = style("head_left_bold", bold, 12, TA_CENTER, leading=14)
        self.nation = style("nation", bold, 12, TA_CENTER, leading=14)
        self.motto = style("motto", bold, 13, TA_CENTER, leading=15)
        self.number = style("number", regular, 13, TA_CENTER, leading=16)
        self.date = style("date", italic, 13, TA_CENTER, leading=16)
        self.title = style("title", bold, 14, TA_CENTER, leading=17)
        self.subtitle = style("subtitle", bold, 14, TA_CENTER, leading=17, after=6)
        self.draft = style("draft", bold, 13, TA_CENTER, colour=RED, after=4)
        self.cell = {a: style(f"cell_{a}", regular, 11, {"LEFT": TA_LEFT, "CENTER": TA_CENTER}[a], leading=13)
                     for a in ("LEFT", "CENTER")}  # fmt: skip
        self.cell_head = style("cell_head", bold, 11, TA_CENTER, leading=13)
        self.sign = style("sign", bold, 13, TA_CENTER, leading=16)


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _letterhead(paper: Paper, st: _Styles) -> Table:
    lh = paper.letterhead
    motto = Paragraph(f"<u>{escape(MOTTO)}</u>", st.motto)
    left = [_p(lh.parent_agency, st.head_left_bold if lh.parent_bold else st.head_left), _p(lh.agency, st.head_left_bold),
            HRFlowable(width="35%", thickness=0.6, color=colors.black, spaceBefore=2.5, spaceAfter=4),
            _p(lh.number_line(), st.number)]  # fmt: skip
    right = [_p(NATION, st.nation), motto, Spacer(1, 7.5), _p(lh.date_line(), st.date)]
    table = Table([[left, right]], colWidths=[72 * mm, 93 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                               ("FONTNAME", (0, 0), (-1, -1), st.regular),
                               ("LEFTPADDING", (0, 0), (-1, -1), 1),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 1), ("TOPPADDING", (0, 0), (-1, -1), 0)]))  # fmt: skip
    return table


class _Table(Table):
    """A table cut across pages only where at least two body rows stay on each side."""

    MIN_ROWS = 2

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        if len(parts) != 2:
            return parts
        head, rows = self.repeatRows, len(self._cellvalues)
        kept = len(parts[0]._cellvalues)
        if kept - head < self.MIN_ROWS:
            return []  # the whole table goes to the next page
        if rows - kept < self.MIN_ROWS:
            kept = rows - self.MIN_ROWS
            if kept - head < self.MIN_ROWS:
                return []
            return super().split(availWidth, sum(self._rowHeights[:kept]) + 0.01)
        return parts


def _grid(grid: Grid, st: _Styles) -> Table:
    data = []
    for values in grid.header:
        data.append(["" if v is None else _p(v, st.cell_head) for v in values])
    for values in grid.rows:
        data.append(
            [_p(shown(v, kind), st.cell[_ALIGN[kind]]) for v, kind in zip(values, grid.kinds, strict=True)]
        )
    scale = TEXT_WIDTH_MM / sum(grid.widths)
    table = _Table(data, colWidths=[w * scale * mm for w in grid.widths], repeatRows=len(grid.header))
    style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
             ("LEFTPADDING", (0, 0), (-1, -1), 2.5), ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
             ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]  # fmt: skip
    style += [("SPAN", (c0, r0), (c1, r1)) for c0, r0, c1, r1 in grid.spans]
    style.append(("FONTNAME", (0, 0), (-1, -1), st.regular))  # empty cells too: no Helvetica in the file
    table.setStyle(TableStyle(style))
    return table


def _signatures(block: Signatures, st: _Styles) -> Table:
    data = [[_p(block.left[0], st.sign), _p(block.right[0], st.sign)], ["", ""],
            [_p(block.left[1], st.sign), _p(block.right[1], st.sign)]]  # fmt: skip
    table = Table(data, colWidths=[TEXT_WIDTH_MM / 2 * mm] * 2, rowHeights=[None, 24 * mm, None])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("NOSPLIT", (0, 0), (-1, -1)),
                               ("FONTNAME", (0, 0), (-1, -1), st.regular)]))  # fmt: skip
    return table


def _flowables(block, st: _Styles) -> list:
    if isinstance(block, Text):
        return [_p(block.text, st.by_name[block.style])]
    if isinstance(block, Grid):
        return [Spacer(1, 1.5 * mm), _grid(block, st), Spacer(1, 2.5 * mm)]
    return [Spacer(1, 4 * mm), _signatures(block, st)]


def _height(flowable, width: float, *, start_only: bool = False) -> float:
    """Points ``flowable`` takes on the page (a table: its header and first rows only)."""
    _w, h = flowable.wrap(width, A4[1])
    if isinstance(flowable, Paragraph):
        return h + flowable.style.spaceBefore + flowable.style.spaceAfter
    if start_only and isinstance(flowable, _Table):
        return sum(flowable._rowHeights[: flowable.repeatRows + _Table.MIN_ROWS])
    return h


def write_paper_pdf(paper: Paper, out: Path, *, title: str = "", author: str = "") -> Path:
    fonts = bundled()
    st = _Styles(fonts)
    story: list = [_letterhead(paper, st), Spacer(1, 5 * mm)]
    if paper.draft:
        story.append(_p(paper.draft, st.draft))
    story += [_p(paper.title, st.title), _p(paper.subtitle, st.subtitle)]
    width = A4[0] - LEFT - RIGHT
    flowables = [_flowables(block, st) for block in paper.blocks]
    for i, block in enumerate(paper.blocks):
        chain = kept_with(paper.blocks, i)
        if len(chain) > 1 and not isinstance(block, Grid):
            # a heading with what follows, a table's introduction with its first rows, the
            # closing line with the signatures: a new page unless they fit on this one
            last = i + len(chain) - 1
            needed = sum(
                _height(f, width, start_only=j == last) for j in range(i, last + 1) for f in flowables[j]
            )
            story.append(CondPageBreak(needed))
        story += flowables[i]

    def on_page(canvas, doc) -> None:
        canvas.saveState()
        width, height = A4
        if doc.page > 1:  # Decree 30: page numbers at the top centre from the second page
            canvas.setFont(st.regular, 13)
            canvas.drawCentredString(LEFT + (width - LEFT - RIGHT) / 2, height - 12 * mm, str(doc.page))
        if paper.draft:
            canvas.setFont(st.bold, 10)
            canvas.setFillColor(RED)
            canvas.drawRightString(width - RIGHT, height - 12 * mm, paper.draft)
        canvas.restoreState()

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with complete_file(out) as tmp:
        # the frame pads its text by 6 pt: the margins give that back, so text starts at 30 mm
        doc = SimpleDocTemplate(str(tmp), pagesize=A4, leftMargin=LEFT - 6, rightMargin=RIGHT - 6, topMargin=TOP - 6,
                                bottomMargin=BOTTOM - 6, title=title or paper.title, author=author,
                                creator=f"thidua_desktop {__version__}", initialFontName=st.regular)  # fmt: skip
        doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return out
