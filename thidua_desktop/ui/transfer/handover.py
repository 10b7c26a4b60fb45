"""Hand-over files in the window (issue 7): export the cluster's year for the next head's
desk, or a unit's registrations and self-scores, with their attachments (in a worker; the
attachments left out because missing or changed on disk are named); open such a file, see
row by row what is new, the same, different (both values side by side) or wrong, the
attachments among them, choose per row or for all whose version stands, then merge: a
copy of the desk file first, then one transaction, so a failure leaves the data as it was."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import sqlite_utils
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
)

from thidua_desktop.reports.handover import bundle as handover
from thidua_desktop.store import StoreError, lookups
from thidua_desktop.store.errors import os_reason
from thidua_desktop.store.handover.preview import CONFLICT, ERROR, MINE, NEW, SAME, THEIRS, HandoverFileError
from thidua_desktop.store.records import units
from thidua_desktop.ui import messages

COLOURS = {NEW: "#d4f5d4", SAME: "#eeeeee", CONFLICT: "#ffe7a8", ERROR: "#ffd6d6"}
CHOICES = {MINE: "Giữ của bàn này", THEIRS: "Lấy theo tệp"}
READ_ONLY = "Cửa sổ này chỉ xem (tệp đang được mở ở máy khác): hãy nhận tệp ở cửa sổ đang giữ tệp dữ liệu."


# --- export ------------------------------------------------------------------------------------------
class ExportDialog(QDialog):
    """Which cluster and year (and, for a unit's file, which unit)."""

    def __init__(
        self, db: sqlite_utils.Database, *, with_unit: bool, cluster_id=None, year=None, parent=None
    ):
        super().__init__(parent)
        self.db = db
        self.setWindowTitle("Xuất tệp của đơn vị" if with_unit else "Xuất tệp bàn giao năm của khối")
        self.cluster = QComboBox()
        for cid, name in lookups.clusters(db):
            self.cluster.addItem(name, cid)
        if cluster_id is not None and self.cluster.findData(cluster_id) >= 0:
            self.cluster.setCurrentIndex(self.cluster.findData(cluster_id))
        self.year = QSpinBox()
        self.year.setRange(1945, 2100)
        latest = max(lookups.years(db, "memberships"), default=None)
        self.year.setValue(year or latest or date.today().year)
        self.unit = QComboBox() if with_unit else None
        form = QFormLayout()
        form.addRow("Khối thi đua", self.cluster)
        form.addRow("Năm", self.year)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Tiếp tục…")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        if self.unit is not None:
            form.addRow("Đơn vị", self.unit)
            self.cluster.currentIndexChanged.connect(self._fill_units)
            self.year.valueChanged.connect(self._fill_units)
            self._fill_units()
        box = QVBoxLayout(self)
        box.addLayout(form)
        box.addWidget(self.buttons)

    def _fill_units(self) -> None:
        self.unit.clear()
        if self.cluster.currentData() is not None:
            for m in units.members(self.db, self.cluster.currentData(), self.year.value()):
                self.unit.addItem(m["name"], m["id"])
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.unit.count() > 0)


def _current(window) -> tuple[int | None, int | None]:
    """The cluster and year the cluster tab shows, if the window has one."""
    tab = _cluster_tab(window)
    return (tab.cluster_id, tab.year.value()) if tab is not None else (None, None)


def _cluster_tab(window):
    """The cluster's year tab if the window has built it (it is built when first shown)."""
    return next(
        (t for t in getattr(window, "all_tabs", []) if hasattr(t, "cluster_id") and hasattr(t, "year")), None
    )


def export_handover(window) -> None:
    _export(window, with_unit=False)


def export_unit_file(window) -> None:
    _export(window, with_unit=True)


