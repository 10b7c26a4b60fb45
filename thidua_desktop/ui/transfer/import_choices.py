"""What the user decides in an import's preview (issue 23): the year of achievement (read from
the title, or chosen), the meaning of each column (read from its header, or changed), and for
each unit the data file lacks, whether to create it or which unit it is. Any change asks the
preview to read the file again with the choices; nothing is written meanwhile."""

from __future__ import annotations

from typing import Any

from openpyxl.utils import get_column_letter
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from thidua_desktop.reports.excel.importing import CREATE
from thidua_desktop.reports.excel.list_reading import FIELD_LABELS
from thidua_desktop.store.records.unit_matching import name_key

IGNORED = ""  # a column the import leaves out
NO_YEAR = 0  # the year spin's "not chosen"
MAKE = -1  # a new unit's box: create it (``importing.CREATE`` to the preview)


class ImportChoices(QWidget):
    """The year, the columns and the new units of a preview; ``changed`` when the user
    changes one of them (``year()``, ``columns()``, ``unit_map()`` then say what he chose)."""

    changed = Signal()

    def __init__(self, rows, units: list[tuple[int, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.units = units
        self._unit_map: dict[str, int | None] = {}
        self._new_seen: dict[str, int] = {}  # every new name shown, kept when mapped away
        box = QHBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self._year_box(), 0)
        scroll = QScrollArea(self)  # a list of twenty columns stays a strip above the table
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._columns_box())
        scroll.setMaximumHeight(190)
        scroll.setMinimumWidth(430)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        box.addWidget(scroll, 3)
        self.new_units = QGroupBox("Đơn vị chưa có trong dữ liệu", self)
        self.new_units_form = QFormLayout(self.new_units)
        box.addWidget(self.new_units, 2)
        self.show_rows(rows)

    # --- the year ------------------------------------------------------------------------
    def _year_box(self) -> QGroupBox:
        group = QGroupBox("Năm thành tích", self)
        self.year_spin = QSpinBox(group)
        self.year_spin.setRange(NO_YEAR, 2100)
        self.year_spin.setSpecialValueText("chưa chọn")
        self.year_spin.setToolTip(
            "Năm thành tích cho các dòng không có cột năm riêng; đọc từ tiêu đề tệp (“NĂM 2026”) nếu có. "
            "Đổi năm ở đây thì bảng được kiểm tra lại."
        )
        self.year_spin.editingFinished.connect(self._year_changed)
        self.year_source = QLabel(group)
        self.year_source.setWordWrap(True)
        layout = QVBoxLayout(group)
        layout.addWidget(self.year_spin)
        layout.addWidget(self.year_source)
        layout.addStretch(1)
        group.setFixedWidth(200)
        self._chosen_year: int | None = None
        return group

    def _year_changed(self) -> None:
        value = self.year_spin.value()
        chosen = None if value == NO_YEAR else value
        if chosen != self._shown_year:
            self._chosen_year = chosen
            self.changed.emit()

    def year(self) -> int | None:
        return self._chosen_year

    # --- the columns ---------------------------------------------------------------------
    def _columns_box(self) -> QGroupBox:
        group = QGroupBox("Cột trong tệp và nội dung chương trình hiểu", self)
        group.setToolTip(
            "Nếu chương trình hiểu sai một cột, chọn lại nội dung của cột đó; bảng được kiểm tra lại."
        )
        self.columns_form = QFormLayout(group)
        self.column_boxes: dict[int, QComboBox] = {}
        return group

    def columns(self) -> dict[str, int]:
        """Each field's column, as the boxes say now."""
        out: dict[str, int] = {}
        for column, combo in self.column_boxes.items():
            field = combo.currentData()
            if field and field not in out:
                out[field] = column
        return out

    # --- the new units -------------------------------------------------------------------
    def unit_map(self) -> dict[str, int | None]:
        return dict(self._unit_map)

    def _unit_chosen(self, name: str, combo: QComboBox) -> None:
        data = combo.currentData()
        self._unit_map[name_key(name)] = CREATE if data == MAKE else data
        self.changed.emit()

    # --- showing a preview ---------------------------------------------------------------
    def show_rows(self, rows) -> None:
        """Fill the boxes from a preview (after every re-reading)."""
        self._shown_year = rows.year
        self.year_spin.blockSignals(True)
        self.year_spin.setValue(rows.year or NO_YEAR)
        self.year_spin.blockSignals(False)
        self.year_source.setText(
            f"Năm {rows.year}, {rows.year_source}." if rows.year else
            "Tệp không ghi năm: hãy chọn năm thành tích để nhập các đề nghị."
        )  # fmt: skip
        _clear(self.columns_form)
        self.column_boxes = {}
        layout = rows.layout
        field_of = {c: f for f, c in layout.columns.items()}
        for column in sorted(set(layout.headers) | set(field_of)):
            combo = QComboBox(self)
            combo.addItem("(bỏ qua cột này)", IGNORED)
            for field, label in FIELD_LABELS.items():
                combo.addItem(label, field)
            combo.setCurrentIndex(max(0, combo.findData(field_of.get(column, IGNORED))))
            combo.activated.connect(lambda _i: self.changed.emit())
            header = layout.headers.get(column, "")
            self.columns_form.addRow(f"Cột {get_column_letter(column + 1)} “{header}”", combo)
            self.column_boxes[column] = combo
        _clear(self.new_units_form)
        self._new_seen.update(rows.new_units)
        self.new_units.setVisible(bool(self._new_seen))
        for name, count in self._new_seen.items():
            combo = QComboBox(self)
            combo.addItem("Tạo đơn vị mới với tên này", MAKE)
            for unit_id, unit_name in self.units:
                combo.addItem(f"Là đơn vị “{unit_name}”", unit_id)
            combo.setToolTip(
                "Tên đơn vị này chưa có trong dữ liệu: tạo đơn vị mới, hoặc chọn đơn vị có sẵn mà tệp muốn nói."
            )
            mapped = self._unit_map.get(name_key(name), CREATE)
            combo.setCurrentIndex(max(0, combo.findData(MAKE if mapped is CREATE else mapped)))
            combo.activated.connect(lambda _i, n=name, c=combo: self._unit_chosen(n, c))
            self.new_units_form.addRow(f"“{name}” ({count} dòng)", combo)


def _clear(form: QFormLayout) -> None:
    while form.rowCount():
        form.removeRow(0)


def chosen(choices: ImportChoices) -> dict[str, Any]:
    """The keyword arguments of ``importing.preview`` the choices make."""
    return {"year": choices.year(), "columns": choices.columns(), "unit_map": choices.unit_map()}
