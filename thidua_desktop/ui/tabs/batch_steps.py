"""The workflow's steps on several proposals at once (issue 20): the council's vote as a grid
(each row checked against its award's threshold as it is typed), one tờ trình, one decision
with an outcome per row. Each batch is one transaction and one undo step, named for what it
did ("quyết định 261/QĐ-UBND cho 32 đề nghị"), so a 32-person decision takes three dialogs
instead of about ninety-six."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from thidua_desktop.domain.dates import DateError, parse_vn_date
from thidua_desktop.rules import authorities
from thidua_desktop.rules.catalogue import AWARDS, BY_CODE
from thidua_desktop.store import desk_settings, rows
from thidua_desktop.store.records import proposals, workflow
from thidua_desktop.ui import contrast


def groups(ids: list[int]) -> list[rows.Group]:
    """The rows a step on ``ids`` changes: the proposals, their steps, the awards a decision
    writes and the initiatives it reserves or uses (restored together by undo)."""
    out: list[rows.Group] = []
    for pid in ids:
        out += [("proposals", "id", pid), ("proposal_steps", "proposal_id", pid), ("awards", "proposal_id", pid),
                ("initiatives", "used_by_proposal_id", pid)]  # fmt: skip
    return out


class _Buttons(QDialogButtonBox):
    def __init__(self, dialog: QDialog, ok_text: str) -> None:
        super().__init__(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, dialog
        )
        self.button(QDialogButtonBox.StandardButton.Save).setText(ok_text)
        self.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        self.accepted.connect(dialog.accept)
        self.rejected.connect(dialog.reject)

    @property
    def save(self):
        return self.button(QDialogButtonBox.StandardButton.Save)


class VoteGrid(QDialog):
    """Bình xét for several proposals: one row each, votes for and council size, each row
    checked against its award's threshold as it is typed."""

    def __init__(self, db, ids: list[int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.ids = db, ids
        self.settings = desk_settings.load(db)
        self.setWindowTitle(f"Bình xét {len(ids)} đề nghị")
        self.resize(900, 560)
        self.members = QSpinBox(self)
        self.members.setRange(1, 999)
        self.members.setValue(9)
        self.members.setToolTip("Tổng số thành viên hội đồng; đổi ở đây là đổi cho mọi dòng.")
        self.table = QTableWidget(len(ids), 4, self)
        self.table.setHorizontalHeaderLabels(["Đề nghị", "Số phiếu đồng ý", "Tổng số thành viên", "Kết quả"])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 130), (2, 170)):
            self.table.setColumnWidth(column, width)
        shown = proposals.labels(db, ids)
        self.codes = {pid: rows.get(db, "proposals", pid)["award_code"] for pid in ids}
        self.spins: list[tuple[QSpinBox, QSpinBox]] = []
        for r, pid in enumerate(ids):
            self.table.setItem(r, 0, QTableWidgetItem(shown[pid]))
            votes, total = QSpinBox(self.table), QSpinBox(self.table)
            votes.setRange(0, 999)
            total.setRange(1, 999)
            total.setValue(self.members.value())
            votes.setValue(self.members.value())
            for spin in (votes, total):
                spin.valueChanged.connect(self.check)
            self.table.setCellWidget(r, 1, votes)
            self.table.setCellWidget(r, 2, total)
            self.table.setItem(r, 3, QTableWidgetItem(""))
            self.spins.append((votes, total))
        self.members.valueChanged.connect(self._all_members)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.buttons = _Buttons(self, "Ghi kết quả bình xét")
        form = QFormLayout()
        form.addRow("Tổng số thành viên hội đồng", self.members)
        box = QVBoxLayout(self)
        box.addLayout(form)
        box.addWidget(self.table, 1)
        box.addWidget(self.summary)
        box.addWidget(self.buttons)
        self.check()

    def _all_members(self, value: int) -> None:
        for votes, total in self.spins:
            total.setValue(value)
            votes.setMaximum(max(votes.maximum(), value))

    def votes(self) -> list[tuple[int, int, int]]:
        return [
            (pid, votes.value(), total.value())
            for pid, (votes, total) in zip(self.ids, self.spins, strict=True)
        ]

    def check(self) -> bool:
        bad = 0
        for r, (pid, votes_for, voters) in enumerate(self.votes()):
            problem = workflow.vote_problem(self.codes[pid], votes_for, voters, self.settings)
            item = self.table.item(r, 3)
            share = f"{votes_for * 100 / voters:.1f}".replace(".", ",") if voters else "—"
            item.setText(problem or f"Đạt ({share} %)")
            item.setForeground(QColor(contrast.tone(contrast.ERROR if problem else contrast.OK, contrast.ground(
                QPalette.ColorRole.Base))))  # fmt: skip
            bad += bool(problem)
        self.summary.setText(
            f"<span style='color:{contrast.tone(contrast.ERROR)}'>{bad} đề nghị chưa đạt tỷ lệ phiếu: sửa số phiếu, "
            "hoặc bỏ chọn các đề nghị này trong danh sách.</span>" if bad
            else f"Cả {len(self.ids)} đề nghị đạt tỷ lệ phiếu."
        )  # fmt: skip
        self.buttons.save.setEnabled(not bad)
        return not bad