def _export(window, *, with_unit: bool) -> None:
    if not lookups.clusters(window.db):
        messages.error(window, "Bàn này chưa có khối thi đua nào để xuất.")
        return
    cluster_id, year = _current(window)
    dialog = ExportDialog(window.db, with_unit=with_unit, cluster_id=cluster_id, year=year, parent=window)
    if not messages.run_dialog(dialog):
        return
    cluster_id, year = dialog.cluster.currentData(), dialog.year.value()
    unit_id = dialog.unit.currentData() if dialog.unit is not None else None
    name = handover.suggested_name(
        dialog.cluster.currentText(), year, dialog.unit.currentText() if dialog.unit is not None else None
    )
    start = str(window.db_path.parent / name) if window.db_path else name
    out = messages.save_file(window, "Lưu tệp bàn giao", start, handover.FILE_FILTER)
    if out is None:
        return
    if out.suffix.lower() != ".zip":
        out = out.with_name(out.name + ".zip")
    _run_export(window, cluster_id, year, unit_id, out)


def _run_export(window, cluster_id: int, year: int, unit_id: int | None, out: Path) -> None:
    """Write the file in a worker on a read connection of its own (the attachments may
    weigh a lot); say which attachments were left out, if any."""
    from thidua_desktop.store.db import database_path, open_reader
    from thidua_desktop.ui.worker import run_task

    db_path = database_path(window.db)
    who = handover.exporter(window.db)

    def export(db) -> handover.Exported:
        if unit_id is None:
            return handover.export_year(db, cluster_id, year, out, exported_by=who)
        return handover.export_unit_file(db, cluster_id, year, unit_id, out, exported_by=who)

    def work() -> handover.Exported:
        db = open_reader(db_path)
        try:
            return export(db)
        finally:
            db.close()

    def done(result: handover.Exported) -> None:
        window.statusBar().showMessage(result.describe(), 15000)
        if result.problems:
            shown = "\n".join(f"– {p}" for p in result.problems[:10])
            more = f"\n… và {len(result.problems) - 10} tài liệu khác." if len(result.problems) > 10 else ""
            messages.error(
                window,
                f"Đã ghi {result.path.name}, nhưng {len(result.problems)} tài liệu đính kèm không đưa vào được "
                f"(thiếu hoặc đã bị thay đổi trên đĩa):\n{shown}{more}\nHãy khôi phục hoặc đính kèm lại các tài "
                "liệu này rồi xuất lại tệp nếu bàn nhận cần chúng.",
                "Tệp bàn giao thiếu tài liệu đính kèm",
            )

    def failed(exc: Exception) -> None:
        window.statusBar().clearMessage()
        if isinstance(exc, StoreError):
            messages.error(window, str(exc))
        elif isinstance(exc, OSError):
            messages.error(window, f"Không ghi được “{out}”: {os_reason(exc)}. Hãy chọn thư mục khác.")
        else:
            raise exc

    if db_path is None:  # a database in memory: no attachments, nothing a worker could open
        try:
            result = export(window.db)
        except (StoreError, OSError) as exc:
            failed(exc)
        else:
            done(result)
        return
    window.statusBar().showMessage(f"Đang ghi {out.name}…")
    run_task(work, done, failed)


