import sqlite3

import pytest
from conftest import run_cli

from thidua_desktop import __version__
from thidua_desktop.store import errors, open_database
from thidua_desktop.store import sample as sample_data
from thidua_desktop.store.migrations import LATEST_VERSION
from thidua_desktop.store.records import movements, units

KHOI3 = {
    "Bộ Chỉ huy Quân sự tỉnh", "Công an tỉnh", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "Sở Tư pháp tỉnh",
    "Viện Kiểm sát nhân dân tỉnh", "Tòa án nhân dân tỉnh", "Cục Thi hành án dân sự tỉnh", "Thanh tra tỉnh",
}  # fmt: skip


def test_cluster_sample_holds_the_facts_of_the_article(sample_path):
    db = open_database(sample_path)
    members_2024 = units.members(db, 1, 2024)
    assert {m["name"] for m in members_2024} == KHOI3
    assert (
        members_2024[0]["role"] == "truong" and members_2024[0]["name"] == "Bộ Chỉ huy Bộ đội Biên phòng tỉnh"
    )
    assert members_2024[1]["role"] == "pho" and members_2024[1]["name"] == "Sở Tư pháp tỉnh"
    chi_thi = db.conn.execute(
        "SELECT doc_number, doc_date, doc_issuer FROM movements WHERE year = 2024 AND kind = 'thuong_xuyen'"
    ).fetchone()
    assert chi_thi == ("Chỉ thị số 24/CT-UBND", "2023-12-26", "Ủy ban nhân dân tỉnh Đắk Lắk")
    so_ket = [r for r in movements.reviews(db, 1, 2024) if r["kind"] == "so_ket"][0]
    assert so_ket["held_on"] == "2024-08-02" and so_ket["host"] == "Bộ Chỉ huy Bộ đội Biên phòng tỉnh"
    people = db.conn.execute("SELECT count(*) FROM individuals").fetchone()[0]
    assert 200 <= people <= 600
    armed_ranks = db.conn.execute(
        "SELECT count(*) FROM individuals i JOIN units u ON u.id = i.unit_id "
        "WHERE u.award_track = 'luc_luong_vu_trang' AND i.rank = ''"
    ).fetchone()[0]
    assert armed_ranks == 0
    years = {r[0] for r in db.conn.execute("SELECT DISTINCT year FROM ratings")}
    assert years == {2023, 2024, 2025}
    statuses = {r[0] for r in db.conn.execute("SELECT DISTINCT status FROM proposals")}
    assert len(statuses) >= 4
    assert (
        db.conn.execute("SELECT count(*) FROM initiatives WHERE used_by_award_id IS NOT NULL").fetchone()[0]
        > 0
    )
    db.close()


def test_sample_is_deterministic_from_its_seed(tmp_path):
    dumps = []
    for name in ("a.sqlite", "b.sqlite"):
        db = open_database(tmp_path / name)
        sample_data.generate(db, "cluster", seed=7)
        dumps.append(
            db.conn.execute("SELECT uid, full_name, birth_year FROM individuals ORDER BY id").fetchall()
        )
        db.close()
    assert dumps[0] == dumps[1]


def test_sample_refuses_a_database_that_has_data(sample_path):
    db = open_database(sample_path)
    with pytest.raises(errors.ConstraintError):
        sample_data.generate(db, "cluster")
    db.close()


def test_cli_version_and_help():
    result = run_cli("--version")
    assert result.returncode == 0 and __version__ in result.stdout
    result = run_cli("--help")
    assert result.returncode == 0
    for command in ("sample", "check", "backup", "--db"):
        assert command in result.stdout


def test_cli_sample_writes_a_new_database(tmp_path):
    target = tmp_path / "mau.sqlite"
    result = run_cli("sample", "--db", str(target))
    assert result.returncode == 0, result.stderr
    assert "individuals" in result.stdout
    conn = sqlite3.connect(target)
    assert conn.execute("SELECT count(*) FROM units").fetchone()[0] == 8
    conn.close()
    again = run_cli("sample", "--db", str(target))
    assert again.returncode == 2 and "đã có" in again.stderr


