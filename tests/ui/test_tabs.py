"""Each tab driven through its real widgets; every change checked in the database."""

from datetime import date

from helpers import answer_dialog, fill
from PySide6.QtCore import QSettings, Qt

from thidua_desktop.store import open_database
from thidua_desktop.ui import messages
from thidua_desktop.ui.main_window import MainWindow
from thidua_desktop.ui.settings import Settings

UNITS, MOVEMENTS, PEOPLE, PROPOSALS = range(4)


def one(win, sql, *params):
    return win.db.conn.execute(sql, params).fetchone()


def tab_at(win, index):
    win.tabs.setCurrentIndex(index)
    return win.list_tabs[index]


def select(tab, row_id):
    tab.select_id(row_id)
    assert tab.selected_id() == row_id


def undo(win, qtbot):
    qtbot.keyClick(win, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def redo(win, qtbot):
    qtbot.keyClick(win, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)


# --- Cá nhân điển hình ----------------------------------------------------------------------
def test_person_add_edit_delete_and_undo(window, qtbot, monkeypatch):
    tab = tab_at(window, PEOPLE)
    monkeypatch.setattr(messages, "ask", lambda *a, **k: True)
    unit = one(window, "SELECT id FROM units WHERE code = 'STP'")[0]
    answer_dialog(monkeypatch, qtbot, full_name="Đinh Thị Ngọc Ánh", sex="nu", birth_date=date(1990, 5, 17),
                  position="Chuyên viên", unit_id=unit)  # fmt: skip
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    row = one(
        window, "SELECT id, birth_year, unit_id, sex FROM individuals WHERE full_name = 'Đinh Thị Ngọc Ánh'"
    )
    assert row is not None and row[1:] == (1990, unit, "nu")
    pid = row[0]
    assert tab.selected_id() == pid

    answer_dialog(monkeypatch, qtbot, position="Phó Chánh Văn phòng")
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)
    assert one(window, "SELECT position FROM individuals WHERE id = ?", pid)[0] == "Phó Chánh Văn phòng"
    undo(window, qtbot)
    assert one(window, "SELECT position FROM individuals WHERE id = ?", pid)[0] == "Chuyên viên"
    redo(window, qtbot)
    assert one(window, "SELECT position FROM individuals WHERE id = ?", pid)[0] == "Phó Chánh Văn phòng"

    from thidua_desktop.domain.models import Rating
    from thidua_desktop.store.records import individuals

    individuals.set_rating(window.db, 2025, Rating.EXCELLENT, individual_id=pid)
    select(tab, pid)
    qtbot.keyClick(tab.view, Qt.Key.Key_Delete)
    assert one(window, "SELECT count(*) FROM individuals WHERE id = ?", pid)[0] == 0
    assert one(window, "SELECT count(*) FROM ratings WHERE individual_id = ?", pid)[0] == 0
    undo(window, qtbot)  # the person and the rating that went with them come back
    assert one(window, "SELECT full_name FROM individuals WHERE id = ?", pid)[0] == "Đinh Thị Ngọc Ánh"
    assert one(window, "SELECT rating FROM ratings WHERE individual_id = ?", pid)[0] == "HTXSNV"
    undo(window, qtbot)  # the edit
    undo(window, qtbot)  # the insert
    assert one(window, "SELECT count(*) FROM individuals WHERE id = ?", pid)[0] == 0
    from thidua_desktop.store import audit

    actions = [e["action"] for e in reversed(audit.entries(window.db, "individuals", pid))]
    # add, edit, undo, redo, delete, undo delete, undo edit, undo add: all in the trail
    assert actions == ["insert", "update", "update", "update", "delete", "insert", "update", "delete"]


def test_deleting_a_person_with_awards_explains_what_blocks_it(window, qtbot, monkeypatch):
    tab = tab_at(window, PEOPLE)
    pid = one(window, "SELECT individual_id FROM awards WHERE individual_id IS NOT NULL LIMIT 1")[0]
    monkeypatch.setattr(messages, "ask", lambda *a, **k: True)
    shown = []
    monkeypatch.setattr(messages, "error", lambda parent, text, title="": shown.append(text))
    tab.search.setText(one(window, "SELECT full_name FROM individuals WHERE id = ?", pid)[0])
    tab._apply_search()
    select(tab, pid)
    tab.delete_selected()
    assert shown and "Không thể xóa cá nhân" in shown[0] and "danh hiệu" in shown[0]
    assert one(window, "SELECT count(*) FROM individuals WHERE id = ?", pid)[0] == 1


