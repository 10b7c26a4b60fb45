"""Windows fit the screen they open on (issue 24, point 3): at 1366×768 and at 150 % on
1920×1080 (1280×720 points) the main window and the big dialogs stay inside the free area
(the task bar left out), their buttons on screen, and dialogs can be maximised."""

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QPushButton

from thidua_desktop.ui import screen_fit

SCREENS = {
    "1366x768 at 100 %": QRect(0, 0, 1366, 728),  # the task bar takes 40 points
    "1920x1080 at 150 %": QRect(0, 0, 1280, 688),
}


@pytest.fixture(params=list(SCREENS))
def screen(request, monkeypatch):
    free = SCREENS[request.param]
    monkeypatch.setattr(screen_fit, "available", lambda widget: free)
    app = QApplication.instance()
    fitter = screen_fit.install(app)
    yield free
    app.removeEventFilter(fitter)


def _inside(widget, free: QRect) -> None:
    assert widget.width() <= free.width() and widget.height() + screen_fit.FRAME <= free.height(), widget
    assert free.contains(widget.frameGeometry().topLeft())
    for box in widget.findChildren(QDialogButtonBox):
        for button in box.findChildren(QPushButton):
            if button.isVisible():
                corner = button.mapTo(widget, button.rect().bottomRight())
                assert corner.y() <= widget.height() and corner.x() <= widget.width(), button.text()


def test_the_big_dialogs_and_the_window_fit_the_free_area(window, qtbot, screen):
    from thidua_desktop.ui.certificates.printing import CertificateDialog
    from thidua_desktop.ui.certificates.templates import TemplatesDialog
    from thidua_desktop.ui.dialogs.clusters import ClustersDialog
    from thidua_desktop.ui.dialogs.desk_settings import SettingsDialog
    from thidua_desktop.ui.dialogs.identity import IdentityDialog

    window.setProperty("thidua_fitted", False)
    window.resize(1600, 1000)
    window.hide()
    window.show()
    _inside(window, screen)
    number = window.db.conn.execute(
        "SELECT decision_number FROM proposals WHERE decision_number <> ''"
    ).fetchone()[0]
    for dialog in (CertificateDialog(window, decision=number), TemplatesDialog(window), SettingsDialog(window.db, window),
                   IdentityDialog(window.db, window), ClustersDialog(window.db, window)):  # fmt: skip
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert dialog.windowFlags() & Qt.WindowType.WindowMaximizeButtonHint, type(dialog).__name__
        _inside(dialog, screen)
        dialog.close()
