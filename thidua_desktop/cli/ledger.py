"""``thidua-desktop ledger --db F [--year Y] [--pay ID …]``: the reward fund ledger, and a payment
recorded from the command line."""

from __future__ import annotations

import argparse
from pathlib import Path

from thidua_desktop.cli.common import EXIT_OK, EXIT_PROBLEM, add_wait, fail, parse_date, writer


def add_parser(sub) -> None:
    p = sub.add_parser("ledger", help="sổ quỹ khen thưởng của một năm (tiền thưởng, đã chi, còn phải chi)")
    p.add_argument("--db", type=Path, required=True, dest="target", metavar="TỆP_DỮ_LIỆU")
    p.add_argument("--year", type=int, help="năm của quyết định (không ghi: tổng các năm)")
    p.add_argument("--pay", type=int, metavar="MÃ_ĐỀ_NGHỊ", help="ghi một lần chi cho đề nghị này")
    p.add_argument("--amount", type=int, help="số tiền chi (mặc định: số còn phải chi)")
    p.add_argument("--on", default="", help="ngày chi dd/mm/yyyy (mặc định: hôm nay)")
    p.add_argument("--receiver", default="", help="người nhận")
    p.add_argument("--voucher", default="", help="số chứng từ (phiếu chi)")
    add_wait(p)


def run(args: argparse.Namespace) -> int:
    with writer(args, writes=args.pay is not None):
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    from datetime import date

    from thidua_desktop.domain.text import vn_number
    from thidua_desktop.store import StoreError, open_database
    from thidua_desktop.store.dossier import ledger

    db = open_database(args.target, create=False)
    try:
        if args.pay is not None:
            try:
                on = parse_date(args.on) or date.today()
            except ValueError as exc:
                return fail(str(exc))
            try:
                if args.amount is None:
                    paid = ledger.pay_outstanding(db, [args.pay], paid_on=on, receiver=args.receiver,
                                                  voucher=args.voucher)  # fmt: skip
                else:
                    ledger.record_payment(db, args.pay, paid_on=on, amount=args.amount, receiver=args.receiver,
                                          voucher=args.voucher)  # fmt: skip
                    paid = args.amount
            except StoreError as exc:
                return fail(str(exc), EXIT_PROBLEM)
            print(f"Đã ghi chi {vn_number(paid)} đồng cho đề nghị {args.pay}.")
        if args.year is None:
            print(f"{'Năm':<6}{'Lượt':>7}{'Phải chi':>16}{'Đã chi':>16}{'Còn phải chi':>16}")
            for year, t in ledger.year_totals(db).items():
                print(
                    f"{year:<6}{t.count:>7}{vn_number(t.amount):>16}{vn_number(t.paid):>16}{vn_number(t.balance):>16}"
                )
            return EXIT_OK
        found = ledger.lines(db, args.year)
        print(f"SỔ QUỸ KHEN THƯỞNG NĂM {args.year}")
        for number, t in ledger.by_decision(found).items():
            print(f"\nQuyết định {number}: {t.count} lượt, phải chi {vn_number(t.amount)}, đã chi {vn_number(t.paid)}, "
                  f"còn {vn_number(t.balance)} đồng")  # fmt: skip
            for line in (x for x in found if x.decision_number == number):
                note = f" ({line.note})" if line.note else ""
                print(f"  {line.proposal_id:>6}  {line.nominee:<32} {line.award:<40} {vn_number(line.amount):>12} "
                      f"{vn_number(line.paid):>12} {vn_number(line.balance):>12}{note}")  # fmt: skip
        for title, groups in (
            ("Theo nguồn kinh phí", ledger.by_source(found)),
            ("Theo đơn vị", ledger.by_unit(found)),
        ):
            print(f"\n{title}:")
            for key, t in groups.items():
                print(
                    f"  {key:<56} {vn_number(t.amount):>14} {vn_number(t.paid):>14} {vn_number(t.balance):>14}"
                )
        t = ledger.total(found)
        print(f"\nTổng cộng: {t.count} lượt, phải chi {vn_number(t.amount)} đồng, đã chi {vn_number(t.paid)} đồng, "
              f"còn phải chi {vn_number(t.balance)} đồng.")  # fmt: skip
        return EXIT_OK
    finally:
        db.close()
