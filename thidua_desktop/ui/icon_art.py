"""The program's icon, drawn with QPainter: a gold medal with a red star hanging from a
red and gold ribbon on a deep red tile. Each size is drawn at its own resolution (no
scaling of one bitmap), then written as a Windows .ico and a .png.

The results are committed in resources/icons; run this module again only to change them:
``QT_QPA_PLATFORM=offscreen python -m thidua_desktop.ui.icon_art``."""

from __future__ import annotations

import math
import struct
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPainterPath, QPen, QPolygonF, QRadialGradient

ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
PNG_SIZE = 256
RED, DARK_RED, GOLD, LIGHT_GOLD, DEEP_GOLD = "#C62828", "#8E1B1B", "#F4C430", "#FFE680", "#B8860B"


def _star(cx: float, cy: float, outer: float, inner_ratio: float = 0.382) -> QPolygonF:
    points = []
    for i in range(10):
        r = outer if i % 2 == 0 else outer * inner_ratio
        angle = -math.pi / 2 + i * math.pi / 5
        points.append(QPointF(cx + r * math.cos(angle), cy + r * math.sin(angle)))
    return QPolygonF(points)


def draw(size: int) -> QImage:
    """The icon at ``size`` × ``size`` pixels, transparent outside the tile."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = float(size)
    small = size <= 24
    # the tile
    margin = 0 if small else s * 0.03
    tile = QRectF(margin, margin, s - 2 * margin, s - 2 * margin)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(RED))
    p.drawRoundedRect(tile, s * 0.18, s * 0.18)
    # the ribbon: two bands meeting behind the medal
    if not small:
        p.setBrush(QColor(DARK_RED))
        left = QPainterPath()
        left.addPolygon(QPolygonF([QPointF(s * 0.22, s * 0.10), QPointF(s * 0.40, s * 0.10),
                                   QPointF(s * 0.58, s * 0.52), QPointF(s * 0.42, s * 0.56)]))  # fmt: skip
        right = QPainterPath()
        right.addPolygon(QPolygonF([QPointF(s * 0.78, s * 0.10), QPointF(s * 0.60, s * 0.10),
                                    QPointF(s * 0.42, s * 0.52), QPointF(s * 0.58, s * 0.56)]))  # fmt: skip
        p.drawPath(left)
        p.drawPath(right)
        p.setBrush(QColor(GOLD))
        p.drawPolygon(QPolygonF([QPointF(s * 0.29, s * 0.10), QPointF(s * 0.33, s * 0.10),
                                 QPointF(s * 0.51, s * 0.53), QPointF(s * 0.47, s * 0.54)]))  # fmt: skip
        p.drawPolygon(QPolygonF([QPointF(s * 0.71, s * 0.10), QPointF(s * 0.67, s * 0.10),
                                 QPointF(s * 0.49, s * 0.53), QPointF(s * 0.53, s * 0.54)]))  # fmt: skip
    # the medal
    cx, cy = s * 0.5, (s * 0.52 if small else s * 0.63)
    radius = s * (0.40 if small else 0.30)
    gradient = QRadialGradient(QPointF(cx - radius * 0.3, cy - radius * 0.3), radius * 1.4)
    gradient.setColorAt(0.0, QColor(LIGHT_GOLD))
    gradient.setColorAt(0.6, QColor(GOLD))
    gradient.setColorAt(1.0, QColor(DEEP_GOLD))
    p.setBrush(QBrush(gradient))
    p.setPen(QPen(QColor(DEEP_GOLD), max(1.0, s * 0.02)) if not small else Qt.PenStyle.NoPen)
    p.drawEllipse(QPointF(cx, cy), radius, radius)
    # the star
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(RED))
    p.drawPolygon(_star(cx, cy + radius * 0.06, radius * 0.78))
    p.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data)


def _dib(image: QImage) -> bytes:
    """A 32-bit BGRA bitmap as .ico entries hold it: bottom-up rows and an AND mask, for
    the small sizes that older Windows parts read only in this form."""
    image = image.convertToFormat(QImage.Format.Format_ARGB32)  # memory order B, G, R, A
    w, h = image.width(), image.height()
    header = struct.pack("<IiiHHIIiiII", 40, w, h * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    rows = [bytes(image.constScanLine(y))[: w * 4] for y in range(h - 1, -1, -1)]
    mask_row = ((w + 31) // 32) * 4
    return header + b"".join(rows) + bytes(mask_row * h)  # all zero: alpha decides


def ico_bytes(images: list[QImage]) -> bytes:
    """A Windows icon file holding ``images`` (square, up to 256 px): PNG for 256 px,
    bitmaps below."""
    entries = [png_bytes(im) if im.width() >= 256 else _dib(im) for im in images]
    out = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    for image, data in zip(images, entries, strict=True):
        side = image.width() if image.width() < 256 else 0  # 0 means 256
        out += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    return out + b"".join(entries)


def write(folder: Path) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    ico, png = folder / "thidua.ico", folder / "thidua.png"
    ico.write_bytes(ico_bytes([draw(size) for size in ICO_SIZES]))
    png.write_bytes(png_bytes(draw(PNG_SIZE)))
    return ico, png


if __name__ == "__main__":
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication([])
    for path in write(Path(__file__).resolve().parents[2] / "resources" / "icons"):
        print(path, path.stat().st_size)
