"""The rules in the window: history entry, the settings dialog, suggesting nominees."""

from datetime import date

from helpers import answer_dialog
from PySide6.QtCore import Qt

from thidua_desktop.store import desk_settings
from thidua_desktop.ui import messages
from thidua_desktop.ui.dialogs.desk_settings import SettingsDialog
from thidua_desktop.ui.dialogs.suggest import SuggestDialog


def one(win, sql, *params):
    return win.db.conn.execute(sql, params).fetchone()


def test_rating_award_and_initiative_entered_from_the_person_panel(window, qtbot, monkeypatch):
    tab = window.list_tabs[2]
    window.tabs.setCurrentIndex(2)
    pid = tab.selected_id()
    buttons = {b.text(): b for b in tab.detail_buttons}

    def rate(grid) -> bool:
        row = grid.years.index(2025)
        rating, months = grid.inputs[row]
        rating.setFocus()
        qtbot.keyClicks(rating, "HTX")  # the short code picks the rating
        months.setValue(7)
        return True

    monkeypatch.setattr(messages, "run_dialog", rate)
    buttons["Xếp loại các năm…"].click()
    assert one(
        window, "SELECT rating, months_worked FROM ratings WHERE individual_id = ? AND year = 2025", pid
    ) == ("HTXSNV", 7)
    monkeypatch.undo()
    answer_dialog(monkeypatch, qtbot, year="2020", award_code="CSTDCS", kind="thuong_xuyen",
                  decision_number="45/QĐ-CAT", decision_date=date(2021, 1, 15), legacy=True)  # fmt: skip
    buttons["Danh hiệu, khen thưởng đã nhận…"].click()
    assert one(
        window, "SELECT legacy, decision_date FROM awards WHERE individual_id = ? AND year = 2020", pid
    ) == (1, "2021-01-15")
    assert "trước khi dùng phần mềm" in tab.flush_details()
    answer_dialog(monkeypatch, qtbot, title="Phần mềm quản lý hồ sơ", year="2026", level="tinh")
    buttons["Sáng kiến…"].click()
    assert (
        one(window, "SELECT level FROM initiatives WHERE individual_id = ? AND year = 2026", pid)[0] == "tinh"
    )
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert (
        one(window, "SELECT count(*) FROM initiatives WHERE individual_id = ? AND year = 2026", pid)[0] == 0
    )
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert one(
        window, "SELECT rating, months_worked FROM ratings WHERE individual_id = ? AND year = 2025", pid
    ) != ("HTXSNV", 7)


def test_under_review_blocks_the_proposal_with_the_decree_article(window, qtbot, monkeypatch):
    tab = window.list_tabs[2]
    pid = tab.selected_id()
    answer_dialog(monkeypatch, qtbot, under_review=True)
    tab.edit_selected()
    assert one(window, "SELECT under_review FROM individuals WHERE id = ?", pid)[0] == 1
    from thidua_desktop.rules.settings import DeskSettings
    from thidua_desktop.store.records import nominees, proposals

    prop = proposals.create_proposal(window.db, "GK", 2025, individual_id=pid)
    findings = nominees.findings_for_proposal(window.db, prop, DeskSettings())
    assert any(
        f.status == "khong_dat" and "kỷ luật" in f.text and "Điều 4 Nghị định" in f.basis for f in findings
    )


def test_settings_dialog_shows_sources_and_saves_into_the_file(window, qtbot):
    dialog = SettingsDialog(window.db, window)
    qtbot.addWidget(dialog)
    texts = " ".join(label.text() for label in dialog.findChildren(type(dialog.error)))
    assert "Khoản 7 Điều 30 Nghị định 98/2023/NĐ-CP" in texts and "Điều 49 Nghị định 152/2025/NĐ-CP" in texts
    bases = [dialog.salary.item(r, 2).text() for r in range(dialog.salary.rowCount())]
    assert "khoản 2 Điều 3 Nghị định 73/2024/NĐ-CP" in bases
    dialog.quota_enabled.setChecked(True)
    dialog.thresholds.item(2, 1).setText("75")  # CSTĐCS under ND 152/2025
    dialog._add_salary_row(None)
    row = dialog.salary.rowCount() - 1
    for c, text in enumerate(("2.530.000", "01/07/2026", "giả định")):
        dialog.salary.item(row, c).setText(text)
    # the readings the law leaves open: each choice with its source (issue 22, point 8)
    held = dialog.readings["bk_ttg_interval"]
    assert held.count() == 2 and "15/02/2024" in held.itemData(1, Qt.ItemDataRole.ToolTipRole)
    held.setCurrentIndex(held.findData("held"))
    dialog.readings["bk_tinh_initiatives"].setCurrentIndex(
        dialog.readings["bk_tinh_initiatives"].findData("period")
    )
    assert "Điều 73" in texts and "Điều 74" in texts and "Điều 54 Nghị định 152/2025/NĐ-CP" in texts
    assert dialog.household.value() == 1.5
    dialog.household.setValue(1.8)
    dialog.save()
    saved = desk_settings.load(window.db)
    assert saved.bk_ttg_interval == "held" and saved.bk_tinh_initiatives == "period"
    assert saved.household_multiplier == 1.8
    assert saved.quota_enabled and saved.threshold("nd152_2025", "CSTDCS") == 75
    assert saved.base_salary_on(date(2026, 8, 1)).amount == 2_530_000
    bad = SettingsDialog(window.db, window)
    qtbot.addWidget(bad)
    bad.salary.item(0, 1).setText("31/02/2019")
    bad.save()
    assert "Không có ngày 31/02/2019" in bad.error.text()
    assert desk_settings.load(window.db).base_salary_on(date(2019, 8, 1)).valid_from == date(2019, 7, 1)


