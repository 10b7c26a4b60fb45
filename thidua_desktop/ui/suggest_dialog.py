"""Suggest nominees: for an award and a year, everyone whose record meets the criteria,
with the CSTĐCS-over-LĐTT counters per unit; one click creates the proposals."""

from __future__ import annotations

from datetime import date

import sqlite_utils
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from thidua_desktop.rules.catalogue import BY_CODE
from thidua_desktop.rules.eligibility import Status
from thidua_desktop.rules.quotas import quota
from thidua_desktop.store import StoreError, desk_settings, lookups, nominees, proposals
from thidua_desktop.store.db import transaction
from thidua_desktop.ui import messages
from thidua_desktop.ui.undo import InsertCommand

SUGGESTABLE = ("CSTDT", "CSTDTQ", "CSTDCS", "LDTT", "CSTT", "BK_TINH", "BK_TTG")


class SuggestDialog(QDialog):
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

        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels(
            ["Họ và tên", "Đơn vị", "Cần kiểm tra thêm", "Tóm tắt điều kiện"]
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 200)
        self.table.setColumnWidth(1, 230)
        self.table.setColumnWidth(2, 120)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
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
        self.found: list[dict] = []

    def find(self) -> None:
        settings = desk_settings.load(self.db)
        award, year = self.award.currentData(), self.year.value()
        self.found = nominees.suggest(self.db, award, year, settings, unit_id=self.unit.currentData())
        self.table.setRowCount(len(self.found))
        for r, c in enumerate(self.found):
            name = QTableWidgetItem(c["name"])
            name.setFlags(name.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            name.setCheckState(Qt.CheckState.Checked)
            checks = [f for f in c["findings"] if f.status == Status.CHECK]
            self.table.setItem(r, 0, name)
            self.table.setItem(r, 1, QTableWidgetItem(c["unit"]))
            self.table.setItem(r, 2, QTableWidgetItem(str(len(checks)) if checks else ""))
            summary = QTableWidgetItem("; ".join(f.text for f in c["findings"] if f.status == Status.MET))
            summary.setToolTip("\n".join(str(f) for f in c["findings"]))
            self.table.setItem(r, 3, summary)
        self.status.setText(
            f"{len(self.found)} người đủ các điều kiện bắt buộc; bỏ đánh dấu những người không đề nghị."
        )
        counts = nominees.quota_counts(self.db, year)
        lines = []
        for _uid, (name, used, base) in sorted(counts.items(), key=lambda kv: kv[1][0]):
            if used or base:
                q = quota(settings, used, base)
                style = " style='color:#b00020'" if q.exceeded else ""
                lines.append(f"<span{style}>{name}: {q.text()}</span>")
        head = "Tỷ lệ CSTĐCS so với LĐTT theo đơn vị" + (
            f" (hạn mức {settings.quota_percent} % đang bật)"
            if settings.quota_enabled
            else " (không áp hạn mức)"
        )
        self.quota_label.setText(f"<b>{head}:</b> " + " · ".join(lines) if lines else "")

    def checked(self) -> list[dict]:
        return [
            c for r, c in enumerate(self.found) if self.table.item(r, 0).checkState() == Qt.CheckState.Checked
        ]

    def create_proposals(self) -> None:
        chosen = self.checked()
        if not chosen:
            return
        award, year = self.award.currentData(), self.year.value()
        try:
            with transaction(self.db):
                ids = [proposals.create_proposal(self.db, award, year, individual_id=c["id"]) for c in chosen]
        except StoreError as exc:
            messages.error(self, str(exc))
            return
        self.undo_stack.beginMacro(f"tạo {len(ids)} đề nghị {BY_CODE[award].name} năm {year}")
        for pid in ids:
            self.undo_stack.push(
                InsertCommand(
                    "", lambda: self.db, "proposals", pid, self.on_created, lambda t: messages.error(self, t)
                )
            )
        self.undo_stack.endMacro()
        self.on_created()
        self.status.setText(f"Đã tạo {len(ids)} đề nghị (Ctrl+Z trong cửa sổ chính để hoàn tác).")
        self.find()
