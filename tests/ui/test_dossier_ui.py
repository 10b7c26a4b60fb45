"""Dossiers in the window (issue 9): attaching a file to a proposal and opening it (checked
by hash), the missing papers at submission, find by paper number, the fund ledger."""

import hashlib
import os
import stat
from datetime import date
from pathlib import Path

from helpers import answer_dialog, fill
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QDesktopServices

from thidua_desktop.store.dossier import attachments
from thidua_desktop.ui import messages
from thidua_desktop.ui.dossier.attachments import AttachmentsDialog
from thidua_desktop.ui.dossier.ledger import LedgerDialog

PROPOSALS = 3
PDF = b"%PDF-1.4\n% bao cao thanh tich\n" + bytes(range(256)) * 20


def one(win, sql, *params):
    return win.db.conn.execute(sql, params).fetchone()


def double_click(qtbot, table, row):
    rect = table.visualItemRect(table.item(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_attach_open_checked_and_undo_from_the_proposal_panel(window, qtbot, monkeypatch, tmp_path):
    tab = window.list_tabs[PROPOSALS]
    window.tabs.setCurrentIndex(PROPOSALS)
    pid = tab.selected_id()
    scan = tmp_path / "Báo cáo thành tích.pdf"
    scan.write_bytes(PDF)
    monkeypatch.setattr(messages, "open_file", lambda *a, **k: scan)
    opened, errors = [], []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: opened.append(Path(url.toLocalFile())) or True
    )
    monkeypatch.setattr(messages, "error", lambda parent, text, title="": errors.append(text))

    def run(dialog):
        if isinstance(dialog, AttachmentsDialog):
            qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)  # the form below answers
            assert dialog.table.rowCount() == 1 and dialog.table.item(0, 4).text() == scan.name
            double_click(qtbot, dialog.table, 0)  # opens a checked copy with the system viewer
            assert len(opened) == 1 and opened[0].read_bytes() == PDF and not errors
            stored = attachments.checked_path(window.db, dialog.selected_id())
            os.chmod(stored, stat.S_IWRITE | stat.S_IREAD)
            stored.write_bytes(PDF.replace(b"bao cao", b"BAO CAO"))  # changed on disk, same size
            qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
            assert len(opened) == 1 and "đã bị thay đổi" in errors[0]
            stored.write_bytes(PDF)
            return True
        fill(qtbot, dialog, kind="bao_cao_thanh_tich", doc_number="07/BC-STP")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        return dialog.result() == dialog.DialogCode.Accepted

    monkeypatch.setattr(messages, "run_dialog", run)
    {b.text(): b for b in tab.detail_buttons}["Tài liệu đính kèm…"].click()
    row = one(
        window, "SELECT kind, doc_number, sha256, file_name FROM attachments WHERE proposal_id = ?", pid
    )
    assert row == ("bao_cao_thanh_tich", "07/BC-STP", hashlib.sha256(PDF).hexdigest(), scan.name)
    details = tab.flush_details()
    assert "Hồ sơ, giấy tờ" in details and scan.name in details and "✓ Báo cáo thành tích" in details
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert one(window, "SELECT count(*) FROM attachments WHERE proposal_id = ?", pid)[0] == 0
    assert "Chưa đính kèm tài liệu nào" in tab.flush_details()
    qtbot.keyClick(window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert one(window, "SELECT count(*) FROM attachments WHERE proposal_id = ?", pid)[0] == 1


def test_submission_warns_of_missing_papers_and_goes_on(window, qtbot, monkeypatch):
    tab = window.list_tabs[PROPOSALS]
    window.tabs.setCurrentIndex(PROPOSALS)
    pid = one(window, "SELECT id FROM proposals WHERE status = 'da_binh_xet' LIMIT 1")[0]
    assert tab.select_id(pid)
    submit = {b.text(): b for b in tab.detail_buttons}["Trình…"]
    forms = answer_dialog(monkeypatch, qtbot, save=False, number="21/TTr-KTĐ3", on=date(2026, 1, 12))
    submit.click()
    values = {"number": "21/TTr-KTĐ3", "on": date(2026, 1, 12)}
    if "override" in forms[0].inputs:
        values["override"] = "Thành tích đột xuất"
        forms = answer_dialog(monkeypatch, qtbot, save=False, **values)
        submit.click()
    assert forms[0].warning.isVisibleTo(forms[0]) and "Hồ sơ còn thiếu: " in forms[0].warning.text()
    assert "Biên bản họp" in forms[0].warning.text() and forms[0].save_button.isEnabled()
    answer_dialog(monkeypatch, qtbot, **values)
    submit.click()
    assert one(window, "SELECT status FROM proposals WHERE id = ?", pid)[0] == "da_trinh"


def test_find_by_paper_number_folded_and_jump_to_the_proposal(window, qtbot, monkeypatch):
    tab = window.list_tabs[PROPOSALS]
    decided = [r[0] for r in window.db.conn.execute(
        "SELECT id FROM proposals WHERE decision_number = '261/QĐ-UBND'")]  # fmt: skip
    year = one(window, "SELECT year FROM proposals WHERE id = ?", decided[0])[0]
    combo = tab.filter_widgets["year"]
    combo.setCurrentIndex(next(i for i in range(1, combo.count()) if combo.itemData(i) != year))  # hides them
    qtbot.keyClick(
        window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    dialog = window._find_paper_dialog
    assert dialog.isVisible()
    qtbot.keyClicks(dialog.edit, "261/QD-UBND")
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.searching)  # looked up in a worker
    assert dialog.proposals.rowCount() == len(decided)
    assert dialog.tabs.tabText(0) == f"Đề nghị ({len(decided)})" and dialog.people.rowCount() >= len(decided)
    target = dialog.proposals.item(2, 0).data(Qt.ItemDataRole.UserRole)[1]
    double_click(qtbot, dialog.proposals, 2)
    assert window.current_tab() is tab and tab.selected_id() == target
    dialog.edit.clear()
    dialog.edit.insert("61/QĐ-UBND")  # typed: QTest has no key for Đ
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.searching)
    assert dialog.proposals.rowCount() == 0 and "Không tìm thấy" in dialog.summary.text()
    dialog.close()


