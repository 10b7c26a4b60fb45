"""Dossier commands for IT staff and scripts, without Qt:

``thidua-desktop attachments add|list|check|prune|kinds``: attachments of proposals and
unit dossiers, their files checked by hash;
``thidua-desktop ledger --db F --year Y``: the reward fund ledger (and ``--pay`` to
record a payment);
``thidua-desktop find-paper --db F NUMBER``: proposals, people and attachments of a
decision or submission number."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE = 0, 1, 2


def add_parser(sub) -> None:
    p = sub.add_parser(
        "attachments", help="tài liệu đính kèm của đề nghị, hồ sơ đơn vị (thêm, xem, kiểm tra)"
    )
    actions = p.add_subparsers(dest="action", metavar="VIỆC")
    a = actions.add_parser("add", help="đính kèm tệp vào một đề nghị hoặc hồ sơ đơn vị")
    a.add_argument("--db", type=Path, required=True, dest="target")
    owner = a.add_mutually_exclusive_group(required=True)
    owner.add_argument("--proposal", type=int, help="mã đề nghị")
    owner.add_argument("--unit", type=int, help="mã đơn vị (hồ sơ đơn vị)")
    a.add_argument("--year", type=int, help="năm của hồ sơ đơn vị")
    a.add_argument("--kind", required=True, help="loại tài liệu, xem: attachments kinds")
    a.add_argument("--title", default="", help="tên tài liệu (mặc định: tên tệp)")
    a.add_argument("--number", default="", help="số văn bản, ví dụ 261/QĐ-UBND")
    a.add_argument("--date", default="", help="ngày văn bản dd/mm/yyyy")
    a.add_argument("files", type=Path, nargs="+", help="các tệp cần đính kèm")
    a = actions.add_parser("list", help="liệt kê tài liệu (của một đề nghị, một đơn vị hoặc tất cả)")
    a.add_argument("--db", type=Path, required=True, dest="target")
    a.add_argument("--proposal", type=int)
    a.add_argument("--unit", type=int)
    a.add_argument("--year", type=int)
    a = actions.add_parser("check", help="kiểm tra mã SHA-256 của mọi tệp đính kèm")
    a.add_argument("--db", type=Path, required=True, dest="target")
    a = actions.add_parser("prune", help="xóa các tệp trong thư mục tài liệu không còn gắn với tài liệu nào")
    a.add_argument("--db", type=Path, required=True, dest="target")
    actions.add_parser("kinds", help="các loại tài liệu")

    p = sub.add_parser("ledger", help="sổ quỹ khen thưởng của một năm (tiền thưởng, đã chi, còn phải chi)")
    p.add_argument("--db", type=Path, required=True, dest="target")
    p.add_argument("--year", type=int, help="năm của quyết định (không ghi: tổng các năm)")
    p.add_argument("--pay", type=int, metavar="MÃ_ĐỀ_NGHỊ", help="ghi một lần chi cho đề nghị này")
    p.add_argument("--amount", type=int, help="số tiền chi (mặc định: số còn phải chi)")
    p.add_argument("--on", default="", help="ngày chi dd/mm/yyyy (mặc định: hôm nay)")
    p.add_argument("--receiver", default="", help="người nhận")
    p.add_argument("--voucher", default="", help="số chứng từ (phiếu chi)")

    p = sub.add_parser("find-paper", help="tìm đề nghị, cá nhân và tài liệu theo số quyết định, tờ trình")
    p.add_argument("--db", type=Path, required=True, dest="target")
    p.add_argument("number", help="số văn bản, ví dụ 261/QĐ-UBND (gõ không dấu cũng được)")


def _fail(message: str, code: int = EXIT_USAGE) -> int:
    print(f"Lỗi: {message}", file=sys.stderr)
    return code


def _date(text: str):
    from thidua_desktop.domain.dates import DateError, parse_vn_date

    try:
        return parse_vn_date(text)
    except DateError as exc:
        raise ValueError(str(exc)) from None


def run_attachments(args: argparse.Namespace) -> int:
    from thidua_desktop.domain.text import vn_number
    from thidua_desktop.rules import dossier_checklist as checklist
    from thidua_desktop.store import StoreError, attachments, open_database

    if args.action == "kinds" or args.action is None:
        for kind in checklist.PAPER_KINDS:
            print(f"  {kind.code:<24} {kind.label}")
        return EXIT_OK if args.action else EXIT_USAGE
    db = open_database(args.target, create=False)
    try:
        if args.action == "add":
            if args.kind not in checklist.KINDS:
                return _fail(f"không có loại tài liệu “{args.kind}”. Xem: thidua-desktop attachments kinds")
            try:
                on = _date(args.date)
            except ValueError as exc:
                return _fail(str(exc))
            for path in args.files:
                try:
                    new_id = attachments.add_file(
                        db, path, proposal_id=args.proposal, unit_id=args.unit, year=args.year, kind=args.kind,
                        title=args.title, doc_number=args.number, doc_date=on,
                    )  # fmt: skip
                except StoreError as exc:
                    return _fail(str(exc), EXIT_PROBLEM)
                a = attachments.get(db, new_id)
                print(f"Đã đính kèm {path.name} (mã {new_id}, SHA-256 {a['sha256']}).")
            return EXIT_OK
        if args.action == "list":
            found = attachments.listing(db, proposal_id=args.proposal, unit_id=args.unit, year=args.year)
            states = {None: "tốt", "thieu": "THIẾU TỆP", "khac": "TỆP BỊ THAY ĐỔI"}
            for a in found:
                number = f" số {a['doc_number']}" if a["doc_number"] else ""
                print(f"{a['id']:>6}  {a['kind_label']}{number}: {a['file_name']} ({vn_number(a['size'])} byte) "
                      f"– {a['owner']} [{states[a['state']]}]")  # fmt: skip
            print(f"Tổng: {len(found)} tài liệu.")
            return EXIT_OK
        if args.action == "check":
            problems = attachments.check_all(db)
            total = db.conn.execute("SELECT count(*) FROM attachments").fetchone()[0]
            print(f"Thư mục tài liệu: {attachments.files_dir(db)}")
            for problem in problems:
                print(f"  {problem.attachment_id:>6} ({problem.owner}): {problem.message}")
            print(
                f"Đã kiểm tra {total} tài liệu: "
                + (f"{len(problems)} có vấn đề." if problems else "tất cả tốt.")
            )
            return EXIT_PROBLEM if problems else EXIT_OK
        if args.action == "prune":
            removed = attachments.prune(db)
            print(f"Đã xóa {len(removed)} tệp không còn gắn với tài liệu nào.")
            return EXIT_OK
    finally:
        db.close()
    return EXIT_USAGE


def run_ledger(args: argparse.Namespace) -> int:
    from datetime import date

    from thidua_desktop.domain.text import vn_number
    from thidua_desktop.store import StoreError, ledger, open_database

    db = open_database(args.target, create=False)
    try:
        if args.pay is not None:
            try:
                on = _date(args.on) or date.today()
            except ValueError as exc:
                return _fail(str(exc))
            try:
                if args.amount is None:
                    paid = ledger.pay_outstanding(db, [args.pay], paid_on=on, receiver=args.receiver,
                                                  voucher=args.voucher)  # fmt: skip
                else:
                    ledger.record_payment(db, args.pay, paid_on=on, amount=args.amount, receiver=args.receiver,
                                          voucher=args.voucher)  # fmt: skip
                    paid = args.amount
            except StoreError as exc:
                return _fail(str(exc), EXIT_PROBLEM)
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


def run_find_paper(args: argparse.Namespace) -> int:
    from thidua_desktop.rules.catalogue import award_name
    from thidua_desktop.store import open_database, paper_search

    db = open_database(args.target, create=False)
    try:
        hits = paper_search.find_paper(db, args.number)
    finally:
        db.close()
    if hits.empty:
        print(f"Không tìm thấy văn bản nào có số “{args.number}”.")
        return EXIT_PROBLEM

    def shown(n: int, total: int) -> str:
        return f"{total}" if n >= total else f"{n} đầu tiên trong {total}"

    print(f"Đề nghị ({shown(len(hits.proposals), hits.proposals_total)}):")
    for p in hits.proposals:
        print(f"  {p['id']:>6}  {p['nominee']} – {award_name(p['awarded_code'] or p['award_code'])} năm {p['year']} "
              f"({p['matched']})")  # fmt: skip
    print(f"Cá nhân, tập thể ({shown(len(hits.people), hits.people_total)}):")
    for e in hits.people:
        who = "cá nhân" if e["kind"] == "ca_nhan" else "tập thể"
        print(f"  {who} {e['name']}" + (f", {e['unit']}" if e["unit"] and e["kind"] == "ca_nhan" else "")
              + f": {'; '.join(e['via'])}")  # fmt: skip
    print(f"Tài liệu đính kèm ({len(hits.attachments)}):")
    for a in hits.attachments:
        print(f"  {a['id']:>6}  {a['kind_label']} {a['doc_number']}: {a['file_name']} – {a['owner']}")
    return EXIT_OK


COMMANDS = {"attachments": run_attachments, "ledger": run_ledger, "find-paper": run_find_paper}