def test_invalid_date_shows_the_message_and_saves_nothing(window, qtbot, monkeypatch):
    tab_at(window, PEOPLE)
    before = one(window, "SELECT count(*) FROM individuals")[0]
    forms = answer_dialog(
        monkeypatch, qtbot, save=False, full_name="Lê Văn Tám", sex="nam", birth_date="31/02/1990"
    )
    window.current_tab().new_record()
    form = forms[0]
    assert not form.save_button.isEnabled()
    assert form.messages["birth_date"].isVisibleTo(form)
    assert "Không có ngày 31/02/1990" in form.messages["birth_date"].text()
    form.buttons.accepted.emit()  # pressing Enter on the form does not save either
    assert form.result() != form.DialogCode.Accepted
    fill(qtbot, form, birth_date="1990-02-03")
    assert "ngày/tháng/năm" in form.messages["birth_date"].text()
    assert one(window, "SELECT count(*) FROM individuals")[0] == before


def test_required_fields_and_birth_year_are_checked_while_typing(window, qtbot, monkeypatch):
    tab_at(window, PEOPLE)
    forms = answer_dialog(monkeypatch, qtbot, save=False, sex="nam", birth_year="1890")
    window.current_tab().new_record()
    form = forms[0]
    assert form.messages["full_name"].text() == "Không được để trống."
    assert "Năm sinh phải trong khoảng" in form.messages["birth_year"].text()
    fill(qtbot, form, full_name="Lê Văn Tám", birth_year="1980")
    assert form.save_button.isEnabled()


def test_duplicate_person_is_warned_about(window, qtbot, monkeypatch):
    tab_at(window, PEOPLE)
    name, year, unit = one(window, "SELECT full_name, birth_year, unit_id FROM individuals WHERE id = 5")
    forms = answer_dialog(
        monkeypatch, qtbot, save=False, full_name=name, sex="nam", birth_year=str(year), unit_id=unit
    )
    window.current_tab().new_record()
    assert "đã có 1 người cùng họ tên, năm sinh và đơn vị" in forms[0].warning.text()
    assert forms[0].save_button.isEnabled()  # a warning, not a refusal


def test_search_with_and_without_marks_finds_the_same_people(window, qtbot):
    tab = tab_at(window, PEOPLE)
    counts = []
    for text in ("Thắng", "thang", "THẮNG"):
        tab.search.clear()
        if text.isascii():
            qtbot.keyClicks(tab.search, text)
        else:  # QTest can only type ASCII; insert() is the same edit a Vietnamese IME makes
            tab.search.insert(text)
        qtbot.waitUntil(lambda: tab.model.total is not None and tab.model.total < 320)
        counts.append(tab.model.total)
    assert counts[0] == counts[1] == counts[2] > 0
    assert all("Thắng" in tab.model.index(r, 0).data() for r in range(tab.model.rowCount()))


def test_person_history_panel(window):
    tab = tab_at(window, PEOPLE)
    pid = one(window, "SELECT individual_id FROM initiatives LIMIT 1")[0]
    tab.search.setText(one(window, "SELECT full_name FROM individuals WHERE id = ?", pid)[0])
    tab._apply_search()
    select(tab, pid)
    html = tab.flush_details()
    assert "Xếp loại và danh hiệu theo năm" in html
    assert "Chiến sĩ thi đua cơ sở năm" in html  # the initiative and the award that used it
    assert "Đề nghị khen thưởng và quyết định" in html


def test_mark_a_person_exemplary(window, qtbot, monkeypatch):
    tab = tab_at(window, PEOPLE)
    pid = one(window, "SELECT id FROM individuals WHERE is_exemplary = 0 ORDER BY id LIMIT 1")[0]
    tab.search.setText(one(window, "SELECT full_name FROM individuals WHERE id = ?", pid)[0])
    tab._apply_search()
    select(tab, pid)
    forms = answer_dialog(monkeypatch, qtbot, save=False, is_exemplary=True)
    tab.edit_selected()
    assert not forms[0].save_button.isEnabled()  # kind and account are needed
    answer_dialog(monkeypatch, qtbot, is_exemplary=True, exemplary_kind="Gương người tốt, việc tốt",
                  exemplary_note="Cứu người bị nạn trong lũ tháng 11/2025.")  # fmt: skip
    tab.edit_selected()
    assert one(window, "SELECT is_exemplary, exemplary_kind FROM individuals WHERE id = ?", pid) == (
        1, "Gương người tốt, việc tốt")  # fmt: skip
    tab.search.clear()
    tab._apply_search()
    tab.filter_widgets["exemplary"].setChecked(True)
    assert tab.model.total == one(window, "SELECT count(*) FROM individuals WHERE is_exemplary = 1")[0]


