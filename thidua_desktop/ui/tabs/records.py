"""A list tab that edits its records: add, edit, delete with undo, filters that fit the
tab, and a panel showing the selected record's details and history."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils
from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from thidua_desktop.store import StoreError, rows
from thidua_desktop.store.listing import Listing
from thidua_desktop.ui import messages
from thidua_desktop.ui.forms import Field, RecordForm
from thidua_desktop.ui.table_model import ColumnView
from thidua_desktop.ui.tabs.base import ListTab
from thidua_desktop.ui.undo import DeleteCommand, InsertCommand, StateCommand, UpdateCommand

Db = sqlite_utils.Database


@dataclass
class FilterSpec:
    """A filter of the tab: a drop-down ("Tất cả" first) or a check box."""

    key: str
    label: str
    choices: Callable[[Db], list[tuple[Any, str]]] | None = None  # None: a check box
    default: Callable[[Db], Any] | None = None


@dataclass
class DetailAction:
    text: str
    run: Callable[[RecordTab, int], None]
    tip: str = ""  # what the button does, shown on hover
    # why it cannot act on the selected records now ("" when it can): the button is greyed
    # and its tooltip says why, before any dialog opens
    refuse: Callable[[RecordTab, list[int]], str] | None = None


@dataclass
class RecordSpec:
    table: str
    noun: str  # "cá nhân"
    fields: Callable[[Db, int | None], list[Field]]
    load: Callable[[Db, int], tuple[dict[str, Any], dict[str, str]]]  # values, labels
    create: Callable[[Db, dict[str, Any]], int]
    update: Callable[[Db, int, dict[str, Any]], None]
    describe: Callable[[Db, int], str]  # 'cá nhân “Nguyễn Văn An”'
    warn: Callable[[Db, dict[str, Any], int | None], str | None] | None = None
    info: Callable[[Db, dict[str, Any], int | None], str] | None = None  # live, as rich text
    filters: list[FilterSpec] = field(default_factory=list)
    detail: Callable[[Db, int], str] | None = None  # HTML of the selected record
    detail_actions: list[DetailAction] = field(default_factory=list)
    # values the form implies (a birth year from the birth date), before they are saved
    prepare: Callable[[dict[str, Any]], dict[str, Any]] = lambda values: values
    # what a new record's form starts with (the working year, the usual award)
    defaults: Callable[[Db], dict[str, Any]] | None = None


class RecordTab(ListTab):
    def __init__(
        self,
        db: Db,
        listing: Listing,
        columns: list[ColumnView],
        spec: RecordSpec,
        undo_stack: QUndoStack,
        *,
        placeholder: str,
        parent: QWidget | None = None,
    ):
        super().__init__(db, listing, columns, noun=spec.noun, placeholder=placeholder, parent=parent)
        self.spec = spec
        self.undo_stack = undo_stack
        self._refreshing = False

        # toolbar: actions and filters
        bar = QHBoxLayout()
        self.add_button = QPushButton("Thêm…", self)
        self.edit_button = QPushButton("Sửa…", self)
        self.delete_button = QPushButton("Xóa", self)
        self.add_button.setToolTip("Thêm mới (Ctrl+N)")
        self.edit_button.setToolTip("Sửa dòng đang chọn (Enter)")
        self.delete_button.setToolTip("Xóa dòng đang chọn (Delete)")
        self.add_button.clicked.connect(self.new_record)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        for b in (self.add_button, self.edit_button, self.delete_button):
            bar.addWidget(b)
        bar.addSpacing(16)
        self.filter_widgets: dict[str, QWidget] = {}
        for f in spec.filters:
            if f.choices is None:
                w = QCheckBox(f.label, self)
                w.toggled.connect(self._apply_filters)
            else:
                bar.addWidget(QLabel(f.label + ":", self))
                w = QComboBox(self)
                w.setMinimumContentsLength(8)
                w.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
                w.currentIndexChanged.connect(self._apply_filters)
            w.setObjectName(f"filter_{f.key}")
            bar.addWidget(w)
            self.filter_widgets[f.key] = w
        bar.addStretch(1)
        self.layout().insertLayout(1, bar)

        # the table beside the details of the selected record
        self.detail = QTextBrowser(self)
        self.detail.setOpenLinks(False)
        self.detail.setMinimumWidth(280)
        detail_box = QWidget(self)
        detail_layout = QVBoxLayout(detail_box)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.detail, 1)
        self.detail_buttons: list[QPushButton] = []
        grid = QGridLayout()  # two buttons a row when many: the details keep their height, the list its width
        grid.setSpacing(4)
        for n, action in enumerate(spec.detail_actions):
            button = QPushButton(action.text, detail_box)
            button.clicked.connect(lambda _=False, a=action: self._run_detail_action(a))
            per_row = 2 if len(spec.detail_actions) > 3 else 1
            grid.addWidget(button, n // per_row, n % per_row)
            self.detail_buttons.append(button)
        detail_layout.addLayout(grid)
        detail_box.setMaximumWidth(460)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.layout().removeWidget(self.view)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(detail_box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter_sized = False  # set when the user's own split was restored
        self.layout().addWidget(self.splitter, 1)
        if spec.detail is None and not spec.detail_actions:
            detail_box.hide()

        self.view.doubleClicked.connect(lambda _i: self.edit_selected())
        self.view.installEventFilter(self)  # Enter edits, Delete deletes
        self._detail_timer = QTimer(self, singleShot=True, interval=0)
        self._detail_timer.timeout.connect(self._update_details)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.modelReset.connect(self._select_first_if_none)
        self.fill_filters()
        self._select_first_if_none()

    def fit_columns(self) -> None:
        """First shown: the details take about a quarter of the width (280–400 px), then the
        list's columns fit what is left."""
        if not self.splitter_sized and self.splitter.isVisible() and self.splitter.widget(1).isVisible():
            self.splitter_sized = True
            total = self.splitter.width()
            detail = max(280, min(400, total // 4))
            self.splitter.setSizes([total - detail, detail])
            QTimer.singleShot(0, lambda: ListTab.fit_columns(self))  # once the list has its new width
            return
        super().fit_columns()

    def eventFilter(self, watched, event) -> bool:
        if watched is self.view and event.type() == QEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.edit_selected()
                return True
            if event.key() == Qt.Key.Key_Delete:
                self.delete_selected()
                return True
        return super().eventFilter(watched, event)

    # --- the database ------------------------------------------------------------------
    @property
    def db(self) -> Db:
        return self.model.db

    def set_database(self, db: Db) -> None:
        self.model.set_database(db)  # reloads; the new file's filters reload only if they differ
        self.fill_filters()

    # --- filters -----------------------------------------------------------------------
    def fill_filters(self, saved: dict[str, Any] | None = None) -> None:
        """(Re)fill the drop-downs from the database and select ``saved`` values, or the
        defaults; then apply them."""
        for f in self.spec.filters:
            w = self.filter_widgets[f.key]
            w.blockSignals(True)
            wanted = (saved or {}).get(f.key, f.default(self.db) if f.default else None)
            if isinstance(w, QComboBox):
                w.clear()
                w.addItem("Tất cả", None)
                for value, label in f.choices(self.db):
                    w.addItem(label, value)
                w.setCurrentIndex(max(0, w.findData(wanted)))
            else:
                w.setChecked(bool(wanted))
            w.blockSignals(False)
        self._apply_filters()

    def filter_values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, w in self.filter_widgets.items():
            out[key] = w.currentData() if isinstance(w, QComboBox) else (1 if w.isChecked() else None)
        return out

    def _apply_filters(self) -> None:
        self.model.set_filters(self.filter_values())

    # --- selection and details ---------------------------------------------------------
    #: how deep in a list a saved record is still brought into view (rows)
    MAX_REACH = 20_000

    def selected_id(self) -> int | None:
        """The record Enter and Delete act on: the current row if it is selected."""
        current = self.view.currentIndex()
        selection = self.view.selectionModel()
        if current.isValid() and selection.isRowSelected(current.row(), current.parent()):
            return self.model.row_id(current.row())
        rows_ = selection.selectedRows()
        return self.model.row_id(rows_[0].row()) if rows_ else None

    def selected_ids(self) -> list[int]:
        """Every selected record, in list order."""
        rows_ = sorted(index.row() for index in self.view.selectionModel().selectedRows())
        return [row_id for row_id in (self.model.row_id(r) for r in rows_) if row_id is not None]

    def select_id(self, row_id: int) -> bool:
        """Select the row of ``row_id``, loading rows down to it if needed; False when
        it is not in the list (filtered out) or too deep to bring into view."""
        row = self.model.row_of(row_id)
        if row is None:
            position = self.model.position_of(row_id)
            if position is None or position >= self.MAX_REACH:
                return False
            self.model.load_until(position + 1)
            row = self.model.row_of(row_id)
        if row is None:
            return False
        self._select_row(row)
        self.view.scrollTo(self.model.index(row, 0))
        return True

    def _select_row(self, row: int) -> None:
        # explicit ClearAndSelect: selectRow() would honour a Ctrl still held from a shortcut
        index = self.model.index(row, 0)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.view.selectionModel().setCurrentIndex(index, flags)

    def _select_first_if_none(self) -> None:
        if self._refreshing:  # refresh() decides what to select
            return
        if not self.view.selectionModel().hasSelection() and self.model.rowCount() > 0:
            self._select_row(0)  # selectionChanged updates the buttons and details
        else:
            self._selection_changed()

    def _selection_changed(self, *_args) -> None:
        has = self.selected_id() is not None
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)
        ids = self.selected_ids()[:500] if has else []
        for button, action in zip(self.detail_buttons, self.spec.detail_actions, strict=True):
            reason = action.refuse(self, ids) if has and action.refuse is not None else ""
            button.setEnabled(has and not reason)
            button.setToolTip(reason or action.tip or action.text.removesuffix("…"))
        # rows paint first; the details (a few queries and some HTML) follow at once
        self._detail_timer.start()

    def shutdown(self) -> None:
        super().shutdown()
        self._detail_timer.stop()

    def flush_details(self) -> str:
        """Bring the details panel up to date now; returns its text."""
        if self._detail_timer.isActive() or getattr(self, "_details_stale", False):
            self._detail_timer.stop()
            self._update_details(force=True)
        return self.detail.toPlainText()

    def _update_details(self, force: bool = False) -> None:
        if self.spec.detail is None:
            return
        if not force and not self.isVisible():
            # a tab behind another: its details wait until it is shown (start-up stays quick)
            self._details_stale = True
            return
        self._details_stale = False
        row_id = self.selected_id()
        self.detail.setHtml(self.spec.detail(self.db, row_id) if row_id is not None else "")

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if getattr(self, "_details_stale", False):
            self._update_details()

    def run_undoable(
        self, text: str, groups: list[rows.Group], action: Callable[[], Any], *, after_restore=None,
        select: list[int] | None = None, stack: QUndoStack | None = None,
    ) -> bool:  # fmt: skip
        """Run ``action``, which changes only the rows of ``groups``, as one undoable step.
        A refusal from the store is shown and nothing is recorded. ``select``: the records
        selected again after the step, its undo and its redo. ``stack``: the undo stack of a
        dialog that has its own (the step is undone there), instead of the tab's."""
        before = rows.capture(self.db, groups)
        try:
            action()
        except StoreError as exc:
            messages.error(self, str(exc))
            return False
        after = rows.capture(self.db, groups)
        on_change = self.refresh if not select else (lambda: self.select_ids(select))
        (stack or self.undo_stack).push(
            StateCommand(
                text, lambda: self.db, before, after, on_change, self._error, after_restore=after_restore
            )
        )
        if select:
            self.select_ids(select)
        return True

    def select_ids(self, row_ids: list[int]) -> None:
        """Reload, then select every one of ``row_ids`` in the list (a batch step's proposals,
        again after its undo or redo)."""
        self.refresh(row_ids[0])
        model = self.view.selectionModel()
        wanted = set(row_ids[1:])
        positions = [
            p for p in (self.model.position_of(i) for i in wanted) if p is not None and p < self.MAX_REACH
        ]
        if positions:
            self.model.load_until(max(positions) + 1)  # the rows must be loaded to be selected
        for row in range(self.model.rowCount()):
            if self.model.row_id(row) in wanted:
                model.select(self.model.index(row, 0), model.SelectionFlag.Select | model.SelectionFlag.Rows)

    def _run_detail_action(self, action: DetailAction) -> None:
        row_id = self.selected_id()
        if row_id is not None:
            chosen = self.selected_ids()
            action.run(self, row_id)
            if len(chosen) > 1 and row_id in chosen:
                self.select_ids([row_id, *(i for i in chosen if i != row_id)])  # a batch keeps its rows
            else:
                self.refresh(row_id)

    # --- add, edit, delete -------------------------------------------------------------
    def refresh(self, select: int | None = None) -> None:
        """Reload the rows where the user was, and select ``select`` (a record just saved)
        or else the record selected before; if that one is gone, the row now in its place."""
        keep = select is None
        target = self.selected_id() if keep else select
        old_row = self.view.currentIndex().row()
        self._refreshing = True
        try:
            self.view.selectionModel().clear()
            self.model.reload(keep_loaded=True)
        finally:
            self._refreshing = False
        if target is not None and self.select_id(target):
            pass
        elif keep and self.model.rowCount() > 0:
            self._select_row(min(max(old_row, 0), self.model.rowCount() - 1))
        elif not keep and rows.get(self.db, self.spec.table, target) is not None:
            self.window().statusBar().showMessage(
                f"Đã lưu {self.spec.describe(self.db, target)}. Bản ghi không nằm trong danh sách "
                "đang lọc (hoặc ở quá xa): hãy tìm theo tên để xem.",
                10000,
            )
        self._selection_changed()

    def _form(self, title: str, row_id: int | None, values=None, labels=None) -> RecordForm:
        spec = self.spec
        warn = (lambda v: spec.warn(self.db, v, row_id)) if spec.warn else None
        info = (lambda v: spec.info(self.db, v, row_id)) if spec.info else None
        return RecordForm(
            title, spec.fields(self.db, row_id), values, warn=warn, info=info, labels=labels, parent=self
        )

    def new_record(self) -> None:
        start = self.spec.defaults(self.db) if self.spec.defaults is not None else None
        form = self._form(f"Thêm {self.spec.noun}", None, start)
        if not messages.run_dialog(form):
            return
        try:
            row_id = self.spec.create(self.db, self.spec.prepare(form.values()))
        except StoreError as exc:
            messages.error(self, str(exc))
            return
        text = f"thêm {self.spec.describe(self.db, row_id)}"
        self.undo_stack.push(
            InsertCommand(text, lambda: self.db, self.spec.table, row_id, self.refresh, self._error)
        )
        self.refresh(row_id)

    def edit_selected(self) -> None:
        row_id = self.selected_id()
        if row_id is None:
            return
        old, labels = self.spec.load(self.db, row_id)
        form = self._form(f"Sửa {self.spec.describe(self.db, row_id)}", row_id, old, labels)
        if not messages.run_dialog(form):
            return
        new = {k: v for k, v in self.spec.prepare(form.values()).items() if k in old and v != old[k]}
        if not new:
            return
        before = {k: old[k] for k in new}
        try:
            self.spec.update(self.db, row_id, new)
        except StoreError as exc:
            messages.error(self, str(exc))
            return
        text = f"sửa {self.spec.describe(self.db, row_id)}"
        self.undo_stack.push(
            UpdateCommand(
                text,
                lambda: self.db,
                row_id,
                self.spec.update,
                before,
                new,
                self.refresh,
                self._error,
                table=self.spec.table,
            )
        )
        self.refresh(row_id)

    def delete_selected(self) -> None:
        row_id = self.selected_id()
        if row_id is None:
            return
        label = self.spec.describe(self.db, row_id)
        if not messages.ask(self, f"Xóa {label}? Có thể hoàn tác bằng Ctrl+Z.", "Xóa"):
            return
        try:
            snapshot = rows.take(self.db, self.spec.table, row_id, label=label)
        except StoreError as exc:
            messages.error(self, str(exc), "Không xóa được")
            return
        self.undo_stack.push(
            DeleteCommand(f"xóa {label}", lambda: self.db, snapshot, self.refresh, self._error)
        )
        self.refresh()

    def _error(self, text: str) -> None:
        messages.error(self, text)
