"""One computation of reward money (issue 19.6): a person given CSTĐCS and LĐTT for the same
year is paid only the higher title (ND 152/2025 Art. 49.5), and the tiền thưởng export, Điều 2
of the draft decision and the fund ledger say the same amounts."""

from datetime import date

from docx import Document
from openpyxl import load_workbook

from thidua_desktop.domain.identity import DeskIdentity
from thidua_desktop.domain.models import Rating, Sex
from thidua_desktop.reports.excel import registry as er
from thidua_desktop.reports.papers import word as dp
from thidua_desktop.rules import authorities
from thidua_desktop.store import desk_settings
from thidua_desktop.store.dossier import ledger
from thidua_desktop.store.records import individuals, proposals, units, workflow

DESK = DeskIdentity(agency="Sở Tư pháp", parent_agency="Ủy ban nhân dân tỉnh Gia Lai", place="Pleiku",
                    province="Gia Lai", level="so_nganh", head_title="Giám đốc", code="STP")  # fmt: skip
ON = date(2026, 1, 12)


def _decided(db, person: int, code: str) -> int:
    pid = proposals.create_proposal(
        db, code, 2025, individual_id=person, summary="Hoàn thành xuất sắc nhiệm vụ"
    )
    settings = desk_settings.load(db)
    workflow.deliberate(db, pid, 9, 9, settings)
    workflow.submit(db, pid, "15/TTr-STP", date(2025, 12, 20), settings, override_reason="thử")
    workflow.decide(
        db, pid, approved=True, number="05/QĐ-STP", on=ON, issuer=authorities.issuer_for(code, DESK, ON)
    )
    return pid


def test_the_higher_title_only_is_paid_and_the_three_figures_agree(db, tmp_path):
    desk_settings.save_identity(db, DESK)
    unit = units.create_unit(db, "Phòng Hành chính tư pháp")
    both = individuals.create_individual(db, "Rah Lan Thị Mai", Sex.FEMALE, unit_id=unit, birth_year=1986)
    other = individuals.create_individual(db, "Siu Hương", Sex.FEMALE, unit_id=unit, birth_year=1990)
    individuals.set_rating(db, 2025, Rating.EXCELLENT, individual_id=both)
    individuals.set_rating(db, 2025, Rating.GOOD, individual_id=other)
    _decided(db, both, "CSTDCS")
    _decided(db, both, "LDTT")
    _decided(db, other, "LDTT")
    # 2,340,000 base salary (ND 73/2024): CSTĐCS 1.0 → 2,340,000; LĐTT 0.3 → 702,000 → 710,000
    expected = 2_340_000 + 710_000

    out = tmp_path / "tien.xlsx"
    er.run("tien-thuong", db, out, er.Options(decision="05/QĐ-STP"))
    ws = load_workbook(out).active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    total_row = next(r for r in values if "Tổng cộng" in r)
    assert expected in total_row
    unpaid = [r for r in values if "Rah Lan Thị Mai" in r and "Lao động tiên tiến" in r][0]
    assert 0 in unpaid and any("cao nhất" in str(v) for v in unpaid if v)

    context = dp.write(db, "quyet-dinh", tmp_path / "qd.docx", number="05/QĐ-STP")
    assert context["tong_tien"] == "3.050.000"
    text = "\n".join(p.text for p in Document(str(tmp_path / "qd.docx")).paragraphs)
    assert "Tổng số tiền thưởng: 3.050.000 đồng" in text
    assert "01 cá nhân không nhận tiền thưởng danh hiệu này" in text  # said in Điều 2, with its basis
    assert "khoản 5 Điều 49 Nghị định số 152/2025/NĐ-CP" in text

    lines = ledger.lines(db, decision="05/QĐ-STP")
    assert sum(line.amount for line in lines) == expected
    assert sorted(line.amount for line in lines) == [0, 710_000, 2_340_000]


