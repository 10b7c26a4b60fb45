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


# --- one writer per data file, the command line included (issue 17, point 2) ----------------------
def _cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "thidua_desktop", *args], capture_output=True, text=True,
                          encoding="utf-8", timeout=timeout)  # fmt: skip


def _owed(db_path) -> tuple[int, int]:
    """A decided proposal still owed money, and how many payments the file has."""
    from thidua_desktop.store.dossier import ledger

    db = open_database(db_path, create=False)
    try:
        owed = next(
            line.proposal_id
            for year in ledger.years(db)
            for line in ledger.lines(db, year)
            if line.balance > 0
        )
        return owed, db.conn.execute("SELECT count(*) FROM reward_payments").fetchone()[0]
    finally:
        db.close()


def test_the_command_line_does_not_write_into_a_file_a_window_holds(sample_path, tmp_path):
    owed, payments = _owed(sample_path)
    window = DeskLock(sample_path)
    assert window.acquire()
    try:
        paid = _cli("ledger", "--db", str(sample_path), "--pay", str(owed))
        assert paid.returncode == 3, paid.stdout + paid.stderr
        assert (
            "đang được mở để ghi bởi" in paid.stderr
            and " trên máy " in paid.stderr
            and "--wait" in paid.stderr
        )
        listed = tmp_path / "ds.xlsx"
        assert _cli("import", "--template", str(listed)).returncode == 0
        imported = _cli("import", str(listed), "--db", str(sample_path))
        assert imported.returncode == 3 and "đang được mở để ghi bởi" in imported.stderr
        attached = tmp_path / "bien-ban.pdf"
        attached.write_bytes(b"%PDF-1.4 minutes")
        added = _cli("attachments", "add", "--db", str(sample_path), "--proposal", str(owed), "--kind",
                     "bien_ban_hoi_dong", str(attached))  # fmt: skip
        assert added.returncode == 3
        # reading goes on while the window writes
        assert _cli("find-paper", "--db", str(sample_path), "QĐ").returncode in (0, 1)
        assert _cli("ledger", "--db", str(sample_path)).returncode == 0
    finally:
        window.release()
    assert _owed(sample_path)[1] == payments  # nothing was written

    # the window gone, the same command writes
    done = _cli("ledger", "--db", str(sample_path), "--pay", str(owed))
    assert done.returncode == 0, done.stderr
    assert _owed(sample_path)[1] == payments + 1
    assert not (sample_path.parent / (sample_path.name + ".lock")).exists()


def test_a_window_does_not_take_a_file_the_command_line_is_writing(sample_path):
    from thidua_desktop.store import desk_lock

    with desk_lock.writing(sample_path):
        window = DeskLock(sample_path)
        assert not window.acquire()  # Qt's QLockFile sees the command line's lock as live
        assert "dòng lệnh" in desk_lock.holder(sample_path)
    assert window.acquire()
    window.release()


def test_wait_writes_once_the_window_lets_go(sample_path):
    owed, payments = _owed(sample_path)
    window = DeskLock(sample_path)
    assert window.acquire()
    waiting = subprocess.Popen([sys.executable, "-m", "thidua_desktop", "ledger", "--db", str(sample_path), "--pay",
                                str(owed), "--wait", "60"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    try:
        import time

        time.sleep(2)
        assert waiting.poll() is None  # still waiting
    finally:
        window.release()
    out, err = waiting.communicate(timeout=60)
    assert waiting.returncode == 0, err.decode()
    assert "đang chờ" in out.decode() and _owed(sample_path)[1] == payments + 1


def test_a_lock_left_by_a_command_that_died_is_taken_over(sample_path):
    from thidua_desktop.store import desk_lock

    code = (
        "import os; from thidua_desktop.store.desk_lock import CommandLock; "
        f"assert CommandLock({str(sample_path)!r}).acquire(); os._exit(0)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)  # dies holding the lock
    assert desk_lock.holder(sample_path) is None
    owed, payments = _owed(sample_path)
    assert _cli("ledger", "--db", str(sample_path), "--pay", str(owed)).returncode == 0
    window = DeskLock(sample_path)
    assert window.acquire()
    window.release()


def test_a_read_only_folder_is_not_called_open_elsewhere(sample_path, monkeypatch):
    """Issue 24, point 9: a read-only share showed "đang được mở bởi một cửa sổ khác"."""
    import os

    holder = DeskLock(sample_path)
    assert holder.acquire()
    assert "đang được mở bởi" in DeskLock(sample_path).question()
    holder.release()
    real_open = os.open
    monkeypatch.setattr(os, "open", lambda p, flags, *a, **k: (_ for _ in ()).throw(PermissionError(13, "denied"))
                        if flags & os.O_CREAT else real_open(p, flags, *a, **k))  # fmt: skip
    question = DeskLock(sample_path).question()
    assert "chỉ cho đọc" in question and "đang được mở bởi" not in question
