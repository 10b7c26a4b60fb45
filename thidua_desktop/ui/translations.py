"""Qt's own strings in Vietnamese (issue 20, point 5): the standard buttons (OK, Cancel, Yes,
No, Save, Close…), the text fields' context menu (Undo, Cut, Copy, Paste…) and Qt-drawn file
dialogs. Qt ships no Vietnamese catalogue, so the program carries its own
(resources/translations/qt_vi.ts, compiled with pyside6-lrelease to qt_vi.qm) and installs
it at start-up."""

from __future__ import annotations

import logging

from PySide6.QtCore import QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from thidua_desktop.shipped.files import resource_path

log = logging.getLogger(__name__)


def install(app: QApplication) -> QTranslator | None:
    """Load the catalogue into ``app`` (kept alive on the application); None when it is
    missing (the program still runs, in Qt's English)."""
    translator = QTranslator(app)
    try:
        loaded = translator.load(str(resource_path("translations", "qt_vi.qm")))
    except FileNotFoundError:
        loaded = False
    if not loaded:
        log.warning("Vietnamese catalogue of Qt's strings not found; Qt's buttons stay English")
        return None
    app.installTranslator(translator)
    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    return translator
