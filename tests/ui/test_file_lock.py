"""One window per data file; a second one may only look."""

import subprocess
import sys

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from thidua_desktop import app
from thidua_desktop.store import open_database
from thidua_desktop.ui import messages
from thidua_desktop.ui.file_lock import DeskLock
from thidua_desktop.ui.main_window import MainWindow
from thidua_desktop.ui.settings import Settings


def test_second_lock_fails_and_names_the_holder(sample_path):
    first, second = DeskLock(sample_path), DeskLock(sample_path)
    assert first.acquire()
    assert not second.acquire()
    assert " trên máy " in second.holder()
    first.release()
    assert second.acquire()
    second.release()


def test_a_lock_left_by_a_crashed_program_is_taken_over(sample_path):
    code = (
        "import os, sys; from PySide6.QtCore import QLockFile; "
        f"l = QLockFile({str(sample_path) + '.lock'!r}); assert l.tryLock(100); os._exit(0)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)  # dies holding the lock
    lock = DeskLock(sample_path)
    assert lock.acquire()
    lock.release()


def test_a_held_file_opens_read_only_and_refuses_edits(qtbot, sample_path, tmp_path, monkeypatch):
    holder = DeskLock(sample_path)
    assert holder.acquire()
    asked, errors, shown = [], [], []
    monkeypatch.setattr(messages, "ask", lambda parent, text, title="": asked.append(text) or True)
    monkeypatch.setattr(messages, "error", lambda parent, text, title="": errors.append(text))
    monkeypatch.setattr(QApplication, "exec", lambda *a: shown.extend(
        w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()) or 0)  # fmt: skip
    monkeypatch.setattr(app, "data_dir", lambda: tmp_path)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    assert app.run_gui(sample_path, settings=settings) == 0
    window = shown[-1]
    qtbot.addWidget(window)
    assert asked and "đang được mở bởi" in asked[0]
    assert window.read_only and "(chỉ xem)" in window.windowTitle()
    tab = window.list_tabs[2]
    pid = tab.selected_id()
    tab.delete_selected()  # asks (patched yes), then the store refuses to write
    assert errors
    check = open_database(sample_path)
    assert check.conn.execute("SELECT count(*) FROM individuals WHERE id = ?", (pid,)).fetchone()[0] == 1
    check.close()
    window.close()
    holder.release()


def test_the_window_holds_the_lock_until_closed(qtbot, sample_path, tmp_path):
    lock = DeskLock(sample_path)
    assert lock.acquire()
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(open_database(sample_path), settings, lock=lock)
    qtbot.addWidget(window)
    assert not DeskLock(sample_path).acquire()
    window.close()
    other = DeskLock(sample_path)
    assert other.acquire()
    other.release()
