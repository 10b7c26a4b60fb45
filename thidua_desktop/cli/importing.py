"""``thidua-desktop import FILE.xlsx --db F [--dry-run]``: a unit's Excel list previewed row by row,
then written after a copy of the data file is taken, as the window does; ``--template`` writes
the list the units fill in."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from thidua_desktop.cli.common import EXIT_FILE, EXIT_OK, EXIT_USAGE, add_wait, writer


def add_parser(sub) -> None:
    p = sub.add_parser("import", help="nhập danh sách cá nhân, đề nghị từ tệp Excel (xem trước rồi ghi)")
    p.add_argument("file", type=Path, nargs="?", help="tệp .xlsx của đơn vị")
    p.add_argument("--db", type=Path, dest="target", metavar="TỆP_DỮ_LIỆU")
    p.add_argument("--dry-run", action="store_true", help="chỉ xem trước, không ghi gì")
    p.add_argument("--year", type=int, metavar="NĂM",
                   help="năm thành tích cho các dòng không có cột năm (mặc định: năm ở tiêu đề tệp)")  # fmt: skip
    p.add_argument("--template", type=Path, help="ghi tệp mẫu cho đơn vị điền vào đường dẫn này")
    add_wait(p)


def run(args: argparse.Namespace) -> int:
    with writer(args, writes=not args.dry_run and args.template is None):
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    from thidua_desktop.reports.excel import importing
    from thidua_desktop.reports.excel.list_reading import ImportFileError
    from thidua_desktop.store import open_database

    if args.template:
        importing.write_template(args.template)
        print(f"Đã ghi tệp mẫu {args.template}.")
        return EXIT_OK
    if args.file is None or args.target is None:
        print("Lỗi: cần TỆP.xlsx và --db TỆP_DỮ_LIỆU (hoặc --template TỆP_MẪU.xlsx).", file=sys.stderr)
        return EXIT_USAGE
    db = open_database(args.target, create=False)
    try:
        try:
            rows = importing.preview(db, args.file, year=args.year)
        except ImportFileError as exc:
            print(f"Lỗi: {exc}", file=sys.stderr)
            return EXIT_FILE
        for notice in getattr(rows, "notices", []):
            print(notice)
        print(f"Năm thành tích: {rows.year}, {rows.year_source}." if rows.year else
              "Năm thành tích: tệp không ghi năm; dùng --year NĂM để chọn.")  # fmt: skip
        for name, count in rows.new_units.items():
            print(f"Đơn vị mới (sẽ được tạo): {name} ({count} dòng)")
        labels = {"new": "MỚI", "update": "CẬP NHẬT", "error": "LỖI"}
        for row in rows:
            award = f" → đề nghị {row.award_code}" if row.award_code and row.action != "error" else ""
            print(f"{labels[row.action]:<9} {row.values['name']}: {row.reason}{award}")
        print(f"Tổng: {importing.summary(rows)}")
        if args.dry_run:
            print("Chỉ xem trước (--dry-run): chưa ghi gì.")
            return EXIT_OK
        from thidua_desktop.store import backup

        copy = backup.automatic(args.target, "truoc-nhap")  # as the window does before an import
        print(f"Đã sao lưu tệp dữ liệu trước khi nhập: {copy}")
        counts = importing.apply(db, rows)
        print(
            f"Đã ghi: {counts['new']} người mới, {counts['update']} cập nhật, {counts['proposals']} đề nghị, "
            f"{counts['units']} đơn vị mới."
        )
        return EXIT_OK
    finally:
        db.close()
