"""Certificates as PDF with reportlab: laid-out pages (certificate_layout.py) drawn on the
template's paper, the font embedded; a calibration page with millimetre rulers for
pre-printed blanks. Files appear only when complete."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas

from thidua_desktop import __version__
from thidua_desktop.reports.certificates.layout import MM, Calibration, Mode, Page, layout
from thidua_desktop.reports.certificates.template import Template
from thidua_desktop.reports.fonts import FontSet
from thidua_desktop.reports.jobs import Cancelled, complete_file

Progress = Callable[[int, int], None]


def _canvas(path: Path, template: Template, title: str, fonts: FontSet) -> Canvas:
    # initialFontName: every page starts in our embedded font, never an unembedded Helvetica
    c = Canvas(str(path), pagesize=(template.width_mm * MM, template.height_mm * MM), pageCompression=1,
               initialFontName=fonts.face_name("regular"))  # fmt: skip
    c.setTitle(title)
    c.setCreator(f"thidua_desktop {__version__}")
    return c


@contextmanager
def _binary_streams() -> Iterator[None]:
    """Compressed page streams written as binary, not ASCII85 text: a fifth smaller, and
    the encoding was a third of the writing time. Any PDF reader takes both."""
    with _config_lock:
        before = rl_config.useA85
        rl_config.useA85 = 0
        try:
            yield
        finally:
            rl_config.useA85 = before


_config_lock = threading.RLock()


def _colour(hex_code: str, cache: dict = {}):  # noqa: B006 - a module-wide cache on purpose
    colour = cache.get(hex_code)
    if colour is None:
        colour = cache[hex_code] = HexColor(hex_code)
    return colour


def draw_page(c: Canvas, page: Page, fonts: FontSet, images: dict[str, Path] | None = None) -> None:
    template, height = page.template, page.template.height_mm
    if page.mode is Mode.FULL:
        _draw_design(c, template, images or {})
    colour = None
    for placed in page.fields:
        if placed.colour != colour:
            colour = placed.colour
            c.setFillColor(_colour(colour))
        c.setFont(fonts.face_name(placed.style), placed.size)
        for line, start, baseline in zip(placed.lines, placed.starts_mm, placed.baselines_mm, strict=True):
            c.drawString(
                start * MM, (height - baseline) * MM, line
            )  # the layout measured it: no re-measuring
    c.showPage()


def _draw_design(c: Canvas, template: Template, images: dict[str, Path]) -> None:
    w, h = template.width_mm, template.height_mm
    border = template.border
    if border:
        c.setStrokeColor(_colour(border.colour))
        c.setLineWidth(border.width_pt)
        inset = border.inset_mm
        c.rect(inset * MM, inset * MM, (w - 2 * inset) * MM, (h - 2 * inset) * MM)
        if border.gap_mm > 0:
            c.setLineWidth(max(0.5, border.width_pt / 3))
            inner = inset + border.gap_mm
            c.rect(inner * MM, inner * MM, (w - 2 * inner) * MM, (h - 2 * inner) * MM)
    for slot in template.images:
        path = images.get(slot.key)
        if path:
            c.drawImage(str(path), slot.x_mm * MM, (h - slot.y_mm - slot.height_mm) * MM, slot.width_mm * MM,
                        slot.height_mm * MM, preserveAspectRatio=True, anchor="c", mask="auto")  # fmt: skip


def write(
    out: Path,
    template: Template,
    pages: Iterable[Page],
    fonts: FontSet,
    *,
    total: int = 0,
    images: dict[str, Path] | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    title: str = "Bằng khen",
) -> int:
    """All ``pages`` into one PDF; returns the page count. Cancelling leaves no file."""
    done = 0
    with complete_file(Path(out)) as tmp, _binary_streams():
        c = _canvas(tmp, template, title, fonts)
        for page in pages:
            if cancelled is not None and cancelled():
                raise Cancelled()
            draw_page(c, page, fonts, images)
            done += 1
            if progress is not None and (done % 10 == 0 or done == total):
                progress(done, total)
        c.save()
    return done


# --- calibration ---------------------------------------------------------------------------


def calibration_page(
    out: Path, template: Template, fonts: FontSet, calibration: Calibration, sample: dict[str, str]
) -> None:
    """One page to print on a blank (or plain paper held against one): millimetre rulers on
    the top and left edges, a cross at 50 mm × 50 mm to measure the printer's offset, and
    each variable field's box where it will print, with a sample text."""
    w, h = template.width_mm, template.height_mm
    with complete_file(Path(out)) as tmp:
        c = _canvas(tmp, template, f"Trang căn chỉnh – {template.title}", fonts)
        face = fonts.face_name("regular")
        c.setStrokeColor(_colour("#000000"))
        c.setFillColor(_colour("#000000"))
        c.setLineWidth(0.3)
        for mm in range(0, int(w) + 1):  # top ruler
            tick = 8 if mm % 10 == 0 else 5 if mm % 5 == 0 else 2.5
            c.line(mm * MM, h * MM, mm * MM, (h - tick) * MM)
            if mm % 10 == 0 and 0 < mm < w:
                c.setFont(face, 6)
                c.drawCentredString(mm * MM, (h - 11) * MM, str(mm))
        for mm in range(0, int(h) + 1):  # left ruler, measured from the top edge
            tick = 8 if mm % 10 == 0 else 5 if mm % 5 == 0 else 2.5
            c.line(0, (h - mm) * MM, tick * MM, (h - mm) * MM)
            if mm % 10 == 0 and 0 < mm < h:
                c.setFont(face, 6)
                c.drawString(9.5 * MM, (h - mm - 1) * MM, str(mm))
        cx, cy = 50 + calibration.offset_x_mm, 50 + calibration.offset_y_mm
        c.setLineWidth(0.5)
        c.line((cx - 6) * MM, (h - cy) * MM, (cx + 6) * MM, (h - cy) * MM)
        c.line(cx * MM, (h - cy - 6) * MM, cx * MM, (h - cy + 6) * MM)
        c.circle(cx * MM, (h - cy) * MM, 3 * MM)
        c.setFont(face, 8)
        c.drawString(
            (cx + 8) * MM, (h - cy - 1) * MM, "Tâm dấu + phải cách mép trên 50 mm và mép trái 50 mm."
        )
        c.drawString((cx + 8) * MM, (h - cy - 5) * MM,
                     "Đo khoảng lệch thực tế rồi ghi vào “Độ lệch máy in” (sang phải, xuống dưới là dương).")  # fmt: skip
        c.drawString((cx + 8) * MM, (h - cy - 9) * MM,
                     f"{template.title}; độ lệch hiện tại: ngang {calibration.offset_x_mm:+.1f} mm, "
                     f"dọc {calibration.offset_y_mm:+.1f} mm.")  # fmt: skip
        page = layout(template, sample, fonts, Mode.OVERPRINT, calibration)
        c.setDash(2, 2)
        c.setStrokeColor(_colour("#808080"))
        for placed in page.fields:
            x, y, bw, bh = placed.box_mm
            c.rect(x * MM, (h - y - bh) * MM, bw * MM, bh * MM)
            c.setFont(face, 6)
            c.setFillColor(_colour("#808080"))
            c.drawString((x + 0.8) * MM, (h - y + 0.8) * MM, placed.key)
        c.setDash()
        draw_page(c, page, fonts)  # the sample texts, then the page ends
        c.save()
