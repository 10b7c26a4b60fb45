"""The 0603.N statistics from the window: the unit and person forms set the subject fields
it counts by, and File → Xuất Excel writes the form."""

from helpers import answer_dialog
from openpyxl import load_workbook

from thidua_desktop.ui import messages

UNITS, PEOPLE = 0, 2


def one(win, sql, *params):
    return win.db.conn.execute(sql, params).fetchone()


def test_unit_and_person_forms_set_the_statistics_groups(window, qtbot, monkeypatch):
    window.tabs.setCurrentIndex(UNITS)
    tab = window.list_tabs[UNITS]
    seen = answer_dialog(
        monkeypatch, qtbot, name="Hợp tác xã Nông nghiệp Thử", collective_type="doanh_nghiep"
    )
    tab.new_record()
    assert seen and seen[0].inputs["collective_type"].currentData() == "doanh_nghiep"
    unit = one(window, "SELECT id, collective_type FROM units WHERE name = 'Hợp tác xã Nông nghiệp Thử'")
    assert unit[1] == "doanh_nghiep"
    tab.select_id(unit[0])
    answer_dialog(monkeypatch, qtbot, collective_type="ho_gia_dinh")
    tab.edit_selected()
    assert one(window, "SELECT collective_type FROM units WHERE id = ?", unit[0])[0] == "ho_gia_dinh"

    window.tabs.setCurrentIndex(PEOPLE)
    tab = window.list_tabs[PEOPLE]
    answer_dialog(monkeypatch, qtbot, full_name="Phạm Văn Thử", sex="nam", person_group="truc_tiep")
    tab.new_record()
    pid, group = one(window, "SELECT id, person_group FROM individuals WHERE full_name = 'Phạm Văn Thử'")
    assert group == "truc_tiep"
    tab.select_id(pid)
    seen = answer_dialog(monkeypatch, qtbot, person_group="lanh_dao_phong")
    tab.edit_selected()
    assert one(window, "SELECT person_group FROM individuals WHERE id = ?", pid)[0] == "lanh_dao_phong"
    assert seen[0].inputs["person_group"].currentData() == "lanh_dao_phong"
    # a person in no group: the empty choice is stored as no group
    answer_dialog(monkeypatch, qtbot, person_group="")
    tab.edit_selected()
    assert one(window, "SELECT person_group FROM individuals WHERE id = ?", pid)[0] == ""


def test_form_0603_from_the_export_menu(window, qtbot, tmp_path, monkeypatch):
    menu = next(a.menu() for a in window.menuBar().actions() if a.menu() and "Tệp" in a.text())
    excel = next(a.menu() for a in menu.actions() if a.menu() and "Xuất Excel" in a.text())
    action = next(a for a in excel.actions() if "0603.N" in a.text())
    out = tmp_path / "bieu"
    monkeypatch.setattr(messages, "save_file", lambda *a, **k: out)
    answer_dialog(monkeypatch, qtbot, year="2025")
    action.trigger()
    final = out.with_suffix(".xlsx")
    qtbot.waitUntil(final.exists, timeout=10000)
    rows = list(load_workbook(final).active.iter_rows(values_only=True))
    total = next(r for r in rows if r[1] == "01")
    decided = one(
        window,
        "SELECT count(*) FROM awards WHERE award_code IN ('BK_TINH', 'CSTDT', 'CO_TINH') "
        "AND decision_date BETWEEN '2025-01-01' AND '2025-12-31'",
    )[0]
    assert total[3] == decided > 0 and ("Năm 2025",) == tuple(v for v in rows[4] if v)
