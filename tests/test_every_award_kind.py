"""Certificates, papers and money on a second desk that differs from the sample in every way
that matters (issue 19): a department of Gia Lai, its own head's decision (Giấy khen,
CSTĐCS, LĐTT, a money-only collective title), the provincial chairman's (TTLĐXS, Bằng khen
to a person and a collective, CSTĐ cấp tỉnh, Cờ thi đua), the Prime Minister's Bằng khen, and
officers of a military unit with their ranks. PDFs are read back page by page, the .docx back,
and what is refused is checked with its reason."""

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from thidua_desktop.domain.identity import DeskIdentity, Signer
from thidua_desktop.domain.models import AwardTrack, Rating, Sex
from thidua_desktop.reports.certificates import batch as rc
from thidua_desktop.reports.certificates import kinds
from thidua_desktop.reports.excel import registry as er
from thidua_desktop.reports.papers import word as dp
from thidua_desktop.rules import authorities
from thidua_desktop.store import desk_settings, open_database
from thidua_desktop.store.dossier import ledger
from thidua_desktop.store.records import individuals, proposals, units, workflow
from thidua_desktop.store.report_data import certificates as sc

DESK = DeskIdentity(
    agency="Sở Tư pháp", parent_agency="Ủy ban nhân dân tỉnh Gia Lai", place="Pleiku", province="tỉnh Gia Lai",
    level="so_nganh", head_title="Giám đốc", code="STP",
    signers={"quyet-dinh": Signer("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Rơ Châm Hiền"),
             "to-trinh": Signer("", "GIÁM ĐỐC", "Nguyễn Thị Lan")},
)  # fmt: skip
OWN, PROVINCE, PM, ARMY = "05/QĐ-STP", "88/QĐ-UBND", "120/QĐ-TTg", "31/QĐ-BCH"
ON = date(2026, 1, 12)
SAMPLE_WORDS = ("Đắk Lắk", "ĐẮK LẮK", "Khối thi đua số 3", "KTĐ3")


def _decide(db, number: str, code: str, *, person=None, unit=None, issuer: str = "") -> int:
    pid = proposals.create_proposal(db, code, 2025, individual_id=person, unit_id=unit,
                                    summary="Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2025")  # fmt: skip
    settings = desk_settings.load(db)
    workflow.deliberate(db, pid, 9, 9, settings)
    workflow.submit(db, pid, "15/TTr-STP", date(2025, 12, 20), settings, override_reason="hồ sơ thử")
    workflow.decide(db, pid, approved=True, number=number, on=ON,
                    issuer=issuer or authorities.issuer_for(code, DESK, ON))  # fmt: skip
    return pid


@pytest.fixture
def desk(tmp_path) -> Path:
    path = tmp_path / "so-tu-phap-gia-lai.sqlite"
    db = open_database(path)
    desk_settings.save_identity(db, DESK)
    office = units.create_unit(db, "Phòng Hành chính tư pháp")
    bureau = units.create_unit(db, "Văn phòng Sở")
    army = units.create_unit(db, "Bộ Chỉ huy Quân sự tỉnh Gia Lai", award_track=AwardTrack.ARMED)
    mai = individuals.create_individual(db, "Rah Lan Thị Mai", Sex.FEMALE, unit_id=office, birth_year=1986,
                                        position="Chuyên viên chính")  # fmt: skip
    siu = individuals.create_individual(db, "Siu Hương", Sex.FEMALE, unit_id=office, birth_year=1990,
                                        position="Chuyên viên")  # fmt: skip
    tam = individuals.create_individual(db, "Lê Minh Tâm", Sex.MALE, unit_id=bureau, birth_year=1978,
                                        position="Chánh Văn phòng")  # fmt: skip
    officer = individuals.create_individual(db, "Trần Thị Hà", Sex.FEMALE, unit_id=army, birth_year=1988,
                                            rank="Đại úy", position="Trợ lý Pháp chế")  # fmt: skip
    major = individuals.create_individual(db, "Nguyễn Văn Hùng", Sex.MALE, unit_id=army, birth_year=1980,
                                          rank="Thiếu tá", position="Trưởng ban Tuyên huấn")  # fmt: skip
    for person in (mai, siu, tam, officer, major):
        individuals.set_rating(db, 2025, Rating.EXCELLENT, individual_id=person)
    # the head's own decision: Giấy khen, CSTĐCS, LĐTT (Mai has both titles: paid the higher)
    _decide(db, OWN, "GK", person=tam)
    _decide(db, OWN, "CSTDCS", person=mai)
    _decide(db, OWN, "LDTT", person=mai)
    _decide(db, OWN, "LDTT", person=siu)
    _decide(db, OWN, "TTLDTT", unit=bureau)
    # the chairman's: TTLĐXS, Bằng khen to a person and a collective, CSTĐ cấp tỉnh, Cờ thi đua
    _decide(db, PROVINCE, "TTLDXS", unit=office)
    _decide(db, PROVINCE, "BK_TINH", person=officer)
    _decide(db, PROVINCE, "BK_TINH", unit=bureau)
    _decide(db, PROVINCE, "CSTDT", person=tam)
    _decide(db, PROVINCE, "CO_TINH", unit=office)
    # the Prime Minister's, and the military unit's commander's Giấy khen to an officer
    _decide(db, PM, "BK_TTG", person=siu)
    _decide(db, ARMY, "GK", person=major, issuer="Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh Gia Lai")
    db.close()
    return path


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "thidua_desktop", *args], capture_output=True, text=True,
                          encoding="utf-8", timeout=300)  # fmt: skip


