"""Khối thi đua…: the desk's clusters (name, the authority that set each up) and, for a
year, which units belong to each, with its head and deputy, all in one window (a desk
that starts from an empty file creates its cluster here)."""

from __future__ import annotations

from datetime import date

import sqlite_utils
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from thidua_desktop.domain.models import Role
from thidua_desktop.store import StoreError, desk_settings, lookups, rows
from thidua_desktop.store.records import units
from thidua_desktop.ui import messages

ROLE_LABELS = [(Role.MEMBER, "Thành viên"), (Role.HEAD, "Trưởng khối"), (Role.DEPUTY, "Phó khối")]


class ClustersDialog(QDialog):
    """Clusters on the left; the chosen one's name, authority and members of a year."""

    def __init__(self, db: sqlite_utils.Database, parent: QWidget | None = None, *, year: int | None = None):
        super().__init__(parent)
        self.db = db
        self.changed = False
        self.setWindowTitle("Khối thi đua và đơn vị thành viên")
        self.resize(880, 560)

        self.list = QListWidget(self)
        self.list.setToolTip("Các khối thi đua của cơ quan; chọn một khối để sửa tên và thành viên.")
        self.add_button = QPushButton("Thêm khối thi đua…", self)
        self.add_button.setToolTip("Tạo một khối mới (tên và cơ quan thành lập khối).")
        self.add_button.clicked.connect(self.add_cluster)
        left = QVBoxLayout()
        left.addWidget(QLabel("Khối thi đua", self))
        left.addWidget(self.list, 1)
        left.addWidget(self.add_button)

        self.name = QLineEdit(self)
        self.name.setPlaceholderText("Khối thi đua các cơ quan nội chính")
        self.authority = QLineEdit(self)
        identity = desk_settings.load_identity(db)
        self.authority.setPlaceholderText(identity.parent_agency or "Ủy ban nhân dân tỉnh …")
        self.authority.setToolTip(
            "Cơ quan quyết định thành lập khối (in ở dòng trên của tên khối trên giấy tờ)."
        )
        self.year = QSpinBox(self)
        self.year.setRange(1945, date.today().year + 5)
        self.year.setValue(year or date.today().year)
        self.year.setToolTip("Thành viên, trưởng khối và phó khối được ghi theo từng năm.")
        self.year.valueChanged.connect(self.show_members)
        form = QFormLayout()
        form.addRow("Tên khối *", self.name)
        form.addRow("Cơ quan thành lập", self.authority)
        form.addRow("Năm", self.year)

        self.members = QTableWidget(0, 2, self)
        self.members.setHorizontalHeaderLabels(["Đơn vị (đánh dấu để đưa vào khối)", "Vai trò"])
        self.members.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.members.verticalHeader().hide()
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.copy_button = QPushButton("Lấy thành viên năm trước", self)
        self.copy_button.setToolTip(
            "Đánh dấu các đơn vị và vai trò của năm trước cho năm đang chọn (chưa lưu)."
        )
        self.copy_button.clicked.connect(self.copy_last_year)
        box = QGroupBox("Thông tin khối", self)
        right = QVBoxLayout(box)
        right.addLayout(form)
        right.addWidget(self.members, 1)
        right.addWidget(self.hint)
        right.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignLeft)

        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addWidget(box, 3)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("Lưu khối này")
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)

        self.list.currentItemChanged.connect(lambda *_: self.show_cluster())
        self.fill_list()
        if self.list.count() == 0:
            self.hint.setText("Chưa có khối thi đua nào. Bấm “Thêm khối thi đua…” để tạo khối đầu tiên.")

    # --- the clusters ---------------------------------------------------------------------------
    def fill_list(self, select: int | None = None) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for cluster_id, name in lookups.clusters(self.db):
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, cluster_id)
            self.list.addItem(item)
            if cluster_id == select:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        self.show_cluster()

    @property
    def cluster_id(self) -> int | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def add_cluster(self) -> None:
        identity = desk_settings.load_identity(self.db)
        name = identity.agency if identity.level == "khoi" and not lookups.clusters(self.db) else ""
        try:
            new_id = units.create_cluster(
                self.db, name or f"Khối thi đua số {self.list.count() + 1}", identity.parent_agency
            )
        except StoreError as exc:
            messages.error(self, str(exc))
            return
        self.changed = True
        self.fill_list(select=new_id)
        self.name.setFocus()
        self.name.selectAll()

    def show_cluster(self) -> None:
        cluster = rows.get(self.db, "clusters", self.cluster_id) if self.cluster_id else None
        for w in (self.name, self.authority, self.year, self.members, self.copy_button):
            w.setEnabled(cluster is not None)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(cluster is not None)
        self.name.setText(cluster["name"] if cluster else "")
        self.authority.setText(cluster["authority"] if cluster else "")
        self.show_members()

    # --- the year's members ----------------------------------------------------------------------
    def show_members(self) -> None:
        current = {}
        if self.cluster_id:
            current = {
                m["id"]: Role(m["role"]) for m in units.members(self.db, self.cluster_id, self.year.value())
            }
        self._fill_members(current)

    def _fill_members(self, chosen: dict[int, Role]) -> None:
        everyone = lookups.units(self.db, active_only=True)
        self.members.clearContents()  # the old rows' role boxes go with them
        self.members.setRowCount(0)
        self.members.setRowCount(len(everyone))
        for r, (unit_id, name) in enumerate(everyone):
            item = QTableWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, unit_id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if unit_id in chosen else Qt.CheckState.Unchecked)
            self.members.setItem(r, 0, item)
            role = QComboBox(self.members)
            for value, label in ROLE_LABELS:
                role.addItem(label, value)
            role.setCurrentIndex([v for v, _ in ROLE_LABELS].index(chosen.get(unit_id, Role.MEMBER)))
            self.members.setCellWidget(r, 1, role)
        if self.cluster_id and not everyone:
            self.hint.setText(
                "Chưa có đơn vị nào. Hãy thêm đơn vị ở thẻ Đơn vị thành viên (nút Thêm), rồi mở lại cửa sổ này "
                "để đưa đơn vị vào khối."
            )
        elif self.cluster_id:
            self.hint.setText(
                f"{len(chosen)} đơn vị trong khối năm {self.year.value()}. Đánh dấu để thêm, bỏ dấu để đưa ra khỏi "
                "khối; chọn một Trưởng khối (đơn vị trưởng khối ký giấy tờ của khối năm đó) và một Phó khối."
            )

    def chosen(self) -> list[tuple[int, Role]]:
        out = []
        for r in range(self.members.rowCount()):
            item = self.members.item(r, 0)
            if item.checkState() == Qt.CheckState.Checked:
                out.append((item.data(Qt.ItemDataRole.UserRole), self.members.cellWidget(r, 1).currentData()))
        return out

    def copy_last_year(self) -> None:
        if self.cluster_id:
            last = units.members(self.db, self.cluster_id, self.year.value() - 1)
            if not last:
                messages.info(self, f"Năm {self.year.value() - 1} khối chưa có thành viên nào để lấy lại.")
                return
            self._fill_members({m["id"]: Role(m["role"]) for m in last})

    def save(self) -> None:
        if not self.cluster_id:
            return
        try:
            units.update_cluster(
                self.db, self.cluster_id, self.name.text(), " ".join(self.authority.text().split())
            )
            units.set_year_members(self.db, self.cluster_id, self.year.value(), self.chosen())
        except StoreError as exc:
            messages.error(self, str(exc), "Chưa lưu được")
            return
        self.changed = True
        self.fill_list(select=self.cluster_id)
        self.hint.setText(self.hint.text() + " Đã lưu.")


def edit_clusters(db: sqlite_utils.Database, parent: QWidget | None = None) -> bool:
    """Open the clusters window; True when anything was saved."""
    dialog = ClustersDialog(db, parent)
    messages.run_dialog(dialog)
    return dialog.changed
