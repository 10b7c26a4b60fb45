"""Exports from the window run in a worker and write a complete file."""

from helpers import answer_dialog
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from thidua_desktop.ui import messages
from thidua_desktop.ui.transfer import excel_export as export_ui


def test_export_the_list_a_tab_shows(window, qtbot, tmp_path, monkeypatch):
    out = tmp_path / "ca-nhan.xlsx"
    monkeypatch.setattr(messages, "save_file", lambda *a, **k: out)
    window.tabs.setCurrentIndex(2)
    tab = window.list_tabs[2]
    tab.search.setText("thang")
    tab._apply_search()
    qtbot.waitUntil(lambda: tab.model.total is not None)
    export_ui.export_current_list(window)
    qtbot.waitUntil(out.exists, timeout=10000)
    qtbot.waitUntil(lambda: "Đã xuất" in window.statusBar().currentMessage(), timeout=10000)
    ws = load_workbook(out).active
    values = [c.value for row in ws.iter_rows() for c in row]
    assert "DANH SÁCH CÁ NHÂN ĐIỂN HÌNH" in values and "Tìm: “thang”" in values
    names = [v for v in values if isinstance(v, str) and "Thắng" in v]
    assert len(names) == tab.model.total
    # the export offers to open the file or its folder, without blocking the window (issue 20)
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QMessageBox

    offers = [w for w in window.findChildren(QMessageBox) if "Mở tệp bây giờ?" in w.text()]
    assert offers and str(out) in offers[-1].text()
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    folder = next(b for b in offers[-1].buttons() if b.text() == "Mở thư mục chứa tệp")
    folder.click()
    assert opened == [str(out.parent)]


def test_export_the_proposal_list_from_the_menu(window, qtbot, tmp_path, monkeypatch):
    out = tmp_path / "de-nghi"  # no suffix typed: .xlsx is added
    monkeypatch.setattr(messages, "save_file", lambda *a, **k: out)
    answer_dialog(monkeypatch, qtbot, year="2024")
    export_ui.export_proposal_list(window)
    final = out.with_suffix(".xlsx")
    qtbot.waitUntil(final.exists, timeout=10000)
    ws = load_workbook(final).active
    assert "Năm 2024" in [c.value for row in ws.iter_rows() for c in row]


def test_award_history_needs_a_person_or_unit_selected(window, monkeypatch):
    shown = []
    monkeypatch.setattr(messages, "error", lambda parent, text, title="": shown.append(text))
    window.tabs.setCurrentIndex(1)  # movements
    export_ui.export_award_history(window)
    assert shown and "Hãy chọn một cá nhân" in shown[0]


def test_import_preview_then_write(window, qtbot, tmp_path, monkeypatch):
    from xlsx_samples import official_list

    from thidua_desktop.ui.transfer import excel_import as import_dialog

    path = official_list(tmp_path / "ds.xlsx", [
        [1, "Đặng Thu Trang", None, 1993, "12/12/1993", "Chuyên viên", "Sở Tư pháp tỉnh", "Giấy khen", "Tốt"],
        [2, "Ngô Văn Sáu", 1970, None, "1970-13-01", "Cán bộ", "Sở Tư pháp tỉnh", None, None],
    ])  # fmt: skip
    monkeypatch.setattr(messages, "open_file", lambda *a, **k: path)
    dialogs = []

    def run(dialog):
        dialogs.append(dialog)
        model = dialog.table.model()
        assert model.rowCount() == 2
        assert [model.index(r, 2).data() for r in range(2)] == ["Thêm mới", "Lỗi, bỏ qua"]
        assert model.index(1, 2).data(Qt.ItemDataRole.BackgroundRole).name() == "#ffd6d6"
        assert "1970-13-01" in model.index(1, 4).data() or "ngày" in model.index(1, 4).data().lower()
        assert dialog.errors_only.isEnabled() and "(1)" in dialog.errors_only.text()
        dialog.errors_only.setChecked(True)  # the one error alone
        assert model.rowCount() == 1 and model.index(0, 2).data() == "Lỗi, bỏ qua"
        dialog.errors_only.setChecked(False)
        assert model.rowCount() == 2
        assert "1 người mới" in dialog.summary.text() and "Chưa có gì được ghi" in dialog.summary.text()
        assert (
            window.db.conn.execute(
                "SELECT count(*) FROM individuals WHERE full_name = 'Đặng Thu Trang'"
            ).fetchone()[0]
            == 0
        )
        closed = []
        dialog.finished.connect(closed.append)
        dialog.buttons.accepted.emit()  # the write runs in a worker
        dialog.reject()  # Esc while writing: ignored, the write goes on and the copy stays
        qtbot.waitUntil(lambda: dialog.result_counts is not None, timeout=10000)
        assert closed == [dialog.DialogCode.Accepted] and not dialog.writing
        return dialog.result() == dialog.DialogCode.Accepted

    monkeypatch.setattr(messages, "run_dialog", run)
    finished = []
    import_dialog.import_list(window, on_finished=lambda: finished.append(True))  # read in a worker
    qtbot.waitUntil(lambda: bool(finished), timeout=20000)
    assert dialogs
    assert (
        window.db.conn.execute(
            "SELECT count(*) FROM individuals WHERE full_name = 'Đặng Thu Trang'"
        ).fetchone()[0]
        == 1
    )
    assert "Đã nhập 1 người mới" in window.statusBar().currentMessage()
    # the copy taken while the preview was read is kept, and holds the data before the import
    from thidua_desktop.store import backup

    copies = [c for c in backup.list_backups(window.db_path) if c.stem.endswith("truoc-nhap")]
    assert len(copies) == 1
    assert (
        backup.summary(copies[0])["individuals"]
        == window.db.conn.execute("SELECT count(*) - 1 FROM individuals").fetchone()[0]
    )