# --- import ------------------------------------------------------------------------------------------
class HandoverDialog(QDialog):
    """The preview of a hand-over file with a choice per conflicting row; "Ghi vào dữ
    liệu" merges in a worker on a connection of its own."""

    def __init__(
        self, db: sqlite_utils.Database, path: Path, *, cluster_id: int | None = None, parent=None,
        preview: handover.Preview | None = None,
    ):  # fmt: skip
        super().__init__(parent)
        self.db, self.path, self.cluster_id = db, path, cluster_id
        # read beforehand in a worker (``_import``), or here; HandoverFileError: the caller says why
        self.preview = preview if preview is not None else handover.preview(db, path, cluster_id=cluster_id)
        self.result_merge: handover.MergeResult | None = None
        self.setWindowTitle(f"Nhận tệp: {path.name}")
        self.resize(1100, 620)

        self.header = QLabel(handover.describe_manifest(self.preview.manifest), self)
        self.header.setWordWrap(True)
        # a model over the preview's rows (a province year holds tens of thousands; a widget
        # per cell and a combo box per conflict held the window for seconds: issue 25, point 3)
        self.model = PreviewModel(self.preview.rows, self)
        self.model.dataChanged.connect(self._update_summary)
        self.model.modelReset.connect(self._update_summary)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(4, _ChoiceDelegate(self.table))
        self.table.setEditTriggers(
            QTableView.EditTrigger.CurrentChanged | QTableView.EditTrigger.SelectedClicked
            | QTableView.EditTrigger.DoubleClicked | QTableView.EditTrigger.EditKeyPressed
        )  # fmt: skip
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setResizeContentsPrecision(200)  # widths from the first rows
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(1, min(self.table.columnWidth(1), 380))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)  # the choice stays in view
        self.table.setColumnWidth(4, max(self.table.columnWidth(4), self.fontMetrics().horizontalAdvance(
            CHOICES[MINE] + " ▾") + 24))  # fmt: skip

        self.show_same = QCheckBox("Hiện cả các dòng giống nhau", self)
        self.show_same.toggled.connect(self._filter_rows)
        self.all_mine = QPushButton("Giữ tất cả của bàn này", self)
        self.all_theirs = QPushButton("Lấy tất cả theo tệp", self)
        self.all_mine.clicked.connect(lambda: self.choose_all(MINE))
        self.all_theirs.clicked.connect(lambda: self.choose_all(THEIRS))
        for button in (self.all_mine, self.all_theirs):
            button.setEnabled(bool(self.model.choices))
        tools = QHBoxLayout()
        tools.addWidget(self.show_same)
        tools.addStretch(1)
        tools.addWidget(QLabel("Các dòng khác nhau:", self))
        tools.addWidget(self.all_mine)
        tools.addWidget(self.all_theirs)

        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Ghi vào dữ liệu")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        self.buttons.accepted.connect(self.write)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addLayout(tools)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self._filter_rows(False)
        self._update_summary()

    def choices(self) -> dict[str, str]:
        return dict(self.model.choices)

    def choose_all(self, side: str) -> None:
        self.model.choose_all(side)

    def _filter_rows(self, show_same: bool) -> None:
        self.model.show_same(show_same)

    def _update_summary(self, *_args) -> None:
        p = self.preview
        writes = p.writes(self.choices())
        self.summary.setText(
            "; ".join(p.summary_lines())
            + f". Sẽ ghi {writes} dòng. Chưa có gì được ghi; bấm “Ghi vào dữ liệu” để ghi tất cả trong một lần "
            "(chương trình sao lưu tệp dữ liệu trước)."
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(writes > 0)

    def write(self) -> None:
        from thidua_desktop.store import open_database
        from thidua_desktop.store.db import database_path
        from thidua_desktop.ui.worker import run_with_progress

        self.buttons.setEnabled(False)
        db_path, file, choices, cluster_id = (
            database_path(self.db),
            self.path,
            self.choices(),
            self.cluster_id,
        )

        def work(_progress) -> handover.MergeResult:
            db = open_database(db_path)
            try:
                return handover.merge(db, file, choices, cluster_id=cluster_id)
            finally:
                db.close()

        def done(result: handover.MergeResult) -> None:
            self.result_merge = result
            self.accept()

        def failed(exc: Exception) -> None:
            self.buttons.setEnabled(True)
            if not isinstance(exc, StoreError):
                raise exc
            messages.error(self, f"Không ghi được; dữ liệu không thay đổi. {exc}")

        run_with_progress(
            self, "Đang sao lưu rồi ghi tệp bàn giao vào dữ liệu", "Nhận tệp bàn giao", work, done, failed,
            cancellable=False,
        )  # fmt: skip


class PreviewModel(QAbstractTableModel):
    """The preview's rows shown (the same ones only on request), and the choice made for each
    row that differs (this desk's by default)."""

    HEADERS = ("Loại dữ liệu", "Bản ghi", "Kết quả", "Chi tiết (bàn này → tệp)", "Chọn")

    def __init__(self, rows, parent=None):
        super().__init__(parent)
        self.rows = rows
        self.choices: dict[str, str] = {row.key: MINE for row in rows if row.status == CONFLICT}
        self.shown: list[int] = []
        self._colours = {status: QColor(colour) for status, colour in COLOURS.items()}
        self.show_same(False)

    def show_same(self, show: bool) -> None:
        self.beginResetModel()
        self.shown = [i for i, row in enumerate(self.rows) if show or row.status != SAME]
        self.endResetModel()

    def row_at(self, r: int):
        return self.rows[self.shown[r]]

    def choose_all(self, side: str) -> None:
        self.choices = dict.fromkeys(self.choices, side)
        if self.shown:
            self.dataChanged.emit(self.index(0, 4), self.index(len(self.shown) - 1, 4))

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self.shown)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def flags(self, index):
        flags = super().flags(index)
        if index.column() == 4 and self.row_at(index.row()).key in self.choices:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        row, c = self.row_at(index.row()), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if c == 4:
                return f"{CHOICES[self.choices[row.key]]} ▾" if row.key in self.choices else ""
            return (row.table_label, row.label, row.status_label, _details(row))[c]
        if role == Qt.ItemDataRole.EditRole and c == 4:
            return self.choices.get(row.key)
        if role == Qt.ItemDataRole.BackgroundRole and c == 2:
            return self._colours[row.status]
        if role == Qt.ItemDataRole.ToolTipRole:
            if c == 3 and row.differences:
                return "\n".join(
                    f"{d.label}\n  bàn này: {d.mine_text}\n  tệp: {d.theirs_text}" for d in row.differences
                )
            if c == 4 and row.key in self.choices:
                return "Bấm để chọn giữ của bàn này hay lấy theo tệp"
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        row = self.row_at(index.row())
        if (
            role != Qt.ItemDataRole.EditRole
            or index.column() != 4
            or value not in CHOICES
            or row.key not in self.choices
        ):
            return False
        self.choices[row.key] = value
        self.dataChanged.emit(index, index)
        return True


