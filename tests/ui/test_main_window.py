import pytest
from PySide6.QtCore import QSettings, Qt

from thidua_desktop.store import open_database
from thidua_desktop.ui import messages
from thidua_desktop.ui.main_window import MainWindow
from thidua_desktop.ui.settings import Settings

TAB_TITLES = ["Đơn vị thành viên", "Phong trào thi đua", "Cá nhân điển hình", "Đề nghị khen thưởng"]


@pytest.fixture
def settings(tmp_path):
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def window(qtbot, sample_path, settings):
    win = MainWindow(open_database(sample_path), settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win


def cell_texts(view, column):
    model = view.model()
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_main_window_shows_the_eight_units_of_the_sample(window):
    assert [window.tabs.tabText(i) for i in range(4)] == TAB_TITLES
    units_view = window.list_tabs[0].view
    names = cell_texts(units_view, 1)
    assert len(names) == 8
    assert "Bộ Chỉ huy Bộ đội Biên phòng tỉnh" in names and "Thanh tra tỉnh" in names
    assert window.count_label.text() == "8 đơn vị"


def test_every_tab_lists_its_records(window, qtbot):
    for i, tab in enumerate(window.list_tabs):
        window.tabs.setCurrentIndex(i)
        assert tab.model.rowCount() > 0, TAB_TITLES[i]
        assert window.count_label.text() == tab.count_label.text()


def test_models_pass_qtmodeltester(window, qtmodeltester):
    for tab in window.list_tabs:
        qtmodeltester.check(tab.model)


def test_people_page_in_and_sort_vietnamese_way(window, qtbot):
    tab = window.list_tabs[2]
    model = tab.model
    assert model.rowCount() == model.PAGE_SIZE
    qtbot.waitUntil(lambda: model.total == 320)  # counted in a worker thread
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 320
    from thidua_desktop.domain.text import person_sort_key

    names = cell_texts(tab.view, 0)
    assert names == sorted(names, key=person_sort_key)


def test_search_ignores_case_and_marks(window, qtbot):
    tab = window.list_tabs[2]
    qtbot.keyClicks(tab.search, "thang")
    qtbot.waitUntil(lambda: (tab.model.total or 320) < 320)
    names = cell_texts(tab.view, 0)
    assert names and all("Thắng" in n for n in names)
    assert f"Tìm thấy {tab.model.total} cá nhân" == tab.count_label.text()
    qtbot.keyClick(tab.search, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: tab.model.total == 320)


def test_state_is_remembered(qtbot, sample_path, settings):
    first = MainWindow(open_database(sample_path), settings)
    qtbot.addWidget(first)
    first.tabs.setCurrentIndex(3)
    first.close()
    assert settings.recent_files()[0] == sample_path
    second = MainWindow(open_database(sample_path), settings)
    qtbot.addWidget(second)
    assert second.tabs.currentIndex() == 3
    second.close()


def test_opening_a_bad_file_keeps_the_current_one(window, tmp_path, monkeypatch):
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"not a database at all" * 50)
    shown = []
    monkeypatch.setattr(messages, "error", lambda parent, text, title="": shown.append(text))
    assert window.open_path(bad) is False
    assert shown and "không phải là cơ sở dữ liệu SQLite" in shown[0]
    assert len(cell_texts(window.list_tabs[0].view, 1)) == 8
    assert bad.read_bytes() == b"not a database at all" * 50


def test_new_database_offers_the_sample(window, tmp_path, monkeypatch, qtbot):
    target = tmp_path / "moi.sqlite"
    monkeypatch.setattr(messages, "save_file", lambda *a, **k: target)
    monkeypatch.setattr(messages, "ask", lambda *a, **k: True)
    window.new_database()
    assert window.db_path == target
    assert window.list_tabs[0].model.total == 8
    assert window.windowTitle().startswith("moi.sqlite")


