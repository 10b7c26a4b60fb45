"""Công cụ → Sổ quỹ khen thưởng…: the year's decided awards with what the rules owe,
what was paid and what is still owed; totals per source of funds and per unit; recording
a payment (date, amount, who received it, voucher number) on the selected lines, with
undo; the sources of funds; the Excel export in the house style."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
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
    QTabWidget,
    QVBoxLayout,
)

from thidua_desktop.domain.text import vn_number
from thidua_desktop.rules.funds import LEVEL_LABELS, SOURCE_BASIS, FundSources
from thidua_desktop.store import StoreError, ledger
from thidua_desktop.ui import formats as fmt
from thidua_desktop.ui import messages
from thidua_desktop.ui.forms import Field, RecordForm

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


class LedgerDialog(QDialog):
    def __init__(self, window, year: int | None = None):
        super().__init__(window)
        self.window_ = window
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
        self.table = _table(LINE_COLUMNS, self, multi=True)
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
        db = self.window_.db
        self.lines = ledger.lines(db, self.year) if self.year else []
        self.table.setRowCount(len(self.lines))
        for r, line in enumerate(self.lines):
            cells = (line.decision_number, fmt.vn_date(line.decision_date), line.nominee,
                     line.unit_name if line.subject == "ca_nhan" else "", line.award, line.source, line.amount,
                     line.paid, line.balance, line.note)  # fmt: skip
            for c, value in enumerate(cells):
                item = _item(value, c in MONEY_COLUMNS)
                if c == 0:
                    item.setData(Qt.ItemDataRole.UserRole, line.proposal_id)
                if c == 8 and line.balance > 0:
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        t = ledger.total(self.lines)
        self.totals.setText(
            f"<b>{t.count}</b> lượt khen thưởng — phải chi <b>{vn_number(t.amount)}</b> đồng, đã chi "
            f"<b>{vn_number(t.paid)}</b> đồng, còn phải chi <b>{vn_number(t.balance)}</b> đồng"
        )
        for table, groups in ((self.by_source, ledger.by_source(self.lines)),
                              (self.by_unit, dict(sorted(ledger.by_unit(self.lines).items())))):  # fmt: skip
            table.setRowCount(len(groups))
            for r, (key, g) in enumerate(groups.items()):
                for c, (value, money) in enumerate(((key, False), (g.count, False), (g.amount, True), (g.paid, True),
                                                    (g.balance, True))):  # fmt: skip
                    table.setItem(r, c, _item(value, money))
            table.resizeColumnsToContents()
        paid = sorted(
            ((p, line) for line in self.lines for p in line.payments),
            key=lambda x: (x[0]["paid_on"], x[0]["id"]),
        )
        self.payments.setRowCount(len(paid))
        for r, (p, line) in enumerate(paid):
            for c, (value, money) in enumerate(((fmt.vn_date(p["paid_on"]), False), (p["voucher"], False),
                                                (p["receiver"], False), (line.nominee, False), (p["amount"], True),
                                                (p["note"], False))):  # fmt: skip
                self.payments.setItem(r, c, _item(value, money))
        self.payments.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(
            len(LINE_COLUMNS) - 1, QHeaderView.ResizeMode.Stretch
        )

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
            tab.run_undoable(f"ghi chi tiền thưởng cho {who}", groups, action)
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
        from thidua_desktop.reports import excel_reports
        from thidua_desktop.ui import export_ui

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
            from thidua_desktop.ui.find_paper_dialog import PROPOSALS as TAB
            from thidua_desktop.ui.find_paper_dialog import go_to

            go_to(self.window_, TAB, chosen[0].proposal_id)


def open_ledger(window) -> None:
    messages.run_dialog(LedgerDialog(window))
