"""Lists as offices really make them (issue 23): a one-row header "Năm sinh Nam | Năm sinh Nữ",
the column-number row, the closing lines and signatures after the list, "Giới tính" with
"Ngày sinh", a combined "Chức vụ, đơn vị" column, the year in the title, units the data file
lacks or writes short, the awards as offices write them, rows that cannot be decided, macro
workbooks and data files that are not ours. Each file is built here the way a unit builds it;
the preview and what lands in SQLite are read back."""

import hashlib
import sqlite3
import zipfile

import pytest
from conftest import run_cli
from openpyxl import Workbook

from thidua_desktop.domain.models import Sex
from thidua_desktop.reports.excel import importing as ei
from thidua_desktop.reports.excel.list_reading import ImportFileError
from thidua_desktop.store import open_database
from thidua_desktop.store.errors import EmptyFileError, ForeignDatabaseError
from thidua_desktop.store.records import individuals


@pytest.fixture
def db(sample_path):
    database = open_database(sample_path, user="tester")
    yield database
    database.close()


def sheet(path, lines):
    """A workbook whose first sheet holds ``lines`` from row 1 (None for an empty row)."""
    wb = Workbook()
    ws = wb.active
    for r, line in enumerate(lines, start=1):
        for c, value in enumerate(line or [], start=1):
            if value is not None:
                ws.cell(r, c, value)
    wb.save(path)
    return path


