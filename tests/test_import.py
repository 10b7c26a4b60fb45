"""Importing units' Excel lists: hand-made files for the layouts and every error class."""

import zipfile
from datetime import date, datetime

import pytest
from conftest import run_cli
from openpyxl import Workbook
from xlsx_samples import official_list

from thidua_desktop.reports.excel import importing as ei
from thidua_desktop.reports.excel import list_reading
from thidua_desktop.store import audit, open_database


@pytest.fixture
def sample_db(sample_path):
    db = open_database(sample_path, user="tester")
    yield db
    db.close()


def test_official_layout_with_header_on_row_7(sample_db, tmp_path):
    path = official_list(tmp_path / "ca.xlsx", [
        [1, "Trần Thị Mỹ Duyên", None, 1990, "05/03/1990", "Cán bộ", "Công an tỉnh", "Chiến sĩ thi đua cơ sở",
         "Hoàn thành xuất sắc nhiệm vụ"],
        [2, "Lê  Văn Khải", 1984, None, datetime(1984, 7, 2), "Đội trưởng", "Công an tỉnh", "Bằng khen tỉnh", "x"],
        [3, "Phạm Văn Tâm", 1979, None, "31/02/1979", "Cán bộ", "Công an tỉnh", None, None],
        [4, "Vũ Thị Hoa", None, 1992, None, "Cán bộ", "Sở Không Có", None, None],
        [5, "Trần Thị Mỹ Duyên", None, 1990, None, "Cán bộ", "Công an tỉnh", None, None],
    ])  # fmt: skip
    before = sample_db.conn.execute("SELECT count(*) FROM individuals").fetchone()[0]
    rows = ei.preview(sample_db, path)
    assert [r.line for r in rows] == [10, 11, 12, 13, 14]
    assert [r.action for r in rows] == ["new", "new", "error", "new", "error"]
    assert rows[0].changes["sex"] == "nu" and rows[0].changes["birth_year"] == 1990
    assert rows[0].changes["birth_date"].isoformat() == "1990-03-05"
    assert (
        rows[1].changes["full_name"] == "Lê Văn Khải"
        and rows[1].changes["birth_date"].isoformat() == "1984-07-02"
    )
    assert rows[1].award_code == "BK_TINH"
    assert "Không có ngày 31/02/1979" in rows[2].reason
    assert rows[3].new_unit == "Sở Không Có" and "Đơn vị “Sở Không Có” chưa có: sẽ được tạo" in rows[3].reason
    assert rows.new_units == {"Sở Không Có": 1} and rows.year == date.today().year - 1
    assert "trùng với dòng 10 phía trên" in rows[4].reason  # the first one's line, to look at both
    assert (
        sample_db.conn.execute("SELECT count(*) FROM individuals").fetchone()[0] == before
    )  # preview writes nothing

    counts = ei.apply(sample_db, rows)
    assert counts == {
        "new": 3,
        "update": 0,
        "proposals": 2,
        "error": 2,
        "collective_new": 0,
        "collective_update": 0,
        "units": 1,
    }
    hoa = sample_db.conn.execute(
        "SELECT u.name FROM individuals i JOIN units u ON u.id = i.unit_id WHERE i.full_name = 'Vũ Thị Hoa'"
    ).fetchone()
    assert hoa == ("Sở Không Có",)  # the new unit, created once
    person = sample_db.conn.execute(
        "SELECT sex, birth_year, unit_id FROM individuals WHERE full_name = 'Trần Thị Mỹ Duyên'").fetchone()  # fmt: skip
    assert person[:2] == ("nu", 1990)
    assert any(
        e["new"] and e["new"].get("full_name") == "Lê Văn Khải"
        for e in audit.entries(sample_db, "individuals")
    )
    # the same file again: the people are there now, so the rows are updates
    again = ei.preview(sample_db, path)
    assert [r.action for r in again[:2]] == ["update", "update"]


def test_template_round_trip(sample_db, tmp_path):
    path = ei.write_template(tmp_path / "mau.xlsx")
    rows = ei.preview(sample_db, path)
    assert [(r.subject, r.award_code, r.section) for r in rows] == [
        ("tap_the", "BK_TINH", "tap_the"), ("ca_nhan", "CSTDCS", "ca_nhan")]  # fmt: skip
    assert all(r.action != "error" for r in rows)  # Công an tỉnh's proposal may be there already: an update


