"""Công cụ → Tìm theo số văn bản… (Ctrl+Shift+F): type a decision or submission number
(marks and punctuation do not matter: "261/QD-UBND" finds "261/QĐ-UBND") and see the
proposals, the people and units, and the attachments it covers. Double-click a line to
go to its proposal in the proposals tab (a person or unit without one: to its own tab)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from thidua_desktop.domain.text import vn_number
from thidua_desktop.rules.catalogue import award_name
from thidua_desktop.store.dossier import find_paper as paper_search
from thidua_desktop.ui import formats as fmt
from thidua_desktop.ui import messages

UNITS, PEOPLE, PROPOSALS = 0, 2, 3  # MainWindow.list_tabs


def go_to(window, tab_index: int, row_id: int) -> bool:
    """Show the record in its tab: the tab's search and filters are cleared when they hide it."""
    tab = window.show_list_tab(tab_index)
    if tab.select_id(row_id):
        return True
    tab.search.blockSignals(True)
    tab.search.clear()
    tab.search.blockSignals(False)
    tab.model.set_search("")
    tab.fill_filters({key: None for key in tab.filter_widgets})
    if tab.select_id(row_id):
        return True
    messages.error(window, "Không đưa được bản ghi này ra danh sách (có thể đã bị xóa).")
    return False


def _count(shown: int, total: int) -> str:
    return vn_number(total) if shown >= total else f"{vn_number(shown)} đầu tiên / {vn_number(total)}"


def _table(headers: list[str], parent: QWidget) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, lines: list[tuple[tuple, list[str]]]) -> None:
    """Each line: its target (kept on the first cell) and its texts."""
    table.setRowCount(len(lines))
    for r, (target, texts) in enumerate(lines):
        for c, text in enumerate(texts):
            item = QTableWidgetItem("" if text is None else str(text))
            if c == 0:
                item.setData(Qt.ItemDataRole.UserRole, target)
            table.setItem(r, c, item)
    table.resizeColumnsToContents()
    table.horizontalHeader().setSectionResizeMode(table.columnCount() - 1, QHeaderView.ResizeMode.Stretch)


