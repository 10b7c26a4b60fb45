"""Importing units' Excel lists: hand-made files for the layouts and every error class."""

import zipfile
from datetime import datetime

import pytest
from conftest import run_cli
from openpyxl import Workbook
from xlsx_samples import official_list

from thidua_desktop.reports import excel_import as ei
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
    assert [r.action for r in rows] == ["new", "new", "error", "error", "error"]
    assert rows[0].changes["sex"] == "nu" and rows[0].changes["birth_year"] == 1990
    assert rows[0].changes["birth_date"].isoformat() == "1990-03-05"
    assert (
        rows[1].changes["full_name"] == "Lê Văn Khải"
        and rows[1].changes["birth_date"].isoformat() == "1984-07-02"
    )
    assert rows[1].award_code == "BK_TINH"
    assert "Không có ngày 31/02/1979" in rows[2].reason
    assert "không có đơn vị “Sở Không Có”" in rows[3].reason
    assert "trùng với một dòng phía trên" in rows[4].reason
    assert (
        sample_db.conn.execute("SELECT count(*) FROM individuals").fetchone()[0] == before
    )  # preview writes nothing

    counts = ei.apply(sample_db, rows)
    assert counts == {"new": 2, "update": 0, "proposals": 2, "error": 3}
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
    assert len(rows) == 1 and rows[0].action == "new" and rows[0].award_code == "CSTDCS"


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
    with pytest.raises(ei.ImportFileError) as info:
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
    done = run_cli("import", str(path), "--db", str(sample_path))
    assert done.returncode == 0 and "1 người mới" in done.stdout
    db = open_database(sample_path)
    assert (
        db.conn.execute("SELECT count(*) FROM individuals WHERE full_name = 'Đỗ Thị Hằng'").fetchone()[0] == 1
    )
    db.close()
    bad = run_cli("import", str(tmp_path / "khong-co.xlsx"), "--db", str(sample_path))
    assert bad.returncode == 3 and "Không tìm thấy tệp" in bad.stderr
    template = run_cli("import", "--template", str(tmp_path / "mau.xlsx"))
    assert template.returncode == 0 and (tmp_path / "mau.xlsx").exists()
