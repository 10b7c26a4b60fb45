"""Biểu 0603.N/BNV-TĐKT read back with openpyxl: the form's headers and codes, each count
equal to the same count made in SQL here, merged cells, print setup, no formulas; the
new subject fields of units and people, their migration and audit trail."""

import random
from datetime import date

import pytest
from conftest import run_cli
from openpyxl import load_workbook

from thidua_desktop.domain.identity import DeskIdentity
from thidua_desktop.domain.models import CommendationKind, Sex
from thidua_desktop.domain.subjects import CollectiveType, PersonGroup, group_of_position
from thidua_desktop.reports.excel import registry as er
from thidua_desktop.store import StoreError, desk_settings, migrations, open_database
from thidua_desktop.store.records import individuals, units

YEAR = 2025
FIGURE_CODES = {2: "BK_TINH", 3: "CSTDT", 4: "CO_TINH"}  # form column -> award counted
# coded line -> the SQL condition on awards a, units u, individuals i that it counts
LINE_SQL = {
    "01": "1",
    "02": "a.unit_id IS NOT NULL AND u.collective_type IN ('tap_the', 'doanh_nghiep')",
    "03": "u.collective_type = 'doanh_nghiep'",
    "04": "u.collective_type = 'ho_gia_dinh'",
    "05": "a.individual_id IS NOT NULL",
    "06": "i.person_group = 'lanh_dao_bo_tinh'",
    "07": "i.person_group = 'lanh_dao_vu_so'",
    "08": "i.person_group = 'doanh_nhan'",
    "09": "i.person_group = 'lanh_dao_phong'",
    "10": "i.person_group = 'truc_tiep'",
    "11": "a.kind = 'thuong_xuyen'",
    "12": "a.kind = 'chuyen_de'",
    "13": "a.kind = 'dot_xuat'",
    "14": "a.kind = 'doi_ngoai'",
    "15": "a.kind = 'cong_hien'",
    "16": "a.kind = 'nien_han'",
}


def sql_count(db, line: str, code: str) -> int:
    return db.conn.execute(
        "SELECT count(*) FROM awards a LEFT JOIN units u ON u.id = a.unit_id "
        f"LEFT JOIN individuals i ON i.id = a.individual_id WHERE ({LINE_SQL[line]}) AND a.award_code = ? "
        "AND a.decision_date >= ? AND a.decision_date <= ?",
        (code, f"{YEAR}-01-01", f"{YEAR}-12-31"),
    ).fetchone()[0]


@pytest.fixture
def desk(db):
    """Units of every type, people of every group, and 300 awards of several forms and
    kinds, decided in the year, the year before, or with no date."""
    rng = random.Random(603)
    desk_settings.save_identity(db, DeskIdentity(agency="Sở Nội vụ", parent_agency="Ủy ban nhân dân tỉnh Gia Lai",
                                                 place="Gia Lai", province="Gia Lai", level="tinh"))  # fmt: skip
    unit_ids = []
    for n, kind in enumerate([*CollectiveType, CollectiveType.COLLECTIVE, CollectiveType.ENTERPRISE]):
        uid = units.create_unit(db, f"Đơn vị thử {n}")
        units.update_unit(db, uid, collective_type=kind)
        unit_ids.append(uid)
    people = []
    for n, group in enumerate([*PersonGroup, None, None]):
        pid = individuals.create_individual(db, f"Người Thử {n}", Sex.FEMALE if n % 2 else Sex.MALE,
                                            unit_id=unit_ids[0])  # fmt: skip
        if group:
            individuals.update_individual(db, pid, person_group=group)
        people.append(pid)
    when = [
        date(YEAR, 1, 1),
        date(YEAR, 6, 30),
        date(YEAR, 12, 31),
        date(YEAR - 1, 12, 31),
        date(YEAR + 1, 1, 1),
        None,
    ]
    for _ in range(300):
        person = rng.random() < 0.6
        code = rng.choice(["BK_TINH", "BK_TINH", "CSTDT", "GK", "BK_BO"] if person else
                          ["BK_TINH", "CO_TINH", "TTLDXS", "GK"])  # fmt: skip
        individuals.add_award(
            db, YEAR - 1, code, individual_id=rng.choice(people) if person else None,
            unit_id=None if person else rng.choice(unit_ids), kind=rng.choice(list(CommendationKind)),
            decision_number=f"{rng.randrange(1, 999)}/QĐ-UBND", decision_date=rng.choice(when),
        )  # fmt: skip
    return db


