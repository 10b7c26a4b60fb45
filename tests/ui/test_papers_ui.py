"""Word papers from the window: Tệp → Giấy tờ, the paper dialog writing a draft decision
in a worker and offering to open it, the desk's template refused with the message that
names a mistyped placeholder, and the achievement report of the selected row."""

from __future__ import annotations

from docx import Document

from thidua_desktop.reports.papers import word as dp
from thidua_desktop.shipped.files import resource_path
from thidua_desktop.store.report_data import certificates
from thidua_desktop.store.report_data import papers as sp
from thidua_desktop.ui import messages
from thidua_desktop.ui.dialogs.papers import PaperDialog, TemplatesDialog


def _file_menu_papers(window):
    file_menu = window.menuBar().actions()[0].menu()
    for action in file_menu.actions():
        if action.menu() is not None and action.text().replace("&", "") == "Giấy tờ":
            return [a.text().replace("&", "") for a in action.menu().actions() if a.text()]
    raise AssertionError("no Giấy tờ submenu under Tệp")


def test_file_menu_has_the_papers(window):
    entries = _file_menu_papers(window)
    assert entries == [
        "Tờ trình đề nghị khen thưởng…",
        "Dự thảo quyết định khen thưởng…",
        "Báo cáo thành tích của dòng đang chọn…",
        "Kịch bản công bố quyết định…",
        "Mẫu giấy tờ Word…",
    ]


def test_draft_decision_written_with_the_signer_and_offered_to_open(window, qtbot, monkeypatch, tmp_path):
    number, _on, count = max(certificates.decisions(window.db), key=lambda d: d[2])
    dialog = PaperDialog(window, "quyet-dinh")
    qtbot.addWidget(dialog)
    dialog.number.setCurrentIndex(dialog.number.findData(number))
    dialog.signer["authority"].setText("KT. CHỦ TỊCH")
    dialog.signer["title"].setText("PHÓ CHỦ TỊCH")
    dialog.signer["name"].setText("Nguyễn Văn Bình")
    assert "kèm theo" in dialog.templates.label.text()
    out = tmp_path / "du-thao"  # no suffix typed: .docx is added
    monkeypatch.setattr(messages, "save_file", lambda *a, **k: out)
    offered = []
    monkeypatch.setattr(messages, "offer_open", lambda parent, path, title="", lead="": offered.append(path))
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: bool(offered), timeout=30000)
    written = tmp_path / "du-thao.docx"
    assert written.is_file() and offered == [written]  # offered to open
    document = Document(str(written))
    rows = [r for t in document.tables for r in t.rows if r.cells[0].text.strip().isdigit()]
    assert len(rows) == count
    text = "\n".join(p.text for t in document.tables for c in t._cells for p in c.paragraphs)
    assert "KT. CHỦ TỊCH" in text and "PHÓ CHỦ TỊCH" in text and "Nguyễn Văn Bình" in text
    # typed for this paper only: the next opens empty, the desk's and the issuer's defaults
    again = PaperDialog(window, "quyet-dinh")
    qtbot.addWidget(again)
    assert all(edit.text() == "" for edit in again.signer.values())
    assert "signer" not in sp.load_settings(window.db) or not sp.load_settings(window.db)["signer"]


def test_a_template_with_a_mistyped_placeholder_is_refused_with_its_name(
    window, qtbot, monkeypatch, tmp_path
):
    document = Document(str(resource_path("papers", "kich-ban.docx")))
    for t in document.element.body.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"):
        if "{{ so_quyet_dinh }}" in (t.text or ""):
            t.text = t.text.replace("{{ so_quyet_dinh }}", "{{ so_qd }}")
    typo = tmp_path / "kich-ban-cua-ban.docx"
    document.save(str(typo))
    dialog = TemplatesDialog(window)
    qtbot.addWidget(dialog)
    box = dialog.boxes["kich-ban"]
    monkeypatch.setattr(messages, "open_file", lambda *a, **k: typo)
    errors = []
    monkeypatch.setattr(messages, "error", lambda parent, text, title="": errors.append(text))
    box.choose_button.click()
    assert errors and "{{ so_qd }}" in errors[0] and "so_quyet_dinh" in errors[0]
    assert sp.kept_template(window.db, "kich-ban") is None and "kèm theo" in box.label.text()
    # the shipped one, taken out and chosen again, is kept as the desk's own
    good = tmp_path / "mau-kich-ban.docx"
    monkeypatch.setattr(messages, "save_file", lambda *a, **k: good)
    box.export_button.click()
    monkeypatch.setattr(messages, "open_file", lambda *a, **k: good)
    box.choose_button.click()
    assert sp.kept_template(window.db, "kich-ban")[0] == "mau-kich-ban.docx"
    assert "Mẫu của bộ phận: mau-kich-ban.docx" in box.label.text() and box.reset_button.isEnabled()
    box.reset_button.click()
    assert dp.template_for(window.db, "kich-ban").builtin


def test_achievement_report_of_the_selected_person(window, qtbot, monkeypatch, tmp_path):
    from thidua_desktop.ui.dialogs import papers as papers_dialog

    errors = []
    monkeypatch.setattr(messages, "error", lambda parent, text, title="": errors.append(text))
    window.tabs.setCurrentIndex(1)  # movements: not a person or a unit
    papers_dialog.write_achievement_report(window)
    assert errors and "Hãy chọn một cá nhân" in errors[0]

    window.tabs.setCurrentIndex(2)
    tab = window.list_tabs[2]
    qtbot.waitUntil(lambda: tab.model.rowCount() > 0)
    tab.view.selectRow(0)
    person = tab.selected_id()
    opened = []
    monkeypatch.setattr(PaperDialog, "exec", lambda self: opened.append(self) or 0)
    papers_dialog.write_achievement_report(window)
    dialog = opened[0]
    qtbot.addWidget(dialog)
    assert dialog.kind == "bao-cao-ca-nhan" and dialog.person == person
    out = tmp_path / "bao-cao.docx"
    monkeypatch.setattr(messages, "save_file", lambda *a, **k: out)
    monkeypatch.setattr(messages, "ask", lambda *a, **k: False)
    dialog.go()
    qtbot.waitUntil(out.is_file, timeout=30000)
    name = window.db.conn.execute("SELECT full_name FROM individuals WHERE id = ?", (person,)).fetchone()[0]
    assert any(f"Họ và tên: {name}." in p.text for p in Document(str(out)).paragraphs)
