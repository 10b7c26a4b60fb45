"""The fifth tab, the cluster's year: the scoring table with totals, ranking and a chart;
the conference vote typed ballot by ballot from the keyboard, with the running tally and the
reconciliation; the projector view; the calendar. Works offline like everything else."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from thidua_desktop.domain.text import vn_decimal
from thidua_desktop.rules import scoring as score_rules
from thidua_desktop.rules.voting import Race
from thidua_desktop.store import StoreError, lookups
from thidua_desktop.store.cluster import calendar, new_year, scoring, voting
from thidua_desktop.store.records import units
from thidua_desktop.ui import messages
from thidua_desktop.ui.cluster.cells import RIGHT, SHORT
from thidua_desktop.ui.cluster.cells import item as _item
from thidua_desktop.ui.cluster.chart import ScoreChart
from thidua_desktop.ui.cluster.projector import ProjectorView
from thidua_desktop.ui.cluster.scores import ScoreDialog
from thidua_desktop.ui.cluster.vote import VotePage
from thidua_desktop.ui.forms import Field, RecordForm
from thidua_desktop.ui.transfer.excel_export import status


class ClusterYearTab(VotePage, QWidget):
    """Duck-types the list tabs where the window needs it (count label, refresh, shutdown,
    set_database, focus_search); add / edit / delete act on the page shown."""

    changed = Signal()

    def __init__(self, db, undo_stack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.undo_stack = undo_stack
        self.count_label = QLabel()
        self.projector: ProjectorView | None = None
        self.vote_id: int | None = None
        self.table_id: int | None = None

        self.cluster = QComboBox()
        self.year = QSpinBox()
        self.year.setRange(1990, 2100)
        top = QHBoxLayout()
        top.addWidget(QLabel("Khối thi đua"))
        top.addWidget(self.cluster, 1)
        top.addWidget(QLabel("Năm"))
        top.addWidget(self.year)
        start = QPushButton("Năm mới…")
        start.setToolTip("Mở năm thi đua mới: chuyển thành viên, bảng điểm năm trước và các mốc thường lệ sang năm mới, "
                         "chọn khối trưởng, khối phó — trong một bước.")  # fmt: skip
        start.clicked.connect(self.start_new_year)
        top.addWidget(start)
        self.pages = QTabWidget()
        # each page scrolls when the window is narrower than it (a 1366×768 laptop at 125 %)
        self.pages.addTab(_scrolled(self._scores_page()), "Bảng điểm, xếp hạng")
        self.pages.addTab(_scrolled(self._vote_page()), "Bỏ phiếu tại hội nghị")
        self.pages.addTab(_scrolled(self._calendar_page()), "Lịch năm")
        box = QVBoxLayout(self)
        box.addLayout(top)
        box.addWidget(self.pages, 1)
        self._fill_clusters()
        self.cluster.currentIndexChanged.connect(self.refresh)
        self.year.valueChanged.connect(self.refresh)
        QShortcut(QKeySequence("F11"), self, self.show_projector)
        self.refresh()

    # --- the interface the window uses --------------------------------------------------------
    def set_database(self, db) -> None:
        self.db = db
        self._fill_clusters()
        self.refresh()

    def shutdown(self) -> None:
        if self.projector is not None:
            self.projector.close()

    def focus_search(self) -> None:
        if self.pages.currentIndex() == 1:
            self.leading_edit.setFocus()

    def new_record(self) -> None:
        if self.pages.currentIndex() == 2:
            self.add_event()
        elif self.pages.currentIndex() == 1:
            self.leading_edit.setFocus()

    def edit_selected(self) -> None:
        if self.pages.currentIndex() == 0:
            self.score_selected()

    def delete_selected(self) -> None:
        if self.pages.currentIndex() == 1:
            self.void_ballot()
        elif self.pages.currentIndex() == 2:
            self.delete_event()

    def _fill_clusters(self) -> None:
        self.cluster.blockSignals(True)
        self.cluster.clear()
        for cluster_id, name in lookups.clusters(self.db):
            self.cluster.addItem(name, cluster_id)
        self.cluster.blockSignals(False)
        self.year.blockSignals(True)
        self.year.setValue(new_year.working_year(self.db, self.cluster.currentData()))  # the current year
        self.year.blockSignals(False)

    @property
    def cluster_id(self) -> int | None:
        return self.cluster.currentData()

    def refresh(self, *_args) -> None:
        if self.cluster_id is None:
            self.count_label.setText("Chưa có khối thi đua")
            return
        table = scoring.table_for(self.db, self.cluster_id, self.year.value())
        self.table_id = table["id"] if table else None
        vote = voting.vote_for(self.db, self.cluster_id, self.year.value())
        self.vote_id = vote["id"] if vote else None
        self._show_scores()
        self._show_vote()
        self._show_calendar()
        members = len(units.members(self.db, self.cluster_id, self.year.value()))
        self.count_label.setText(f"{members} đơn vị thành viên năm {self.year.value()}")
        if self.projector is not None:
            self.projector.refresh()
        self.changed.emit()

    def _run(self, action, *, done: str = "") -> bool:
        try:
            action()
        except (StoreError, ValueError) as exc:
            messages.error(self, str(exc))
            return False
        self.refresh()
        window = self.window()
        if hasattr(window, "show_due_soon"):  # what is due may have changed (an event, a vote closed)
            window.show_due_soon()
        if done:
            status(self, done, 8000)
        return True

    # --- scores -------------------------------------------------------------------------
    def _scores_page(self) -> QWidget:
        page = QWidget()
        self.new_table_button = QPushButton("Tạo bảng điểm theo mẫu 100 điểm")
        self.new_table_button.setToolTip(
            "Tạo bảng điểm của năm từ mẫu 100 điểm thường dùng; sửa tiêu chí sau bằng nút Tiêu chí…"
        )
        self.new_table_button.clicked.connect(self.create_table)
        self.copy_table_button = QPushButton("Sao chép bảng điểm năm trước")
        self.copy_table_button.setToolTip(
            "Dùng lại tiêu chí và điểm tối đa của năm trước cho năm đang xem (không chép điểm đã chấm)."
        )
        self.copy_table_button.clicked.connect(self.copy_table)
        score = QPushButton("Chấm điểm đơn vị…")
        score.setToolTip("Nhập điểm tự chấm và điểm thống nhất của đơn vị đang chọn theo từng tiêu chí.")
        score.clicked.connect(self.score_selected)
        edit_criteria = QPushButton("Tiêu chí…")
        edit_criteria.setToolTip("Sửa các nhóm tiêu chí, nội dung và điểm tối đa của bảng điểm năm đang xem.")
        edit_criteria.clicked.connect(self.edit_criteria)
        tie = QPushButton("Quy tắc xếp hạng khi bằng điểm…")
        tie.setToolTip(
            "Chọn cách xếp hạng các đơn vị bằng tổng điểm (theo điểm nhóm tiêu chí, theo số phiếu…)."
        )
        tie.clicked.connect(self.edit_tie_rule)
        chart_png = QPushButton("Lưu biểu đồ (PNG)…")
        chart_png.setToolTip("Lưu biểu đồ điểm của các đơn vị thành tệp ảnh để chèn vào báo cáo.")
        chart_png.clicked.connect(self.save_chart)
        tally_xlsx = QPushButton("Bảng điểm (Excel)…")
        tally_xlsx.setToolTip("Xuất bảng tổng hợp điểm và xếp hạng của năm ra tệp Excel.")
        tally_xlsx.clicked.connect(self.export_tally)
        self.table_buttons = [score, edit_criteria, tie, chart_png, tally_xlsx]
        self.changing_buttons = {
            edit_criteria: edit_criteria.toolTip(),
            tie: tie.toolTip(),
        }  # greyed once closed
        self.score_button = score
        buttons = QHBoxLayout()
        for b in (
            self.new_table_button,
            self.copy_table_button,
            score,
            edit_criteria,
            tie,
            chart_png,
            tally_xlsx,
        ):
            buttons.addWidget(b)
        buttons.addStretch()
        self.scores = QTableWidget()
        self.scores.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.scores.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.scores.verticalHeader().setVisible(False)
        self.scores.doubleClicked.connect(lambda _i: self.score_selected())
        self.chart = ScoreChart()
        self.scores_note = QLabel()
        self.scores_note.setWordWrap(True)
        split = QSplitter()
        split.addWidget(self.scores)
        split.addWidget(self.chart)
        split.setSizes([760, 420])
        box = QVBoxLayout(page)
        box.addLayout(buttons)
        box.addWidget(split, 1)
        box.addWidget(self.scores_note)
        return page

    def ranking(self):
        if self.table_id is None:
            return []
        votes = None
        if self.vote_id is not None:
            votes = voting.tally_of(self.db, self.vote_id).votes[Race.LEADING]
        return scoring.ranking(self.db, self.table_id, votes)

    def _show_scores(self) -> None:
        has = self.table_id is not None
        self.new_table_button.setVisible(not has)
        self.copy_table_button.setVisible(not has)
        for b in self.table_buttons:
            b.setEnabled(has)
        frozen = scoring.frozen(self.db, self.table_id) if has else ""
        for b, tip in self.changing_buttons.items():  # the adopted table stays as it was closed
            b.setEnabled(has and not frozen)
            b.setToolTip(frozen or tip)
        self.score_button.setText("Xem điểm đơn vị…" if frozen else "Chấm điểm đơn vị…")
        if not has:
            self.scores.clear()
            self.scores.setRowCount(0)
            self.scores.setColumnCount(0)
            self.chart.show_results([], "")
            self.scores_note.setText(f"Khối chưa có bảng điểm năm {self.year.value()}. Tạo theo mẫu hoặc sao chép "
                                     "bảng năm trước, rồi chấm điểm từng đơn vị.")  # fmt: skip
            return
        criteria = scoring.criteria(self.db, self.table_id)
        groups = list(dict.fromkeys(c.group for c in criteria if c.kind is score_rules.ItemKind.SCORED))
        ranked = self.ranking()
        headers = [
            "Hạng",
            "Đơn vị",
            *[f"Nhóm {g}" for g in groups],
            "Cộng",
            "Trừ",
            "Tổng",
            "Tự chấm",
            "Ghi chú",
        ]
        self.scores.clear()
        self.scores.setColumnCount(len(headers))
        self.scores.setHorizontalHeaderLabels(headers)
        self.scores.setRowCount(len(ranked))
        for row, r in enumerate(ranked):
            note = r.tie_note
            if r.missing:
                note = (note + "; " if note else "") + f"{r.missing} mục chưa có điểm thống nhất"
            cells = [_item(r.rank, align=RIGHT), _item(r.name)]
            cells += [_item(vn_decimal(r.by_group.get(g, 0.0), 2), align=RIGHT) for g in groups]
            cells += [_item(vn_decimal(r.bonus, 2), align=RIGHT), _item(vn_decimal(r.minus, 2), align=RIGHT),
                      _item(vn_decimal(r.total, 2), align=RIGHT), _item(vn_decimal(r.self_total, 2), align=RIGHT), _item(note)]  # fmt: skip
            cells[0].setData(Qt.ItemDataRole.UserRole, r.unit_id)
            for column, cell in enumerate(cells):
                self.scores.setItem(row, column, cell)
        self.scores.resizeColumnsToContents()
        self.scores.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        table = scoring.table_for(self.db, self.cluster_id, self.year.value())
        self.chart.show_results(ranked, f"Tổng điểm thi đua năm {self.year.value()}")
        self.scores_note.setText(f"Khi bằng tổng điểm: {score_rules.describe_tie_rule(table['tie_rule'])}. "
                                 "Tổng tính theo điểm thống nhất; mục chưa thống nhất tạm lấy điểm tự chấm.")  # fmt: skip

    def create_table(self) -> None:
        self._run(lambda: scoring.create_table(self.db, self.cluster_id, self.year.value()),
                  done="Đã tạo bảng điểm theo mẫu.")  # fmt: skip

    def copy_table(self) -> None:
        year = self.year.value()
        if self._run(lambda: scoring.copy_last_year(self.db, self.cluster_id, year),
                     done="Đã sao chép bảng điểm năm trước.") and not units.members(self.db, self.cluster_id, year):  # fmt: skip
            messages.error(self, f"Đã chép bảng điểm, nhưng khối chưa có đơn vị thành viên năm {year} nên bảng chưa có "
                                 "đơn vị nào để chấm. Hãy bấm “Năm mới…” (chuyển thành viên năm trước sang) hoặc ghi "
                                 "thành viên ở Công cụ → Khối thi đua và thành viên….", "Chưa có thành viên")  # fmt: skip

    def selected_unit(self) -> tuple[int, str] | None:
        row = self.scores.currentRow()
        if row < 0:
            return None
        return self.scores.item(row, 0).data(Qt.ItemDataRole.UserRole), self.scores.item(row, 1).text()

    def score_selected(self) -> None:
        chosen = self.selected_unit()
        if self.table_id is None or chosen is None:
            messages.error(self, "Hãy chọn một đơn vị trong bảng điểm.")
            return
        if messages.run_dialog(ScoreDialog(self.db, self.table_id, chosen[0], chosen[1], self)):
            self.refresh()

    def edit_criteria(self) -> None:
        from thidua_desktop.ui.cluster.criteria import CriteriaDialog

        if self.table_id is not None and messages.run_dialog(CriteriaDialog(self.db, self.table_id, self)):
            self.refresh()

    def edit_tie_rule(self) -> None:
        """The tie breakers ticked and put in order in a list (not typed as a code)."""
        from thidua_desktop.ui.cluster.tie_rule import TieRuleDialog

        table = scoring.table_for(self.db, self.cluster_id, self.year.value())
        groups = list(dict.fromkeys(c.group for c in scoring.criteria(self.db, self.table_id)
                                    if c.kind is score_rules.ItemKind.SCORED))  # fmt: skip
        dialog = TieRuleDialog(table["tie_rule"], groups, self)
        if messages.run_dialog(dialog):
            self._run(lambda: scoring.set_tie_rule(self.db, self.table_id, dialog.rule()),
                      done="Đã lưu quy tắc xếp hạng.")  # fmt: skip

    def save_chart(self) -> None:
        out = messages.save_file(
            self, "Lưu biểu đồ", f"bieu-do-diem-{self.year.value()}.png", "Ảnh PNG (*.png)"
        )
        if out is None:
            return
        out = out if out.suffix.lower() == ".png" else out.with_suffix(".png")
        if not self.chart.save_png(out):
            messages.error(self, f"Không ghi được ảnh “{out}”. Hãy chọn thư mục khác.")
            return
        status(self, f"Đã lưu biểu đồ vào {out}", 10000)

    # --- calendar ---------------------------------------------------------------------------
    def _calendar_page(self) -> QWidget:
        page = QWidget()
        self.events = QTableWidget(0, 4)
        self.events.setHorizontalHeaderLabels(["Ngày", "Việc", "Loại", "Đã xong"])
        self.events.verticalHeader().setVisible(False)
        self.events.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.events.itemChanged.connect(self._event_done)
        usual = QPushButton("Thêm các mốc thường lệ của năm")
        usual.setToolTip(
            "Thêm các việc thường có trong năm của Khối (đăng ký thi đua, sơ kết, tổng kết…); sửa ngày cho đúng kế hoạch."
        )
        usual.clicked.connect(lambda: self._run(lambda: calendar.fill_usual(self.db, self.cluster_id, self.year.value()),
                                                done="Đã thêm các mốc thường lệ; hãy sửa ngày cho đúng kế hoạch của Khối."))  # fmt: skip
        add = QPushButton("Thêm việc…")
        add.setToolTip("Thêm một việc có hạn vào lịch của Khối.")
        add.clicked.connect(self.add_event)
        edit = QPushButton("Sửa việc…")
        edit.setToolTip("Sửa ngày, loại hoặc nội dung của việc đang chọn (nhấp đúp một dòng cũng được).")
        edit.clicked.connect(self.edit_event)
        remove = QPushButton("Xóa việc")
        remove.setToolTip("Xóa việc đang chọn khỏi lịch năm (hỏi trước).")
        remove.clicked.connect(self.delete_event)
        self.events.itemDoubleClicked.connect(lambda item: self.edit_event() if item.column() != 3 else None)
        buttons = QHBoxLayout()
        for b in (usual, add, edit, remove):
            buttons.addWidget(b)
        buttons.addStretch()
        box = QVBoxLayout(page)
        box.addLayout(buttons)
        box.addWidget(self.events, 1)
        return page

    def _show_calendar(self) -> None:
        today = date.today()
        self.events.blockSignals(True)
        rows_ = calendar.events(self.db, self.cluster_id, self.year.value())
        settled = calendar.settled(self.db, self.cluster_id, self.year.value())
        self.events.setRowCount(len(rows_))
        for row, e in enumerate(rows_):
            due = date.fromisoformat(e["due_on"])
            finished = e["done"] or e["id"] in settled
            late = not finished and due < today
            soon = not finished and 0 <= (due - today).days <= 14
            background = SHORT if late else QColor("#fff3c4") if soon else None
            done = QTableWidgetItem()
            done.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            done.setCheckState(Qt.CheckState.Checked if e["done"] else Qt.CheckState.Unchecked)
            done.setData(Qt.ItemDataRole.UserRole, e["id"])
            if e["id"] in settled and not e["done"]:
                done.setText("xong theo kết quả")
                done.setToolTip(
                    "Kết quả bỏ phiếu đã khóa hoặc các đề nghị đã trình: việc này không còn đến hạn."
                )
            cells = [_item(f"{due:%d/%m/%Y}", background=background), _item(e["title"], background=background),
                     _item(calendar.KINDS[e["kind"]], background=background), done]  # fmt: skip
            for column, cell in enumerate(cells):
                self.events.setItem(row, column, cell)
        self.events.resizeColumnToContents(0)
        self.events.blockSignals(False)

    def _event_done(self, item: QTableWidgetItem) -> None:
        if item.column() == 3:
            event_id = item.data(Qt.ItemDataRole.UserRole)
            self._run(
                lambda: calendar.set_done(self.db, event_id, item.checkState() == Qt.CheckState.Checked)
            )

    def start_new_year(self) -> None:
        """Năm mới…: the year after the latest with members, its head and deputy chosen from
        last year's members; then the page shows the new year."""
        if self.cluster_id is None:
            messages.error(self, "Chưa có khối thi đua; hãy tạo ở Công cụ → Khối thi đua và thành viên….")
            return
        latest = new_year.latest_member_year(self.db, self.cluster_id)
        if latest is None:
            messages.error(
                self, "Khối chưa có thành viên năm nào; hãy ghi ở Công cụ → Khối thi đua và thành viên…."
            )
            return
        members = [(m["id"], m["name"]) for m in units.members(self.db, self.cluster_id, latest)]
        form = RecordForm(f"Năm mới của {self.cluster.currentText()}", [
            Field("year", "Năm thi đua mới", "int", required=True, minimum=latest + 1, maximum=latest + 5),
            Field("head", "Khối trưởng", "choice", choices=members),
            Field("deputy", "Khối phó", "choice", choices=members,
                  check=lambda v, values: "Khối phó phải khác khối trưởng." if v and v == values.get("head") else None),
        ], {"year": latest + 1}, parent=self)  # fmt: skip
        if not messages.run_dialog(form):
            return
        v = form.values()
        result: dict = {}
        if self._run(lambda: result.update(new_year.start_year(self.db, self.cluster_id, v["year"],
                                                               head=v["head"], deputy=v["deputy"]))):  # fmt: skip
            self.year.setValue(v["year"])
            table = "bảng điểm năm trước" if result.get("table") else "không có bảng điểm để chép"
            status(self, f"Đã mở năm {v['year']}: {result['members']} đơn vị thành viên, {table}, "
                         f"{result['events']} mốc thường lệ.", 10000)  # fmt: skip

    def _event_form(self, title: str, values: dict) -> RecordForm:
        return RecordForm(title, [
            Field("due_on", "Ngày", "date", required=True),
            Field("kind", "Loại", "choice", required=True, choices=list(calendar.KINDS.items())),
            Field("title", "Nội dung", required=True),
        ], values, parent=self)  # fmt: skip

    def add_event(self) -> None:
        form = self._event_form("Thêm việc vào lịch năm", {"kind": "khac"})
        if messages.run_dialog(form):
            v = form.values()
            self._run(lambda: calendar.add_event(self.db, self.cluster_id, self.year.value(), v["kind"], v["title"],
                                                 v["due_on"]))  # fmt: skip

    def _chosen_event(self) -> dict | None:
        row = self.events.currentRow()
        if row < 0:
            messages.error(self, "Hãy chọn một việc trong lịch năm.")
            return None
        event_id = self.events.item(row, 3).data(Qt.ItemDataRole.UserRole)
        return next(
            e for e in calendar.events(self.db, self.cluster_id, self.year.value()) if e["id"] == event_id
        )

    def edit_event(self) -> None:
        event = self._chosen_event()
        if event is None:
            return
        form = self._event_form("Sửa việc trong lịch năm", {"due_on": date.fromisoformat(event["due_on"]),
                                                             "kind": event["kind"], "title": event["title"]})  # fmt: skip
        if messages.run_dialog(form):
            v = form.values()
            self._run(lambda: calendar.update_event(self.db, event["id"], v["kind"], v["title"], v["due_on"]),
                      done="Đã sửa việc trong lịch năm.")  # fmt: skip

    def delete_event(self) -> None:
        event = self._chosen_event()
        if event is not None and messages.ask(self, f"Xóa “{event['title']}” khỏi lịch năm?"):
            self._run(lambda: calendar.delete_event(self.db, event["id"]), done="Đã xóa việc khỏi lịch năm.")


def _scrolled(page: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(page)
    return area
