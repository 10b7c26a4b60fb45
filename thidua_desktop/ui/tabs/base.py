"""A tab that lists one kind of record: search box (debounced, folded), table view
over a paged model, and the count of matching rows."""

from __future__ import annotations

import sqlite_utils
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from thidua_desktop.domain.text import vn_number
from thidua_desktop.store.listing import Listing
from thidua_desktop.ui.table_model import ColumnView, PagedTableModel

SEARCH_DELAY_MS = 40  # a pause between keystrokes; each query takes well under 100 ms


class SearchBox(QLineEdit):
    """A line edit that Esc clears."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        super().keyPressEvent(event)


class ListTab(QWidget):
    """One record list. ``count_changed`` carries the status-bar text."""

    count_changed = Signal(str)

    def __init__(self, db: sqlite_utils.Database, listing: Listing, columns: list[ColumnView],
                 *, noun: str, placeholder: str, parent: QWidget | None = None):  # fmt: skip
        super().__init__(parent)
        self.noun = noun
        self.model = PagedTableModel(db, listing, columns, self)

        self.search = SearchBox(self)
        self.search.setPlaceholderText(placeholder)
        self.search.setClearButtonEnabled(True)
        self.search.setObjectName("search")
        self._debounce = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self._apply_search)
        self.search.textChanged.connect(self._debounce.start)

        self.count_label = QLabel(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("Tìm:", self))
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)

        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.verticalHeader().setVisible(False)
        header = self.view.horizontalHeader()
        header.setSectionsMovable(True)
        header.setStretchLastSection(True)
        # Qt's default indicator is descending on column 0: show the listing's own order.
        default = [c.key for c in columns].index(listing.default_sort)
        header.setSortIndicator(default, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)
        header.sortIndicatorChanged.connect(self._keep_true_sort_indicator)
        for i, column in enumerate(columns):
            if column.width:
                self.view.setColumnWidth(i, column.width)

        self.columns_fitted = False  # set when the user's own widths were restored
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        self.model.total_changed.connect(self._update_count)
        self._update_count()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self.columns_fitted:
            QTimer.singleShot(0, self.fit_columns)

    def fit_columns(self) -> None:
        """The first time the list is shown (no widths of the user's own): every column in
        view, the wide ones narrowed in proportion to what they have over their header, so a
        1366×768 laptop sees the status column at the end without scrolling."""
        if self.columns_fitted or not self.view.isVisible():
            return
        self.columns_fitted = True
        header = self.view.horizontalHeader()
        available = self.view.viewport().width() - 2
        count = header.count()
        widths = [header.sectionSize(i) for i in range(count)]
        # a column keeps its header's width and at least 30 % of its own (names stay readable)
        least = [min(widths[i], max(header.sectionSizeFromContents(i).width() + 6, int(widths[i] * 0.3)))
                 for i in range(count)]  # fmt: skip
        excess = sum(widths) - available
        slack = [w - m for w, m in zip(widths, least, strict=True)]
        if excess <= 0 or sum(slack) <= 0:
            return
        share = min(1.0, excess / sum(slack))
        for i in range(count - 1):  # the last column stretches into what is left
            header.resizeSection(i, int(widths[i] - slack[i] * share))

    def _keep_true_sort_indicator(self, _column: int, _order: Qt.SortOrder) -> None:
        """A column that cannot be sorted must not show the arrow: put it back."""
        column, order = self.model.sort_state()
        header = self.view.horizontalHeader()
        if (header.sortIndicatorSection(), header.sortIndicatorOrder()) != (column, order):
            header.blockSignals(True)
            header.setSortIndicator(column, order)
            header.blockSignals(False)

    def set_database(self, db: sqlite_utils.Database) -> None:
        self.model.set_database(db)

    def shutdown(self) -> None:
        """The database is about to close: no search or count may reach it any more."""
        self._debounce.stop()
        self.model.detach()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _apply_search(self) -> None:
        self.model.set_search(self.search.text())

    def _update_count(self, _total: int | None = None) -> None:
        total = self.model.total
        if total is None:
            text = f"Đang đếm {self.noun}…"
            self.count_label.setText(text)
            self.count_changed.emit(text)
            return
        text = f"{vn_number(total)} {self.noun}"
        if self.search.text().strip():
            text = f"Tìm thấy {text}"
        self.count_label.setText(text)
        self.count_changed.emit(text)
