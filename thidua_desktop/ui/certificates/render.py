"""Draw a laid-out certificate (reports/certificate_layout.py) with QPainter: the preview
in the dialogs, optionally over a scanned image of the blank, and printing through the
system's print dialog. Same boxes, sizes and lines as the PDF; the same font files."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from thidua_desktop.reports.certificates.layout import MM, Mode, Page
from thidua_desktop.reports.certificates.template import Template
from thidua_desktop.reports.fonts import FontSet


@cache
def _family(path: str) -> str:
    """The Qt family name of a TTF file, loaded into the application once."""
    font_id = QFontDatabase.addApplicationFont(path)
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    return families[0] if families else "serif"


def qfont(fonts: FontSet, style: str, size_pt: float, dots_per_mm: float) -> QFont:
    font = QFont(_family(str(fonts.path(style))))
    font.setBold("bold" in style)
    font.setItalic("italic" in style)
    font.setPixelSize(max(1, round(size_pt / MM * dots_per_mm)))  # pixel sizes: exact on any device
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


def paint(
    painter: QPainter,
    page: Page,
    fonts: FontSet,
    target: QRectF,
    *,
    images: dict[str, Path] | None = None,
    background: QImage | None = None,
    boxes: bool = False,
) -> None:
    """Draw ``page`` scaled into ``target`` (device units), keeping the paper's shape."""
    template = page.template
    scale = min(target.width() / template.width_mm, target.height() / template.height_mm)
    origin = QPointF(target.x() + (target.width() - template.width_mm * scale) / 2,
                     target.y() + (target.height() - template.height_mm * scale) / 2)  # fmt: skip

    def at(x_mm: float, y_mm: float) -> QPointF:
        return QPointF(origin.x() + x_mm * scale, origin.y() + y_mm * scale)

    paper = QRectF(at(0, 0), QSizeF(template.width_mm * scale, template.height_mm * scale))
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    if background is not None and not background.isNull():
        painter.drawImage(paper, background)
    if page.mode is Mode.FULL:
        _design(painter, template, at, scale, images or {})
    for placed in page.fields:
        if boxes:
            x, y, w, h = placed.box_mm
            painter.setPen(QPen(QColor("#7f7f7f"), 0, Qt.PenStyle.DashLine))
            painter.drawRect(QRectF(at(x, y), QSizeF(w * scale, h * scale)))
        font = qfont(fonts, placed.style, placed.size, scale)
        metrics = QFontMetricsF(font)
        painter.setFont(font)
        painter.setPen(QColor(placed.colour) if placed.fits else QColor("#d00000"))
        for line, baseline in zip(placed.lines, placed.baselines_mm, strict=True):
            width = metrics.horizontalAdvance(line)
            x = at(placed.anchor_x_mm, 0).x()
            if placed.align == "center":
                x -= width / 2
            elif placed.align == "right":
                x -= width
            painter.drawText(QPointF(x, at(0, baseline).y()), line)
    painter.restore()


def _design(painter: QPainter, template: Template, at, scale: float, images: dict[str, Path]) -> None:
    border = template.border
    if border:
        width, height = template.width_mm, template.height_mm
        pen = QPen(QColor(border.colour), border.width_pt / MM * scale)
        painter.setPen(pen)
        inset = border.inset_mm
        painter.drawRect(
            QRectF(at(inset, inset), QSizeF((width - 2 * inset) * scale, (height - 2 * inset) * scale))
        )
        if border.gap_mm > 0:
            pen.setWidthF(max(0.5, border.width_pt / 3) / MM * scale)
            painter.setPen(pen)
            inner = inset + border.gap_mm
            painter.drawRect(
                QRectF(at(inner, inner), QSizeF((width - 2 * inner) * scale, (height - 2 * inner) * scale))
            )
    for slot in template.images:
        path = images.get(slot.key)
        image = QImage(str(path)) if path else QImage()
        if image.isNull():
            continue
        box = QRectF(at(slot.x_mm, slot.y_mm), QSizeF(slot.width_mm * scale, slot.height_mm * scale))
        fitted = image.size().scaled(box.size().toSize(), Qt.AspectRatioMode.KeepAspectRatio)
        target = QRectF(0, 0, fitted.width(), fitted.height())
        target.moveCenter(box.center())
        painter.drawImage(target, image)


def page_layout(template: Template) -> QPageLayout:
    """The printer's page: the template's paper, no margins (the positions are measured
    from the paper's edges). QPageSize names the portrait shape; the layout turns it."""
    short, long = sorted((template.width_mm, template.height_mm))
    size = QPageSize(QSizeF(short, long), QPageSize.Unit.Millimeter, template.title,
                     QPageSize.SizeMatchPolicy.FuzzyOrientationMatch)  # fmt: skip
    turn = QPageLayout.Orientation.Landscape if template.landscape else QPageLayout.Orientation.Portrait
    return QPageLayout(size, turn, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)


class PreviewWidget(QWidget):
    """A certificate drawn to the widget's size, on white paper with a shadow edge."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.page: Page | None = None
        self.fonts: FontSet | None = None
        self.images: dict[str, Path] = {}
        self.background: QImage | None = None
        self.boxes = False
        self.message = ""
        self.setMinimumSize(360, 260)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def show_page(self, page: Page | None, fonts: FontSet | None, message: str = "") -> None:
        self.page, self.fonts, self.message = page, fonts, message
        self.update()

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#e6e6e6"))
        if self.page is None or self.fonts is None:
            painter.setPen(QColor("#555555"))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             self.message or "Chưa có bằng để xem trước.")  # fmt: skip
            return
        template = self.page.template
        area = QRectF(self.rect()).adjusted(12, 12, -12, -12)
        scale = min(area.width() / template.width_mm, area.height() / template.height_mm)
        paper = QRectF(0, 0, template.width_mm * scale, template.height_mm * scale)
        paper.moveCenter(area.center())
        painter.fillRect(paper.translated(3, 3), QColor("#9a9a9a"))
        painter.fillRect(paper, QColor("#fffdf5"))
        paint(
            painter,
            self.page,
            self.fonts,
            paper,
            images=self.images,
            background=self.background,
            boxes=self.boxes,
        )
