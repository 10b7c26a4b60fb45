"""``thidua-desktop papers``: the desk's Word papers from the command line: the tờ trình
and the draft decision with their lists, the achievement reports, the ceremony script,
and the templates the desk edits in Word."""

from __future__ import annotations

import argparse
from pathlib import Path

from thidua_desktop.cli.common import EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, add_wait, fail, writer

ACTIONS = {
    "to-trinh": "tờ trình đề nghị khen thưởng kèm danh sách (.docx)",
    "quyet-dinh": "dự thảo quyết định khen thưởng kèm danh sách (.docx)",
    "bao-cao-thanh-tich": "báo cáo thành tích của cá nhân (--person) hoặc tập thể (--unit) (.docx)",
    "kich-ban": "kịch bản công bố quyết định khen thưởng, mỗi hình thức một trang (.pdf hoặc .docx)",
    "mau": "mẫu Word của bộ phận: kiểm tra, dùng, bỏ, hoặc lấy ra để sửa",
}


def _common(p: argparse.ArgumentParser, *, out: str = "tệp .docx cần ghi", template: bool = True) -> None:
    p.add_argument("--db", type=Path, dest="target", metavar="TỆP_DỮ_LIỆU", help="tệp dữ liệu")
    p.add_argument("-o", "--out", type=Path, help=out)
    if template:
        p.add_argument("--template", type=Path, help="tệp mẫu .docx dùng lần này (mặc định: mẫu của bộ phận)")
    p.add_argument("--signer-name", help="họ tên người ký")
    p.add_argument("--signer-title", help="chức vụ người ký, ví dụ PHÓ CHỦ TỊCH")
    p.add_argument("--signer-authority", help="dòng thẩm quyền ký, ví dụ KT. CHỦ TỊCH")


def add_parser(sub) -> None:
    p = sub.add_parser(
        "papers", help="giấy tờ Word: tờ trình, quyết định, báo cáo thành tích, kịch bản (--list)"
    )
    p.add_argument(
        "--list", action="store_true", help="liệt kê các loại giấy tờ (với --db: cả tờ trình, quyết định)"
    )
    p.add_argument("--db", type=Path, dest="list_db", help="tệp dữ liệu (cho --list)")
    actions = p.add_subparsers(dest="paper", metavar="GIẤY_TỜ")

    a = actions.add_parser("to-trinh", help=ACTIONS["to-trinh"])
    a.add_argument("--submission", help="số tờ trình, ví dụ 15/TTr-STP")
    _common(a)
    a = actions.add_parser("quyet-dinh", help=ACTIONS["quyet-dinh"])
    a.add_argument("--decision", help="số quyết định, ví dụ 261/QĐ-UBND")
    _common(a)
    a = actions.add_parser("bao-cao-thanh-tich", help=ACTIONS["bao-cao-thanh-tich"])
    who = a.add_mutually_exclusive_group()
    who.add_argument("--person", type=int, help="mã cá nhân")
    who.add_argument("--unit", type=int, help="mã đơn vị (tập thể)")
    a.add_argument(
        "--proposal", type=int, help="mã đề nghị cần báo cáo (mặc định: hình thức cao nhất của năm mới nhất)"
    )
    _common(a)
    a = actions.add_parser("kich-ban", help=ACTIONS["kich-ban"])
    a.add_argument("--decision", help="số quyết định")
    _common(a, out="tệp .pdf hoặc .docx cần ghi")

    a = actions.add_parser("mau", help=ACTIONS["mau"])
    a.add_argument(
        "kind", nargs="?", help="loại: to-trinh, quyet-dinh, bao-cao-ca-nhan, bao-cao-tap-the, kich-ban"
    )
    a.add_argument("--db", type=Path, dest="target", metavar="TỆP_DỮ_LIỆU", help="tệp dữ liệu")
    which = a.add_mutually_exclusive_group()
    which.add_argument(
        "--check", type=Path, metavar="TỆP", help="chỉ kiểm tra tệp mẫu .docx (không cần --db)"
    )
    which.add_argument("--use", type=Path, metavar="TỆP", help="kiểm tra rồi lưu bản sao mẫu vào tệp dữ liệu")
    which.add_argument("--reset", action="store_true", help="bỏ mẫu của bộ phận, dùng lại mẫu kèm theo")
    which.add_argument(
        "--export", type=Path, metavar="TỆP", help="ghi mẫu đang dùng ra tệp .docx để sửa trong Word"
    )
    add_wait(a)