class DecisionGrid(QDialog):
    """Quyết định for several proposals: one number, date and issuer for all, an outcome per
    row (được khen thưởng, không được duyệt, đạt khen cao hơn: which award)."""

    OUTCOMES = [
        ("approved", "Được khen thưởng"),
        ("rejected", "Không được duyệt"),
        ("promoted", "Đạt khen cao hơn"),
    ]

    def __init__(self, db, ids: list[int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.ids = db, ids
        self.setWindowTitle(f"Quyết định khen thưởng cho {len(ids)} đề nghị")
        self.resize(960, 600)
        found = {pid: rows.get(db, "proposals", pid) for pid in ids}
        identity = desk_settings.load_identity(db)
        self.level = identity.level
        highest = max((p["award_code"] for p in found.values()),
                      key=lambda c: BY_CODE[c].rank if c in BY_CODE else -1)  # fmt: skip
        self.filed = max((date.fromisoformat(str(p["submission_date"])[:10]) for p in found.values()
                          if p["submission_date"]), default=None)  # fmt: skip
        self.number = QLineEdit(self)
        self.number.setPlaceholderText("261/QĐ-UBND")
        self.on = QLineEdit(date.today().strftime("%d/%m/%Y"), self)
        self.on.setPlaceholderText("dd/mm/yyyy")
        self.issuer = QLineEdit(authorities.issuer_for(highest, identity, date.today()), self)
        self.issuer.setToolTip("Người ban hành quyết định, theo thẩm quyền của hình thức (Luật Thi đua, khen thưởng "
                               "2022, Điều 77–80); sửa nếu quyết định ghi khác.")  # fmt: skip
        form = QFormLayout()
        form.addRow("Số quyết định *", self.number)
        form.addRow("Ngày quyết định *", self.on)
        form.addRow("Cấp quyết định (người ban hành) *", self.issuer)
        self.table = QTableWidget(len(ids), 3, self)
        self.table.setHorizontalHeaderLabels(["Đề nghị", "Kết quả", "Hình thức thực nhận (khi đạt khen cao)"])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 190), (2, 300)):
            self.table.setColumnWidth(column, width)
        shown = proposals.labels(db, ids)
        self.rows: list[tuple[QComboBox, QComboBox]] = []
        for r, pid in enumerate(ids):
            self.table.setItem(r, 0, QTableWidgetItem(shown[pid]))
            outcome, awarded = QComboBox(self.table), QComboBox(self.table)
            for key, label in self.OUTCOMES:
                outcome.addItem(label, key)
            awarded.addItem("", None)
            for award in AWARDS:
                if award.for_subject(found[pid]["subject"]) and award.code != found[pid]["award_code"]:
                    awarded.addItem(award.name, award.code)
            outcome.currentIndexChanged.connect(self.check)
            awarded.currentIndexChanged.connect(self.check)
            self.table.setCellWidget(r, 1, outcome)
            self.table.setCellWidget(r, 2, awarded)
            self.rows.append((outcome, awarded))
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(contrast.style(contrast.ERROR))
        self.warning = QLabel(self)
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(contrast.style(contrast.WARNING))
        self.buttons = _Buttons(self, "Ghi quyết định")
        box = QVBoxLayout(self)
        box.addLayout(form)
        box.addWidget(self.table, 1)
        box.addWidget(self.problem)
        box.addWidget(self.warning)
        box.addWidget(self.buttons)
        for edit in (self.number, self.on, self.issuer):
            edit.textChanged.connect(self.check)
        self.check()

    def decided_on(self) -> date | None:
        try:
            return parse_vn_date(self.on.text())
        except DateError:
            return None

    def outcomes(self) -> list[tuple[int, bool, str | None]]:
        out = []
        for pid, (outcome, awarded) in zip(self.ids, self.rows, strict=True):
            key = outcome.currentData()
            out.append((pid, key != "rejected", awarded.currentData() if key == "promoted" else None))
        return out

    def check(self) -> bool:
        """Every refusal here, as it is typed: a missing number or issuer, a date that is not a
        date or comes before the tờ trình, a promotion without its award."""
        problems = []
        if not self.number.text().strip():
            problems.append("Hãy ghi số quyết định.")
        on = self.decided_on()
        if on is None:
            problems.append("Ngày quyết định chưa đúng dạng dd/mm/yyyy.")
        elif self.filed and on < self.filed:
            problems.append(f"Ngày quyết định trước ngày tờ trình ({self.filed:%d/%m/%Y}).")
        if not self.issuer.text().strip():
            problems.append("Hãy ghi cấp quyết định.")
        for r, (outcome, awarded) in enumerate(self.rows):
            awarded.setEnabled(outcome.currentData() == "promoted")
            if outcome.currentData() == "promoted" and not awarded.currentData():
                problems.append(f"Dòng {r + 1}: chọn hình thức thực nhận khi đạt khen cao hơn.")
        self.problem.setText(" ".join(problems))
        self.problem.setVisible(bool(problems))
        warning = authorities.level_warning(self.issuer.text(), self.level)
        self.warning.setText(warning)
        self.warning.setVisible(bool(warning))
        self.buttons.save.setEnabled(not problems)
        return not problems
