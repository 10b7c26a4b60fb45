"""With --bare: a bare PySide6 window with four empty tabs, painted, then exit: the floor run.py
times the program against (the program itself is timed as a user starts it: the installed
``thidua-desktop`` with THIDUA_EXIT_WHEN_PAINTED). Without: the main window built the way
app.run_gui builds it (painted, then the file opened and the shown list built), for tests/test_bench.py to see which libraries a start loads."""

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    bare = "--bare" in sys.argv
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication, QMainWindow, QTabWidget, QWidget

    app = QApplication(sys.argv[:1])
    if bare:
        window = QMainWindow()
        tabs = QTabWidget()
        for name in ("1", "2", "3", "4"):
            tabs.addTab(QWidget(), name)
        window.setCentralWidget(tabs)
    else:
        from thidua_desktop.store import open_database
        from thidua_desktop.ui.main_window import MainWindow
        from thidua_desktop.ui.settings import Settings

        settings = Settings(QSettings(str(Path(tempfile.mkdtemp()) / "s.ini"), QSettings.Format.IniFormat))
        window = MainWindow(None, settings)  # as app.run_gui: painted before the file is opened
    window.resize(1200, 720)
    window.show()
    window.repaint()
    if not bare:
        window.attach(open_database(Path(sys.argv[1])))
    app.processEvents()
    if not bare:
        print("openpyxl" in sys.modules, "reportlab" in sys.modules, file=sys.stderr)
    os._exit(0)  # the window was painted: that is the measured moment


if __name__ == "__main__":
    main()
