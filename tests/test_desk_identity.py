"""The desk's identity (issue 18): kept in the data file, set from the command line, read by
every output; who decides each award (Law 06/2022 Art. 77-80) and how a decision of each
issuer reads (letterhead, bases, Điều 3); citations in force on the paper's date."""

import sqlite3
from datetime import date

import pytest
from conftest import run_cli
from docx import Document
from openpyxl import load_workbook

from thidua_desktop.domain.identity import DeskIdentity, IdentityError, Signer, normal_case
from thidua_desktop.domain.models import Sex
from thidua_desktop.reports.excel import registry as er
from thidua_desktop.reports.letterhead import of_db
from thidua_desktop.reports.papers import context as pc
from thidua_desktop.reports.papers import word as dp
from thidua_desktop.reports.papers.issuer import OutsideRemit, certificate_values, decision_issuer
from thidua_desktop.rules import authorities, legal_texts
from thidua_desktop.store import desk_settings, open_database
from thidua_desktop.store.records import individuals, proposals, units, workflow

GIA_LAI = DeskIdentity(
    agency="SỞ TƯ PHÁP", parent_agency="Ủy ban nhân dân tỉnh Gia Lai", place="Pleiku", province="Gia Lai",
    level="so_nganh", head_title="Giám đốc", code="STP",
    signers={"quyet-dinh": Signer("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Rơ Châm Hiền")},
)  # fmt: skip
COMMUNE = DeskIdentity(
    agency="Ủy ban nhân dân xã Ia Grai", place="Ia Grai", province="tỉnh Gia Lai", level="xa",
)  # fmt: skip


# --- the identity itself ------------------------------------------------------------------------
def test_names_typed_in_capitals_read_as_running_text_and_the_letterhead_follows_decree_30():
    assert normal_case("SỞ TƯ PHÁP") == "Sở Tư pháp"
    assert normal_case("SỞ GIÁO DỤC VÀ ĐÀO TẠO") == "Sở Giáo dục và Đào tạo"
    assert normal_case("ỦY BAN NHÂN DÂN TỈNH GIA LAI") == "Ủy ban nhân dân tỉnh Gia Lai"
    assert normal_case("BAN THI ĐUA - KHEN THƯỞNG") == "Ban Thi đua - Khen thưởng"
    assert normal_case("Thanh tra tỉnh") == "Thanh tra tỉnh"  # typed in mixed case: kept
    assert GIA_LAI.full_name == "Sở Tư pháp tỉnh Gia Lai"
    assert GIA_LAI.province_name == "tỉnh Gia Lai"
    assert GIA_LAI.head_of_agency() == "Giám đốc Sở Tư pháp"
    # a department: the parent regular above its own name; a People's Committee: both its own, bold
    assert GIA_LAI.letterhead() == ("UBND TỈNH GIA LAI", "SỞ TƯ PHÁP", False)
    assert COMMUNE.letterhead() == ("ỦY BAN NHÂN DÂN", "XÃ IA GRAI", True)
    assert COMMUNE.head_of_agency() == "Chủ tịch Ủy ban nhân dân xã Ia Grai"
    assert GIA_LAI.signer("quyet-dinh").lines() == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    assert GIA_LAI.signer("to-trinh") == Signer("", "GIÁM ĐỐC", "")  # not set: the head in their own right


def test_unknown_keys_and_bad_values_are_refused_with_the_keys_listed():
    with pytest.raises(IdentityError, match="agency, parent_agency, place"):
        DeskIdentity().with_values({"tinh": "Gia Lai"})
    with pytest.raises(IdentityError, match="so_nganh"):
        DeskIdentity().with_values({"level": "bo"})
    assert DeskIdentity().problems() and not GIA_LAI.problems()
    assert DeskIdentity.from_json(GIA_LAI.to_json()) == GIA_LAI
    assert DeskIdentity.from_json("{not json") == DeskIdentity()


