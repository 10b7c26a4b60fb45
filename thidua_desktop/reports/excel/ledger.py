"""Sổ quỹ khen thưởng as an Excel workbook in the house style: the year's decided awards
by decision with what the rules owe, what was paid and what is still owed; the totals per
source of funds and per unit; the payments with their vouchers."""

from __future__ import annotations

from pathlib import Path

from thidua_desktop.domain.text import vn_number
from thidua_desktop.reports.excel.house import Column, HouseWorkbook, Section, as_date
from thidua_desktop.reports.letterhead import of_db
from thidua_desktop.store.dossier import ledger

TOTAL = "Tổng cộng"


def fund_ledger(db, out: Path, opts, progress=None, cancelled=None) -> int:
    """``opts.year`` (required): the year of the decisions. Returns the number of lines."""
    if not opts.year:
        raise ValueError("Cần ghi năm của sổ quỹ (--year).")
    found = ledger.lines(db, opts.year)
    book = HouseWorkbook(
        out, getattr(opts, "letterhead", None) or of_db(db, year=getattr(opts, "year", None))
    )
    columns = [
        Column("STT", 6, "int"), Column("Họ và tên / Tên tập thể", 28), Column("Đơn vị", 28),
        Column("Danh hiệu, hình thức", 26), Column("Nguồn kinh phí", 24), Column("Phải chi (đồng)", 15, "money"),
        Column("Đã chi (đồng)", 15, "money"), Column("Còn phải chi (đồng)", 15, "money"), Column("Ghi chú", 30),
    ]  # fmt: skip
    sections, n = [], 0
    for number, lines in _by_decision(found).items():
        body = []
        for line in lines:
            n += 1
            vouchers = "; ".join(
                f"{p['voucher'] or 'không số'} ngày {as_date(p['paid_on']):%d/%m/%Y}: {vn_number(p['amount'])} đ"
                for p in line.payments
            )
            note = "; ".join(x for x in (line.note, vouchers) if x)
            body.append([n, line.nominee, line.unit_name if line.subject == "ca_nhan" else "", line.award,
                         line.source, line.amount, line.paid, line.balance, note])  # fmt: skip
        t = ledger.total(lines)
        body.append(["", f"Cộng quyết định {number}", "", "", "", t.amount, t.paid, t.balance, ""])
        on = lines[0].decision_date
        heading = f"Quyết định số {number}" + (f" ngày {as_date(on):%d/%m/%Y}" if on else "")
        sections.append(Section(heading, body))
    t = ledger.total(found)
    sections.append(
        Section("", [["", TOTAL, "", "", "", t.amount, t.paid, t.balance, f"{t.count} lượt khen thưởng"]])
    )
    book.sheet(
        "Sổ quỹ", f"SỔ QUỸ KHEN THƯỞNG NĂM {opts.year}", columns, sections,
        subtitle="Tiền thưởng theo quyết định khen thưởng, đã chi và còn phải chi", total_rows=len(found),
        progress=progress, cancelled=cancelled,
    )  # fmt: skip

    summary_columns = [Column("STT", 6, "int"), Column("Nguồn kinh phí / Đơn vị", 44), Column("Số lượt", 10, "int"),
                       Column("Phải chi (đồng)", 16, "money"), Column("Đã chi (đồng)", 16, "money"),
                       Column("Còn phải chi (đồng)", 16, "money")]  # fmt: skip

    def rows(groups):
        out = [
            [i, key, g.count, g.amount, g.paid, g.balance]
            for i, (key, g) in enumerate(groups.items(), start=1)
        ]
        out.append(["", TOTAL, t.count, t.amount, t.paid, t.balance])
        return out

    book.sheet(
        "Tổng hợp", f"TỔNG HỢP TIỀN THƯỞNG NĂM {opts.year}", summary_columns,
        [Section("I. THEO NGUỒN KINH PHÍ", rows(ledger.by_source(found))),
         Section("II. THEO ĐƠN VỊ", rows(dict(sorted(ledger.by_unit(found).items()))))],
        letterhead=False, signature=False,
    )  # fmt: skip

    pay_columns = [Column("STT", 6, "int"), Column("Ngày chi", 12, "date"), Column("Số chứng từ", 16),
                   Column("Người nhận", 24), Column("Họ và tên / Tên tập thể", 28), Column("Quyết định", 18),
                   Column("Số tiền (đồng)", 16, "money"), Column("Ghi chú", 24)]  # fmt: skip
    paid = sorted(
        ((p, line) for line in found for p in line.payments), key=lambda x: (x[0]["paid_on"], x[0]["id"])
    )
    pay_rows = [[i, as_date(p["paid_on"]), p["voucher"], p["receiver"], line.nominee, line.decision_number,
                 p["amount"], p["note"]] for i, (p, line) in enumerate(paid, start=1)]  # fmt: skip
    pay_rows.append(["", TOTAL, "", "", "", "", t.paid, ""])
    book.sheet("Chi trả", f"CÁC LẦN CHI TIỀN THƯỞNG NĂM {opts.year}", pay_columns, [Section("", pay_rows)],
               letterhead=False, signature=False)  # fmt: skip
    book.save()
    return n


def _by_decision(found: list[ledger.LedgerLine]) -> dict[str, list[ledger.LedgerLine]]:
    out: dict[str, list[ledger.LedgerLine]] = {}
    for line in found:
        out.setdefault(line.decision_number, []).append(line)
    return out
