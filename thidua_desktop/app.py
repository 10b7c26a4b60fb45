"""Command line and application start-up.

``thidua-desktop [--db PATH] [--demo]`` opens the window; the sub-commands serve IT
staff and scripts with the same operations, without loading Qt."""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import os
import sys
import time
from pathlib import Path

from thidua_desktop import (
    APP_NAME,
    APP_TITLE,
    __version__,
    cli_certificates,
    cli_dossier,
    cli_handover,
    cli_papers,
)
from thidua_desktop.domain.text import vn_number

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, EXIT_FILE = 0, 1, 2, 3
DEMO_FILE = "mau-khoi-thi-dua-3.sqlite"
DEFAULT_FILE = "thidua.sqlite"

log = logging.getLogger("thidua_desktop")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="thidua-desktop",
        description=f"{APP_TITLE}: phần mềm công tác thi đua, khen thưởng của khối thi đua. "
        "Không có lệnh con thì mở cửa sổ chương trình.",
    )
    parser.add_argument("--version", action="version", version=f"thidua-desktop {__version__}")
    parser.add_argument("--db", type=Path, help="tệp dữ liệu (.sqlite) cần mở")
    parser.add_argument(
        "--demo", action="store_true", help="mở một bản sao dữ liệu mẫu Khối thi đua số 3 tỉnh Đắk Lắk"
    )
    sub = parser.add_subparsers(dest="command", metavar="LỆNH")

    p = sub.add_parser("sample", help="ghi dữ liệu mẫu vào một tệp mới")
    p.add_argument("--db", type=Path, required=True, dest="target", help="tệp dữ liệu mới")
    p.add_argument(
        "--scale",
        choices=["cluster", "province"],
        default="cluster",
        help="cluster: một khối thi đua (mặc định); province: cấp tỉnh, 100.000 người",
    )
    p.add_argument("--seed", type=int, default=3, help="hạt giống ngẫu nhiên (mặc định 3)")

    p = sub.add_parser("check", help="kiểm tra tính toàn vẹn và đếm bản ghi mỗi bảng")
    p.add_argument("--db", type=Path, required=True, dest="target")

    p = sub.add_parser("export", help="xuất báo cáo Excel (--list: các báo cáo có)")
    p.add_argument("report", nargs="?", help="tên báo cáo, xem --list")
    p.add_argument("--list", action="store_true", help="liệt kê các báo cáo")
    p.add_argument("--db", type=Path, dest="target")
    p.add_argument("--year", type=int)
    p.add_argument("--decision", help="số quyết định, ví dụ 163/QĐ-UBND")
    p.add_argument("--award", help="mã hình thức, ví dụ BK_TINH")
    p.add_argument("--person", type=int, help="mã cá nhân")
    p.add_argument("--unit", type=int, help="mã đơn vị")
    p.add_argument("--cluster", type=int, help="mã khối thi đua (khi tệp có nhiều khối)")
    p.add_argument("-o", "--out", type=Path, help="tệp .xlsx cần ghi (biên bản: .xlsx hoặc .pdf)")

    p = sub.add_parser("import", help="nhập danh sách cá nhân, đề nghị từ tệp Excel (xem trước rồi ghi)")
    p.add_argument("file", type=Path, nargs="?", help="tệp .xlsx của đơn vị")
    p.add_argument("--db", type=Path, dest="target")
    p.add_argument("--dry-run", action="store_true", help="chỉ xem trước, không ghi gì")
    p.add_argument("--template", type=Path, help="ghi tệp mẫu cho đơn vị điền vào đường dẫn này")

    p = sub.add_parser("backup", help="ghi một bản sao nhất quán của tệp dữ liệu")
    p.add_argument("--db", type=Path, required=True, dest="target")
    p.add_argument("out", type=Path, help="tệp sao lưu cần ghi")

    cli_certificates.add_parser(sub)
    cli_papers.add_parser(sub)  # papers: tờ trình, quyết định, báo cáo thành tích, kịch bản
    cli_dossier.add_parser(sub)
    cli_handover.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    _ensure_console()
    args = build_parser().parse_args(argv)
    if args.command is None:
        return run_gui(args.db, demo=args.demo)
    from thidua_desktop.store import StoreError

    try:
        return COMMANDS[args.command](args)
    except StoreError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return EXIT_FILE


# --- commands --------------------------------------------------------------------------
def cmd_sample(args) -> int:
    from thidua_desktop import sample_data
    from thidua_desktop.store import open_database

    target: Path = args.target
    if target.exists() and target.stat().st_size > 0:
        print(f"Lỗi: tệp “{target}” đã có; dữ liệu mẫu chỉ ghi vào tệp mới. Hãy chọn tên khác.",
              file=sys.stderr)  # fmt: skip
        return EXIT_USAGE
    started = time.perf_counter()
    db = open_database(target)
    try:
        counts = sample_data.generate(db, args.scale, seed=args.seed)
    finally:
        db.close()
    print(f"Đã ghi dữ liệu mẫu ({args.scale}) vào {target} trong {time.perf_counter() - started:.1f} giây:")
    for table, n in counts.items():
        print(f"  {table:<15} {vn_number(n):>9}")
    return EXIT_OK


