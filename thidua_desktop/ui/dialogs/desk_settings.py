"""The desk's rule parameters, each shown with its legal source (rules.settings.SOURCES)."""

from __future__ import annotations

from datetime import date

import sqlite_utils
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from thidua_desktop.domain.dates import DateError, format_vn_date, parse_vn_date
from thidua_desktop.domain.text import vn_number
from thidua_desktop.rules.catalogue import BY_CODE
from thidua_desktop.rules.rulesets import RULE_SETS
from thidua_desktop.rules.settings import (
    READINGS,
    ROUND_NEAREST,
    ROUND_UP,
    SOURCES,
    DeskSettings,
    SalaryPeriod,
)
from thidua_desktop.store import desk_settings
from thidua_desktop.ui import contrast

THRESHOLD_AWARDS = ("CSTDTQ", "CSTDT", "CSTDCS", "CO_CP", "CO_TINH", "BK_TTG", "BK_TINH", "TTLDXS", "DVQT")
CURRENT_RULE_SETS = [r for r in RULE_SETS if r.valid_from >= date(2024, 1, 1)]


def _source(text: str, parent) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setStyleSheet(contrast.style(contrast.NOTE) + " font-size: small;")
    return label


class SettingsDialog(QDialog):
    def __init__(self, db: sqlite_utils.Database, parent=None):
        super().__init__(parent)
        self.db = db
        self.setWindowTitle("Thiết lập quy định thi đua, khen thưởng")
        self.resize(760, 720)
        s = desk_settings.load(db)
        form = QFormLayout()

        self.quota_enabled = QCheckBox("Áp dụng hạn mức CSTĐCS so với LĐTT", self)
        self.quota_enabled.setChecked(s.quota_enabled)
        self.quota_percent = QSpinBox(self)
        self.quota_percent.setRange(1, 100)
        self.quota_percent.setSuffix(" %")
        self.quota_percent.setValue(s.quota_percent)
        form.addRow("Hạn mức", self._with_source(self.quota_enabled, SOURCES["quota_enabled"]))
        form.addRow("Tỷ lệ tối đa", self._with_source(self.quota_percent, SOURCES["quota_percent"]))

        self.thresholds = QTableWidget(len(THRESHOLD_AWARDS), len(CURRENT_RULE_SETS), self)
        self.thresholds.setHorizontalHeaderLabels(
            [r.decree.replace("Nghị định ", "NĐ ").replace("/NĐ-CP", "") for r in CURRENT_RULE_SETS]
        )
        for c in range(len(CURRENT_RULE_SETS)):
            self.thresholds.setColumnWidth(c, 130)
        self.thresholds.setVerticalHeaderLabels([BY_CODE[c].short for c in THRESHOLD_AWARDS])
        for r, code in enumerate(THRESHOLD_AWARDS):
            for c, rule_set in enumerate(CURRENT_RULE_SETS):
                value = s.threshold(rule_set.code, code)
                self.thresholds.setItem(r, c, QTableWidgetItem("" if value is None else str(value)))
        self.thresholds.setFixedHeight(
            self.thresholds.horizontalHeader().sizeHint().height()
            + sum(self.thresholds.rowHeight(r) for r in range(len(THRESHOLD_AWARDS)))
            + 4
        )
        form.addRow(
            "Tỷ lệ phiếu tối thiểu (%)", self._with_source(self.thresholds, SOURCES["vote_thresholds"])
        )

        self.salary = QTableWidget(0, 3, self)
        self.salary.setHorizontalHeaderLabels(["Mức (đồng)", "Từ ngày", "Căn cứ"])
        self.salary.horizontalHeader().setStretchLastSection(True)
        for period in sorted(s.base_salary, key=lambda p: p.valid_from):
            self._add_salary_row(period)
        add = QPushButton("Thêm mức lương cơ sở", self)
        add.clicked.connect(lambda: self._add_salary_row(None))
        box = QWidget(self)
        box_layout = QVBoxLayout(box)
        box_layout.setContentsMargins(0, 0, 0, 0)
        box_layout.addWidget(self.salary)
        box_layout.addWidget(add)
        box_layout.addWidget(_source(SOURCES["base_salary"], self))
        form.addRow("Lương cơ sở", box)

        self.rounding = QComboBox(self)
        self.rounding.addItem("Làm tròn lên hàng chục nghìn đồng", ROUND_UP)
        self.rounding.addItem("Làm tròn đến hàng chục nghìn gần nhất", ROUND_NEAREST)
        self.rounding.setCurrentIndex(max(0, self.rounding.findData(s.rounding)))
        form.addRow("Làm tròn tiền thưởng", self._with_source(self.rounding, SOURCES["rounding"]))

        self.household = QDoubleSpinBox(self)
        self.household.setRange(0.5, 5.0)
        self.household.setSingleStep(0.1)
        self.household.setDecimals(2)
        self.household.setSuffix(" lần cá nhân")
        self.household.setValue(s.household_multiplier)
        form.addRow(
            "Tiền thưởng hộ gia đình", self._with_source(self.household, SOURCES["household_multiplier"])
        )

        # readings public guidance disagrees on (issue 22, point 8): each choice with its source
        self.readings: dict[str, QComboBox] = {}
        for key, label in (("bk_tinh_initiatives", "Sáng kiến của Bằng khen tỉnh"),
                           ("bk_ttg_interval", "Thời gian trước Bằng khen Thủ tướng")):  # fmt: skip
            box = QComboBox(self)
            # the readings are long sentences: the box keeps the dialog's width, the list shows them whole
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(30)
            box.view().setMinimumWidth(700)
            for value, (text, source) in READINGS[key].items():
                box.addItem(text, value)
                box.setItemData(box.count() - 1, f"Nguồn: {source}", Qt.ItemDataRole.ToolTipRole)
            box.setCurrentIndex(max(0, box.findData(getattr(s, key))))
            box.setToolTip(box.currentText())
            box.currentIndexChanged.connect(lambda _i, b=box: b.setToolTip(b.currentText()))
            self.readings[key] = box
            form.addRow(label, self._with_source(box, SOURCES[key]))

        self.giay_khen = QPlainTextEdit(s.giay_khen_criteria, self)
        self.giay_khen.setFixedHeight(80)
        form.addRow("Tiêu chuẩn Giấy khen", self._with_source(self.giay_khen, SOURCES["giay_khen_criteria"]))

        self.error = QLabel(self)
        self.error.setStyleSheet(contrast.style(contrast.ERROR))
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Lưu")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        body = QWidget(self)
        body.setLayout(form)
        scroll = QScrollArea(self)  # fits a laptop screen at a conference
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _with_source(self, widget: QWidget, source: str) -> QWidget:
        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(widget)
        layout.addWidget(_source(source, self))
        return box

    def _add_salary_row(self, period: SalaryPeriod | None) -> None:
        r = self.salary.rowCount()
        self.salary.insertRow(r)
        values = ("", "", "") if period is None else (
            vn_number(period.amount), format_vn_date(period.valid_from), period.basis)  # fmt: skip
        for c, text in enumerate(values):
            self.salary.setItem(r, c, QTableWidgetItem(text))

    def settings(self) -> DeskSettings:
        """What the dialog holds; raises ValueError with the message to show."""
        s = desk_settings.load(self.db)
        s.quota_enabled = self.quota_enabled.isChecked()
        s.quota_percent = self.quota_percent.value()
        for r, code in enumerate(THRESHOLD_AWARDS):
            for c, rule_set in enumerate(CURRENT_RULE_SETS):
                text = (self.thresholds.item(r, c).text() if self.thresholds.item(r, c) else "").strip()
                table = s.vote_thresholds.setdefault(rule_set.code, {})
                if not text:
                    table.pop(code, None)
                elif not text.isdigit() or not 1 <= int(text) <= 100:
                    raise ValueError(
                        f"Tỷ lệ phiếu của {BY_CODE[code].name} ({rule_set.decree}) phải là số từ 1 đến 100."
                    )
                else:
                    table[code] = int(text)
        periods = []
        for r in range(self.salary.rowCount()):
            cells = [
                (self.salary.item(r, c).text() if self.salary.item(r, c) else "").strip() for c in range(3)
            ]
            if not any(cells):
                continue
            digits = cells[0].replace(".", "").replace(",", "").replace(" ", "")
            if not digits.isdigit():
                raise ValueError(
                    f"Dòng {r + 1} của bảng lương cơ sở: mức lương phải là số đồng, ví dụ 2.340.000."
                )
            try:
                start = parse_vn_date(cells[1])
            except DateError as exc:
                raise ValueError(f"Dòng {r + 1} của bảng lương cơ sở: {exc}") from None
            if start is None:
                raise ValueError(f"Dòng {r + 1} của bảng lương cơ sở: cần ngày bắt đầu áp dụng.")
            periods.append(SalaryPeriod(int(digits), start, cells[2]))
        if not periods:
            raise ValueError("Cần ít nhất một mức lương cơ sở.")
        s.base_salary = periods
        s.rounding = self.rounding.currentData()
        s.giay_khen_criteria = self.giay_khen.toPlainText().strip()
        s.household_multiplier = round(self.household.value(), 2)
        for key, box in self.readings.items():
            setattr(s, key, box.currentData())
        return s

    def save(self) -> None:
        try:
            settings = self.settings()
        except ValueError as exc:
            self.error.setText(str(exc))
            return
        desk_settings.save(self.db, settings)
        self.accept()
