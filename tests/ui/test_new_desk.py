"""A real desk from an empty file (issue 18): another province's department says who it is on
the first-start page, creates its cluster from the membership form's own button, takes a
proposal to a decision whose issuer comes from who decides, prints the certificate, exports
the list and drafts the tờ trình; every output names the desk and none names the sample."""

import subprocess
import sys
from datetime import date

from docx import Document
from helpers import fill
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox

from thidua_desktop.domain.models import Role, Sex
from thidua_desktop.reports.excel import registry as er
from thidua_desktop.reports.papers import word as dp
from thidua_desktop.store import desk_settings, open_database, rows
from thidua_desktop.store.records import individuals, proposals, units, workflow
from thidua_desktop.ui import messages
from thidua_desktop.ui.dialogs.clusters import ClustersDialog
from thidua_desktop.ui.dialogs.identity import IdentityDialog
from thidua_desktop.ui.forms import RecordForm
from thidua_desktop.ui.main_window import MainWindow
from thidua_desktop.ui.settings import Settings


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "thidua_desktop", *args], capture_output=True, text=True,
                          encoding="utf-8", timeout=300)  # fmt: skip


SAMPLE_WORDS = ("Đắk Lắk", "ĐẮK LẮK", "Khối thi đua số 3", "KHỐI THI ĐUA SỐ 3", "KTĐ3")


def _type(qtbot, edit, text: str) -> None:
    """Typed as a user does (textEdited and validation run); QTest's key clicks cannot be
    nested in the call that opened the dialog."""
    edit.setFocus()
    edit.clear()
    edit.insert(text)