@pytest.mark.parametrize("kind, message", [
    ("empty", "rỗng"), ("text", "không phải bảng tính Excel"), ("ole", "mật khẩu"),
    ("bomb", "lớn bất thường"), ("noheader", "Không tìm thấy dòng tiêu đề"), ("broken", "không đúng định dạng"),
])  # fmt: skip
def test_files_that_cannot_be_imported_say_why_and_change_nothing(sample_db, tmp_path, kind, message):
    path = tmp_path / "f.xlsx"
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "text":
        path.write_text("Họ và tên;Năm sinh\nA;1980\n", encoding="utf-8")
    elif kind == "ole":  # an encrypted xlsx is an OLE compound file
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4096)
    elif kind == "bomb":
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("xl/workbook.xml", "<workbook/>")
            z.writestr("xl/worksheets/sheet1.xml", b"\x00" * (40 * 1024 * 1024))
    elif kind == "noheader":
        wb = Workbook()
        wb.active["A1"] = "Không có tiêu đề nào ở đây"
        wb.save(path)
    elif kind == "broken":
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("xl/workbook.xml", "<not xml")
    before = sample_db.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    with pytest.raises(list_reading.ImportFileError) as info:
        ei.preview(sample_db, path)
    assert message in str(info.value)
    assert sample_db.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == before


def test_cli_import_dry_run_then_apply(sample_path, tmp_path):
    path = official_list(tmp_path / "ca.xlsx", [
        [1, "Đỗ Thị Hằng", None, 1991, None, "Chuyên viên", "Thanh tra tỉnh", None, None]])  # fmt: skip
    dry = run_cli("import", str(path), "--db", str(sample_path), "--dry-run")
    assert dry.returncode == 0 and "MỚI" in dry.stdout and "chưa ghi gì" in dry.stdout
    db = open_database(sample_path)
    assert (
        db.conn.execute("SELECT count(*) FROM individuals WHERE full_name = 'Đỗ Thị Hằng'").fetchone()[0] == 0
    )
    db.close()
    from thidua_desktop.store import backup

    def copies():
        return [c for c in backup.list_backups(sample_path) if c.stem.endswith("truoc-nhap")]

    assert copies() == []  # a dry run copies nothing
    before = backup.summary(sample_path)["individuals"]
    done = run_cli("import", str(path), "--db", str(sample_path))
    assert done.returncode == 0 and "1 người mới" in done.stdout
    assert (
        len(copies()) == 1 and str(copies()[0]) in done.stdout
    )  # the copy before the import, as in the window
    assert backup.summary(copies()[0])["individuals"] == before
    db = open_database(sample_path)
    assert (
        db.conn.execute("SELECT count(*) FROM individuals WHERE full_name = 'Đỗ Thị Hằng'").fetchone()[0] == 1
    )
    db.close()
    bad = run_cli("import", str(tmp_path / "khong-co.xlsx"), "--db", str(sample_path))
    assert bad.returncode == 3 and "Không tìm thấy tệp" in bad.stderr
    template = run_cli("import", "--template", str(tmp_path / "mau.xlsx"))
    assert template.returncode == 0 and (tmp_path / "mau.xlsx").exists()


def collective_list(path, rows, *, header_row=5):
    """A unit's list with its collectives under "I. TẬP THỂ" (the heading merged across from
    the STT column, as Excel lists have it) and people under "II. CÁ NHÂN"; a row given as a
    string is a heading."""
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "CÔNG AN TỈNH ĐẮK LẮK"
    ws["A3"] = f"DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM {date.today().year - 1}"
    h = header_row
    for col, text in enumerate(["STT", "Họ và tên / Tên tập thể", "Năm sinh", None, "Chức vụ, đơn vị công tác",
                                "Đơn vị", "Hình thức đề nghị", "Năm thành tích", "Tóm tắt thành tích"], start=1):  # fmt: skip
        ws.cell(h, col, text)
    ws.cell(h + 1, 3, "Nam")
    ws.cell(h + 1, 4, "Nữ")
    for i, r in enumerate(rows, start=h + 2):
        if isinstance(r, str):
            ws.cell(i, 1, r)
            ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=9)
            continue
        for col, value in enumerate(r, start=1):
            ws.cell(i, col, value)
    wb.save(path)
    return path


