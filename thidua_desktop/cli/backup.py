"""``thidua-desktop backup --db F OUT``: a consistent copy of the data file, taken while it is in use."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from thidua_desktop.cli.common import EXIT_OK, EXIT_USAGE
from thidua_desktop.domain.text import vn_number


def add_parser(sub) -> None:
    p = sub.add_parser("backup", help="ghi một bản sao nhất quán của tệp dữ liệu")
    p.add_argument("--db", type=Path, required=True, dest="target", metavar="TỆP_DỮ_LIỆU")
    p.add_argument("out", type=Path, help="tệp sao lưu cần ghi")


def run(args: argparse.Namespace) -> int:
    from thidua_desktop.store import backup, open_database

    if args.out.absolute() == args.target.absolute():
        print("Lỗi: tệp sao lưu phải khác tệp dữ liệu.", file=sys.stderr)
        return EXIT_USAGE
    db = open_database(args.target, create=False)
    try:
        dest = backup.backup_to(db, args.out)
    finally:
        db.close()
    print(f"Đã sao lưu {args.target} vào {dest} ({vn_number(dest.stat().st_size)} byte).")
    return EXIT_OK
