"""The import's preview as a clerk uses it (issue 23): the year chosen when the title has
none, a column's meaning changed, a new unit mapped to an existing one; each change checks
the file again, and the write lands what was chosen in SQLite."""

from openpyxl import Workbook

from thidua_desktop.ui import messages
from thidua_desktop.ui.transfer import excel_import as import_dialog


def unit_list(path):
    wb = Workbook()
    ws = wb.active
    for r, line in enumerate([
        ["ỦY BAN NHÂN DÂN HUYỆN THỬ"],
        ["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"],
        ["STT", "Họ và tên", "Năm sinh Nam", "Năm sinh Nữ", "Đơn vị", "Ghi chú"],
        [1, "Kiều Văn Chọn", 1980, None, "Phòng Tư pháp huyện", "LĐTT"],
        [2, "Kiều Thị Chọn", None, 1985, "Phòng Tư pháp huyện", "Giấy khen"],
        [3, "Lò Văn Có", 1979, None, "Sở Tư pháp tỉnh", "LĐTT"],
    ], start=1):  # fmt: skip
        for c, value in enumerate(line, start=1):
            ws.cell(r, c, value)
    wb.save(path)
    return path


def test_year_columns_and_new_units_chosen_in_the_preview(window, qtbot, tmp_path, monkeypatch):
    path = unit_list(tmp_path / "huyen.xlsx")
    monkeypatch.setattr(messages, "open_file", lambda *a, **k: path)
    db = window.db
    stp = db.conn.execute("SELECT id FROM units WHERE code = 'STP'").fetchone()[0]
    units_before = db.conn.execute("SELECT count(*) FROM units").fetchone()[0]
    seen = []

    def run(dialog):
        seen.append(dialog)
        dialog.show()
        choices = dialog.choices
        assert dialog.rows.year is None and "chưa chọn" in choices.year_spin.text()
        assert "Phòng Tư pháp huyện" in choices.new_units.title() or choices.new_units.isVisible()
        # the "Ghi chú" column holds the award: the clerk says so
        combo = choices.column_boxes[5]
        combo.setCurrentIndex(combo.findData("award"))
        combo.activated.emit(combo.currentIndex())
        qtbot.waitUntil(lambda: dialog.buttons.isEnabled() and dialog.rows.layout.columns.get("award") == 5)
        assert all("chưa rõ năm thành tích" in r.reason for r in dialog.rows)  # awards, but no year yet
        choices.year_spin.setValue(2025)
        choices.year_spin.editingFinished.emit()
        qtbot.waitUntil(lambda: dialog.buttons.isEnabled() and dialog.rows.year == 2025)
        assert [r.action for r in dialog.rows] == [
            "new"
        ] * 3 and "do người dùng chọn" in choices.year_source.text()
        # the new unit is in fact the provincial department
        unit_box = choices.new_units_form.itemAt(0, choices.new_units_form.ItemRole.FieldRole).widget()
        unit_box.setCurrentIndex(unit_box.findData(stp))
        unit_box.activated.emit(unit_box.currentIndex())
        qtbot.waitUntil(lambda: dialog.buttons.isEnabled() and dialog.rows[0].unit_id == stp)
        shown = choices.new_units_form.itemAt(0, choices.new_units_form.ItemRole.FieldRole).widget()
        assert choices.new_units.isVisible() and shown.currentData() == stp  # still shown, to change back
        dialog.grab().save(str(tmp_path / "import-preview.png"))
        dialog.buttons.accepted.emit()
        qtbot.waitUntil(lambda: dialog.result_counts is not None, timeout=10000)
        return True

    monkeypatch.setattr(messages, "run_dialog", run)
    finished = []
    import_dialog.import_list(window, on_finished=lambda: finished.append(True))
    qtbot.waitUntil(lambda: bool(finished), timeout=20000)
    assert seen
    landed = db.conn.execute(
        "SELECT i.full_name, i.unit_id, p.award_code, p.year FROM individuals i JOIN proposals p "
        "ON p.individual_id = i.id WHERE i.full_name LIKE 'Kiều%' ORDER BY i.full_name"
    ).fetchall()
    assert landed == [("Kiều Thị Chọn", stp, "GK", 2025), ("Kiều Văn Chọn", stp, "LDTT", 2025)]
    assert db.conn.execute("SELECT count(*) FROM units").fetchone()[0] == units_before  # mapped, not created
