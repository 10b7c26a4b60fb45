"""Readable in Windows 11's dark mode (issue 24, point 4): with a dark palette the status
column's pastel cells get dark text, and the program's red, amber, green and grey messages are
toned until they read at 4.5 : 1 on the dark ground; in the light palette nothing changes."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from thidua_desktop.ui import contrast
from thidua_desktop.ui.forms import Field, RecordForm


@pytest.fixture
def dark():
    app = QApplication.instance()
    before = app.palette()
    palette = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#202020"), (QPalette.ColorRole.Base, "#1b1b1b"),
                         (QPalette.ColorRole.WindowText, "#ffffff"), (QPalette.ColorRole.Text, "#ffffff")):  # fmt: skip
        palette.setColor(role, QColor(colour))
    app.setPalette(palette)
    yield palette
    app.setPalette(before)


def test_the_status_cells_and_messages_read_on_a_dark_palette(window, qtbot, dark):
    tab = window.show_list_tab(3)
    model = tab.model
    status = next(
        i
        for i in range(model.columnCount())
        if model.headerData(i, Qt.Orientation.Horizontal) == "Trạng thái"
    )
    checked = 0
    for row in range(min(model.rowCount(), 40)):
        index = model.index(row, status)
        background = model.data(index, Qt.ItemDataRole.BackgroundRole)
        if background is None:
            continue
        text = model.data(index, Qt.ItemDataRole.ForegroundRole)
        assert text is not None and contrast.ratio(text, background) >= contrast.AA, (
            background.name(),
            text.name(),
        )
        # the palette's own white text would not have read
        assert contrast.ratio(QColor("#ffffff"), background) < contrast.AA
        checked += 1
    assert checked
    ground = dark.color(QPalette.ColorRole.Window)
    for colour in (contrast.ERROR, contrast.WARNING, contrast.OK, contrast.NOTE):
        assert contrast.ratio(QColor(colour), ground) < contrast.AA  # as written, unreadable here
        assert contrast.ratio(QColor(contrast.tone(colour)), ground) >= contrast.AA
    form = RecordForm("Thử", [Field("name", "Tên", required=True)], parent=window)
    qtbot.addWidget(form)
    shown = form.messages["name"].styleSheet()
    assert shown == contrast.style(contrast.ERROR) and contrast.tone(contrast.ERROR) != contrast.ERROR


def test_the_light_palette_keeps_the_colours_as_designed(qtbot):
    light = QColor("#ffffff")
    for colour in (contrast.ERROR, contrast.WARNING, contrast.OK, contrast.NOTE):
        assert contrast.tone(colour, light) == colour
    assert contrast.text_on(QColor("#fff3c4")).name() == "#000000"
    assert contrast.text_on(QColor("#1b5e20")).name() == "#ffffff"