def test_a_department_of_another_province_starts_from_an_empty_file(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "so-tu-phap-gia-lai.sqlite"
    open_database(path).close()
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(open_database(path, user="văn thư"), settings)
    qtbot.addWidget(window)
    window.resize(1366, 728)
    window.show()
    qtbot.waitExposed(window)
    db = window.db

    asked, seen = [], []
    monkeypatch.setattr(messages, "ask", lambda parent, text, title="": asked.append(text) or False)
    monkeypatch.setattr(messages, "error", lambda parent, text, title="": seen.append(text))

    def identity_page(dialog: IdentityDialog) -> bool:
        seen.append(dialog)
        save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
        assert not save.isEnabled() and "tên cơ quan" in dialog.problem.text()
        dialog.level.setCurrentIndex(dialog.level.findData("so_nganh"))
        _type(qtbot, dialog.edits["agency"], "Sở Tư pháp")
        _type(qtbot, dialog.edits["parent_agency"], "Ủy ban nhân dân tỉnh Gia Lai")
        _type(qtbot, dialog.edits["province"], "tỉnh Gia Lai")
        dialog.edits["province"].editingFinished.emit()  # leaving the field fills the place
        assert dialog.edits["place"].text() == "Gia Lai"
        _type(qtbot, dialog.edits["place"], "Pleiku")
        _type(qtbot, dialog.edits["head_title"], "Giám đốc")
        _type(qtbot, dialog.edits["code"], "STP")
        authority, title, name = dialog.signers["quyet-dinh"]
        authority.setCurrentText("KT. GIÁM ĐỐC")
        _type(qtbot, title, "phó giám đốc")
        _type(qtbot, name, "Rơ Châm Hiền")
        assert "GIÁM ĐỐC SỞ TƯ PHÁP" in dialog.preview.text() and "Pleiku, ngày" in dialog.preview.text()
        dialog.grab().save(str(tmp_path / "first-start.png"))
        assert save.isEnabled(), dialog.problem.text()
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
        return dialog.result() == dialog.DialogCode.Accepted

    monkeypatch.setattr(messages, "run_dialog", identity_page)
    window.first_start()
    assert asked and "dữ liệu mẫu" in asked[0] and "Không" in asked[0]
    identity = desk_settings.load_identity(db)
    assert (identity.agency, identity.place, identity.level) == ("Sở Tư pháp", "Pleiku", "so_nganh")
    assert identity.signer("quyet-dinh").title == "PHÓ GIÁM ĐỐC"
    assert "Sở Tư pháp tỉnh Gia Lai" in window.windowTitle()
    window.first_start()  # the identity is there: nothing is asked again
    assert len(asked) == 1

    # two units, then the first's membership: the cluster list is empty, its button makes one
    first = units.create_unit(db, "Phòng Hành chính tư pháp", code="HCTP")
    second = units.create_unit(db, "Văn phòng Sở", code="VP")
    units_tab = window.show_list_tab(0)
    units_tab.refresh(first)

    def clusters_window(dialog: ClustersDialog) -> bool:
        assert "Chưa có khối thi đua nào" in dialog.hint.text()
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
        _type(qtbot, dialog.name, "Khối thi đua các cơ quan nội chính")
        dialog.year.setValue(2025)
        for r in range(dialog.members.rowCount()):
            dialog.members.item(r, 0).setCheckState(Qt.CheckState.Checked)
            if dialog.members.item(r, 0).data(Qt.ItemDataRole.UserRole) == first:
                role: QComboBox = dialog.members.cellWidget(r, 1)
                role.setCurrentIndex(role.findData(Role.HEAD))
        qtbot.mouseClick(
            dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
        )
        dialog.grab().save(str(tmp_path / "clusters.png"))
        return False

    def membership_form(form: RecordForm) -> bool:
        combo = form.inputs["cluster_id"]
        assert combo.count() == 0 and not form.save_button.isEnabled()
        assert "Chưa có khối thi đua nào" in form.messages["cluster_id"].text()
        add = [b for b in form.findChildren(type(form.save_button)) if b.text() == "Khối thi đua…"][0]
        monkeypatch.setattr(messages, "run_dialog", clusters_window)
        add.click()
        assert combo.count() == 1 and combo.currentText() == "Khối thi đua các cơ quan nội chính"
        fill(qtbot, form, year="2025", role=Role.HEAD.value)
        assert form.save_button.isEnabled()
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        return form.result() == form.DialogCode.Accepted

    monkeypatch.setattr(messages, "run_dialog", membership_form)
    {b.text(): b for b in units_tab.detail_buttons}["Thành viên khối, vai trò theo năm…"].click()
    cluster = db.conn.execute("SELECT id, name, authority FROM clusters").fetchall()
    assert cluster == [(cluster[0][0], "Khối thi đua các cơ quan nội chính", "Ủy ban nhân dân tỉnh Gia Lai")]
    members = {m["id"]: m["role"] for m in units.members(db, cluster[0][0], 2025)}
    assert members == {first: "truong", second: "thanh_vien"}

    # a person, a proposal, its decision from the details panel: the issuer is who decides
    person = individuals.create_individual(db, "Rah Lan Thị Mai", Sex.FEMALE, unit_id=first, birth_year=1986,
                                           ethnicity="Jrai", position="Chuyên viên")  # fmt: skip
    pid = proposals.create_proposal(
        db, "GK", 2025, individual_id=person, summary="Hoàn thành xuất sắc nhiệm vụ năm 2025"
    )
    workflow.deliberate(db, pid, 9, 9, desk_settings.load(db))
    workflow.submit(db, pid, "15/TTr-STP", date(2025, 12, 20), desk_settings.load(db))
    tab = window.show_list_tab(3)
    tab.refresh(pid)
    forms = []

    def decision_form(form: RecordForm) -> bool:
        forms.append(form)
        assert form.inputs["issuer"].text() == "Giám đốc Sở Tư pháp"  # from who decides a Giấy khen
        fill(qtbot, form, result="approved", number="05/QĐ-STP", on=date(2026, 1, 12))
        assert form.warning.isHidden()
        fill(qtbot, form, issuer="Chủ tịch Ủy ban nhân dân xã Ia Grai")  # not this desk's line: warned
        assert not form.warning.isHidden() and "không đề nghị" in form.warning.text()
        fill(qtbot, form, issuer="Giám đốc Sở Tư pháp")
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        return form.result() == form.DialogCode.Accepted

    monkeypatch.setattr(messages, "run_dialog", decision_form)
    {b.text(): b for b in tab.detail_buttons}["Quyết định…"].click()
    assert forms and not [s for s in seen if isinstance(s, str)], seen
    assert rows.get(db, "proposals", pid)["decision_issuer"] == "Giám đốc Sở Tư pháp"
    qtbot.wait(100)  # the list and details painted
    window.grab().save(str(tmp_path / "window-1366.png"))
    window.close()
    QApplication.processEvents()
    db.close()

    # the certificate (the command line, as IT staff print a batch), the list, the tờ trình
    printed = run_cli(
        "certificates", "--db", str(path), "--decision", "05/QĐ-STP", "-o", str(tmp_path / "gk.pdf")
    )
    assert printed.returncode == 0, printed.stderr
    page = PdfReader(str(tmp_path / "gk.pdf")).pages[0].extract_text()
    for expected in ("GIÁM ĐỐC SỞ TƯ PHÁP TỈNH GIA LAI", "GIẤY KHEN", "Bà RAH LAN THỊ MAI", "Pleiku, ngày 12",
                     "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Rơ Châm Hiền", "Quyết định số 05/QĐ-STP"):  # fmt: skip
        assert expected in page, expected
    db = open_database(path)
    er.run("danh-sach-de-nghi", db, tmp_path / "ds.xlsx", er.Options(year=2025))
    cells = [
        str(c.value) for row in load_workbook(tmp_path / "ds.xlsx").active.iter_rows() for c in row if c.value
    ]
    assert "SỞ TƯ PHÁP" in cells and "UBND TỈNH GIA LAI" in cells and "Bà Rah Lan Thị Mai" in cells
    dp.write(db, "to-trinh", tmp_path / "tt.docx", number="15/TTr-STP")
    document = Document(str(tmp_path / "tt.docx"))
    paper = "\n".join([p.text for p in document.paragraphs]
                      + [c.text for t in document.tables for r in t.rows for c in r.cells])  # fmt: skip
    assert "SỞ TƯ PHÁP" in paper and "Pleiku, ngày 20 tháng 12 năm 2025" in paper
    assert "Sở Tư pháp tỉnh Gia Lai kính trình Giám đốc Sở Tư pháp" in paper
    for text in (page, "\n".join(cells), paper):
        for word in SAMPLE_WORDS:
            assert word not in text, word
    db.close()


def test_a_conference_form_on_a_desk_without_units_adds_the_first_unit_from_its_own_button(
    qtbot, tmp_path, monkeypatch
):
    from thidua_desktop.store.records import movements

    db = open_database(tmp_path / "moi.sqlite")
    cluster = units.create_cluster(db, "Khối thi đua các cơ quan nội chính", "Ủy ban nhân dân tỉnh Gia Lai")
    movement = movements.create_movement(db, "Phong trào thi đua năm 2026", 2026, cluster_id=cluster)
    window = MainWindow(db, Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)))
    qtbot.addWidget(window)
    window.show()
    tab = window.show_list_tab(1)
    tab.refresh(movement)
    unit_forms = []

    def unit_form(form: RecordForm) -> bool:
        unit_forms.append(form)
        fill(qtbot, form, name="Công an tỉnh")
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        return form.result() == form.DialogCode.Accepted

    def review_form(form: RecordForm) -> bool:
        host = form.inputs["host"]
        assert host.count() == 0 and "Chưa có đơn vị nào" in form.messages["host"].text()
        assert not form.save_button.isEnabled()
        add = [b for b in form.findChildren(type(form.save_button)) if b.text() == "Thêm đơn vị…"][0]
        monkeypatch.setattr(messages, "run_dialog", unit_form)
        add.click()
        assert host.currentText() == "Công an tỉnh"
        fill(qtbot, form, kind="tong_ket", held_on=date(2026, 12, 15))
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        return form.result() == form.DialogCode.Accepted

    monkeypatch.setattr(messages, "run_dialog", review_form)
    {b.text(): b for b in tab.detail_buttons}["Hội nghị sơ kết, tổng kết…"].click()
    assert unit_forms
    assert db.conn.execute(
        "SELECT r.kind, u.name FROM reviews r JOIN units u ON u.id = r.host_unit_id"
    ).fetchall() == [("tong_ket", "Công an tỉnh")]
    window.close()
