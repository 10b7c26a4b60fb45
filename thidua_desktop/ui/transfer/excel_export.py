"""Excel exports from the window: what to export, where, then the work in a worker
thread with a progress dialog and a cancel button. The file appears only when complete.

openpyxl is imported when an export is first asked for, not at start-up."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from thidua_desktop.domain.text import vn_number
from thidua_desktop.store import StoreError, lookups
from thidua_desktop.store.db import database_path, open_reader
from thidua_desktop.store.errors import os_reason
from thidua_desktop.store.report_data import exports
from thidua_desktop.ui import messages
from thidua_desktop.ui.forms import Field, RecordForm, year_check
from thidua_desktop.ui.worker import run_with_progress

XLSX_FILTER = "Bảng tính Excel (*.xlsx)"


def status(widget: QWidget, text: str, ms: int) -> None:
    """Show ``text`` in the status bar of the main window ``widget`` belongs to."""
    while widget is not None and not hasattr(widget, "statusBar"):
        widget = widget.parentWidget()
    if widget is not None:
        widget.statusBar().showMessage(text, ms)


def run_export(
    parent: QWidget,
    title: str,
    out: Path,
    job: Callable[..., int],
    on_done=None,
    *,
    heading: str = "Đang xuất Excel",
    unit: str = "dòng",
) -> None:
    """Run ``job(db, out, progress, cancelled)`` on a read connection in a worker thread,
    with a progress dialog (``heading``, counting ``unit``) and a cancel button."""
    source = database_path(parent.db)

    def work(progress) -> int:
        db = open_reader(source)
        try:
            return job(db, out, progress, progress.cancelled)
        finally:
            db.close()

    def done(rows: int) -> None:
        status(parent, f"Đã xuất {vn_number(rows)} {unit} vào {out}", 15000)
        if on_done:
            on_done(rows)
        else:  # every export offers to open what it wrote
            messages.offer_open(parent, out, "Đã xuất xong")

    def failed(exc: Exception) -> None:
        if isinstance(exc, ValueError | StoreError):
            messages.error(parent, str(exc))
        elif isinstance(exc, OSError):
            messages.error(parent, f"Không ghi được tệp “{out}”: {os_reason(exc)}. Nếu tệp đang mở trong Excel, "
                                   "hãy đóng lại; hoặc chọn thư mục khác.")  # fmt: skip
        else:
            raise exc

    run_with_progress(
        parent, title, heading, work, done, failed, unit=unit,
        on_cancelled=lambda: status(parent, "Đã hủy; không có tệp nào được ghi.", 10000),
    )  # fmt: skip


def _ask_path(parent, suggested: str) -> Path | None:
    path = messages.save_file(parent, "Lưu báo cáo Excel", suggested, XLSX_FILTER)
    if path is not None and path.suffix.lower() != ".xlsx":
        path = path.with_suffix(".xlsx")
    return path


def export_current_list(window) -> None:
    from thidua_desktop.reports.excel import registry as excel_reports

    tab = window.current_tab()
    if not hasattr(tab, "model"):
        messages.error(window, "Hãy chọn một trong bốn thẻ danh sách (đơn vị, phong trào, cá nhân, đề nghị) "
                               "rồi xuất danh sách đang hiển thị.")  # fmt: skip
        return
    out = _ask_path(window, f"{window.tabs.tabText(window.tabs.currentIndex())}.xlsx")
    if out is None:
        return
    model = tab.model
    titles = [(c.key, c.title, c.format) for c in model.columns]
    query = model.query()
    title = window.tabs.tabText(window.tabs.currentIndex())

    def job(db, path, progress, cancelled):
        return excel_reports.current_list(
            db, path, model.listing, titles, title=f"Danh sách {title.lower()}", progress=progress,
            cancelled=cancelled, **query,
        )  # fmt: skip

    run_export(window, f"Danh sách {title.lower()}", out, job)


def export_proposal_list(window) -> None:
    from thidua_desktop.reports.excel import registry as excel_reports
    from thidua_desktop.rules.catalogue import AWARDS

    form = RecordForm(
        "Danh sách đề nghị khen thưởng",
        [
            Field("year", "Năm thành tích", "int", check=year_check),
            Field("award", "Hình thức", "choice", choices=[(a.code, a.name) for a in AWARDS]),
            Field(
                "decision",
                "Theo quyết định",
                "choice",
                choices=[(d, f"{d} ({n} đề nghị)") for d, _on, n in exports.decisions(window.db)],
            ),
        ],  # fmt: skip
        {"year": max(lookups.years(window.db, "proposals"), default=None)},
        parent=window,
    )
    if not messages.run_dialog(form):
        return
    v = form.values()
    out = _ask_path(window, f"danh-sach-de-nghi-{v['year'] or 'tat-ca'}.xlsx")
    if out is None:
        return
    options = excel_reports.Options(year=v["year"], award=v["award"], decision=v["decision"])
    run_export(window, "Danh sách đề nghị khen thưởng", out,
               lambda db, path, p, c: excel_reports.proposal_list(db, path, options, p, c))  # fmt: skip


def export_award_history(window) -> None:
    from thidua_desktop.reports.excel import registry as excel_reports

    tab = window.current_tab()
    row_id = tab.selected_id() if hasattr(tab, "spec") else None
    if row_id is None or tab.spec.table not in ("individuals", "units"):
        messages.error(window, "Hãy chọn một cá nhân (thẻ Cá nhân điển hình) hoặc một đơn vị (thẻ Đơn vị thành viên) "
                               "trước khi xuất quá trình khen thưởng.")  # fmt: skip
        return
    person = tab.spec.table == "individuals"
    out = _ask_path(window, f"qua-trinh-khen-thuong-{row_id}.xlsx")
    if out is None:
        return
    options = excel_reports.Options(
        individual_id=row_id if person else None, unit_id=None if person else row_id
    )
    run_export(window, "Quá trình khen thưởng", out,
               lambda db, path, p, c: excel_reports.award_history(db, path, options, p, c))  # fmt: skip


def export_reward_money(window) -> None:
    from thidua_desktop.reports.excel import registry as excel_reports

    choices = [(d, f"{d} ({n} đề nghị)") for d, _on, n in exports.decisions(window.db)]
    if not choices:
        messages.error(window, "Chưa có quyết định khen thưởng nào được ghi nhận.")
        return
    form = RecordForm("Tiền thưởng theo quyết định",
                      [Field("decision", "Quyết định", "choice", required=True, choices=choices)], parent=window)  # fmt: skip
    if not messages.run_dialog(form):
        return
    decision = form.values()["decision"]
    out = _ask_path(window, f"tien-thuong-{decision.replace('/', '-')}.xlsx")
    if out is None:
        return
    options = excel_reports.Options(decision=decision)
    run_export(
        window, "Tiền thưởng", out, lambda db, path, p, c: excel_reports.reward_money(db, path, options, p, c)
    )


def export_statistics_0603(window) -> None:
    """Biểu 0603.N/BNV-TĐKT of a year (the awards whose decision was signed in it)."""
    from datetime import date

    from thidua_desktop.reports.excel import registry as excel_reports
    from thidua_desktop.store.report_data import award_stats

    years = award_stats.decision_years(window.db)
    form = RecordForm(
        "Biểu thống kê 0603.N/BNV-TĐKT",
        [Field("year", "Năm báo cáo (năm ký quyết định)", "int", required=True, check=year_check)],
        {"year": years[0] if years else date.today().year},
        parent=window,
    )
    if not messages.run_dialog(form):
        return
    year = form.values()["year"]
    out = _ask_path(window, f"thong-ke-0603-{year}.xlsx")
    if out is None:
        return
    options = excel_reports.Options(year=year)
    run_export(window, f"Biểu thống kê 0603.N năm {year}", out,
               lambda db, path, p, c: excel_reports.statistics_0603(db, path, options, p, c))  # fmt: skip
