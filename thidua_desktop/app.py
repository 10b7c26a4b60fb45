"""Start-up: ``thidua-desktop [--db PATH] [--demo]`` opens the window (the application, the
log, the data file locked and opened, a damaged one offered its backup); a sub-command goes to
the command line (``cli/``), which serves IT staff and scripts without loading Qt."""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import sys
import time
from pathlib import Path

from thidua_desktop import APP_NAME, APP_TITLE, __version__
from thidua_desktop.cli import console, parser
from thidua_desktop.cli.common import EXIT_FILE

DEMO_FILE = "mau-khoi-thi-dua-3.sqlite"
DEFAULT_FILE = "thidua.sqlite"

log = logging.getLogger("thidua_desktop")


def main(argv: list[str] | None = None) -> int:
    _ensure_console()
    with console.safe_streams():  # --help and every command: no encoding error, no control character
        args = parser.parse(argv)
        if args.command is not None:
            return parser.run(args)
    return run_gui(args.db, demo=args.demo)


# --- the window ------------------------------------------------------------------------
def data_dir() -> Path:
    """The user's data folder (QStandardPaths), created if missing."""
    from PySide6.QtCore import QStandardPaths

    folder = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def run_gui(db_path: Path | None = None, *, demo: bool = False, settings=None) -> int:
    """The window is painted first, empty, with "Đang mở tệp dữ liệu…"; the store (sqlite-utils
    and ours, about 80 ms) is imported and the file opened after that first frame, its
    questions (held by another window, damaged) asked over the window (issue 25, point 1)."""
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
    from thidua_desktop.ui import screen_fit

    screen_fit.install(app)  # every window within the screen's free area, dialogs maximisable
    from thidua_desktop.ui import translations

    translations.install(app)  # Qt's own buttons and menus in Vietnamese
    _install_excepthook()
    settings = settings or Settings()
    window = MainWindow(None, settings)
    window.show()
    exit_when = os.environ.get("THIDUA_EXIT_WHEN_PAINTED")  # bench/run.py times the process to here
    window.repaint()  # the first frame
    if exit_when == "frame":
        os._exit(0)
    _setup_logging(data_dir())

    first_start = db_path is not None and not Path(db_path).exists()  # a new file named on the command line
    if demo:
        db_path = data_dir() / DEMO_FILE
        from thidua_desktop.store import backup, sample

        backup.clean_leftovers(db_path, min_age_s=0)  # a sample stopped halfway: only this program writes it
        if db_path.exists() and (db_path.stat().st_size == 0 or _holds_nothing(db_path)):
            db_path.unlink()  # left empty by an older version stopped halfway
        if not db_path.exists():
            sample.write_new(db_path, "cluster")
    elif db_path is None:
        last = settings.last_database()
        db_path = last if last and last.exists() else data_dir() / DEFAULT_FILE
        first_start = True
    from thidua_desktop.ui.dialogs.opening import Declined, open_desk

    try:
        opened = open_desk(window, db_path, create=True)
        while opened is None:  # said why; another file, or none
            db_path = messages.open_file(window, "Chọn tệp dữ liệu khác", str(data_dir()))
            if db_path is None:
                break
            opened = open_desk(window, db_path, create=True)
    except Declined:
        opened = None
    if opened is None:
        window.close()
        return EXIT_FILE
    if not opened.read_only:  # what a copy, a restore or a sample stopped halfway left beside the file
        from thidua_desktop.store import backup

        try:
            removed = backup.clean_leftovers(db_path)
        except OSError:
            removed = []
        if removed:
            log.info("Removed leftover temporary files: %s", ", ".join(map(str, removed)))
    window.attach(opened.db, lock=opened.lock, read_only=opened.read_only)
    if exit_when == "list":  # the shown tab's list, built just after the file is opened
        app.processEvents()
        window.repaint()
        os._exit(0)
    if first_start:
        window.first_start()  # the sample on an empty file, or the desk's identity when it has none
    return app.exec()


def _holds_nothing(path: Path) -> bool:
    """The demo copy has no unit, person or proposal (a sample that never finished)."""
    from thidua_desktop.store import StoreError, open_database, rows

    try:
        db = open_database(path, create=False)
    except StoreError:
        return True
    try:
        return rows.is_empty(db)
    finally:
        db.close()


_log_lock = None  # held while this program writes (and rotates) the shared log
_log_file: Path | None = None  # the log this run writes, named by the error message


def _setup_logging(folder: Path) -> Path:
    """The log this program writes. The first one running owns ``thidua_desktop.log`` and
    rotates it; another running at the same time writes ``thidua_desktop-<pid>.log``: on
    Windows a log cannot be renamed while another program holds it open, and the rotating
    handler then stopped logging without a word (issue 24, point 10). Logs of other runs
    older than 30 days are removed."""
    global _log_lock, _log_file
    import logging.handlers

    from thidua_desktop.store.desk_lock import CommandLock

    now = time.time()
    for old in folder.glob("thidua_desktop-*.log"):
        with contextlib.suppress(OSError):
            if now - old.stat().st_mtime > 30 * 86_400:
                old.unlink()
    lock = CommandLock(folder / "thidua_desktop.log", via=None)
    if lock.acquire():
        _log_lock = lock
        atexit.register(lock.release)
        log_file = folder / "thidua_desktop.log"
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            log_file, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    else:
        log_file = folder / f"thidua_desktop-{os.getpid()}.log"
        handler = logging.FileHandler(log_file, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    _log_file = log_file
    return log_file


def _install_excepthook() -> None:
    """Programming errors: logged, and shown once with the log's path."""
    shown = False

    def hook(exc_type, exc, tb):
        nonlocal shown
        log.error("Unhandled error", exc_info=(exc_type, exc, tb))
        if not shown:
            shown = True
            from thidua_desktop.ui import messages

            where = f"Chi tiết đã ghi vào {_log_file}. " if _log_file else ""
            messages.error(
                None,
                "Chương trình gặp lỗi ngoài dự kiến; dữ liệu đã lưu không bị ảnh hưởng. "
                f"{where}Hãy gửi tệp này cho cán bộ tin học.",
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
