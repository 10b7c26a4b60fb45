"""Công cụ → Sổ quỹ khen thưởng…: the year's decided awards with what the rules owe,
what was paid and what is still owed; totals per source of funds and per unit; recording
a payment (date, amount, who received it, voucher number) on the selected lines, with
undo; the sources of funds; the Excel export in the house style."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QPalette, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
)

from thidua_desktop.domain.text import vn_number
from thidua_desktop.rules.funds import LEVEL_LABELS, SOURCE_BASIS, FundSources
from thidua_desktop.store import StoreError
from thidua_desktop.store.dossier import ledger
from thidua_desktop.ui import contrast, messages
from thidua_desktop.ui import formats as fmt
from thidua_desktop.ui.forms import Field, RecordForm
from thidua_desktop.ui.table_model import RowsModel

LINE_COLUMNS = ("Quyết định", "Ngày QĐ", "Cá nhân / tập thể", "Đơn vị", "Danh hiệu, hình thức", "Nguồn kinh phí",
                "Phải chi", "Đã chi", "Còn phải chi", "Ghi chú")  # fmt: skip
MONEY_COLUMNS = {6, 7, 8}
PROPOSALS = 3  # MainWindow.list_tabs


def _item(text, money: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(vn_number(text) if money else ("" if text is None else str(text)))
    if money:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _table(headers, parent, *, multi: bool = False) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(list(headers))
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(
        QAbstractItemView.SelectionMode.ExtendedSelection
        if multi
        else QAbstractItemView.SelectionMode.SingleSelection
    )
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    return table


_Index = QModelIndex | QPersistentModelIndex


@dataclass
class Book:
    """A year's ledger with its totals and the payments in date order, worked out in the
    worker that read it (summing 85,000 lines held the window for a quarter of a second)."""

    lines: list[ledger.LedgerLine]
    total: ledger.Totals
    by_source: dict[str, ledger.Totals]
    by_unit: dict[str, ledger.Totals]
    paid: list[tuple[dict, ledger.LedgerLine]]

    @classmethod
    def of(cls, lines: list[ledger.LedgerLine]) -> Book:
        paid = sorted(
            ((p, line) for line in lines for p in line.payments), key=lambda x: (x[0]["paid_on"], x[0]["id"])
        )
        return cls(
            lines,
            ledger.total(lines),
            ledger.by_source(lines),
            dict(sorted(ledger.by_unit(lines).items())),
            paid,
        )


_CELLS = (  # LINE_COLUMNS, one getter each: a cell shown computes its own value only
    lambda line: line.decision_number,
    lambda line: fmt.vn_date(line.decision_date),
    lambda line: line.nominee,
    lambda line: line.unit_name if line.subject == "ca_nhan" else "",
    lambda line: line.award,
    lambda line: line.source,
    lambda line: line.amount,
    lambda line: line.paid,
    lambda line: line.balance,
    lambda line: line.note,
)


class LinesModel(RowsModel):
    """The ledger's lines (85,000 for a province year: as items they took seconds to show)."""

    HEADERS = LINE_COLUMNS

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line, c = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            value = _CELLS[c](line)
            return vn_number(value) if c in MONEY_COLUMNS else ("" if value is None else str(value))
        if role == Qt.ItemDataRole.TextAlignmentRole and c in MONEY_COLUMNS:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.ForegroundRole and c == 8 and line.balance > 0:
            return QColor(contrast.tone("#800000", contrast.ground(QPalette.ColorRole.Base)))
        if role == Qt.ItemDataRole.UserRole and c == 0:
            return line.proposal_id
        if role == Qt.ItemDataRole.ToolTipRole and c == 6 and line.explain:  # what "Phải chi" rests on
            return line.explain
        return None


