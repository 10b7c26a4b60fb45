"""Excel reports read back with openpyxl: headers, values, merged cells, print setup."""

from datetime import date

import pytest
from conftest import run_cli
from openpyxl import load_workbook

from thidua_desktop.domain.models import Sex
from thidua_desktop.reports.excel import registry as er
from thidua_desktop.reports.excel.house import Cancelled
from thidua_desktop.rules import money
from thidua_desktop.rules.settings import DeskSettings
from thidua_desktop.store import open_database
from thidua_desktop.store.records import individuals, proposals, units, workflow


@pytest.fixture
def sample_db(sample_path):
    db = open_database(sample_path)
    yield db
    db.close()


def cells(ws):
    return [c for row in ws.iter_rows() for c in row]


def row_of(ws, text):
    for row in ws.iter_rows():
        for c in row:
            if c.value == text:
                return c.row
    raise AssertionError(f"{text!r} not in sheet")


def test_proposal_list_layout_and_values(sample_db, tmp_path):
    out = tmp_path / "ds.xlsx"
    n = er.proposal_list(sample_db, out, er.Options(year=2024))
    expected = sample_db.conn.execute("SELECT count(*) FROM proposals WHERE year = 2024").fetchone()[0]
    assert n == expected
    ws = load_workbook(out)["Danh sách"]
    values = [c.value for c in cells(ws)]
    assert ws["A1"].value == "UBND TỈNH ĐẮK LẮK" and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in values
    assert "Độc lập - Tự do - Hạnh phúc" in values
    assert any(isinstance(v, str) and v.startswith("Đắk Lắk, ngày ") for v in values)
    assert "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG" in values and "Năm 2024" in values
    header = row_of(ws, "STT")
    assert [ws.cell(header, c).value for c in range(1, 10)] == [
        "STT", "Họ và tên / Tên tập thể", "Năm sinh", None, "Chức vụ, đơn vị công tác", "Dân tộc",
        "Hình thức đề nghị", "Tóm tắt thành tích", "Ghi chú"]  # fmt: skip
    assert [ws.cell(header + 1, c).value for c in (3, 4)] == ["Nam", "Nữ"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert f"C{header}:D{header}" in merged and f"A{header}:A{header + 1}" in merged
    assert ws.cell(header + 2, 1).value == "I. TẬP THỂ" and "II. CÁ NHÂN" in values
    # a woman's birth year stands under Nữ, a man's under Nam
    woman = sample_db.conn.execute(
        "SELECT i.full_name, i.birth_year FROM proposals p JOIN individuals i ON i.id = p.individual_id "
        "WHERE p.year = 2024 AND i.sex = 'nu' LIMIT 1").fetchone()  # fmt: skip
    r = row_of(ws, f"Bà {woman[0]}")  # as the decision's list and the certificate write her
    assert ws.cell(r, 4).value == woman[1] and ws.cell(r, 3).value is None
    # print setup: A4 landscape, fit to width, header rows repeated, frozen below them
    assert ws.page_setup.orientation == "landscape" and str(ws.page_setup.paperSize) == "9"
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == f"${header}:${header + 1}"
    assert ws.freeze_panes == f"A{header + 2}"
    assert ws.cell(header + 3, 2).font.name == "Times New Roman"
    assert all(c.data_type != "f" for c in cells(ws))
    assert not list(tmp_path.glob(".*dang-ghi"))


def test_text_that_looks_like_a_formula_stays_text(db, tmp_path):
    unit = units.create_unit(db, '=HYPERLINK("http://x")')
    pid = individuals.create_individual(db, "+Nguyễn Văn A", Sex.MALE, unit_id=unit, birth_year=1980,
                                        position="-Trưởng phòng")  # fmt: skip
    proposals.create_proposal(db, "GK", 2025, individual_id=pid, summary="=1+2 và -3 @ thành tích")
    proposals.create_proposal(db, "GK", 2025, unit_id=unit, summary="@thành tích")
    out = tmp_path / "f.xlsx"
    er.proposal_list(db, out, er.Options(year=2025))
    ws = load_workbook(out).active
    found = {c.value: c.data_type for c in cells(ws) if isinstance(c.value, str)}
    assert found["=1+2 và -3 @ thành tích"] == "s" and found["@thành tích"] == "s"
    assert found['=HYPERLINK("http://x")'] == "s" and found['-Trưởng phòng, =HYPERLINK("http://x")'] == "s"
    assert all(c.data_type != "f" for c in cells(ws))


def test_cancelled_export_leaves_no_file(db, tmp_path):
    unit = units.create_unit(db, "Công an tỉnh")
    for i in range(1200):
        pid = individuals.create_individual(db, f"Người {i}", Sex.MALE, unit_id=unit)
        proposals.create_proposal(db, "GK", 2025, individual_id=pid)
    out = tmp_path / "huy.xlsx"
    seen = []
    with pytest.raises(Cancelled):
        er.proposal_list(db, out, er.Options(year=2025), progress=lambda d, t: seen.append((d, t)),
                         cancelled=lambda: len(seen) >= 1)  # fmt: skip
    assert seen == [(500, 1200)]
    assert not out.exists() and not [
        p for p in tmp_path.iterdir() if p.suffix == ".xlsx" or "dang-ghi" in p.name
    ]


def test_reward_money_per_decision(db, tmp_path):
    unit = units.create_unit(db, "Sở Tư pháp tỉnh")
    settings = DeskSettings()
    people = [
        individuals.create_individual(db, n, Sex.FEMALE, unit_id=unit)
        for n in ("Trần Thị Ánh", "Lê Thị Bình")
    ]
    for pid, code in zip(people, ("BK_TINH", "GK"), strict=True):
        prop = proposals.create_proposal(db, code, 2025, individual_id=pid)
        workflow.deliberate(db, prop, 9, 9, settings)
        workflow.submit(db, prop, "1/TTr", date(2026, 1, 5), settings, override_reason="kiểm thử")
        workflow.decide(
            db, prop, approved=True, number="163/QĐ-UBND", on=date(2026, 1, 20), issuer="UBND tỉnh"
        )
    unit_prop = proposals.create_proposal(db, "BK_TINH", 2025, unit_id=unit)
    workflow.deliberate(db, unit_prop, 9, 9, settings)
    workflow.submit(db, unit_prop, "1/TTr", date(2026, 1, 5), settings)
    workflow.decide(
        db, unit_prop, approved=True, number="163/QĐ-UBND", on=date(2026, 1, 20), issuer="UBND tỉnh"
    )
    # a household is paid at its own rate, not the collective's (issue 22, point 6)
    home = units.create_unit(db, "Hộ gia đình ông Y Phôn Niê")
    units.update_unit(db, home, collective_type="ho_gia_dinh")
    home_prop = proposals.create_proposal(db, "BK_TINH", 2025, unit_id=home)
    workflow.deliberate(db, home_prop, 9, 9, settings)
    workflow.submit(db, home_prop, "1/TTr", date(2026, 1, 5), settings, override_reason="kiểm thử")
    workflow.decide(
        db, home_prop, approved=True, number="163/QĐ-UBND", on=date(2026, 1, 20), issuer="UBND tỉnh"
    )
    out = tmp_path / "tt.xlsx"
    assert er.reward_money(db, out, er.Options(decision="163/QĐ-UBND")) == 4
    ws = load_workbook(out).active
    amounts = {ws.cell(r, 2).value: ws.cell(r, 6).value for r in range(1, ws.max_row + 1)}
    assert (
        amounts["Trần Thị Ánh"]
        == 3_510_000
        == money.reward("BK_TINH", "ca_nhan", date(2026, 1, 20), settings)
    )
    assert amounts["Lê Thị Bình"] == 710_000  # 0.3 × 2,340,000 = 702,000 rounded up
    assert amounts["Sở Tư pháp tỉnh"] == 7_020_000  # a collective: twice the form's amount
    assert amounts["Hộ gia đình ông Y Phôn Niê"] == 5_270_000  # 1.5 × 1.5 × 2,340,000 = 5,265,000, rounded up
    assert amounts["Tổng cộng"] == 3_510_000 + 710_000 + 7_020_000 + 5_270_000
    said = {ws.cell(r, 2).value: ws.cell(r, 8).value for r in range(1, ws.max_row + 1)}
    assert said["Hộ gia đình ông Y Phôn Niê"].startswith("2,25 × 2.340.000 đồng (lương cơ sở từ 01/07/2024")
    assert (
        "làm tròn lên hàng chục nghìn (khoản 2 Điều 49 Nghị định 152/2025/NĐ-CP): 5.270.000 đồng"
        in said["Hộ gia đình ông Y Phôn Niê"]
    )
    assert (
        "hộ gia đình, 1,5 lần cá nhân theo thiết lập: Điều 54 Nghị định 152/2025/NĐ-CP"
        in said["Hộ gia đình ông Y Phôn Niê"]
    )
    assert "tập thể, gấp 2 lần cá nhân: Điều 54" in said["Sở Tư pháp tỉnh"]
    assert any(
        "2.340.000 đồng (khoản 2 Điều 3 Nghị định 73/2024/NĐ-CP), ngày quyết định 20/01/2026" in str(c.value)
        for c in cells(ws)
    )
    with pytest.raises(ValueError):
        er.reward_money(db, tmp_path / "x.xlsx", er.Options(decision="999/QĐ"))


def test_award_history_of_a_person(sample_db, tmp_path):
    pid = sample_db.conn.execute("SELECT individual_id FROM awards WHERE legacy = 1 LIMIT 1").fetchone()[0]
    out = tmp_path / "qt.xlsx"
    n = er.award_history(sample_db, out, er.Options(individual_id=pid))
    assert (
        n
        == sample_db.conn.execute("SELECT count(*) FROM awards WHERE individual_id = ?", (pid,)).fetchone()[0]
    )
    ws = load_workbook(out).active
    values = [c.value for c in cells(ws)]
    name = sample_db.conn.execute("SELECT full_name FROM individuals WHERE id = ?", (pid,)).fetchone()[0]
    assert f"QUÁ TRÌNH KHEN THƯỞNG CỦA {name.upper()}" in values
    assert any(isinstance(v, str) and "trước khi dùng phần mềm" in v for v in values)
    dates = [c for c in cells(ws) if getattr(c, "is_date", False)]
    assert dates and dates[0].number_format == "dd/mm/yyyy"


def test_current_list_keeps_the_search_and_filter(sample_db, tmp_path):
    from thidua_desktop.store import listing
    from thidua_desktop.store.records import individuals as store_people

    out = tmp_path / "list.xlsx"
    titles = [("full_name", "Họ và tên", str), ("unit", "Đơn vị", str)]
    n = er.current_list(sample_db, out, store_people.LISTING, titles, title="Danh sách cá nhân", search="thang",
                        filters={"sex": "nam"})  # fmt: skip
    assert n == listing.count(sample_db, store_people.LISTING, search="thang", filters={"sex": "nam"}) > 0
    ws = load_workbook(out).active
    names = [c.value for c in ws["B"] if isinstance(c.value, str) and "Thắng" in c.value]
    assert len(names) == n


def test_cli_export_list_and_a_report(sample_path, tmp_path):
    listed = run_cli("export", "--list")
    assert listed.returncode == 0 and "danh-sach-de-nghi" in listed.stdout and "tien-thuong" in listed.stdout
    out = tmp_path / "cli.xlsx"
    result = run_cli(
        "export", "danh-sach-de-nghi", "--db", str(sample_path), "--year", "2025", "-o", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert load_workbook(out).active["A1"].value == "UBND TỈNH ĐẮK LẮK"
    bad = run_cli("export", "tien-thuong", "--db", str(sample_path), "-o", str(tmp_path / "t.xlsx"))
    assert bad.returncode == 2 and "số quyết định" in bad.stderr
    unknown = run_cli("export", "khong-co", "--db", str(sample_path), "-o", str(tmp_path / "k.xlsx"))
    assert unknown.returncode == 2


def test_letterhead_date_line_pads_as_decree_30_says():
    from thidua_desktop.reports.letterhead import Letterhead

    assert (
        Letterhead(place="Gia Lai", on=date(2026, 1, 5)).date_line() == "Gia Lai, ngày 05 tháng 01 năm 2026"
    )
    assert (
        Letterhead(place="Gia Lai", on=date(2026, 11, 24)).date_line() == "Gia Lai, ngày 24 tháng 11 năm 2026"
    )
    assert Letterhead(place="Gia Lai", on=date(2026, 3, 9)).date_line() == "Gia Lai, ngày 09 tháng 3 năm 2026"


def test_data_cells_keep_their_kind_style_and_height(tmp_path):
    from datetime import datetime

    from thidua_desktop.reports.excel.house import LINE_HEIGHT, Column, HouseWorkbook, Section

    columns = [Column("STT", 6, "int"), Column("Tên", 12), Column("Ngày", 14, "date"),
               Column("Số tiền", 14, "money"), Column("Ghi chú", 10)]  # fmt: skip
    long_text = "một hai ba bốn năm sáu bảy tám chín mười mười một mười hai"
    rows = [
        [1, "Bình\x07 thường", date(2025, 3, 9), 1_500_000, True],
        [2, long_text, datetime(2025, 12, 31, 8, 30), 2.5, "@ghi chú"],
        [3, "dòng ngắn"],  # a short row: the missing cells are still bordered
    ]
    book = HouseWorkbook(tmp_path / "k.xlsx")
    assert book.sheet("Thử", "THỬ", columns, [Section("", rows)], signature=False, letterhead=False) == 3
    book.save()
    ws = load_workbook(tmp_path / "k.xlsx").active
    first = row_of(ws, 1)
    a, b, c = first, first + 1, first + 2
    assert ws.cell(a, 2).value == "Bình thường"  # a control character is dropped, not an error
    assert ws.cell(a, 3).value == datetime(2025, 3, 9) and ws.cell(a, 3).number_format == "dd/mm/yyyy"
    assert ws.cell(b, 3).value == datetime(2025, 12, 31)  # a time of day is not shown
    assert ws.cell(a, 4).value == 1_500_000 and ws.cell(a, 4).number_format == "#,##0"
    assert ws.cell(a, 4).alignment.horizontal == "right" and ws.cell(a, 5).value is True
    assert ws.cell(b, 5).value == "@ghi chú" and ws.cell(b, 5).data_type == "s"
    assert ws.cell(b, 2).alignment.wrap_text and ws.cell(b, 2).alignment.vertical == "top"
    assert ws.cell(a, 1).alignment.horizontal == "center" and ws.cell(a, 1).number_format == "0"
    for col in range(1, 6):
        assert ws.cell(c, col).border.left.style == "thin", col
        assert ws.cell(c, col).font.name == "Times New Roman"
    assert ws.row_dimensions[b].height == LINE_HEIGHT * 5 + 3  # 57 characters in a 12-wide column
    assert ws.row_dimensions[a].height is None and ws.row_dimensions[c].height is None


def test_control_characters_never_reach_a_file_and_bad_text_is_refused(db, tmp_path):
    """Issue 17, point 8: NUL and control characters were stored and then made every xlsx export
    fail (IllegalCharacterError); a 1 MB name broke the PDF minutes; lone surrogates crashed."""
    from thidua_desktop.reports.papers import word as dp
    from thidua_desktop.store.errors import ConstraintError

    unit = units.create_unit(db, "Sở\x00 Tư\x07pháp\u202e")
    pid = individuals.create_individual(
        db, "Nguyễn\x1b[31m Văn\x0b A", Sex.MALE, unit_id=unit, birth_year=1980
    )
    proposals.create_proposal(
        db, "GK", 2025, individual_id=pid, summary="Hoàn thành\x00 xuất sắc\r\nnhiệm vụ\x1f"
    )
    stored = db.conn.execute("SELECT full_name FROM individuals WHERE id = ?", (pid,)).fetchone()[0]
    assert stored == "Nguyễn [31m Văn A"
    assert db.conn.execute("SELECT name FROM units WHERE id = ?", (unit,)).fetchone()[0] == "Sở Tư pháp"
    out = tmp_path / "ds.xlsx"
    er.proposal_list(db, out, er.Options(year=2025))  # did raise IllegalCharacterError
    values = [c.value for c in cells(load_workbook(out).active) if isinstance(c.value, str)]
    assert "Ông Nguyễn [31m Văn A" in values and not [v for v in values if any(ord(ch) < 32 for ch in v)]
    er.award_history(db, tmp_path / "qt.xlsx", er.Options(unit_id=unit))
    dp.write(db, "bao-cao-ca-nhan", tmp_path / "bc.docx", person=pid)

    with pytest.raises(ConstraintError, match="quá mức 500 ký tự"):
        units.create_unit(db, "Sở " * 400_000)
    with pytest.raises(ConstraintError, match="ký tự không hợp lệ"):
        individuals.create_individual(db, "Lê Văn \ud800B", Sex.MALE)
    assert db.conn.execute("SELECT count(*) FROM units").fetchone()[0] == 1