# --- Đơn vị thành viên ------------------------------------------------------------------------
def test_unit_add_edit_delete_undo_and_rename_keeps_the_past(window, qtbot, monkeypatch):
    tab = tab_at(window, UNITS)
    monkeypatch.setattr(messages, "ask", lambda *a, **k: True)
    answer_dialog(
        monkeypatch, qtbot, name="Sở Nội vụ tỉnh", short_name="SNV", code="SNV", award_track="dan_su"
    )
    tab.new_record()
    uid = one(window, "SELECT id FROM units WHERE code = 'SNV'")[0]
    answer_dialog(monkeypatch, qtbot, code="NV")
    select(tab, uid) if tab.model.row_of(uid) is not None else tab.filter_widgets["year"].setCurrentIndex(0)
    select(tab, uid)
    tab.edit_selected()
    assert one(window, "SELECT code FROM units WHERE id = ?", uid)[0] == "NV"
    undo(window, qtbot)
    assert one(window, "SELECT code FROM units WHERE id = ?", uid)[0] == "SNV"
    select(tab, uid)
    tab.delete_selected()
    assert one(window, "SELECT count(*) FROM units WHERE id = ?", uid)[0] == 0
    undo(window, qtbot)
    assert one(window, "SELECT name FROM unit_names WHERE unit_id = ?", uid)[0] == "Sở Nội vụ tỉnh"

    thads = one(window, "SELECT id FROM units WHERE code = 'TTR'")[0]
    tab.filter_widgets["year"].setCurrentIndex(0)
    select(tab, thads)
    answer_dialog(monkeypatch, qtbot, name="Thanh tra tỉnh Đắk Lắk", effective=date(2025, 7, 1))
    tab.detail_buttons[0].click()  # Đổi tên…
    from thidua_desktop.store.records import units

    assert units.name_in_year(window.db, thads, 2024) == "Thanh tra tỉnh"
    assert units.name_in_year(window.db, thads, 2025) == "Thanh tra tỉnh Đắk Lắk"
    assert "Thanh tra tỉnh Đắk Lắk" in tab.flush_details()
    undo(window, qtbot)  # the rename, history row included
    assert units.name_in_year(window.db, thads, 2025) == "Thanh tra tỉnh"
    assert one(window, "SELECT count(*) FROM unit_names WHERE unit_id = ?", thads)[0] == 1
    redo(window, qtbot)
    assert units.name_in_year(window.db, thads, 2025) == "Thanh tra tỉnh Đắk Lắk"
    assert units.name_in_year(window.db, thads, 2024) == "Thanh tra tỉnh"


def test_unit_year_filter_and_heads(window):
    tab = tab_at(window, UNITS)
    combo = tab.filter_widgets["year"]
    combo.setCurrentIndex(combo.findData(2024))
    roles = {tab.model.index(r, 1).data(): tab.model.index(r, 5).data() for r in range(tab.model.rowCount())}
    assert roles["Bộ Chỉ huy Bộ đội Biên phòng tỉnh"] == "Khối trưởng"
    assert roles["Sở Tư pháp tỉnh"] == "Khối phó"
    assert "Khối trưởng, khối phó các năm" in tab.flush_details()


