"""The cluster's papers read back: the minutes of the vote as Excel (openpyxl) and PDF
(pypdf text), and the scoring tally in the house style; every figure equal to what
``voting.standing`` gives the screen, an open vote marked as a draft, a miscount printed."""

from __future__ import annotations

import re
import unicodedata

import pytest
from conftest import run_cli
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from pypdf import PdfReader
from test_cluster_year import YEAR, _score_year

from thidua_desktop.reports.cluster import minutes as cluster_minutes
from thidua_desktop.reports.cluster import tally as cluster_tally
from thidua_desktop.reports.cluster.figures import DRAFT
from thidua_desktop.reports.letterhead import MOTTO, NATION
from thidua_desktop.rules.voting import Race
from thidua_desktop.store import open_database
from thidua_desktop.store.cluster import papers as cluster_papers
from thidua_desktop.store.cluster import voting
from thidua_desktop.store.errors import ConstraintError

CHAIR = "Nguyễn Văn Hùng"
SECRETARY = "Trần Thị Mai"
PLACE = "Hội trường Viện Kiểm sát nhân dân tỉnh"
REASON = "Kiểm phiếu lại theo đề nghị của Công an tỉnh"
TYPED = [("1", "2 3 4"), ("1", "2 3 4"), ("1", "2 4 5"), ("2", "1 3 4"), ("1", "2 3 5"), ("1", "3 4 6")]


@pytest.fixture
def db(sample_path):
    database = open_database(sample_path, user="thư ký")
    yield database
    database.close()


def _vote(db, *, close: bool) -> tuple[int, dict[int, int]]:
    """The year of test_cluster_year: eight units scored, unit 7 on the ballot absent,
    six valid ballots, one blank, one spoiled; closed, reopened and closed again."""
    _score_year(db)
    vote_id = voting.create_vote(db, 1, YEAR, issued=8, commend_places=3, held_on="2025-12-05", place=PLACE,
                                 chair=CHAIR, secretary=SECRETARY)  # fmt: skip
    at = {c["position"]: c["unit_id"] for c in voting.candidates(db, vote_id)}
    for position, unit in at.items():
        voting.set_presence(
            db, vote_id, unit, position != 7, "" if position == 7 else f"Đại biểu số {position}"
        )
    for leading, commend in TYPED:
        voting.add_ballot(
            db, vote_id, "hop_le", voting.parse_marks(leading, at), voting.parse_marks(commend, at)
        )
    voting.add_ballot(db, vote_id, "trang")
    voting.add_ballot(db, vote_id, "hong")
    if close:
        voting.close(db, vote_id)
        voting.reopen(db, vote_id, REASON)
        voting.close(db, vote_id)
        voting.record_next_year(db, vote_id, head=at[2], deputy=at[3], host=at[4])
    return vote_id, at


def _values(ws) -> list:
    return [c.value for row in ws.iter_rows() for c in row if c.value is not None]


def _row_of(ws, text, after: int = 0) -> int:
    for row in ws.iter_rows(min_row=after + 1):
        for c in row:
            if c.value == text:
                return c.row
    raise AssertionError(f"{text!r} not in sheet after row {after}")


def _row_values(ws, row: int) -> list:
    return [c.value for c in ws[row] if c.value is not None]


def _pdf_text(path) -> tuple[PdfReader, list[str]]:
    reader = PdfReader(path)
    pages = [unicodedata.normalize("NFC", page.extract_text()) for page in reader.pages]
    return reader, [re.sub(r"\s+", " ", p.replace("\u00a0", " ")) for p in pages]