def _pages(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(str(path)).pages]


def test_each_recipient_takes_the_certificate_of_its_own_award_and_issuer(desk):
    db = open_database(desk)
    templates = rc.all_templates(sc.desk_templates(db))
    groups, skipped = kinds.sort_out(sc.recipients(db, decision=OWN), templates, DESK)
    assert {g.template.name: len(g.records) for g in groups} == {
        "giay-khen-a4": 1,
        "bang-chung-nhan-co-so-a4": 1,
    }
    reasons = {kinds.code_of(s.record): s.reason for s in skipped}
    assert set(reasons) == {"LDTT", "TTLDTT"} and all("chỉ tặng tiền thưởng" in r for r in reasons.values())
    groups, skipped = kinds.sort_out(sc.recipients(db, decision=PROVINCE), templates, DESK)
    assert {g.template.name: len(g.records) for g in groups} == {
        "bang-khen-tinh-a3": 2,
        "bang-chung-nhan-tinh-a3": 2,
    }
    assert [kinds.code_of(s.record) for s in skipped] == ["CO_TINH"] and "trao cờ" in skipped[0].reason
    groups, skipped = kinds.sort_out(sc.recipients(db, decision=PM), templates, DESK)
    assert not groups and "Thủ tướng Chính phủ quyết định và cấp bằng" in skipped[0].reason
    db.close()