def test_the_identity_travels_in_the_data_file_and_an_old_file_takes_its_clusters(db_path):
    db = open_database(db_path)
    assert not desk_settings.has_identity(db)
    units.create_cluster(db, "Khối thi đua số 5", "Ủy ban nhân dân tỉnh Kon Tum")
    derived = desk_settings.load_identity(db)  # a file from before identities were kept
    assert (derived.agency, derived.place, derived.province, derived.level) == (
        "Khối thi đua số 5",
        "Kon Tum",
        "tỉnh Kon Tum",
        "khoi",
    )
    desk_settings.save_identity(db, GIA_LAI)
    db.close()
    assert desk_settings.load_identity(open_database(db_path)) == GIA_LAI


# --- who decides ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("code", "identity", "on", "issuer"),
    [
        ("GK", GIA_LAI, date(2025, 12, 1), "Giám đốc Sở Tư pháp"),
        ("CSTDCS", GIA_LAI, date(2025, 12, 1), "Giám đốc Sở Tư pháp"),
        ("LDTT", GIA_LAI, date(2025, 12, 1), "Giám đốc Sở Tư pháp"),
        ("TTLDXS", GIA_LAI, date(2025, 12, 1), "Chủ tịch Ủy ban nhân dân tỉnh Gia Lai"),
        ("BK_TINH", GIA_LAI, date(2025, 12, 1), "Chủ tịch Ủy ban nhân dân tỉnh Gia Lai"),
        ("CSTDT", GIA_LAI, date(2025, 12, 1), "Chủ tịch Ủy ban nhân dân tỉnh Gia Lai"),
        ("CO_TINH", GIA_LAI, date(2025, 12, 1), "Chủ tịch Ủy ban nhân dân tỉnh Gia Lai"),
        ("BK_TTG", GIA_LAI, date(2025, 12, 1), "Thủ tướng Chính phủ"),
        ("CSTDTQ", GIA_LAI, date(2025, 12, 1), "Thủ tướng Chính phủ"),
        ("CO_CP", GIA_LAI, date(2025, 12, 1), "Thủ tướng Chính phủ"),
        ("HCLD3", GIA_LAI, date(2025, 12, 1), "Chủ tịch nước"),
        ("GK", COMMUNE, date(2025, 12, 1), "Chủ tịch Ủy ban nhân dân xã Ia Grai"),
        ("LDTT", COMMUNE, date(2025, 12, 1), "Chủ tịch Ủy ban nhân dân xã Ia Grai"),
        # Art. 80.3: a commune chairman does not decide CSTĐCS; before 01/07/2025 the district did
        ("CSTDCS", COMMUNE, date(2025, 3, 1), "Chủ tịch Ủy ban nhân dân cấp huyện"),
    ],
)
def test_each_award_is_decided_by_its_authority(code, identity, on, issuer):
    assert authorities.issuer_for(code, identity, on) == issuer
    authority = authorities.deciding(code, identity.level, on)
    assert authority.basis.endswith("Luật Thi đua, khen thưởng số 06/2022/QH15")


def test_a_decision_outside_the_desks_line_is_warned_of():
    assert authorities.level_warning("Chủ tịch Ủy ban nhân dân tỉnh Gia Lai", "so_nganh") == ""
    assert authorities.level_warning("Giám đốc Sở Tư pháp", "so_nganh") == ""
    warning = authorities.level_warning("Chủ tịch Ủy ban nhân dân xã Ia Grai", "so_nganh")
    assert "không đề nghị" in warning and "khoản 3 Điều 80" in warning


