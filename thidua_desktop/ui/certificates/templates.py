"""Certificate templates, the font and the printer calibration: copy a shipped template
and edit its boxes; for any template, the printer's offset and per-line nudges, a scanned
image of the blank to check the positions against, and a calibration page to print."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from thidua_desktop.reports import fonts as certificate_fonts
from thidua_desktop.reports.certificates import batch as rc
from thidua_desktop.reports.certificates.layout import Calibration, Mode, layout, values_for
from thidua_desktop.reports.certificates.template import Template, TemplateError, dumps, from_dict, to_dict
from thidua_desktop.reports.fonts import FontError
from thidua_desktop.reports.papers.issuer import certificate_values
from thidua_desktop.store import StoreError, desk_settings
from thidua_desktop.store.errors import user_text
from thidua_desktop.store.report_data import certificates as sc
from thidua_desktop.ui import contrast, messages
from thidua_desktop.ui.certificates.render import PreviewWidget

SAMPLE = {
    "id": 0, "subject": "ca_nhan", "full_name": "Nguyễn Thị Thanh Hương", "sex": "nu", "position": "Phó Trưởng phòng",
    "unit_name": "Sở Tư pháp", "year": 2025, "award_code": "BK_TINH",
    "summary": "Đã có thành tích xuất sắc trong thực hiện nhiệm vụ chính trị năm 2025",
    "decision_number": "123/QĐ-UBND", "decision_date": "2026-01-15", "register_number": "0001",
}  # fmt: skip

# (key in the field, header, kind): kinds "text", "mm", "pt", "bool", "nudge_x", "nudge_y"
COLUMNS = [
    ("key", "Dòng", "key"), ("text", "Nội dung", "text"), ("x_mm", "Trái (mm)", "mm"), ("y_mm", "Trên (mm)", "mm"),
    ("width_mm", "Rộng (mm)", "mm"), ("height_mm", "Cao (mm)", "mm"), ("size", "Cỡ chữ", "pt"),
    ("min_size", "Nhỏ nhất", "pt"), ("style", "Kiểu", "text"), ("align", "Căn", "text"), ("colour", "Màu", "text"),
    ("upper", "Chữ hoa", "bool"), ("wrap", "Xuống dòng", "bool"),
    ("nudge_x", "Chỉnh ngang", "nudge_x"), ("nudge_y", "Chỉnh dọc", "nudge_y"),
]  # fmt: skip


class TemplatesDialog(QDialog):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.db = window.db
        self.read_only = getattr(window, "read_only", False)
        self.settings = sc.load_settings(self.db)
        # the example certificate's issuer, place and signer as the desk's own papers give them
        self.sample_defaults = certificate_values(SAMPLE, desk_settings.load_identity(self.db))
        self.templates: dict[str, Template] = {}
        self.setWindowTitle("Mẫu bằng, phông chữ và căn chỉnh máy in")
        self.resize(1200, 780)

        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.currentRowChanged.connect(self._show_template)
        copy = QPushButton("Sao chép mẫu…")
        copy.clicked.connect(self.copy_template)
        self.delete_button = QPushButton("Xóa mẫu của bộ phận")
        self.delete_button.clicked.connect(self.delete_template)
        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        left_box.addWidget(QLabel("Mẫu bằng:"))
        left_box.addWidget(self.list, 1)
        left_box.addWidget(copy)
        left_box.addWidget(self.delete_button)

        self.font_label = QLabel()
        self.font_label.setWordWrap(True)
        font_row = QHBoxLayout()
        for text, slot in (("Phông kèm theo", self.use_bundled_font), ("Times New Roman", self.use_times),
                           ("Chọn tệp phông…", self.choose_font)):  # fmt: skip
            button = QPushButton(text)
            button.clicked.connect(slot)
            font_row.addWidget(button)
        self.offset_x, self.offset_y = QDoubleSpinBox(), QDoubleSpinBox()
        for spin in (self.offset_x, self.offset_y):
            spin.setRange(-50, 50)
            spin.setSingleStep(0.5)
            spin.setDecimals(1)
            spin.setSuffix(" mm")
            spin.valueChanged.connect(self._calibration_changed)
        offsets = QHBoxLayout()
        offsets.addWidget(QLabel("sang phải"))
        offsets.addWidget(self.offset_x)
        offsets.addWidget(QLabel("xuống dưới"))
        offsets.addWidget(self.offset_y)
        offsets.addStretch()
        images = QHBoxLayout()
        for text, slot in (("Ảnh quốc huy, biểu tượng…", self.choose_emblem), ("Ảnh quét phôi bằng…", self.choose_scan),
                           ("Trang căn chỉnh (PDF)…", self.calibration_pdf)):  # fmt: skip
            button = QPushButton(text)
            button.clicked.connect(slot)
            images.addWidget(button)
        self.overprint = QCheckBox("Xem như in lên phôi (chỉ các dòng thay đổi, theo độ lệch, trên ảnh quét)")
        self.overprint.toggled.connect(self._preview)
        form = QFormLayout()
        form.addRow("Phông chữ", self.font_label)
        form.addRow("", font_row)
        form.addRow("Độ lệch máy in", offsets)
        form.addRow("", images)
        form.addRow("", self.overprint)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([c[1] for c in COLUMNS])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._cell_changed)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.preview = PreviewWidget()

        right = QWidget()
        right_box = QVBoxLayout(right)
        right_box.setContentsMargins(0, 0, 0, 0)
        right_box.addLayout(form)
        inner = QSplitter(Qt.Orientation.Vertical)
        inner.addWidget(self.preview)
        table_box = QWidget()
        table_layout = QVBoxLayout(table_box)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addWidget(self.note)
        table_layout.addWidget(self.table)
        inner.addWidget(table_box)
        inner.setSizes([430, 300])
        right_box.addWidget(inner, 1)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([300, 900])

        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("Lưu", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Đóng", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.save_button.setEnabled(not self.read_only)
        box = QVBoxLayout(self)
        box.addWidget(split, 1)
        box.addWidget(buttons)
        self._filling = False
        self._reload()
        self._show_font()

    # --- templates --------------------------------------------------------------------------
    def _reload(self, select: str | None = None) -> None:
        self.templates = rc.all_templates(sc.desk_templates(self.db))
        self.list.blockSignals(True)
        self.list.clear()
        for template in self.templates.values():
            item = QListWidgetItem(template.title + ("" if template.builtin else "  (của bộ phận)"))
            item.setData(Qt.ItemDataRole.UserRole, template.name)
            self.list.addItem(item)
        self.list.blockSignals(False)
        names = list(self.templates)
        self.list.setCurrentRow(names.index(select) if select in names else 0)

    @property
    def template(self) -> Template:
        return self.templates[self.list.currentItem().data(Qt.ItemDataRole.UserRole)]

    def calibration(self) -> Calibration:
        return Calibration.from_dict(self.settings["calibration"].get(self.template.name))

    def _show_template(self, _row: int = 0) -> None:
        if self.list.currentItem() is None:
            return
        template, calibration = self.template, self.calibration()
        self._filling = True
        self.offset_x.setValue(calibration.offset_x_mm)
        self.offset_y.setValue(calibration.offset_y_mm)
        self.table.setRowCount(len(template.fields))
        for row, spec in enumerate(template.fields):
            nudge = calibration.nudges.get(spec.key, (0.0, 0.0))
            for column, (key, _title, kind) in enumerate(COLUMNS):
                if kind == "bool":
                    item = QTableWidgetItem()
                    item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
                    item.setCheckState(
                        Qt.CheckState.Checked if getattr(spec, key) else Qt.CheckState.Unchecked
                    )
                else:
                    value = (
                        nudge[0]
                        if kind == "nudge_x"
                        else nudge[1]
                        if kind == "nudge_y"
                        else getattr(spec, key)
                    )
                    item = QTableWidgetItem(f"{value:g}" if isinstance(value, float | int) else str(value))
                editable = kind in ("nudge_x", "nudge_y") or (not template.builtin and kind != "key")
                if not editable:
                    item.setFlags(
                        item.flags() & ~Qt.ItemFlag.ItemIsEditable & ~Qt.ItemFlag.ItemIsUserCheckable
                    )
                    item.setToolTip("Mẫu kèm theo chương trình: hãy “Sao chép mẫu…” để sửa khung chữ.")
                self.table.setItem(row, column, item)
        self._filling = False
        self.delete_button.setEnabled(not template.builtin and not self.read_only)
        self.note.setText(
            f"<b>{template.title}</b>: {template.width_mm:g} × {template.height_mm:g} mm. Tọa độ tính từ mép trên, mép "
            "trái của tờ giấy tới góc trên bên trái khung chữ. “Chỉnh ngang, dọc” dời riêng từng dòng khi in lên phôi."
            + (" Mẫu kèm theo: chỉ sửa được độ lệch và phần chỉnh; sao chép để sửa khung chữ." if template.builtin else "")
        )  # fmt: skip
        self._preview()

    def _cell_changed(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        try:
            self._apply_table()
        except (TemplateError, ValueError) as exc:
            self.note.setText(f"<span style='color:{contrast.tone(contrast.ERROR)}'>{exc}</span>")
            return
        self._preview()

    def _apply_table(self) -> None:
        """Read the table back into the template and the calibration; raises on a bad value."""
        template, calibration = self.template, self.calibration()
        data = to_dict(template)
        for row, spec in enumerate(data["fields"]):
            nudge = [0.0, 0.0]
            for column, (key, title, kind) in enumerate(COLUMNS):
                item = self.table.item(row, column)
                if kind == "bool":
                    spec[key] = item.checkState() == Qt.CheckState.Checked
                elif kind in ("mm", "pt", "nudge_x", "nudge_y"):
                    try:
                        number = float(item.text().replace(",", "."))
                    except ValueError:
                        raise ValueError(
                            f"Dòng “{spec['key']}”, cột “{title}”: “{item.text()}” không phải số."
                        ) from None
                    if kind == "nudge_x":
                        nudge[0] = number
                    elif kind == "nudge_y":
                        nudge[1] = number
                    else:
                        spec[key] = number
                elif kind == "text":
                    spec[key] = item.text()
            calibration.nudges[spec["key"]] = (nudge[0], nudge[1])
        if not template.builtin:
            self.templates[template.name] = from_dict(data)  # validates
        self._store_calibration(calibration)

    def _store_calibration(self, calibration: Calibration) -> None:
        calibration.offset_x_mm, calibration.offset_y_mm = self.offset_x.value(), self.offset_y.value()
        self.settings["calibration"][self.template.name] = calibration.to_dict()

    def _calibration_changed(self) -> None:
        if not self._filling:
            self._store_calibration(self.calibration())
            self._preview()

    def _preview(self) -> None:
        if self.list.currentItem() is None:
            return
        template = self.template
        try:
            fonts = certificate_fonts.load(self.settings.get("font") or "")
        except FontError as exc:
            self.preview.show_page(None, None, str(exc))
            return
        mode = Mode.OVERPRINT if self.overprint.isChecked() else Mode.FULL
        values = values_for(
            SAMPLE, template, self.settings["signer"].get(template.name), self.sample_defaults
        )
        scan = self.settings["backgrounds"].get(template.name)
        self.preview.background = QImage(scan) if scan and mode is Mode.OVERPRINT else None
        self.preview.images = {k: Path(v) for k, v in self.settings["images"].items() if v}
        self.preview.boxes = mode is Mode.OVERPRINT
        self.preview.show_page(layout(template, values, fonts, mode, self.calibration()), fonts)

    def copy_template(self) -> None:
        source = self.template
        name, ok = QInputDialog.getText(self, "Sao chép mẫu", "Tên ngắn của mẫu mới (chữ thường, không dấu):",
                                        text=f"{source.name}-ban-sao")  # fmt: skip
        if not ok or not name.strip():
            return
        name = name.strip()
        if name in self.templates:
            messages.error(self, f"Đã có mẫu tên “{name}”. Hãy chọn tên khác.")
            return
        title, ok = QInputDialog.getText(
            self, "Sao chép mẫu", "Tên hiển thị:", text=f"{source.title} (bản của bộ phận)"
        )
        if not ok:
            return
        copy = source.copy(name, title.strip() or name)
        try:
            sc.save_template(self.db, name, dumps(copy))
            if source.name in self.settings["calibration"]:
                self.settings["calibration"][name] = dict(self.settings["calibration"][source.name])
        except StoreError as exc:
            messages.error(self, str(exc))
            return
        self._reload(select=name)

    def delete_template(self) -> None:
        template = self.template
        if template.builtin or not messages.ask(self, f"Xóa mẫu “{template.title}” của bộ phận?"):
            return
        try:
            sc.delete_template(self.db, template.name)
        except StoreError as exc:
            messages.error(self, str(exc))
            return
        self._reload()

    def save(self) -> None:
        try:
            self._apply_table()
            for template in self.templates.values():
                if not template.builtin:
                    sc.save_template(self.db, template.name, dumps(template))
            sc.save_settings(self.db, self.settings)
        except (TemplateError, ValueError) as exc:
            messages.error(self, str(exc))
            return
        except StoreError as exc:
            messages.error(self, str(exc))
            return
        self.accept()

    # --- font and images --------------------------------------------------------------------
    def _show_font(self) -> None:
        try:
            fonts = certificate_fonts.load(self.settings.get("font") or "")
            where = "kèm theo chương trình" if not self.settings.get("font") else self.settings["font"]
            self.font_label.setText(f"{fonts.family} ({where}); có đủ chữ tiếng Việt.")
        except FontError as exc:
            self.font_label.setText(f"<span style='color:{contrast.tone(contrast.ERROR)}'>{exc}</span>")
        self._preview()

    def _set_font(self, path: str) -> None:
        try:
            certificate_fonts.load(path)
        except FontError as exc:
            messages.error(self, str(exc))
            return
        self.settings["font"] = path
        self._show_font()

    def use_bundled_font(self) -> None:
        self._set_font("")

    def use_times(self) -> None:
        found = certificate_fonts.times_new_roman()
        if found is None:
            messages.error(self, "Máy này không có phông Times New Roman (times.ttf). Hãy dùng phông kèm theo "
                                 "(Liberation Serif, cùng kích thước chữ) hoặc chọn tệp phông.")  # fmt: skip
            return
        self._set_font(str(found))

    def choose_font(self) -> None:
        path = messages.open_file(self, "Chọn tệp phông chữ thường (Regular)", "", "Phông TrueType (*.ttf)")
        if path:
            self._set_font(str(path))

    def choose_emblem(self) -> None:
        keys = sorted({slot.key for t in self.templates.values() for slot in t.images}) or ["emblem"]
        key = keys[0]
        if len(keys) > 1:
            labels = {"emblem": "Quốc huy", "logo": "Biểu tượng cơ quan"}
            key, ok = QInputDialog.getItem(
                self, "Ảnh trên bằng", "Ảnh nào:", [labels.get(k, k) for k in keys], 0, False
            )
            if not ok:
                return
            key = keys[[labels.get(k, k) for k in keys].index(key)]
        path = messages.open_file(self, "Chọn ảnh", "", "Ảnh (*.png *.jpg *.jpeg)")
        if path:
            path = str(path)
            if QImage(path).isNull():
                messages.error(self, "Không đọc được ảnh này. Hãy chọn tệp PNG hoặc JPG.")
                return
            self.settings["images"][key] = path
            self._preview()

    def choose_scan(self) -> None:
        path = messages.open_file(
            self, "Ảnh quét phôi bằng (quét cả tờ, đúng khổ)", "", "Ảnh (*.png *.jpg *.jpeg)"
        )
        if path:
            path = str(path)
            if QImage(path).isNull():
                messages.error(self, "Không đọc được ảnh quét này. Hãy chọn tệp PNG hoặc JPG.")
                return
            self.settings["backgrounds"][self.template.name] = path
            self.overprint.setChecked(True)
            self._preview()

    def calibration_pdf(self) -> None:
        from thidua_desktop.reports.certificates.pdf import calibration_page

        template = self.template
        out = messages.save_file(
            self, "Lưu trang căn chỉnh", f"can-chinh-{template.name}.pdf", "Tệp PDF (*.pdf)"
        )
        if out is None:
            return
        try:
            fonts = certificate_fonts.load(self.settings.get("font") or "")
            values = values_for(
                SAMPLE, template, self.settings["signer"].get(template.name), self.sample_defaults
            )
            calibration_page(out, template, fonts, self.calibration(), values)
        except (FontError, OSError) as exc:
            messages.error(self, f"Không ghi được trang căn chỉnh: {user_text(exc)}")
            return
        messages.info(self, f"Đã ghi {out}. In trang này lên phôi (hoặc giấy trắng đặt chồng lên phôi), đo khoảng "
                            "lệch của dấu + rồi ghi vào “Độ lệch máy in”.")  # fmt: skip
