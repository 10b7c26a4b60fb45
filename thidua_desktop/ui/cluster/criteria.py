"""The criteria of a year's scoring table: groups with their maximum points, bonus items and
minus items, each with a short text; edited in a table and saved together."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from thidua_desktop.rules.scoring import KIND_LABELS, ItemKind
from thidua_desktop.store import StoreError
from thidua_desktop.store.cluster import scoring
from thidua_desktop.ui import messages
from thidua_desktop.ui.cluster.scores import parse_points, points_text

COLUMNS = ["Nhóm", "Tên nhóm", "Loại", "Nội dung", "Điểm tối đa"]


class CriteriaDialog(QDialog):
    def __init__(self, db, table_id: int, parent=None) -> None:
        super().__init__(parent)
        self.db, self.table_id = db, table_id
        self.ids: list[int | None] = []
        self.removed: list[int] = []
        self.setWindowTitle("Tiêu chí chấm điểm")
        self.resize(1000, 560)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for c in scoring.criteria(db, table_id):
            self._add_row(c.id, c.group, c.group_title, c.kind, c.text, c.max_points)
        add = QPushButton("Thêm dòng")
        add.setToolTip("Thêm một tiêu chí (dòng) vào cuối bảng điểm.")
        add.clicked.connect(lambda: self._add_row(None, "", "", ItemKind.SCORED, "", 0))
        remove = QPushButton("Xóa dòng đang chọn")
        remove.setToolTip("Bỏ tiêu chí đang chọn khỏi bảng điểm (chưa ghi cho đến khi bấm Lưu).")
        remove.clicked.connect(self.remove_row)
        self.sum_label = QLabel()
        self.table.itemChanged.connect(lambda _i: self._show_sum())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Lưu")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch()
        row.addWidget(self.sum_label)
        box = QVBoxLayout(self)
        box.addWidget(QLabel("Điểm cộng, điểm trừ ghi số điểm tối đa được cộng hoặc bị trừ (số dương)."))
        box.addWidget(self.table, 1)
        box.addLayout(row)
        box.addWidget(buttons)
        self._show_sum()

    def _add_row(self, cid, group, group_title, kind, text, maximum) -> None:
        r = self.table.rowCount()
        self.table.blockSignals(True)  # the row is complete only once its kind list is set
        self.table.insertRow(r)
        self.ids.append(cid)
        for column, value in ((0, group), (1, group_title), (3, text), (4, points_text(maximum))):
            self.table.setItem(r, column, QTableWidgetItem(value))
        combo = QComboBox()
        for k in ItemKind:
            combo.addItem(KIND_LABELS[k], k.value)
        combo.setCurrentIndex(combo.findData(ItemKind(kind).value))
        combo.currentIndexChanged.connect(lambda _i: self._show_sum())
        self.table.setCellWidget(r, 2, combo)
        self.table.blockSignals(False)
        if hasattr(self, "sum_label"):
            self._show_sum()

    def remove_row(self) -> None:
        r = self.table.currentRow()
        if r < 0:
            return
        cid = self.ids[r]
        if cid is not None:
            scored = scoring.scored_count(self.db, cid)
            if scored and not messages.ask(
                self, f"Mục này đã có điểm của {scored} đơn vị; xóa mục thì xóa cả các điểm đó. Xóa?"
            ):
                return
            self.removed.append(cid)
        self.table.removeRow(r)
        del self.ids[r]
        self._show_sum()

    def values(self) -> list[tuple[int | None, dict]]:
        out = []
        for r in range(self.table.rowCount()):
            text = lambda c, r=r: (self.table.item(r, c).text() if self.table.item(r, c) else "").strip()  # noqa: E731
            try:
                maximum = parse_points(text(4))
            except ValueError:
                raise ValueError(f"Dòng {r + 1}: điểm tối đa “{text(4)}” không phải số.") from None
            if not text(0) or not text(3) or maximum is None or maximum < 0:
                raise ValueError(f"Dòng {r + 1}: cần ghi nhóm, nội dung và điểm tối đa (số không âm).")
            out.append((self.ids[r], {"group_code": text(0), "group_title": text(1),
                                      "kind": self.table.cellWidget(r, 2).currentData(), "text": text(3),
                                      "max_points": maximum}))  # fmt: skip
        return out

    def _show_sum(self) -> None:
        try:
            total = sum(v["max_points"] for _i, v in self.values() if v["kind"] == ItemKind.SCORED.value)
            self.sum_label.setText(f"Tổng điểm các tiêu chí: {points_text(total)}")
        except ValueError as exc:
            self.sum_label.setText(str(exc))

    def save(self) -> None:
        try:
            scoring.save_criteria(self.db, self.table_id, self.values(), self.removed)
        except (ValueError, StoreError) as exc:
            messages.error(self, str(exc))
            return
        self.accept()