def test_collectives_are_matched_to_units_and_proposed(sample_db, tmp_path):
    from thidua_desktop.domain.models import Sex
    from thidua_desktop.store.records import individuals, proposals, units

    unit = {code: uid for uid, code in sample_db.conn.execute("SELECT id, code FROM units")}
    staff = units.create_unit(sample_db, "Phòng Tham mưu, Công an tỉnh")
    old = units.create_unit(sample_db, "Chi cục Thử")
    units.merge_units(sample_db, old, unit["STP"], datetime(2025, 7, 1).date())
    draft = proposals.create_proposal(sample_db, "BK_TINH", 2023, unit_id=unit["VKS"], summary="cũ")
    decided = proposals.create_proposal(sample_db, "BK_TINH", 2023, unit_id=unit["TAND"])
    proposals.update_proposal(sample_db, decided, status="da_khen")
    someone = individuals.create_individual(
        sample_db, "Hà Văn Thử", Sex.MALE, unit_id=unit["CAT"], birth_year=1980
    )
    path = collective_list(tmp_path / "tt.xlsx", [
        "I. TẬP THỂ",
        [1, "Công an tỉnh", None, None, None, None, "Bằng khen tỉnh", 2023, "Dẫn đầu phong trào"],
        [2, "SO TU PHAP TINH", None, None, None, None, "Cờ thi đua của UBND tỉnh", 2023, None],
        [3, "Phòng Tham mưu", None, None, None, "Công an tỉnh", "Bằng khen tỉnh", 2023, None],
        [4, "Cục Thi hành án dân sự tỉnh", None, None, None, None, "Tập thể lao động xuất sắc", 2023, None],
        [5, "Viện Kiểm sát nhân dân tỉnh", None, None, None, None, "Bằng khen tỉnh", 2023, "Thành tích mới"],
        [6, "Tòa án nhân dân tỉnh", None, None, None, None, "Bằng khen tỉnh", 2023, None],
        [7, "Phòng Không Có Thật", None, None, None, None, "Bằng khen tỉnh", 2023, None],
        [8, "Thanh tra tỉnh", None, None, None, None, "Chiến sĩ thi đua cơ sở", 2023, None],
        [9, "Thanh tra tỉnh", None, None, None, None, None, None, None],
        [10, "Chi cục Thử", None, None, None, None, "Bằng khen tỉnh", 2023, None],
        [11, "Công an tỉnh", None, None, None, None, "Bằng khen của Chủ tịch UBND tỉnh", 2023, None],
        "II. CÁ NHÂN",
        [1, "Hà Văn Thử", 1980, None, "Cán bộ, Công an tỉnh", None, "Giấy khen", 2023, None],
        [2, "Bộ Chỉ huy Quân sự tỉnh", None, None, None, None, "Bằng khen tỉnh", 2023, None],
        [3, "Trường Trung học phổ thông Thử", None, None, None, None, "Giấy khen", 2023, None],
        [4, "Nguyễn Thị Thu", None, None, "Cán bộ, Công an tỉnh", None, "Giấy khen", 2023, None],
    ])  # fmt: skip
    before = sample_db.conn.execute("SELECT count(*) FROM proposals").fetchone()[0]
    rows = ei.preview(sample_db, path)
    assert sample_db.conn.execute("SELECT count(*) FROM proposals").fetchone()[0] == before
    by_line = {r.line: r for r in rows}
    assert [(r.line, r.subject, r.action) for r in rows] == [
        (8, "tap_the", "new"), (9, "tap_the", "new"), (10, "tap_the", "new"), (11, "tap_the", "new"),
        (12, "tap_the", "update"), (13, "tap_the", "error"), (14, "tap_the", "new"), (15, "tap_the", "error"),
        (16, "tap_the", "error"), (17, "tap_the", "error"), (18, "tap_the", "error"),
        (20, "ca_nhan", "update"), (21, "tap_the", "new"), (22, "tap_the", "new"), (23, "ca_nhan", "error"),
    ]  # fmt: skip
    assert [by_line[n].unit_id for n in (8, 9, 10, 11, 21)] == [unit["CAT"], unit["STP"], staff, unit["THADS"],
                                                                 unit["BCHQS"]]  # fmt: skip
    assert [by_line[n].award_code for n in (8, 9, 10, 11)] == ["BK_TINH", "CO_TINH", "BK_TINH", "TTLDXS"]
    assert "đề nghị “Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh” năm 2023 mới" in by_line[8].reason
    assert by_line[12].proposal_id == draft and "sẽ cập nhật tóm tắt thành tích" in by_line[12].reason
    assert "ở bước “Đã khen thưởng”; bỏ qua dòng này" in by_line[13].reason
    assert by_line[14].new_unit == "Phòng Không Có Thật" and "đơn vị mới, sẽ được tạo" in by_line[14].reason
    assert "“Chiến sĩ thi đua cơ sở” không dành cho tập thể" in by_line[15].reason
    assert "chưa ghi hình thức đề nghị" in by_line[16].reason
    assert "đã sáp nhập hoặc giải thể" in by_line[17].reason
    assert "trùng với dòng 8 phía trên (cùng tập thể, hình thức và năm)" in by_line[18].reason
    assert by_line[20].person_id == someone
    assert by_line[22].new_unit == "Trường Trung học phổ thông Thử" and by_line[22].award_code == "GK"
    assert "Nếu đây là tập thể" in by_line[23].reason
    assert ei.summary(rows) == (
        "0 người mới, 1 cập nhật, 7 đề nghị tập thể mới, 1 đề nghị tập thể cập nhật, 2 đơn vị mới, "
        "6 dòng lỗi (bỏ qua)."
    )

    counts = ei.apply(sample_db, rows)
    assert counts == {"new": 0, "update": 1, "proposals": 8, "error": 6, "collective_new": 7,
                      "collective_update": 1, "units": 2}  # fmt: skip
    fresh = {n: u for u, n in sample_db.conn.execute("SELECT id, name FROM units")}
    made = sample_db.conn.execute(
        "SELECT unit_id, award_code, summary FROM proposals WHERE year = 2023 AND subject = 'tap_the' "
        "AND id > ? ORDER BY id", (decided,)).fetchall()  # fmt: skip
    assert made == [(unit["CAT"], "BK_TINH", "Dẫn đầu phong trào"), (unit["STP"], "CO_TINH", ""),
                    (staff, "BK_TINH", ""), (unit["THADS"], "TTLDXS", ""), (fresh["Phòng Không Có Thật"], "BK_TINH", ""),
                    (unit["BCHQS"], "BK_TINH", ""), (fresh["Trường Trung học phổ thông Thử"], "GK", "")]  # fmt: skip
    assert sample_db.conn.execute("SELECT summary FROM proposals WHERE id = ?", (draft,)).fetchone()[0] == (
        "Thành tích mới"
    )
    assert (
        sample_db.conn.execute("SELECT status FROM proposals WHERE id = ?", (decided,)).fetchone()[0]
        == "da_khen"
    )
    # the same file again: the collectives now have their proposals, so those rows are updates
    again = {r.line: r.action for r in ei.preview(sample_db, path)}
    assert [again[n] for n in (8, 9, 10, 11, 21)] == ["update"] * 5


