"""One unit's scores on the year's table: self-score and agreed score per criterion, with
a note and the evidence; each value checked as it is typed (never above the maximum, minus
items not positive); saved together."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from thidua_desktop.domain.text import vn_decimal
from thidua_desktop.rules import scoring as rules
from thidua_desktop.store import StoreError
from thidua_desktop.store.cluster import scoring
from thidua_desktop.store.db import transaction
from thidua_desktop.ui import contrast, messages

COLUMNS = ["Nhóm", "Nội dung", "Tối đa", "Tự chấm", "Thống nhất", "Ghi chú", "Minh chứng"]
SELF, AGREED, NOTE, EVIDENCE = 3, 4, 5, 6
BAD = QColor("#ffd6d6")


def parse_points(text: str) -> float | None:
    """ "12,5" or "12.5" → 12.5; empty → None; raises ValueError on anything else."""
    text = text.strip().replace(",", ".")
    return None if not text else float(text)


def points_text(value: float | None) -> str:
    return "" if value is None else vn_decimal(value)


class ScoreDialog(QDialog):
    def __init__(self, db, table_id: int, unit_id: int, unit_name: str, parent=None) -> None:
        super().__init__(parent)
        self.db, self.table_id, self.unit_id = db, table_id, unit_id
        self.criteria = scoring.criteria(db, table_id)
        self.details = details = scoring.score_details(db, table_id, unit_id)
        self.frozen = scoring.frozen(db, table_id)  # the year's vote closed: shown, not changed
        self.setWindowTitle(f"{'Điểm (đã khóa)' if self.frozen else 'Chấm điểm'}: {unit_name}")
        self.resize(1100, 620)
        self.table = QTableWidget(len(self.criteria), len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        for row, c in enumerate(self.criteria):
            mine = details.get(c.id, {})
            kind = "" if c.kind is rules.ItemKind.SCORED else f" ({rules.KIND_LABELS[c.kind].lower()})"
            cells = [c.group, c.text + kind, points_text(-c.max_points if c.kind is rules.ItemKind.MINUS else c.max_points),
                     points_text(mine.get("self_score")), points_text(mine.get("agreed_score")),
                     mine.get("note") or "", mine.get("evidence") or ""]  # fmt: skip
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column < SELF or self.frozen:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(row, column, item)
        self.table.resizeColumnToContents(0)
        self.total = QLabel()
        self.problem = QLabel()
        self.problem.setStyleSheet(contrast.style(contrast.ERROR))
        self.problem.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Lưu")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(QLabel("Gõ điểm tự chấm và điểm thống nhất (sau khi Khối kiểm tra chéo); điểm trừ ghi số âm. "
                             "Ô sai tô đỏ, rê chuột lên để xem lý do."))  # fmt: skip
        box.addWidget(self.table, 1)
        box.addWidget(self.total)
        box.addWidget(self.problem)
        box.addWidget(buttons)
        self.table.itemChanged.connect(lambda _item: self.check())
        self.check()
        if self.frozen:
            self.save_button.hide()
            buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Đóng")
            self.problem.setStyleSheet(contrast.style(contrast.WARNING))
            self.problem.setText(self.frozen)

    def values(self) -> dict[int, dict]:
        """criterion id → the row's values; raises ValueError naming the first bad cell."""
        out = {}
        for row, c in enumerate(self.criteria):
            entry = {}
            for column, key in ((SELF, "self_score"), (AGREED, "agreed_score")):
                text = self.table.item(row, column).text()
                try:
                    entry[key] = parse_points(text)
                except ValueError:
                    raise ValueError(
                        f"Dòng {row + 1}, cột “{COLUMNS[column]}”: “{text}” không phải số."
                    ) from None
                problem = rules.score_problem(c, entry[key])
                if problem:
                    raise ValueError(f"Dòng {row + 1}, cột “{COLUMNS[column]}”: {problem}")
            entry["note"] = self.table.item(row, NOTE).text().strip()
            entry["evidence"] = self.table.item(row, EVIDENCE).text().strip()
            out[c.id] = entry
        return out

    def check(self) -> bool:
        self.table.blockSignals(True)
        bad = []
        own = agreed = 0.0
        for row, c in enumerate(self.criteria):
            for column in (SELF, AGREED):
                item = self.table.item(row, column)
                try:
                    value = parse_points(item.text())
                    problem = rules.score_problem(c, value)
                except ValueError:
                    value, problem = None, "không phải số"
                item.setBackground(BAD if problem else QColor(0, 0, 0, 0))
                if problem:
                    item.setForeground(contrast.text_on(BAD))
                else:
                    item.setData(Qt.ItemDataRole.ForegroundRole, None)  # the palette's own text
                item.setToolTip(problem or "")
                if problem:
                    bad.append(f"dòng {row + 1} ({COLUMNS[column].lower()}): {problem}")
                elif value is not None:
                    if column == SELF:
                        own += value
                    else:
                        agreed += value
        self.table.blockSignals(False)
        self.total.setText(f"Tổng tự chấm: {points_text(round(own, 2)) or '0'} — tổng thống nhất: "
                           f"{points_text(round(agreed, 2)) or '0'} điểm")  # fmt: skip
        self.problem.setText("; ".join(bad[:3]) + (" …" if len(bad) > 3 else ""))
        self.save_button.setEnabled(not bad)
        return not bad

    def save(self) -> None:
        try:
            values = self.values()
            with transaction(self.db):
                for criterion_id, entry in values.items():
                    if criterion_id not in self.details and all(v in (None, "") for v in entry.values()):
                        continue  # nothing typed on a line never scored
                    scoring.set_score(self.db, criterion_id, self.unit_id, **entry)
        except (ValueError, StoreError) as exc:
            messages.error(self, str(exc))
            return
        self.accept()