# --- citations in force ----------------------------------------------------------------------------
def test_citations_are_full_and_only_of_texts_signed_and_in_force_on_the_date():
    before = legal_texts.emulation_bases(date(2025, 3, 10))
    assert before["nghi_dinh"] == (
        "Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành một số "
        "điều của Luật Thi đua, khen thưởng"
    )
    assert before["thong_tu"].startswith("Thông tư số 01/2024/TT-BNV")
    assert before["luat"] == "Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022"
    july = legal_texts.emulation_bases(date(2025, 7, 20))  # ND 152 in force, TT 15 not yet signed
    assert july["nghi_dinh"].startswith("Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025")
    assert july["thong_tu"] == ""
    later = legal_texts.emulation_bases(date(2025, 9, 1))
    assert later["thong_tu"].startswith("Thông tư số 15/2025/TT-BNV ngày 04 tháng 8 năm 2025")
    assert legal_texts.local_government(date(2025, 1, 5))[0].startswith(
        "Luật Tổ chức chính quyền địa phương số 77/2015/QH13 ngày 19 tháng 6 năm 2015"
    )
    assert legal_texts.local_government(date(2025, 9, 1)) == [
        "Luật Tổ chức chính quyền địa phương số 72/2025/QH15 ngày 16 tháng 6 năm 2025"
    ]


# --- how a decision of each issuer reads ------------------------------------------------------------
def _record(code: str, issuer: str = "", **more) -> dict:
    return {"id": 1, "subject": "ca_nhan", "year": 2025, "award_code": code, "awarded_code": None,
            "decision_issuer": issuer, "decision_date": "2026-01-12", "submission_number": "15/TTr-STP",
            "submission_date": "2025-12-20", "full_name": "Rah Lan Thị Mai", "sex": "nu", "birth_year": 1986,
            "ethnicity": "Jrai", "rank": "", "position": "Chuyên viên", "unit_name": "Phòng Hành chính tư pháp",
            "summary": "Hoàn thành xuất sắc nhiệm vụ năm 2025", **more}  # fmt: skip


def test_a_department_heads_decision_is_the_departments_own_paper():
    paper = pc.decision_context([_record("GK")], "05/QĐ-STP", pc.Desk(GIA_LAI))
    assert (paper["co_quan_cap_tren"], paper["co_quan"], paper["co_quan_cap_tren_dam"]) == (
        "UBND TỈNH GIA LAI",  # Decree 30 allows UBND in the line above the issuer
        "SỞ TƯ PHÁP",
        False,
    )
    assert paper["co_quan_ban_hanh"] == "GIÁM ĐỐC SỞ TƯ PHÁP"
    assert paper["can_cu_to_chuc"] == []  # no local-government law: no People's Committee issues
    assert (
        "Sở Nội vụ" not in paper["xet_de_nghi"]
        and "Tờ trình số 15/TTr-STP ngày 20/12/2025" in paper["xet_de_nghi"]
    )
    assert paper["thi_hanh"] == "Chánh Văn phòng, Thủ trưởng các phòng, đơn vị thuộc Sở Tư pháp"
    assert (paper["nguoi_ky_quyen_han"], paper["nguoi_ky_chuc_vu"], paper["nguoi_ky_ho_ten"]) == (
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Rơ Châm Hiền",
    )
    assert paper["dia_danh_ngay"] == "Pleiku, ngày 12 tháng 01 năm 2026"


def test_the_chairmans_decision_carries_his_letterhead_his_power_and_his_offices():
    paper = pc.decision_context([_record("BK_TINH")], "88/QĐ-UBND", pc.Desk(GIA_LAI))
    assert (paper["co_quan_cap_tren"], paper["co_quan"], paper["co_quan_cap_tren_dam"]) == (
        "ỦY BAN NHÂN DÂN",
        "TỈNH GIA LAI",
        True,
    )
    assert paper["co_quan_ban_hanh"] == "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH GIA LAI"
    assert paper["can_cu_to_chuc"] == legal_texts.local_government(date(2026, 1, 12))
    assert paper["xet_de_nghi"].endswith("và đề nghị của Giám đốc Sở Nội vụ")
    assert paper["thi_hanh"].startswith("Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nội vụ")
    # the department's own signer is not put under the chairman's title
    assert (paper["nguoi_ky_quyen_han"], paper["nguoi_ky_chuc_vu"], paper["nguoi_ky_ho_ten"]) == (
        "",
        "CHỦ TỊCH",
        "",
    )


