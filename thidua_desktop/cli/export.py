"""``thidua-desktop export REPORT --db F -o OUT.xlsx``: the Excel reports of the registry
(``--list`` names them), the minutes also as PDF."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from thidua_desktop.cli.common import EXIT_OK, EXIT_USAGE
from thidua_desktop.domain.text import vn_number


def add_parser(sub) -> None:
    p = sub.add_parser("export", help="xuất báo cáo Excel (--list: các báo cáo có)")
    p.add_argument("report", nargs="?", help="tên báo cáo, xem --list")
    p.add_argument("--list", action="store_true", help="liệt kê các báo cáo")
    p.add_argument("--db", type=Path, dest="target", metavar="TỆP_DỮ_LIỆU")
    p.add_argument("--year", type=int)
    p.add_argument("--decision", help="số quyết định, ví dụ 163/QĐ-UBND")
    p.add_argument("--award", help="mã hình thức, ví dụ BK_TINH")
    p.add_argument("--person", type=int, help="mã cá nhân")
    p.add_argument("--unit", type=int, help="mã đơn vị")
    p.add_argument("--cluster", type=int, help="mã khối thi đua (khi tệp có nhiều khối)")
    p.add_argument("-o", "--out", type=Path, help="tệp .xlsx cần ghi (biên bản: .xlsx hoặc .pdf)")


def run(args: argparse.Namespace) -> int:
    from thidua_desktop.reports.excel import registry
    from thidua_desktop.store import open_database

    if args.list or not args.report:
        print("Các báo cáo Excel:")
        for key, report in registry.REPORTS.items():
            print(f"  {key:<24} {report.title}" + (f" (cần {report.needs})" if report.needs else ""))
        return EXIT_OK if args.list else EXIT_USAGE
    if args.report not in registry.REPORTS:
        print(f"Lỗi: không có báo cáo “{args.report}”. Xem: thidua-desktop export --list", file=sys.stderr)
        return EXIT_USAGE
    if args.target is None or args.out is None:
        print("Lỗi: cần --db TỆP_DỮ_LIỆU và -o TỆP.xlsx.", file=sys.stderr)
        return EXIT_USAGE
    suffixes = (".xlsx", ".pdf") if registry.REPORTS[args.report].pdf else (".xlsx",)
    if args.out.suffix.lower() not in suffixes:
        print(f"Lỗi: tệp ghi ra phải có đuôi {' hoặc '.join(suffixes)}.", file=sys.stderr)
        return EXIT_USAGE
    db = open_database(args.target, create=False)
    options = registry.Options(year=args.year, decision=args.decision, award=args.award,
                                    individual_id=args.person, unit_id=args.unit, cluster_id=args.cluster)  # fmt: skip
    try:
        rows = registry.run(args.report, db, args.out, options)
    except ValueError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        db.close()
    print(f"Đã ghi {vn_number(rows)} dòng vào {args.out}.")
    return EXIT_OK
