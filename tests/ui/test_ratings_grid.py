"""A person's ratings as one grid of years (issue 20, point 4): every year typed in one
dialog, kept in SQLite as typed, undone and redone as one step."""

from PySide6.QtCore import Qt

from thidua_desktop.domain.models import Rating, Sex
from thidua_desktop.store.records import individuals
from thidua_desktop.ui import messages
from thidua_desktop.ui.tabs.ratings_grid import RatingsGrid

PEOPLE = 2


def ratings(db, pid):
    return individuals.ratings(db, pid)


def test_ten_years_in_one_dialog_and_one_undo_step(window, qtbot, monkeypatch):
    db = window.db
    unit = db.conn.execute("SELECT id FROM units LIMIT 1").fetchone()[0]
    pid = individuals.create_individual(db, "Phạm Thị Mới", Sex.FEMALE, unit_id=unit, birth_year=1985)
    individuals.set_rating(db, 2014, Rating.GOOD, individual_id=pid)  # outside the ten years: shown too
    individuals.set_rating(db, 2022, Rating.COMPLETED, individual_id=pid)
    tab = window.show_list_tab(PEOPLE)
    tab.select_ids([pid])
    seen: list[RatingsGrid] = []

    def type_years(grid: RatingsGrid) -> bool:
        seen.append(grid)
        grid.show()
        qtbot.waitExposed(grid)
        grid.activateWindow()
        qtbot.waitUntil(grid.isActiveWindow)
        assert grid.years[0] == 2025 and 2014 in grid.years and len(grid.years) == 12
        assert grid.inputs[grid.years.index(2022)][0].currentData() == "HTNV"  # what was recorded
        first = grid.inputs[0][0]
        first.setFocus()
        for year in range(2025, 2020, -1):  # five years typed from the keyboard, Tab between cells
            rating, months = grid.inputs[grid.years.index(year)]
            assert rating.hasFocus()
            qtbot.keyClicks(rating, "HTX" if year != 2023 else "HTT")
            qtbot.keyClick(rating, Qt.Key.Key_Tab)
            assert months.hasFocus()
            if year == 2024:
                months.setValue(9)
            qtbot.keyClick(months, Qt.Key.Key_Tab)
        grid.inputs[grid.years.index(2014)][0].setCurrentIndex(0)  # a year removed
        grid.grab().save("/tmp/ratings-grid.png")
        return True

    monkeypatch.setattr(messages, "run_dialog", type_years)
    buttons = {b.text(): b for b in tab.detail_buttons}
    buttons["Xếp loại các năm…"].click()
    assert seen
    expected = {2025: ("HTXSNV", None), 2024: ("HTXSNV", 9), 2023: ("HTTNV", None),
                2022: ("HTXSNV", None), 2021: ("HTXSNV", None)}  # fmt: skip
    assert ratings(db, pid) == expected
    assert window.undo_stack.undoText().startswith("xếp loại năm 2014, 2021, 2022, 2023, 2024, 2025")
    window.undo_stack.undo()
    assert ratings(db, pid) == {2014: ("HTTNV", None), 2022: ("HTNV", None)}
    window.undo_stack.redo()
    assert ratings(db, pid) == expected


def test_nothing_changed_is_no_undo_step(window, qtbot, monkeypatch):
    tab = window.show_list_tab(PEOPLE)
    steps = window.undo_stack.count()
    monkeypatch.setattr(messages, "run_dialog", lambda grid: True)
    {b.text(): b for b in tab.detail_buttons}["Xếp loại các năm…"].click()
    assert window.undo_stack.count() == steps
