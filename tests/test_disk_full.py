"""Issue 17, point 6: a full disk or a failing one ends in a Vietnamese message naming the file,
the data as it was, no half-written file. SQLite's own "database or disk is full" is produced
for real with ``max_page_count``; the operating system's refusal to write, with a file-size
limit (RLIMIT_FSIZE) in a child process."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from xlsx_samples import official_list

from thidua_desktop.reports.excel import importing as ei
from thidua_desktop.store import open_database
from thidua_desktop.store.errors import DiskFullError, FileWriteError, os_reason
from thidua_desktop.store.records import units

ROOT = Path(__file__).resolve().parents[1]


def _fill_up(db) -> None:
    """The file may grow by a few pages only, as on a disk with almost no room left."""
    pages = db.conn.execute("PRAGMA page_count").fetchone()[0]
    db.conn.execute(f"PRAGMA max_page_count = {pages + 2}")


def _counts(db) -> tuple[int, ...]:
    return tuple(db.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                 for t in ("units", "individuals", "proposals", "audit_log"))  # fmt: skip


def test_an_import_on_a_full_disk_is_a_message_and_changes_nothing(sample_path, tmp_path):
    db = open_database(sample_path, user="tester")
    try:
        people = [[n, f"Nguyễn Văn Thử {n}", 1980 + n % 20, None, None, "Cán bộ", "Công an tỉnh",
                   "Chiến sĩ thi đua cơ sở", "Hoàn thành xuất sắc nhiệm vụ " * 20] for n in range(1, 400)]  # fmt: skip
        rows = ei.preview(db, official_list(tmp_path / "ds.xlsx", people))
        before = _counts(db)
        _fill_up(db)
        with pytest.raises(DiskFullError) as caught:
            ei.apply(db, rows)
        message = str(caught.value)
        assert "đã đầy" in message and str(sample_path) in message and "giữ nguyên" in message
        assert _counts(db) == before
        made = 0  # records typed one by one until the disk is full: each whole or not at all
        with pytest.raises(DiskFullError):
            for n in range(2000):
                units.create_unit(db, f"Đơn vị thử {n} " + "x" * 400)
                made += 1
        assert made < 2000 and _counts(db)[0] == before[0] + made
    finally:
        db.close()


def test_the_command_line_says_a_full_disk_in_vietnamese(sample_path, tmp_path):
    # SQLITE_FULL from a connection that may not grow: the command line's own path
    code = (
        "import sys, sqlite3\n"
        "from thidua_desktop.store import db as store_db\n"
        "real = store_db._apply_pragmas\n"
        "def tight(conn, *a, **k):\n"
        "    real(conn, *a, **k)\n"
        "    conn.execute(f'PRAGMA max_page_count = {conn.execute(\"PRAGMA page_count\").fetchone()[0] + 1}')\n"
        "store_db._apply_pragmas = tight\n"
        "from thidua_desktop.app import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    listed = official_list(tmp_path / "ds.xlsx", [[n, f"Lê Thị Thử {n}", None, 1990, None, "Cán bộ", "Công an tỉnh",
                                                   None, "x" * 500] for n in range(1, 300)])  # fmt: skip
    result = subprocess.run([sys.executable, "-c", code, "import", str(listed), "--db", str(sample_path)],
                            capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=180)  # fmt: skip
    assert result.returncode == 3, result.stdout[-2000:] + result.stderr
    assert "đã đầy" in result.stderr and "Traceback" not in result.stderr


EXPORT_UNDER_LIMIT = """
import resource, signal, sys
from pathlib import Path
from thidua_desktop.reports.excel import registry
from thidua_desktop.store.db import open_reader
from thidua_desktop.store.errors import FileWriteError

db = open_reader(sys.argv[1])
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG) instead of killing
resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))
try:
    registry.run("danh-sach-de-nghi", db, Path(sys.argv[2]), registry.Options())
except FileWriteError as exc:
    print(exc)
    sys.exit(3)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE")
def test_an_export_the_disk_refuses_is_a_message_and_leaves_no_file(sample_path, tmp_path):
    copy = tmp_path / "doc.sqlite"
    shutil.copy(sample_path, copy)
    conn = sqlite3.connect(copy)
    conn.execute("PRAGMA journal_mode = DELETE")  # a reader then writes nothing beside the file
    conn.close()
    out = tmp_path / "xuat" / "danh-sach.xlsx"
    out.parent.mkdir()
    result = subprocess.run([sys.executable, "-c", EXPORT_UNDER_LIMIT, str(copy), str(out)], capture_output=True,
                            text=True, encoding="utf-8", cwd=ROOT, timeout=180)  # fmt: skip
    assert result.returncode == 3, result.stdout + result.stderr
    assert f"Không ghi được tệp “{out}”" in result.stdout and "vượt quá kích thước" in result.stdout
    assert list(out.parent.iterdir()) == []  # neither the file nor its temporary name


def test_operating_system_errors_read_in_vietnamese():
    assert os_reason(OSError(28, "No space left on device")) == "ổ đĩa đã đầy"
    held = PermissionError(13, "Permission denied", "x.xlsx")
    held.winerror = 32  # ERROR_SHARING_VIOLATION: Excel has the file open (Windows)
    assert "chương trình khác" in os_reason(held)
    assert "đầy" in str(FileWriteError("D:/bao-cao.xlsx", OSError(28, "No space left on device")))
    assert "No space" not in str(FileWriteError("D:/bao-cao.xlsx", OSError(28, "No space left on device")))


def test_what_the_user_reads_is_never_a_librarys_english():
    from thidua_desktop.store.errors import user_text

    assert user_text(OSError(28, "No space left on device", "D:/x.pdf")) == (
        "không đọc, ghi được tệp “D:/x.pdf”: ổ đĩa đã đầy"
    )
    assert "English" not in user_text(sqlite3.OperationalError("disk I/O error English"))
    assert user_text(KeyError("cannot convert float NaN to integer")).startswith("lỗi ngoài dự kiến")
    assert user_text(DiskFullError("a.sqlite")) == str(DiskFullError("a.sqlite"))