class LedgerDialog(QDialog):
    loaded = Signal()  # the year's lines are shown (they are read in a worker)

    def __init__(self, window, year: int | None = None):
        super().__init__(window)
        self.window_ = window
        # the payments recorded here are undone here (Ctrl+Z in this window), not in a tab
        self.undo_stack = QUndoStack(self)
        for action, keys in ((self.undo_stack.createUndoAction(self, "Hoàn tác"), QKeySequence.StandardKey.Undo),
                             (self.undo_stack.createRedoAction(self, "Làm lại"), QKeySequence("Ctrl+Y"))):  # fmt: skip
            action.setShortcut(QKeySequence(keys))
            self.addAction(action)
        self.setWindowTitle("Sổ quỹ khen thưởng")
        self.resize(1150, 640)
        self.lines: list[ledger.LedgerLine] = []
        self.year_box = QComboBox(self)
        self.year_box.setObjectName("year")
        years = ledger.years(window.db) or [date.today().year]
        for y in years:
            self.year_box.addItem(str(y), y)
        self.year_box.setCurrentIndex(max(0, self.year_box.findData(year)))
        self.year_box.currentIndexChanged.connect(self.reload)
        self.totals = QLabel(self)
        self.totals.setTextFormat(Qt.TextFormat.RichText)
        self.model = LinesModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setResizeContentsPrecision(200)  # widths from the first 200 rows
        self.table.doubleClicked.connect(lambda _i: self.go_to_proposal())
        self.by_source = _table(("Nguồn kinh phí", "Số lượt", "Phải chi", "Đã chi", "Còn phải chi"), self)
        self.by_unit = _table(("Đơn vị", "Số lượt", "Phải chi", "Đã chi", "Còn phải chi"), self)
        self.payments = _table(("Ngày chi", "Số chứng từ", "Người nhận", "Cá nhân / tập thể", "Số tiền", "Ghi chú"),
                               self)  # fmt: skip
        below = QTabWidget(self)
        below.addTab(self.by_source, "Theo nguồn kinh phí")
        below.addTab(self.by_unit, "Theo đơn vị")
        below.addTab(self.payments, "Các lần chi")
        self.pay_button = QPushButton("Ghi chi trả…", self)
        self.pay_button.clicked.connect(self.pay_selected)
        self.pay_button.setEnabled(not getattr(window, "read_only", False))
        sources = QPushButton("Nguồn kinh phí…", self)
        sources.clicked.connect(self.edit_sources)
        sources.setEnabled(not getattr(window, "read_only", False))
        export = QPushButton("Xuất Excel…", self)
        export.clicked.connect(self.export)
        close = QPushButton("Đóng", self)
        close.clicked.connect(self.accept)
        top = QHBoxLayout()
        top.addWidget(QLabel("Năm quyết định:", self))
        top.addWidget(self.year_box)
        top.addSpacing(16)
        top.addWidget(self.totals, 1)
        buttons = QHBoxLayout()
        for b in (self.pay_button, sources, export):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 3)
        layout.addWidget(below, 2)
        layout.addLayout(buttons)
        self.reload()

    @property
    def year(self) -> int | None:
        return self.year_box.currentData()

    def reload(self) -> None:
        """Read the year's lines in a worker on a read connection of its own (a province
        year: 85,000 lines, 2.5 s), then show them."""
        from thidua_desktop.store.db import database_path, open_reader
        from thidua_desktop.ui.worker import run_task

        year, path = self.year, database_path(self.window_.db)
        self._generation = getattr(self, "_generation", 0) + 1
        generation = self._generation
        self.totals.setText("Đang đọc sổ quỹ…")
        self.table.setEnabled(False)

        def work() -> Book:
            if not year:
                return Book.of([])
            db = open_reader(path)
            try:
                return Book.of(ledger.lines(db, year))
            finally:
                db.close()

        def done(book: Book) -> None:
            if generation == self._generation:  # not overtaken by a later reload
                self._show(book)

        def failed(exc: Exception) -> None:
            if generation != self._generation:
                return
            self.table.setEnabled(True)
            self.totals.setText("")
            if not isinstance(exc, StoreError):
                raise exc
            messages.error(self, str(exc))

        if path is None:  # a database in memory: nothing a worker could open
            done(Book.of(ledger.lines(self.window_.db, year) if year else []))
        else:
            run_task(work, done, failed)

    def _show(self, book: Book) -> None:
        self.lines = book.lines
        self.model.set_rows(book.lines)
        self.table.setEnabled(True)
        self.table.resizeColumnsToContents()  # from the first 200 rows (see __init__)
        t = book.total
        self.totals.setText(
            f"<b>{t.count}</b> lượt khen thưởng — phải chi <b>{vn_number(t.amount)}</b> đồng, đã chi "
            f"<b>{vn_number(t.paid)}</b> đồng, còn phải chi <b>{vn_number(t.balance)}</b> đồng"
        )
        for table, groups in ((self.by_source, book.by_source), (self.by_unit, book.by_unit)):
            table.setRowCount(len(groups))
            for r, (key, g) in enumerate(groups.items()):
                for c, (value, money) in enumerate(((key, False), (g.count, False), (g.amount, True), (g.paid, True),
                                                    (g.balance, True))):  # fmt: skip
                    table.setItem(r, c, _item(value, money))
            table.resizeColumnsToContents()
        self.payments.setRowCount(len(book.paid))
        for r, (p, line) in enumerate(book.paid):
            for c, (value, money) in enumerate(((fmt.vn_date(p["paid_on"]), False), (p["voucher"], False),
                                                (p["receiver"], False), (line.nominee, False), (p["amount"], True),
                                                (p["note"], False))):  # fmt: skip
                self.payments.setItem(r, c, _item(value, money))
        self.payments.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(
            len(LINE_COLUMNS) - 1, QHeaderView.ResizeMode.Stretch
        )
        self.loaded.emit()

    def selected_lines(self) -> list[ledger.LedgerLine]:
        rows_ = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.lines[r] for r in rows_ if r < len(self.lines)]

    def pay_selected(self) -> None:
        chosen = [line for line in self.selected_lines() if line.balance > 0]
        if not chosen:
            messages.error(self, "Hãy chọn một hoặc nhiều dòng còn phải chi trong sổ quỹ.")
            return
        owed = sum(line.balance for line in chosen)
        fields = [Field("paid_on", "Ngày chi", "date", required=True)]
        if len(chosen) == 1:
            fields.append(
                Field("amount", "Số tiền (đồng)", "int", required=True, minimum=1, maximum=chosen[0].balance)
            )
        fields += [Field("receiver", "Người nhận"), Field("voucher", "Số chứng từ", placeholder="ví dụ PC-015"),
                   Field("note", "Ghi chú")]  # fmt: skip
        who = chosen[0].nominee if len(chosen) == 1 else f"{len(chosen)} lượt khen thưởng"
        form = RecordForm(f"Ghi chi tiền thưởng: {who} (còn {vn_number(owed)} đồng)", fields,
                          {"paid_on": date.today(), "amount": owed if len(chosen) == 1 else None}, parent=self)  # fmt: skip
        if not messages.run_dialog(form):
            return
        v = form.values()
        db = self.window_.db

        def action():
            if len(chosen) == 1:
                ledger.record_payment(db, chosen[0].proposal_id, paid_on=v["paid_on"], amount=v["amount"],
                                      receiver=v["receiver"], voucher=v["voucher"], note=v["note"])  # fmt: skip
            else:
                ledger.pay_outstanding(db, [line.proposal_id for line in chosen], paid_on=v["paid_on"],
                                       receiver=v["receiver"], voucher=v["voucher"], note=v["note"])  # fmt: skip

        groups = [("reward_payments", "proposal_id", line.proposal_id) for line in chosen]
        tab = self.window_.list_tabs[PROPOSALS] if hasattr(self.window_, "list_tabs") else None
        if tab is not None:
            tab.run_undoable(f"ghi chi tiền thưởng cho {who}", groups, action, stack=self.undo_stack,
                             after_restore=lambda _db: self.reload())  # fmt: skip
        else:
            try:
                action()
            except StoreError as exc:
                messages.error(self, str(exc))
        self.reload()

    def edit_sources(self) -> None:
        db = self.window_.db
        current = ledger.load_sources(db)
        fields = [Field(level, label, required=True) for level, label in LEVEL_LABELS.items()]
        form = RecordForm("Nguồn kinh phí chi tiền thưởng theo cấp quyết định", fields, dict(current.by_level),
                          parent=self)  # fmt: skip
        form.info.setText(f"<i>{SOURCE_BASIS}</i>")
        form.info.show()
        if not messages.run_dialog(form):
            return
        try:
            ledger.save_sources(db, FundSources({k: v for k, v in form.values().items() if v}))
        except StoreError as exc:
            messages.error(self, str(exc))
        self.reload()

    def export(self) -> None:
        from thidua_desktop.reports.excel import registry as excel_reports
        from thidua_desktop.ui.transfer import excel_export as export_ui

        if not self.year:
            return
        out = messages.save_file(self, "Lưu sổ quỹ khen thưởng", f"so-quy-khen-thuong-{self.year}.xlsx",
                                 export_ui.XLSX_FILTER)  # fmt: skip
        if out is None:
            return
        if out.suffix.lower() != ".xlsx":
            out = out.with_suffix(".xlsx")
        options = excel_reports.Options(year=self.year)
        export_ui.run_export(self.window_, f"Sổ quỹ khen thưởng năm {self.year}", out,
                             lambda db, path, p, c: excel_reports.run("so-quy-khen-thuong", db, path, options, p, c))  # fmt: skip

    def go_to_proposal(self) -> None:
        chosen = self.selected_lines()
        if chosen and hasattr(self.window_, "list_tabs"):
            from thidua_desktop.ui.dossier.find_paper import PROPOSALS as TAB
            from thidua_desktop.ui.dossier.find_paper import go_to

            go_to(self.window_, TAB, chosen[0].proposal_id)


def open_ledger(window) -> None:
    messages.run_dialog(LedgerDialog(window))