@pytest.mark.parametrize("text, section", [
    ("I. TẬP THỂ", "tap_the"), ("B - Cá nhân", "ca_nhan"), ("II. KHEN THƯỞNG TẬP THỂ", "tap_the"),
    ("Tập thể Phòng Tham mưu", None), ("Cá nhân và tập thể", None), ("Trương Văn Thể", None),
])  # fmt: skip
def test_section_headings(text, section):
    assert list_reading._section_of(text) == section


def _people(n):
    return [[i + 1, f"Người Thử {i}", 1970 + i % 30, None, None, "Cán bộ", "Công an tỉnh", "Giấy khen", ""]
            for i in range(n)]  # fmt: skip


def test_progress_is_told_and_a_cancel_while_writing_changes_nothing(sample_db, tmp_path):
    from thidua_desktop.reports.jobs import Cancelled

    path = official_list(tmp_path / "lon.xlsx", _people(1200))
    heard = []
    rows = ei.preview(sample_db, path, progress=lambda done, total: heard.append((done, total)))
    assert heard and heard[-1][0] <= heard[-1][1] and heard[-1][1] >= 1200  # lines of the sheet
    assert [d for d, _ in heard] == sorted(d for d, _ in heard)
    before = {t: sample_db.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("individuals", "proposals", "audit_log")}  # fmt: skip

    def stop_halfway(done, total):
        if done >= total // 2:
            raise Cancelled

    with pytest.raises(Cancelled):
        ei.apply(sample_db, rows, stop_halfway)
    after = {t: sample_db.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in before}
    assert after == before
    written = []
    counts = ei.apply(sample_db, rows, lambda done, total: written.append(done))
    assert counts["new"] == 1200 and written[0] == 0 and written[-1] >= 1000