class _ChoiceDelegate(QStyledItemDelegate):
    """The choice of a row that differs: a combo box while it is edited."""

    def createEditor(self, parent, _option, _index):
        box = QComboBox(parent)
        for value, text in CHOICES.items():
            box.addItem(text, value)
        box.activated.connect(lambda _i, b=box: self.commitData.emit(b))
        return box

    def setEditorData(self, editor, index):
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor, model, index):
        model.setData(index, editor.currentData())


def _details(row) -> str:
    if row.differences:
        return "; ".join(f"{d.label}: {d.mine_text} → {d.theirs_text}" for d in row.differences)
    return row.note


def import_handover(window) -> None:
    _import(window, "Chọn tệp bàn giao của khối")


def import_unit_file(window) -> None:
    _import(window, "Chọn tệp đăng ký, tự chấm điểm của đơn vị")


def _import(window, title: str) -> None:
    if window.read_only:
        messages.error(window, READ_ONLY)
        return
    start = str(window.db_path.parent) if window.db_path else ""
    path = messages.open_file(window, title, start, handover.FILE_FILTER)
    if path is None:
        return
    from thidua_desktop.store.db import open_reader
    from thidua_desktop.ui.worker import run_with_progress

    db_path = window.db_path

    def work(_progress) -> handover.Preview:
        """The file read and matched row by row on a connection of the worker's own: a big
        file never holds the window (issue 17, point 4)."""
        reader = open_reader(db_path)
        try:
            return handover.preview(reader, path)
        finally:
            reader.close()

    def failed(exc: Exception) -> None:
        if isinstance(exc, HandoverFileError | StoreError):
            messages.error(window, str(exc), "Không nhận được tệp")
        else:
            raise exc

    run_with_progress(window, f"Đang đọc tệp {path.name}", "Nhận tệp bàn giao", work,
                      lambda preview: _show_preview(window, path, preview), failed, cancellable=False)  # fmt: skip


def _show_preview(window, path: Path, preview: handover.Preview) -> None:
    dialog = HandoverDialog(window.db, path, parent=window, preview=preview)
    if not messages.run_dialog(dialog) or dialog.result_merge is None:
        return
    result = dialog.result_merge
    cluster_tab = _cluster_tab(window)
    for tab in getattr(window, "all_tabs", window.list_tabs):
        if tab is cluster_tab and result.inserted.get("clusters"):
            tab.set_database(window.db)  # a new cluster for its list
        else:
            tab.refresh()
    copy = f" Bản sao trước khi nhận: {result.backup.name}." if result.backup else ""
    window.statusBar().showMessage(result.describe() + copy, 20000)
