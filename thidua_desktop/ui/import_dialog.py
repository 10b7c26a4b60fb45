"""Import a unit's Excel list: every row previewed as new, update or error with the
reason; nothing is written until the user confirms, then all in one transaction."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from thidua_desktop.rules.catalogue import award_name
from thidua_desktop.store import StoreError
from thidua_desktop.ui import messages

ACTIONS = {
    "new": ("Thêm mới", "#d4f5d4"),
    "update": ("Cập nhật", "#d6e9ff"),
    "error": ("Lỗi, bỏ qua", "#ffd6d6"),
}
XLSX_FILTER = "Bảng tính Excel (*.xlsx)"


class ImportDialog(QDialog):
    def __init__(self, db: sqlite_utils.Database, path: Path, parent=None):
        from thidua_desktop.reports import excel_import

        super().__init__(parent)
        self.db, self.path = db, path
        self.setWindowTitle(f"Nhập danh sách: {path.name}")
        self.resize(980, 560)
        self.rows = excel_import.preview(db, path)  # ImportFileError goes to the caller
        self.table = QTableWidget(len(self.rows), 5, self)
        self.table.setHorizontalHeaderLabels(["Dòng", "Họ và tên", "Kết quả", "Đề nghị", "Lý do"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)  # the file's own line numbers are shown
        for r, row in enumerate(self.rows):
            label, colour = ACTIONS[row.action]
            cells = [str(row.line), row.values["name"], label,
                     award_name(row.award_code) if row.award_code and row.action != "error" else "", row.reason]  # fmt: skip
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 2:
                    item.setBackground(QColor(colour))
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        counts = {k: sum(r.action == k for r in self.rows) for k in ACTIONS}
        notices = " ".join(getattr(self.rows, "notices", []))  # a legacy encoding converted, say
        self.summary = QLabel(
            (f"{notices} " if notices else "") + f"{excel_import.summary(self.rows)} "
            "Chưa có gì được ghi; bấm “Ghi vào dữ liệu” để ghi tất cả trong một lần.",
            self,
        )
        self.summary.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Ghi vào dữ liệu")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            counts["new"] + counts["update"] > 0
        )
        self.buttons.accepted.connect(self.write)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.result_counts: dict[str, int] | None = None

    def write(self) -> None:
        """Write in a worker, on a connection of its own: the window stays responsive
        (10,000 rows take some seconds) and the rows are written all at once or not at all."""
        from PySide6.QtWidgets import QProgressDialog

        from thidua_desktop.reports import excel_import
        from thidua_desktop.store import open_database
        from thidua_desktop.store.db import database_path
        from thidua_desktop.ui.worker import run_task

        self.buttons.setEnabled(False)
        progress = QProgressDialog("Đang ghi danh sách vào dữ liệu…", None, 0, 0, self)
        progress.setWindowTitle("Nhập danh sách")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)
        path, rows = database_path(self.db), self.rows

        def work() -> dict[str, int]:
            from thidua_desktop.store import backup

            backup.automatic(path, "truoc-nhap")  # a copy before every import
            db = open_database(path)
            try:
                return excel_import.apply(db, rows)
            finally:
                db.close()

        def done(counts: dict[str, int]) -> None:
            progress.reset()
            self.result_counts = counts
            self.accept()

        def failed(exc: Exception) -> None:
            progress.reset()
            self.buttons.setEnabled(True)
            if not isinstance(exc, StoreError):
                raise exc
            messages.error(self, f"Không ghi được; dữ liệu không thay đổi. {exc}")

        run_task(work, done, failed)


def import_list(window) -> None:
    from thidua_desktop.reports.excel_import import ImportFileError

    path = messages.open_file(window, "Chọn tệp danh sách của đơn vị", "", XLSX_FILTER)
    if path is None:
        return
    try:
        dialog = ImportDialog(window.db, path, window)
    except ImportFileError as exc:
        messages.error(window, str(exc), "Không nhập được tệp")
        return
    if messages.run_dialog(dialog) and dialog.result_counts:
        c = dialog.result_counts
        for tab in window.list_tabs:
            tab.refresh()
        window.statusBar().showMessage(
            f"Đã nhập {c['new']} người mới, cập nhật {c['update']}, tạo {c['proposals']} đề nghị.", 15000
        )


def save_template(window) -> None:
    from thidua_desktop.reports import excel_import

    path = messages.save_file(window, "Lưu tệp mẫu gửi đơn vị", "mau-danh-sach-ca-nhan.xlsx", XLSX_FILTER)
    if path is None:
        return
    if path.suffix.lower() != ".xlsx":
        path = path.with_suffix(".xlsx")
    try:
        excel_import.write_template(path)
    except OSError as exc:
        messages.error(window, f"Không ghi được “{path}”: {exc.strerror or exc}. Hãy chọn thư mục khác.")
        return
    window.statusBar().showMessage(f"Đã lưu tệp mẫu {path}", 10000)