# --- Phong trào thi đua --------------------------------------------------------------------
def test_movement_add_edit_delete_undo_and_registration(window, qtbot, monkeypatch):
    tab = tab_at(window, MOVEMENTS)
    monkeypatch.setattr(messages, "ask", lambda *a, **k: True)
    answer_dialog(monkeypatch, qtbot, name="Thi đua chào mừng Đại hội Đảng bộ tỉnh", year="2025", kind="chuyen_de",
                  doc_number="Kế hoạch số 12/KH-KTĐ3", doc_date=date(2025, 2, 10), start_date=date(2025, 2, 10),
                  end_date=date(2025, 10, 31), cluster_id=1)  # fmt: skip
    tab.new_record()
    mid, doc_date = one(
        window, "SELECT id, doc_date FROM movements WHERE doc_number = 'Kế hoạch số 12/KH-KTĐ3'"
    )
    assert doc_date == "2025-02-10"
    answer_dialog(monkeypatch, qtbot, doc_issuer="Khối thi đua số 3")
    select(tab, mid)
    tab.edit_selected()
    assert one(window, "SELECT doc_issuer FROM movements WHERE id = ?", mid)[0] == "Khối thi đua số 3"
    unit = one(window, "SELECT id FROM units WHERE code = 'VKS'")[0]
    answer_dialog(monkeypatch, qtbot, unit_id=unit, titles="Tập thể lao động xuất sắc")
    tab.detail_buttons[0].click()
    assert (
        one(window, "SELECT titles FROM registrations WHERE movement_id = ?", mid)[0]
        == "Tập thể lao động xuất sắc"
    )
    assert "Viện Kiểm sát nhân dân tỉnh" in tab.flush_details()
    undo(window, qtbot)
    assert one(window, "SELECT count(*) FROM registrations WHERE movement_id = ?", mid)[0] == 0
    redo(window, qtbot)
    assert one(window, "SELECT count(*) FROM registrations WHERE movement_id = ?", mid)[0] == 1
    # a movement with registrations cannot go: the message says why
    shown = []
    monkeypatch.setattr(messages, "error", lambda parent, text, title="": shown.append(text))
    tab.delete_selected()
    assert shown and "1 đăng ký thi đua" in shown[0]
    window.db.conn.execute("DELETE FROM registrations WHERE movement_id = ?", (mid,))
    tab.delete_selected()
    assert one(window, "SELECT count(*) FROM movements WHERE id = ?", mid)[0] == 0
    undo(window, qtbot)
    assert one(window, "SELECT doc_issuer FROM movements WHERE id = ?", mid)[0] == "Khối thi đua số 3"


def test_movement_end_before_start_is_refused(window, qtbot, monkeypatch):
    tab_at(window, MOVEMENTS)
    forms = answer_dialog(monkeypatch, qtbot, save=False, name="X", year="2025",
                          start_date=date(2025, 5, 1), end_date=date(2025, 4, 1))  # fmt: skip
    window.current_tab().new_record()
    assert forms[0].messages["end_date"].text() == "Ngày kết thúc phải sau ngày bắt đầu."
    assert not forms[0].save_button.isEnabled()


def test_movement_detail_shows_the_mid_year_review_and_next_host(window):
    tab = tab_at(window, MOVEMENTS)
    mid = one(window, "SELECT id FROM movements WHERE doc_number = 'Chỉ thị số 24/CT-UBND'")[0]
    select(tab, mid)
    text = tab.flush_details()
    assert "02/08/2024" in text and "Bộ Chỉ huy Bộ đội Biên phòng tỉnh" in text
    assert "Viện Kiểm sát nhân dân tỉnh" in text  # the next host


# --- Đề nghị khen thưởng -----------------------------------------------------------------------
def test_proposal_for_a_person_picked_with_search(window, qtbot, monkeypatch):
    tab = tab_at(window, PROPOSALS)
    monkeypatch.setattr(messages, "ask", lambda *a, **k: True)
    person = one(
        window,
        "SELECT id, full_name FROM individuals WHERE full_name LIKE '%Thắng' ORDER BY sort_key LIMIT 1",
    )
    forms = answer_dialog(monkeypatch, qtbot, subject="ca_nhan", individual_id="thang", award_code="CSTDCS",
                          year="2025", kind="thuong_xuyen", summary="Hoàn thành xuất sắc nhiệm vụ năm 2025")  # fmt: skip
    tab.new_record()
    assert "Điều kiện:" in forms[0].info.text() and "Điều 23" in forms[0].info.text()  # eligibility, live
    row = one(window, "SELECT id, individual_id, award_code, status FROM proposals ORDER BY id DESC LIMIT 1")
    assert row[1] == person[0] and row[2:] == ("CSTDCS", "du_thao")
    pid = row[0]
    assert tab.selected_id() == pid
    assert "Điều kiện" in tab.flush_details()
    answer_dialog(monkeypatch, qtbot, summary="Dẫn đầu phong trào thi đua của đơn vị")
    tab.edit_selected()
    assert (
        one(window, "SELECT summary FROM proposals WHERE id = ?", pid)[0]
        == "Dẫn đầu phong trào thi đua của đơn vị"
    )
    tab.delete_selected()
    assert one(window, "SELECT count(*) FROM proposals WHERE id = ?", pid)[0] == 0
    undo(window, qtbot)
    assert (
        one(window, "SELECT summary FROM proposals WHERE id = ?", pid)[0]
        == "Dẫn đầu phong trào thi đua của đơn vị"
    )