def test_a_central_authoritys_decision_is_not_drafted_and_says_who_decides():
    with pytest.raises(OutsideRemit, match="Thủ tướng Chính phủ"):
        decision_issuer([_record("BK_TTG")], GIA_LAI, date(2026, 1, 12))
    with pytest.raises(OutsideRemit, match="Thủ tướng Chính phủ"):
        decision_issuer([_record("GK", issuer="Thủ tướng Chính phủ")], GIA_LAI, date(2026, 1, 12))
    # its tờ trình asks the province's chairman to propose it
    paper = pc.submission_context([_record("BK_TTG")], "15/TTr-STP", pc.Desk(GIA_LAI))
    assert paper["kinh_gui"] == "Chủ tịch Ủy ban nhân dân tỉnh Gia Lai"
    assert paper["xem_xet_ket"] == "xem xét, đề nghị Thủ tướng Chính phủ quyết định"


def test_certificates_take_the_issuer_place_and_signer_of_their_own_decision():
    gk = certificate_values(_record("GK"), GIA_LAI)
    assert gk == {"issuer": "GIÁM ĐỐC SỞ TƯ PHÁP TỈNH GIA LAI", "place": "Pleiku",
                  "signer_title": "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC", "signer_name": "Rơ Châm Hiền"}  # fmt: skip
    bk = certificate_values(_record("BK_TINH"), GIA_LAI)
    assert bk == {"issuer": "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH GIA LAI", "place": "Gia Lai", "signer_title": "CHỦ TỊCH",
                  "signer_name": ""}  # fmt: skip
    recorded = certificate_values(_record("GK", issuer="Chánh Thanh tra tỉnh"), GIA_LAI)
    assert recorded["issuer"] == "CHÁNH THANH TRA TỈNH" and recorded["signer_title"] == "CHÁNH THANH TRA"


# --- the command line --------------------------------------------------------------------------------
def _lines(out: str) -> dict[str, str]:
    return dict(line.split(": ", 1) if ": " in line else (line.rstrip(":"), "") for line in out.splitlines())


def test_desk_prints_the_samples_identity(sample_path):
    done = run_cli("desk", "--db", str(sample_path))
    assert done.returncode == 0, done.stderr
    shown = _lines(done.stdout)
    assert shown["agency"] == "Khối thi đua số 3" and shown["place"] == "Đắk Lắk" and shown["level"] == "khoi"
    assert shown["signer.to-trinh.title"] == "TRƯỞNG KHỐI"


def test_desk_creates_a_new_file_sets_keys_and_refuses_bad_ones(tmp_path):
    path = tmp_path / "so-tu-phap.sqlite"
    assert run_cli("desk", "--db", str(path)).returncode == 3 and not path.exists()
    bad = run_cli("desk", "--db", str(path), "--set", "agency=Sở Tư pháp", "--set", "tinh=Gia Lai")
    assert bad.returncode == 2 and "agency, parent_agency, place" in bad.stderr and not path.exists()
    made = run_cli("desk", "--db", str(path), "--set", "agency=Sở Tư pháp", "--set",
                   "parent_agency=Ủy ban nhân dân tỉnh Gia Lai", "--set", "place=Pleiku")  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert "province" in made.stderr  # still missing, said
    assert _lines(made.stdout)["agency"] == "Sở Tư pháp"
    before = path.read_bytes()
    empty = run_cli("desk", "--db", str(path), "--set", "place=")
    assert empty.returncode == 2 and "bắt buộc" in empty.stderr and path.read_bytes() == before
    more = run_cli("desk", "--db", str(path), "--set", "province=Gia Lai", "--set", "level=so_nganh",
                   "--set", "signer.quyet-dinh.name=Rơ Châm Hiền")  # fmt: skip
    assert more.returncode == 0 and not more.stderr
    shown = _lines(run_cli("desk", "--db", str(path)).stdout)
    assert (
        shown["agency"],
        shown["place"],
        shown["province"],
        shown["level"],
        shown["signer.quyet-dinh.name"],
    ) == ("Sở Tư pháp", "Pleiku", "Gia Lai", "so_nganh", "Rơ Châm Hiền")
    assert sqlite3.connect(path).execute("PRAGMA integrity_check").fetchone() == ("ok",)


