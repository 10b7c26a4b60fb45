"""The ballot papers of a cluster's vote (phiếu bầu, issue 21): the program fixes each unit's
number on the ballot (the secretary types those numbers), so the papers handed out are
printed from it, the units in ballot order with their numbers and a box per race, the number
of places to mark said on each, as many papers as were issued, several to an A4 page with a
cut line between. Drawn with reportlab on the bundled font, so Vietnamese prints the same on
every printer."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from thidua_desktop.reports.fonts import bundled
from thidua_desktop.reports.jobs import complete_file
from thidua_desktop.store import rows
from thidua_desktop.store.cluster import voting
from thidua_desktop.store.errors import ConstraintError

MARGIN = 14 * mm
ROW = 7.5 * mm  # a unit's line: room for a mark by hand


def per_page(units: int) -> int:
    """How many papers fit an A4 page with ``units`` lines: four of up to 8 units, two of up to
    24 (the paper's height grows with its lines), else one."""
    height = _height(units)
    return max(1, min(4, int((A4[1] - 2 * MARGIN) // (height + 6 * mm))))


def _height(units: int) -> float:
    return 33 * mm + (units + 1) * ROW


def write_ballot_papers(
    db: sqlite_utils.Database, vote_id: int, out: str | Path, *, copies: int | None = None
) -> Path:
    """``copies`` ballot papers (default: the ballots issued) into one PDF; returns its path."""
    vote = voting.get_vote(db, vote_id)
    cands = voting.candidates(db, vote_id)
    if not cands:
        raise ConstraintError("Cuộc bỏ phiếu chưa có đơn vị nào trên phiếu.")
    cluster = rows.get(db, "clusters", vote["cluster_id"])["name"]
    copies = copies or vote["issued"] or len(cands)
    fonts = bundled()
    regular, bold = fonts.face_name("regular"), fonts.face_name("bold")
    races = [(label, places) for label, places in (("Dẫn đầu", vote["leading_places"]),
                                                    ("Bằng khen", vote["commend_places"])) if places]  # fmt: skip
    out = Path(out)
    with complete_file(out) as part:
        canvas = Canvas(str(part), pagesize=A4)
        canvas.setTitle(f"Phiếu bầu năm {vote['year']} – {cluster}")
        canvas.setAuthor(cluster)
        fit = per_page(len(cands))
        height = _height(len(cands))
        gap = (A4[1] - 2 * MARGIN - fit * height) / max(1, fit)
        width = A4[0] - 2 * MARGIN
        for n in range(copies):
            slot = n % fit
            if n and slot == 0:
                canvas.showPage()
            top = A4[1] - MARGIN - slot * (height + gap)
            _paper(canvas, top, width, cluster, vote, cands, races, regular, bold)
            if slot < fit - 1 and n < copies - 1:  # the cut line under it
                y = top - height - gap / 2
                canvas.setDash(3, 3)
                canvas.setLineWidth(0.4)
                canvas.line(MARGIN, y, MARGIN + width, y)
                canvas.setDash()
        canvas.save()
    return out


def _paper(
    canvas: Canvas, top: float, width: float, cluster: str, vote, cands, races, regular: str, bold: str
) -> None:
    x = MARGIN
    canvas.setFont(bold, 13)
    canvas.drawCentredString(x + width / 2, top - 6 * mm, "PHIẾU BẦU")
    canvas.setFont(regular, 11)
    canvas.drawCentredString(x + width / 2, top - 11.5 * mm,
                             f"Bình xét thi đua năm {vote['year']} – {cluster}")  # fmt: skip
    rule = "; ".join(f"{label}: chọn không quá {places} đơn vị" for label, places in races)
    canvas.setFont(regular, 9.5)
    canvas.drawCentredString(
        x + width / 2, top - 17 * mm, f"Đánh dấu (X) vào ô của đơn vị được chọn. {rule}."
    )
    name_width = width - 14 * mm - len(races) * 28 * mm
    columns = [("STT", 14 * mm), ("Đơn vị", name_width)] + [(label, 28 * mm) for label, _p in races]
    y = top - 23 * mm
    canvas.setLineWidth(0.6)
    cx = x
    canvas.setFont(bold, 10.5)
    for title, w in columns:
        canvas.rect(cx, y - ROW, w, ROW)
        canvas.drawCentredString(cx + w / 2, y - ROW + 2.4 * mm, title)
        cx += w
    canvas.setFont(regular, 10.5)
    for c in cands:
        y -= ROW
        cx = x
        for i, (_title, w) in enumerate(columns):
            canvas.rect(cx, y - ROW, w, ROW)
            if i == 0:
                canvas.drawCentredString(cx + w / 2, y - ROW + 2.4 * mm, str(c["position"]))
            elif i == 1:
                canvas.drawString(
                    cx + 2 * mm, y - ROW + 2.4 * mm, _fit(canvas, c["name"], regular, 10.5, w - 4 * mm)
                )
            cx += w


def _fit(canvas: Canvas, text: str, font: str, size: float, width: float) -> str:
    """The name, shortened with "…" only if it would not fit its cell."""
    if canvas.stringWidth(text, font, size) <= width:
        return text
    while text and canvas.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"
