"""Run by test_projector_screens.py in a child process whose offscreen platform has two
screens (a laptop 1366×768 and a projector 1024×768): the projector opens full screen on the
second screen, the typing window keeps the keyboard, the view follows each ballot typed, and
every line fits the 1024×768 screen. Prints one JSON line of what it saw."""

import json
import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QFontMetricsF, QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

app = QApplication(sys.argv[:1])
QSettings.setDefaultFormat(QSettings.Format.IniFormat)
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, sys.argv[2])
from thidua_desktop.store import open_database  # noqa: E402
from thidua_desktop.store.cluster import scoring  # noqa: E402
from thidua_desktop.store.records import units  # noqa: E402
from thidua_desktop.ui.cluster import projector as projector_module  # noqa: E402
from thidua_desktop.ui.main_window import MainWindow  # noqa: E402
from thidua_desktop.ui.settings import Settings  # noqa: E402

db = open_database(Path(sys.argv[1]), user="thư ký")
table = scoring.create_table(db, 1, 2025)
for i, member in enumerate(units.members(db, 1, 2025)):
    for c in scoring.criteria(db, table):
        if c.kind.value == "diem":
            scoring.set_score(db, c.id, member["id"], agreed_score=round(c.max_points * (0.94 - i * 0.04), 2))
window = MainWindow(db, Settings(QSettings(str(Path(sys.argv[2]) / "s.ini"), QSettings.Format.IniFormat)))
window.setScreen(QGuiApplication.screens()[0])
window.show()
QTest.qWaitForWindowExposed(window)
tab = window.show_cluster_year()
tab.year.setValue(2025)
tab.pages.setCurrentIndex(1)
tab.create_vote()
window.activateWindow()
tab.show_projector()
view = tab.projector
QTest.qWaitForWindowExposed(view)
QTest.qWait(50)
seen = {
    "screen": view.screen().name(),
    "full": view.isFullScreen(),
    "geometry": list(view.geometry().getRect()),
    "choices": tab.screen_box.count(),
    "chosen": tab.screen_box.currentData(),
    "remembered": QSettings().value(projector_module.SCREEN_KEY),
}
seen["focus_in_typing"] = QApplication.focusWidget() is tab.leading_edit
view.page = 1
before = " ".join(t for t, _c, _b in view.lines())
tab.leading_edit.setText("1")
tab.commend_edit.setText("2 3")
tab.save_ballot()
after = " ".join(t for t, _c, _b in view.lines())
seen["before"], seen["after"] = before, after
fits = []
for page in range(3):
    view.page = page
    from PySide6.QtCore import QRectF

    area = QRectF(view.rect()).adjusted(40, 30, -40, -30)
    lines = view.lines()
    size = view.text_size(lines, area)
    widest = max(
        QFontMetricsF(projector_module._font(size, bold)).horizontalAdvance(text) for text, _c, bold in lines
    )
    title = QFontMetricsF(projector_module._font(size * 1.25, True)).horizontalAdvance(view.heading())
    tall = size * 2.6 + len(lines) * size * 1.55
    fits.append(
        [widest <= area.width() + 0.5, title <= area.width() + 0.5, tall <= area.height() - size, size]
    )
    view.grab().save(str(Path(sys.argv[2]) / f"chieu-{page + 1}.png"))
seen["fits"] = fits
print(json.dumps(seen, ensure_ascii=False))