def test_certificates_read_back_title_issuer_rank_and_signer(desk, tmp_path):
    own = _cli("certificates", "--db", str(desk), "--decision", OWN, "-o", str(tmp_path / "own.pdf"))
    assert own.returncode == 0, own.stderr
    assert own.stderr.count("Không in:") == 3  # two LĐTT and the TTLĐTT, each with its reason
    gk = _pages(tmp_path / "own-giay-khen-a4.pdf")
    assert len(gk) == 1
    for text in ("GIÁM ĐỐC SỞ TƯ PHÁP TỈNH GIA LAI", "GIẤY KHEN", "Ông LÊ MINH TÂM", "Chánh Văn phòng, Văn phòng Sở",
                 "Pleiku, ngày 12 tháng 01 năm 2026", "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC", "Rơ Châm Hiền"):  # fmt: skip
        assert text in gk[0], text  # the authority line and the title on two lines
    cs = _pages(tmp_path / "own-bang-chung-nhan-co-so-a4.pdf")
    assert "CHIẾN SĨ THI ĐUA CƠ SỞ" in cs[0] and "Bà RAH LAN THỊ MAI" in cs[0] and "BẰNG KHEN" not in cs[0]
    # the chairman's decision: his signer is not the department's; refused until one is given
    unsigned = _cli("certificates", "--db", str(desk), "--decision", PROVINCE, "-o", str(tmp_path / "p.pdf"))
    assert unsigned.returncode == 1 and "chưa ghi họ tên người ký" in unsigned.stderr
    wrong = _cli("certificates", "--db", str(desk), "--decision", PROVINCE, "--signer-name", "Rơ Châm Hiền",
                 "--signer-title", "GIÁM ĐỐC", "-o", str(tmp_path / "p.pdf"))  # fmt: skip
    assert wrong.returncode == 1 and "không phải của người tặng" in wrong.stderr
    signed = _cli("certificates", "--db", str(desk), "--decision", PROVINCE, "--signer-name", "Hồ Văn Niên",
                  "--signer-title", "KT. CHỦ TỊCH\\nPHÓ CHỦ TỊCH", "-o", str(tmp_path / "p.pdf"))  # fmt: skip
    assert signed.returncode == 0, signed.stderr
    assert "Không in:" in signed.stderr and "Cờ thi đua" in signed.stderr
    bk = _pages(tmp_path / "p-bang-khen-tinh-a3.pdf")
    assert len(bk) == 2
    assert any("VĂN PHÒNG SỞ" in page for page in bk)  # a collective: its name, no Ông/Bà
    officer = next(page for page in bk if "TRẦN THỊ HÀ" in page)
    for text in ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH GIA LAI", "BẰNG KHEN", "Đại úy TRẦN THỊ HÀ",
                 "Trợ lý Pháp chế, Bộ Chỉ huy Quân sự tỉnh Gia Lai", "Gia Lai, ngày 12 tháng 01 năm 2026",
                 "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Hồ Văn Niên", "Quyết định số 88/QĐ-UBND"):  # fmt: skip
        assert text in officer, text
    assert "Bà TRẦN" not in officer  # the rank, not Ông/Bà
    titles = _pages(tmp_path / "p-bang-chung-nhan-tinh-a3.pdf")
    assert {("CHIẾN SĨ THI ĐUA CẤP TỈNH" in p) + 2 * ("TẬP THỂ LAO ĐỘNG XUẤT SẮC" in p) for p in titles} == {
        1,
        2,
    }
    assert not any("BẰNG KHEN" in p for p in titles)
    # the Prime Minister's Bằng khen is printed by the Government
    central = _cli("certificates", "--db", str(desk), "--decision", PM, "-o", str(tmp_path / "pm.pdf"))
    assert central.returncode == 1 and "Thủ tướng Chính phủ quyết định và cấp bằng" in central.stderr
    assert not (tmp_path / "pm.pdf").exists()
    # an officer's Giấy khen from his commander: the commander's title over the commander's signature
    army = _cli("certificates", "--db", str(desk), "--decision", ARMY, "--signer-name", "Đỗ Văn Thành",
                "-o", str(tmp_path / "army.pdf"))  # fmt: skip
    assert army.returncode == 0, army.stderr
    page = _pages(tmp_path / "army.pdf")[0]
    assert "CHỈ HUY TRƯỞNG BỘ CHỈ HUY QUÂN SỰ TỈNH GIA LAI" in page and "Thiếu tá NGUYỄN VĂN HÙNG" in page
    for name in tmp_path.glob("*.pdf"):
        for word in SAMPLE_WORDS:
            assert all(word not in p for p in _pages(name)), (name, word)


def _docx_text(path: Path) -> str:
    document = Document(str(path))
    return "\n".join([p.text for p in document.paragraphs]
                     + [c.text for t in document.tables for r in t.rows for c in r.cells])  # fmt: skip


def _header(path: Path) -> list[str]:
    """The issuer's two lines at the top left (Decree 30/2020)."""
    return [line for line in Document(str(path)).tables[0].cell(0, 0).text.split("\n") if line.strip()][:2]


