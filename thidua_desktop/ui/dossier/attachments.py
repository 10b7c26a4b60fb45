"""Attachments in the window: the dossier of the selected proposal or unit (add, open,
remove, with undo), the checklist of papers in the proposal's details panel, and the
warning of missing papers at the submission step.

A file is opened through a checked copy handed to the system viewer (QDesktopServices);
a file changed or missing on disk is reported in Vietnamese and never opened."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape
from pathlib import Path

import sqlite_utils
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from thidua_desktop.domain.text import vn_number
from thidua_desktop.rules import dossier_checklist as checklist
from thidua_desktop.store import StoreError, rows
from thidua_desktop.store.dossier import attachments
from thidua_desktop.store.errors import os_reason
from thidua_desktop.store.report_data import exports
from thidua_desktop.ui import contrast, messages
from thidua_desktop.ui import formats as fmt
from thidua_desktop.ui.forms import Field, RecordForm, year_check

ATTACH_FILTER = (
    "Bản quét, văn bản (*.pdf *.jpg *.jpeg *.png *.tif *.tiff *.bmp *.gif *.webp *.heic *.doc *.docx *.odt *.rtf "
    "*.txt *.xls *.xlsx *.ods *.csv *.ppt *.pptx *.odp *.zip);;Tất cả các tệp (*)"
)
STATE_TEXT = {None: "", "thieu": "THIẾU TỆP", "khac": "TỆP BỊ THAY ĐỔI"}
_MARKS = {
    checklist.State.PRESENT: ("#1b7f2a", "✓"),
    checklist.State.MISSING: ("#b00020", "✗"),
    checklist.State.OPTIONAL: ("#666666", "○"),
    checklist.State.AT_SUBMISSION: ("#666666", "…"),
}


def _size(n: int) -> str:
    return (
        f"{vn_number(max(1, round(n / 1024)))} KB"
        if n < 1024 * 1024
        else f"{n / (1024 * 1024):.1f} MB".replace(".", ",")
    )


# --- opening --------------------------------------------------------------------------------------
def open_attachment(parent: QWidget, db: sqlite_utils.Database, attachment_id: int) -> bool:
    """Check the file's hash, then open a copy with the system's viewer."""
    try:
        path = attachments.open_copy(db, attachment_id)
    except StoreError as exc:
        messages.error(parent, str(exc), "Không mở được tài liệu")
        return False
    except OSError as exc:
        messages.error(parent, f"Không chép được tài liệu ra thư mục tạm ({os_reason(exc)}).")
        return False
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        messages.error(
            parent, f"Máy chưa có chương trình mở được tệp “{path.name}”. Bản sao của tệp ở {path}."
        )
        return False
    return True


# --- the details panel and the submission step ---------------------------------------------------------
def checklist_html(db: sqlite_utils.Database, proposal_id: int) -> str:
    """The papers the award asks for, each marked present, missing, optional or made at
    the submission step."""
    lines = []
    for item in attachments.proposal_checklist(db, proposal_id):
        colour, mark = _MARKS[item.state]
        colour = contrast.tone(colour)
        note = f" <i>({escape(item.requirement.note)})</i>" if item.requirement.note else ""
        lines.append(
            f"<div style='color:{colour}'>{mark} {escape(item.label)}{note} — {item.state.label}</div>"
        )
    return "".join(lines)


def dossier_html(db: sqlite_utils.Database, proposal_id: int) -> str:
    """The checklist of papers the award asks for, and the files attached."""
    found = attachments.listing(db, proposal_id=proposal_id)
    files = "".join(
        f"<div>{escape(a['kind_label'])}: {escape(a['file_name'])}"
        + (f" (số {escape(a['doc_number'])})" if a["doc_number"] else "")
        + (
            f" <b style='color:{contrast.tone(contrast.ERROR)}'>{STATE_TEXT[a['state']]}</b>"
            if a["state"]
            else ""
        )
        + "</div>"
        for a in found
    )
    return (
        "<h4>Hồ sơ, giấy tờ</h4>" + checklist_html(db, proposal_id) + (f"<p><b>Tài liệu đính kèm ({len(found)}):</b></p>{files}"
                                                        if found else "<p><i>Chưa đính kèm tài liệu nào.</i></p>")
    )  # fmt: skip


def missing_papers_warning(db: sqlite_utils.Database, proposal_id: int) -> str:
    """At the submission step: the papers still missing, as a warning shown in the form.
    A missing paper warns, it never blocks."""
    missing = attachments.missing_papers(db, proposal_id)
    if not missing:
        return ""
    return (
        f"Hồ sơ còn thiếu: {'; '.join(i.label for i in missing)}. Vẫn trình được; có thể đính kèm bổ sung bằng "
        "“Tài liệu đính kèm…”."
    )


# --- the dossier dialog -----------------------------------------------------------------------------
class AttachmentsDialog(QDialog):
    """The attachments of one proposal, or of one unit's dossier (by year)."""

    COLUMNS = ("Loại tài liệu", "Tên", "Số văn bản", "Ngày", "Tệp", "Dung lượng", "Tình trạng")

    def __init__(
        self, db: sqlite_utils.Database, *, proposal_id: int | None = None, unit_id: int | None = None,
        year: int | None = None, run: Callable | None = None, read_only: bool = False, parent: QWidget | None = None,
    ):  # fmt: skip
        super().__init__(parent)
        self.db, self.proposal_id, self.unit_id = db, proposal_id, unit_id
        self.read_only = read_only
        self._run = run  # RecordTab.run_undoable: the change goes on the window's undo stack
        self.resize(900, 520)
        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.year_box = None
        if unit_id is not None:
            unit = rows.get(db, "units", unit_id)
            self.setWindowTitle(f"Hồ sơ, tài liệu của {unit['name']}")
            self.heading.setText(f"<b>Hồ sơ của {escape(unit['name'])}</b>")
            bar = QHBoxLayout()
            bar.addWidget(QLabel("Năm:", self))
            self.year_box = QComboBox(self)
            self.year_box.setObjectName("year")
            self.year_box.addItem("Tất cả", None)
            years = set(attachments.dossier_years(db, unit_id)) | {date.today().year}
            for y in sorted(years, reverse=True):
                self.year_box.addItem(str(y), y)
            self.year_box.setCurrentIndex(max(0, self.year_box.findData(year)))
            self.year_box.currentIndexChanged.connect(self.reload)
            bar.addWidget(self.year_box)
            bar.addStretch(1)
            layout.addLayout(bar)
        else:
            p = rows.get(db, "proposals", proposal_id)
            title = attachments._owner({"proposal_id": proposal_id, **_proposal_owner(db, p)})
            self.setWindowTitle("Tài liệu đính kèm của đề nghị")
            self.heading.setText(f"<b>Hồ sơ {escape(title)}</b>")
            self.checklist = QLabel(self)
            self.checklist.setTextFormat(Qt.TextFormat.RichText)
            self.checklist.setWordWrap(True)
            layout.addWidget(self.checklist)
        self.table = QTableWidget(0, len(self.COLUMNS), self)
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("Thêm tệp…", self)
        self.open_button = QPushButton("Mở", self)
        self.remove_button = QPushButton("Xóa", self)
        close = QPushButton("Đóng", self)
        self.add_button.clicked.connect(self.add_file)
        self.open_button.clicked.connect(self.open_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        close.clicked.connect(self.accept)
        for b in (self.add_button, self.open_button, self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.add_button.setEnabled(not read_only)
        self.remove_button.setEnabled(not read_only)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.reload()

    # --- what is shown ------------------------------------------------------------------------
    @property
    def year(self) -> int | None:
        return self.year_box.currentData() if self.year_box is not None else None

    def reload(self) -> None:
        if self.proposal_id is not None:
            found = attachments.listing(self.db, proposal_id=self.proposal_id)
            self.checklist.setText(checklist_html(self.db, self.proposal_id))
        else:
            found = attachments.listing(self.db, unit_id=self.unit_id, year=self.year)
        self.table.setRowCount(len(found))
        for r, a in enumerate(found):
            cells = (a["kind_label"], a["title"], a["doc_number"], fmt.vn_date(a["doc_date"]), a["file_name"],
                     _size(a["size"]), STATE_TEXT[a["state"]])  # fmt: skip
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 0:
                    item.setData(Qt.ItemDataRole.UserRole, a["id"])
                if c == 6 and a["state"]:
                    item.setForeground(Qt.GlobalColor.red)
                self.table.setItem(r, c, item)
        self.table.resizeColumnToContents(0)
        self._selection_changed()

    def selected_id(self) -> int | None:
        row = self.table.currentRow()
        if row < 0 or not self.table.selectionModel().hasSelection():
            return None
        return self.table.item(row, 0).data(Qt.ItemDataRole.UserRole)

    def _selection_changed(self) -> None:
        has = self.selected_id() is not None
        self.open_button.setEnabled(has)
        self.remove_button.setEnabled(has and not self.read_only)

    # --- actions ------------------------------------------------------------------------------
    def _group(self) -> list[rows.Group]:
        if self.proposal_id is not None:
            return [("attachments", "proposal_id", self.proposal_id)]
        return [("attachments", "unit_id", self.unit_id)]

    def _do(self, text: str, action: Callable[[], object]) -> bool:
        if self._run is not None:
            return self._run(text, self._group(), action)
        try:
            action()
        except StoreError as exc:
            messages.error(self, str(exc))
            return False
        return True

    def _default_kind(self) -> str:
        if self.proposal_id is not None:
            missing = attachments.missing_papers(self.db, self.proposal_id)
            if missing:
                return missing[0].requirement.kind
            return "bao_cao_thanh_tich"
        return "bao_cao_tong_ket"

    def add_file(self) -> None:
        if self.read_only:
            return
        start = str(Path.home())
        source = messages.open_file(self, "Chọn tệp cần đính kèm", start, ATTACH_FILTER)
        if source is None:
            return
        owner = checklist.Owner.PROPOSAL if self.proposal_id is not None else checklist.Owner.UNIT
        fields = [
            Field("kind", "Loại tài liệu", "choice", required=True,
                  choices=[(k.code, k.label) for k in checklist.kinds_for(owner)]),
            Field("title", "Tên tài liệu", required=True),
            Field("doc_number", "Số văn bản", placeholder="ví dụ 261/QĐ-UBND (để trống nếu không có)"),
            Field("doc_date", "Ngày văn bản", "date"),
        ]  # fmt: skip
        values = {"kind": self._default_kind(), "title": source.stem}
        if self.unit_id is not None:
            fields.append(Field("year", "Năm của hồ sơ", "int", required=True, check=year_check))
            values["year"] = self.year or date.today().year
        form = RecordForm(f"Đính kèm “{source.name}”", fields, values, parent=self)
        if not messages.run_dialog(form):
            return
        v = form.values()

        def action():
            return attachments.add_file(
                self.db, source, proposal_id=self.proposal_id, unit_id=self.unit_id, year=v.get("year"),
                kind=v["kind"], title=v["title"], doc_number=v["doc_number"] or "", doc_date=v["doc_date"],
            )  # fmt: skip

        if self._do(f"đính kèm “{source.name}”", action):
            if self.year_box is not None and v.get("year") != self.year and self.year is not None:
                self.year_box.setCurrentIndex(max(0, self.year_box.findData(v["year"])))
            self.reload()

    def open_selected(self) -> None:
        attachment_id = self.selected_id()
        if attachment_id is not None:
            open_attachment(self, self.db, attachment_id)
            self.reload()

    def remove_selected(self) -> None:
        attachment_id = self.selected_id()
        if attachment_id is None or self.read_only:
            return
        a = attachments.get(self.db, attachment_id)
        if not messages.ask(
            self, f"Bỏ tài liệu “{a['file_name']}” khỏi hồ sơ? Có thể hoàn tác bằng Ctrl+Z.", "Xóa"
        ):
            return
        if self._do(f"bỏ tài liệu “{a['file_name']}”", lambda: attachments.remove(self.db, attachment_id)):
            self.reload()


def _proposal_owner(db, p: dict) -> dict:
    nominee = exports.nominee_name(db, individual_id=p["individual_id"], unit_id=p["unit_id"])
    return {"owner_nominee": nominee, "owner_award": p["award_code"], "owner_year": p["year"]}


# --- from the tabs' details panel ---------------------------------------------------------------------
def _read_only(tab) -> bool:
    return bool(getattr(tab.window(), "read_only", False))


def proposal_attachments(tab, row_id: int) -> None:
    """DetailAction of the proposals tab."""
    dialog = AttachmentsDialog(tab.db, proposal_id=row_id, run=tab.run_undoable, read_only=_read_only(tab),
                               parent=tab)  # fmt: skip
    messages.run_dialog(dialog)


def unit_attachments(tab, row_id: int) -> None:
    """DetailAction of the units tab: the unit's dossier, opened on the tab's year."""
    year = tab.filter_values().get("year") if hasattr(tab, "filter_values") else None
    dialog = AttachmentsDialog(tab.db, unit_id=row_id, year=year, run=tab.run_undoable, read_only=_read_only(tab),
                               parent=tab)  # fmt: skip
    messages.run_dialog(dialog)
