"""Every window fits the screen it opens on (issue 24, point 3): a dialog asked for 1100×720
on a 1366×768 laptop, or at 150 % on a 1920×1080 screen (1280×720 points, less the task
bar), is made no larger than the screen's free area and moved into it, so its Lưu / Đóng
buttons are never under the task bar; dialogs get a maximise button. Installed once on the
application (``install``); the free area is asked of ``available`` so tests can give any."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QWidget

FRAME = 32  # the title bar and frame Windows draws around a window, in points


def available(widget: QWidget) -> QRect:
    """The free area (the screen less the task bar) of the screen ``widget`` opens on."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 728)


def fit(widget: QWidget, free: QRect | None = None) -> None:
    """Shrink ``widget`` to the free area (never below its minimum) and move it inside."""
    free = free or available(widget)
    width = max(widget.minimumWidth(), min(widget.width(), free.width()))
    height = max(widget.minimumHeight(), min(widget.height(), free.height() - FRAME))
    if (width, height) != (widget.width(), widget.height()):
        widget.resize(width, height)
    x = min(max(widget.x(), free.left()), max(free.left(), free.right() + 1 - width))
    y = min(max(widget.y(), free.top()), max(free.top(), free.bottom() + 1 - height - FRAME))
    if (x, y) != (widget.x(), widget.y()):
        widget.move(x, y)


class ScreenFit(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Polish and isinstance(watched, QDialog) and watched.isWindow():
            watched.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        elif kind == QEvent.Type.Show and isinstance(watched, QDialog | QMainWindow) and watched.isWindow():
            if not watched.property("thidua_fitted"):
                watched.setProperty("thidua_fitted", True)
                fit(watched)
        return False


def install(app: QApplication) -> ScreenFit:
    fitter = ScreenFit(app)
    app.installEventFilter(fitter)
    return fitter
