"""A 32-person decision in three dialogs (issue 20): Bình xét as a grid, one tờ trình, one
decision with an outcome per row, each one transaction and one undo step named for what it
did; undone in one step and redone, the rows selected again and the status bar saying so."""

from datetime import date

from helpers import fill
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from thidua_desktop.store.records import proposals
from thidua_desktop.ui import messages
from thidua_desktop.ui.forms import RecordForm
from thidua_desktop.ui.tabs.batch_steps import DecisionGrid, VoteGrid

PROPOSALS = 3


def _statuses(db, ids):
    marks = ", ".join("?" * len(ids))
    return dict(
        db.conn.execute(f"SELECT status, count(*) FROM proposals WHERE id IN ({marks}) GROUP BY 1", ids)
    )


def test_a_32_person_decision_in_three_dialogs_undone_in_one_step(window, qtbot, monkeypatch):
    db = window.db
    monkeypatch.setattr(
        messages, "error", lambda parent, text, title="": (_ for _ in ()).throw(AssertionError(text))
    )
    people = [r[0] for r in db.conn.execute(
        "SELECT id FROM individuals WHERE id NOT IN (SELECT individual_id FROM proposals "
        "WHERE year = 2026 AND individual_id IS NOT NULL) ORDER BY id LIMIT 32")]  # fmt: skip
    ids = [proposals.create_proposal(db, "CSTDCS", 2026, individual_id=p, summary="Hoàn thành xuất sắc nhiệm vụ")
           for p in people]  # fmt: skip
    tab = window.show_list_tab(PROPOSALS)
    tab.select_ids(ids)
    assert sorted(tab.selected_ids()) == sorted(ids)
    buttons = {b.text(): b for b in tab.detail_buttons}
    dialogs = []

    def vote(grid: VoteGrid) -> bool:
        dialogs.append(grid)
        assert grid.table.rowCount() == 32
        grid.members.setValue(9)
        votes, _total = grid.spins[0]
        votes.setValue(3)  # 33,3 %: refused in the grid, as typed
        assert not grid.buttons.save.isEnabled() and "chưa đạt" in grid.summary.text()
        assert "33,3 %" in grid.table.item(0, 3).text()
        votes.setValue(8)
        assert grid.buttons.save.isEnabled()
        qtbot.mouseClick(grid.buttons.save, Qt.MouseButton.LeftButton)
        return grid.result() == grid.DialogCode.Accepted

    monkeypatch.setattr(messages, "run_dialog", vote)
    buttons["Bình xét…"].click()
    assert _statuses(db, ids) == {"da_binh_xet": 32}
    assert sorted(tab.selected_ids()) == sorted(ids)  # still the 32

    def submission(form: RecordForm) -> bool:
        dialogs.append(form)
        values = {"number": "41/TTr-KTĐ3", "on": date(2026, 12, 10)}
        if "override" in form.inputs:
            values["override"] = "Hồ sơ đủ theo quy định của tỉnh"
        fill(qtbot, form, **values)
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        return form.result() == form.DialogCode.Accepted

    monkeypatch.setattr(messages, "run_dialog", submission)
    buttons["Trình…"].click()
    assert _statuses(db, ids) == {"da_trinh": 32}

    def decision(grid: DecisionGrid) -> bool:
        dialogs.append(grid)
        assert grid.issuer.text() and grid.table.rowCount() == 32
        grid.number.setText("512/QĐ-UBND")
        grid.on.setText("05/12/2026")  # before the tờ trình: refused in the dialog
        assert not grid.buttons.save.isEnabled() and "trước ngày tờ trình" in grid.problem.text()
        grid.on.setText("20/12/2026")
        outcome, _awarded = grid.rows[31]
        outcome.setCurrentIndex(outcome.findData("rejected"))
        assert grid.buttons.save.isEnabled(), grid.problem.text()
        qtbot.mouseClick(grid.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
        return grid.result() == grid.DialogCode.Accepted

    monkeypatch.setattr(messages, "run_dialog", decision)
    buttons["Quyết định…"].click()
    assert len(dialogs) == 3  # three dialogs for 32 people
    assert _statuses(db, ids) == {"da_khen": 31, "khong_duyet": 1}
    marks = ", ".join("?" * len(ids))
    awards = db.conn.execute(f"SELECT count(*) FROM awards WHERE proposal_id IN ({marks})", ids).fetchone()[0]
    assert awards == 31
    assert window.undo_stack.undoText() == "quyết định 512/QĐ-UBND cho 32 đề nghị"
    window.action_undo.trigger()  # one step undoes the whole decision
    assert _statuses(db, ids) == {"da_trinh": 32}
    assert (
        db.conn.execute(f"SELECT count(*) FROM awards WHERE proposal_id IN ({marks})", ids).fetchone()[0] == 0
    )
    assert "Đã hoàn tác: quyết định 512/QĐ-UBND cho 32 đề nghị" in window.statusBar().currentMessage()
    assert sorted(tab.selected_ids()) == sorted(ids)
    window.action_redo.trigger()
    assert _statuses(db, ids) == {"da_khen": 31, "khong_duyet": 1}
    assert "Đã làm lại" in window.statusBar().currentMessage()
    # undo back through the tờ trình and the vote: each its own named step
    window.action_undo.trigger()
    assert window.undo_stack.undoText() == "tờ trình 41/TTr-KTĐ3 cho 32 đề nghị"
    window.action_undo.trigger()
    window.action_undo.trigger()
    assert _statuses(db, ids) == {"du_thao": 32}


def test_a_step_is_offered_only_for_the_selections_steps_and_says_why_not(window, qtbot):
    """Issue 20, point 2: the step buttons follow the selection's states; a greyed one says
    in its tooltip why, before any dialog opens."""
    db = window.db
    drafts = [r[0] for r in db.conn.execute("SELECT id FROM proposals WHERE status = 'du_thao' LIMIT 2")]
    voted = db.conn.execute("SELECT id FROM proposals WHERE status = 'da_binh_xet' LIMIT 1").fetchone()[0]
    tab = window.show_list_tab(PROPOSALS)
    buttons = {b.text(): b for b in tab.detail_buttons}
    tab.select_ids(drafts)
    assert buttons["Bình xét…"].isEnabled() and not buttons["Trình…"].isEnabled()
    assert "“Dự thảo”" in buttons["Trình…"].toolTip() and "“Đã bình xét”" in buttons["Trình…"].toolTip()
    assert (
        not buttons["Trả lại đơn vị…"].isEnabled()
        and "Chọn một đề nghị" in buttons["Trả lại đơn vị…"].toolTip()
    )
    tab.select_ids([*drafts, voted])
    assert not buttons["Bình xét…"].isEnabled()
    assert buttons["Bình xét…"].toolTip() == (
        "Chỉ bình xét đề nghị ở bước “Dự thảo”; đang chọn đề nghị ở bước “Đã bình xét”."
    )
    tab.select_ids([voted])
    assert buttons["Trình…"].isEnabled() and "một tờ trình" in buttons["Trình…"].toolTip()


def test_columns_whose_meaning_is_not_obvious_explain_themselves(window):
    from PySide6.QtCore import Qt as QtNS

    model = window.show_list_tab(PROPOSALS).model
    tips = {model.headerData(i, QtNS.Orientation.Horizontal): model.headerData(
        i, QtNS.Orientation.Horizontal, QtNS.ItemDataRole.ToolTipRole) for i in range(model.columnCount())}  # fmt: skip
    assert "tổng số thành viên hội đồng" in tips["Phiếu"] and "đã cấp bằng" in tips["Trạng thái"]