def test_clicking_a_column_that_cannot_sort_keeps_the_true_arrow(window):
    tab = window.list_tabs[0]
    header = tab.view.horizontalHeader()
    status_column = [c.key for c in tab.model.columns].index("status")
    header.setSortIndicator(status_column, Qt.SortOrder.AscendingOrder)
    name_column = [c.key for c in tab.model.columns].index("name")
    assert header.sortIndicatorSection() == name_column


def test_details_of_a_tab_behind_another_wait_until_it_is_shown(window, qtbot):
    window.tabs.setCurrentIndex(0)
    proposals = window.list_tabs[3]
    qtbot.waitUntil(lambda: proposals.model.rowCount() > 0)
    proposals._detail_timer.stop()
    proposals._update_details()  # as the timer would, while the tab is hidden
    assert proposals._details_stale and proposals.detail.toPlainText() == ""
    window.tabs.setCurrentIndex(3)
    qtbot.waitUntil(lambda: proposals.detail.toPlainText() != "")
    assert not proposals._details_stale


def test_f1_shows_the_users_guide_from_docs_one_text_for_both(window, qtbot, tmp_path):
    import re
    from pathlib import Path

    guide = (Path(__file__).resolve().parents[2] / "docs" / "huong-dan-su-dung.md").read_text(
        encoding="utf-8"
    )
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus[-1] == "&Trợ giúp"
    qtbot.keyClick(window, Qt.Key.Key_F1)
    dialog = window._guide_dialog
    qtbot.waitUntil(dialog.isVisible)
    shown = dialog.browser.toPlainText()
    headings = re.findall(r"(?m)^## (.+)$", guide)
    assert len(headings) >= 10 and all(h in shown for h in headings)  # the whole guide, rendered
    assert "##" not in shown and "**" not in shown  # as formatted text, not markdown source
    screen = dialog.screen().availableGeometry()
    assert dialog.width() <= screen.width() and dialog.height() <= screen.height()
    dialog.grab().save(str(tmp_path / "huong-dan.png"))
    qtbot.keyClick(window, Qt.Key.Key_F1)  # again: the same window comes to the front
    assert window._guide_dialog is dialog
    dialog.close()


def test_every_button_in_the_window_says_what_it_does_on_hover(window, qtbot):
    """Issue 20, point 6: a tooltip on every button of every tab (the cluster's pages too)."""
    from PySide6.QtWidgets import QAbstractButton, QCheckBox, QRadioButton

    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        qtbot.wait(10)
    buttons = [
        b
        for b in window.findChildren(QAbstractButton)
        if b.text()
        and not isinstance(b, (QCheckBox, QRadioButton))
        and b.parent() is not window.tabs.tabBar()
    ]
    assert len(buttons) > 30
    assert [b.text() for b in buttons if not b.toolTip()] == []


def test_ctrl_z_undoes_only_what_the_tab_shown_did(window, qtbot, monkeypatch):
    """Issue 21, point 3: each tab has its own undo stack. A person renamed in the people tab
    is not undone by Ctrl+Z in the proposals tab or on the cluster's year (whose ballot list
    once undid a membership); back in the people tab, Ctrl+Z undoes it; the menu names the
    step of the tab shown."""
    from helpers import answer_dialog

    people = window.show_list_tab(2)
    pid = people.selected_id()
    old = window.db.conn.execute("SELECT full_name FROM individuals WHERE id = ?", (pid,)).fetchone()[0]
    answer_dialog(monkeypatch, qtbot, full_name="Tên Đã Sửa")
    people.edit_selected()

    def name():
        return window.db.conn.execute("SELECT full_name FROM individuals WHERE id = ?", (pid,)).fetchone()[0]

    assert name() == "Tên Đã Sửa" and window.action_undo.isEnabled()
    for elsewhere in (lambda: window.show_list_tab(3), lambda: window.show_cluster_year()):
        elsewhere()
        assert not window.action_undo.isEnabled()  # nothing done here
        qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert name() == "Tên Đã Sửa"
    window.show_list_tab(2)
    assert window.action_undo.isEnabled() and "Tên Đã Sửa" in window.action_undo.text()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert name() == old