class FindPaperDialog(QDialog):
    def __init__(self, window):
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle("Tìm theo số văn bản")
        self.resize(980, 560)
        self.edit = QLineEdit(self)
        self.edit.setObjectName("number")
        self.edit.setPlaceholderText("Số quyết định, tờ trình, ví dụ 261/QĐ-UBND (gõ không dấu cũng được)")
        self.edit.setClearButtonEnabled(True)
        find = QPushButton("Tìm", self)
        find.setDefault(True)
        find.clicked.connect(self.search)
        self.edit.returnPressed.connect(self.search)
        self._timer = QTimer(self, singleShot=True, interval=250)
        self._timer.timeout.connect(self.search)
        self.edit.textEdited.connect(lambda _t: self._timer.start())
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.tabs = QTabWidget(self)
        self.proposals = _table(
            ["Cá nhân / tập thể", "Đơn vị", "Hình thức", "Năm", "Trạng thái", "Theo văn bản"], self
        )
        self.people = _table(["Cá nhân / tập thể", "Đối tượng", "Đơn vị", "Văn bản nhắc tới"], self)
        self.attachments = _table(["Loại tài liệu", "Số văn bản", "Ngày", "Tệp", "Thuộc hồ sơ"], self)
        for table in (self.proposals, self.people, self.attachments):
            table.doubleClicked.connect(lambda _i, t=table: self.activate(t))
        self.tabs.addTab(self.proposals, "Đề nghị")
        self.tabs.addTab(self.people, "Cá nhân, tập thể")
        self.tabs.addTab(self.attachments, "Tài liệu đính kèm")
        self.open_button = QPushButton("Mở tài liệu", self)
        self.open_button.clicked.connect(self.open_attachment)
        self.go_button = QPushButton("Đến đề nghị", self)
        self.go_button.clicked.connect(lambda: self.activate(self.tabs.currentWidget()))
        close = QPushButton("Đóng", self)
        close.clicked.connect(self.close)
        top = QHBoxLayout()
        top.addWidget(QLabel("Số văn bản:", self))
        top.addWidget(self.edit, 1)
        top.addWidget(find)
        bottom = QHBoxLayout()
        bottom.addWidget(QLabel("Nhấp đúp một dòng để đến đề nghị của nó.", self))
        bottom.addStretch(1)
        bottom.addWidget(self.go_button)
        bottom.addWidget(self.open_button)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        self.tabs.currentChanged.connect(self._tab_changed)
        self._tab_changed()
        self.hits = paper_search.PaperHits("")
        self.searching = False  # a search runs in a worker

    def _tab_changed(self, *_args) -> None:
        self.open_button.setVisible(self.tabs.currentWidget() is self.attachments)

    def search(self) -> None:
        """Look the number up in a worker, on a connection of its own (a province decision's
        46,773 proposals took half a second on the window's thread); a later search overtakes
        an earlier one still running."""
        from thidua_desktop.store.db import database_path, open_reader
        from thidua_desktop.ui.worker import run_task

        self._timer.stop()
        text = self.edit.text().strip()
        self._generation = generation = getattr(self, "_generation", 0) + 1
        path = database_path(self.window_.db)
        if path is None:  # a database in memory (tests): nothing a worker could open
            self._show(text, paper_search.find_paper(self.window_.db, text))
            return
        self.searching = True
        self.summary.setText(f"Đang tìm “{text}”…" if text else "")

        def find() -> paper_search.PaperHits:
            reader = open_reader(path)
            try:
                return paper_search.find_paper(reader, text)
            finally:
                reader.close()

        def done(hits: paper_search.PaperHits) -> None:
            if generation == self._generation:
                self.searching = False
                self._show(text, hits)

        def failed(exc: Exception) -> None:
            if generation == self._generation:
                self.searching = False
                self.summary.setText(f"Không tìm được: {exc}")

        run_task(find, done, failed)

    def _show(self, text: str, hits: paper_search.PaperHits) -> None:
        self.hits = hits
        _fill(self.proposals, [
            (("proposal", p["id"]), [p["nominee"], p["unit_name"], award_name(p["awarded_code"] or p["award_code"]),
                                     p["year"], fmt.status(p["status"]), p["matched"]])
            for p in hits.proposals
        ])  # fmt: skip
        _fill(self.people, [
            ((("proposal", e["proposal_id"]) if e["proposal_id"] else (e["kind"], e["id"])),
             [e["name"], "cá nhân" if e["kind"] == "ca_nhan" else "tập thể", e["unit"], "; ".join(e["via"])])
            for e in hits.people
        ])  # fmt: skip
        _fill(self.attachments, [
            ((("proposal", a["proposal_id"]) if a["proposal_id"] else ("tap_the", a["unit_id"])),
             [a["kind_label"], a["doc_number"], fmt.vn_date(a["doc_date"]), a["file_name"], a["owner"]])
            for a in hits.attachments
        ])  # fmt: skip
        self.tabs.setTabText(0, f"Đề nghị ({_count(len(hits.proposals), hits.proposals_total)})")
        self.tabs.setTabText(1, f"Cá nhân, tập thể ({_count(len(hits.people), hits.people_total)})")
        self.tabs.setTabText(2, f"Tài liệu đính kèm ({len(hits.attachments)})")
        if not text:
            self.summary.setText("")
        elif hits.empty:
            self.summary.setText(f"Không tìm thấy văn bản nào có số “{text}”.")
        else:
            self.summary.setText(
                f"“{text}”: {vn_number(hits.proposals_total)} đề nghị, {vn_number(hits.people_total)} cá nhân, tập thể, "
                f"{len(hits.attachments)} tài liệu đính kèm."
            )
            if not hits.proposals:
                self.tabs.setCurrentWidget(self.people if hits.people else self.attachments)

    def _target(self, table: QTableWidget):
        row = table.currentRow()
        if row < 0:
            return None
        return table.item(row, 0).data(Qt.ItemDataRole.UserRole)

    def activate(self, table: QTableWidget) -> None:
        target = self._target(table)
        if target is None:
            return
        kind, row_id = target
        tab = {"proposal": PROPOSALS, "ca_nhan": PEOPLE, "tap_the": UNITS}[kind]
        go_to(self.window_, tab, row_id)

    def open_attachment(self) -> None:
        from thidua_desktop.ui.dossier.attachments import open_attachment

        row = self.attachments.currentRow()
        if 0 <= row < len(self.hits.attachments):
            open_attachment(self, self.window_.db, self.hits.attachments[row]["id"])


def show(window) -> FindPaperDialog:
    """One dialog per window, kept open beside it while the user moves between results."""
    dialog = getattr(window, "_find_paper_dialog", None)
    if dialog is None:
        dialog = window._find_paper_dialog = FindPaperDialog(window)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    dialog.edit.setFocus()
    dialog.edit.selectAll()
    return dialog
