"""Import a unit's Excel list: every row previewed as new, update or error with the
reason; nothing is written until the user confirms, then all in one transaction."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from typing import Any

import sqlite_utils
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QLabel, QTableView, QVBoxLayout

from thidua_desktop.domain.text import vn_number
from thidua_desktop.rules.catalogue import award_name
from thidua_desktop.store import StoreError
from thidua_desktop.store.errors import os_reason
from thidua_desktop.ui import contrast, messages
from thidua_desktop.ui.table_model import RowsModel

ACTIONS = {
    "new": ("Thêm mới", "#d4f5d4"),
    "update": ("Cập nhật", "#d6e9ff"),
    "error": ("Lỗi, bỏ qua", "#ffd6d6"),
}
XLSX_FILTER = "Bảng tính Excel (*.xlsx)"
_Index = QModelIndex | QPersistentModelIndex


class CopyFailed(Exception):
    """The copy of the data file before the import could not be written; nothing was."""


class PreviewModel(RowsModel):
    """The previewed rows: line, name, result (coloured), award, reason (10,000 rows showed
    in 0.6 s as table items)."""

    HEADERS = ("Dòng", "Họ và tên", "Kết quả", "Đề nghị", "Lý do")

    def __init__(self, rows, parent=None):
        super().__init__(parent, rows=rows)
        self.all_rows = rows

    def show_only(self, actions: set[str] | None) -> None:
        """Only the rows of these actions ("error", say); None: every row."""
        self.set_rows(self.all_rows if actions is None else [r for r in self.all_rows if r.action in actions])

    def text(self, row: int, column: int) -> str:
        r = self.rows[row]
        if column == 0:
            return str(r.line)
        if column == 1:
            return r.values["name"]
        if column == 2:
            return ACTIONS[r.action][0]
        if column == 3:
            return award_name(r.award_code) if r.award_code and r.action != "error" else ""
        return r.reason

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(index.row(), index.column())
        if role == Qt.ItemDataRole.BackgroundRole and index.column() == 2:
            return QColor(ACTIONS[self.rows[index.row()].action][1])
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 2:
            return contrast.text_on(QColor(ACTIONS[self.rows[index.row()].action][1]))
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 4:
            return self.rows[index.row()].reason
        return None


class ImportDialog(QDialog):
    """The preview, row by row; "Ghi vào dữ liệu" writes in a worker. ``copy_ahead`` is the
    copy of the data file taken meanwhile (see ``backup.CopyAhead``)."""

    def __init__(self, db: sqlite_utils.Database, path: Path, rows, copy_ahead=None, parent=None):
        super().__init__(parent)
        self.db, self.path, self.rows, self.copy_ahead = db, path, rows, copy_ahead
        self.setWindowTitle(f"Nhập danh sách: {path.name}")
        self.resize(1100, 720)
        self.table = QTableView(self)
        self.model = PreviewModel(self.rows, self.table)
        self.table.setModel(self.model)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)  # the file's own line numbers are shown
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.resizeColumnsToContents()  # Qt measures the first 1,000 rows at most
        widest = max(self.table.fontMetrics().horizontalAdvance(label) for label, _ in ACTIONS.values())
        self.table.setColumnWidth(2, max(self.table.columnWidth(2), widest + 16))  # errors may come late
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        # among thousands of rows the few errors are what the user has to read and fix
        self.errors_only = QCheckBox(self)
        self.errors_only.toggled.connect(lambda on: self.model.show_only({"error"} if on else None))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Ghi vào dữ liệu")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        self.buttons.accepted.connect(self.write)
        self.buttons.rejected.connect(self.reject)
        from thidua_desktop.store import lookups
        from thidua_desktop.ui.transfer.import_choices import ImportChoices

        self.choices = ImportChoices(self.rows, lookups.units(db, active_only=True), self)
        self.choices.changed.connect(self.reread)
        layout = QVBoxLayout(self)
        layout.addWidget(self.choices)
        layout.addWidget(self.errors_only)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.result_counts: dict[str, int] | None = None
        self.progress = None  # the write's progress dialog, once started
        self.writing = False  # while the worker writes, the dialog cannot be closed
        self._show_counts()

    def _show_counts(self) -> None:
        from thidua_desktop.reports.excel import importing as excel_import

        counts = {k: sum(r.action == k for r in self.rows) for k in ACTIONS}
        notices = " ".join(getattr(self.rows, "notices", []))  # a legacy encoding converted, say
        self.summary.setText(
            (f"{notices} " if notices else "") + f"{excel_import.summary(self.rows)} "
            "Chưa có gì được ghi; bấm “Ghi vào dữ liệu” để ghi tất cả trong một lần."
        )
        self.errors_only.setText(f"Chỉ hiện các dòng lỗi ({vn_number(counts['error'])})")
        self.errors_only.setEnabled(counts["error"] > 0)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            counts["new"] + counts["update"] > 0
        )

    def reread(self) -> None:
        """Check the file again with the year, columns and units the user chose (in a worker:
        a big list takes some seconds); the table and the counts follow."""
        from thidua_desktop.reports.excel import importing as excel_import
        from thidua_desktop.store.db import database_path, open_reader
        from thidua_desktop.ui.transfer.import_choices import chosen
        from thidua_desktop.ui.worker import run_with_progress

        options = chosen(self.choices)
        db_path = database_path(self.db)
        self.buttons.setEnabled(False)

        def read(progress):
            if db_path is None:
                return excel_import.preview(self.db, self.path, **options)
            db = open_reader(db_path)
            try:
                return excel_import.preview(db, self.path, progress=progress, **options)
            finally:
                db.close()

        def done(rows) -> None:
            self.buttons.setEnabled(True)
            self.rows = rows
            self.model.all_rows = rows
            self.model.show_only({"error"} if self.errors_only.isChecked() else None)
            self.choices.show_rows(rows)
            self._show_counts()
            for column in (1, 3):  # the names and awards now read may be wider
                self.table.resizeColumnToContents(column)

        def failed(exc: Exception) -> None:
            self.buttons.setEnabled(True)
            messages.error(self, str(exc), "Không đọc lại được tệp")

        self.progress = run_with_progress(
            self, f"Đang kiểm tra lại {self.path.name}", "Nhập danh sách", read, done, failed,
            on_cancelled=lambda: self.buttons.setEnabled(True),
        )  # fmt: skip

    def reject(self) -> None:
        if not self.writing:  # Esc or the window's X while writing: the write goes on, so does this
            super().reject()

    def closeEvent(self, event) -> None:
        if self.writing:
            event.ignore()
        else:
            super().closeEvent(event)

    def write(self) -> None:
        """Write in a worker, on a connection of its own: the window stays responsive
        (10,000 rows take some seconds), the rows are written all at once or not at all, and
        "Hủy" while writing leaves the data as it was."""
        from thidua_desktop.reports.excel import importing as excel_import
        from thidua_desktop.store import open_database
        from thidua_desktop.store.db import checkpoint, database_path, translate
        from thidua_desktop.ui.worker import run_task, run_with_progress

        self.buttons.setEnabled(False)
        self.writing = True
        path, rows, ahead = database_path(self.db), self.rows, self.copy_ahead

        def work(progress) -> dict[str, int]:
            if ahead is not None:
                try:
                    ahead.wait()  # the copy before the import, started with the preview
                except (OSError, sqlite3.Error) as exc:
                    raise CopyFailed(exc) from exc
            db = open_database(path)
            try:
                counts = excel_import.apply(db, rows, progress)
            finally:
                db.close()
            if ahead is not None:
                with contextlib.suppress(OSError):  # written already; only older copies stay
                    ahead.keep()
            return counts

        def done(counts: dict[str, int]) -> None:
            self.writing = False
            self.result_counts = counts
            # the write-ahead log goes back into the file while the user reads the result
            run_task(lambda: checkpoint(path), lambda _r: None, lambda _e: None)
            self.accept()

        def failed(exc: Exception) -> None:
            self.writing = False
            self.buttons.setEnabled(True)
            if isinstance(exc, CopyFailed):  # the copy before the import could not be written
                cause = exc.__cause__
                why = os_reason(cause) if isinstance(cause, OSError) else "lỗi tệp dữ liệu"
                messages.error(self, f"Không sao lưu được tệp dữ liệu trước khi nhập ({why}); chưa ghi gì. Hãy kiểm "
                                     "tra chỗ trống trên ổ đĩa rồi bấm “Ghi vào dữ liệu” lần nữa.")  # fmt: skip
            elif isinstance(exc, StoreError | sqlite3.Error):  # one transaction: rolled back
                if isinstance(exc, sqlite3.Error):
                    exc = translate(exc, database_path(self.db))
                said = str(exc) if isinstance(exc, StoreError) else "lỗi tệp dữ liệu"
                messages.error(self, f"Không ghi được; dữ liệu không thay đổi. {said}")
            else:
                raise exc

        def cancelled() -> None:
            self.writing = False
            self.buttons.setEnabled(True)
            messages.error(self, "Đã hủy; dữ liệu không thay đổi.", "Nhập danh sách")

        self.progress = run_with_progress(
            self, "Đang ghi danh sách vào dữ liệu", "Nhập danh sách", work, done, failed,
            on_cancelled=cancelled,
        )  # fmt: skip


def import_list(window, *, on_finished=None) -> None:
    """Pick a file, read and check it in a worker (progress, cancel) while a copy of the data
    file is taken alongside, show the preview, write on confirmation. ``on_finished`` (tests)
    runs when it is all over, whatever the outcome."""
    from thidua_desktop.reports.excel import importing as excel_import
    from thidua_desktop.reports.excel.list_reading import ImportFileError
    from thidua_desktop.store import backup
    from thidua_desktop.store.db import database_path, open_reader
    from thidua_desktop.ui.worker import run_with_progress

    path = messages.open_file(window, "Chọn tệp danh sách của đơn vị", "", XLSX_FILTER)
    if path is None:
        return
    db_path = database_path(window.db)
    ahead = backup.CopyAhead(db_path, "truoc-nhap") if db_path is not None else None
    finished = on_finished or (lambda: None)

    def read(progress):
        if db_path is None:  # a database in memory: nothing a worker could open
            return excel_import.preview(window.db, path)
        db = open_reader(db_path)
        try:
            return excel_import.preview(db, path, progress=progress)
        finally:
            db.close()

    def show(rows) -> None:
        dialog = ImportDialog(window.db, path, rows, ahead, window)
        if not messages.run_dialog(dialog) or not dialog.result_counts:
            if ahead is not None and dialog.result_counts is None:
                ahead.discard()  # nothing was written: the copy was only for this import
            finished()
            return
        c = dialog.result_counts
        for tab in window.list_tabs:
            tab.refresh()
        window.statusBar().showMessage(
            f"Đã nhập {c['new']} người mới, cập nhật {c['update']}, tạo {c['proposals']} đề nghị.", 15000
        )
        finished()

    def failed(exc: Exception) -> None:
        if ahead is not None:
            ahead.discard()
        if isinstance(exc, ImportFileError):
            messages.error(window, str(exc), "Không nhập được tệp")
        elif isinstance(exc, StoreError):
            messages.error(window, str(exc))
        else:
            raise exc
        finished()

    def cancelled() -> None:
        if ahead is not None:
            ahead.discard()
        window.statusBar().showMessage("Đã hủy việc đọc tệp; dữ liệu không thay đổi.", 10000)
        finished()

    window.import_progress = run_with_progress(
        window, f"Đang đọc và kiểm tra {path.name}", "Nhập danh sách", read, show, failed,
        on_cancelled=cancelled,
    )  # fmt: skip


def save_template(window) -> None:
    from thidua_desktop.reports.excel import importing as excel_import

    path = messages.save_file(window, "Lưu tệp mẫu gửi đơn vị", "mau-danh-sach-ca-nhan.xlsx", XLSX_FILTER)
    if path is None:
        return
    if path.suffix.lower() != ".xlsx":
        path = path.with_suffix(".xlsx")
    try:
        excel_import.write_template(path)
    except OSError as exc:
        messages.error(window, f"Không ghi được “{path}”: {os_reason(exc)}. Hãy chọn thư mục khác.")
        return
    window.statusBar().showMessage(f"Đã lưu tệp mẫu {path}", 10000)