def test_proposal_workflow_from_the_details_panel(window, qtbot, monkeypatch):
    tab = tab_at(window, PROPOSALS)
    from thidua_desktop.store.records import proposals

    person = one(window, "SELECT individual_id FROM ratings WHERE year = 2025 AND rating = 'HTXSNV' "
                         "AND individual_id NOT IN (SELECT individual_id FROM awards WHERE year = 2025 "
                         "AND award_code = 'CSTDCS' AND individual_id IS NOT NULL) LIMIT 1")[0]  # fmt: skip
    from thidua_desktop.domain.models import InitiativeLevel
    from thidua_desktop.store.records import individuals

    individuals.add_initiative(
        window.db, person, "Sổ tay nghiệp vụ điện tử", 2025, level=InitiativeLevel("co_so")
    )
    pid = proposals.create_proposal(
        window.db, "CSTDCS", 2025, individual_id=person
    )  # rated HTXSNV, an initiative
    tab.refresh(pid)
    buttons = {b.text(): b for b in tab.detail_buttons}
    # 66,7 % < 80 %: refused inside the form as the numbers are typed, the form kept open
    seen = answer_dialog(monkeypatch, qtbot, save=False, votes_total="9", votes_for="6")
    buttons["Bình xét…"].click()
    form = seen[0]
    assert not form.save_button.isEnabled() and "80 %" in form.messages["votes_for"].text()
    assert "66,7 %" in form.messages["votes_for"].text()  # a decimal comma
    assert one(window, "SELECT status FROM proposals WHERE id = ?", pid)[0] == "du_thao"
    answer_dialog(monkeypatch, qtbot, votes_for="8", votes_total="9")
    buttons["Bình xét…"].click()
    assert one(window, "SELECT status, votes_for FROM proposals WHERE id = ?", pid) == ("da_binh_xet", 8)
    colour = tab.model.index(tab.model.row_of(pid), 5).data(Qt.ItemDataRole.BackgroundRole)
    assert colour is not None and colour.name() == "#fff3c4"
    answer_dialog(monkeypatch, qtbot, number="15/TTr-KTĐ3", on=date(2026, 1, 12))
    buttons["Trình…"].click()
    assert one(window, "SELECT status, submission_number FROM proposals WHERE id = ?", pid) == (
        "da_trinh",
        "15/TTr-KTĐ3",
    )
    answer_dialog(monkeypatch, qtbot, result="approved", number="163/QĐ-UBND", on=date(2026, 2, 5))
    buttons["Quyết định…"].click()
    assert one(window, "SELECT award_code, decision_number FROM awards WHERE proposal_id = ?", pid) == (
        "CSTDCS", "163/QĐ-UBND")  # fmt: skip
    assert "Các bước đã qua" in tab.flush_details()
    answer_dialog(monkeypatch, qtbot, reason="Nhập nhầm số quyết định")
    buttons["Hoàn tác bước vừa làm…"].click()
    assert one(window, "SELECT count(*) FROM awards WHERE proposal_id = ?", pid)[0] == 0
    assert one(window, "SELECT status FROM proposals WHERE id = ?", pid)[0] == "da_trinh"


def test_submission_of_an_ineligible_proposal_needs_a_written_reason(window, qtbot, monkeypatch):
    tab = tab_at(window, PROPOSALS)
    from thidua_desktop.store.records import proposals, workflow

    person = one(window, "SELECT id FROM individuals LIMIT 1")[0]
    pid = proposals.create_proposal(window.db, "CSTDTQ", 2025, individual_id=person)
    workflow.deliberate(
        window.db, pid, 9, 9, __import__("thidua_desktop.rules.settings", fromlist=["x"]).DeskSettings()
    )
    tab.refresh(pid)
    forms = answer_dialog(monkeypatch, qtbot, save=False, number="16/TTr", on=date(2026, 1, 12))
    [b for b in tab.detail_buttons if b.text() == "Trình…"][0].click()
    assert "override" in forms[0].inputs and not forms[0].save_button.isEnabled()
    answer_dialog(monkeypatch, qtbot, number="16/TTr", on=date(2026, 1, 12), override="Thành tích đặc biệt")
    [b for b in tab.detail_buttons if b.text() == "Trình…"][0].click()
    assert one(window, "SELECT status, override_reason FROM proposals WHERE id = ?", pid) == (
        "da_trinh",
        "Thành tích đặc biệt",
    )