def test_minutes_xlsx_shows_the_figures_of_standing(db, tmp_path):
    vote_id, at = _vote(db, close=True)
    t, ranked, result, names = voting.standing(db, vote_id)
    out = cluster_minutes.write_minutes_xlsx(db, vote_id, tmp_path / "bien-ban.xlsx")
    ws = load_workbook(out)["Biên bản"]
    values = _values(ws)
    # the administrative header, the title, the place and date
    assert ws["A1"].value == "UBND TỈNH ĐẮK LẮK" and ws["A2"].value == "KHỐI THI ĐUA SỐ 3"
    assert NATION in values and MOTTO in values and "Đắk Lắk, ngày 05 tháng 12 năm 2025" in values
    assert ws["A2"].font.bold and ws.cell(2, 19).font.underline == "single"  # the motto
    assert "BIÊN BẢN" in values and "Bình xét thi đua, khen thưởng năm 2025 của Khối thi đua số 3" in values
    assert any(
        isinstance(v, str) and v.startswith("Hôm nay, ngày 05 tháng 12 năm 2025, tại " + PLACE)
        for v in values
    )
    assert f"- Chủ trì: {CHAIR}." in values and f"- Thư ký: {SECRETARY}." in values
    assert DRAFT not in values and not ws.oddHeader.right.text
    # units present and absent, with their representatives
    absent = names[at[7]]
    assert f"- Đại diện các đơn vị thành viên: có mặt 7/8 đơn vị; vắng mặt: {absent}." in values
    r = _row_of(ws, absent)
    assert _row_values(ws, r) == [7, absent, "Vắng mặt"]
    assert _row_values(ws, _row_of(ws, names[at[1]])) == [1, names[at[1]], "Đại biểu số 1", "Có mặt"]
    # the scoring result: units × groups, totals and rank, the tie note
    head = _row_of(ws, "Hạng")
    assert ws.cell(head, 1).value == "Hạng" and "Điểm theo nhóm tiêu chí" in _row_values(ws, head)
    assert _row_values(ws, head + 1) == ["I", "II", "III", "IV", "V", "Cộng", "Trừ", "Tự chấm", "Thống nhất"]
    for r in ranked:  # (a table cut by a page break repeats its header)
        groups = [round(r.by_group[g], 2) for g in ("I", "II", "III", "IV", "V", "C", "T")]
        assert _row_values(ws, _row_of(ws, r.name, after=head)) == [
            r.rank,
            r.name,
            *groups,
            round(r.self_total, 2),
            r.total,
        ]
    third = next(r for r in ranked if r.rank == 3)
    assert f"Ghi chú: {third.name} (hạng 3): bằng tổng điểm; xếp theo điểm nhóm I cao hơn." in values
    # the ballots counted and reconciled
    counts = _row_of(ws, "Phát ra")
    assert _row_values(ws, counts + 1) == [8, 8, 6, 1, 1, "Khớp"]
    assert (
        "Số phiếu thu về bằng số phiếu phát ra và bằng tổng số phiếu hợp lệ, phiếu trắng, phiếu hỏng."
        in values
    )
    # votes per unit, percentages, the threshold, what each lacks
    assert (
        "Đơn vị được chọn phải đạt trên 50 % số phiếu phát ra: ít nhất 5 phiếu trên 8 phiếu phát ra."
        in values
    )
    tt = _row_of(ws, "TT trên phiếu")
    for c in voting.candidates(db, vote_id):
        u = c["unit_id"]
        expected = [c["position"], c["name"]]
        for race in Race:
            expected += [
                t.count(race, u),
                round(round(t.percent(race, u), 1) / 100, 6),
            ]  # a fraction, as a percent
            expected.append(cluster_minutes.outcome(t, result, race, u))
        assert _row_values(ws, _row_of(ws, c["name"], after=tt)) == expected
    first, second = (_row_of(ws, names[at[n]], after=tt) for n in (1, 2))
    assert (
        _row_values(ws, second)[-3:] == [4, 0.5, "Thiếu 1 phiếu"] and _row_values(ws, first)[4] == "Dẫn đầu"
    )
    assert _row_values(ws, _row_of(ws, names[at[3]], after=tt))[-1] == "Được đề nghị"
    assert (
        ws.cell(first, _row_of_col(ws, first, 0.625)).number_format == "0.0%"
    )  # "62,5%" in a Vietnamese Excel
    # the result, next year's roles, the reopening, the signatures
    assert result.leading == at[1] and result.commend == [at[3], at[4]]
    assert ("- Đơn vị dẫn đầu Khối, đề nghị tặng Cờ thi đua của Ủy ban nhân dân tỉnh: "
            f"{names[at[1]]} (5/8 phiếu, 62,5\u00a0%).") in values  # fmt: skip
    assert any(isinstance(v, str) and v.startswith("- Đề nghị tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh (2 đơn vị): "
                                                   f"{names[at[3]]} (5/8 phiếu") for v in values)  # fmt: skip
    assert (
        f"- Khối trưởng năm 2026: {names[at[2]]}." in values
        and f"- Khối phó năm 2026: {names[at[3]]}." in values
    )
    assert f"- Đơn vị đăng cai hội nghị tiếp theo của Khối: {names[at[4]]}." in values
    assert "V. MỞ LẠI KẾT QUẢ BỎ PHIẾU" in values and any(isinstance(v, str) and REASON in v for v in values)
    assert values[-4:] == ["THƯ KÝ", "CHỦ TRÌ", SECRETARY, CHAIR]
    # merged cells, print settings, no formula, nothing left half-written
    merged = {str(m) for m in ws.merged_cells.ranges}
    assert {"A1:R1", "S1:AN1", "A2:R2", "S2:AN2"} <= merged
    groups_at, totals_at = (_row_of_col(ws, head, v) for v in ("Điểm theo nhóm tiêu chí", "Tổng điểm"))
    assert f"{get_column_letter(groups_at)}{head}:{get_column_letter(totals_at - 1)}{head}" in merged
    assert f"A{head}:C{head + 1}" in merged  # "Hạng" spans both header rows
    assert ws.page_setup.orientation == "portrait" and str(ws.page_setup.paperSize) == "9"
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert round(ws.page_margins.left * 25.4) == 30 and round(ws.page_margins.right * 25.4) == 15
    assert ws.oddFooter.center.text == "Trang &P/&N"
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    assert ws.cell(head + 2, 1).font.name == "Times New Roman"
    assert not list(tmp_path.glob(".*dang-ghi"))