def test_a_bulk_commit_leaves_the_log_until_the_checkpoint(sample_path, tmp_path):
    """The import's commit does not copy the write-ahead log into the file (the user gets the
    result sooner); ``checkpoint`` does it afterwards. Seen by reading the bare file without
    its log: the people are there only after the checkpoint."""
    import shutil
    import sqlite3

    from thidua_desktop.store.db import checkpoint

    db = open_database(sample_path, user="tester")
    rows = ei.preview(db, official_list(tmp_path / "ds.xlsx", _people(2000)))
    ei.apply(db, rows)
    assert db.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000  # set back

    def in_bare_file(name):
        bare = tmp_path / name
        shutil.copy(sample_path, bare)  # the main file alone, as a crash would leave it to read
        conn = sqlite3.connect(bare)
        try:
            return conn.execute(
                "SELECT count(*) FROM individuals WHERE full_name LIKE 'Người Thử %'"
            ).fetchone()[0]
        finally:
            conn.close()

    assert in_bare_file("before.sqlite") == 0
    assert (
        db.conn.execute("SELECT count(*) FROM individuals WHERE full_name LIKE 'Người Thử %'").fetchone()[0]
        == 2000
    )
    checkpoint(sample_path)
    assert in_bare_file("after.sqlite") == 2000
    db.close()


def test_the_copy_ahead_is_kept_or_discarded(sample_path):
    from thidua_desktop.store import backup

    kept = backup.CopyAhead(sample_path, "truoc-nhap")
    assert kept.keep() in backup.list_backups(sample_path)
    assert backup.summary(kept.path)["individuals"] > 0
    dropped = backup.CopyAhead(sample_path, "truoc-nhap")
    dropped.discard()
    assert not dropped.path.exists()
    assert backup.list_backups(sample_path) == [kept.path]


def test_names_that_differ_only_in_their_marks_are_different_people(sample_db, tmp_path):
    """ "Dung" and "Dũng" born the same year in the same unit are two people: neither a
    duplicate in the file nor an update of the other in the data; case and spacing are not
    differences."""
    from thidua_desktop.domain.models import Sex
    from thidua_desktop.store.records import individuals

    unit = sample_db.conn.execute("SELECT id FROM units WHERE name = 'Công an tỉnh'").fetchone()[0]
    existing = individuals.create_individual(
        sample_db, "Nguyễn Văn Dũng", Sex.MALE, unit_id=unit, birth_year=1980
    )
    path = official_list(tmp_path / "dau.xlsx", [
        [1, "Nguyễn Văn Dung", 1980, None, None, "Cán bộ", "Công an tỉnh", None, None],
        [2, "Nguyễn Thị Dung", None, 1980, None, "Cán bộ", "Công an tỉnh", None, None],
        [3, "Nguyễn Thị Dũng", None, 1980, None, "Cán bộ", "Công an tỉnh", None, None],
        [4, "NGUYỄN  văn dũng", 1980, None, None, "Đội trưởng", "Công an tỉnh", None, None],
    ])  # fmt: skip
    rows = ei.preview(sample_db, path)
    assert [r.action for r in rows] == ["new", "new", "new", "update"], [r.reason for r in rows]
    assert rows[3].person_id == existing


def test_a_failed_copy_is_tried_again_and_a_discarded_one_goes_when_done(sample_path, monkeypatch):
    """The copy before an import: when it fails (a full disk), wait() tries once more (room may
    have been made) and raises only if that fails too; discard() does not wait for a copy
    still being written, its thread removes it when done."""
    import threading

    from thidua_desktop.store import backup

    real = backup.backup_file
    calls = []

    def full_disk_once(source, dest, **kw):
        calls.append(dest)
        if len(calls) == 1:
            raise OSError(28, "No space left on device")
        return real(source, dest, **kw)

    monkeypatch.setattr(backup, "backup_file", full_disk_once)
    ahead = backup.CopyAhead(sample_path, "truoc-nhap")
    assert ahead.wait().exists() and len(calls) == 2

    monkeypatch.setattr(backup, "backup_file", lambda *a, **k: (_ for _ in ()).throw(OSError(28, "No space")))
    with pytest.raises(OSError):
        backup.CopyAhead(sample_path, "truoc-nhap").wait()

    gate = threading.Event()

    def slow(source, dest, **kw):
        gate.wait(10)
        return real(source, dest, **kw)

    monkeypatch.setattr(backup, "backup_file", slow)
    dropped = backup.CopyAhead(sample_path, "truoc-nhap")
    dropped.discard()  # returns at once, the copy still running
    assert dropped._thread.is_alive()
    gate.set()
    dropped._thread.join(10)
    assert not dropped.path.exists()
