"""The tie rule chosen, not typed (issue 21): the ways a tie on total points may be broken
(each scored group's points, bonus points, fewer points taken off, more leading votes) as a
list to tick and put in order; the rule the store keeps ("group:I,vote") is made from it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from thidua_desktop.rules.scoring import TIE_BREAKERS, describe_tie_rule


class TieRuleDialog(QDialog):
    """Tick the tie breakers to use and move them into the order they apply."""

    def __init__(self, rule: str, groups: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Quy tắc xếp hạng khi bằng điểm")
        self.resize(560, 420)
        chosen = [p.strip() for p in rule.split(",") if p.strip()]
        options = [f"group:{g}" for g in groups] + list(TIE_BREAKERS)
        self.list = QListWidget(self)
        for key in chosen + [o for o in options if o not in chosen]:
            if key not in options:
                continue  # a group no longer in the table
            item = QListWidgetItem(_label(key))
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if key in chosen else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.preview = QLabel(self)
        self.preview.setWordWrap(True)
        self.list.itemChanged.connect(lambda _i: self._show())
        up, down = QPushButton("Lên trên", self), QPushButton("Xuống dưới", self)
        up.setToolTip("Dùng tiêu chí đang chọn trước các tiêu chí khác.")
        down.setToolTip("Dùng tiêu chí đang chọn sau các tiêu chí khác.")
        up.clicked.connect(lambda: self._move(-1))
        down.clicked.connect(lambda: self._move(1))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Lưu quy tắc")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        side = QVBoxLayout()
        side.addWidget(up)
        side.addWidget(down)
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addLayout(side)
        box = QVBoxLayout(self)
        box.addWidget(
            QLabel("Các đơn vị bằng tổng điểm được xếp theo các tiêu chí đánh dấu, lần lượt từ trên xuống:")
        )
        box.addLayout(row)
        box.addWidget(self.preview)
        box.addWidget(buttons)
        self._show()

    def _move(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)
        self._show()

    def rule(self) -> str:
        """The rule as the store keeps it: the ticked breakers, in order."""
        return ",".join(
            self.list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        )

    def _show(self) -> None:
        self.preview.setText(f"Bằng tổng điểm thì xếp theo: {describe_tie_rule(self.rule())}.")


def _label(key: str) -> str:
    text = describe_tie_rule(key)
    return text[0].upper() + text[1:]
