import shutil
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


def test_lists_are_built_when_first_shown_and_keep_their_state(qtbot, sample_path, tmp_path):
    """At start only the tab shown is built (the others are a quarter of the window's start
    each); a tab never shown keeps the state saved for it by an earlier session."""
    from PySide6.QtCore import QSettings

    from thidua_desktop.store import open_database
    from thidua_desktop.ui.main_window import MainWindow
    from thidua_desktop.ui.settings import Settings

    ini = str(tmp_path / "s.ini")

    def open_window():
        win = MainWindow(
            open_database(sample_path, user="tester"), Settings(QSettings(ini, QSettings.Format.IniFormat))
        )
        qtbot.addWidget(win)
        win.show()
        assert not any(win._list_tabs)  # the first frame comes before any list
        qtbot.waitUntil(lambda: any(win._list_tabs))  # the shown tab, just after
        return win

    first = open_window()
    assert [t is not None for t in first._list_tabs] == [True, False, False, False]
    people = first.show_list_tab(2)
    assert first.current_tab() is people and people.model.rowCount() > 0
    people.fill_filters({"sex": "nu"})
    first.tabs.setCurrentIndex(3)  # built by the change of tab, as a click does
    assert first._list_tabs[3] is not None and first.current_tab() is first._list_tabs[3]
    first._list_tabs[3].fill_filters({"status": "da_khen"})
    assert first.count_label.text() == first._list_tabs[3].count_label.text() != ""
    first.tabs.setCurrentIndex(2)
    first.close()  # saves the state of the tabs built

    second = open_window()
    assert second.tabs.currentIndex() == 2
    assert [t is not None for t in second._list_tabs] == [False, False, True, False]
    assert second.current_tab().filter_values().get("sex") == "nu"
    second.close()  # the proposals tab, not built this time, keeps what the first session saved
    third = open_window()
    assert third.settings.q.value("tabs/3/header") is not None
    assert len(third.list_tabs) == 4 and all(t is not None for t in third._list_tabs)
    assert third._list_tabs[3].filter_values().get("status") == "da_khen"  # restored for the same file
    third.close()
    # another file opened in the window: the filters saved for the first name its units and years
    other = tmp_path / "khac.sqlite"
    shutil.copy(sample_path, other)
    fourth = open_window()
    assert fourth.current_tab().filter_values().get("sex") == "nu"
    assert fourth._list_tabs[3] is None
    assert fourth.open_path(other)
    fourth.tabs.setCurrentIndex(3)  # built now, for the other file: not the first file's filters
    assert fourth._list_tabs[3].filter_values().get("status") in (None, "")
    fourth.close()


def test_demo_after_a_sample_stopped_halfway_opens_the_whole_sample(qtbot, tmp_path, monkeypatch):
    """Issue 17, point 7: --demo killed while writing the sample left an empty file under the
    final name, which --demo then opened empty for ever."""
    import os
    import signal
    import subprocess
    import time

    from thidua_desktop.store import open_database

    data = tmp_path / "data"
    data.mkdir()
    demo = data / app.DEMO_FILE
    writer = subprocess.Popen([sys.executable, "-m", "thidua_desktop", "sample", "--db", str(demo),
                               "--scale", "province"])  # fmt: skip
    part = data / (app.DEMO_FILE + ".part")
    deadline = time.monotonic() + 60
    while not part.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(1)
    os.kill(writer.pid, signal.SIGKILL)  # stopped halfway, as by a power cut
    writer.wait()
    assert part.exists() and not demo.exists()  # nothing under the final name
    # an older version's leftover: the final name, the schema, no data
    open_database(demo).close()
    monkeypatch.setattr(messages, "ask", lambda *a, **k: (_ for _ in ()).throw(AssertionError("no question")))
    windows, _ = _run(monkeypatch, tmp_path, demo=True)
    window = windows[-1]
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.list_tabs[2].model.total == 320)
    assert not part.exists()
    window.close()


PAINTED = """
import os, sys
real_exit = os._exit
def painted(code):
    from PySide6.QtWidgets import QApplication
    from thidua_desktop.ui.main_window import MainWindow
    w = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
    built = [t is not None for t in w._list_tabs]
    print("sqlite_utils" in sys.modules, "thidua_desktop.cli.export" in sys.modules, w.isVisible(),
          w.statusBar().currentMessage(), w.menuBar().isEnabled(), w.windowTitle(), any(built), sep="|")
    sys.stdout.flush()
    real_exit(code)
os._exit = painted
from thidua_desktop.app import main
main(["--db", sys.argv[1]])
"""


def test_the_window_is_painted_before_the_store_is_read(sample_path, tmp_path):
    """Issue 25, point 1: the first frame is the window with its tabs and "Đang mở tệp dữ liệu…",
    painted before sqlite-utils and the sub-commands are imported; the file, its title and the
    shown tab's list follow."""
    import os
    import subprocess

    copy = tmp_path / "khoi.sqlite"
    shutil.copy(sample_path, copy)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_DATA_HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path), "HOME": str(tmp_path)}  # fmt: skip

    def start(until: str) -> list[str]:
        out = subprocess.run([sys.executable, "-c", PAINTED, str(copy)], capture_output=True, text=True,
                             env={**env, "THIDUA_EXIT_WHEN_PAINTED": until}, timeout=120)  # fmt: skip
        assert out.returncode == 0, out.stderr[-2000:]
        return out.stdout.strip().splitlines()[-1].split("|")

    store, commands, visible, status, menus, title, listed = start("frame")
    assert (store, commands, visible, menus, listed) == ("False", "False", "True", "False", "False")
    assert status == "Đang mở tệp dữ liệu…" and "khoi.sqlite" not in title
    store, commands, visible, status, menus, title, listed = start("list")
    assert (store, commands, visible, menus, listed) == ("True", "False", "True", "True", "True")
    assert status == "" and title.startswith("khoi.sqlite – ")


def test_a_held_file_is_asked_about_over_the_painted_window(qtbot, sample_path, tmp_path, monkeypatch):
    """The questions of the start (held by another window, damaged) come over the window
    already shown; declining closes it."""
    from thidua_desktop.ui.file_lock import DeskLock

    holder = DeskLock(sample_path)
    assert holder.acquire()
    parents = []
    monkeypatch.setattr(messages, "ask", lambda parent, text, title="": parents.append(parent) or False)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(app, "data_dir", lambda: tmp_path)
    from PySide6.QtCore import QSettings

    from thidua_desktop.ui.settings import Settings

    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    try:
        assert app.run_gui(sample_path, settings=settings) == app.EXIT_FILE
    finally:
        holder.release()
    assert len(parents) == 1 and isinstance(parents[0], MainWindow)
    assert not parents[0].isVisible() and parents[0].db is None
