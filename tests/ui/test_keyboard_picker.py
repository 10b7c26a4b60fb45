"""Picking a person with the keyboard (issue 20, point 4): a name match ranks above a match on
position or unit ("hong nhung" is Nguyễn Hồng Nhung, not Đỗ Thị Nhung, Trưởng phòng); Down
and Enter take the match; a new proposal starts at the working year with the usual award;
a long drop-down filters as the clerk types."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox

from thidua_desktop.domain.models import Sex
from thidua_desktop.store import lookups
from thidua_desktop.store.records import individuals, proposals
from thidua_desktop.ui import messages
from thidua_desktop.ui.forms import Field, RecordForm

PROPOSALS = 3


def test_the_name_match_comes_first_and_the_keyboard_takes_it(window, qtbot, monkeypatch):
    db = window.db
    unit = db.conn.execute("SELECT id FROM units LIMIT 1").fetchone()[0]
    other = individuals.create_individual(
        db, "Đỗ Thị Nhung", Sex.FEMALE, unit_id=unit, position="Trưởng phòng"
    )
    wanted = individuals.create_individual(
        db, "Nguyễn Hồng Nhung", Sex.FEMALE, unit_id=unit, position="Chuyên viên"
    )
    found = [pid for pid, _label in lookups.find_people(db, "hong nhung")]
    assert found.index(wanted) < found.index(other)
    year, award = proposals.usual(db)
    tab = window.show_list_tab(PROPOSALS)
    seen = []

    def pick(form: RecordForm) -> bool:
        seen.append(form)
        assert form.values()["year"] == year and form.values()["award_code"] == award  # sensible defaults
        picker = form.inputs["individual_id"]
        picker.edit.setFocus()
        picker.edit.insert("hong nhung")
        QTest.keyClick(picker.edit, Qt.Key.Key_Down)  # the matches at once, the first highlighted
        assert not picker.list.isHidden() and picker.list.currentRow() == 0
        QTest.keyClick(picker.edit, Qt.Key.Key_Return)  # takes it, does not save the form
        assert picker.value() == wanted and picker.list.isHidden() and form.result() == 0
        return False

    monkeypatch.setattr(messages, "run_dialog", pick)
    tab.new_record()
    assert seen


def test_a_long_drop_down_filters_as_you_type(qtbot):
    items = [(n, f"{n}/TTr-KTĐ3 ngày {n:02d}/12/2025") for n in range(1, 61)]
    form = RecordForm("Thử", [Field("number", "Tờ trình", "choice", required=True, choices=items)])
    qtbot.addWidget(form)
    combo: QComboBox = form.inputs["number"]
    assert combo.isEditable()
    combo.completer().setCompletionPrefix("42/TTr")
    assert combo.completer().completionCount() == 1
    combo.lineEdit().setText("không có")
    combo.lineEdit().textEdited.emit("không có")
    assert not form.save_button.isEnabled() and "trong danh sách" in form.messages["number"].text()
    combo.setCurrentIndex(combo.findData(42))
    assert form.save_button.isEnabled() and form.values()["number"] == 42


def test_the_award_follows_the_nominee_s_track_until_the_clerk_picks_one(window, qtbot, monkeypatch):
    """The award most often proposed this year for the nominee's track: with several Chiến sĩ
    tiên tiến proposed for officers, an officer starts at CSTT, a civil servant at the civil
    track's usual award; once the clerk picks an award himself it stays."""
    db = window.db
    year, _award = proposals.usual(db)
    armed, civil = (
        db.conn.execute("SELECT id FROM units WHERE award_track = ? LIMIT 1", (track,)).fetchone()[0]
        for track in ("luc_luong_vu_trang", "dan_su")
    )
    officers = [
        individuals.create_individual(db, f"Trần Văn Lính {n}", Sex.MALE, unit_id=armed) for n in range(40)
    ]
    for person in officers:
        proposals.create_proposal(db, "CSTT", year, individual_id=person)
    clerk = individuals.create_individual(db, "Lê Thị Văn Thư", Sex.FEMALE, unit_id=civil)
    civil_usual = proposals.usual(db, "ca_nhan", "dan_su")[1]
    assert civil_usual != "CSTT"
    tab = window.show_list_tab(PROPOSALS)
    seen = []

    def pick(form: RecordForm) -> bool:
        picker, award = form.inputs["individual_id"], form.inputs["award_code"]
        picker.set_value(officers[0], "Trần Văn Lính 0")
        picker.changed.emit()
        seen.append(award.currentData())
        picker.set_value(clerk, "Lê Thị Văn Thư")
        picker.changed.emit()
        seen.append(award.currentData())
        award.setCurrentIndex(award.findData("GK"))  # the clerk's own choice
        picker.set_value(officers[1], "Trần Văn Lính 1")
        picker.changed.emit()
        seen.append(form.values()["award_code"])
        return False

    monkeypatch.setattr(messages, "run_dialog", pick)
    tab.new_record()
    assert seen == ["CSTT", civil_usual, "GK"]
