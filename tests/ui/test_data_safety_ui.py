"""Data safety in the window: a damaged file is explained and restored from the newest copy
(never written to), restores run in a worker with progress, and a file on a network share
is opened without WAL with a one-time notice."""

import hashlib
import shutil
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QProgressDialog

from thidua_desktop import app
from thidua_desktop.domain.models import Sex
from thidua_desktop.store import backup, open_database
from thidua_desktop.store.db import journal_mode
from thidua_desktop.store.records import individuals
from thidua_desktop.ui import messages
from thidua_desktop.ui.dialogs import restore as restore_dialog
from thidua_desktop.ui.main_window import MainWindow
from thidua_desktop.ui.settings import Settings


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def spoil(path: Path, kind: str) -> None:
    data = bytearray(path.read_bytes())
    if kind == "truncated":
        path.write_bytes(bytes(data[: len(data) // 2]))
    else:  # overwritten in the middle
        middle = len(data) // 2
        data[middle : middle + 8192] = bytes(range(256)) * 32
        path.write_bytes(bytes(data))


def journals(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.glob(path.name + "-*"))


@pytest.fixture
def damaged(sample_path, tmp_path):
    """A data file with a good automatic copy beside it, then damaged."""
    path = tmp_path / "khoi3.sqlite"
    shutil.copy(sample_path, path)
    copy = backup.automatic(path, "mo-tep")
    db = open_database(path)  # one more person after the copy: the copy is really older
    people = db.conn.execute("SELECT count(*) FROM individuals").fetchone()[0]
    individuals.create_individual(db, "Người Nhập Sau", Sex.FEMALE)
    db.close()
    return path, copy, people


class Dialogs:
    """Every message box answered without a click, and recorded."""

    def __init__(self, monkeypatch, answer=True, open_file=None):
        self.asked, self.errors, self.infos = [], [], []
        monkeypatch.setattr(messages, "ask", lambda parent, text, title="": self.asked.append(text) or answer)
        monkeypatch.setattr(messages, "error", lambda parent, text, title="": self.errors.append(text))
        monkeypatch.setattr(messages, "info", lambda parent, text, title="": self.infos.append(text))
        monkeypatch.setattr(messages, "open_file", lambda *a, **k: open_file)


def start(monkeypatch, tmp_path, db_path):
    """run_gui as the entry point calls it; returns its exit code and the windows shown."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(app, "data_dir", lambda: tmp_path)
    shown = []
    monkeypatch.setattr(QApplication, "exec", lambda *a: shown.extend(
        w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()) or 0)  # fmt: skip
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    return app.run_gui(db_path, settings=settings), shown


@pytest.mark.parametrize("kind", ["truncated", "overwritten"])
def test_declining_the_restore_leaves_the_damaged_file_byte_for_byte(
    qtbot, damaged, tmp_path, monkeypatch, kind
):
    path, _copy, _people = damaged
    spoil(path, kind)
    before = digest(path)
    dialogs = Dialogs(monkeypatch, answer=False, open_file=None)
    code, shown = start(monkeypatch, tmp_path, path)
    assert code == app.EXIT_FILE and not shown
    assert len(dialogs.asked) == 1
    text = dialogs.asked[0]
    assert "bị hỏng" in text and "Khôi phục từ bản sao lưu mới nhất" in text and "khoi3-" in text
    assert not dialogs.errors  # one clear message, not two
    assert digest(path) == before and journals(path) == []


@pytest.mark.parametrize("kind", ["truncated", "overwritten"])
def test_accepting_restores_the_newest_copy_and_keeps_the_damaged_file(
    qtbot, damaged, tmp_path, monkeypatch, kind
):
    path, copy, people = damaged
    spoil(path, kind)
    before = digest(path)
    dialogs = Dialogs(monkeypatch, answer=True)
    code, shown = start(monkeypatch, tmp_path, path)
    assert code == 0 and shown
    window = shown[-1]
    qtbot.addWidget(window)
    assert window.db_path == path and not window.read_only
    assert window.db.conn.execute("SELECT count(*) FROM individuals").fetchone()[0] == people
    kept = list(backup.backups_dir(path).glob("*-tep-hong.sqlite"))
    assert len(kept) == 1 and digest(kept[0]) == before
    assert dialogs.infos and str(kept[0]) in dialogs.infos[0]
    window.close()


def test_opening_a_damaged_file_from_the_window_keeps_the_current_one(window, damaged, monkeypatch):
    path, _copy, _people = damaged
    spoil(path, "overwritten")
    before = digest(path)
    current = window.db_path
    dialogs = Dialogs(monkeypatch, answer=False)
    assert window.open_path(path) is False
    assert window.db_path == current and "bị hỏng" in dialogs.asked[0]
    assert digest(path) == before and journals(path) == []


def test_damage_in_a_large_file_is_found_after_opening(qtbot, window, damaged, monkeypatch):
    """Files too large for the check at open are checked in the background."""
    path, _copy, people = damaged
    spoil(path, "overwritten")
    before = digest(path)
    monkeypatch.setattr("thidua_desktop.store.db.QUICK_CHECK_MAX_BYTES", 0)
    dialogs = Dialogs(monkeypatch, answer=True)
    assert window.open_path(path)  # opens: only the quick checks ran
    qtbot.waitUntil(lambda: bool(dialogs.infos), timeout=10000)
    assert "bị hỏng" in dialogs.asked[0]
    kept = list(backup.backups_dir(path).glob("*-tep-hong.sqlite"))
    assert len(kept) == 1 and digest(kept[0]) == before
    assert window.db_path == path
    assert window.db.conn.execute("SELECT count(*) FROM individuals").fetchone()[0] == people


def test_restore_from_the_menu_runs_in_a_worker_with_progress(qtbot, window, monkeypatch):
    path = window.db_path
    copy = backup.automatic(path, "mo-tep")
    window.db.conn.execute("INSERT INTO clusters (uid, name) VALUES ('sau', 'Khối thêm sau')")  # taken back
    threads, values = [], []
    real_restore = backup.restore

    def spy(db_path, copy_path, *, progress=None):
        threads.append(threading.current_thread() is threading.main_thread())
        return real_restore(db_path, copy_path, progress=progress)

    class Recording(QProgressDialog):
        def setValue(self, value):
            values.append((value, self.maximum(), self.isVisible()))
            super().setValue(value)

    monkeypatch.setattr(backup, "restore", spy)
    monkeypatch.setattr(restore_dialog, "QProgressDialog", Recording)

    def choose(dialog):
        dialog.list.setCurrentRow(0)
        return True

    monkeypatch.setattr(messages, "run_dialog", choose)
    Dialogs(monkeypatch, answer=True)
    shown = []  # every status message: the daily backup of the reopened file may say its own after ours
    window.statusBar().messageChanged.connect(shown.append)
    window.restore_backup()
    assert threads == [False]  # not on the UI thread
    assert values and all(visible for _v, _m, visible in values)
    assert values[-1][0] == values[-1][1] > 0  # moved to the end, page by page
    assert window.db.conn.execute("SELECT count(*) FROM clusters WHERE uid = 'sau'").fetchone()[0] == 0
    qtbot.waitUntil(lambda: (window.list_tabs[2].model.total or 0) > 200)  # the tabs read the restored file
    assert any(copy.name in message for message in shown)


def test_a_file_on_a_network_share_gets_a_rollback_journal_and_one_notice(
    qtbot, window, sample_path, tmp_path, monkeypatch
):
    from thidua_desktop.store import location

    share = tmp_path / "share"
    share.mkdir()
    path = share / "chung.sqlite"
    shutil.copy(sample_path, path)
    real = location._read_mounts()
    monkeypatch.setattr(location, "_read_mounts", lambda: real + f"//nas/tdkt {share} cifs rw 0 0\n")
    dialogs = Dialogs(monkeypatch)
    assert window.open_path(path)
    assert journal_mode(window.db) == "delete"
    assert len(dialogs.infos) == 1 and "ổ mạng" in dialogs.infos[0] and "//nas/tdkt" in dialogs.infos[0]
    assert window.open_path(sample_path) and journal_mode(window.db) == "wal"
    assert window.open_path(path)  # the same file again: no second notice
    assert len(dialogs.infos) == 1


def test_the_window_has_the_program_icon(window):
    icon = window.windowIcon()
    assert not icon.isNull()
    sizes = {s.width() for s in icon.availableSizes()}
    assert {16, 32, 48, 256} <= sizes


def test_undo_never_removes_rows_another_program_wrote_since(window, monkeypatch):
    """Issue 17, point 2: the window's Ctrl+Z after a payment removed the command line's payment
    to the same proposal together with its own."""
    from datetime import date

    from thidua_desktop.store.db import database_path
    from thidua_desktop.store.dossier import ledger

    errors = []
    monkeypatch.setattr(messages, "error", lambda _parent, text, *a, **k: errors.append(text))
    owed = next(line.proposal_id for year in ledger.years(window.db) for line in ledger.lines(window.db, year)
                if line.balance > 2)  # fmt: skip
    tab = window.show_list_tab(3)  # undo acts on the tab shown
    group = [("reward_payments", "proposal_id", owed)]
    count = lambda: window.db.conn.execute(  # noqa: E731
        "SELECT count(*) FROM reward_payments WHERE proposal_id = ?", (owed,)).fetchone()[0]  # fmt: skip
    assert tab.run_undoable("ghi chi", group, lambda: ledger.record_payment(
        window.db, owed, paid_on=date(2025, 3, 2), amount=1, voucher="PC-CUA-SO"))  # fmt: skip
    other = open_database(database_path(window.db), create=False)  # another program on the same file
    try:
        ledger.record_payment(other, owed, paid_on=date(2025, 3, 3), amount=1, voucher="PC-DONG-LENH")
    finally:
        other.close()
    assert count() == 2
    window.undo_stack.undo()
    assert count() == 2 and errors and "đã được thay đổi ở nơi khác" in errors[-1]

    # with nobody else writing, undo and redo work as before
    errors.clear()
    assert tab.run_undoable("ghi chi", group, lambda: ledger.record_payment(
        window.db, owed, paid_on=date(2025, 3, 4), amount=1, voucher="PC-2"))  # fmt: skip
    assert count() == 3
    window.undo_stack.undo()
    assert count() == 2 and not errors
    window.undo_stack.redo()
    assert count() == 3 and not errors


def test_the_restore_list_shows_each_copy_at_the_minute_it_was_taken(tmp_path):
    """Issue 20, point 7: a copy taken by hand at 21:05 (stamped …-2105) showed as 21:00."""
    from thidua_desktop.ui.dialogs.restore import describe

    by_hand = tmp_path / "khoi3-20261206-2105.sqlite"
    automatic = tmp_path / "khoi3-20261206-210517-mo-tep.sqlite"
    for path in (by_hand, automatic):
        path.write_bytes(b"")
    assert describe(by_hand).startswith("06/12/2026 21:05 — sao lưu")
    assert describe(automatic).startswith("06/12/2026 21:05 — ")


def test_file_dialogs_start_in_documents_then_in_the_last_folder_used(tmp_path, monkeypatch):
    """Issue 20, point 7: a suggested name opens in Documents (never the program's working
    folder), then in the folder the clerk last chose a file in."""
    from PySide6.QtCore import QSettings, QStandardPaths
    from PySide6.QtWidgets import QFileDialog

    from thidua_desktop.ui import messages

    QStandardPaths.setTestModeEnabled(True)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "cfg"))
    QSettings().remove("dialogs/last_folder")
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    assert messages.start_in("bang-261.pdf") == str(Path(documents) / "bang-261.pdf")
    assert messages.start_in(str(tmp_path / "x.sqlite")) == str(tmp_path / "x.sqlite")  # a full path stays
    opened = []
    chosen = tmp_path / "xuat" / "danh-sach.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda parent, title, start, filt: opened.append(start) or (str(chosen), filt))  # fmt: skip
    assert messages.save_file(None, "Lưu", "danh-sach.xlsx") == chosen
    assert opened == [str(Path(documents) / "danh-sach.xlsx")]
    assert messages.start_in("tien-thuong.xlsx") == str(tmp_path / "xuat" / "tien-thuong.xlsx")
    QSettings().remove("dialogs/last_folder")
    QSettings.setDefaultFormat(QSettings.Format.NativeFormat)