def test_proposal_for_a_unit_and_wrong_award_for_the_subject(window, qtbot, monkeypatch):
    tab = tab_at(window, PROPOSALS)
    forms = answer_dialog(monkeypatch, qtbot, save=False, subject="tap_the", unit_id="cong an", award_code="CSTDCS",
                          year="2025", kind="thuong_xuyen")  # fmt: skip
    tab.new_record()
    assert "không dành cho tập thể" in forms[0].messages["award_code"].text()
    fill(qtbot, forms[0], award_code="CO_TINH")
    assert forms[0].save_button.isEnabled()
    assert "Điều 26" in forms[0].info.text()


def test_proposal_filters(window):
    tab = tab_at(window, PROPOSALS)
    status = tab.filter_widgets["status"]
    status.setCurrentIndex(status.findData("da_khen"))
    assert tab.model.total == one(window, "SELECT count(*) FROM proposals WHERE status = 'da_khen'")[0]
    assert {tab.model.index(r, 5).data() for r in range(tab.model.rowCount())} == {"Đã khen thưởng"}


def test_filters_and_tab_are_remembered(qtbot, sample_path, tmp_path):
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    first = MainWindow(open_database(sample_path), settings)
    qtbot.addWidget(first)
    first.tabs.setCurrentIndex(PROPOSALS)
    status = first.list_tabs[PROPOSALS].filter_widgets["status"]
    status.setCurrentIndex(status.findData("da_trinh"))
    first.close()
    second = MainWindow(open_database(sample_path), settings)
    qtbot.addWidget(second)
    assert second.tabs.currentIndex() == PROPOSALS
    assert second.list_tabs[PROPOSALS].filter_values()["status"] == "da_trinh"
    assert second.list_tabs[PROPOSALS].model.filters == {"status": "da_trinh"}
    second.close()


def test_a_saved_record_beyond_the_loaded_rows_is_brought_into_view(window, qtbot, monkeypatch):
    tab = tab_at(window, PEOPLE)
    assert tab.model.rowCount() == tab.model.PAGE_SIZE < 320  # only the first page is loaded
    answer_dialog(monkeypatch, qtbot, full_name="Trần Thị Yến Yên", sex="nu", birth_year="1991")
    tab.new_record()
    pid = one(window, "SELECT id FROM individuals WHERE full_name = 'Trần Thị Yến Yên'")[0]
    assert tab.selected_id() == pid
    assert tab.model.row_of(pid) > tab.model.PAGE_SIZE
    assert "Trần Thị Yến Yên" in tab.flush_details()
    answer_dialog(monkeypatch, qtbot, position="Văn thư")
    tab.edit_selected()
    undo(window, qtbot)  # the view stays on the record
    assert tab.selected_id() == pid
    assert one(window, "SELECT position FROM individuals WHERE id = ?", pid)[0] == ""


def test_a_saved_record_outside_the_filter_is_not_confused_with_another(window, qtbot, monkeypatch):
    tab = tab_at(window, PEOPLE)
    tab.filter_widgets["sex"].setCurrentIndex(tab.filter_widgets["sex"].findData("nam"))
    answer_dialog(monkeypatch, qtbot, full_name="Võ Thị Mai", sex="nu", birth_year="1990")
    tab.new_record()
    assert tab.selected_id() is None  # not the first man in the list
    assert "không nằm trong danh sách đang lọc" in window.statusBar().currentMessage()


def test_undo_of_an_edit_never_overwrites_a_later_edit_made_elsewhere(window, qtbot, monkeypatch):
    """Issue 17, point 2: the window's undo never reverses rows it did not write."""
    from thidua_desktop.store.db import database_path
    from thidua_desktop.store.records import individuals

    errors = []
    monkeypatch.setattr(messages, "error", lambda _parent, text, *a, **k: errors.append(text))
    tab = tab_at(window, PEOPLE)
    pid = one(window, "SELECT id FROM individuals ORDER BY id LIMIT 1")[0]
    select(tab, pid)
    answer_dialog(monkeypatch, qtbot, position="Phó Giám đốc")
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)
    assert one(window, "SELECT position FROM individuals WHERE id = ?", pid)[0] == "Phó Giám đốc"
    other = open_database(database_path(window.db), create=False)  # another program on the same file
    try:
        individuals.update_individual(other, pid, position="Giám đốc")
    finally:
        other.close()
    undo(window, qtbot)
    assert one(window, "SELECT position FROM individuals WHERE id = ?", pid)[0] == "Giám đốc"  # theirs kept
    assert errors and "đã được thay đổi ở nơi khác" in errors[-1]


