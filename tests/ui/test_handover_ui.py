"""The hand-over in the window: a file from the previous head's desk is previewed row by
row, colour-coded, conflicts chosen for all at once, then merged in a worker; a merge
that fails half-way leaves the data as it was; the export asks for cluster and year."""

from __future__ import annotations

import pytest
from handover_samples import YEAR, attach_two, hold_the_year
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from thidua_desktop.reports.handover import archive as handover_file
from thidua_desktop.reports.handover import bundle as handover
from thidua_desktop.store import open_database
from thidua_desktop.store import sample as sample_data
from thidua_desktop.store.cluster import voting
from thidua_desktop.store.dossier import attachments
from thidua_desktop.store.dossier import files as attachment_files
from thidua_desktop.store.errors import ConstraintError
from thidua_desktop.store.handover import merge as store_handover
from thidua_desktop.store.handover.preview import CONFLICT, MINE, NEW, SAME, THEIRS
from thidua_desktop.store.records import units
from thidua_desktop.ui import messages
from thidua_desktop.ui.transfer import handover as handover_dialog


@pytest.fixture
def year_file(tmp_path):
    """The year as the previous head's desk holds it (its own uids), exported."""
    other = open_database(tmp_path / "khoi-truong-cu.sqlite", user="khối trưởng cũ")
    try:
        sample_data.generate(other, "cluster", seed=5)
        hold_the_year(other)
        return handover.export_year(other, 1, YEAR, tmp_path / "ban-giao.zip").path
    finally:
        other.close()


def _audit(db) -> int:
    return db.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]


def test_import_dialog_previews_then_merges(window, qtbot, year_file, monkeypatch):
    monkeypatch.setattr(messages, "open_file", lambda *a, **k: year_file)
    before = _audit(window.db)
    seen = []

    def run(dialog):
        seen.append(dialog)
        rows, model = dialog.preview.rows, dialog.table.model()
        same = [row for row in rows if row.status == SAME]
        assert same and model.rowCount() == len(rows) - len(same)  # the same rows only on request
        assert "Khối thi đua số 3, năm 2025" in dialog.header.text()
        dialog.show_same.setChecked(True)
        assert model.rowCount() == len(rows)
        colours = {
            model.row_at(r).status: model.index(r, 2).data(Qt.ItemDataRole.BackgroundRole).name()
            for r in range(len(rows))
        }
        assert (
            colours[NEW] == handover_dialog.COLOURS[NEW]
            and colours[CONFLICT] == handover_dialog.COLOURS[CONFLICT]
        )
        conflict = next(r for r in range(len(rows)) if model.row_at(r).status == CONFLICT)
        assert "→" in model.index(conflict, 3).data()  # this desk's value → the file's
        assert model.index(conflict, 4).data(Qt.ItemDataRole.EditRole) == handover.MINE
        assert model.index(conflict, 4).data().startswith("Giữ của bàn này")
        # the choice made as a clerk does: the cell clicked opens a combo box, "Lấy theo tệp" chosen
        dialog.show()
        dialog.table.scrollTo(model.index(conflict, 4))
        cell = dialog.table.visualRect(model.index(conflict, 4)).center()
        qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
        box = dialog.table.viewport().findChild(QComboBox)
        assert isinstance(box, QComboBox) and box.count() == 2
        box.setCurrentIndex(box.findData(THEIRS))
        box.activated.emit(box.currentIndex())
        assert dialog.choices()[model.row_at(conflict).key] == THEIRS
        assert model.index(conflict, 4).data().startswith("Lấy theo tệp")
        dialog.all_mine.click()
        assert set(dialog.choices().values()) == {MINE}
        writes_keeping = dialog.preview.writes(dialog.choices())
        assert f"Sẽ ghi {writes_keeping} dòng" in dialog.summary.text()
        assert "Chưa có gì được ghi" in dialog.summary.text() and _audit(window.db) == before
        dialog.all_theirs.click()
        assert set(dialog.choices().values()) == {THEIRS}
        assert f"Sẽ ghi {dialog.preview.writes(THEIRS)} dòng" in dialog.summary.text()
        dialog.buttons.accepted.emit()  # the merge runs in a worker
        qtbot.waitUntil(lambda: dialog.result_merge is not None, timeout=15000)
        return dialog.result() == dialog.DialogCode.Accepted

    monkeypatch.setattr(messages, "run_dialog", run)
    handover_dialog.import_handover(window)  # the file is read in a worker, then the dialog opens
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Đã ghi "), timeout=15000)
    assert seen
    vote = voting.vote_for(window.db, 1, YEAR)
    assert vote is not None and vote["status"] == "da_khoa"
    assert voting.tally_of(window.db, vote["id"]).returned == 8
    assert window.statusBar().currentMessage().startswith("Đã ghi ")
    assert "Bản sao trước khi nhận" in window.statusBar().currentMessage()
    assert handover.preview(window.db, year_file).writes(THEIRS) == 0


