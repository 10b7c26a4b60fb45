"""``thidua-desktop attachments add|list|check|prune|kinds``: attachments of proposals and unit
dossiers, their files checked by hash."""

from __future__ import annotations

import argparse
from pathlib import Path

from thidua_desktop.cli.common import EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, add_wait, fail, parse_date, writer


def add_parser(sub) -> None:
    p = sub.add_parser(
        "attachments", help="tài liệu đính kèm của đề nghị, hồ sơ đơn vị (thêm, xem, kiểm tra)"
    )
    actions = p.add_subparsers(dest="action", metavar="VIỆC")
    a = actions.add_parser("add", help="đính kèm tệp vào một đề nghị hoặc hồ sơ đơn vị")
    a.add_argument("--db", type=Path, required=True, dest="target", metavar="TỆP_DỮ_LIỆU")
    owner = a.add_mutually_exclusive_group(required=True)
    owner.add_argument("--proposal", type=int, help="mã đề nghị")
    owner.add_argument("--unit", type=int, help="mã đơn vị (hồ sơ đơn vị)")
    a.add_argument("--year", type=int, help="năm của hồ sơ đơn vị")
    a.add_argument("--kind", required=True, help="loại tài liệu, xem: attachments kinds")
    a.add_argument("--title", default="", help="tên tài liệu (mặc định: tên tệp)")
    a.add_argument("--number", default="", help="số văn bản, ví dụ 261/QĐ-UBND")
    a.add_argument("--date", default="", help="ngày văn bản dd/mm/yyyy")
    a.add_argument("files", type=Path, nargs="+", help="các tệp cần đính kèm")
    add_wait(a)
    a = actions.add_parser("list", help="liệt kê tài liệu (của một đề nghị, một đơn vị hoặc tất cả)")
    a.add_argument("--db", type=Path, required=True, dest="target", metavar="TỆP_DỮ_LIỆU")
    a.add_argument("--proposal", type=int)
    a.add_argument("--unit", type=int)
    a.add_argument("--year", type=int)
    a = actions.add_parser("check", help="kiểm tra mã SHA-256 của mọi tệp đính kèm")
    a.add_argument("--db", type=Path, required=True, dest="target", metavar="TỆP_DỮ_LIỆU")
    a = actions.add_parser("prune", help="xóa các tệp trong thư mục tài liệu không còn gắn với tài liệu nào")
    a.add_argument("--db", type=Path, required=True, dest="target", metavar="TỆP_DỮ_LIỆU")
    add_wait(a)
    actions.add_parser("kinds", help="các loại tài liệu")


def run(args: argparse.Namespace) -> int:
    with writer(args, writes=args.action in ("add", "prune")):
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    from thidua_desktop.domain.text import vn_number
    from thidua_desktop.rules import dossier_checklist as checklist
    from thidua_desktop.store import StoreError, open_database
    from thidua_desktop.store.dossier import attachments

    if args.action == "kinds" or args.action is None:
        for kind in checklist.PAPER_KINDS:
            print(f"  {kind.code:<24} {kind.label}")
        return EXIT_OK if args.action else EXIT_USAGE
    db = open_database(args.target, create=False)
    try:
        if args.action == "add":
            if args.kind not in checklist.KINDS:
                return fail(f"không có loại tài liệu “{args.kind}”. Xem: thidua-desktop attachments kinds")
            try:
                on = parse_date(args.date)
            except ValueError as exc:
                return fail(str(exc))
            for path in args.files:
                try:
                    new_id = attachments.add_file(
                        db, path, proposal_id=args.proposal, unit_id=args.unit, year=args.year, kind=args.kind,
                        title=args.title, doc_number=args.number, doc_date=on,
                    )  # fmt: skip
                except StoreError as exc:
                    return fail(str(exc), EXIT_PROBLEM)
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
            total = attachments.count(db)
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
            print(f"Đã xóa {len(removed)} tệp không còn gắn với tài liệu nào (chỉ các tệp đã ghi hơn một giờ: "
                  "tệp mới có thể thuộc một tài liệu đang được thêm).")  # fmt: skip
            return EXIT_OK
    finally:
        db.close()
    return EXIT_USAGE