def _row_of_col(ws, row: int, value) -> int:
    return next(c.column for c in ws[row] if c.value == value)


def test_minutes_pdf_has_the_same_content(db, tmp_path):
    vote_id, at = _vote(db, close=True)
    t, ranked, result, names = voting.standing(db, vote_id)
    out = cluster_minutes.write_minutes_pdf(db, vote_id, tmp_path / "bien-ban.pdf")
    reader, pages = _pdf_text(out)
    text = " ".join(pages)
    width, height = (float(x) for x in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)  # A4 portrait
    for expected in ("UBND TỈNH ĐẮK LẮK", "KHỐI THI ĐUA SỐ 3", NATION, MOTTO, "/BB-KTĐ3",
                     "Đắk Lắk, ngày 05 tháng 12 năm 2025", "BIÊN BẢN",
                     "Bình xét thi đua, khen thưởng năm 2025 của Khối thi đua số 3",
                     f"Chủ trì: {CHAIR}.", "có mặt 7/8 đơn vị; vắng mặt: " + names[at[7]],
                     "Đơn vị được chọn phải đạt trên 50 % số phiếu phát ra: ít nhất 5 phiếu trên 8 phiếu phát ra.",
                     "Thiếu 1 phiếu", "Được đề nghị", "Dẫn đầu", "62,5", "95,5", "14,25",
                     f"Cờ thi đua của Ủy ban nhân dân tỉnh: {names[at[1]]} (5/8 phiếu, 62,5 %).",
                     f"Khối trưởng năm 2026: {names[at[2]]}.", REASON,
                     "bằng tổng điểm; xếp theo điểm nhóm I cao hơn",
                     "THƯ KÝ", "CHỦ TRÌ", SECRETARY):  # fmt: skip
        assert expected in text, expected
    assert DRAFT not in text and "Khớp" in text and "Không khớp" not in text
    # every unit on the ballot with its votes, in the scoring table with its total
    for r in ranked:
        assert r.name in text
    assert f"{t.count(Race.COMMEND, at[3])} 62,5 Được đề nghị" in text
    # from the second page the number at the top; the font embedded, no standard font used
    assert len(pages) >= 2 and pages[1].lstrip().startswith("2")
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant.get("/FontDescriptor")
            assert descriptor is not None and "/FontFile2" in descriptor.get_object(), font["/BaseFont"]
            fonts.add(str(font["/BaseFont"]))
    assert any("LiberationSerif" in f for f in fonts)
    assert not list(tmp_path.glob(".*dang-ghi"))