def _list(target: Path | None) -> int:
    from thidua_desktop.reports.papers.context import KINDS

    print("Các loại giấy tờ (thidua-desktop papers LOẠI --help):")
    for name, text in ACTIONS.items():
        print(f"  {name:<20} {text}")
    print("Mẫu (thidua-desktop papers mau LOẠI_MẪU …): " + ", ".join(KINDS))
    if target is None:
        return EXIT_OK
    from thidua_desktop.store import open_database
    from thidua_desktop.store.report_data import certificates
    from thidua_desktop.store.report_data import papers as sp

    db = open_database(target, create=False)
    try:
        print("Tờ trình (số, ngày, số đề nghị):")
        for number, on, n in sp.submissions(db):
            print(f"  {number:<20} {on or '':<10} {n}")
        print("Quyết định (số, ngày, số tập thể và cá nhân được khen):")
        for number, on, n in certificates.decisions(db):
            print(f"  {number:<20} {on or '':<10} {n}")
        templates = sp.load_settings(db)["templates"]
        for kind, entry in sorted(templates.items()):
            print(f"Mẫu của bộ phận cho {kind}: {entry.get('name')} (chọn từ {entry.get('chosen_from')})")
    finally:
        db.close()
    return EXIT_OK


def _templates(args) -> int:
    from thidua_desktop.reports.papers import word as dp
    from thidua_desktop.reports.papers.context import KINDS

    if args.kind not in KINDS:
        return fail("cần loại mẫu: " + ", ".join(KINDS) + ".")
    if args.check:
        dp.check(args.kind, dp.template_for(None, args.kind, args.check))
        print(f"Mẫu “{args.check.name}” điền được cho {KINDS[args.kind].lower()}.")
        return EXIT_OK
    if args.target is None:
        return fail("cần --db TỆP_DỮ_LIỆU.")
    with writer(args, writes=bool(args.use or args.reset)):
        return _kept_templates(args)


def _kept_templates(args) -> int:
    from thidua_desktop.reports.papers import word as dp
    from thidua_desktop.reports.papers.context import KINDS
    from thidua_desktop.store import open_database
    from thidua_desktop.store.report_data import papers as sp

    db = open_database(args.target, create=False)
    try:
        if args.use:
            dp.use_template(db, args.kind, args.use)
            print(
                f"Đã lưu mẫu “{args.use.name}” vào tệp dữ liệu; từ nay {KINDS[args.kind].lower()} dùng mẫu này."
            )
        elif args.reset:
            sp.forget_template(db, args.kind)
            print(f"Đã bỏ mẫu của bộ phận; {KINDS[args.kind].lower()} dùng lại mẫu kèm theo chương trình.")
        elif args.export:
            source = dp.template_for(db, args.kind)
            args.export.write_bytes(source.data)
            kind = "kèm theo chương trình" if source.builtin else "của bộ phận"
            print(f"Đã ghi mẫu {kind} “{source.name}” vào {args.export}: sửa trong Word rồi dùng --use.")
        else:
            source = dp.template_for(db, args.kind)
            print(
                f"Mẫu đang dùng: {source.name} ({'kèm theo chương trình' if source.builtin else 'của bộ phận'})."
            )
        return EXIT_OK
    finally:
        db.close()


def run(args: argparse.Namespace) -> int:
    from thidua_desktop.reports.papers import word as dp

    try:
        if args.list or args.paper is None:
            code = _list(args.list_db)
            return code if args.list else EXIT_USAGE
        if args.paper == "mau":
            return _templates(args)
        if args.target is None:
            return fail("cần --db TỆP_DỮ_LIỆU.")
        if args.out is None:
            return fail("cần -o TỆP_GHI_RA.")
        kind, options = args.paper, {}
        if kind == "to-trinh":
            if not args.submission:
                return fail("cần --submission SỐ_TỜ_TRÌNH (xem: thidua-desktop papers --list --db …).")
            options["number"] = args.submission
        elif kind in ("quyet-dinh", "kich-ban"):
            if not args.decision:
                return fail("cần --decision SỐ_QUYẾT_ĐỊNH (xem: thidua-desktop papers --list --db …).")
            options["number"] = args.decision
        elif args.person is not None:
            kind, options["person"], options["proposal"] = "bao-cao-ca-nhan", args.person, args.proposal
        elif args.unit is not None:
            kind, options["unit"], options["proposal"] = "bao-cao-tap-the", args.unit, args.proposal
        else:
            return fail("cần --person MÃ_CÁ_NHÂN hoặc --unit MÃ_ĐƠN_VỊ.")
        signer = {"name": args.signer_name, "title": args.signer_title, "authority": args.signer_authority}
        from thidua_desktop.store import open_database

        db = open_database(args.target, create=False)
        try:
            context = dp.write(db, kind, args.out, template=args.template, signer=signer, **options)
        finally:
            db.close()
        if "hinh_thuc" in context:
            awards = ", ".join(f"{a['ten']}: {a['so_luong']}" for a in context["hinh_thuc"])
            print(f"Đã ghi {args.out} ({awards}).")
        else:
            print(f"Đã ghi {args.out}.")
        return EXIT_OK
    except dp.PaperError as exc:
        return fail(str(exc), EXIT_PROBLEM)
