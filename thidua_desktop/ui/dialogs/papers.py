"""Word papers from the window (Tệp → Giấy tờ): the tờ trình or the draft decision of a
batch, the achievement report of the selected person or unit, the ceremony script; which
template (the one shipped, or the desk's own edited in Word and kept in the data file),
who signs, where to write. The file is written in a worker; then the user may open it."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from thidua_desktop.domain.dates import format_vn_date
from thidua_desktop.reports.papers import word as dp
from thidua_desktop.reports.papers.context import KINDS
from thidua_desktop.store import StoreError
from thidua_desktop.store.errors import os_reason
from thidua_desktop.store.report_data import certificates
from thidua_desktop.store.report_data import papers as sp
from thidua_desktop.ui import messages
from thidua_desktop.ui.transfer.excel_export import run_export, status

DOCX_FILTER = "Tài liệu Word (*.docx)"
PDF_FILTER = "Tài liệu PDF (*.pdf)"
READ_ONLY = (
    "Cửa sổ này chỉ xem (tệp đang được mở ở máy khác): không lưu được mẫu hay người ký vào tệp dữ liệu."
)
SIGNED = {"to-trinh": "TRƯỞNG KHỐI", "quyet-dinh": ""}  # papers with a signer the desk sets


class TemplateBox(QGroupBox):
    """Which template a paper is filled from, and the buttons to change it."""

    def __init__(self, window, kind: str, parent=None) -> None:
        super().__init__(f"Mẫu Word: {KINDS[kind].lower()}", parent)
        self.window, self.db, self.kind = window, window.db, kind
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.choose_button = QPushButton("Chọn mẫu đã sửa…")
        self.export_button = QPushButton("Lấy mẫu ra để sửa…")
        self.reset_button = QPushButton("Dùng mẫu kèm theo")
        self.choose_button.clicked.connect(self.choose)
        self.export_button.clicked.connect(self.export)
        self.reset_button.clicked.connect(self.reset)
        buttons = QHBoxLayout()
        for button in (self.choose_button, self.export_button, self.reset_button):
            buttons.addWidget(button)
        box = QVBoxLayout(self)
        box.addWidget(self.label)
        box.addLayout(buttons)
        read_only = getattr(window, "read_only", False)
        self.choose_button.setEnabled(not read_only)
        self.refresh()

    def refresh(self) -> None:
        entry = sp.load_settings(self.db)["templates"].get(self.kind)
        if entry:
            self.label.setText(f"Mẫu của bộ phận: {entry.get('name')} (chọn từ {entry.get('chosen_from')}, "
                               f"lưu trong tệp dữ liệu)")  # fmt: skip
        else:
            self.label.setText(f"Mẫu kèm theo chương trình: {self.kind}.docx")
        self.reset_button.setEnabled(bool(entry) and not getattr(self.window, "read_only", False))

    def choose(self) -> None:
        path = messages.open_file(self, "Chọn mẫu Word đã sửa", "", DOCX_FILTER)
        if path is None:
            return
        try:
            dp.use_template(self.db, self.kind, path)
        except dp.PaperError as exc:
            messages.error(self, str(exc), "Mẫu chưa dùng được")
            return
        except (StoreError, OSError) as exc:
            messages.error(self, str(exc))
            return
        self.refresh()
        status(self.window, f"Đã lưu mẫu “{path.name}” vào tệp dữ liệu.", 10000)

    def export(self) -> None:
        source = dp.template_for(self.db, self.kind)
        path = messages.save_file(self, "Lưu mẫu để sửa trong Word", f"mau-{self.kind}.docx", DOCX_FILTER)
        if path is None:
            return
        try:
            path.with_suffix(".docx").write_bytes(source.data)
        except OSError as exc:
            messages.error(self, f"Không ghi được tệp “{path}”: {os_reason(exc)}.")
            return
        status(
            self.window, f"Đã ghi mẫu vào {path.with_suffix('.docx')}: sửa trong Word rồi chọn lại.", 15000
        )

    def reset(self) -> None:
        try:
            sp.forget_template(self.db, self.kind)
        except StoreError as exc:
            messages.error(self, str(exc))
        self.refresh()


class PaperDialog(QDialog):
    """One paper: what it is for (a submission, a decision, a person or unit), the
    template, the signer, the file format."""

    def __init__(self, window, kind: str, *, person: int | None = None, unit: int | None = None) -> None:
        super().__init__(window)
        self.window, self.db, self.kind = window, window.db, kind
        self.person, self.unit = person, unit
        self.setWindowTitle(KINDS[kind])
        form = QFormLayout()
        self.number = QComboBox()
        if kind == "to-trinh":
            for number, on, n in sp.submissions(self.db):
                self.number.addItem(f"{number}  {format_vn_date(on)}  ({n} đề nghị)", number)
            form.addRow("Tờ trình số", self.number)
        elif kind in ("quyet-dinh", "kich-ban"):
            for number, on, n in certificates.decisions(self.db):
                self.number.addItem(f"{number}  {format_vn_date(on)}  ({n} tập thể, cá nhân)", number)
            form.addRow("Quyết định số", self.number)
        else:
            found = sp.person(self.db, person) if person is not None else sp.unit(self.db, unit)
            name = (found or {}).get("full_name") or (found or {}).get("name") or ""
            form.addRow("Báo cáo của", QLabel(name))
        self.format = QComboBox()
        if kind == "kich-ban":
            self.format.addItem("PDF (mỗi hình thức một trang)", ".pdf")
            self.format.addItem("Word (.docx, theo mẫu)", ".docx")
            form.addRow("Định dạng", self.format)
        self.signer: dict[str, QLineEdit] = {}
        if kind in SIGNED:
            # empty: the desk's signer (Công cụ → Thông tin cơ quan…) or, on a decision of
            # another issuer, that issuer's own title; what is typed here is for this paper only
            for key, label, hint in (
                ("authority", "Thẩm quyền ký", "mặc định theo thông tin cơ quan, ví dụ KT. GIÁM ĐỐC"),
                ("title", "Chức vụ người ký", "mặc định theo cấp ban hành"),
                ("name", "Họ tên người ký", "mặc định theo thông tin cơ quan"),
            ):
                edit = QLineEdit()
                edit.setPlaceholderText(hint)
                self.signer[key] = edit
                form.addRow(label, edit)
        self.templates = TemplateBox(window, kind, self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Ghi tệp…")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Đóng")
        self.buttons.accepted.connect(self.go)
        self.buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addLayout(form)
        box.addWidget(self.templates)
        box.addWidget(self.buttons)
        self.format.currentIndexChanged.connect(self._format_changed)
        self._format_changed()

    def _format_changed(self) -> None:
        self.templates.setEnabled(self.suffix() == ".docx")

    def suffix(self) -> str:
        return self.format.currentData() or ".docx"

    def signer_values(self) -> dict[str, str]:
        return {key: edit.text().strip() for key, edit in self.signer.items()}

    def suggested_name(self) -> str:
        number = self.number.currentData() or ""
        slug = number.split("/")[0] if number else str(self.person or self.unit or "")
        return f"{self.kind}-{slug}{self.suffix()}"

    def go(self) -> None:
        options: dict = {}
        kind = self.kind
        if kind in ("to-trinh", "quyet-dinh", "kich-ban"):
            if self.number.currentData() is None:
                messages.error(self, "Chưa có tờ trình hay quyết định nào để lập giấy tờ.")
                return
            options["number"] = self.number.currentData()
        elif self.person is not None:
            options["person"] = self.person
        else:
            options["unit"] = self.unit
        suffix = self.suffix()
        out = messages.save_file(
            self, "Ghi giấy tờ", self.suggested_name(), PDF_FILTER if suffix == ".pdf" else DOCX_FILTER
        )
        if out is None:
            return
        if out.suffix.lower() != suffix:
            out = out.with_suffix(suffix)
        signer = self.signer_values() if self.signer else None

        def job(db, path, _progress, _cancelled):
            context = dp.write(db, kind, path, signer=signer, **options)
            return len(context.get("danh_sach") or context.get("hinh_thuc") or []) or 1

        self.accept()
        run_export(self.window, KINDS[kind], out, job, lambda _n: messages.offer_open(self.window, out, "Đã ghi giấy tờ"),
                   heading="Đang ghi giấy tờ", unit="mục")  # fmt: skip


def write_submission(window) -> None:
    if not sp.submissions(window.db):
        messages.error(window, "Chưa có đề nghị nào đã trình (có số tờ trình). Hãy chuyển đề nghị sang bước "
                               "“Đã trình” ở thẻ Đề nghị khen thưởng.")  # fmt: skip
        return
    PaperDialog(window, "to-trinh").exec()


def write_decision(window) -> None:
    _for_decision(window, "quyet-dinh")


def write_ceremony(window) -> None:
    _for_decision(window, "kich-ban")


def _for_decision(window, kind: str) -> None:
    if not certificates.decisions(window.db):
        messages.error(window, "Chưa có quyết định khen thưởng nào được ghi nhận. Hãy ghi quyết định cho các đề "
                               "nghị ở thẻ Đề nghị khen thưởng (nút “Quyết định…”).")  # fmt: skip
        return
    PaperDialog(window, kind).exec()


def write_achievement_report(window) -> None:
    """The report of the person or unit selected in the Cá nhân or Đơn vị tab."""
    tab = window.current_tab()
    row_id = tab.selected_id() if hasattr(tab, "spec") else None
    table = getattr(getattr(tab, "spec", None), "table", None)
    if row_id is None or table not in ("individuals", "units"):
        messages.error(window, "Hãy chọn một cá nhân (thẻ Cá nhân điển hình) hoặc một đơn vị (thẻ Đơn vị thành "
                               "viên) trước khi lập báo cáo thành tích.")  # fmt: skip
        return
    if table == "individuals":
        PaperDialog(window, "bao-cao-ca-nhan", person=row_id).exec()
    else:
        PaperDialog(window, "bao-cao-tap-the", unit=row_id).exec()


class TemplatesDialog(QDialog):
    """Every paper's template in one place."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.setWindowTitle("Mẫu giấy tờ Word")
        box = QVBoxLayout(self)
        note = QLabel("Lấy mẫu ra, sửa trong Word (giữ các chỗ điền dạng {{ ... }}), rồi chọn lại: chương trình thử "
                      "điền trước khi lưu bản sao vào tệp dữ liệu. Danh sách chỗ điền: resources/papers/README.md.")  # fmt: skip
        note.setWordWrap(True)
        box.addWidget(note)
        if getattr(window, "read_only", False):
            box.addWidget(QLabel(READ_ONLY))
        self.boxes = {kind: TemplateBox(window, kind, self) for kind in KINDS}
        for widget in self.boxes.values():
            box.addWidget(widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)


def manage_templates(window) -> None:
    TemplatesDialog(window).exec()