def test_an_open_vote_is_a_draft_and_a_miscount_is_printed(db, tmp_path):
    vote_id, at = _vote(db, close=False)
    voting.add_ballot(db, vote_id, "hop_le", voting.parse_marks("1", at), voting.parse_marks("2", at))
    problem = voting.tally_of(db, vote_id).problems[0]
    assert "phát ra (8) khác số phiếu thu về (9)" in problem
    reader, pages = _pdf_text(cluster_minutes.write_minutes_pdf(db, vote_id, tmp_path / "du-thao.pdf"))
    assert all(DRAFT in page for page in pages)  # the mark on every page
    text = " ".join(pages)
    assert "Không khớp" in text and "Số phiếu không khớp, phải kiểm lại trước khi khóa kết quả:" in text
    assert re.sub(r"\s+", " ", problem) in text
    assert "3. Kết quả bình xét (tạm tính: cuộc bỏ phiếu chưa khóa)" in text
    assert "thông qua tại hội nghị" not in text and "Khối trưởng năm 2026: chưa chọn." in text
    ws = load_workbook(cluster_minutes.write_minutes_xlsx(db, vote_id, tmp_path / "du-thao.xlsx")).active
    values = _values(ws)
    assert DRAFT in values and ws.oddHeader.right.text == DRAFT
    assert _row_values(ws, _row_of(ws, "Phát ra") + 1) == [8, 9, 7, 1, 1, "Không khớp"]
    assert f"- {problem}" in values
    # the tally marks it too
    book = load_workbook(cluster_tally.write_tally_xlsx(db, 1, YEAR, tmp_path / "bang-diem.xlsx"))
    assert any(isinstance(v, str) and DRAFT in v for v in _values(book[cluster_tally.VOTE_SHEET]))
    assert any(isinstance(v, str) and v.startswith("Không khớp: Số phiếu phát ra (8)")
               for v in _values(book[cluster_tally.VOTE_SHEET]))  # fmt: skip


