"""Cells of the cluster tab's tables: read-only items, right-aligned figures, the colours of a
unit that reached or missed a threshold."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QTableWidgetItem

from thidua_desktop.ui.contrast import text_on

GOOD, SHORT = QColor("#dff0d8"), QColor("#fdecea")


def item(text, *, align=None, background=None) -> QTableWidgetItem:
    item = QTableWidgetItem("" if text is None else str(text))
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if align:
        item.setTextAlignment(align)
    if background is not None:
        item.setBackground(background)
        item.setForeground(text_on(background))  # readable in a dark palette too
    return item


RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
