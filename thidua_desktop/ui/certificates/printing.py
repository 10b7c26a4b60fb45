"""Print certificates: a decision's approved proposals (or the rows the user selected),
a template, full design or overprint on blanks, one PDF, one file each or the printer.
The preflight lists every problem first and printing stays disabled until there are
none; register numbers are given in order and recorded with the print log when done."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from thidua_desktop.domain.text import vn_number
from thidua_desktop.reports.certificates import batch as rc
from thidua_desktop.reports.certificates import kinds as rk
from thidua_desktop.reports.certificates.layout import Mode
from thidua_desktop.reports.fonts import FontError
from thidua_desktop.reports.jobs import Cancelled
from thidua_desktop.reports.papers.issuer import certificate_values
from thidua_desktop.store import StoreError, desk_settings
from thidua_desktop.store.report_data import certificates as sc
from thidua_desktop.ui import contrast, messages
from thidua_desktop.ui.certificates.recipients_list import RecipientsModel
from thidua_desktop.ui.certificates.render import PreviewWidget, page_layout, paint
from thidua_desktop.ui.transfer.excel_export import run_export, status

# above this many certificates the check before printing runs in a worker (about 0.3 s each
# thousand); below it, at once, so the dialog states its verdict as soon as it opens
CHECK_IN_WORKER = 2000
# above this many recipients the decision is read in a worker (a province decision of 46,773
# took 0.7 s to read and sort), the dialog open meanwhile and saying so
LOAD_IN_WORKER = 2000

OUTPUTS = [("pdf", "Một tệp PDF, mỗi bằng một trang"), ("files", "Mỗi người một tệp PDF (chọn thư mục)"),
           ("printer", "In thẳng ra máy in")]  # fmt: skip
MODES = [(Mode.FULL, "Bản đầy đủ: khung, quốc hiệu, tiêu đề (xem trước, lưu trữ, giấy trắng)"),
         (Mode.OVERPRINT, "In lên phôi in sẵn: chỉ các dòng thay đổi, theo căn chỉnh máy in")]  # fmt: skip


class CertificateDialog(QDialog):
    def __init__(self, window, *, decision: str | None = None, proposal_ids: list[int] | None = None) -> None:
        super().__init__(window)
        self.window_ = window
        self.db = window.db
        self.proposal_ids = proposal_ids
        self.records: list[dict] = []
        self.plan: dict[int, str] = {}
        self.problems: list[rc.Problem] = []
        self.batch: rc.Batch | None = None
        self.checking = False  # the check before printing runs in a worker
        self.kinds: list = []
        self.loading = False  # a big decision's recipients are read in a worker
        self._load_generation = 0
        self._listed: list[dict] | None = None  # the records the list shows
        self._stop: threading.Event | None = None  # stops the check running in a worker
        self.settings = sc.load_settings(self.db)
        self.identity = desk_settings.load_identity(
            self.db
        )  # each record's issuer, place and signer by default
        self.templates = rc.all_templates(sc.desk_templates(self.db))
        self.setWindowTitle("In bằng khen, giấy khen")
        self.resize(1100, 720)

        form = QFormLayout()
        self.source = QComboBox()
        self.counts: dict[str, int] = {}
        if proposal_ids is None:
            for number, _on, count in sc.decisions(self.db):
                self.source.addItem(f"{number} ({vn_number(count)} bằng)", number)
                self.counts[number] = count
            if decision:
                self.source.setCurrentIndex(max(0, self.source.findData(decision)))
            form.addRow("Quyết định", self.source)
        else:
            form.addRow("In cho", QLabel(f"{len(proposal_ids)} đề nghị đã chọn trong danh sách"))
        self.kind = QComboBox()
        self.kind.setToolTip("Mỗi hình thức in bằng mẫu của nó (Bằng khen, Giấy khen, Bằng chứng nhận danh hiệu…); "
                             "quyết định có nhiều hình thức thì in lần lượt từng loại, mỗi loại một tệp PDF.")  # fmt: skip
        form.addRow("Loại bằng", self.kind)
        self.skipped_label = QLabel()
        self.skipped_label.setWordWrap(True)
        self.skipped_label.setStyleSheet(contrast.style(contrast.WARNING))
        form.addRow("", self.skipped_label)
        self.template = QComboBox()
        for template in self.templates.values():
            self.template.addItem(
                template.title + ("" if template.builtin else " (của bộ phận)"), template.name
            )
        form.addRow("Mẫu bằng", self.template)
        self.mode = QComboBox()
        for mode, label in MODES:
            self.mode.addItem(label, mode)
        form.addRow("Cách in", self.mode)
        self.output = QComboBox()
        for key, label in OUTPUTS:
            self.output.addItem(label, key)
        form.addRow("Ra", self.output)
        self.start = QSpinBox()
        self.start.setRange(0, 9_999_999)
        self.start.setSpecialValueText("tiếp theo sổ")
        self.start.setToolTip("Số vào sổ cho bằng đầu tiên chưa có số; các bằng sau tăng dần. "
                              "Bằng in lại giữ số cũ.")  # fmt: skip
        form.addRow("Số vào sổ bắt đầu", self.start)
        self.signer_title = QPlainTextEdit()
        self.signer_title.setPlaceholderText("CHỦ TỊCH — hoặc hai dòng: KT. CHỦ TỊCH ↵ PHÓ CHỦ TỊCH")
        self.signer_title.setFixedHeight(self.signer_title.fontMetrics().lineSpacing() * 2 + 14)
        self.signer_title.setTabChangesFocus(True)
        form.addRow("Chức vụ người ký", self.signer_title)
        self.signer_name = QLineEdit()
        form.addRow("Họ tên người ký", self.signer_name)

        self.list = QListView()
        self.list.setUniformItemSizes(True)  # tens of thousands of rows, measured once
        self.list.setLayoutMode(QListView.LayoutMode.Batched)  # laid out a thousand at a time
        self.list.setBatchSize(1000)
        self.model = RecipientsModel(self.list)
        self.list.setModel(self.model)
        self.list.selectionModel().currentRowChanged.connect(
            lambda current, _old: self._preview(current.row())
        )
        self.preview = PreviewWidget()
        split = QSplitter()
        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        left_box.addWidget(QLabel("Người, tập thể được cấp bằng (theo thứ tự in):"))
        left_box.addWidget(self.list)
        split.addWidget(left)
        split.addWidget(self.preview)
        split.setSizes([360, 740])

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.problem_list = QListWidget()
        self.problem_list.setMaximumHeight(130)
        buttons = QDialogButtonBox()
        self.go_button = QPushButton("In…")
        self.go_button.setDefault(True)
        buttons.addButton(self.go_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Đóng", QDialogButtonBox.ButtonRole.RejectRole)
        self.go_button.clicked.connect(self.go)
        buttons.rejected.connect(self.reject)

        box = QVBoxLayout(self)
        box.addLayout(form)
        box.addWidget(split, 1)
        box.addWidget(self.summary)
        box.addWidget(self.problem_list)
        box.addWidget(buttons)

        self._load_records()
        self._template_changed()
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.source.currentIndexChanged.connect(self._source_changed)
        self.template.currentIndexChanged.connect(self._template_changed)
        for widget in (self.mode, self.output):
            widget.currentIndexChanged.connect(self.refresh)
        self.start.valueChanged.connect(self.refresh)
        # typing re-checks the whole batch: once the typing pauses
        self.typing = QTimer(self, singleShot=True, interval=250, timeout=self.refresh)
        self.signer_title.textChanged.connect(self.typing.start)
        self.signer_name.textChanged.connect(self.typing.start)
        self.refresh()

    # --- state ----------------------------------------------------------------------------
    def _load_records(self) -> None:
        """The recipients of the decision (or the selection), sorted into the kinds of
        certificate they take; those not printed here are listed with the reason. A decision
        of more than ``LOAD_IN_WORKER`` is read in a worker, the window answering meanwhile."""
        self._load_generation += 1
        number = self.source.currentData() if self.proposal_ids is None else None
        templates, identity, proposal_ids = self.templates, self.identity, self.proposal_ids
        if number is not None and self.counts.get(number, 0) > LOAD_IN_WORKER:
            from thidua_desktop.store.db import database_path, open_reader
            from thidua_desktop.ui.worker import run_task

            generation, path = self._load_generation, database_path(self.db)

            def read():
                reader = open_reader(path)
                try:
                    return rk.sort_out(sc.recipients(reader, decision=number), templates, identity)
                finally:
                    reader.close()

            def done(result) -> None:
                if generation == self._load_generation:  # not overtaken by another decision
                    self.loading = False
                    self._show_records(*result)
                    self._kind_changed()

            def failed(exc: Exception) -> None:
                if generation == self._load_generation:
                    self.loading = False
                    messages.error(
                        self, str(exc) if isinstance(exc, StoreError) else f"Không đọc được quyết định: {exc}"
                    )
                    self._show_records([], [])
                    self._show_state()

            self.loading = True
            self._show_records([], [])
            run_task(read, done, failed)
            return
        try:
            if proposal_ids is not None:
                found = sc.recipients(self.db, proposal_ids=proposal_ids)
            else:
                found = sc.recipients(self.db, decision=number) if number else []
        except StoreError as exc:
            found = []
            messages.error(self, str(exc))
        self._show_records(*rk.sort_out(found, templates, identity))

    def _show_records(self, kinds, skipped) -> None:
        self.kinds = kinds
        chosen = self.kind.currentIndex()
        self.kind.blockSignals(True)
        self.kind.clear()
        for kind in self.kinds:
            self.kind.addItem(kind.label)
        self.kind.setCurrentIndex(min(max(chosen, 0), len(self.kinds) - 1) if self.kinds else -1)
        self.kind.blockSignals(False)
        self.kind.setEnabled(len(self.kinds) > 1)
        self.skipped_label.setText(
            f"Không in ở đây ({len(skipped)}): "
            + "; ".join(f"{rc.recipient_name(s.record)} — {s.reason}" for s in skipped[:6])
            + (f"; và {len(skipped) - 6} người khác" if len(skipped) > 6 else "")
            if skipped else ""
        )  # fmt: skip
        self.skipped_label.setVisible(bool(skipped))
        self.records = self.kinds[self.kind.currentIndex()].records if self.kinds else []

    def _source_changed(self) -> None:
        self.kind.blockSignals(True)
        self.kind.setCurrentIndex(0)
        self.kind.blockSignals(False)
        self._load_records()
        self._kind_changed()

    def _kind_changed(self) -> None:
        """Another kind: its recipients, its template, and the signer for its issuer."""
        if self.kinds:
            kind = self.kinds[self.kind.currentIndex()]
            self.records = kind.records
            self.template.blockSignals(True)
            self.template.setCurrentIndex(self.template.findData(kind.template.name))
            self.template.blockSignals(False)
        self._template_changed(prefill=True)

    def _template_changed(self, _index: int | None = None, *, prefill: bool | None = None) -> None:
        """The signer is this batch's: prefilled from the desk's identity for the issuer of
        the decision (rules.authorities), never carried from another template's batch."""
        if prefill is None:
            prefill = self.sender() is None  # the dialog opening
        if prefill and self.kinds:
            kind = self.kinds[self.kind.currentIndex()]
            self.template.blockSignals(True)
            self.template.setCurrentIndex(self.template.findData(kind.template.name))
            self.template.blockSignals(False)
        if prefill:
            template = self.templates[self.template.currentData()]
            values = certificate_values(self.records[0], self.identity) if self.records else {}
            signer = {**values, **{k: v for k, v in template.values.items() if v}}
            for edit, key in ((self.signer_title, "signer_title"), (self.signer_name, "signer_name")):
                edit.blockSignals(True)
                text = signer.get(key, "").replace("\\n", "\n")  # stored with \n for a line break
                if isinstance(edit, QPlainTextEdit):
                    edit.setPlainText(text)
                else:
                    edit.setText(text)
                edit.blockSignals(False)
        if self.sender() is not None or prefill:
            self.refresh()

    def overrides(self) -> dict[str, str]:
        title = "\\n".join(
            line.strip() for line in self.signer_title.toPlainText().splitlines() if line.strip()
        )
        return {"signer_title": title, "signer_name": self.signer_name.text()}

    def refresh(self) -> None:
        """Lay out and check every certificate: at once for a usual batch, in a worker above
        ``CHECK_IN_WORKER`` records (a province decision of 46,773 took 10-20 s each time the
        signer's name was typed), the print button waiting for it."""
        from thidua_desktop.ui.worker import run_task

        template = self.templates[self.template.currentData()]
        self.batch, self.problems = None, []
        self._generation = getattr(self, "_generation", 0) + 1
        generation = self._generation
        self._stop_check()  # a check still running for the previous state is of no use now
        self.checking = False
        listed = False
        try:
            self.batch = rc.batch_from_settings(self.settings, template, mode=Mode(self.mode.currentData()),
                                                overrides=self.overrides(), identity=self.identity)  # fmt: skip
            self.plan = sc.plan_register_numbers(self.db, self.records, self.start.value() or None)
            if len(self.records) > CHECK_IN_WORKER:
                self._fill_list()  # before the check starts, which then has the interpreter
                listed = True
                self.checking = True
                records, batch, plan = self.records, self.batch, self.plan
                stop = self._stop = threading.Event()

                def done(problems: list[rc.Problem]) -> None:
                    if generation == self._generation:  # not overtaken by a later change
                        self.checking, self.problems = False, problems
                        self._mark_problems()
                        self._show_state()

                def failed(exc: Exception) -> None:
                    if generation == self._generation and not isinstance(exc, Cancelled):
                        self.checking, self.problems = False, [rc.Problem(0, "Kiểm tra", str(exc))]
                        self._show_state()

                run_task(lambda: rc.preflight(records, batch, plan, stop.is_set), done, failed)
            else:
                self.problems = rc.preflight(self.records, self.batch, self.plan)
        except FontError as exc:
            self.problems = [rc.Problem(0, "Phông chữ", str(exc))]
        if not listed:
            self._fill_list()
        self._show_state()

    def _stop_check(self) -> None:
        if self._stop is not None:
            self._stop.set()
            self._stop = None

    def done(self, result: int) -> None:  # closed: nothing more to check or redraw
        self.typing.stop()
        self._stop_check()
        self._generation = getattr(self, "_generation", 0) + 1
        super().done(result)

    def _fill_list(self) -> None:
        current = max(0, self.list.currentIndex().row())
        same = self._listed is self.records
        self._listed = self.records
        self.model.show(self.records, self.plan, {p.proposal_id for p in self.blocking})
        if self.records:
            self.list.setCurrentIndex(self.model.index(min(current if same else 0, len(self.records) - 1)))
        self._preview(self.list.currentIndex().row())

    def _mark_problems(self) -> None:
        self.model.mark({p.proposal_id for p in self.blocking})

    def label(self, row: int) -> str:
        """The text of the list's row ``row``, as shown."""
        return self.model.data(self.model.index(row))

    @property
    def blocking(self) -> list[rc.Problem]:
        return [p for p in self.problems if not p.warning]

    def _show_state(self) -> None:
        self.problem_list.clear()
        for problem in self.problems:
            self.problem_list.addItem(str(problem))
        count = len(self.records)
        if self.loading:
            chosen = self.counts.get(self.source.currentData(), 0)
            self.summary.setText(f"Đang đọc danh sách {vn_number(chosen)} người, tập thể được cấp bằng…")
        elif self.checking:
            self.summary.setText(f"Đang kiểm tra {vn_number(count)} bằng (dòng vừa khung, phông đủ chữ)…")
        elif self.blocking:
            self.summary.setText(f"<span style='color:{contrast.tone(contrast.ERROR)}'><b>Chưa in được:</b> {len(self.blocking)} vấn đề cần "
                                 "sửa trước (danh sách dưới đây). Không bằng nào được in cho tới khi sửa xong.</span>")  # fmt: skip
        elif count:
            first, last = self.plan[self.records[0]["id"]], self.plan[self.records[-1]["id"]]
            more = (
                f" Quyết định còn {len(self.kinds) - 1} loại bằng khác: chọn ở ô Loại bằng."
                if len(self.kinds) > 1
                else ""
            )
            notes = " Lưu ý ở danh sách dưới đây." if self.problems else ""
            self.summary.setText(f"<span style='color:{contrast.tone(contrast.OK)}'><b>Sẵn sàng:</b> {count} bằng "
                                 f"({self.templates[self.template.currentData()].title}), số vào sổ {first}–{last}; "
                                 f"mọi dòng vừa khung, phông có đủ chữ.</span>{notes}{more}")  # fmt: skip
        else:
            self.summary.setText("Không có đề nghị nào đã được khen thưởng để in bằng.")
        self.problem_list.setVisible(bool(self.problems))
        self.go_button.setEnabled(
            bool(count) and not self.blocking and not self.checking and not self.loading
        )
        self.go_button.setText("In…" if self.output.currentData() == "printer" else "Ghi PDF…")

    def _preview(self, row: int) -> None:
        if self.batch is None or not (0 <= row < len(self.records)):
            self.preview.show_page(None, None, self.problems[0].message if self.problems else "")
            return
        record = self.records[row]
        self.preview.images = self.batch.images
        self.preview.show_page(self.batch.page(record, self.plan.get(record["id"])), self.batch.fonts)

    # --- doing it -------------------------------------------------------------------------
    def go(self) -> None:
        if not self.go_button.isEnabled() or self.batch is None:
            return
        output = self.output.currentData()
        if output == "printer":
            from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter

            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setFullPage(True)
            printer.setPageLayout(page_layout(self.batch.template))  # offered first; the clerk may change it
            printer.setFromTo(1, len(self.records))
            dialog = QPrintDialog(printer, self)
            dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
            dialog.setMinMax(1, len(self.records))
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            mismatch = paper_mismatch(self.batch.template, printer)
            if mismatch and not messages.ask(self, mismatch + "\n\nVẫn in?", "Khổ giấy khác mẫu bằng"):
                return
            self.print_to(printer)
            return
        template = self.batch.template
        stem = (
            (self.source.currentData() or "de-nghi").replace("/", "-")
            if self.proposal_ids is None
            else "de-nghi-chon"
        )
        if output == "files":
            out = messages.open_folder(self, "Chọn thư mục ghi các tệp PDF")
            if out is None:
                return

            def job(_db, path, progress, cancelled):
                return len(rc.write_per_recipient(path, records, batch, plan, progress, cancelled))
        else:
            out = messages.save_file(
                self, "Lưu bằng ra PDF", f"bang-{stem}-{template.name}.pdf", "Tệp PDF (*.pdf)"
            )
            if out is None:
                return
            out = out if out.suffix.lower() == ".pdf" else out.with_suffix(".pdf")

            def job(_db, path, progress, cancelled):
                return rc.write_pdf(path, records, batch, plan, progress, cancelled)

        records, batch, plan = list(self.records), self.batch, dict(self.plan)
        run_export(self, "Đang ghi bằng", out, job, lambda n: self._done(records, plan, str(out), out),
                   heading="Đang in bằng", unit="bằng")  # fmt: skip

    def print_to(self, printer) -> bool:
        """Draw the certificates on ``printer`` (the system's, or a PDF printer in tests): the
        pages of the range chosen in the print dialog only, on the paper chosen there; only
        what was printed goes into the log and the register."""
        batch, plan = self.batch, dict(self.plan)
        records = printed_range(list(self.records), printer)
        printer.setFullPage(True)
        printer.setDocName(f"Bằng – {batch.template.title}")
        progress = QProgressDialog("Đang gửi bằng ra máy in…", "Hủy", 0, len(records), self)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        painter = QPainter()
        if not painter.begin(printer):
            messages.error(self, "Không mở được máy in. Hãy kiểm tra máy in đã bật và có giấy, rồi thử lại.")
            return False
        try:
            for done, record in enumerate(records):
                if progress.wasCanceled():
                    printer.abort()
                    status(self, "Đã hủy in; không ghi nhật ký in.", 10000)
                    return False
                if done:
                    printer.newPage()
                target = QRectF(printer.paperRect(printer.Unit.DevicePixel))
                paint(painter, batch.page(record, plan.get(record["id"])), batch.fonts,
                      QRectF(0, 0, target.width(), target.height()), images=batch.images)  # fmt: skip
                progress.setValue(done + 1)
        finally:
            painter.end()
            progress.reset()
        self._done(records, plan, f"máy in {printer.printerName() or printer.outputFileName()}", None)
        return True

    def _done(self, records, plan, target: str, out: Path | None) -> None:
        """Record the register numbers and the print log."""
        template = self.batch.template
        try:
            counts = sc.record_printing(self.db, records, plan, template=template.name,
                                        mode=self.batch.mode.value, target=target)  # fmt: skip
        except StoreError as exc:
            messages.error(self, f"Đã ghi bằng nhưng chưa ghi được nhật ký in: {exc}")
            return
        text = f"Đã in {counts['in']} bằng lần đầu, {counts['in_lai']} bằng in lại; số vào sổ đã được ghi."
        status(self, text, 15000)
        self._load_records()
        self.refresh()
        if out is not None and out.exists():
            messages.offer_open(self, out, "Đã in xong", text)