def test_cli_check_prints_counts_and_fails_on_damage(sample_path, tmp_path):
    result = run_cli("check", "--db", str(sample_path))
    assert result.returncode == 0, result.stderr
    assert "Toàn vẹn (integrity_check): tốt" in result.stdout
    assert f"Phiên bản cấu trúc dữ liệu: {LATEST_VERSION}" in result.stdout
    assert any(line.split() == ["units", "8"] for line in result.stdout.splitlines())

    conn = sqlite3.connect(sample_path)  # a dangling reference, written past our checks
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.create_function("app_user", 0, lambda: "test")
    conn.execute("UPDATE individuals SET unit_id = 999 WHERE id = 1")
    conn.commit()
    conn.close()
    result = run_cli("check", "--db", str(sample_path))
    assert result.returncode == 1
    assert "Khóa ngoại (foreign_key_check): 1 lỗi" in result.stdout

    missing = run_cli("check", "--db", str(tmp_path / "khong-co.sqlite"))
    assert missing.returncode == 3 and "Không tìm thấy tệp" in missing.stderr
    assert not (tmp_path / "khong-co.sqlite").exists()


def test_cli_backup_writes_a_consistent_copy(sample_path, tmp_path):
    out = tmp_path / "saoluu" / "copy.sqlite"
    result = run_cli("backup", "--db", str(sample_path), str(out))
    assert result.returncode == 0, result.stderr
    copy = sqlite3.connect(out)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    original = sqlite3.connect(sample_path)
    for table in ("individuals", "proposals", "audit_log"):
        q = f"SELECT count(*) FROM {table}"
        assert copy.execute(q).fetchone()[0] == original.execute(q).fetchone()[0] > 0
    assert not out.with_name("copy.sqlite.part").exists()
    same = run_cli("backup", "--db", str(sample_path), str(sample_path))
    assert same.returncode == 2


def test_cli_rejects_unknown_command_and_bad_scale(tmp_path):
    assert run_cli("frobnicate").returncode == 2
    result = run_cli("sample", "--db", str(tmp_path / "x.sqlite"), "--scale", "country")
    assert result.returncode == 2 and "country" in result.stderr


def test_no_control_character_reaches_the_console(sample_path, tmp_path):
    """Issue 17, point 8: ESC sequences in attachment names reached the terminal raw."""
    from tests.conftest import run_cli

    named = tmp_path / "bien\x1b[2Jban.pdf"
    named.write_bytes(b"%PDF-1.4 minutes")
    pid = __import__("sqlite3").connect(sample_path).execute("SELECT id FROM proposals LIMIT 1").fetchone()[0]
    done = run_cli(
        "attachments", "add", "--db", str(sample_path), "--proposal", str(pid), "--kind", "khac", str(named)
    )
    assert done.returncode == 0, done.stderr
    listed = run_cli("attachments", "list", "--db", str(sample_path))
    assert "\x1b" not in done.stdout + listed.stdout + done.stderr and "bien" in listed.stdout


def test_two_programs_at_once_never_share_a_rotating_log(tmp_path):
    """Issue 24, point 10: two instances rotated one log; on Windows the rename fails while the
    other holds it, and logging stopped without a word. The second writes a log of its own."""
    import logging
    import os
    import subprocess
    import sys

    from thidua_desktop import app

    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom thidua_desktop.store.desk_lock import CommandLock\n"
         "assert CommandLock(sys.argv[1]).acquire()\nprint('ok', flush=True)\ntime.sleep(60)",
         str(tmp_path / "thidua_desktop.log")], stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    before = list(app.log.handlers)
    try:
        assert holder.stdout.readline().strip() == "ok"  # another program runs and owns the log
        second = app._setup_logging(tmp_path)
        assert second.name == f"thidua_desktop-{os.getpid()}.log"
        app.log.info("dòng của chương trình thứ hai")
        holder.kill()
        holder.wait()
        first = app._setup_logging(tmp_path)  # alone again (the other died): the shared, rotating log
        assert first.name == "thidua_desktop.log"
        assert isinstance(app.log.handlers[-1], logging.handlers.RotatingFileHandler)
        for handler in app.log.handlers[len(before) :]:
            handler.flush()
        assert "dòng của chương trình thứ hai" in second.read_text(encoding="utf-8")
    finally:
        holder.kill()
        for handler in app.log.handlers[len(before) :]:
            app.log.removeHandler(handler)
            handler.close()
        if app._log_lock is not None:
            app._log_lock.release()