def test_form_0603_counts_as_the_database_does(desk, tmp_path):
    out = tmp_path / "0603.xlsx"
    assert er.run("thong-ke-0603", desk, out, er.Options(year=YEAR)) == 17
    ws = load_workbook(out).active
    cells = [c for row in ws.iter_rows() for c in row]
    values = [c.value for c in cells]
    assert "Biểu số: 0603.N/BNV-TĐKT" in values
    assert "Ban hành theo Thông tư số 02/2023/TT-BNV ngày 23/3/2023" in values
    assert ("SỐ LƯỢNG KHEN THƯỞNG CẤP BỘ, BAN, NGÀNH, ĐOÀN THỂ TRUNG ƯƠNG VÀ TỈNH, THÀNH PHỐ TRỰC THUỘC TRUNG ƯƠNG"
            in values) and f"Năm {YEAR}" in values  # fmt: skip
    assert "Đơn vị báo cáo: Sở Nội vụ tỉnh Gia Lai" in values  # the desk itself
    top = next(c.row for c in cells if c.value == "Mã số")
    assert [ws.cell(top, col).value for col in range(1, 6)] == [
        None,
        "Mã số",
        "Đơn vị tính",
        "Tổng số",
        "Chia ra",
    ]
    assert [ws.cell(top + 1, col).value for col in range(5, 9)] == [
        "Bằng khen", "Chiến sĩ thi đua cấp bộ, cấp tỉnh",
        "Cờ thi đua của bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực thuộc Trung ương",
        "Huy hiệu (kỷ niệm chương) của bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực thuộc Trung ương",
    ]  # fmt: skip
    assert [ws.cell(top + 2, col).value for col in range(1, 9)] == ["A", "B", "C", "1", "2", "3", "4", "5"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {f"E{top}:H{top}", f"A{top}:A{top + 1}", f"B{top}:B{top + 1}", f"D{top}:D{top + 1}"} <= merged

    lines = {ws.cell(r, 2).value: r for r in range(top + 3, ws.max_row + 1) if ws.cell(r, 2).value}
    assert sorted(lines) == [f"{n:02d}" for n in range(1, 18)]
    assert ws.cell(lines["03"], 1).value == "Trong đó: Doanh nghiệp" and ws.cell(lines["04"], 3).value == "Hộ"
    assert ws.cell(lines["10"], 1).value.startswith("+ Người trực tiếp công tác, lao động")
    assert ws.cell(lines["17"], 1).value == "- Kháng chiến"
    for line in LINE_SQL:
        row = lines[line]
        expected = {col: sql_count(desk, line, code) for col, code in FIGURE_CODES.items()}
        assert {col: ws.cell(row, col + 3).value for col in FIGURE_CODES} == expected, line
        assert ws.cell(row, 4).value == sum(expected.values()), line
        assert ws.cell(row, 8).value is None  # huy hiệu, kỷ niệm chương: not kept
    assert all(ws.cell(lines["17"], col).value is None for col in range(4, 9))
    total = {col: ws.cell(lines["01"], col).value for col in range(4, 8)}
    assert total[4] > 0 and all(isinstance(v, int) for v in total.values())
    # the subjects add up to the total, and so do the kinds
    for col in range(4, 8):
        assert sum(ws.cell(lines[x], col).value for x in ("02", "04", "05")) == total[col]
        assert sum(ws.cell(lines[f"{n}"], col).value for n in range(11, 17)) == total[col]
    assert ws.cell(lines["01"], 1).font.b and ws.cell(lines["03"], 1).font.i
    assert (
        ws.cell(lines["05"], 4).font.name == "Times New Roman" and ws.cell(lines["05"], 4).border.left.style
    )

    undated = desk.conn.execute(
        "SELECT count(*) FROM awards WHERE decision_date IS NULL AND year = ? "
        "AND award_code IN ('BK_TINH', 'CSTDT', 'CO_TINH')", (YEAR - 1,)).fetchone()[0]  # fmt: skip
    assert undated > 0 and not any(isinstance(v, str) and "chưa ghi ngày quyết định" in v for v in values)
    # print setup: one A4 landscape page, headers repeated, frozen below the codes
    assert ws.page_setup.orientation == "landscape" and str(ws.page_setup.paperSize) == "9"
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == f"${top}:${top + 2}" and ws.freeze_panes == f"A{top + 3}"
    assert "THỦ TRƯỞNG ĐƠN VỊ" in values and "NGƯỜI LẬP BIỂU" in values
    assert all(c.data_type != "f" for c in cells)
    assert not list(tmp_path.glob(".*dang-ghi"))


def test_undated_awards_of_the_year_are_named_in_a_note(desk, tmp_path):
    out = tmp_path / "0603-2024.xlsx"
    er.run("thong-ke-0603", desk, out, er.Options(year=YEAR - 1))
    notes = [c.value for row in load_workbook(out).active.iter_rows() for c in row
             if isinstance(c.value, str) and "chưa ghi ngày quyết định" in c.value]  # fmt: skip
    undated = desk.conn.execute(
        "SELECT count(*) FROM awards WHERE coalesce(decision_date, '') = '' AND year = ? "
        "AND award_code IN ('BK_TINH', 'CSTDT', 'CO_TINH')", (YEAR - 1,)).fetchone()[0]  # fmt: skip
    assert notes == [
        f"Có {undated} khen thưởng về thành tích năm {YEAR - 1} chưa ghi ngày quyết định nên chưa được đếm; "
        "hãy bổ sung ngày quyết định rồi xuất lại biểu."
    ]


def test_cli_writes_the_form_and_asks_for_the_year(sample_path, tmp_path):
    listed = run_cli("export", "--list")
    assert "thong-ke-0603" in listed.stdout
    out = tmp_path / "tk.xlsx"
    result = run_cli("export", "thong-ke-0603", "--db", str(sample_path), "--year", "2025", "-o", str(out))
    assert result.returncode == 0, result.stderr
    ws = load_workbook(out).active
    db = open_database(sample_path)
    try:
        decided = db.conn.execute(
            "SELECT count(*) FROM awards WHERE award_code IN ('BK_TINH', 'CSTDT', 'CO_TINH') "
            "AND decision_date BETWEEN '2025-01-01' AND '2025-12-31'").fetchone()[0]  # fmt: skip
    finally:
        db.close()
    total = next(r for r in ws.iter_rows(values_only=True) if r[1] == "01")
    assert decided > 0 and total[3] == decided
    missing = run_cli("export", "thong-ke-0603", "--db", str(sample_path), "-o", str(tmp_path / "x.xlsx"))
    assert missing.returncode == 2 and "năm báo cáo" in missing.stderr


def test_subject_fields_are_checked_and_audited(db):
    unit = units.create_unit(db, "Công ty Cổ phần Cà phê Thử")
    assert (
        db.conn.execute("SELECT collective_type FROM units WHERE id = ?", (unit,)).fetchone()[0] == "tap_the"
    )
    units.update_unit(db, unit, collective_type=CollectiveType.ENTERPRISE)
    with pytest.raises(StoreError):
        units.update_unit(db, unit, collective_type="cong_ty")
    person = individuals.create_individual(db, "Lê Văn Thử", Sex.MALE, unit_id=unit)
    individuals.update_individual(db, person, person_group=PersonGroup.BUSINESSPERSON)
    with pytest.raises(StoreError):
        individuals.update_individual(db, person, person_group="giam_doc")
    trail = [r[0] for r in db.conn.execute(
        "SELECT new_values FROM audit_log WHERE action = 'update' AND table_name IN ('units', 'individuals')")]  # fmt: skip
    assert any('"collective_type":"doanh_nghiep"' in t for t in trail)
    assert any('"person_group":"doanh_nhan"' in t for t in trail)


def test_an_older_file_gains_the_fields_with_their_defaults(tmp_path):
    path = tmp_path / "cu.sqlite"
    old = open_database(path, migrate=False)
    step = migrations.STEPS.index(migrations._v7_statistics_subjects) + 1
    migrations.migrate(old, path, target=step - 1)
    old.conn.execute("INSERT INTO units (uid, name) VALUES ('u1', 'Sở Nội vụ')")
    old.close()
    db = open_database(path, user="tester")
    try:
        assert migrations.user_version(db) == migrations.LATEST_VERSION
        assert db.conn.execute("SELECT collective_type FROM units").fetchone()[0] == "tap_the"
        person = individuals.create_individual(db, "Trần Thị Thử", Sex.FEMALE)
        assert (
            db.conn.execute("SELECT person_group FROM individuals WHERE id = ?", (person,)).fetchone()[0]
            == ""
        )
        individuals.update_individual(db, person, person_group=PersonGroup.DIRECT_WORKER)
        assert (
            db.conn.execute(
                "SELECT count(*) FROM audit_log WHERE table_name = 'individuals' AND new_values LIKE '%truc_tiep%'"
            ).fetchone()[0]
            == 1
        )
    finally:
        db.close()


def test_the_sample_groups_people_by_their_post():
    assert group_of_position("Phó Giám đốc") == PersonGroup.DEPARTMENT_LEADER
    assert group_of_position("Phó Trưởng phòng") == PersonGroup.OTHER_LEADER
    assert group_of_position("Trưởng phòng Chính trị") == PersonGroup.OTHER_LEADER
    assert group_of_position("Kiểm sát viên trung cấp") == PersonGroup.DIRECT_WORKER
    assert group_of_position("Giám đốc công ty TNHH Thử") == PersonGroup.BUSINESSPERSON
    assert group_of_position("Đội trưởng") == ""
