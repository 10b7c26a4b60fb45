import pytest
from PySide6.QtCore import QSettings

from thidua_desktop.store import open_database
from thidua_desktop.ui.main_window import MainWindow
from thidua_desktop.ui.settings import Settings


@pytest.fixture
def window(qtbot, sample_path, tmp_path):
    """The main window on a fresh copy of the sample, with settings of its own."""
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    win = MainWindow(open_database(sample_path, user="tester"), settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win