def test_import_cancelled_while_writing_changes_nothing(window, qtbot, tmp_path, monkeypatch):
    from xlsx_samples import official_list

    from thidua_desktop.store import backup
    from thidua_desktop.ui.transfer import excel_import as import_dialog

    people = [[i + 1, f"Người Thử {i}", 1970 + i % 30, None, None, "Chuyên viên", "Sở Tư pháp tỉnh", "Giấy khen", ""]
              for i in range(3000)]  # fmt: skip
    path = official_list(tmp_path / "lon.xlsx", people)
    monkeypatch.setattr(messages, "open_file", lambda *a, **k: path)
    told = []
    monkeypatch.setattr(messages, "error", lambda parent, text, title="": told.append(text))
    before = window.db.conn.execute("SELECT count(*) FROM individuals").fetchone()[0]

    def run(dialog):
        dialog.buttons.accepted.emit()
        dialog.progress.canceled.emit()  # "Hủy" at once: the worker stops at its next row
        qtbot.waitUntil(lambda: bool(told), timeout=20000)
        return False

    monkeypatch.setattr(messages, "run_dialog", run)
    finished = []
    import_dialog.import_list(window, on_finished=lambda: finished.append(True))
    qtbot.waitUntil(lambda: bool(finished), timeout=30000)
    assert told == ["Đã hủy; dữ liệu không thay đổi."]
    assert window.db.conn.execute("SELECT count(*) FROM individuals").fetchone()[0] == before
    assert not [c for c in backup.list_backups(window.db_path) if c.stem.endswith("truoc-nhap")]


def test_import_of_a_bad_file_says_why(window, qtbot, tmp_path, monkeypatch):
    from thidua_desktop.ui.transfer import excel_import as import_dialog

    bad = tmp_path / "x.xlsx"
    bad.write_bytes(b"")
    monkeypatch.setattr(messages, "open_file", lambda *a, **k: bad)
    shown = []
    monkeypatch.setattr(messages, "error", lambda parent, text, title="": shown.append(text))
    import_dialog.import_list(window)
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert "rỗng" in shown[0]


def test_restore_from_a_backup_in_the_window(window, qtbot, monkeypatch):
    from thidua_desktop.store import backup

    path = window.db_path
    copy = backup.automatic(path, "truoc-nhap")
    window.db.conn.execute("DELETE FROM ratings")  # a mistake to undo by restoring
    seen = []

    def choose(dialog):
        seen.append(dialog)
        dialog.list.setCurrentRow(
            [dialog.list.item(i).data(256) for i in range(dialog.list.count())].index(str(copy))
        )
        assert (
            "cá nhân" in dialog.details.text()
            and dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
        )
        return True

    monkeypatch.setattr(messages, "run_dialog", choose)
    monkeypatch.setattr(messages, "ask", lambda *a, **k: True)
    window.restore_backup()
    assert seen
    assert window.db.conn.execute("SELECT count(*) FROM ratings").fetchone()[0] > 0
    assert any(p.stem.endswith("truoc-khoi-phuc") for p in backup.list_backups(path))
    assert window.list_tabs[0].model.total == 8


def test_import_preview_says_a_legacy_encoding_was_converted(window, qtbot, tmp_path, monkeypatch):
    from test_import_legacy import TCVN3_HEADER, TCVN3_SEXES, TCVN3_TITLES, legacy_list

    from thidua_desktop.ui.transfer import excel_import as import_dialog

    path = legacy_list(tmp_path / "abc.xlsx", TCVN3_TITLES, TCVN3_HEADER, TCVN3_SEXES, [
        [1, "NguyÔn V¨n Th¾ng", 1984, None, None, "C¸n bé", "C«ng an tØnh", None, None],
    ])  # fmt: skip
    monkeypatch.setattr(messages, "open_file", lambda *a, **k: path)
    seen = []

    def run(dialog):
        model = dialog.table.model()
        cells = [model.index(0, c).data() for c in range(model.columnCount())]
        seen.append((dialog.summary.text(), cells))
        return False

    monkeypatch.setattr(messages, "run_dialog", run)
    import_dialog.import_list(window)
    qtbot.waitUntil(lambda: bool(seen), timeout=10000)
    summary, cells = seen[0]
    assert summary.startswith("Tệp dùng bảng mã TCVN3 (ABC); đã chuyển sang Unicode.")
    assert "Nguyễn Văn Thắng" in cells
