"""The Excel reports of the desk, each a function writing one file, and the registry the
command line and the window list them from."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import sqlite_utils

from thidua_desktop.domain import recipients
from thidua_desktop.domain.models import CommendationKind, ProposalStatus
from thidua_desktop.domain.text import vn_number
from thidua_desktop.reports.excel.house import Column, HouseWorkbook, Section, as_date
from thidua_desktop.reports.letterhead import Letterhead, of_db
from thidua_desktop.rules.catalogue import BY_CODE, award_name
from thidua_desktop.store import desk_settings, listing
from thidua_desktop.store.report_data import exports, rewards

Progress = Callable[[int, int | None], None]
KIND = CommendationKind.labels()
STATUS = ProposalStatus.labels()


@dataclass(frozen=True)
class Options:
    year: int | None = None
    decision: str | None = None
    award: str | None = None
    individual_id: int | None = None
    unit_id: int | None = None
    letterhead: Letterhead | None = None
    cluster_id: int | None = None


def proposal_list(db, out: Path, opts: Options, progress: Progress | None = None, cancelled=None) -> int:
    """Danh sách đề nghị khen thưởng: collectives and individuals in separate sections,
    year of birth under Nam / Nữ, position and unit, award and summary."""
    filters = {"year": opts.year, "decision": opts.decision, "award": opts.award}
    total = exports.count_proposals(db, **filters)
    columns = [
        Column("STT", 6, "int"),
        Column("Họ và tên / Tên tập thể", 28),
        Column("Nam", 8, "int", group="Năm sinh"),
        Column("Nữ", 8, "int", group="Năm sinh"),
        Column("Chức vụ, đơn vị công tác", 36),
        Column("Dân tộc", 10, "center"),
        Column("Hình thức đề nghị", 24),
        Column("Tóm tắt thành tích", 44),
        Column("Ghi chú", 16),
    ]

    def rows(subject: str):
        n = 0
        for p in exports.proposal_rows(db, subject, **filters):
            n += 1
            if subject == "tap_the":
                yield [
                    n,
                    p["unit_name"],
                    None,
                    None,
                    "",
                    "",
                    award_name(p["award_code"]),
                    p["summary"],
                    _note(p),
                ]
            else:
                male, female = (p["birth_year"], None) if p["sex"] == "nam" else (None, p["birth_year"])
                # as the decision's list and the certificate write the recipient (domain.recipients)
                yield [n, recipients.named(p["full_name"], p["sex"], p["rank"]), male, female,
                       recipients.post(p["position"], p["unit_name"]), p["ethnicity"], award_name(p["award_code"]),
                       p["summary"], _note(p)]  # fmt: skip

    book = HouseWorkbook(out, opts.letterhead or of_db(db, year=opts.year))
    subtitle = "; ".join(x for x in (
        f"Năm {opts.year}" if opts.year else "",
        f"Hình thức: {award_name(opts.award)}" if opts.award else "",
        f"Kèm theo Quyết định số {opts.decision}" if opts.decision else "",
    ) if x)  # fmt: skip
    n = book.sheet(
        "Danh sách", "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG", columns,
        [Section("I. TẬP THỂ", rows("tap_the")), Section("II. CÁ NHÂN", rows("ca_nhan"))],
        subtitle=subtitle, total_rows=total, progress=progress, cancelled=cancelled,
    )  # fmt: skip
    book.save()
    return n


def _note(p: Any) -> str:  # a row of exports.proposal_rows
    parts = [STATUS.get(p["status"], p["status"])]
    if p["awarded_code"]:
        parts.append(f"đạt khen cao: {award_name(p['awarded_code'])}")
    if p["decision_number"]:
        parts.append(f"QĐ {p['decision_number']}")
    return "; ".join(parts)


def award_history(db, out: Path, opts: Options, progress: Progress | None = None, cancelled=None) -> int:
    """Quá trình khen thưởng of one person or unit, by year, with decision numbers and dates."""
    if opts.individual_id is None and opts.unit_id is None:
        raise ValueError("Cần chọn một cá nhân (--person) hoặc một đơn vị (--unit).")
    name = exports.nominee_name(db, individual_id=opts.individual_id, unit_id=opts.unit_id)
    records = exports.award_history(db, individual_id=opts.individual_id, unit_id=opts.unit_id)
    columns = [Column("STT", 6, "int"), Column("Năm", 8, "int"), Column("Danh hiệu, hình thức khen thưởng", 40),
               Column("Loại", 16), Column("Số quyết định", 18), Column("Ngày quyết định", 14, "date"),
               Column("Cơ quan ban hành", 30)]  # fmt: skip
    rows = [
        [i, r["year"], award_name(r["award_code"]) + (" (trước khi dùng phần mềm)" if r["legacy"] else ""),
         KIND.get(r["kind"], r["kind"]), r["decision_number"], as_date(r["decision_date"]), r["issuer"]]
        for i, r in enumerate(records, start=1)
    ]  # fmt: skip
    book = HouseWorkbook(out, opts.letterhead or of_db(db, year=opts.year))
    n = book.sheet("Quá trình khen thưởng", f"QUÁ TRÌNH KHEN THƯỞNG CỦA {name.upper()}", columns,
                   [Section("", rows)], progress=progress, cancelled=cancelled)  # fmt: skip
    book.save()
    return n


def reward_money(db, out: Path, opts: Options, progress: Progress | None = None, cancelled=None) -> int:
    """Tiền thưởng of one decision: per recipient, the coefficient, the base salary in force
    on the decision date and the amount; only the highest title of a period is paid (the
    same figures as the fund ledger and Điều 2 of the draft decision: store.report_data.rewards)."""
    if not opts.decision:
        raise ValueError("Cần ghi số quyết định (--decision).")
    settings = desk_settings.load(db)
    records = exports.decided(db, opts.decision)
    if not records:
        raise ValueError(f"Không có đề nghị nào được khen thưởng theo quyết định {opts.decision}.")
    on = date.fromisoformat(records[0]["decision_date"]) if records[0]["decision_date"] else date.today()
    salary = settings.base_salary_on(on)
    columns = [Column("STT", 6, "int"), Column("Họ và tên / Tên tập thể", 30), Column("Đơn vị", 30),
               Column("Danh hiệu, hình thức", 34), Column("Hệ số", 9, "center"), Column("Số tiền (đồng)", 16, "money"),
               Column("Ghi chú", 24), Column("Căn cứ tính", 60)]  # fmt: skip
    due = rewards.due_for(db, [r["id"] for r in records], settings)  # the ledger's and Điều 2's figures
    rows, total = [], 0
    for i, r in enumerate(records, start=1):
        if r["award_code"] not in BY_CODE:
            rows.append(
                [i, r["nominee"], r["unit_name"], r["award_code"], None, None, "không có trong danh mục", ""]
            )
            continue
        owed = due[r["id"]]
        total += owed.amount
        coefficient = owed.coefficient if owed.coefficient is not None else 0.0
        rows.append([i, r["nominee"], r["unit_name"] if r["subject"] == "ca_nhan" else "", award_name(r["award_code"]),
                     f"{coefficient:g}".replace(".", ","), owed.amount, owed.note, owed.explain])  # fmt: skip
    rows.append(["", "Tổng cộng", "", "", "", total, "", ""])
    book = HouseWorkbook(out, opts.letterhead or of_db(db, year=opts.year))
    n = book.sheet(
        "Tiền thưởng", f"TIỀN THƯỞNG KÈM THEO QUYẾT ĐỊNH SỐ {opts.decision}", columns, [Section("", rows)],
        subtitle=f"Mức lương cơ sở {vn_number(salary.amount)} đồng ({salary.basis}), ngày quyết định {on:%d/%m/%Y}",
        progress=progress, cancelled=cancelled,
    )  # fmt: skip
    book.save()
    return n - 1


def current_list(
    db, out: Path, spec: listing.Listing, titles: list[tuple[str, str, Callable[[Any], Any]]], *,
    title: str, search: str = "", filters: dict | None = None, sort: str | None = None, descending: bool = False,
    letterhead: Letterhead | None = None, progress: Progress | None = None, cancelled=None,
) -> int:  # fmt: skip
    """Whatever list a tab shows, with its current search, filter and order."""
    total = listing.count(db, spec, search=search, filters=filters)
    keys = spec.keys
    positions = [keys.index(key) for key, _t, _f in titles]

    def rows():
        offset, n = 0, 0
        while True:
            page = listing.fetch(db, spec, search=search, filters=filters, sort=sort, descending=descending,
                                 offset=offset, limit=5000)  # fmt: skip
            for r in page:
                n += 1
                yield [n] + [fmt(r[p]) for p, (_k, _t, fmt) in zip(positions, titles, strict=True)]
            if len(page) < 5000:
                return
            offset += 5000

    columns = [Column("STT", 7, "int")] + [Column(t, 22) for _k, t, _f in titles]
    book = HouseWorkbook(out, letterhead or of_db(db))
    subtitle = f"Tìm: “{search}”" if search else ""
    n = book.sheet("Danh sách", title.upper(), columns, [Section("", rows())], subtitle=subtitle,
                   total_rows=total, progress=progress, cancelled=cancelled)  # fmt: skip
    book.save()
    return n


@dataclass(frozen=True)
class Report:
    key: str
    title: str
    run: Callable[..., int]
    needs: str = ""  # what the command line must be given
    pdf: bool = False  # also written as PDF when the file's name ends in .pdf


def cluster_tally(db, out: Path, opts: Options, progress: Progress | None = None, cancelled=None) -> int:
    from thidua_desktop.reports.cluster import (
        entries as cluster_reports,  # reportlab loads only when asked for
    )

    return cluster_reports.tally_report(db, out, opts, progress, cancelled)


def cluster_minutes(db, out: Path, opts: Options, progress: Progress | None = None, cancelled=None) -> int:
    from thidua_desktop.reports.cluster import entries as cluster_reports

    return cluster_reports.minutes_report(db, out, opts, progress, cancelled)


def fund_ledger(db, out: Path, opts: Options, progress: Progress | None = None, cancelled=None) -> int:
    from thidua_desktop.reports.excel import ledger as ledger_xlsx  # sổ quỹ khen thưởng (issue 9)

    return ledger_xlsx.fund_ledger(db, out, opts, progress, cancelled)


def statistics_0603(db, out: Path, opts: Options, progress: Progress | None = None, cancelled=None) -> int:
    from thidua_desktop.reports.excel import statistics_0603 as form  # biểu thống kê 0603.N (issue 6)

    return form.report(db, out, opts, progress, cancelled)


REPORTS = {
    r.key: r
    for r in (
        Report("danh-sach-de-nghi", "Danh sách đề nghị khen thưởng (theo năm, hình thức, quyết định)", proposal_list),
        Report("qua-trinh-khen-thuong", "Quá trình khen thưởng của một cá nhân hoặc đơn vị", award_history,
               "--person ID hoặc --unit ID"),
        Report("tien-thuong", "Tiền thưởng theo quyết định", reward_money, "--decision SỐ"),
        Report("thong-ke-0603", "Biểu 0603.N/BNV-TĐKT: số lượng khen thưởng cấp tỉnh trong năm, theo đối tượng và "
               "phương thức", statistics_0603, "--year NĂM"),
        Report("so-quy-khen-thuong", "Sổ quỹ khen thưởng: tiền thưởng, đã chi, còn phải chi theo năm", fund_ledger,
               "--year NĂM"),
        Report("bang-diem-khoi", "Bảng tổng hợp điểm thi đua và kết quả bỏ phiếu của Khối", cluster_tally,
               "--year NĂM, --cluster ID nếu có nhiều khối"),
        Report("bien-ban-binh-xet", "Biên bản bình xét thi đua của Khối (.xlsx hoặc .pdf)", cluster_minutes,
               "--year NĂM, --cluster ID nếu có nhiều khối", pdf=True),
    )
}  # fmt: skip


def run(key: str, db: sqlite_utils.Database, out: Path, opts: Options, progress=None, cancelled=None) -> int:
    return REPORTS[key].run(db, Path(out), opts, progress, cancelled)