def test_a_household_is_paid_its_own_rate_in_the_export_the_decision_and_the_ledger(db, tmp_path):
    """Issue 22, point 6: a household given a Bằng khen is paid 1.5× the individual's amount (the
    desk's setting; Decree 152/2025 Art. 54), not a collective's 2×, and the three figures agree."""
    desk_settings.save_identity(db, DESK)
    unit = units.create_unit(db, "Phòng Hành chính tư pháp")
    home = units.create_unit(db, "Hộ gia đình bà Rơ Châm H'Lan")
    units.update_unit(db, home, collective_type="ho_gia_dinh")
    person = individuals.create_individual(db, "Rah Lan Thị Mai", Sex.FEMALE, unit_id=unit, birth_year=1986)
    settings = desk_settings.load(db)
    for kw in ({"individual_id": person}, {"unit_id": unit}, {"unit_id": home}):
        pid = proposals.create_proposal(db, "BK_TINH", 2025, summary="Có nhiều đóng góp", **kw)
        workflow.deliberate(db, pid, 9, 9, settings)
        workflow.submit(db, pid, "15/TTr-STP", date(2025, 12, 20), settings, override_reason="thử")
        workflow.decide(db, pid, approved=True, number="06/QĐ-UBND", on=ON,
                        issuer=authorities.issuer_for("BK_TINH", DESK, ON))  # fmt: skip
    # 2,340,000 × 1.5 = 3,510,000; a collective 7,020,000; a household 1.5 × 3,510,000 = 5,265,000 → 5,270,000
    expected = 3_510_000 + 7_020_000 + 5_270_000
    out = tmp_path / "tien.xlsx"
    er.run("tien-thuong", db, out, er.Options(decision="06/QĐ-UBND"))
    values = [[c.value for c in row] for row in load_workbook(out).active.iter_rows()]
    assert expected in next(r for r in values if "Tổng cộng" in r)
    household = next(r for r in values if "Hộ gia đình bà Rơ Châm H'Lan" in r)
    assert 5_270_000 in household and "2,25" in household
    context = dp.write(db, "quyet-dinh", tmp_path / "qd.docx", number="06/QĐ-UBND")
    text = "\n".join(p.text for p in Document(str(tmp_path / "qd.docx")).paragraphs)
    assert (
        "mỗi tập thể 7.020.000 đồng (3 lần mức lương cơ sở); mỗi hộ gia đình 5.270.000 đồng (2,25 lần mức lương "
        "cơ sở); mỗi cá nhân 3.510.000 đồng (1,5 lần mức lương cơ sở), theo Điều 54 Nghị định số 152/2025/NĐ-CP"
    ) in text
    assert context["hinh_thuc"][0]["so_luong"] == "01 tập thể, 01 hộ gia đình và 01 cá nhân"
    assert "Tổng số tiền thưởng: 15.800.000 đồng" in text
    assert "Khen thưởng 01 tập thể, 01 hộ gia đình và 01 cá nhân" in text
    assert sum(line.amount for line in ledger.lines(db, decision="06/QĐ-UBND")) == expected


def test_a_schools_papers_speak_of_the_school_year(db, tmp_path):
    """Issue 22, point 9: a tờ trình and a decision whose nominees all belong to a school counting
    by school year say "năm học 2024–2025"; with another unit among them, "năm 2025"."""
    desk_settings.save_identity(db, DESK)
    school = units.create_unit(db, "Trường THPT Pleiku", school_year=True)
    teacher = individuals.create_individual(db, "Ksor H'Bia", Sex.FEMALE, unit_id=school, birth_year=1988)
    _decided(db, teacher, "LDTT")
    dp.write(db, "to-trinh", tmp_path / "tt.docx", number="15/TTr-STP")
    text = "\n".join(p.text for p in Document(str(tmp_path / "tt.docx")).paragraphs)
    assert "phong trào thi đua năm học 2024–2025" in text and "khen thưởng năm học 2024–2025 của" in text
    dp.write(db, "quyet-dinh", tmp_path / "qd.docx", number="05/QĐ-STP")
    text = "\n".join(p.text for p in Document(str(tmp_path / "qd.docx")).paragraphs)
    assert "phong trào thi đua năm học 2024–2025" in text
    other = individuals.create_individual(
        db, "Rah Lan Thị Mai", Sex.FEMALE, unit_id=units.create_unit(db, "Phòng Tư pháp")
    )
    _decided(db, other, "LDTT")
    dp.write(db, "quyet-dinh", tmp_path / "qd2.docx", number="05/QĐ-STP")
    text = "\n".join(p.text for p in Document(str(tmp_path / "qd2.docx")).paragraphs)
    assert "phong trào thi đua năm 2025" in text