def test_a_failed_merge_leaves_the_data_untouched(window, qtbot, year_file, monkeypatch):
    monkeypatch.setattr(messages, "open_file", lambda *a, **k: year_file)
    shown = []
    monkeypatch.setattr(messages, "error", lambda parent, text, title="": shown.append(text))
    real_insert = store_handover._Planner._insert

    def insert(self, spec, values):
        if spec.table == "ballots":  # half-way: scores and the vote are written by now
            raise ConstraintError("Không lưu được phiếu bầu: ổ đĩa đầy.")
        return real_insert(self, spec, values)

    monkeypatch.setattr(store_handover._Planner, "_insert", insert)
    before = _audit(window.db)

    def run(dialog):
        dialog.buttons.accepted.emit()
        qtbot.waitUntil(lambda: bool(shown), timeout=15000)
        assert dialog.buttons.isEnabled()  # the user may try again or cancel
        return False

    monkeypatch.setattr(messages, "run_dialog", run)
    handover_dialog.import_handover(window)
    qtbot.waitUntil(lambda: bool(shown), timeout=15000)
    assert shown and "dữ liệu không thay đổi" in shown[0] and "ổ đĩa đầy" in shown[0]
    assert _audit(window.db) == before and voting.vote_for(window.db, 1, YEAR) is None


def test_a_bad_file_says_why(window, qtbot, tmp_path, monkeypatch):
    bad = tmp_path / "khong-phai.zip"
    bad.write_text("không phải tệp nén", encoding="utf-8")
    monkeypatch.setattr(messages, "open_file", lambda *a, **k: bad)
    shown = []
    monkeypatch.setattr(messages, "error", lambda parent, text, title="": shown.append((title, text)))
    handover_dialog.import_unit_file(window)
    qtbot.waitUntil(lambda: bool(shown), timeout=15000)
    assert shown and shown[0][0] == "Không nhận được tệp" and "không phải tệp bàn giao" in shown[0][1]


def test_export_asks_for_cluster_year_and_unit(window, qtbot, tmp_path, monkeypatch):
    out = tmp_path / "don-vi"
    dialogs = []

    def run(dialog):
        dialogs.append(dialog)
        dialog.year.setValue(2024)
        assert dialog.unit.count() == 8
        dialog.unit.setCurrentIndex(1)
        return True

    monkeypatch.setattr(messages, "run_dialog", run)
    monkeypatch.setattr(messages, "save_file", lambda parent, title, start, filter: out)
    handover_dialog.export_unit_file(window)
    assert dialogs
    qtbot.waitUntil(lambda: "Đã ghi don-vi.zip" in window.statusBar().currentMessage(), timeout=15000)
    manifest, tables = handover_file.read(out.with_name("don-vi.zip"))
    assert manifest["kind"] == "unit" and manifest["year"] == 2024
    assert manifest["unit"]["name"] == dialogs[0].unit.itemText(1)
    assert "Đã ghi don-vi.zip" in window.statusBar().currentMessage()