def test_suggest_dialog_creates_proposals_and_undo_removes_them(window, qtbot):
    before = one(window, "SELECT count(*) FROM proposals")[0]
    dialog = SuggestDialog(window.db, window.undo_stack, window.list_tabs[3].refresh, window)
    qtbot.addWidget(dialog)
    dialog.award.setCurrentIndex(dialog.award.findData("LDTT"))
    dialog.year.setValue(2025)
    with qtbot.waitSignal(dialog.searched, timeout=30000):
        dialog.find()  # in a worker, on a read connection of its own
    model = dialog.model
    assert model.rowCount() > 2
    qtbot.waitUntil(
        lambda: "LĐTT" in dialog.quota_label.text()
    )  # the counters come from a worker of their own
    assert f"{model.rowCount()} người đủ các điều kiện" in dialog.status.text()
    first = model.index(0, 0)
    assert model.data(first) == dialog.found[0]["name"]
    assert model.data(first, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert model.flags(first) & Qt.ItemFlag.ItemIsUserCheckable
    assert "LĐTT" in model.data(model.index(0, 3), Qt.ItemDataRole.ToolTipRole) or model.data(
        model.index(0, 3)
    )
    for r in range(2, model.rowCount()):  # as a click on each box does
        assert model.setData(model.index(r, 0), Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
    chosen = [c["id"] for c in dialog.checked()]
    assert chosen == [c["id"] for c in dialog.found[:2]]
    refreshed = []
    dialog.on_created = lambda: refreshed.append(True)
    with qtbot.waitSignal(dialog.searched, timeout=30000):
        dialog.create_proposals()  # then searches again: the two are no longer suggested
    assert one(window, "SELECT count(*) FROM proposals")[0] == before + 2
    assert (
        dialog.status.text().startswith("Đã tạo 2 đề nghị")
        and "người đủ các điều kiện" in dialog.status.text()
    )
    assert not set(chosen) & {c["id"] for c in dialog.found}
    assert refreshed == [True]
    window.undo_stack.undo()  # one step for the whole batch, one refresh
    assert one(window, "SELECT count(*) FROM proposals")[0] == before
    assert refreshed == [True, True]
    window.undo_stack.redo()
    assert one(window, "SELECT count(*) FROM proposals")[0] == before + 2
    assert refreshed == [True, True, True]
    window.undo_stack.undo()
    assert one(window, "SELECT count(*) FROM proposals")[0] == before


def test_suggest_search_can_be_cancelled(window, qtbot):
    dialog = SuggestDialog(window.db, window.undo_stack, window.list_tabs[3].refresh, window)
    qtbot.addWidget(dialog)
    dialog.award.setCurrentIndex(dialog.award.findData("LDTT"))
    dialog.year.setValue(2025)
    with qtbot.waitSignal(dialog.searched, timeout=30000):
        dialog.find()
        dialog.progress.canceled.emit()  # "Hủy" before the worker checks its first record
    assert dialog.status.text() == "Đã hủy việc tìm."
    assert dialog.model.rowCount() == 0 and dialog.find_button.isEnabled()


def test_tools_menu_opens_both_dialogs(window, monkeypatch):
    opened = []
    monkeypatch.setattr(messages, "run_dialog", lambda d: opened.append(type(d).__name__) or False)
    titles = [a.text() for a in window.menuBar().actions()]
    assert "&Công cụ" in titles
    window.suggest_nominees()
    window.edit_settings()
    assert opened == ["SuggestDialog", "SettingsDialog"]


def test_creating_suggested_proposals_can_be_cancelled(window, qtbot):
    before = one(window, "SELECT count(*) FROM proposals")[0]
    dialog = SuggestDialog(window.db, window.undo_stack, window.list_tabs[3].refresh, window)
    qtbot.addWidget(dialog)
    dialog.award.setCurrentIndex(dialog.award.findData("LDTT"))
    dialog.year.setValue(2025)
    with qtbot.waitSignal(dialog.searched, timeout=30000):
        dialog.find()
    steps = window.undo_stack.count()
    dialog.create_proposals()
    dialog.progress.canceled.emit()  # "Hủy" before the worker writes its first proposal
    qtbot.waitUntil(lambda: dialog.create_button.isEnabled(), timeout=30000)
    assert dialog.status.text() == "Đã hủy; chưa tạo đề nghị nào."
    assert one(window, "SELECT count(*) FROM proposals")[0] == before
    assert window.undo_stack.count() == steps  # nothing to undo
