"""One table model for every list: rows come a page at a time from ``store.listing``
(filter, folded search, sort in SQL); the model never holds more than it has shown.

The number of matching rows is known at once when the first page is not full; otherwise
it is counted in a worker thread on its own connection, so rows appear without waiting
for the count."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlite_utils
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from thidua_desktop.store import listing as store_listing
from thidua_desktop.store.db import database_path
from thidua_desktop.store.listing import Listing
from thidua_desktop.ui.contrast import text_on
from thidua_desktop.ui.worker import cancel_if_waiting, run_task

RowIdRole = Qt.ItemDataRole.UserRole + 1
_Index = QModelIndex | QPersistentModelIndex


class RowsModel(QAbstractTableModel):
    """A read-only table over a list held in memory (an import preview, suggested nominees, a
    year's ledger): ``HEADERS`` names the columns, a subclass answers ``data`` for the cells
    shown. A model, not a table of items: tens of thousands of rows show at once."""

    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent=None, *, rows: list | None = None):
        super().__init__(parent)
        self.rows: list = rows if rows is not None else []

    def set_rows(self, rows: list) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None


def _text(value: Any) -> str:
    return "" if value is None else str(value)


@dataclass(frozen=True)
class ColumnView:
    """How a listing column shows: its header, a formatter from the stored value and,
    optionally, a background colour chosen from the value."""

    key: str
    title: str
    format: Callable[[Any], str] = _text
    align_right: bool = False
    width: int = 0  # initial width in pixels; 0 = Qt's default
    color: Callable[[Any], str | None] | None = None
    tip: str = ""  # what a column whose meaning is not obvious holds, on its header


class PagedTableModel(QAbstractTableModel):
    PAGE_SIZE = 200
    #: the number of matching rows is known (or changed): carries it
    total_changed = Signal(int)

    def __init__(self, db: sqlite_utils.Database, listing: Listing, columns: list[ColumnView], parent=None):
        super().__init__(parent)
        self._db = db
        self._listing = listing
        self._columns = columns
        # position of each shown column in the fetched tuples
        self._positions = [listing.keys.index(c.key) for c in columns]
        self._rows: list[tuple] = []
        self._more = False  # the last page fetched was full
        self._total: int | None = None
        self._generation = 0  # ignores counts that arrive for an older search
        self._count_task = None
        self._search = ""
        self._filters: dict[str, Any] = {}
        self._sort_key: str | None = None
        self._descending = False
        self.reload()

    # --- what the view shows -------------------------------------------------------------
    @property
    def listing(self) -> Listing:
        return self._listing

    @property
    def columns(self) -> list[ColumnView]:
        return self._columns

    @property
    def total(self) -> int | None:
        """Rows matching the search and filters; None while they are being counted."""
        return self._total

    @property
    def filters(self) -> dict[str, Any]:
        return dict(self._filters)

    @property
    def db(self) -> sqlite_utils.Database:
        return self._db

    def query(self) -> dict[str, Any]:
        """What the rows are fetched with: search, filters, sort, descending (an export of
        the list uses the same)."""
        return {"search": self._search, "filters": dict(self._filters), "sort": self._sort_key,
                "descending": self._descending}  # fmt: skip

    def set_database(self, db: sqlite_utils.Database) -> None:
        self._db = db
        self.reload()

    def detach(self) -> None:
        """Forget counts still running: their database is closing."""
        self._generation += 1
        cancel_if_waiting(self._count_task)

    def set_search(self, text: str) -> None:
        if text != self._search:
            self._search = text
            self.reload()

    def set_filters(self, filters: dict[str, Any]) -> None:
        filters = {k: v for k, v in filters.items() if v not in (None, "")}
        if filters != self._filters:
            self._filters = filters
            self.reload()

    def reload(self, *, keep_loaded: bool = False) -> None:
        """Fetch the rows again; ``keep_loaded`` fetches as many as were loaded (after an
        edit or an undo the view stays where the user was)."""
        self._generation += 1
        pages = max(1, -(-len(self._rows) // self.PAGE_SIZE)) if keep_loaded else 1
        self.beginResetModel()
        self._rows = self._fetch(0, limit=pages * self.PAGE_SIZE)
        self._more = len(self._rows) == pages * self.PAGE_SIZE
        self._total = None if self._more else len(self._rows)
        self.endResetModel()
        if self._total is None:
            self._count_in_background()
        else:
            self.total_changed.emit(self._total)

    def _count_in_background(self) -> None:
        generation = self._generation
        path = database_path(self._db)
        listing, search, filters = self._listing, self._search, dict(self._filters)

        def done(total: int) -> None:
            if generation == self._generation:
                self._total = total
                self.total_changed.emit(total)

        def failed(_exc: Exception) -> None:  # e.g. the file was closed meanwhile
            if generation == self._generation:
                done(store_listing.count(self._db, listing, search=search, filters=filters))

        cancel_if_waiting(self._count_task)  # a count for the previous keystroke
        self._count_task = run_task(
            lambda: store_listing.count_in_file(path, listing, search=search, filters=filters),
            done,
            failed,
        )

    def row_id(self, row: int) -> int | None:
        return self._rows[row][-1] if 0 <= row < len(self._rows) else None

    def position_of(self, row_id: int) -> int | None:
        """Where ``row_id`` stands in the whole filtered, sorted list (None: not in it)."""
        return store_listing.position(
            self._db, self._listing, row_id, search=self._search, filters=self._filters,
            sort=self._sort_key, descending=self._descending,
        )  # fmt: skip

    def row_of(self, row_id: int) -> int | None:
        """The row showing ``row_id`` among those loaded, or None."""
        for i, r in enumerate(self._rows):
            if r[-1] == row_id:
                return i
        return None

    def row_values(self, row: int) -> dict[str, Any]:
        return dict(zip(self._listing.keys, self._rows[row], strict=False))

    def _fetch(self, offset: int, limit: int | None = None) -> list[tuple]:
        return store_listing.fetch(
            self._db,
            self._listing,
            search=self._search,
            filters=self._filters,
            sort=self._sort_key,
            descending=self._descending,
            offset=offset,
            limit=limit or self.PAGE_SIZE,
        )

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
            return column.format(self._rows[index.row()][self._positions[index.column()]])
        if role == Qt.ItemDataRole.ToolTipRole:  # long texts are cut in the cell
            text = column.format(self._rows[index.row()][self._positions[index.column()]])
            return text if len(text) > 30 else None
        if (
            role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole)
            and column.color is not None
        ):
            colour = column.color(self._rows[index.row()][self._positions[index.column()]])
            if not colour:
                return None
            # the cell keeps its colour in a dark palette: its text is chosen against it
            return QColor(colour) if role == Qt.ItemDataRole.BackgroundRole else text_on(QColor(colour))
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == RowIdRole:
            return self._rows[index.row()][-1]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal:
            return self._columns[section].tip or None if 0 <= section < len(self._columns) else None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            return self._columns[section].title
        if orientation == Qt.Orientation.Vertical:
            return section + 1
        return None

    def load_until(self, count: int) -> None:
        """Load rows until at least ``count`` are loaded (or the list ends), in one query."""
        if count <= len(self._rows) or not self._more:
            return
        pages = -(-count // self.PAGE_SIZE)
        wanted = pages * self.PAGE_SIZE - len(self._rows)
        more = self._fetch(len(self._rows), limit=wanted)
        self._more = len(more) == wanted
        if more:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
            self._rows.extend(more)
            self.endInsertRows()

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:
        return not parent.isValid() and self._more

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:
        if parent.isValid() or not self._more:
            return
        more = self._fetch(len(self._rows))
        self._more = len(more) == self.PAGE_SIZE
        if not more:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def sort_state(self) -> tuple[int, Qt.SortOrder]:
        """The column the rows are sorted by, and the order, as the header shows them."""
        key = self._sort_key or self._listing.default_sort
        keys = [c.key for c in self._columns]
        column = keys.index(key) if key in keys else -1
        order = Qt.SortOrder.DescendingOrder if self._descending else Qt.SortOrder.AscendingOrder
        return column, order

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self._columns):
            return
        key = self._columns[column].key
        if self._listing.column(key).sort_sql is None:
            return
        self._sort_key = key
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.reload()