def test_ledger_dialog_records_a_payment_with_undo(window, qtbot, monkeypatch):
    dialog = LedgerDialog(window)  # the lines are read in a worker
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0, timeout=20000)
    assert dialog.model.rowCount() == len(dialog.lines) > 0
    row = next(i for i, line in enumerate(dialog.lines) if line.balance > 0)
    line = dialog.lines[row]
    model = dialog.model
    assert model.index(row, 0).data(Qt.ItemDataRole.UserRole) == line.proposal_id
    assert model.index(row, 8).data() == f"{line.balance:,}".replace(",", ".")
    assert model.index(row, 8).data(Qt.ItemDataRole.ForegroundRole) == QColor(Qt.GlobalColor.darkRed)
    said = model.index(row, 6).data(
        Qt.ItemDataRole.ToolTipRole
    )  # what the amount rests on (issue 22, point 6)
    assert "lần mức" not in said and "lương cơ sở từ" in said and "Nghị định" in said and "hệ số của" in said
    dialog.table.selectRow(row)
    answer_dialog(monkeypatch, qtbot, paid_on=date(2025, 3, 2), receiver="Kế toán", voucher="PC-015")
    with qtbot.waitSignal(dialog.loaded, timeout=20000):  # read again after the payment
        qtbot.mouseClick(dialog.pay_button, Qt.MouseButton.LeftButton)
    assert one(window, "SELECT amount, voucher FROM reward_payments WHERE proposal_id = ?", line.proposal_id) == (
        line.balance, "PC-015")  # fmt: skip
    assert "đã chi <b>" + f"{line.balance:,}".replace(",", ".") in dialog.totals.text()
    assert dialog.payments.rowCount() == 1 and dialog.payments.item(0, 1).text() == "PC-015"
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the window: not its change
    assert one(window, "SELECT count(*) FROM reward_payments")[0] == 1
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(
        dialog.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier
    )  # undone where it was done
    assert one(window, "SELECT count(*) FROM reward_payments")[0] == 0
