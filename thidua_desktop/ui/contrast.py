"""Colours that stay readable in the palette in use (issue 24, point 4): Windows 11 in dark
mode gives the program light text on dark ground, so a pastel status cell with the palette's
text was white on pale yellow, and red messages were dark red on near-black. Cell text is
chosen against its own background; the program's message colours (error red, warning
amber, success green, notes grey) are toned until they reach WCAG's 4.5 : 1 against the
window's ground."""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette

AA = 4.5  # WCAG 2 contrast for body text

ERROR, WARNING, OK, NOTE = "#b00020", "#8a5300", "#1b5e20", "#555555"


def luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())
    )


def ratio(a: QColor, b: QColor) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_on(background: QColor) -> QColor:
    """Black or white, whichever reads better on ``background`` (a coloured cell keeps its
    colour in a dark palette: its text must not be the palette's white)."""
    black, white = QColor("#000000"), QColor("#ffffff")
    return black if ratio(black, background) >= ratio(white, background) else white


def ground(role: QPalette.ColorRole = QPalette.ColorRole.Window) -> QColor:
    app = QGuiApplication.instance()
    return app.palette().color(role) if app is not None else QColor("#ffffff")


def tone(colour: str, against: QColor | None = None) -> str:
    """``colour`` (a hex), lightened or darkened in steps until it reads at 4.5 : 1 on
    ``against`` (the window's ground by default); unchanged when it already does."""
    against = against or ground()
    found = QColor(colour)
    lighter = luminance(against) < 0.18  # a dark ground: go lighter
    for _ in range(20):
        if ratio(found, against) >= AA:
            break
        hue, saturation, lightness, alpha = found.getHslF()
        lightness = min(1.0, lightness + 0.05) if lighter else max(0.0, lightness - 0.05)
        found = QColor.fromHslF(max(hue, 0.0), saturation, lightness, alpha)
    return found.name()


def style(colour: str) -> str:
    """A label's style sheet in ``colour`` toned for the palette: ``style(ERROR)``."""
    return f"color: {tone(colour)};"