def open_for_decision(window, decision: str | None = None) -> None:
    if not sc.decisions(window.db):
        messages.error(window, "Chưa có quyết định khen thưởng nào để in bằng. Hãy ghi quyết định cho các đề nghị "
                               "ở thẻ Đề nghị khen thưởng (nút “Quyết định…”).")  # fmt: skip
        return
    CertificateDialog(window, decision=decision).exec()


def open_for_proposals(window, proposal_ids: list[int]) -> None:
    CertificateDialog(window, proposal_ids=proposal_ids).exec()


def printed_range(records: list[dict], printer) -> list[dict]:
    """The records of the pages chosen in the print dialog ("Trang 2 đến 3": the second and
    third certificates), all of them when no range was chosen."""
    from PySide6.QtPrintSupport import QPrinter

    if printer.printRange() != QPrinter.PrintRange.PageRange or not printer.fromPage():
        return records
    first, last = printer.fromPage(), printer.toPage() or len(records)
    return records[max(0, first - 1) : min(len(records), last)]


def paper_mismatch(template, printer) -> str:
    """A sentence when the paper chosen is not the template's (an A3 Bằng khen on an A4
    printer comes out shrunk); empty when they match within 2 mm."""
    size = printer.pageLayout().fullRect(printer.pageLayout().Unit.Millimeter).size()
    chosen = sorted((size.width(), size.height()))
    wanted = sorted((template.width_mm, template.height_mm))
    if all(abs(a - b) <= 2 for a, b in zip(chosen, wanted, strict=True)):
        return ""
    return (f"Mẫu “{template.title}” cần giấy {wanted[1]:g} × {wanted[0]:g} mm, nhưng máy in đang chọn khổ "
            f"{chosen[1]:.0f} × {chosen[0]:.0f} mm: bằng sẽ bị thu nhỏ hoặc cắt. Hãy chọn đúng khổ giấy trong hộp "
            "in (Thuộc tính máy in), hoặc dùng mẫu có khổ giấy của máy in.")  # fmt: skip
