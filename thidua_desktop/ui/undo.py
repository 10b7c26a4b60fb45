"""Undo and redo of record edits. The first action runs before its command is pushed (so
an error reaches the user as a message); the command then knows how to reverse and
replay it through the store."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand, QUndoGroup, QUndoStack
from PySide6.QtWidgets import QTabWidget, QWidget

from thidua_desktop.store.errors import ConstraintError, StoreError

if TYPE_CHECKING:  # the store (sqlite-utils) is read once a file is open, after the first frame
    import sqlite_utils

    from thidua_desktop.store import rows

DbGetter = Callable[[], "sqlite_utils.Database"]


def _rows():
    from thidua_desktop.store import rows

    return rows


class _Command(QUndoCommand):
    def __init__(self, text: str, db: DbGetter, on_change: Callable[[], None], on_error):
        super().__init__(text)
        self._db = db
        self._on_change = on_change
        self._on_error = on_error
        self._first = True

    def _run(self, action: Callable[[], None]) -> None:
        try:
            action()
        except StoreError as exc:  # e.g. someone added a record that depends on it
            self._on_error(str(exc))
            self.setObsolete(True)
        self._on_change()

    def redo(self) -> None:
        if self._first:  # already done before the push
            self._first = False
            return
        self._run(self.do)

    def undo(self) -> None:
        self._run(self.reverse)

    # subclasses define do() (replay) and reverse() (undo)

    # -- the rows a command wrote, as its own write left them (rows.state_of) --
    _stamped: tuple[str, list[int]] | None = None

    def _stamp(self, table: str, row_ids: list[int]) -> None:
        """Remember the rows as this command's own write left them."""
        self._stamped = (table, list(row_ids))
        self._mark = self._fingerprint()

    def _check_stamp(self) -> None:
        """Refuse (StoreError, nothing changed) when someone else wrote these rows since this
        command did: the window's undo never reverses rows it did not write."""
        if self._stamped is not None and self._fingerprint() != self._mark:
            raise ConstraintError(_rows().CHANGED_ELSEWHERE)

    def _restamp(self) -> None:
        if self._stamped is not None:
            self._mark = self._fingerprint()

    def _fingerprint(self) -> dict[int, int]:
        """A hash of each row's values: 26,000 suggested proposals kept as numbers, not rows."""
        return {i: hash(tuple(r.items())) for i, r in _rows().state_of(self._db(), *self._stamped).items()}


class InsertCommand(_Command):
    def __init__(self, text, db, table: str, row_id: int, on_change, on_error):
        super().__init__(text, db, on_change, on_error)
        self.table, self.row_id = table, row_id
        self.snapshot: rows.Snapshot | None = None
        self._stamp(table, [row_id])

    def reverse(self) -> None:
        self._check_stamp()
        self.snapshot = _rows().take(self._db(), self.table, self.row_id)
        self._restamp()

    def do(self) -> None:
        self._check_stamp()
        _rows().restore(self._db(), self.snapshot)
        self._restamp()


class InsertManyCommand(_Command):
    """Rows inserted together (the proposals made from a suggestion), undone and redone as
    one step, all or nothing, with one refresh of the lists (one command per row refreshed
    the proposals tab once per row)."""

    def __init__(self, text, db, table: str, row_ids: list[int], on_change, on_error):
        super().__init__(text, db, on_change, on_error)
        self.table, self.row_ids = table, list(row_ids)
        self.snapshots: list[rows.Snapshot] = []
        self._stamp(table, self.row_ids)

    def reverse(self) -> None:
        self._check_stamp()
        db = self._db()
        self.snapshots = _rows().take_many(db, self.table, self.row_ids)
        self._restamp()

    def do(self) -> None:
        self._check_stamp()
        db = self._db()
        _rows().restore_many(db, self.snapshots)
        self._restamp()


class UpdateCommand(_Command):
    def __init__(
        self, text, db, row_id: int, update: Callable[[sqlite_utils.Database, int, dict], None],
        old: dict[str, Any], new: dict[str, Any], on_change, on_error, *, table: str | None = None,
    ):  # fmt: skip
        super().__init__(text, db, on_change, on_error)
        self.row_id, self.update, self.old, self.new = row_id, update, old, new
        if table is not None:  # the row's audit stamp: never undo over someone else's later edit
            self._stamp(table, [row_id])

    def do(self) -> None:
        self._check_stamp()
        self.update(self._db(), self.row_id, self.new)
        self._restamp()

    def reverse(self) -> None:
        self._check_stamp()
        self.update(self._db(), self.row_id, self.old)
        self._restamp()


class StateCommand(_Command):
    """An operation that changed a few known groups of rows (a rename, a merge, a new
    registration): undo puts the rows back as they were, redo as they became."""

    def __init__(self, text, db, before, after, on_change, on_error, *, after_restore=None):
        super().__init__(text, db, on_change, on_error)
        self.before, self.after = before, after
        self.after_restore = after_restore  # e.g. recompute proposals of a renamed unit

    def _put(self, expected, state) -> None:
        _rows().put_back_if(self._db(), expected, state)  # never over rows another program wrote since
        if self.after_restore is not None:
            self.after_restore(self._db())

    def do(self) -> None:
        self._put(self.before, self.after)

    def reverse(self) -> None:
        self._put(self.after, self.before)


class DeleteCommand(_Command):
    def __init__(self, text, db, snapshot: rows.Snapshot, on_change, on_error):
        super().__init__(text, db, on_change, on_error)
        self.snapshot = snapshot

    def do(self) -> None:
        self.snapshot = _rows().take(self._db(), self.snapshot.table, self.snapshot.row["id"])

    def reverse(self) -> None:
        _rows().restore(self._db(), self.snapshot)


class TabStacks(QUndoGroup):
    """One undo stack per tab (issue 21): the group's active stack is the shown tab's, so
    Ctrl+Z undoes what the user sees done there, never a change in another tab."""

    def __init__(self, tabs: QTabWidget) -> None:
        super().__init__(tabs)
        self.tabs = tabs
        self._stacks: dict[QWidget, QUndoStack] = {}
        tabs.currentChanged.connect(lambda _i: self.setActiveStack(self.of(tabs.currentWidget())))
        self.setActiveStack(self.of(tabs.currentWidget()))

    def of(self, page: QWidget | None) -> QUndoStack:
        """The undo stack of the tab whose page is ``page``."""
        if page not in self._stacks:
            stack = self._stacks[page] = QUndoStack(self)
            self.addStack(stack)
        return self._stacks[page]

    def clear(self) -> None:
        """Every tab's steps forgotten (another file opened, a restore)."""
        for stack in self._stacks.values():
            stack.clear()