def test_tally_in_the_house_style(db, tmp_path):
    vote_id, at = _vote(db, close=True)
    t, ranked, result, names = voting.standing(db, vote_id)
    book = load_workbook(cluster_tally.write_tally_xlsx(db, 1, YEAR, tmp_path / "bang-diem.xlsx"))
    assert book.sheetnames == [cluster_tally.SCORES_SHEET, cluster_tally.VOTE_SHEET]
    ws = book[cluster_tally.SCORES_SHEET]
    values = _values(ws)
    assert ws["A1"].value == "UBND TỈNH ĐẮK LẮK" and NATION in values and MOTTO in values
    assert "BẢNG TỔNG HỢP ĐIỂM THI ĐUA NĂM 2025" in values
    head = _row_of(ws, "Hạng")
    assert _row_values(ws, head) == ["Hạng", "Đơn vị", "Điểm theo nhóm tiêu chí", "Tổng điểm", "Ghi chú"]
    assert _row_values(ws, head + 1) == ["I", "II", "III", "IV", "V", "Cộng", "Trừ", "Tự chấm", "Thống nhất"]
    merged = {str(m) for m in ws.merged_cells.ranges}
    assert f"C{head}:I{head}" in merged and f"J{head}:K{head}" in merged and f"A{head}:A{head + 1}" in merged
    for offset, r in enumerate(ranked, start=2):
        row = [ws.cell(head + offset, c).value for c in range(1, 13)]
        groups = [round(r.by_group[g], 2) for g in ("I", "II", "III", "IV", "V", "C", "T")]
        assert row[:11] == [r.rank, r.name, *groups, round(r.self_total, 2), r.total]
        assert (row[11] or "") == r.tie_note
    assert "NHÓM TIÊU CHÍ" in values and "tối đa 40 điểm" in values and "trừ tối đa 15 điểm" in values
    assert ws.page_setup.orientation == "landscape" and str(ws.page_setup.paperSize) == "9"
    assert ws.print_title_rows == f"${head}:${head + 1}" and ws.freeze_panes == f"A{head + 2}"

    ws = book[cluster_tally.VOTE_SHEET]
    values = _values(ws)
    head = _row_of(ws, "TT trên phiếu")
    assert _row_values(ws, head) == ["TT trên phiếu", "Đơn vị", "Đơn vị dẫn đầu", "Đề nghị Bằng khen"]
    assert f"C{head}:E{head}" in {str(m) for m in ws.merged_cells.ranges}
    for c in voting.candidates(db, vote_id):
        u = c["unit_id"]
        assert _row_values(ws, head + 1 + c["position"]) == [
            c["position"], c["name"],
            t.count(Race.LEADING, u), round(t.percent(Race.LEADING, u) / 100, 6), cluster_minutes.outcome(t, result, Race.LEADING, u),
            t.count(Race.COMMEND, u), round(t.percent(Race.COMMEND, u) / 100, 6), cluster_minutes.outcome(t, result, Race.COMMEND, u),
        ]  # fmt: skip
    counts = _row_of(ws, "KIỂM PHIẾU")
    assert [ws.cell(counts + i, 3).value for i in range(1, 6)] == [8, 8, 6, 1, 1]
    assert _row_values(ws, counts + 6) == ["Số phiếu cần để được chọn (trên 50 % số phiếu phát ra)", 5]
    assert "Khớp" in _row_values(ws, counts + 7)
    chosen = _row_of(ws, "KẾT QUẢ")
    assert _row_values(ws, chosen + 1) == [1, names[at[1]], 5, 0.625, "Dẫn đầu"]
    assert ws.cell(chosen + 1, 4).number_format == "0.0%"  # shown "62,5%" by a Vietnamese Excel
    assert [_row_values(ws, chosen + i)[1] for i in (2, 3)] == [names[u] for u in result.commend]
    for sheet in book.worksheets:
        assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_a_year_scored_but_not_voted_has_only_its_table(db, tmp_path):
    _score_year(db)
    book = load_workbook(cluster_tally.write_tally_xlsx(db, 1, YEAR, tmp_path / "bang-diem.xlsx"))
    assert book.sheetnames == [cluster_tally.SCORES_SHEET]
    assert cluster_papers.year_papers(db, 1, YEAR).vote is None
    with pytest.raises(ConstraintError, match="chưa có bảng điểm và chưa bỏ phiếu năm 2030"):
        cluster_papers.year_papers(db, 1, 2030)