def test_export_names_the_attachments_it_left_out(window, qtbot, tmp_path, monkeypatch):
    members = {u["name"]: u["id"] for u in units.members(window.db, 1, 2024)}
    unit = members["Thanh tra tỉnh"]
    kept = attachments.add_bytes(window.db, b"%PDF-1.4 dang ky", "dang-ky-2024.pdf", unit_id=unit, year=2024,
                                 kind="dang_ky_thi_dua")  # fmt: skip
    lost = attachments.add_bytes(window.db, b"%PDF-1.4 bao cao", "bao-cao-2024.pdf", unit_id=unit, year=2024,
                                 kind="bao_cao_tong_ket")  # fmt: skip
    attachment_files.remove([attachments.checked_path(window.db, lost)])
    out = tmp_path / "thanh-tra.zip"

    def run(dialog):
        dialog.year.setValue(2024)
        dialog.unit.setCurrentIndex(dialog.unit.findData(unit))
        return True

    shown = []
    monkeypatch.setattr(messages, "run_dialog", run)
    monkeypatch.setattr(messages, "save_file", lambda parent, title, start, filter: out)
    monkeypatch.setattr(messages, "error", lambda parent, text, title="": shown.append((title, text)))
    handover_dialog.export_unit_file(window)
    qtbot.waitUntil(lambda: bool(shown), timeout=15000)
    title, text = shown[0]
    assert title == "Tệp bàn giao thiếu tài liệu đính kèm"
    assert "Đã ghi thanh-tra.zip, nhưng 1 tài liệu đính kèm không đưa vào được" in text
    assert "bao-cao-2024.pdf (hồ sơ Thanh tra tỉnh năm 2024): Không tìm thấy tệp" in text
    _manifest, tables = handover_file.read(out)
    assert [m["uid"] for m in tables["attachments"]] == [attachments.get(window.db, kept)["uid"]]
    assert "1 tài liệu đính kèm không đưa vào được" in window.statusBar().currentMessage()


def test_import_dialog_lists_the_attachments_with_their_owner(window, qtbot, tmp_path, monkeypatch):
    other = open_database(tmp_path / "khoi-truong-cu.sqlite", user="khối trưởng cũ")
    try:
        sample_data.generate(other, "cluster", seed=5)
        hold_the_year(other)
        attach_two(other)
        year_file = handover.export_year(other, 1, YEAR, tmp_path / "ban-giao.zip").path
    finally:
        other.close()
    monkeypatch.setattr(messages, "open_file", lambda *a, **k: year_file)

    def run(dialog):
        model = dialog.table.model()
        found = {
            model.index(r, 1).data(): tuple(model.index(r, c).data() for c in (0, 2, 3))
            for r in range(model.rowCount())
            if model.row_at(r).table == "attachments"
        }
        assert found["bao-cao-tong-ket.txt – hồ sơ Thanh tra tỉnh năm 2025"] == (
            "Tài liệu đính kèm", "Mới", "Báo cáo tổng kết công tác năm, 13 KB")  # fmt: skip
        assert any(label.startswith("bien-ban-khoi-2025.pdf – đề nghị Cờ thi đua") for label in found)
        dialog.buttons.accepted.emit()
        qtbot.waitUntil(lambda: dialog.result_merge is not None, timeout=15000)
        return True

    monkeypatch.setattr(messages, "run_dialog", run)
    handover_dialog.import_handover(window)
    qtbot.waitUntil(
        lambda: "trong đó 2 tài liệu đính kèm" in window.statusBar().currentMessage(), timeout=15000
    )
    arrived = attachments.listing(window.db)
    assert len(arrived) == 2 and all(a["state"] is None for a in arrived)


def test_the_file_is_read_off_the_window_thread_on_a_connection_of_its_own(
    window, qtbot, year_file, monkeypatch
):
    """Issue 17, point 4: a big hand-over file was read and matched on the window's thread."""
    import threading

    monkeypatch.setattr(messages, "open_file", lambda *a, **k: year_file)
    real_preview = handover.preview
    seen = []

    def preview(db, path, **kwargs):
        seen.append((threading.current_thread() is threading.main_thread(), db is window.db))
        return real_preview(db, path, **kwargs)

    monkeypatch.setattr(handover, "preview", preview)
    opened = []
    monkeypatch.setattr(messages, "run_dialog", lambda dialog: opened.append(dialog) or False)
    handover_dialog.import_handover(window)
    qtbot.waitUntil(lambda: bool(opened), timeout=15000)
    assert seen == [(False, False)]  # a worker, its own read-only connection
    assert opened[0].preview.rows and opened[0].table.model().rows is opened[0].preview.rows