def cmd_check(args) -> int:
    from thidua_desktop.store import health, open_database
    from thidua_desktop.store.errors import DamagedError

    try:
        db = open_database(args.target, create=False)
    except DamagedError as exc:  # say what is damaged, reading only
        print(f"Lỗi: {exc}", file=sys.stderr)
        result = health.check_file(args.target)
    else:
        try:
            result = health.check(db)
        finally:
            db.close()
    print(f"Tệp: {args.target}")
    print(f"Phiên bản cấu trúc dữ liệu: {result.schema_version}")
    print(
        "Toàn vẹn (integrity_check): "
        + ("tốt" if result.integrity == ["ok"] else "; ".join(result.integrity))
    )
    print(
        "Khóa ngoại (foreign_key_check): "
        + ("tốt" if not result.foreign_key_problems else f"{len(result.foreign_key_problems)} lỗi")
    )
    for problem in result.foreign_key_problems[:20]:
        print(f"  bảng {problem[0]}, dòng {problem[1]} trỏ tới {problem[2]} không tồn tại")
    print("Số bản ghi:")
    for table, n in result.counts.items():
        print(f"  {table:<15} {vn_number(n):>9}")
    from thidua_desktop import shipped_files

    lines, shipped_ok = shipped_files.describe()  # the program's own files: fonts, templates, icon
    print("\n".join(lines))
    return EXIT_OK if result.ok and shipped_ok else EXIT_PROBLEM


def cmd_backup(args) -> int:
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


def cmd_export(args) -> int:
    from thidua_desktop.reports import excel_reports
    from thidua_desktop.store import open_database

    if args.list or not args.report:
        print("Các báo cáo Excel:")
        for key, report in excel_reports.REPORTS.items():
            print(f"  {key:<24} {report.title}" + (f" (cần {report.needs})" if report.needs else ""))
        return EXIT_OK if args.list else EXIT_USAGE
    if args.report not in excel_reports.REPORTS:
        print(f"Lỗi: không có báo cáo “{args.report}”. Xem: thidua-desktop export --list", file=sys.stderr)
        return EXIT_USAGE
    if args.target is None or args.out is None:
        print("Lỗi: cần --db TỆP_DỮ_LIỆU và -o TỆP.xlsx.", file=sys.stderr)
        return EXIT_USAGE
    suffixes = (".xlsx", ".pdf") if excel_reports.REPORTS[args.report].pdf else (".xlsx",)
    if args.out.suffix.lower() not in suffixes:
        print(f"Lỗi: tệp ghi ra phải có đuôi {' hoặc '.join(suffixes)}.", file=sys.stderr)
        return EXIT_USAGE
    db = open_database(args.target, create=False)
    options = excel_reports.Options(year=args.year, decision=args.decision, award=args.award,
                                    individual_id=args.person, unit_id=args.unit, cluster_id=args.cluster)  # fmt: skip
    try:
        rows = excel_reports.run(args.report, db, args.out, options)
    except ValueError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        db.close()
    print(f"Đã ghi {vn_number(rows)} dòng vào {args.out}.")
    return EXIT_OK


def cmd_import(args) -> int:
    from thidua_desktop.reports import excel_import
    from thidua_desktop.store import open_database

    if args.template:
        excel_import.write_template(args.template)
        print(f"Đã ghi tệp mẫu {args.template}.")
        return EXIT_OK
    if args.file is None or args.target is None:
        print("Lỗi: cần TỆP.xlsx và --db TỆP_DỮ_LIỆU (hoặc --template TỆP_MẪU.xlsx).", file=sys.stderr)
        return EXIT_USAGE
    db = open_database(args.target, create=False)
    try:
        try:
            rows = excel_import.preview(db, args.file)
        except excel_import.ImportFileError as exc:
            print(f"Lỗi: {exc}", file=sys.stderr)
            return EXIT_FILE
        for notice in getattr(rows, "notices", []):
            print(notice)
        labels = {"new": "MỚI", "update": "CẬP NHẬT", "error": "LỖI"}
        for row in rows:
            award = f" → đề nghị {row.award_code}" if row.award_code and row.action != "error" else ""
            print(f"{labels[row.action]:<9} {row.values['name']}: {row.reason}{award}")
        print(f"Tổng: {excel_import.summary(rows)}")
        if args.dry_run:
            print("Chỉ xem trước (--dry-run): chưa ghi gì.")
            return EXIT_OK
        from thidua_desktop.store import backup

        copy = backup.automatic(args.target, "truoc-nhap")  # as the window does before an import
        print(f"Đã sao lưu tệp dữ liệu trước khi nhập: {copy}")
        counts = excel_import.apply(db, rows)
        print(
            f"Đã ghi: {counts['new']} người mới, {counts['update']} cập nhật, {counts['proposals']} đề nghị."
        )
        return EXIT_OK
    finally:
        db.close()