def plain_list(path, people, *, title="DANH SÁCH ĐỀ NGHỊ CÔNG NHẬN DANH HIỆU THI ĐUA NĂM 2026"):
    """A plain list: letterhead, a dated line, the title, a one-row header with "Năm sinh Nam"
    and "Năm sinh Nữ", the (1)…(7) row, the people, then the closing lines and signature."""
    return sheet(path, [
        ["SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        [None, None, None, None, "Đắk Lắk, ngày 10 tháng 12 năm 2025"],
        None,
        [title],
        None,
        ["STT", "Họ và tên", "Năm sinh Nam", "Năm sinh Nữ", "Chức vụ", "Đơn vị", "Hình thức đề nghị"],
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"],
        *people,
        None,
        [None, "Danh sách này có 20 cá nhân./."],
        [None, "Nơi nhận:", None, None, "GIÁM ĐỐC"],
        [None, "- Như trên;", None, None, None],
        [None, "- Lưu: VT.", None, None, None],
        [None, None, None, None, "(Ký tên, đóng dấu)"],
        [None, "Nguyễn Văn Ký", None, None, "Trần Thị Giám"],
    ])  # fmt: skip


def test_a_plain_list_with_a_one_row_header_imports_every_person(db, tmp_path):
    people = [[n, f"Nguyễn Văn Thường {n}" if n % 2 else f"Lê Thị Thường {n}", 1980 + n if n % 2 else None,
               None if n % 2 else 1980 + n, "Chuyên viên", "Sở Tư pháp tỉnh", "LĐTT"] for n in range(1, 21)]  # fmt: skip
    rows = ei.preview(db, plain_list(tmp_path / "ds.xlsx", people))
    assert [r.action for r in rows] == ["new"] * 20, [r.reason for r in rows if r.action == "error"]
    assert [r.changes["sex"] for r in rows[:2]] == ["nam", "nu"]
    assert rows.year == 2026 and "NĂM 2026" in rows.year_source  # the title, not the dated line
    layout = rows.layout
    assert (
        layout.columns["male"] == 2 and layout.columns["female"] == 3 and "birth_year" not in layout.columns
    )
    assert layout.headers[2] == "Năm sinh Nam"
    counts = ei.apply(db, rows)
    assert counts["new"] == 20 and counts["proposals"] == 20 and counts["units"] == 0
    years = db.conn.execute(
        "SELECT DISTINCT p.year, p.award_code FROM proposals p JOIN individuals i ON i.id = p.individual_id "
        "WHERE i.full_name LIKE '%Thường%'"
    ).fetchall()
    assert years == [(2026, "LDTT")]
    signer = db.conn.execute("SELECT count(*) FROM individuals WHERE full_name = 'Nguyễn Văn Ký'").fetchone()
    assert signer == (0,)  # the signature under the list is not a person


def test_sex_column_birth_dates_line_breaks_combined_position_and_unit(db, tmp_path):
    path = sheet(tmp_path / "gt.xlsx", [
        ["DANH SÁCH CÁ NHÂN ĐỀ NGHỊ KHEN THƯỞNG NĂM 2025"],
        ["TT", "HỌ VÀ\nTÊN", "Giới\ntính", "Ngày, tháng,\nnăm sinh", "Chức vụ,\nđơn vị công tác", "Danh hiệu đề nghị"],
        [1, "Hoàng Văn Một", "Nam", "02/03/1981", "Trưởng phòng Tham mưu, Công an tỉnh", "CSTĐ cơ sở"],
        [2, "Đặng Thị Hai", "nữ", "15/11/1990", "Chuyên viên, CA tỉnh", "BK UBND tỉnh"],
        [3, "Vương Văn Ba", "Nam", "01/01/1985", "Chánh văn phòng - Sở Tư pháp", "Giấy khen Giám đốc Sở"],
        [4, "Trịnh Văn Bốn", "Nam", "01/01/1986", "Phó Chỉ huy trưởng, BCHQS tỉnh", "Bằng khen"],
    ])  # fmt: skip
    rows = ei.preview(db, path)
    assert [r.action for r in rows] == ["new", "new", "new", "error"]
    unit = {code: uid for uid, code in db.conn.execute("SELECT id, code FROM units")}
    assert [r.unit_id for r in rows[:3]] == [unit["CAT"], unit["CAT"], unit["STP"]]
    assert [r.changes["position"] for r in rows[:3]] == [
        "Trưởng phòng Tham mưu",
        "Chuyên viên",
        "Chánh văn phòng",
    ]
    assert [r.changes["sex"] for r in rows[:3]] == ["nam", "nu", "nam"]
    assert rows[1].changes["birth_date"].isoformat() == "1990-11-15" and rows[1].changes["birth_year"] == 1990
    assert [r.award_code for r in rows[:3]] == ["CSTDCS", "BK_TINH", "GK"]
    assert "không nhận ra hình thức “Bằng khen”" in rows[3].reason and "Có phải:" in rows[3].reason
    assert rows.year == 2025


def test_rows_that_cannot_be_decided_are_errors_never_guesses(db, tmp_path):
    unit = db.conn.execute("SELECT id FROM units WHERE code = 'STP'").fetchone()[0]
    for _ in range(2):  # two people of the same name, year and unit are already there
        individuals.create_individual(db, "Phan Văn Trùng", Sex.MALE, unit_id=unit, birth_year=1980)
    path = sheet(tmp_path / "mh.xlsx", [
        ["DANH SÁCH NĂM 2025"],
        ["STT", "Họ và tên", "Giới tính", "Năm sinh Nam", "Năm sinh Nữ", "Đơn vị"],
        [1, "Lý Thị Cả Hai", None, 1980, 1981, "Sở Tư pháp"],
        [2, "Lý Văn Trái", "Nữ", 1982, None, "Sở Tư pháp"],
        [3, "Phan Văn Trùng", None, 1980, None, "Sở Tư pháp tỉnh"],
        [4, "Lý Thị Đúng", "Nữ", None, 1983, "Sở Tư pháp"],
    ])  # fmt: skip
    rows = ei.preview(db, path)
    assert [r.action for r in rows] == ["error", "error", "error", "new"]
    assert "cả cột Nam và cột Nữ" in rows[0].reason
    assert "cột Giới tính ghi “Nữ” nhưng năm sinh lại ở cột Nam" in rows[1].reason
    assert "nhiều người cùng họ tên “Phan Văn Trùng”" in rows[2].reason


def test_new_units_are_created_or_mapped_and_short_names_found(db, tmp_path):
    people = [
        [1, "Đinh Văn Mới", 1980, None, "Chuyên viên", "Sở Nông nghiệp và Môi trường", "Lao động tiên tiến"],
        [2, "Đinh Thị Mới", None, 1985, "Chuyên viên", "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "Lao động tiên tiến"],
        [3, "Mai Văn Lính", 1990, None, "Trợ lý", "BCHQS tỉnh", "Chiến sĩ tiên tiến"],
    ]  # fmt: skip
    path = plain_list(tmp_path / "moi.xlsx", people)
    before = db.conn.execute("SELECT count(*) FROM units").fetchone()[0]
    rows = ei.preview(db, path)
    assert [r.action for r in rows] == ["new"] * 3
    assert rows.new_units == {"Sở Nông nghiệp và Môi trường": 2}  # one unit, however it is capitalised
    bchqs = db.conn.execute("SELECT id FROM units WHERE code = 'BCHQS'").fetchone()[0]
    assert rows[2].unit_id == bchqs and not rows[2].new_unit
    # mapped to an existing unit in the preview: nothing is created
    stp = db.conn.execute("SELECT id FROM units WHERE code = 'STP'").fetchone()[0]
    mapped = ei.preview(db, path, unit_map={"so nong nghiep va moi truong": stp})
    assert mapped.new_units == {} and [r.unit_id for r in mapped[:2]] == [stp, stp]
    # left to be created: created once, both people in it
    counts = ei.apply(db, rows)
    assert counts["units"] == 1 and db.conn.execute("SELECT count(*) FROM units").fetchone()[0] == before + 1
    made = db.conn.execute(
        "SELECT count(DISTINCT i.unit_id) FROM individuals i JOIN units u ON u.id = i.unit_id "
        "WHERE u.name = 'Sở Nông nghiệp và Môi trường'"
    ).fetchone()
    assert made == (1,)


def test_without_a_year_the_rows_wait_for_the_user_and_the_user_s_year_is_taken(db, tmp_path):
    people = [[1, "Tô Văn Năm", 1980, None, "Chuyên viên", "Sở Tư pháp", "LĐTT"]]
    path = plain_list(tmp_path / "kn.xlsx", people, title="DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG")
    rows = ei.preview(db, path)
    assert rows.year is None and rows[0].action == "error" and "chưa rõ năm thành tích" in rows[0].reason
    chosen = ei.preview(db, path, year=2024)
    assert chosen.year == 2024 and chosen.year_source == "do người dùng chọn" and chosen[0].action == "new"
    ei.apply(db, chosen)
    year = db.conn.execute(
        "SELECT p.year FROM proposals p JOIN individuals i ON i.id = p.individual_id WHERE i.full_name = 'Tô Văn Năm'"
    ).fetchone()
    assert year == (2024,)


def test_the_user_can_change_what_a_column_means(db, tmp_path):
    path = sheet(tmp_path / "cot.xlsx", [
        ["DANH SÁCH NĂM 2025"],
        ["STT", "Họ và tên", "Nam", "Nữ", "Nơi làm việc", "Ghi chú"],
        [1, "Cao Văn Cột", 1980, None, "Sở Tư pháp", "LĐTT"],
    ])  # fmt: skip
    rows = ei.preview(db, path)
    assert "award" not in rows.layout.columns and rows[0].award_code is None
    columns = {**rows.layout.columns, "award": 5}
    chosen = ei.preview(db, path, columns=columns)
    assert chosen[0].award_code == "LDTT" and chosen.layout.columns["award"] == 5


def _macro_workbook(path, *, rename_only: bool):
    sheet(path, [["STT", "Họ và tên", "Nam", "Nữ"], [1, "Vĩ Văn Mã", 1980, None]])
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    types = parts["[Content_Types].xml"].decode()
    parts["[Content_Types].xml"] = types.replace(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    ).encode()
    if not rename_only:
        parts["xl/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 macro"
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


@pytest.mark.parametrize("name, rename_only", [("macro.xlsm", False), ("doi-duoi.xlsx", True)])
def test_a_macro_enabled_workbook_is_refused_whatever_its_name(db, tmp_path, name, rename_only):
    path = _macro_workbook(tmp_path / name, rename_only=rename_only)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(ImportFileError) as info:
        ei.preview(db, path)
    assert "có macro" in str(info.value)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


def test_an_empty_or_foreign_data_file_is_refused_by_check_and_import(tmp_path):
    empty = tmp_path / "rong.sqlite"
    empty.write_bytes(b"")
    with pytest.raises(EmptyFileError):
        open_database(empty, create=False)
    other = tmp_path / "khac.sqlite"
    bare = sqlite3.connect(other)  # an SQLite file with no tables, made by another tool
    bare.executescript("CREATE TABLE t (x); DROP TABLE t;")
    bare.close()
    assert other.stat().st_size > 0
    sample = plain_list(tmp_path / "ds.xlsx", [[1, "Ai Đó", 1980, None, "CV", "Sở Tư pháp", "LĐTT"]])
    for target in (empty, other):
        before = target.read_bytes()
        for args in (("check", "--db", str(target)), ("import", str(sample), "--db", str(target))):
            result = run_cli(*args)
            assert result.returncode != 0, result.stdout
            assert "không" in result.stderr and "Traceback" not in result.stderr, result.stderr
            assert target.read_bytes() == before  # not one byte written
    with pytest.raises(ForeignDatabaseError):
        open_database(other, create=False)


def test_the_command_line_names_the_year_and_takes_one(sample_path, tmp_path):
    path = plain_list(tmp_path / "kn.xlsx", [[1, "Tô Văn Dòng", 1980, None, "CV", "Phòng Mới", "LĐTT"]],
                      title="DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG")  # fmt: skip
    without = run_cli("import", str(path), "--db", str(sample_path), "--dry-run")
    assert (
        "tệp không ghi năm; dùng --year NĂM" in without.stdout and "chưa rõ năm thành tích" in without.stdout
    )
    chosen = run_cli("import", str(path), "--db", str(sample_path), "--dry-run", "--year", "2024")
    assert "Năm thành tích: 2024, do người dùng chọn." in chosen.stdout
    assert "Đơn vị mới (sẽ được tạo): Phòng Mới (1 dòng)" in chosen.stdout and "LỖI" not in chosen.stdout


def test_a_section_heading_under_a_one_row_header_is_not_taken_for_its_second_row(db, tmp_path):
    path = sheet(tmp_path / "muc.xlsx", [
        ["DANH SÁCH NĂM 2025"],
        ["STT", "Họ và tên", "Năm sinh Nam", "Năm sinh Nữ", "Đơn vị", "Hình thức"],
        ["I. TẬP THỂ"],
        [1, "Phòng Hành chính Tư pháp", None, None, "Sở Tư pháp", "Giấy khen"],
        ["II. CÁ NHÂN"],
        [1, "Hà Thị Mục", None, 1990, "Sở Tư pháp", "Giấy khen"],
    ])  # fmt: skip
    rows = ei.preview(db, path)
    assert [(r.section, r.subject, r.action) for r in rows] == [
        ("tap_the", "tap_the", "new"),
        ("ca_nhan", "ca_nhan", "new"),
    ]


def test_a_household_or_an_enterprise_named_in_a_list_is_created_as_such(db, tmp_path):
    """Issue 22, point 6: a household named in the collectives' section is created as a household
    (paid at its own rate, counted apart in 0603.N), an enterprise as an enterprise."""
    path = sheet(tmp_path / "ho.xlsx", [
        ["DANH SÁCH ĐỀ NGHỊ TẶNG BẰNG KHEN NĂM 2025"],
        ["STT", "Họ và tên", "Năm sinh Nam", "Năm sinh Nữ", "Đơn vị", "Hình thức"],
        ["I. TẬP THỂ"],
        [1, "Hộ gia đình ông Y Phôn Niê", None, None, None, "Bằng khen UBND tỉnh"],
        [2, "Công ty TNHH Cà phê Ban Mê", None, None, None, "Bằng khen UBND tỉnh"],
        [3, "Phòng Hành chính Tư pháp Buôn Đôn", None, None, None, "Bằng khen UBND tỉnh"],
        [4, "Trường Tiểu học Hòa Thắng", None, None, None, "Bằng khen UBND tỉnh"],
    ])  # fmt: skip
    rows = ei.preview(db, path)
    assert [r.subject for r in rows] == ["tap_the"] * 4 and all(r.action != "error" for r in rows), [
        r.problems for r in rows
    ]
    ei.apply(db, rows)
    kinds = dict(db.conn.execute(
        "SELECT name, collective_type FROM units WHERE name IN (?, ?, ?)",
        ("Hộ gia đình ông Y Phôn Niê", "Công ty TNHH Cà phê Ban Mê", "Phòng Hành chính Tư pháp Buôn Đôn")))  # fmt: skip
    assert kinds == {"Hộ gia đình ông Y Phôn Niê": "ho_gia_dinh", "Công ty TNHH Cà phê Ban Mê": "doanh_nghiep",
                     "Phòng Hành chính Tư pháp Buôn Đôn": "tap_the"}  # fmt: skip
    schools = db.conn.execute("SELECT name FROM units WHERE school_year = 1").fetchall()
    assert schools == [("Trường Tiểu học Hòa Thắng",)]  # a school counts by school year (point 9)
