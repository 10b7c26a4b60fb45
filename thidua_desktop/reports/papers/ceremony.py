"""The ceremony script (kịch bản công bố quyết định khen thưởng) as PDF: one page per
award of the decision, in the order of the certificates, with what the master of
ceremonies reads and the names called on stage in rounds. Drawn with the bundled serif
font (Liberation Serif, Times New Roman's metric twin), embedded; a long list is set
smaller to stay on its page, and only past the smallest readable size runs on to the next.

The .docx form is the template resources/papers/kich-ban.docx (reports/docx_papers.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from thidua_desktop.reports import fonts as certificate_fonts
from thidua_desktop.reports.jobs import complete_file

TITLE = "KỊCH BẢN CÔNG BỐ QUYẾT ĐỊNH KHEN THƯỞNG"
LEFT, RIGHT, TOP, BOTTOM = 30 * mm, 15 * mm, 20 * mm, 20 * mm
SIZES = (13, 12.5, 12, 11.5, 11, 10.5, 10)  # the list's size, largest that fits its page
LEADING = 1.25


@dataclass(frozen=True)
class Line:
    text: str
    style: str = "regular"
    size: float = 13
    align: str = "left"  # left, centre
    indent: float = 0.0
    before: float = 0.0  # extra space above, points
    rule: bool = False  # a short centred line instead of text


def opening(context: dict[str, Any], award: dict[str, Any]) -> str:
    return (
        f"Thừa ủy quyền của {context['nguoi_ban_hanh']}, xin trân trọng công bố quyết định tặng {award['ten']} cho "
        f"{award['so_luong']}. Trân trọng kính mời đại diện lãnh đạo lên trao thưởng và kính mời các tập thể, cá "
        "nhân có tên sau lên nhận:"
    )


CLOSING = "Xin chúc mừng các tập thể, cá nhân vừa được khen thưởng. Kính mời đại biểu và các tập thể, cá nhân trở về vị trí."


def _wrap(fonts, text: str, style: str, size: float, width: float) -> list[str]:
    return simpleSplit(text, fonts.face_name(style), size, width) or [""]


def _lines(fonts, context: dict[str, Any], award: dict[str, Any], size: float, width: float) -> list[Line]:
    """Everything on one award's page at list size ``size`` (headings stay at 13–14 pt)."""
    out: list[Line] = [Line(TITLE, "bold", 14, "centre")]
    decision = f"Quyết định số {context['so_quyet_dinh']} ngày {context['ngay_quyet_dinh']} của {context['nguoi_ban_hanh']}"
    out += [Line(t, "italic", 13, "centre") for t in _wrap(fonts, decision, "italic", 13, width)]
    out.append(Line("", size=6, rule=True, before=2))
    heading = f"Phần {award['stt']}/{len(context['hinh_thuc'])}: {award['ten_hoa']}"
    out += [Line(t, "bold", 14, "centre", before=10 if i == 0 else 0)
            for i, t in enumerate(_wrap(fonts, heading, "bold", 14, width))]  # fmt: skip
    out.append(Line(f"({award['so_luong']})", "italic", 13, "centre"))
    out.append(Line("Người dẫn chương trình:", "bold_italic", size, before=8))
    out += [Line(t, "regular", size) for t in _wrap(fonts, opening(context, award), "regular", size, width)]
    hang = 8 * mm
    for round_ in award["luot"]:
        out.append(Line(f"Lượt {round_['so']}:", "bold", size, before=size * 0.5))
        for person in round_["nguoi"]:
            text = f"{person['stt']}. {person['ten_day_du']}"
            if person["chuc_vu_don_vi"]:
                text += f", {person['chuc_vu_don_vi']}"
            wrapped = _wrap(fonts, text, "regular", size, width - hang - 6 * mm)
            out += [
                Line(t, "regular", size, indent=hang if i == 0 else hang + 6 * mm)
                for i, t in enumerate(wrapped)
            ]
    out.append(Line("Người dẫn chương trình:", "bold_italic", size, before=size * 0.7))
    out += [Line(t, "regular", size) for t in _wrap(fonts, CLOSING, "regular", size, width)]
    return out


def _height(lines: list[Line]) -> float:
    return sum(line.before + line.size * LEADING for line in lines)


def pages_of(fonts, context: dict[str, Any]) -> list[list[Line]]:
    """The pages: one per award, set at the largest list size that fits; a list too long
    even at the smallest size runs on to more pages."""
    page_w, page_h = A4
    width, room = page_w - LEFT - RIGHT, page_h - TOP - BOTTOM
    pages: list[list[Line]] = []
    for award in context["hinh_thuc"]:
        for size in SIZES:
            lines = _lines(fonts, context, award, size, width)
            if _height(lines) <= room:
                break
        page: list[Line] = []
        for line in lines:  # past the smallest size: carry on over the next page
            if page and _height([*page, line]) > room:
                pages.append(page)
                page = []
            page.append(line)
        pages.append(page)
    return pages


def write_pdf(out: Path, context: dict[str, Any], fonts: certificate_fonts.FontSet | None = None) -> int:
    """Write the ceremony script of a decision (``paper_context.ceremony_context``);
    returns the number of pages. The file appears only when complete."""
    fonts = fonts or certificate_fonts.bundled()
    pages = pages_of(fonts, context)
    page_w, page_h = A4
    width = page_w - LEFT - RIGHT
    with complete_file(Path(out)) as tmp:
        # initialFontName: every page starts in the embedded font, never an unembedded Helvetica
        canvas = Canvas(str(tmp), pagesize=A4, pageCompression=1, initialFontName=fonts.face_name("regular"))
        canvas.setTitle(f"{TITLE} – Quyết định số {context['so_quyet_dinh']}")
        canvas.setAuthor("thidua_desktop")
        for page in pages:
            y = page_h - TOP
            for line in page:
                y -= line.before + line.size * LEADING
                if line.rule:
                    canvas.setLineWidth(0.6)
                    canvas.line(
                        LEFT + width / 2 - 20 * mm, y + line.size, LEFT + width / 2 + 20 * mm, y + line.size
                    )
                    continue
                canvas.setFont(fonts.face_name(line.style), line.size)
                if line.align == "centre":
                    canvas.drawCentredString(LEFT + width / 2, y + line.size * 0.25, line.text)
                else:
                    canvas.drawString(LEFT + line.indent, y + line.size * 0.25, line.text)
            canvas.showPage()
        canvas.save()
    return len(pages)
