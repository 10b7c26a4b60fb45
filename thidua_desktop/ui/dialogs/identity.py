"""Thông tin cơ quan…: who the desk is (domain.identity), asked on the first start of a new
file, before the empty lists, and edited later from Công cụ. A preview shows the letterhead
and the signature block as the papers will print them."""

from __future__ import annotations

from html import escape

import sqlite_utils
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from thidua_desktop.domain.identity import AUTHORITY_LINES, LEVELS, SIGNED_PAPERS, DeskIdentity, IdentityError
from thidua_desktop.store import StoreError, desk_settings
from thidua_desktop.ui import contrast, messages

#: (key, label, example) of the plain fields, in the order a clerk fills them
FIELDS = [
    ("agency", "Tên cơ quan *", "Sở Tư pháp; Ủy ban nhân dân xã Ea Kar; Khối thi đua các cơ quan nội chính"),
    ("parent_agency", "Cơ quan cấp trên", "Ủy ban nhân dân tỉnh Gia Lai (để trống nếu không có)"),
    ("province", "Tỉnh, thành phố *", "tỉnh Gia Lai; thành phố Đà Nẵng"),
    ("place", "Địa danh ghi ngày tháng *", "Gia Lai (in ở dòng “Gia Lai, ngày … tháng … năm …”)"),
    ("head_title", "Chức danh người đứng đầu", "Giám đốc; Chánh Thanh tra; Chủ tịch"),
    ("code", "Chữ viết tắt trong số văn bản", "STP (số văn bản: 15/TTr-STP)"),
    (
        "charter",
        "Văn bản quy định chức năng, nhiệm vụ",
        "Quyết định số …/QĐ-UBND ngày … của Ủy ban nhân dân tỉnh …",
    ),
]