COMMANDS = {
    "sample": cmd_sample,
    "check": cmd_check,
    "backup": cmd_backup,
    "export": cmd_export,
    "import": cmd_import,
    "certificates": cli_certificates.run,
    "papers": cli_papers.run,
    **cli_dossier.COMMANDS,  # attachments, ledger, find-paper
    "handover": cli_handover.run,
}


# --- the window ------------------------------------------------------------------------
def data_dir() -> Path:
    """The user's data folder (QStandardPaths), created if missing."""
    from PySide6.QtCore import QStandardPaths

    folder = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def run_gui(db_path: Path | None = None, *, demo: bool = False, settings=None) -> int:
    # The storage (sqlite-utils and our store, rules, domain: no Qt) is imported before
    # PySide6: PySide6 inspects the source of every module imported after it for its
    # "__feature__" switches, which costs start-up time for modules that never use Qt.
    from thidua_desktop.store import StoreError, open_database, rows  # noqa: I001 (order matters)
    from PySide6.QtWidgets import QApplication

    from thidua_desktop.ui import messages
    from thidua_desktop.ui.main_window import MainWindow
    from thidua_desktop.ui.settings import Settings

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationDisplayName(APP_TITLE)
    app.setApplicationVersion(__version__)
    from thidua_desktop.ui.app_icon import app_icon

    app.setWindowIcon(app_icon())  # every window and dialog, and the task bar
    log_file = _setup_logging(data_dir())
    _install_excepthook(log_file)
    settings = settings or Settings()

    offer_sample = False
    if demo:
        db_path = data_dir() / DEMO_FILE
        if db_path.exists() and db_path.stat().st_size == 0:
            db_path.unlink()
        if not db_path.exists():
            from thidua_desktop import sample_data

            db = open_database(db_path)
            sample_data.generate(db, "cluster")
            db.close()
    elif db_path is None:
        last = settings.last_database()
        db_path = last if last and last.exists() else data_dir() / DEFAULT_FILE
        offer_sample = True
    from thidua_desktop.store.db import open_reader
    from thidua_desktop.store.errors import DamagedError
    from thidua_desktop.ui.damaged_file import offer_restore
    from thidua_desktop.ui.file_lock import DeskLock

    while True:
        lock, read_only = DeskLock(db_path), False
        if db_path.exists() and not lock.acquire():
            if not messages.ask(None, f"Tệp “{db_path}” đang được mở bởi {lock.holder()}. Mở để xem (không sửa "
                                "được)?", "Tệp đang được dùng"):  # fmt: skip
                return EXIT_FILE
            read_only = True
        try:
            db = open_reader(db_path) if read_only else open_database(db_path)
            if not read_only and not lock.held:
                lock.acquire()  # a new file: lock it now that it exists
            break
        except StoreError as exc:
            damaged = isinstance(exc, DamagedError) and lock.held
            if damaged and offer_restore(None, db_path, exc):
                lock.release()
                continue  # open the restored file
            lock.release()
            if not damaged:  # offer_restore has said what is wrong with a damaged file
                messages.error(None, str(exc), "Không mở được tệp dữ liệu")
            db_path = messages.open_file(None, "Chọn tệp dữ liệu khác", str(data_dir()))
            if db_path is None:
                return EXIT_FILE
    window = MainWindow(db, settings, lock=None if read_only else lock, read_only=read_only)
    window.show()
    if offer_sample and rows.is_empty(db):
        window.offer_sample()
    return app.exec()


def _setup_logging(folder: Path) -> Path:
    log_file = folder / "thidua_desktop.log"
    handler = logging.handlers.RotatingFileHandler(
        log_file, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return log_file


def _install_excepthook(log_file: Path) -> None:
    """Programming errors: logged, and shown once with the log's path."""
    shown = False

    def hook(exc_type, exc, tb):
        nonlocal shown
        log.error("Unhandled error", exc_info=(exc_type, exc, tb))
        if not shown:
            shown = True
            from thidua_desktop.ui import messages

            messages.error(
                None,
                "Chương trình gặp lỗi ngoài dự kiến; dữ liệu đã lưu không bị ảnh hưởng. "
                f"Chi tiết đã ghi vào {log_file}. Hãy gửi tệp này cho cán bộ tin học.",
                "Lỗi chương trình",
            )

    sys.excepthook = hook


def _ensure_console() -> None:
    """A GUI script on Windows has no console: attach to the one it was started from, so
    sub-commands and --help print where the user typed them."""
    if sys.platform != "win32" or sys.stdout is not None:
        return
    import ctypes

    if ctypes.windll.kernel32.AttachConsole(-1):  # ATTACH_PARENT_PROCESS
        sys.stdout = open("CONOUT$", "w", encoding="utf-8")  # noqa: SIM115
        sys.stderr = open("CONOUT$", "w", encoding="utf-8")  # noqa: SIM115
    else:
        sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115