def test_papers_are_their_issuers_and_cite_texts_in_force(desk, tmp_path):
    db = open_database(desk)
    dp.write(db, "quyet-dinh", tmp_path / "own.docx", number=OWN)
    own = _docx_text(tmp_path / "own.docx")
    assert _header(tmp_path / "own.docx") == ["UBND TỈNH GIA LAI", "SỞ TƯ PHÁP"]
    assert "GIÁM ĐỐC SỞ TƯ PHÁP" in own and "Luật Tổ chức chính quyền địa phương" not in own
    assert ("Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định chi tiết thi hành "
            "một số điều của Luật Thi đua, khen thưởng;") in own  # fmt: skip
    assert "Căn cứ Thông tư số 15/2025/TT-BNV ngày 04 tháng 8 năm 2025" in own
    assert "98/2023" not in own and "Sở Nội vụ" not in own
    assert "Tờ trình số 15/TTr-STP ngày 20/12/2025" in own
    assert "(Kèm theo Quyết định số 05/QĐ-STP ngày 12/01/2026 của Giám đốc Sở Tư pháp)" in own
    assert "Chánh Văn phòng, Thủ trưởng các phòng, đơn vị thuộc Sở Tư pháp" in own
    assert "Rơ Châm Hiền" in own  # the signer's name where known
    dp.write(db, "quyet-dinh", tmp_path / "province.docx", number=PROVINCE)
    province = _docx_text(tmp_path / "province.docx")
    assert _header(tmp_path / "province.docx") == ["ỦY BAN NHÂN DÂN", "TỈNH GIA LAI"]
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH GIA LAI" in province
    assert "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15 ngày 16 tháng 6 năm 2025;" in province
    assert "đề nghị của Giám đốc Sở Nội vụ" in province and "Đại úy Trần Thị Hà" in province
    with pytest.raises(dp.PaperError, match="Thủ tướng Chính phủ"):
        dp.write(db, "quyet-dinh", tmp_path / "pm.docx", number=PM)
    assert not (tmp_path / "pm.docx").exists()
    refused = _cli(
        "papers", "quyet-dinh", "--db", str(desk), "--decision", PM, "-o", str(tmp_path / "pm.docx")
    )
    assert (
        refused.returncode != 0 and "Thủ tướng Chính phủ" in refused.stderr and "tờ trình" in refused.stderr
    )
    dp.write(db, "to-trinh", tmp_path / "tt.docx", number="15/TTr-STP")
    submission = _docx_text(tmp_path / "tt.docx")
    # the highest award it carries is the Prime Minister's: the chairman is asked to propose it
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Gia Lai." in submission
    assert "xem xét, đề nghị Thủ tướng Chính phủ quyết định./." in submission
    assert "Nguyễn Thị Lan" in submission
    for text in (own, province, submission):
        for word in SAMPLE_WORDS:
            assert word not in text
    db.close()


def test_an_achievement_report_covers_the_years_its_award_rests_on(desk, tmp_path):
    db = open_database(desk)
    tam = db.conn.execute("SELECT id FROM individuals WHERE full_name = 'Lê Minh Tâm'").fetchone()[0]
    for year in (2023, 2024):
        individuals.add_award(db, year, "CSTDCS", individual_id=tam,
                              decision_number=f"{year - 2000}/QĐ-STP", decision_date=date(year + 1, 1, 10),
                              issuer="Giám đốc Sở Tư pháp")  # fmt: skip
    individuals.add_award(db, 2019, "LDTT", individual_id=tam, decision_number="19/QĐ-STP",
                          decision_date=date(2020, 1, 10), issuer="Giám đốc Sở Tư pháp")  # fmt: skip
    dp.write(db, "bao-cao-ca-nhan", tmp_path / "bc.docx", person=tam)
    text = _docx_text(tmp_path / "bc.docx")
    assert "ĐỀ NGHỊ TẶNG CHIẾN SĨ THI ĐUA CẤP TỈNH" in text  # the higher of his 2025 proposals
    assert "Thành tích đạt được của cá nhân từ năm 2023 đến năm 2025" in text
    assert "23/QĐ-STP" in text and "24/QĐ-STP" in text and "19/QĐ-STP" not in text
    assert "Nghị định số 152/2025/NĐ-CP" in text
    db.close()


def test_the_three_money_figures_agree(desk, tmp_path):
    db = open_database(desk)
    for number in (OWN, PROVINCE):
        out = tmp_path / "tien.xlsx"
        er.run("tien-thuong", db, out, er.Options(decision=number))
        rows = [[c.value for c in row] for row in load_workbook(out).active.iter_rows()]
        exported = next(r for r in rows if "Tổng cộng" in r)[5]
        context = dp.write(db, "quyet-dinh", tmp_path / "qd.docx", number=number)
        drafted = int(context["tong_tien"].replace(".", ""))
        booked = sum(line.amount for line in ledger.lines(db, decision=number))
        assert exported == drafted == booked, number
    # Mai's LĐTT is not paid beside her CSTĐCS (only the higher title of a period)
    assert booked > 0
    own = [line for line in ledger.lines(db, decision=OWN) if line.nominee == "Rah Lan Thị Mai"]
    assert sorted(line.amount for line in own) == [0, 2_340_000]
    db.close()
