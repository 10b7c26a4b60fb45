"""One table model for every list: rows come a page at a time from ``store.listing``
(filter, folded search, sort in SQL); the model never holds more than it has shown."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlite_utils
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from thidua_desktop.store import listing as store_listing
from thidua_desktop.store.listing import Listing

RowIdRole = Qt.ItemDataRole.UserRole + 1
_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class ColumnView:
    """How a listing column shows: its header and a formatter from the stored value."""

    key: str
    title: str
    format: Callable[[Any], str] = lambda v: "" if v is None else str(v)
    align_right: bool = False
    width: int = 0  # initial width in pixels; 0 = fit the header


class PagedTableModel(QAbstractTableModel):
    PAGE_SIZE = 200

    def __init__(self, db: sqlite_utils.Database, listing: Listing, columns: list[ColumnView], parent=None):
        super().__init__(parent)
        self._db = db
        self._listing = listing
        self._columns = columns
        # position of each shown column in the fetched tuples
        self._positions = [listing.keys.index(c.key) for c in columns]
        self._rows: list[tuple] = []
        self._total = 0
        self._search = ""
        self._filters: dict[str, Any] = {}
        self._sort_key: str | None = None
        self._descending = False
        self.reload()

    # --- what the view shows -------------------------------------------------------------
    @property
    def columns(self) -> list[ColumnView]:
        return self._columns

    @property
    def total(self) -> int:
        """Rows matching the current search and filters (not only those loaded)."""
        return self._total

    def set_database(self, db: sqlite_utils.Database) -> None:
        self._db = db
        self.reload()

    def set_search(self, text: str) -> None:
        if text != self._search:
            self._search = text
            self.reload()

    def set_filters(self, filters: dict[str, Any]) -> None:
        if filters != self._filters:
            self._filters = dict(filters)
            self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._total = store_listing.count(self._db, self._listing, search=self._search, filters=self._filters)
        self._rows = self._fetch(0)
        self.endResetModel()

    def row_id(self, row: int) -> int | None:
        return self._rows[row][-1] if 0 <= row < len(self._rows) else None

    def row_values(self, row: int) -> dict[str, Any]:
        return dict(zip(self._listing.keys, self._rows[row], strict=False))

    def _fetch(self, offset: int) -> list[tuple]:
        return store_listing.fetch(
            self._db, self._listing, search=self._search, filters=self._filters,
            sort=self._sort_key, descending=self._descending, offset=offset, limit=self.PAGE_SIZE,
        )  # fmt: skip

    # --- QAbstractTableModel -----------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = self._rows[index.row()][self._positions[index.column()]]
            return column.format(value)
        if role == Qt.ItemDataRole.ToolTipRole:  # long texts are cut in the cell
            text = column.format(self._rows[index.row()][self._positions[index.column()]])
            return text if len(text) > 30 else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == RowIdRole:
            return self._rows[index.row()][-1]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            return self._columns[section].title
        if orientation == Qt.Orientation.Vertical:
            return section + 1
        return None

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:
        if parent.isValid():
            return
        more = self._fetch(len(self._rows))
        if not more:
            self._total = len(self._rows)  # the table shrank under us
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self._columns):
            return
        key = self._columns[column].key
        if self._listing.column(key).sort_sql is None:
            return
        self._sort_key = key
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.reload()

    def is_sortable(self, column: int) -> bool:
        return self._listing.column(self._columns[column].key).sort_sql is not None
