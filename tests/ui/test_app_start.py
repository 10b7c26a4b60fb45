import sys

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QApplication

from thidua_desktop import app
from thidua_desktop.ui import messages
from thidua_desktop.ui.main_window import MainWindow
from thidua_desktop.ui.settings import Settings


def _run(monkeypatch, tmp_path, **kwargs):
    """Start the app as the entry point does; return the windows it showed."""
    QStandardPaths.setTestModeEnabled(True)
    # run_gui installs the app's excepthook; give pytest its own back afterwards, and
    # let no message box wait for a click
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    errors = []
    monkeypatch.setattr(messages, "error", lambda parent, text, title="": errors.append(text))
    monkeypatch.setattr(app, "data_dir", lambda: tmp_path / "data")
    (tmp_path / "data").mkdir(exist_ok=True)
    shown = []
    monkeypatch.setattr(
        QApplication, "exec",
        lambda *a: shown.extend(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)) or 0,
    )  # fmt: skip
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    assert app.run_gui(settings=settings, **kwargs) == 0
    windows = [w for w in shown if w.isVisible()]
    assert not errors, errors
    return windows, settings


def test_first_start_creates_a_database_in_the_data_folder_and_offers_the_sample(
    qtbot, tmp_path, monkeypatch
):
    asked = []
    monkeypatch.setattr(messages, "ask", lambda parent, text, title="": asked.append(text) or True)
    windows, settings = _run(monkeypatch, tmp_path)
    window = windows[-1]
    qtbot.addWidget(window)
    assert window.db_path == tmp_path / "data" / app.DEFAULT_FILE
    assert asked and "dữ liệu mẫu" in asked[0]
    assert window.list_tabs[0].model.total == 8
    assert settings.last_database() == tmp_path / "data" / app.DEFAULT_FILE
    window.close()


def test_demo_opens_a_copy_of_the_sample(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(messages, "ask", lambda *a, **k: (_ for _ in ()).throw(AssertionError("no question")))
    windows, _ = _run(monkeypatch, tmp_path, demo=True)
    window = windows[-1]
    qtbot.addWidget(window)
    assert window.db_path == tmp_path / "data" / app.DEMO_FILE
    qtbot.waitUntil(lambda: window.list_tabs[2].model.total == 320)
    window.close()