def test_a_unit_under_review_is_recorded_in_its_form_and_blocks_its_awards(window, qtbot, monkeypatch):
    """Issue 22, point 3: the unit's form records that it is under review or inspection; its
    details say so and the eligibility of its proposals is not met, citing the rule."""
    from helpers import answer_dialog

    from thidua_desktop.rules.eligibility import Status, check
    from thidua_desktop.rules.settings import DeskSettings
    from thidua_desktop.store.records import nominees

    tab = window.show_list_tab(0)
    unit_id = tab.selected_id()
    answer_dialog(monkeypatch, qtbot, under_review=True)
    tab.edit_selected()
    assert one(window, "SELECT under_review FROM units WHERE id = ?", unit_id)[0] == 1
    assert "Đang bị xem xét kỷ luật, thanh tra, kiểm tra" in tab.flush_details()
    findings = check(nominees.unit(window.db, unit_id), "TTLDTT", 2025, DeskSettings())
    assert any(f.status == Status.NOT_MET and "xem xét kỷ luật" in f.text for f in findings)


def test_the_members_discipline_is_recorded_per_year_and_read_by_the_rules(window, qtbot, monkeypatch):
    """Issue 22, point 2: the unit's people disciplined in a year, entered from its details,
    shown there, undone in one step, and the Tập thể lao động tiên tiến finding follows it."""
    from helpers import answer_dialog

    from thidua_desktop.rules.eligibility import Status, check
    from thidua_desktop.rules.settings import DeskSettings
    from thidua_desktop.store.records import nominees

    tab = window.show_list_tab(0)
    unit_id = tab.selected_id()

    def finding():
        return next(f for f in check(nominees.unit(window.db, unit_id), "TTLDTT", 2025, DeskSettings())
                    if "kỷ luật" in f.text)  # fmt: skip

    assert finding().status == Status.CHECK
    answer_dialog(monkeypatch, qtbot, year="2025", count="1")
    {b.text(): b for b in tab.detail_buttons}["Kỷ luật trong đơn vị…"].click()
    assert one(
        window, "SELECT disciplined FROM unit_discipline WHERE unit_id = ? AND year = 2025", unit_id
    ) == (1,)
    assert (
        finding().status == Status.NOT_MET and "Cá nhân bị kỷ luật từ cảnh cáo trở lên" in tab.flush_details()
    )
    window.undo_stack.undo()
    assert finding().status == Status.CHECK


def test_a_persons_discipline_is_recorded_shown_and_read_by_the_rules(window, qtbot, monkeypatch):
    """Issue 22, point 1: a discipline entered from the person's details (form, decision, date,
    end of its period), listed there, undone in one step; the rules leave its year out."""
    from datetime import date

    from helpers import answer_dialog

    from thidua_desktop.rules.eligibility import Status, check
    from thidua_desktop.rules.settings import DeskSettings
    from thidua_desktop.store.records import nominees

    tab = window.show_list_tab(2)
    pid = tab.selected_id()

    def said():
        nominee = nominees.people(window.db, [pid])[pid]
        return [f for f in check(nominee, "LDTT", 2025, DeskSettings(), decided_on=date(2025, 12, 20))
                if "kỷ luật" in f.text]  # fmt: skip

    assert not said()
    # an end before the decision is refused as typed
    seen = answer_dialog(
        monkeypatch, qtbot, save=False, kind="canh_cao", decided_on="10/05/2025", ends_on="01/01/2025"
    )
    {b.text(): b for b in tab.detail_buttons}["Kỷ luật…"].click()
    assert "sau ngày quyết định" in seen[0].messages["ends_on"].text() and not seen[0].save_button.isEnabled()
    answer_dialog(monkeypatch, qtbot, kind="canh_cao", decision_number="7/QĐ-CA", decided_on="10/05/2025")
    {b.text(): b for b in tab.detail_buttons}["Kỷ luật…"].click()
    assert one(window, "SELECT form, decided_on, ends_on FROM disciplines WHERE individual_id = ?", pid) == (
        "canh_cao", "2025-05-10", None)  # fmt: skip
    found = said()
    assert found and found[0].status == Status.NOT_MET and "cảnh cáo" in found[0].text
    details = tab.flush_details()
    assert "Kỷ luật" in details and "7/QĐ-CA" in details and "10/05/2025" in details
    window.undo_stack.undo()
    assert not said()
    window.undo_stack.redo()
    assert said()
    # recorded by mistake: removed from the details, undoably
    answer_dialog(monkeypatch, qtbot, discipline_id="cảnh cáo")
    {b.text(): b for b in tab.detail_buttons}["Xóa kỷ luật đã ghi…"].click()
    assert not said() and one(window, "SELECT count(*) FROM disciplines WHERE individual_id = ?", pid) == (0,)
    window.undo_stack.undo()
    assert said()