class IdentityDialog(QDialog):
    def __init__(
        self, db: sqlite_utils.Database, parent: QWidget | None = None, *, first_start: bool = False
    ):
        super().__init__(parent)
        self.db = db
        self.setWindowTitle("Thông tin cơ quan" if not first_start else "Bắt đầu: thông tin cơ quan")
        current = desk_settings.load_identity(db)

        intro = QLabel(self)
        intro.setWordWrap(True)
        intro.setText(
            ("Tệp dữ liệu này chưa có thông tin cơ quan. " if first_start else "")
            + "Tên cơ quan, cơ quan cấp trên, địa danh và người ký được in trên mọi giấy tờ, danh sách Excel và "
            "bằng do cơ quan cấp; chúng được lưu trong tệp dữ liệu nên đi theo tệp và các bản sao lưu. "
            "Các mục có dấu * là bắt buộc; ví dụ ghi mờ trong ô."
        )
        self.level = QComboBox(self)
        self.level.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.level.setMinimumContentsLength(24)  # the long labels show in the open list
        self.level.addItem("— chọn cấp của cơ quan —", "")
        for key, label in LEVELS.items():
            self.level.addItem(label, key)
        self.level.setCurrentIndex(max(0, self.level.findData(current.level)))
        self.level.setToolTip("Cấp của cơ quan quyết định ai có thẩm quyền với từng hình thức khen thưởng "
                              "(Luật Thi đua, khen thưởng 2022, Điều 77–80).")  # fmt: skip
        form = QFormLayout()
        form.addRow("Cấp của cơ quan *", self.level)
        self.edits: dict[str, QLineEdit] = {}
        for key, label, example in FIELDS:
            edit = QLineEdit(current.get(key), self)
            edit.setPlaceholderText(example)
            edit.setToolTip(f"Ví dụ: {example}")
            form.addRow(label, edit)
            self.edits[key] = edit

        signers = QGroupBox("Người ký mặc định (có thể đổi khi soạn từng giấy tờ)", self)
        grid = QGridLayout(signers)
        for c, head in enumerate(["Giấy tờ", "Thẩm quyền ký", "Chức vụ", "Họ và tên"]):
            grid.addWidget(QLabel(f"<b>{head}</b>", signers), 0, c)
        self.signers: dict[str, tuple[QComboBox, QLineEdit, QLineEdit]] = {}
        for r, (kind, label) in enumerate(SIGNED_PAPERS.items(), start=1):
            signer = current.signers.get(kind)
            authority = QComboBox(signers)
            authority.setEditable(True)
            authority.addItems(list(AUTHORITY_LINES))
            authority.setCurrentText(signer.authority if signer else "")
            authority.setMinimumContentsLength(14)
            authority.setToolTip(
                "Trống khi người đứng đầu ký; “KT. GIÁM ĐỐC” khi cấp phó ký thay; TM., Q., TL., TUQ."
            )
            title = QLineEdit(signer.title if signer else "", signers)
            title.setPlaceholderText("GIÁM ĐỐC")
            name = QLineEdit(signer.name if signer else "", signers)
            name.setPlaceholderText("Nguyễn Văn A")
            grid.addWidget(QLabel(label, signers), r, 0)
            grid.addWidget(authority, r, 1)
            grid.addWidget(title, r, 2)
            grid.addWidget(name, r, 3)
            self.signers[kind] = (authority, title, name)
            for w in (title, name):
                w.textChanged.connect(self.refresh)
            authority.currentTextChanged.connect(self.refresh)

        self.preview = QLabel(self)
        self.preview.setTextFormat(Qt.TextFormat.RichText)
        self.preview.setStyleSheet(
            "background: white; color: black; border: 1px solid #bbb; padding: 8px;"
        )  # paper
        self.preview.setWordWrap(True)
        self.preview.setMinimumWidth(300)
        self.problem = QLabel(self)
        self.problem.setStyleSheet(contrast.style(contrast.ERROR))
        self.problem.setWordWrap(True)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("Lưu")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            "Để sau" if first_start else "Hủy"
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        content = QWidget(self)
        body = QVBoxLayout(content)
        columns = QHBoxLayout()
        columns.addLayout(form, 3)
        columns.addWidget(self.preview, 2, Qt.AlignmentFlag.AlignTop)
        body.addLayout(columns)
        body.addWidget(signers)
        body.addStretch(1)  # spare height below, not between the signers' rows
        scroll = QScrollArea(self)  # fits a 1366×768 screen at 125 %: the page scrolls, the buttons stay
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)  # outside the scrolled part: a wrapped label sizes itself there
        layout.addWidget(scroll, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.resize(900, 620)

        self.level.currentIndexChanged.connect(self.refresh)
        for edit in self.edits.values():
            edit.textChanged.connect(self.refresh)
        self.edits["province"].editingFinished.connect(self._place_from_province)
        self.refresh()

    def _place_from_province(self) -> None:
        """ "tỉnh Gia Lai" typed and no place yet: the place is "Gia Lai"."""
        if not self.edits["place"].text().strip():
            province = DeskIdentity(province=self.edits["province"].text()).province_name
            self.edits["place"].setText(province.split(" ", 1)[1] if " " in province else province)

    def identity(self) -> DeskIdentity:
        values = {key: edit.text() for key, edit in self.edits.items()}
        values["level"] = self.level.currentData() or ""
        for kind, (authority, title, name) in self.signers.items():
            values[f"signer.{kind}.authority"] = authority.currentText()
            values[f"signer.{kind}.title"] = title.text().upper()
            values[f"signer.{kind}.name"] = name.text()
        return DeskIdentity().with_values(values)

    def refresh(self) -> None:
        try:
            identity = self.identity()
        except IdentityError as exc:
            self.problem.setText(str(exc))
            self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
            return
        problems = identity.problems()
        self.problem.setText(" ".join(problems))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not problems)
        upper, lower, bold = identity.letterhead()
        first = f"<b>{escape(upper)}</b>" if bold else escape(upper)
        signer = identity.signer("quyet-dinh")
        lines = "<br>".join(f"<b>{escape(line)}</b>" for line in signer.lines())
        self.preview.setText(
            "<div style='text-align:center'>"
            f"{first}<br><b>{escape(lower) or '…'}</b><br>———<br><br>"
            f"<i>{escape(identity.place or '…')}, ngày 05 tháng 01 năm 2026</i><br><br>"
            + (
                "Giấy tờ của khối do đơn vị trưởng khối từng năm ký<br>(Công cụ → Khối thi đua và thành viên…)<br><br>"
                if identity.level == "khoi"
                else f"Quyết định khen thưởng của cơ quan ghi:<br><b>{escape(identity.head_of_agency().upper())}</b><br><br>"
            )
            + f"{lines}<br><br><br><b>{escape(signer.name)}</b></div>"
        )

    def save(self) -> None:
        try:
            desk_settings.save_identity(self.db, self.identity())
        except (IdentityError, StoreError) as exc:
            messages.error(self, str(exc), "Chưa lưu được")
            return
        self.accept()


def edit_identity(
    db: sqlite_utils.Database, parent: QWidget | None = None, *, first_start: bool = False
) -> bool:
    return messages.run_dialog(IdentityDialog(db, parent, first_start=first_start))
