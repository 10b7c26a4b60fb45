"""The conference vote on the cluster tab: setting it up, ballots typed from the keyboard, the
running tally and reconciliation, closing, the proposals and next year's heads it makes, its
papers and the projector. A part of ``ClusterYearTab``."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from thidua_desktop.domain.text import vn_decimal
from thidua_desktop.reports.cluster.figures import outcome, races
from thidua_desktop.rules.voting import STATE_LABELS, BallotState, Race
from thidua_desktop.store import StoreError
from thidua_desktop.store.cluster import voting
from thidua_desktop.store.errors import os_reason
from thidua_desktop.store.records import units
from thidua_desktop.ui import contrast, messages
from thidua_desktop.ui.cluster.cells import GOOD, RIGHT
from thidua_desktop.ui.cluster.cells import item as _item
from thidua_desktop.ui.cluster.projector import SCREEN_KEY, ProjectorView, choose_screen
from thidua_desktop.ui.cluster.scores import parse_points
from thidua_desktop.ui.forms import Field, RecordForm
from thidua_desktop.ui.transfer.excel_export import status


def race_verdict(t, result, unit: int) -> str:
    """The unit's result in each race, in the minutes' own words (reports.cluster.figures.outcome):
    "Dẫn đầu; Bằng khen: thiếu 1 phiếu"; the leading race is named only for the leader and for a
    unit with leading votes."""
    parts = []
    for race, label in ((Race.LEADING, "Dẫn đầu"), (Race.COMMEND, "Bằng khen")):
        if race not in races(t) or (
            race is Race.LEADING and unit != result.leading and not t.count(race, unit)
        ):
            continue
        text = outcome(t, result, race, unit)
        parts.append(text if text == label else f"{label}: {text[0].lower()}{text[1:]}")
    return "; ".join(parts)


REPRESENTATIVE = Qt.ItemDataRole.UserRole + 1  # a unit's representative, on its line of the ballot list


class VotePage:
    """The vote's page and actions; mixed into ``ClusterYearTab``, whose state it shares."""

    # ----------------------------------------------------------------------------
    def _vote_page(self) -> QWidget:
        page = QWidget()
        # set-up, shown before the vote exists
        self.setup = QGroupBox("Tạo cuộc bỏ phiếu")
        form = QFormLayout(self.setup)
        self.issued = QSpinBox()
        self.issued.setRange(1, 500)
        self.leading_places, self.commend_places = QSpinBox(), QSpinBox()
        self.leading_places.setRange(0, 5)
        self.leading_places.setValue(1)
        self.commend_places.setRange(0, 50)
        self.commend_places.setValue(3)
        self.threshold = QDoubleSpinBox()
        self.threshold.setRange(0, 100)
        self.threshold.setValue(50)
        self.threshold.setSuffix(" %")
        form.addRow("Số phiếu phát ra", self.issued)
        form.addRow("Số đơn vị dẫn đầu được chọn", self.leading_places)
        form.addRow("Số đơn vị đề nghị Bằng khen được chọn", self.commend_places)
        form.addRow("Đạt khi được trên … số phiếu phát ra", self.threshold)
        create = QPushButton("Tạo cuộc bỏ phiếu")
        create.setToolTip(
            "Tạo cuộc bỏ phiếu của năm với số phiếu phát ra, số đơn vị được chọn và tỷ lệ phiếu cần đạt."
        )
        create.clicked.connect(self.create_vote)
        form.addRow("", create)

        # the vote itself
        self.vote_box = QWidget()
        self.candidates = QListWidget()
        self.candidates.setMaximumWidth(420)
        self.candidates.itemChanged.connect(self._presence_changed)
        self.candidates.itemDoubleClicked.connect(self._edit_representative)
        self.candidates.setToolTip(
            "Bỏ dấu nếu đơn vị vắng mặt; nhấp đúp để ghi người đại diện dự họp (in vào biên bản)."
        )
        self.ballot_label = QLabel()
        self.leading_edit = QLineEdit()
        self.leading_edit.setPlaceholderText("số của đơn vị; T = phiếu trắng, H = phiếu hỏng")
        self.commend_edit = QLineEdit()
        self.commend_edit.setPlaceholderText("các số, cách nhau bằng dấu cách: 2 3 5")
        self.leading_edit.returnPressed.connect(self._leading_entered)
        self.commend_edit.returnPressed.connect(self.save_ballot)
        self.ballot_error = QLabel()
        self.ballot_error.setStyleSheet(contrast.style(contrast.ERROR))
        self.ballot_error.setWordWrap(True)
        entry = QGroupBox("Nhập phiếu (Enter để ghi)")
        entry_form = QFormLayout(entry)
        entry_form.addRow(self.ballot_label)
        entry_form.addRow("Dẫn đầu", self.leading_edit)
        entry_form.addRow("Bằng khen", self.commend_edit)
        entry_form.addRow(self.ballot_error)
        self.ballot_list = QListWidget()
        void_key = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.ballot_list)
        void_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        void_key.activated.connect(self.void_ballot)  # Delete in the list voids, after asking why
        delete = QPushButton("Hủy phiếu đang chọn…")
        delete.setToolTip("Phiếu nhập nhầm: hủy kèm lý do (giữ số, gạch ngang, không tính), rồi nhập lại phiếu "
                          "giấy đó ở số tiếp theo. Phím Delete trong danh sách cũng hủy phiếu.")  # fmt: skip
        delete.clicked.connect(self.void_ballot)
        settings = QPushButton("Thiết lập cuộc bỏ phiếu…")
        settings.setToolTip("Sửa số phiếu phát ra, số đơn vị được chọn, tỷ lệ cần đạt, ngày, nơi họp, chủ trì, thư ký; "
                            "đã có phiếu thì phải ghi lý do.")  # fmt: skip
        settings.clicked.connect(self.edit_vote_settings)
        self.settings_button = settings
        left = QVBoxLayout()
        left.addWidget(QLabel("Đơn vị trên phiếu (bỏ dấu nếu vắng mặt):"))
        left.addWidget(self.candidates, 1)
        left.addWidget(entry)
        left.addWidget(QLabel("Các phiếu đã nhập:"))
        left.addWidget(self.ballot_list, 1)
        ballot_buttons = QHBoxLayout()
        ballot_buttons.addWidget(delete)
        ballot_buttons.addWidget(settings)
        left.addLayout(ballot_buttons)

        self.counts = QLabel()  # no word wrap: a wrapped rich-text label may be cut short
        self.tally_table = QTableWidget(0, 6)
        self.tally_table.setHorizontalHeaderLabels(["Đơn vị", "Dẫn đầu", "%", "Bằng khen", "%", "Kết quả"])
        self.tally_table.verticalHeader().setVisible(False)
        header = self.tally_table.horizontalHeader()
        for column in range(5):  # the units' names and the figures as wide as they are
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)  # the result in each race, in words
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setTextFormat(Qt.TextFormat.RichText)
        self.close_button = QPushButton("Khóa kết quả")
        self.close_button.setToolTip("Khóa kết quả bỏ phiếu của năm: không nhập thêm phiếu được nữa.")
        self.close_button.clicked.connect(self.toggle_closed)
        projector = QPushButton("Màn hình chiếu")
        projector.setToolTip("Mở màn hình kết quả cho hội nghị trên màn hình chọn bên cạnh (máy chiếu); cửa sổ nhập "
                             "phiếu vẫn giữ bàn phím, màn hình chiếu cập nhật theo từng phiếu.")  # fmt: skip
        projector.clicked.connect(self.show_projector)
        self.screen_box = QComboBox()
        self.screen_box.setToolTip(
            "Màn hình dùng để chiếu (mặc định màn hình thứ hai khi có); lựa chọn được nhớ."
        )
        self.screen_box.activated.connect(
            lambda _i: QSettings().setValue(SCREEN_KEY, self.screen_box.currentData() or "")
        )
        proposals_button = QPushButton("Lập đề nghị khen thưởng từ kết quả")
        proposals_button.setToolTip(
            "Tạo các đề nghị Cờ thi đua, Bằng khen cho các đơn vị đạt trong kết quả đã khóa."
        )
        proposals_button.clicked.connect(self.create_proposals)
        next_year = QPushButton("Năm sau: khối trưởng, khối phó, nơi đăng cai…")
        next_year.setToolTip("Ghi khối trưởng, khối phó và nơi đăng cai hội nghị của năm sau theo kết quả.")
        next_year.clicked.connect(self.record_next_year)
        minutes_xlsx = QPushButton("Biên bản (Excel)…")
        minutes_xlsx.setToolTip("Xuất biên bản bình xét, bỏ phiếu của năm ra tệp Excel.")
        minutes_xlsx.clicked.connect(lambda: self.export_minutes(".xlsx"))
        minutes_pdf = QPushButton("Biên bản (PDF)…")
        minutes_pdf.setToolTip("Xuất biên bản bình xét, bỏ phiếu của năm ra tệp PDF để in, ký.")
        minutes_pdf.clicked.connect(lambda: self.export_minutes(".pdf"))
        actions = QHBoxLayout()
        for b in (self.close_button, projector, self.screen_box, proposals_button, next_year):
            actions.addWidget(b)
        actions.addStretch()
        papers = QHBoxLayout()
        papers.addWidget(minutes_xlsx)
        papers.addWidget(minutes_pdf)
        for text, tip, write in (
            ("Biên bản kiểm phiếu (PDF)…", "Biên bản của Ban kiểm phiếu: số phiếu, số phiếu từng đơn vị, kết quả, chữ "
             "ký của Ban (điền Ban kiểm phiếu ở Thiết lập cuộc bỏ phiếu…).", self.export_count_record),
            ("In phiếu bầu (PDF)…", "Phiếu bầu in sẵn: các đơn vị theo đúng số thứ tự trên phiếu, ô đánh dấu từng "
             "nội dung, đủ số phiếu phát ra, nhiều phiếu một trang A4.", self.export_ballot_papers),
        ):  # fmt: skip
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(write)
            papers.addWidget(button)
        papers.addStretch()
        right = QVBoxLayout()
        right.addWidget(self.counts)
        right.addWidget(self.tally_table, 1)
        right.addWidget(self.result_label)
        right.addLayout(actions)
        right.addLayout(papers)
        body = QHBoxLayout(self.vote_box)
        body.addLayout(left, 2)
        body.addLayout(right, 3)

        box = QVBoxLayout(page)
        box.addWidget(self.setup)
        box.addWidget(self.vote_box, 1)
        self.fill_screens()
        return page

    def create_vote(self) -> None:
        self._run(lambda: voting.create_vote(
            self.db, self.cluster_id, self.year.value(), issued=self.issued.value(),
            leading_places=self.leading_places.value(), commend_places=self.commend_places.value(),
            threshold_percent=self.threshold.value()), done="Đã tạo cuộc bỏ phiếu.")  # fmt: skip
        self.leading_edit.setFocus()

    def _show_vote(self) -> None:
        has = self.vote_id is not None
        self.setup.setVisible(not has)
        self.vote_box.setVisible(has)
        if not has:
            members = units.members(self.db, self.cluster_id, self.year.value())
            self.issued.setValue(max(1, len(members)))
            return
        vote = voting.get_vote(self.db, self.vote_id)
        is_open = vote["status"] == "mo"
        t, ranked, outcome, names = voting.standing(self.db, self.vote_id)
        cands = voting.candidates(self.db, self.vote_id)
        self.positions = {c["position"]: c["unit_id"] for c in cands}
        number_of = {c["unit_id"]: c["position"] for c in cands}
        self.candidates.blockSignals(True)
        self.candidates.clear()
        for c in cands:
            shown = f"{c['position']}. {c['name']}" + (
                f" — {c['representative']}" if c["representative"] else ""
            )
            item = QListWidgetItem(shown)
            item.setData(Qt.ItemDataRole.UserRole, c["unit_id"])
            item.setData(REPRESENTATIVE, c["representative"] or "")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if c["present"] else Qt.CheckState.Unchecked)
            self.candidates.addItem(item)
        self.candidates.blockSignals(False)
        self.ballot_list.clear()
        voided = voting.voided(self.db, self.vote_id)
        for b in voting.ballots(self.db, self.vote_id, with_voided=True):
            if b.state is BallotState.VALID:
                text = (f"Phiếu {b.number}: dẫn đầu {' '.join(str(number_of[u]) for u in b.leading) or '—'}; "
                        f"Bằng khen {' '.join(str(number_of[u]) for u in b.commend) or '—'}")  # fmt: skip
            else:
                text = f"Phiếu {b.number}: {STATE_LABELS[b.state].lower()}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, b.number)
            if b.number in voided:  # kept with its number, struck through, counted nowhere
                font = item.font()
                font.setStrikeOut(True)
                item.setFont(font)
                item.setText(f"{text} — đã hủy: {voided[b.number]}")
                item.setForeground(QColor(contrast.tone(contrast.NOTE)))
            self.ballot_list.addItem(item)
        self.ballot_list.scrollToBottom()
        self.ballot_label.setText(
            f"Phiếu số {voting.next_number(self.db, self.vote_id)}" if is_open
            else "Kết quả đã khóa: không nhập thêm phiếu."
        )  # fmt: skip
        self.settings_button.setEnabled(is_open)
        for edit in (self.leading_edit, self.commend_edit):
            edit.setEnabled(is_open)
        self.close_button.setText("Khóa kết quả" if is_open else "Mở lại kết quả…")
        colour = contrast.tone(contrast.ERROR if t.problems else contrast.OK)
        reconcile = " ".join(t.problems) if t.problems else "Số phiếu khớp."
        self.counts.setText(
            f"<b>Phiếu phát ra {t.rules.issued} · thu về {t.returned} · hợp lệ {t.valid} · trắng {t.blank} · hỏng "
            f"{t.spoiled}</b><br><span style='color:{colour}'>{reconcile}</span><br>Đạt khi {t.rules.describe()}: "
            f"cần {t.needed} phiếu."
        )  # fmt: skip
        order = [r.unit_id for r in ranked] + [u for u in names if u not in {r.unit_id for r in ranked}]
        self.tally_table.setRowCount(len(order))
        for row, unit in enumerate(order):
            verdict = race_verdict(t, outcome, unit)
            background = GOOD if unit == outcome.leading or unit in outcome.commend else None
            cells = [_item(f"{number_of.get(unit, '')}. {names.get(unit, unit)}", background=background),
                     _item(t.count(Race.LEADING, unit), align=RIGHT, background=background),
                     _item(vn_decimal(t.percent(Race.LEADING, unit), 1), align=RIGHT, background=background),
                     _item(t.count(Race.COMMEND, unit), align=RIGHT, background=background),
                     _item(vn_decimal(t.percent(Race.COMMEND, unit), 1), align=RIGHT, background=background),
                     _item(verdict, background=background)]  # fmt: skip
            for column, cell in enumerate(cells):
                self.tally_table.setItem(row, column, cell)
        lead = names.get(outcome.leading, "") if outcome.leading else "chưa có đơn vị đạt"
        commend = ", ".join(names[u] for u in outcome.commend) or "chưa có đơn vị đạt"
        notes = "".join(f"<br><i>{n}</i>" for n in outcome.notes)
        state = "" if is_open else " <b>(đã khóa)</b>"
        self.result_label.setText(f"<b>Dẫn đầu:</b> {lead}. <b>Bằng khen:</b> {commend}.{state}{notes}")
        if self.projector is not None:  # the hall sees each ballot as it is typed
            self.projector.refresh()

    def _presence_changed(self, item: QListWidgetItem) -> None:
        unit, representative = item.data(Qt.ItemDataRole.UserRole), item.data(REPRESENTATIVE) or ""
        present = item.checkState() == Qt.CheckState.Checked
        self._run(lambda: voting.set_presence(self.db, self.vote_id, unit, present, representative))

    def _edit_representative(self, item: QListWidgetItem) -> None:
        """Who represents the unit at the conference (printed in the minutes)."""
        name = item.text().split(". ", 1)[-1].split(" — ")[0]
        text, ok = QInputDialog.getText(self, "Người đại diện", f"Người đại diện của {name} dự hội nghị (họ tên, "
                                        "chức vụ):", text=item.data(REPRESENTATIVE) or "")  # fmt: skip
        if ok:
            unit, present = item.data(Qt.ItemDataRole.UserRole), item.checkState() == Qt.CheckState.Checked
            self._run(lambda: voting.set_presence(self.db, self.vote_id, unit, present, text.strip()))

    def _leading_entered(self) -> None:
        text = self.leading_edit.text().strip().lower()
        if text in ("t", "h"):
            self.save_ballot()
        else:
            self.commend_edit.setFocus()
            self.commend_edit.selectAll()

    def save_ballot(self) -> None:
        """Record what was typed as the next ballot; on a mistake say why and keep the text."""
        first = self.leading_edit.text().strip().lower()
        try:
            if first == "t":
                state, leading, commend = BallotState.BLANK, (), ()
            elif first == "h":
                state, leading, commend = BallotState.SPOILED, (), ()
            else:
                state = BallotState.VALID
                leading = voting.parse_marks(first, self.positions)
                commend = voting.parse_marks(self.commend_edit.text(), self.positions)
            voting.add_ballot(self.db, self.vote_id, state, leading, commend)
        except StoreError as exc:
            self.ballot_error.setText(str(exc))
            self.leading_edit.setFocus()
            self.leading_edit.selectAll()
            return
        self.ballot_error.clear()
        self.leading_edit.clear()
        self.commend_edit.clear()
        self.refresh()
        self.leading_edit.setFocus()

    def void_ballot(self) -> None:
        """Void the ballot chosen in the list, asking why: it keeps its number, struck through."""
        item = self.ballot_list.currentItem()
        if item is None or self.vote_id is None:
            messages.error(self, "Hãy chọn phiếu cần hủy trong danh sách các phiếu đã nhập.")
            return
        number = item.data(Qt.ItemDataRole.UserRole)
        reason, ok = QInputDialog.getText(
            self, f"Hủy phiếu số {number}",
            f"Lý do hủy phiếu số {number} (phiếu giữ số, gạch ngang, không được tính; nhập lại phiếu giấy ở số "
            "tiếp theo):", text="Nhập nhầm",
        )  # fmt: skip
        if ok:
            self._run(lambda: voting.void_ballot(self.db, self.vote_id, number, reason),
                      done=f"Đã hủy phiếu số {number}; phiếu tiếp theo là số {voting.next_number(self.db, self.vote_id)}.")  # fmt: skip
            self.leading_edit.setFocus()

    def edit_vote_settings(self) -> None:
        """The vote's settings in one form; once ballots are typed, a change of the count's
        settings asks for its reason, as it is typed."""
        vote = voting.get_vote(self.db, self.vote_id)
        typed = len(voting.ballots(self.db, self.vote_id, with_voided=True))
        counted = ("issued", "leading_places", "commend_places", "threshold_percent", "base")

        def number(text) -> float | None:
            try:
                return parse_points(str(text or ""))
            except ValueError:
                return None

        def reason_check(value, values) -> str | None:
            typed_values = {**values, "threshold_percent": number(values.get("threshold_percent"))}
            changed = any(typed_values.get(k) is not None and typed_values[k] != vote[k] for k in counted)
            if typed and changed and not value:
                return f"Đã nhập {typed} phiếu: đổi thiết lập tính phiếu phải ghi lý do."
            return None

        def issued_check(value, _values) -> str | None:
            return (
                f"Đã nhập {typed} phiếu: không thể ít hơn." if value is not None and value < typed else None
            )

        def threshold_check(value, _values) -> str | None:
            share = number(value)
            if value and share is None:
                return "Chỉ nhập số, ví dụ 50 hoặc 66,67."
            return "Từ 0 đến 100." if share is not None and not 0 <= share <= 100 else None

        form = RecordForm("Thiết lập cuộc bỏ phiếu", [
            Field("issued", "Số phiếu phát ra", "int", required=True, minimum=1, check=issued_check),
            Field("leading_places", "Số đơn vị dẫn đầu được chọn", "int", required=True, minimum=0, maximum=5),
            Field("commend_places", "Số đơn vị đề nghị Bằng khen được chọn", "int", required=True, minimum=0),
            Field("threshold_percent", "Đạt khi được trên (%)", required=True, check=threshold_check),
            Field("base", "Tỷ lệ tính trên", "choice", required=True,
                  choices=[("phat_ra", "số phiếu phát ra"), ("hop_le", "số phiếu hợp lệ")]),
            Field("held_on", "Ngày họp", "date"),
            Field("place", "Nơi họp"),
            Field("chair", "Chủ trì"),
            Field("secretary", "Thư ký"),
            Field("counting_committee", "Ban kiểm phiếu", "multiline",
                  placeholder="Mỗi dòng một người: họ tên – nhiệm vụ, ví dụ: Nguyễn Văn A – Trưởng ban"),  # fmt: skip
            Field("reason", "Lý do thay đổi (khi đã có phiếu)", "multiline", check=reason_check),
        ], {**{k: vote[k] for k in voting.SETTINGS}, "threshold_percent": vn_decimal(vote["threshold_percent"]),
            "counting_committee": "\n".join(p.strip() for p in (vote["counting_committee"] or "").split(";")),
            "held_on": date.fromisoformat(vote["held_on"]) if vote["held_on"] else None}, parent=self)  # fmt: skip
        if not messages.run_dialog(form):
            return
        v = form.values()
        changes = {k: v[k] for k in voting.SETTINGS}
        changes["threshold_percent"] = number(v["threshold_percent"])
        changes["counting_committee"] = (
            "; ".join(  # one person a line, kept as "a; b" (stored text is one line)
                line.strip() for line in str(v["counting_committee"] or "").splitlines() if line.strip()
            )
        )
        self._run(lambda: voting.update_vote(self.db, self.vote_id, reason=v["reason"] or "", **changes),
                  done="Đã lưu thiết lập cuộc bỏ phiếu; ngưỡng đạt tính lại ngay.")  # fmt: skip

    def toggle_closed(self) -> None:
        vote = voting.get_vote(self.db, self.vote_id)
        if vote["status"] == "mo":
            if messages.ask(self, "Khóa kết quả bỏ phiếu? Sau khi khóa không nhập, sửa phiếu được nữa; "
                                  "muốn mở lại phải ghi lý do."):  # fmt: skip
                self._run(lambda: voting.close(self.db, self.vote_id), done="Đã khóa kết quả bỏ phiếu.")
            return
        reason, ok = QInputDialog.getMultiLineText(
            self, "Mở lại kết quả bỏ phiếu", "Lý do mở lại (được lưu vào nhật ký):"
        )
        if ok:
            self._run(
                lambda: voting.reopen(self.db, self.vote_id, reason), done="Đã mở lại kết quả bỏ phiếu."
            )

    def create_proposals(self) -> None:
        made = {}

        def run():
            made.update(voting.create_proposals(self.db, self.vote_id))

        if self._run(run):
            messages.info(self, f"Đã lập {made['flag']} đề nghị Cờ thi đua và {made['commend']} đề nghị Bằng khen "
                                "(ở thẻ Đề nghị khen thưởng, bước “Đã bình xét”, kèm số phiếu).")  # fmt: skip
            window = self.window()
            if hasattr(window, "list_tabs"):
                window.list_tabs[3].refresh()

    def record_next_year(self) -> None:
        vote = voting.get_vote(self.db, self.vote_id)
        choices = [(m["id"], m["name"]) for m in units.members(self.db, self.cluster_id, self.year.value())]
        form = RecordForm(f"Năm {self.year.value() + 1}: khối trưởng, khối phó, nơi đăng cai", [
            Field("head", "Khối trưởng", "choice", required=True, choices=choices),
            Field("deputy", "Khối phó", "choice", required=True, choices=choices),
            Field("host", "Đơn vị đăng cai hội nghị tiếp theo", "choice", choices=choices),
        ], {"head": vote["next_head_unit_id"], "deputy": vote["next_deputy_unit_id"],
            "host": vote["next_host_unit_id"]}, parent=self)  # fmt: skip
        if not messages.run_dialog(form):
            return
        v = form.values()
        if v["head"] == v["deputy"]:
            messages.error(self, "Khối trưởng và khối phó phải là hai đơn vị khác nhau.")
            return
        if self._run(lambda: voting.record_next_year(self.db, self.vote_id, head=v["head"], deputy=v["deputy"],
                                                     host=v.get("host")),
                     done=f"Đã ghi khối trưởng, khối phó năm {self.year.value() + 1}."):  # fmt: skip
            window = self.window()
            if hasattr(window, "list_tabs"):
                window.list_tabs[0].refresh()

    def _write_paper(self, title: str, suggested: str, suffix: str, write) -> None:
        filters = {".xlsx": "Bảng tính Excel (*.xlsx)", ".pdf": "Tệp PDF (*.pdf)"}
        out = messages.save_file(self, title, suggested, filters[suffix])
        if out is None:
            return
        out = out if out.suffix.lower() == suffix else out.with_suffix(suffix)
        try:
            write(out)
        except (StoreError, ValueError) as exc:
            messages.error(self, str(exc))
            return
        except OSError as exc:
            messages.error(self, f"Không ghi được tệp “{out}”: {os_reason(exc)}. Nếu tệp đang mở, hãy đóng lại; "
                                 "hoặc chọn thư mục khác.")  # fmt: skip
            return
        status(self, f"Đã ghi {out}", 10000)
        messages.offer_open(self, out, "Đã ghi", f"Đã ghi {out.name}.")

    def export_minutes(self, suffix: str) -> None:
        from thidua_desktop.reports.cluster import minutes as cluster_minutes

        if self.vote_id is None:
            messages.error(self, "Chưa có cuộc bỏ phiếu năm này.")
            return
        write = cluster_minutes.write_minutes_pdf if suffix == ".pdf" else cluster_minutes.write_minutes_xlsx
        self._write_paper("Lưu biên bản bình xét", f"bien-ban-binh-xet-{self.year.value()}{suffix}", suffix,
                          lambda out: write(self.db, self.vote_id, out))  # fmt: skip

    def export_count_record(self) -> None:
        from thidua_desktop.reports.cluster import count_record

        if self.vote_id is None:
            messages.error(self, "Chưa có cuộc bỏ phiếu năm này.")
            return
        self._write_paper("Lưu biên bản kiểm phiếu", f"bien-ban-kiem-phieu-{self.year.value()}.pdf", ".pdf",
                          lambda out: count_record.write_count_record_pdf(self.db, self.vote_id, out))  # fmt: skip

    def export_ballot_papers(self) -> None:
        from thidua_desktop.reports.cluster import ballot_papers

        if self.vote_id is None:
            messages.error(
                self, "Hãy tạo cuộc bỏ phiếu trước: phiếu in theo đúng số thứ tự của các đơn vị trên phiếu."
            )
            return
        self._write_paper("Lưu phiếu bầu để in", f"phieu-bau-{self.year.value()}.pdf", ".pdf",
                          lambda out: ballot_papers.write_ballot_papers(self.db, self.vote_id, out))  # fmt: skip

    def export_tally(self) -> None:
        from thidua_desktop.reports.cluster import tally as cluster_tally

        self._write_paper("Lưu bảng điểm", f"bang-diem-khoi-{self.year.value()}.xlsx", ".xlsx",
                          lambda out: cluster_tally.write_tally_xlsx(self.db, self.cluster_id, self.year.value(), out))  # fmt: skip

    def projector_data(self):
        if self.vote_id is None:
            return None, self.ranking(), None, {}
        t, ranked, outcome, names = voting.standing(self.db, self.vote_id)
        return t, ranked, outcome, names

    def fill_screens(self) -> None:
        """The screens the projector may use, the remembered or second one chosen."""
        screens = QGuiApplication.screens()
        names = [s.name() for s in screens]
        self.screen_box.clear()
        for n, screen in enumerate(screens, start=1):
            size = screen.geometry()
            self.screen_box.addItem(
                f"Màn hình {n}: {screen.name()} ({size.width()}×{size.height()})", screen.name()
            )
        self.screen_box.setCurrentIndex(choose_screen(names, str(QSettings().value(SCREEN_KEY, "") or "")))
        self.screen_box.setVisible(len(screens) > 1)

    def show_projector(self) -> None:
        """The projector's view on the chosen screen: full screen on a screen of its own, a
        window beside the typing on the only screen (F11 makes it full screen); the keyboard
        stays in the secretary's window."""
        if self.cluster_id is None:
            return
        if self.projector is not None and self.projector.isVisible():  # F11 again: full screen on or off
            self.projector.showNormal() if self.projector.isFullScreen() else self.projector.showFullScreen()
            self.window().activateWindow()
            return
        if self.projector is None:
            title = f"{self.cluster.currentText()} — năm {self.year.value()}"
            self.projector = ProjectorView(title, self.projector_data, self)
            self.projector.destroyed.connect(lambda: setattr(self, "projector", None))
            self.projector.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.projector.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.fill_screens()
        screens = QGuiApplication.screens()
        screen = screens[max(0, self.screen_box.currentIndex())]
        QSettings().setValue(SCREEN_KEY, screen.name())
        self.projector.setScreen(screen)
        if screen is not self.window().screen():
            self.projector.setGeometry(screen.geometry())
            self.projector.showFullScreen()
        else:  # one screen: beside the typing, not over it
            free = screen.availableGeometry()
            self.projector.setGeometry(
                free.x() + free.width() // 3, free.y() + 40, free.width() * 2 // 3, free.height() * 2 // 3
            )
            self.projector.show()
        self.window().activateWindow()  # the typing goes on in the secretary's window
        self.leading_edit.setFocus()
