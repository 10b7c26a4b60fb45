"""``thidua-desktop handover``: hand-over files from the command line, with the same
preview and merge as the window.

    thidua-desktop handover export --db F --year Y [--cluster ID] -o OUT.zip
    thidua-desktop handover unit-export --db F --year Y --unit ID [--cluster ID] -o OUT.zip
    thidua-desktop handover import FILE.zip --db F [--dry-run] [--theirs] [--all]

``import`` (alias ``unit-import``) reads either kind of file and prints the preview; a
conflicting row keeps this desk's version unless ``--theirs``. An export names on stderr
each attachment it left out (missing or changed on disk) and still writes the file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from thidua_desktop.cli.common import EXIT_OK, add_wait, fail, writer

LABELS = {"new": "MỚI", "same": "GIỐNG", "conflict": "KHÁC", "error": "LỖI"}


def add_parser(sub) -> None:
    p = sub.add_parser(
        "handover", help="tệp bàn giao năm của khối thi đua; tệp đăng ký, tự chấm điểm của đơn vị"
    )
    tasks = p.add_subparsers(dest="handover_command", metavar="VIỆC", required=True)
    for name, text in (
        ("export", "xuất năm của khối ra tệp bàn giao (.zip) cho bàn khối trưởng năm sau"),
        ("unit-export", "xuất đăng ký thi đua và điểm tự chấm của một đơn vị (.zip)"),
    ):
        e = tasks.add_parser(name, help=text)
        e.add_argument(
            "--db", type=Path, dest="target", metavar="TỆP_DỮ_LIỆU", required=True, help="tệp dữ liệu"
        )
        e.add_argument("--year", type=int, required=True, help="năm thi đua")
        e.add_argument(
            "--cluster", type=int, help="mã khối (mặc định: khối duy nhất, hoặc khối có dữ liệu năm đó)"
        )
        if name == "unit-export":
            e.add_argument("--unit", type=int, required=True, help="mã đơn vị")
        e.add_argument("-o", "--out", type=Path, required=True, help="tệp .zip cần ghi")
    i = tasks.add_parser(
        "import", aliases=["unit-import"], help="xem trước rồi nhận tệp bàn giao hoặc tệp của đơn vị"
    )
    i.add_argument("file", type=Path, help="tệp .zip nhận được")
    i.add_argument("--db", type=Path, dest="target", metavar="TỆP_DỮ_LIỆU", required=True, help="tệp dữ liệu")
    i.add_argument("--cluster", type=int, help="chỉ nhận nếu tệp là của khối này (mã khối)")
    i.add_argument("--dry-run", action="store_true", help="chỉ xem trước, không ghi gì")
    i.add_argument(
        "--theirs", action="store_true", help="dòng khác nhau lấy theo tệp (mặc định: giữ của bàn này)"
    )
    i.add_argument("--all", action="store_true", help="in cả các dòng giống nhau")
    add_wait(i)


def run(args: argparse.Namespace) -> int:
    with writer(args, writes=args.handover_command in ("import", "unit-import") and not args.dry_run):
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    from thidua_desktop.store import open_database

    db = open_database(args.target, create=False)
    try:
        if args.handover_command in ("import", "unit-import"):
            return _import(db, args)
        return _export(db, args)
    finally:
        db.close()


def _export(db, args) -> int:
    from thidua_desktop.reports.handover import bundle as handover
    from thidua_desktop.store import lookups

    cluster_id = args.cluster if args.cluster is not None else lookups.only_cluster(db, args.year)
    if cluster_id is None:
        return fail(_cluster_hint(db, args.year))
    if args.out.suffix.lower() != ".zip":
        return fail("tệp ghi ra phải có đuôi .zip.")
    if args.handover_command == "unit-export":
        done = handover.export_unit_file(db, cluster_id, args.year, args.unit, args.out)
    else:
        done = handover.export_year(db, cluster_id, args.year, args.out)
    print(done.describe())
    for problem in done.problems:  # left out of the file; the export went on
        print(f"Cảnh báo: không đưa vào tệp tài liệu {problem}", file=sys.stderr)
    return EXIT_OK


def _import(db, args) -> int:
    from thidua_desktop.reports.handover import bundle as handover

    planned = handover.preview(db, args.file, cluster_id=args.cluster)
    print(handover.describe_manifest(planned.manifest))
    for row in planned.rows:
        if row.status == "same" and not args.all:
            continue
        detail = row.describe()
        print(f"{LABELS[row.status]:<6} {row.table_label}: {row.label}" + (f" — {detail}" if detail else ""))
    print("Tổng: " + "; ".join(planned.summary_lines()) + ".")
    choice = handover.THEIRS if args.theirs else handover.MINE
    if args.dry_run:
        print(f"Chỉ xem trước (--dry-run): chưa ghi gì. Sẽ ghi {planned.writes(choice)} dòng.")
        return EXIT_OK
    result = handover.merge(db, args.file, choice, cluster_id=args.cluster)
    print(result.describe())
    if result.backup:
        print(f"Bản sao trước khi nhận: {result.backup}")
    return EXIT_OK


def _cluster_hint(db, year: int) -> str:
    from thidua_desktop.store import lookups

    names = [f"{cid} ({name})" for cid, name in lookups.clusters(db)]
    if not names:
        return "tệp dữ liệu chưa có khối thi đua nào."
    return (
        f"cần --cluster MÃ_KHỐI cho năm {year}; các khối: "
        + ", ".join(names[:20])
        + ("…" if len(names) > 20 else "")
    )
