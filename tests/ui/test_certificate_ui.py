"""Printing certificates from the window: the batch dialog (preflight, preview, PDF and
printer), the proposal tab's actions and the templates and calibration dialog."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter

from tests.ui.helpers import answer_dialog
from thidua_desktop.store.report_data import certificates as sc
from thidua_desktop.ui import messages
from thidua_desktop.ui.certificates.printing import CertificateDialog, paper_mismatch
from thidua_desktop.ui.certificates.render import page_layout
from thidua_desktop.ui.certificates.templates import TemplatesDialog

SHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"


def _biggest_decision(db) -> tuple[str, int]:
    """The sample's biggest decision and how many Bằng khen it gives (its CSTĐ cấp tỉnh take
    their own certificate, printed as the second kind)."""
    number, _on, _count = max(sc.decisions(db), key=lambda d: d[2])
    count = db.conn.execute(
        "SELECT count(*) FROM proposals WHERE decision_number = ? AND award_code = 'BK_TINH' "
        "AND status IN ('da_khen', 'da_cap_bang')", (number,)).fetchone()[0]  # fmt: skip
    return number, count


def _shot(widget, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert widget.grab().save(str(SHOTS / name))


def test_decision_batch_preflight_preview_and_pdf(window, qtbot, monkeypatch, tmp_path):
    number, count = _biggest_decision(window.db)
    dialog = CertificateDialog(window, decision=number)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.kind.count() == 2 and dialog.kind.isEnabled()  # Bằng khen, then CSTĐ cấp tỉnh
    assert dialog.model.rowCount() == count
    assert dialog.signer_title.toPlainText() == "CHỦ TỊCH"  # the issuer's, from who decides
    assert not dialog.go_button.isEnabled() and "người ký" in dialog.problem_list.item(0).text()
    dialog.signer_name.insert("Nguyễn Văn Bình")
    dialog.signer_title.setPlainText("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH")
    qtbot.waitUntil(lambda: dialog.go_button.isEnabled())
    assert "Sẵn sàng" in dialog.summary.text()
    assert dialog.preview.page.field("signer_title").lines == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert dialog.preview.page is not None and dialog.preview.page.field("recipient") is not None
    _shot(dialog, "in-bang.png")
    # one PDF, written in a worker; the log and register numbers recorded when it is done
    out = tmp_path / "bang.pdf"
    monkeypatch.setattr(messages, "save_file", lambda *a, **k: out)
    asked = []
    monkeypatch.setattr(messages, "offer_open", lambda parent, path, title="", lead="": asked.append(lead))
    dialog.go_button.click()
    qtbot.waitUntil(lambda: bool(asked), timeout=30000)
    assert out.is_file() and len(PdfReader(str(out)).pages) == count
    assert f"Đã in {count} bằng lần đầu" in asked[0]
    statuses = window.db.conn.execute(
        "SELECT status, register_number FROM proposals WHERE decision_number = ? AND award_code = 'BK_TINH'",
        (number,),
    ).fetchall()
    assert all(s == "da_cap_bang" and r for s, r in statuses)
    assert (
        window.db.conn.execute("SELECT count(*) FROM certificate_prints WHERE action = 'in'").fetchone()[0]
        == count
    )
    # the list now says these are reprints, with the same numbers
    assert all("(in lại)" in dialog.label(i) for i in range(dialog.model.rowCount()))
    # the second kind: the title's own certificate, its signer prefilled again for its issuer
    dialog.kind.setCurrentIndex(1)
    assert dialog.templates[dialog.template.currentData()].name == "bang-chung-nhan-tinh-a3"
    assert dialog.model.rowCount() == 5 and dialog.signer_name.text() == ""
    dialog.signer_name.insert("Nguyễn Văn Bình")
    dialog.signer_title.setPlainText("CHÁNH THANH TRA")  # not the chairman's: refused in the dialog
    qtbot.waitUntil(lambda: any("không phải của người tặng" in dialog.problem_list.item(i).text()
                                for i in range(dialog.problem_list.count())))  # fmt: skip
    assert not dialog.go_button.isEnabled()
    # a signer typed for one batch is never carried to the next: each opens with the issuer's
    again = CertificateDialog(window, decision=number)
    qtbot.addWidget(again)
    assert again.signer_name.text() == "" and again.signer_title.toPlainText() == "CHỦ TỊCH"
    for opened in (dialog, again):
        opened.reject()  # their timers stop before the window's file closes


def test_printing_through_a_printer_draws_every_certificate(window, qtbot, tmp_path):
    number, count = _biggest_decision(window.db)
    dialog = CertificateDialog(window, decision=number)
    qtbot.addWidget(dialog)
    dialog.mode.setCurrentIndex(1)  # overprint on blanks
    dialog.signer_name.insert("Nguyễn Văn Bình")
    dialog.refresh()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printer.pdf"))
    printer.setPageLayout(page_layout(dialog.batch.template))  # what the print dialog is opened with
    assert paper_mismatch(dialog.batch.template, printer) == ""
    assert dialog.print_to(printer)
    reader = PdfReader(str(tmp_path / "printer.pdf"))
    assert len(reader.pages) == count
    box = reader.pages[0].mediabox  # the template's A3 landscape sheet
    assert abs(float(box.width) / float(box.height) - 420 / 297) < 0.01 and float(box.width) > 1180
    first = dialog.records[0]
    name = first["full_name"] if first["subject"] == "ca_nhan" else first["unit_name"]
    assert name.upper().split()[-1] in reader.pages[0].extract_text().upper()
    log = window.db.conn.execute("SELECT target, mode FROM certificate_prints").fetchall()
    assert len(log) == count and log[0][0].startswith("máy in") and log[0][1] == "overprint"
    dialog.reject()  # its timers stop before the window's file closes (close() skips a hidden dialog)


def test_printing_honours_the_page_range_and_says_when_the_paper_is_not_the_templates(
    window, qtbot, tmp_path
):
    """Reprinting one spoiled certificate: pages 2–3 chosen in the print dialog print two
    certificates and log two, not the whole batch; an A4 printer for an A3 template is said."""
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QPageLayout, QPageSize

    number, _count = _biggest_decision(window.db)
    dialog = CertificateDialog(window, decision=number)
    qtbot.addWidget(dialog)
    dialog.signer_name.insert("Nguyễn Văn Bình")
    dialog.refresh()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "range.pdf"))
    printer.setPageLayout(page_layout(dialog.batch.template))
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    assert dialog.print_to(printer)
    assert len(PdfReader(str(tmp_path / "range.pdf")).pages) == 2
    logged = [r[0] for r in window.db.conn.execute("SELECT proposal_id FROM certificate_prints ORDER BY id")]
    assert len(logged) == 2  # the two printed, not the batch
    a4 = QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape, QMarginsF(0, 0, 0, 0)
    )
    printer.setPageLayout(a4)
    said = paper_mismatch(dialog.batch.template, printer)
    assert "420 × 297 mm" in said and "297 × 210 mm" in said and "thu nhỏ" in said
    dialog.reject()  # its timers stop before the window's file closes (close() skips a hidden dialog)


def test_a_proposal_without_a_decision_cannot_be_printed(window, qtbot):
    draft = window.db.conn.execute("SELECT id FROM proposals WHERE status = 'du_thao' LIMIT 1").fetchone()[0]
    dialog = CertificateDialog(window, proposal_ids=[draft])
    qtbot.addWidget(dialog)
    assert not dialog.go_button.isEnabled()
    assert "Chưa in được" in dialog.summary.text()
    problems = [dialog.problem_list.item(i).text() for i in range(dialog.problem_list.count())]
    assert any("chưa có quyết định khen thưởng" in p for p in problems)
    assert any("chưa có số quyết định" in p for p in problems)


def test_proposal_tab_prints_the_selected_rows_and_marks_a_spoiled_one(window, qtbot, monkeypatch):
    from thidua_desktop.ui.certificates import printing as certificate_dialog

    tab = window.list_tabs[3]
    window.tabs.setCurrentIndex(3)
    number, _count = _biggest_decision(window.db)
    ids = [r[0] for r in window.db.conn.execute(
        "SELECT id FROM proposals WHERE decision_number = ? ORDER BY id LIMIT 2", (number,))]  # fmt: skip
    assert tab.select_id(ids[0])
    opened = []
    monkeypatch.setattr(certificate_dialog, "open_for_proposals", lambda window, pids: opened.append(pids))
    buttons = {b.text(): b for b in tab.detail_buttons}
    buttons["In bằng…"].click()
    assert opened == [[ids[0]]]
    # a certificate printed, then spoiled in the printer: marked with the reason, undoable
    records = sc.recipients(window.db, proposal_ids=[ids[0]])
    sc.record_printing(window.db, records, sc.plan_register_numbers(window.db, records), template="t", mode="full",
                       target="x")  # fmt: skip
    tab.refresh(ids[0])
    answer_dialog(monkeypatch, qtbot, action="hong", reason="Kẹt giấy")
    {b.text(): b for b in tab.detail_buttons}["Bằng hỏng, hủy…"].click()
    log = sc.print_log(window.db, ids[0])
    assert [e["action"] for e in log] == ["in", "hong"] and log[-1]["reason"] == "Kẹt giấy"
    details = tab.flush_details()
    assert "Nhật ký in bằng" in details and "Kẹt giấy" in details
    window.undo_stack.undo()
    assert [e["action"] for e in sc.print_log(window.db, ids[0])] == ["in"]


def test_templates_dialog_copies_edits_and_calibrates(window, qtbot, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QInputDialog

    dialog = TemplatesDialog(window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.template.builtin
    y_column = [
        c[0] for c in __import__("thidua_desktop.ui.certificates.templates", fromlist=["x"]).COLUMNS
    ].index("y_mm")
    assert not dialog.table.item(0, y_column).flags() & Qt.ItemFlag.ItemIsEditable  # shipped: copy to edit
    answers = iter([("bk-khoi-3", True), ("Bằng khen – bản của Khối 3", True)])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: next(answers))
    dialog.copy_template()
    assert dialog.template.name == "bk-khoi-3" and not dialog.template.builtin
    keys = [f.key for f in dialog.template.fields]
    row = keys.index("recipient")
    dialog.table.item(row, y_column).setText("150,5")  # a comma, as Vietnamese write decimals
    assert dialog.template.field("recipient").y_mm == 150.5
    dialog.offset_x.setValue(2.5)
    dialog.offset_y.setValue(-1.0)
    nudge_y = len(dialog.table.horizontalHeaderItem(0).text()) and [c[2] for c in __import__(
        "thidua_desktop.ui.certificates.templates", fromlist=["x"]).COLUMNS].index("nudge_y")  # fmt: skip
    dialog.table.item(row, nudge_y).setText("0.8")
    dialog.overprint.setChecked(True)
    _shot(dialog, "mau-bang.png")
    # a bad number is explained, not saved
    dialog.table.item(row, y_column).setText("abc")
    assert "không phải số" in dialog.note.text()
    dialog.table.item(row, y_column).setText("150.5")
    dialog.save()
    stored = json.loads(sc.desk_templates(window.db)["bk-khoi-3"])
    assert [f for f in stored["fields"] if f["key"] == "recipient"][0]["y_mm"] == 150.5
    calibration = sc.load_settings(window.db)["calibration"]["bk-khoi-3"]
    assert calibration["offset_x_mm"] == 2.5 and calibration["offset_y_mm"] == -1.0
    assert calibration["nudges"]["recipient"] == [0.0, 0.8]


def test_a_font_without_vietnamese_is_refused_in_the_dialog(window, qtbot, monkeypatch, tmp_path):
    subset = pytest.importorskip("fontTools.subset")
    from thidua_desktop.reports import fonts as certificate_fonts

    options = subset.Options()
    font = subset.load_font(str(certificate_fonts.bundled().path("regular")), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=range(0x20, 0x7F))
    subsetter.subset(font)
    subset.save_font(font, str(tmp_path / "Ascii-Regular.ttf"), options)
    dialog = TemplatesDialog(window)
    qtbot.addWidget(dialog)
    shown = []
    monkeypatch.setattr(messages, "error", lambda parent, text, title="": shown.append(text))
    dialog._set_font(str(tmp_path / "Ascii-Regular.ttf"))
    assert shown and "thiếu" in shown[0] and "ô vuông" in shown[0]
    assert sc.load_settings(window.db)["font"] == "" and dialog.settings["font"] == ""


def test_a_big_batch_is_checked_in_a_worker_and_printing_waits_for_it(window, qtbot, monkeypatch):
    """Above CHECK_IN_WORKER records the check runs in a worker (a province decision holds
    tens of thousands): the dialog answers at once, the print button waits for the verdict,
    and a change meanwhile stops the stale check and starts a new one."""
    from thidua_desktop.ui.certificates import printing as certificate_dialog

    monkeypatch.setattr(certificate_dialog, "CHECK_IN_WORKER", 1)  # the sample's decisions are small
    number, count = _biggest_decision(window.db)
    dialog = CertificateDialog(window, decision=number)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.model.rowCount() == count  # listed at once
    assert dialog.checking and not dialog.go_button.isEnabled() and "Đang kiểm tra" in dialog.summary.text()
    first = dialog._stop
    dialog.signer_name.insert("Nguyễn Văn Bình")
    dialog.refresh()  # typed meanwhile: the first check is told to stop
    assert first.is_set() and dialog._stop is not first
    qtbot.waitUntil(lambda: not dialog.checking, timeout=30000)
    assert dialog.go_button.isEnabled() and "Sẵn sàng" in dialog.summary.text()
    assert not any(dialog.label(i).startswith("⚠") for i in range(dialog.model.rowCount()))
    dialog.signer_name.clear()
    dialog.refresh()
    qtbot.waitUntil(lambda: not dialog.checking, timeout=30000)
    assert not dialog.go_button.isEnabled() and "người ký" in dialog.problem_list.item(0).text()


def test_a_big_decision_is_read_in_a_worker_the_dialog_open_meanwhile(window, qtbot, monkeypatch):
    """Above LOAD_IN_WORKER recipients (a province decision: 46,773) the decision is read and
    sorted in a worker: the dialog is open at once and says it is reading, printing waits,
    then the list, the signer and the verdict come, the same as when read at once."""
    from thidua_desktop.ui.certificates import printing as certificate_dialog

    number, count = _biggest_decision(window.db)
    at_once = CertificateDialog(window, decision=number)
    qtbot.addWidget(at_once)
    monkeypatch.setattr(certificate_dialog, "LOAD_IN_WORKER", 1)
    dialog = CertificateDialog(window, decision=number)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.loading and dialog.model.rowCount() == 0 and not dialog.go_button.isEnabled()
    assert "Đang đọc danh sách" in dialog.summary.text()
    qtbot.waitUntil(lambda: not dialog.loading, timeout=30000)
    assert dialog.model.rowCount() == count
    assert [dialog.label(i) for i in range(count)] == [at_once.label(i) for i in range(count)]
    assert (dialog.signer_title.toPlainText(), dialog.signer_name.text(), dialog.summary.text()) == (
        at_once.signer_title.toPlainText(),
        at_once.signer_name.text(),
        at_once.summary.text(),
    )
    dialog.signer_name.setText("")
    dialog.signer_title.setPlainText("")  # no signer at all: every certificate is marked
    dialog.refresh()
    assert not dialog.go_button.isEnabled() and "người ký" in dialog.problem_list.item(0).text()