# --- every output reads it -------------------------------------------------------------------------
@pytest.fixture
def gia_lai(db):
    """A department of Gia Lai with one unit, one person and a Giấy khen decided by its head."""
    desk_settings.save_identity(db, GIA_LAI)
    unit = units.create_unit(db, "Phòng Hành chính tư pháp")
    person = individuals.create_individual(db, "Rah Lan Thị Mai", Sex.FEMALE, unit_id=unit, birth_year=1986,
                                           position="Chuyên viên")  # fmt: skip
    pid = proposals.create_proposal(
        db, "GK", 2025, individual_id=person, summary="Hoàn thành xuất sắc nhiệm vụ"
    )
    settings = desk_settings.load(db)
    workflow.deliberate(db, pid, 9, 9, settings)
    workflow.submit(db, pid, "15/TTr-STP", date(2025, 12, 20), settings)
    workflow.decide(db, pid, approved=True, number="05/QĐ-STP", on=date(2026, 1, 12),
                    issuer=authorities.issuer_for("GK", GIA_LAI, date(2026, 1, 12)))  # fmt: skip
    return db


def test_exports_and_papers_name_the_desk_and_never_the_sample(gia_lai, tmp_path):
    out = tmp_path / "ds.xlsx"
    er.run("danh-sach-de-nghi", gia_lai, out, er.Options(year=2025))
    cells = [str(c.value) for row in load_workbook(out).active.iter_rows() for c in row if c.value]
    assert "UBND TỈNH GIA LAI" in cells and "SỞ TƯ PHÁP" in cells
    assert any(c.startswith("Pleiku, ngày") for c in cells) and "GIÁM ĐỐC" in cells
    dp.write(gia_lai, "quyet-dinh", tmp_path / "qd.docx", number="05/QĐ-STP")
    dp.write(gia_lai, "to-trinh", tmp_path / "tt.docx", number="15/TTr-STP")
    for name in ("qd.docx", "tt.docx"):
        document = Document(str(tmp_path / name))
        text = "\n".join([p.text for p in document.paragraphs]
                         + [c.text for t in document.tables for r in t.rows for c in r.cells])  # fmt: skip
        assert "SỞ TƯ PHÁP" in text and "Pleiku, ngày" in text
        for foreign in ("Đắk Lắk", "ĐẮK LẮK", "Khối thi đua số 3", "KHỐI THI ĐUA"):
            assert foreign not in text, (name, foreign)
        header = document.tables[0].cell(0, 0).paragraphs
        upper = next(p for p in header if p.text.strip())
        assert upper.text == "UBND TỈNH GIA LAI" and not any(r.bold for r in upper.runs)
    decision = "\n".join(p.text for p in Document(str(tmp_path / "qd.docx")).paragraphs)
    assert "GIÁM ĐỐC SỞ TƯ PHÁP" in decision and "Luật Tổ chức chính quyền địa phương" not in decision
    assert "(Kèm theo Quyết định số 05/QĐ-STP ngày 12/01/2026 của Giám đốc Sở Tư pháp)" in decision
    submission = "\n".join(p.text for p in Document(str(tmp_path / "tt.docx")).paragraphs)
    assert "Kính gửi: Giám đốc Sở Tư pháp." in submission  # a Giấy khen: the head decides
    lh = of_db(gia_lai, on=date(2026, 1, 12))
    assert (lh.parent_agency, lh.agency, lh.place, lh.parent_bold) == (
        "UBND TỈNH GIA LAI",
        "SỞ TƯ PHÁP",
        "Pleiku",
        False,
    )


def test_the_cluster_head_of_the_year_signs_a_secretariats_papers(sample_path):
    sample = open_database(sample_path)
    lh = of_db(sample, year=2025)
    assert lh.signer_lines() == ["TRƯỞNG KHỐI", "VIỆN KIỂM SÁT NHÂN DÂN TỈNH"]
    assert of_db(sample, year=2024).signer_lines()[1] == "BỘ CHỈ HUY BỘ ĐỘI BIÊN PHÒNG TỈNH"
