"""A person's annual ratings as one grid of years (issue 20, point 4): the last ten years up
to the working year, plus any year already recorded, each with its rating and months worked,
typed in one dialog and saved as one undo step instead of one dialog per year."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from thidua_desktop.domain.dates import year_short
from thidua_desktop.domain.models import Rating
from thidua_desktop.store.records import individuals

SHOWN_YEARS = 10  # the years the titles look back on: CSTĐ toàn quốc rests on six (Law Art. 21)
NOT_GIVEN = -1  # the months spin's "not recorded" (a full year unless said otherwise)


class RatingsGrid(QDialog):
    """Xếp loại các năm: one row per year (newest first), the rating chosen by typing its
    short code (HTX…) or from the list, the months worked when less than a year."""

    def __init__(
        self, db, person_id: int, name: str, working_year: int, parent: QWidget | None = None, *,
        school: bool = False,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.school = school  # a school counting by school year: 2025 shown as 2024–2025 (issue 22, point 9)
        self.setWindowTitle(f"Xếp loại các năm của “{name}”")
        self.resize(640, 520)
        self.before = individuals.ratings(db, person_id)
        newest = max([working_year, *self.before])
        self.years: list[int] = []
        self.inputs: list[tuple[QComboBox, QSpinBox]] = []
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels(
            ["Năm học" if school else "Năm", "Xếp loại", "Số tháng công tác"]
        )
        self.table.horizontalHeaderItem(2).setToolTip(
            "Để “—” nếu công tác cả năm; ghi số tháng nếu ít hơn (nghỉ thai sản, mới chuyển đến…)."
        )
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 100 if school else 70)
        self.table.setColumnWidth(2, 150)
        self.table.verticalHeader().hide()
        self.table.setTabKeyNavigation(False)  # Tab runs through the cells' inputs, not the items
        oldest = min([newest - SHOWN_YEARS + 1, *self.before])  # no gap down to the oldest recorded
        for year in range(newest, oldest - 1, -1):
            self._add_year(year)
        earlier = QPushButton("Thêm năm trước đó", self)
        earlier.setToolTip("Thêm một dòng cho năm cũ hơn năm cuối bảng.")
        earlier.clicked.connect(lambda: self._add_year(self.years[-1] - 1))
        self.summary = QLabel(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("Lưu xếp loại")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        hint = QLabel(
            "Chọn xếp loại cho từng năm (gõ chữ viết tắt như HTX để chọn nhanh, Tab để sang ô kế tiếp); "
            "để trống năm chưa có xếp loại.",
            self,
        )
        hint.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(earlier)
        row.addStretch(1)
        row.addWidget(self.summary)
        box = QVBoxLayout(self)
        box.addWidget(hint)
        box.addWidget(self.table, 1)
        box.addLayout(row)
        box.addWidget(self.buttons)
        self._count()
        if self.inputs:
            self.inputs[0][0].setFocus()

    def _add_year(self, year: int) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        item = QTableWidgetItem(year_short(year, self.school))
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        self.table.setItem(r, 0, item)
        rating = QComboBox(self.table)
        rating.addItem("", None)
        for value in Rating:
            rating.addItem(f"{value.value} – {value.label}", value.value)
        months = QSpinBox(self.table)
        months.setRange(NOT_GIVEN, 12)
        months.setSpecialValueText("—")
        old_rating, old_months = self.before.get(year, (None, None))
        rating.setCurrentIndex(max(0, rating.findData(old_rating)))
        months.setValue(NOT_GIVEN if old_months is None else old_months)
        rating.currentIndexChanged.connect(self._count)
        self.table.setCellWidget(r, 1, rating)
        self.table.setCellWidget(r, 2, months)
        for widget in (rating, months):
            widget.installEventFilter(self)
        if self.inputs:  # Tab runs down the years: rating, months, next year's rating
            self.setTabOrder(self.inputs[-1][1], rating)
        self.setTabOrder(rating, months)
        self.years.append(year)
        self.inputs.append((rating, months))

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.FocusIn:  # the row being typed stays in sight
            for r, pair in enumerate(self.inputs):
                if watched in pair:
                    self.table.scrollTo(self.table.model().index(r, 1))
        return super().eventFilter(watched, event)

    def _count(self) -> None:
        given = sum(1 for rating, _months in self.inputs if rating.currentData())
        self.summary.setText(f"Đã có xếp loại {given} năm")

    def values(self) -> dict[int, tuple[Rating | None, int | None]]:
        """Every row's year, rating (None: none) and months (None: not recorded)."""
        return {
            year: (
                Rating(rating.currentData()) if rating.currentData() else None,
                None if months.value() == NOT_GIVEN else months.value(),
            )
            for year, (rating, months) in zip(self.years, self.inputs, strict=True)
        }

    def changes(self) -> dict[int, tuple[Rating | None, int | None]]:
        """The rows that differ from what was recorded."""
        return {
            year: (rating, months)
            for year, (rating, months) in self.values().items()
            if self.before.get(year) != ((rating.value, months) if rating else None)
        }
