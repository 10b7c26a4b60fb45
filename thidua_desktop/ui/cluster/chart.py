"""Ranked bars of the units' total scores, drawn with QPainter (Qt Charts is not part of
PySide6-Essentials); saved as PNG at print resolution."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from thidua_desktop.domain.text import vn_decimal
from thidua_desktop.rules.scoring import UnitResult

BAR = QColor("#2f5d9f")
FIRST = QColor("#c00000")


class ScoreChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.results: list[UnitResult] = []
        self.title = ""
        self.setMinimumSize(320, 240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def show_results(self, results: list[UnitResult], title: str) -> None:
        self.results, self.title = list(results), title
        self.update()

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        draw(painter, QRectF(self.rect()), self.results, self.title, scale=1.0)

    def save_png(self, path: Path, size: QSize = QSize(1800, 1100)) -> bool:
        image = QImage(size, QImage.Format.Format_ARGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        draw(painter, QRectF(0, 0, size.width(), size.height()), self.results, self.title,
             scale=size.width() / 900)  # fmt: skip
        painter.end()
        return image.save(str(path), "PNG")


def draw(painter: QPainter, area: QRectF, results: list[UnitResult], title: str, *, scale: float) -> None:
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.fillRect(area, QColor("white"))
    font = QFont(painter.font())
    font.setPointSizeF(11 * scale)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("#202020"))
    margin = 12 * scale
    title_h = 28 * scale
    painter.drawText(QRectF(area.x(), area.y() + margin / 2, area.width(), title_h),
                     Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter, title)  # fmt: skip
    if not results:
        font.setBold(False)
        painter.setFont(font)
        painter.drawText(area, Qt.AlignmentFlag.AlignCenter, "Chưa có điểm để vẽ biểu đồ.")
        painter.restore()
        return
    font.setBold(False)
    font.setPointSizeF(9.5 * scale)
    painter.setFont(font)
    metrics = painter.fontMetrics()
    label_w = min(
        area.width() * 0.42, max(metrics.horizontalAdvance(f"{r.rank}. {r.name}") for r in results) + margin
    )
    top = area.y() + title_h + margin
    rows_h = area.height() - (top - area.y()) - margin
    row_h = rows_h / len(results)
    bar_h = min(row_h * 0.7, 34 * scale)
    right = area.right() - margin - metrics.horizontalAdvance("100,00") - margin
    left = area.x() + margin + label_w
    best = max(max(r.total for r in results), 1.0)
    for i, r in enumerate(results):
        y = top + i * row_h + (row_h - bar_h) / 2
        painter.setPen(QColor("#202020"))
        # a long name takes two lines rather than losing its middle
        painter.drawText(QRectF(area.x() + margin, y - row_h * 0.15, label_w - margin / 2, bar_h + row_h * 0.3),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap,
                         f"{r.rank}. {r.name}")  # fmt: skip
        width = max(0.0, (right - left) * r.total / best)
        painter.fillRect(QRectF(left, y, width, bar_h), FIRST if r.rank == 1 else BAR)
        painter.drawText(QRectF(left + width + margin / 2, y, 200 * scale, bar_h),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         vn_decimal(r.total, 2))  # fmt: skip
    painter.setPen(QPen(QColor("#808080"), max(1.0, scale)))
    painter.drawLine(int(left), int(top), int(left), int(top + rows_h))
    painter.restore()