def test_command_line_writes_both_papers(db, sample_path, tmp_path):
    _vote(db, close=True)
    db.close()
    listed = run_cli("export", "--list")
    assert "bang-diem-khoi" in listed.stdout and "bien-ban-binh-xet" in listed.stdout
    for report, name in (
        ("bang-diem-khoi", "bd.xlsx"),
        ("bien-ban-binh-xet", "bb.xlsx"),
        ("bien-ban-binh-xet", "bb.pdf"),
    ):
        done = run_cli("export", report, "--db", str(sample_path), "--year", str(YEAR), "--cluster", "1", "-o",
                       str(tmp_path / name))  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert (tmp_path / name).stat().st_size > 0
    assert "BIÊN BẢN" in _pdf_text(tmp_path / "bb.pdf")[1][0]
    wrong = run_cli(
        "export", "bang-diem-khoi", "--db", str(sample_path), "--year", "2031", "-o", str(tmp_path / "x.xlsx")
    )
    assert wrong.returncode == 2 and "Không khối nào có bảng điểm hoặc cuộc bỏ phiếu năm 2031" in wrong.stderr
    pdf = run_cli(
        "export",
        "bang-diem-khoi",
        "--db",
        str(sample_path),
        "--year",
        str(YEAR),
        "-o",
        str(tmp_path / "x.pdf"),
    )
    assert pdf.returncode == 2 and ".xlsx" in pdf.stderr


def test_the_counting_committee_s_record_and_the_ballot_papers(db, tmp_path):
    """Issue 21, point 5: the vote-count record names the committee, the counts, each unit's
    votes and the result, and is signed by the committee (read back from PDF and Excel);
    the ballot papers list the units in ballot order with their numbers, as many as issued,
    two to an A4 page here, and rasterise to ink on every page."""
    import subprocess

    from thidua_desktop.reports.cluster import ballot_papers, count_record

    vote_id, at = _vote(db, close=False)
    voting.update_vote(db, vote_id, counting_committee="Lê Văn Kiểm – Trưởng ban; Phạm Thị Đếm – Thành viên; Vũ Văn Soát",
                       reason="Ghi Ban kiểm phiếu")  # fmt: skip
    voting.close(db, vote_id)
    t, _ranked, result, names = voting.standing(db, vote_id)
    pdf = count_record.write_count_record_pdf(db, vote_id, tmp_path / "kiem-phieu.pdf")
    _reader, pages = _pdf_text(pdf)
    text = " ".join(pages)
    assert "BIÊN BẢN KIỂM PHIẾU" in text and "ngày 05 tháng 12 năm 2025" in text and PLACE in text
    assert "1. Lê Văn Kiểm – Trưởng ban." in text and "3. Vũ Văn Soát – Thành viên." in text
    assert "TRƯỞNG BAN KIỂM PHIẾU" in text and "Phạm Thị Đếm, Vũ Văn Soát" in text
    assert f"{names[result.leading]} (5/8 phiếu, 62,5 %)" in text
    ws = load_workbook(count_record.write_count_record_xlsx(db, vote_id, tmp_path / "kiem-phieu.xlsx")).active
    counts = _row_of(ws, "Phát ra")
    assert _row_values(ws, counts + 1) == [8, 8, 6, 1, 1, "Khớp"]
    assert "DỰ THẢO" not in " ".join(str(v) for v in _values(ws))  # closed: not a draft

    papers = ballot_papers.write_ballot_papers(db, vote_id, tmp_path / "phieu-bau.pdf")
    reader, pages = _pdf_text(papers)
    assert ballot_papers.per_page(8) == 2 and len(reader.pages) == 4  # 8 issued, two a page
    first = pages[0]
    assert (
        first.count("PHIẾU BẦU") == 2
        and "Dẫn đầu: chọn không quá 1 đơn vị; Bằng khen: chọn không quá 3" in first
    )
    order = [first.index(f"{position} {names[unit]}") for position, unit in sorted(at.items())]
    assert order == sorted(order)  # the units in ballot order, each with its number
    png = tmp_path / "phieu"
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(papers), str(png)], check=True)
    for image in sorted(tmp_path.glob("phieu-*.png")):
        from PySide6.QtGui import QImage

        pixels = QImage(str(image))
        dark = sum(1 for x in range(0, pixels.width(), 3) for y in range(0, pixels.height(), 3)
                   if pixels.pixelColor(x, y).lightness() < 128)  # fmt: skip
        assert dark > 50, image
