"""Suggest nominees: for an award and a year, everyone whose record meets the criteria,
with the CSTĐCS-over-LĐTT counters per unit; one click creates the proposals. The search
runs in a worker (LĐTT of a province year checks ~26,000 records); the list is a model, so
tens of thousands of rows show at once."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlite_utils
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
)

from thidua_desktop.domain.text import vn_number
from thidua_desktop.rules.catalogue import BY_CODE
from thidua_desktop.rules.eligibility import Status
from thidua_desktop.rules.quotas import quota
from thidua_desktop.store import StoreError, desk_settings, lookups
from thidua_desktop.store.records import nominees, proposals
from thidua_desktop.ui import contrast, messages
from thidua_desktop.ui.table_model import RowsModel
from thidua_desktop.ui.undo import InsertManyCommand

SUGGESTABLE = ("CSTDT", "CSTDTQ", "CSTDCS", "LDTT", "CSTT", "BK_TINH", "BK_TTG")
_Index = QModelIndex | QPersistentModelIndex


class FoundModel(RowsModel):
    """The people found, each with a check box (checked at first); texts made when shown."""

    HEADERS = ("Họ và tên", "Đơn vị", "Cần kiểm tra thêm", "Tóm tắt điều kiện")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.checked: list[bool] = []

    @property
    def found(self) -> list[dict]:
        return self.rows

    def set_found(self, found: list[dict]) -> None:
        self.checked = [True] * len(found)
        self.set_rows(found)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        c, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == 0:
            return Qt.CheckState.Checked if self.checked[index.row()] else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return c["name"]
            if column == 1:
                return c["unit"]
            if column == 2:
                checks = sum(f.status == Status.CHECK for f in c["findings"])
                return str(checks) if checks else ""
            return "; ".join(f.text for f in c["findings"] if f.status == Status.MET)
        if role == Qt.ItemDataRole.ToolTipRole and column == 3:
            return "\n".join(str(f) for f in c["findings"])
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if index.isValid() and index.column() == 0 and role == Qt.ItemDataRole.CheckStateRole:
            self.checked[index.row()] = Qt.CheckState(value) == Qt.CheckState.Checked
            self.dataChanged.emit(index, index, [role])
            return True
        return False

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsUserCheckable if index.column() == 0 else base


class SuggestDialog(QDialog):
    searched = Signal()  # the list is shown (or the search failed, or was cancelled)

    def __init__(self, db: sqlite_utils.Database, undo_stack: QUndoStack, on_created, parent=None):
        super().__init__(parent)
        self.db, self.undo_stack, self.on_created = db, undo_stack, on_created
        self.setWindowTitle("Gợi ý cá nhân đủ điều kiện đề nghị")
        self.resize(900, 560)
        self.award = QComboBox(self)
        for code in SUGGESTABLE:
            self.award.addItem(BY_CODE[code].name, code)
        self.year = QSpinBox(self)
        self.year.setRange(2015, date.today().year + 1)
        self.year.setValue(date.today().year - 1)
        self.unit = QComboBox(self)
        self.unit.addItem("Tất cả đơn vị", None)
        for unit_id, name in lookups.units(db):
            self.unit.addItem(name, unit_id)
        self.find_button = QPushButton("Tìm", self)
        self.find_button.clicked.connect(self.find)
        top = QHBoxLayout()
        for label, widget in (("Hình thức", self.award), ("Năm", self.year), ("Đơn vị", self.unit)):
            top.addWidget(QLabel(label + ":", self))
            top.addWidget(widget)
        top.addWidget(self.find_button)
        top.addStretch(1)

        self.model = FoundModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.setColumnWidth(0, 200)
        self.table.setColumnWidth(1, 230)
        self.table.setColumnWidth(2, 120)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.quota_label = QLabel(self)
        self.quota_label.setWordWrap(True)
        self.quota_label.setTextFormat(Qt.TextFormat.RichText)
        self.status = QLabel(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        buttons.rejected.connect(self.reject)
        self.create_button = QPushButton("Tạo đề nghị cho các dòng đã đánh dấu", self)
        self.create_button.clicked.connect(self.create_proposals)
        buttons.addButton(self.create_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.quota_label)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.progress = None  # the search's progress dialog, while it runs

    @property
    def found(self) -> list[dict]:
        return self.model.found

    def find(self, note: str = "") -> None:
        """Search in a worker on a read connection of its own, with progress and "Hủy";
        ``note`` goes before the count of people found."""
        from thidua_desktop.store.db import database_path, open_reader
        from thidua_desktop.ui.worker import run_task, run_with_progress

        settings = desk_settings.load(self.db)
        award, year, unit_id = self.award.currentData(), self.year.value(), self.unit.currentData()
        path = database_path(self.db)
        self._generation = getattr(self, "_generation", 0) + 1
        generation = self._generation

        def search(db, progress=None):
            return nominees.suggest(db, award, year, settings, unit_id=unit_id, progress=progress)

        def on_reader(read):
            if path is None:  # a database in memory: nothing a worker could open
                return read(self.db)
            db = open_reader(path)
            try:
                return read(db)
            finally:
                db.close()

        def work(progress):
            return on_reader(lambda db: search(db, progress))

        # the units' counters in a worker of their own, shown when they come: SQL aggregates,
        # done on the other core while the rules run (a third of a second on the province file)
        def counted(counts) -> None:
            if generation == self._generation:
                self._show_quota(settings, counts)

        run_task(lambda: on_reader(lambda db: nominees.quota_counts(db, year)), counted, lambda _e: None)

        def done(found) -> None:
            if generation != self._generation:  # a later search is on its way
                return
            self.find_button.setEnabled(True)
            self.create_button.setEnabled(True)
            self.model.set_found(found)
            self.status.setText(
                f"{note}{vn_number(len(found))} người đủ các điều kiện bắt buộc; bỏ đánh dấu những người không "
                "đề nghị."
            )
            self.searched.emit()

        def failed(exc: Exception) -> None:
            if generation != self._generation:
                return
            self.find_button.setEnabled(True)
            self.searched.emit()
            if not isinstance(exc, StoreError):
                raise exc
            messages.error(self, str(exc))

        def cancelled() -> None:
            if generation != self._generation:
                return
            self.find_button.setEnabled(True)
            self.status.setText("Đã hủy việc tìm.")
            self.searched.emit()

        self.find_button.setEnabled(False)
        self.create_button.setEnabled(False)  # the list shown is about to change
        self.model.set_found([])
        self.status.setText("Đang tìm…")
        self.progress = run_with_progress(
            self, "Đang xét hồ sơ", "Gợi ý người đủ điều kiện", work, done, failed,
            unit="hồ sơ", on_cancelled=cancelled,
        )  # fmt: skip

    def _show_quota(self, settings, counts) -> None:
        lines = []
        for _uid, (name, used, base) in sorted(counts.items(), key=lambda kv: kv[1][0]):
            if used or base:
                q = quota(settings, used, base)
                style = f" style='color:{contrast.tone(contrast.ERROR)}'" if q.exceeded else ""
                lines.append(f"<span{style}>{name}: {q.text()}</span>")
        head = "Tỷ lệ CSTĐCS so với LĐTT theo đơn vị" + (
            f" (hạn mức {settings.quota_percent} % đang bật)"
            if settings.quota_enabled
            else " (không áp hạn mức)"
        )
        self.quota_label.setText(f"<b>{head}:</b> " + " · ".join(lines) if lines else "")

    def checked(self) -> list[dict]:
        return [c for c, on in zip(self.model.found, self.model.checked, strict=True) if on]

    def create_proposals(self) -> None:
        """Create the checked rows' proposals in a worker, all in one transaction (26,000 of
        them take seconds), then one undo step for them all."""
        from thidua_desktop.store import open_database
        from thidua_desktop.store.db import bulk_transaction, checkpoint, database_path
        from thidua_desktop.ui.worker import run_task, run_with_progress

        chosen = [c["id"] for c in self.checked()]
        if not chosen:
            return
        award, year = self.award.currentData(), self.year.value()
        path = database_path(self.db)

        def create(db, progress=None) -> list[int]:
            ids = []
            with bulk_transaction(db):
                for i, person in enumerate(chosen):
                    if progress is not None and i % 250 == 0:
                        progress(i, len(chosen))
                    ids.append(proposals.create_proposal(db, award, year, individual_id=person))
            return ids

        def work(progress) -> list[int]:
            if path is None:  # a database in memory: nothing a worker could open
                return create(self.db)
            db = open_database(path)
            try:
                return create(db, progress)
            finally:
                db.close()

        def done(ids: list[int]) -> None:
            if path is not None:  # the log back into the file, while the user reads on
                run_task(lambda: checkpoint(path), lambda _r: None, lambda _e: None)
            self.undo_stack.push(
                InsertManyCommand(
                    f"tạo {len(ids)} đề nghị {BY_CODE[award].name} năm {year}", lambda: self.db, "proposals", ids,
                    lambda: self.on_created(), lambda t: messages.error(self, t),
                )
            )  # fmt: skip
            self.on_created()
            self.find(note=f"Đã tạo {len(ids)} đề nghị (Ctrl+Z trong cửa sổ chính để hoàn tác). ")

        def failed(exc: Exception) -> None:
            self.create_button.setEnabled(True)
            if not isinstance(exc, StoreError):
                raise exc
            messages.error(self, str(exc))

        def cancelled() -> None:
            self.create_button.setEnabled(True)
            self.status.setText("Đã hủy; chưa tạo đề nghị nào.")

        self.create_button.setEnabled(False)
        self.progress = run_with_progress(
            self, f"Đang tạo đề nghị {BY_CODE[award].name}", "Gợi ý người đủ điều kiện", work, done, failed,
            unit="đề nghị", on_cancelled=cancelled,
        )  # fmt: skip