def test_an_award_received_records_the_period_it_rewards(window, qtbot, monkeypatch):
    """Issue 22, point 5: the years of achievement an award rewards, typed with it (empty: the
    award's usual span), shown in the person's details, read by the rules."""
    from helpers import answer_dialog

    from thidua_desktop.store.records import nominees

    tab = window.show_list_tab(2)
    pid = tab.selected_id()
    button = {b.text(): b for b in tab.detail_buttons}["Danh hiệu, khen thưởng đã nhận…"]
    seen = answer_dialog(
        monkeypatch, qtbot, save=False, year="2021", award_code="BK_TINH", period_from="2023"
    )
    button.click()
    assert "trước hoặc bằng năm thành tích" in seen[0].messages["period_from"].text()
    answer_dialog(monkeypatch, qtbot, year="2021", award_code="BK_TINH", kind="thuong_xuyen", period_from="2019",
                  decision_number="55/QĐ-UBND")  # fmt: skip
    button.click()
    assert one(window, "SELECT period_from, period_to FROM awards WHERE individual_id = ? AND decision_number = ?",
               pid, "55/QĐ-UBND") == (2019, 2021)  # fmt: skip
    assert "(thành tích 2019–2021)" in tab.flush_details()
    held = [a for a in nominees.people(window.db, [pid])[pid].awards if a.decision_number == "55/QĐ-UBND"]
    assert held[0].period == (2019, 2021)


def test_a_decided_proposal_shows_its_reward_with_the_articles(window, qtbot):
    """Issue 22, point 6: the amount shown where a proposal is read says its coefficient, base
    salary, rounding and articles, as the ledger and the export count it."""
    tab = window.show_list_tab(3)
    pid = one(window, "SELECT id FROM proposals WHERE status = 'da_khen' AND decision_number <> '' "
                      "AND award_code = 'BK_TINH' ORDER BY id LIMIT 1")[0]  # fmt: skip
    tab.fill_filters({})
    assert tab.select_id(pid)
    details = tab.flush_details()
    assert "Tiền thưởng:" in details and "lương cơ sở từ" in details and "Nghị định" in details
    assert "hệ số của" in details


def test_a_school_counts_by_school_year_in_its_form_details_and_grid(window, qtbot, monkeypatch):
    """Issue 22, point 9: a unit marked in its form as counting by school year; its people's years
    read "2024–2025" in their details and ratings grid, and the rules say "năm học"."""
    from datetime import date

    from helpers import answer_dialog

    from thidua_desktop.rules.eligibility import check
    from thidua_desktop.rules.settings import DeskSettings
    from thidua_desktop.store.records import individuals, nominees
    from thidua_desktop.ui.tabs.ratings_grid import RatingsGrid

    units_tab = window.show_list_tab(0)
    answer_dialog(monkeypatch, qtbot, name="Trường THPT Buôn Ma Thuột", school_year=True)
    units_tab.new_record()
    school = one(window, "SELECT id, school_year FROM units WHERE name = ?", "Trường THPT Buôn Ma Thuột")
    assert school[1] == 1
    people = window.show_list_tab(2)
    pid = people.selected_id()
    individuals.update_individual(window.db, pid, unit_id=school[0])  # moved to the school
    people.refresh()
    assert people.select_id(pid)
    details = people.flush_details()
    assert "theo năm học" in details and ("Năm học" in details)
    grid = RatingsGrid(window.db, pid, "x", 2025, people, school=True)
    qtbot.addWidget(grid)
    assert (
        grid.table.item(0, 0).text() == "2024–2025" and grid.table.horizontalHeaderItem(0).text() == "Năm học"
    )
    nominee = nominees.people(window.db, [pid])[pid]
    assert nominee.school_year
    texts = " ".join(
        f.text for f in check(nominee, "LDTT", 2025, DeskSettings(), decided_on=date(2026, 1, 5))
    )
    assert "năm học 2024–2025" in texts.lower()
