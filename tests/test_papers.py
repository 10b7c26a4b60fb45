"""The desk's Word papers (issue 9): the tờ trình and the draft decision with their lists
in the order of the certificates, the achievement reports, the ceremony script (PDF and
.docx), the desk's own templates kept in the data file, and the message a mistyped
placeholder gives. Generated files are read back with python-docx and pypdf."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from tests.conftest import run_cli
from thidua_desktop.domain import recipients
from thidua_desktop.domain.dates import format_vn_date
from thidua_desktop.reports.letterhead import Letterhead
from thidua_desktop.reports.papers import ceremony
from thidua_desktop.reports.papers import context as pc
from thidua_desktop.reports.papers import word as dp
from thidua_desktop.rules import legal_texts
from thidua_desktop.rules.catalogue import BY_CODE, report_period
from thidua_desktop.shipped.files import resource_path
from thidua_desktop.store import open_database
from thidua_desktop.store.report_data import certificates, exports
from thidua_desktop.store.report_data import papers as sp

PLACEHOLDER = re.compile(r"\{\{|\{%|%\}|\}\}")


@pytest.fixture
def sample(sample_path):
    database = open_database(sample_path, user="tester")
    yield database
    database.close()


def _all_text(document) -> str:
    """Every paragraph: body, table cells (nested too), headers and footers."""
    parts = []
    for p in document.element.body.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"):
        parts.append(
            "".join(
                t.text or ""
                for t in p.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t")
            )
        )
    for section in document.sections:
        for part in (section.header, section.first_page_header, section.footer):
            parts += [p.text for p in part.paragraphs]
    return "\n".join(parts)


def _list_table(document, first_header: str = "TT"):
    """The attached list: the table whose first header cell is ``first_header``; its
    data rows are those whose first cell is a number."""
    for table in document.tables:
        if table.rows and table.rows[0].cells[0].text.strip() == first_header:
            return [
                [c.text.strip() for c in row.cells]
                for row in table.rows
                if row.cells[0].text.strip().isdigit()
            ]
    raise AssertionError("no list table")


def _biggest(pairs):
    return max(pairs, key=lambda d: d[2])[0]


def _name(record) -> str:
    return record["full_name"] if record["subject"] == "ca_nhan" else record["unit_name"]


def _shown(record) -> str:
    """As every list and certificate writes the recipient: rank or Ông/Bà, then the name."""
    if record["subject"] != "ca_nhan":
        return record["unit_name"]
    return recipients.named(record["full_name"], record["sex"], record["rank"])


# --- the draft decision ------------------------------------------------------------------------------
def test_draft_decision_fills_numbers_basis_counts_and_lists_in_certificate_order(sample, tmp_path):
    number = _biggest(certificates.decisions(sample))
    out = tmp_path / "qd.docx"
    context = dp.write(sample, "quyet-dinh", out, number=number, signer={"name": "Nguyễn Văn Bình"})
    document = Document(str(out))
    text = _all_text(document)
    assert not PLACEHOLDER.search(text), PLACEHOLDER.search(text)
    expected = certificates.recipients(sample, decision=number)
    assert len(expected) >= 30  # the sample's one decision per award and year
    on = date.fromisoformat(expected[0]["decision_date"])
    # Decree 30 layout: agency and number left, national title and motto right, place and date
    header = document.tables[0]
    assert header.cell(0, 0).text.split("\n")[:2] == ["ỦY BAN NHÂN DÂN", "TỈNH ĐẮK LẮK"]
    assert header.cell(0, 1).text.split("\n")[:2] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    assert header.cell(1, 0).text == f"Số: {number}"
    assert header.cell(1, 1).text == Letterhead(place="Đắk Lắk", on=on).date_line()
    assert re.fullmatch(r"Đắk Lắk, ngày \d\d tháng \d+ năm \d{4}", header.cell(1, 1).text)
    # the legal basis of the award and the decree in force on the decision date
    codes = {r["awarded_code"] or r["award_code"] for r in expected}
    for code in codes:
        # given to collectives as well, the whole article ("Điều 74 …", not the individuals' point d)
        collectives = any(
            r["subject"] == "tap_the" for r in expected if (r["awarded_code"] or r["award_code"]) == code
        )
        basis = (
            re.sub(r"^(điểm \w+ )?(khoản \d+ )?(?=Điều)", "", BY_CODE[code].basis)
            if collectives
            else BY_CODE[code].basis
        )
        assert f"Căn cứ {basis} về {BY_CODE[code].name}" in text
    assert f"Căn cứ {legal_texts.emulation_bases(on)['nghi_dinh']};" in text
    if on < date(2025, 7, 1):
        assert ("Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi "
                "hành một số điều của Luật Thi đua, khen thưởng;") in text  # fmt: skip
    # the chairman's own decision: his power from the local-government law; Điều 3 his offices
    assert "Căn cứ Luật Tổ chức chính quyền địa phương" in text
    assert "Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nội vụ" in text
    collectives = sum(r["subject"] == "tap_the" for r in expected)
    assert f"{collectives:02d} tập thể và {len(expected) - collectives:02d} cá nhân" in text
    assert f"Tổng số tiền thưởng: {context['tong_tien']} đồng" in text and context["tong_tien"] != "0"
    assert "Nguyễn Văn Bình" in text and "Nơi nhận:" in text
    assert f"(Kèm theo Quyết định số {number} ngày {format_vn_date(on)}" in text
    # the attached list: one row per approved proposal, in the order of the certificates
    rows = _list_table(document)
    assert [r[0] for r in rows] == [str(i) for i in range(1, len(expected) + 1)]
    assert [r[1] for r in rows] == [_shown(r) for r in expected]
    assert rows[0][3] == BY_CODE[expected[0]["awarded_code"] or expected[0]["award_code"]].name
    # collectives before individuals within an award
    subjects = [r["subject"] for r in expected]
    assert subjects == sorted(subjects, key=lambda s: s != "tap_the")
    # Times New Roman, A4
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert (
        round(document.sections[0].page_width.mm) == 210 and round(document.sections[0].page_height.mm) == 297
    )


def test_submission_lists_its_submitted_proposals_with_birth_years_under_sex(sample, tmp_path):
    number = _biggest(sp.submissions(sample))
    out = tmp_path / "tt.docx"
    context = dp.write(sample, "to-trinh", out, number=number)
    document = Document(str(out))
    text = _all_text(document)
    assert not PLACEHOLDER.search(text)
    ids = [r[0] for r in sample.conn.execute(
        "SELECT id FROM proposals WHERE submission_number = ? AND status IN ('da_trinh', 'da_khen', 'khong_duyet', "
        "'da_cap_bang')", (number,))]  # fmt: skip
    expected = certificates.recipients(sample, proposal_ids=ids)
    assert len(expected) == len(context["danh_sach"]) >= 2
    assert document.tables[0].cell(1, 0).text == f"Số: {number}"
    assert document.tables[0].cell(0, 0).text.split("\n")[:2] == [
        "UBND TỈNH ĐẮK LẮK",
        "KHỐI THI ĐUA SỐ 3",
    ]
    assert "TỜ TRÌNH" in text and "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Đắk Lắk." in text
    rows = _list_table(document)
    assert [r[1] for r in rows] == [_shown(r) for r in expected]
    for row, record in zip(rows, expected, strict=True):
        assert row[6] == BY_CODE[record["award_code"]].name  # the award proposed
        if record["subject"] == "ca_nhan":
            born = sample.conn.execute(
                "SELECT birth_year FROM individuals WHERE full_name = ?", (record["full_name"],)
            ).fetchone()
            assert (row[2], row[3]) in ((str(born[0]), ""), ("", str(born[0])))
    # the list's section is landscape, the tờ trình itself portrait
    assert document.sections[-1].page_width > document.sections[-1].page_height
    assert document.sections[0].page_width < document.sections[0].page_height


# --- a mistyped placeholder --------------------------------------------------------------------------
def _edited(tmp_path: Path, kind: str, old: str, new: str, name: str = "mau-sua.docx") -> Path:
    """The shipped template with ``old`` typed as ``new``, as the desk would in Word."""
    document = Document(str(resource_path("papers", f"{kind}.docx")))
    found = 0
    for p in document.element.body.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"):
        if old in (p.text or ""):
            p.text = p.text.replace(old, new)
            found += 1
    assert found, old
    path = tmp_path / name
    document.save(str(path))
    return path


def test_a_mistyped_placeholder_is_named_with_the_valid_ones_and_nothing_is_written(sample, tmp_path):
    number = _biggest(certificates.decisions(sample))
    out = tmp_path / "qd.docx"
    typo = _edited(tmp_path, "quyet-dinh", "{{ so_quyet_dinh }}", "{{ so_quyet_dinhh }}")
    with pytest.raises(dp.PaperTemplateError) as caught:
        dp.write(sample, "quyet-dinh", out, number=number, template=typo)
    message = str(caught.value)
    assert "mau-sua.docx" in message and "{{ so_quyet_dinhh }}" in message
    assert "Các chỗ điền dùng được" in message
    for valid in ("so_quyet_dinh", "ngay_quyet_dinh", "danh_sach", "hinh_thuc", "co_quan_ban_hanh"):
        assert valid in message
    assert not out.exists() and not list(tmp_path.glob(".*dang-ghi"))

    # a field of the list's rows: the row's own fields are listed
    typo = _edited(tmp_path, "quyet-dinh", "{{ p.ten_day_du }}", "{{ p.ho_ten }}")
    with pytest.raises(dp.PaperTemplateError, match=r"\{\{ p\.ho_ten \}\}") as caught:
        dp.write(sample, "quyet-dinh", out, number=number, template=typo)
    assert "ten_day_du" in str(caught.value) and "chuc_vu_don_vi" in str(caught.value)

    # a placeholder left open, and an unknown tag
    typo = _edited(tmp_path, "quyet-dinh", "{{ hk.so_luong }}", "{{ hk.so_luong }")
    with pytest.raises(dp.PaperTemplateError, match="chưa đóng") as caught:
        dp.check("quyet-dinh", dp.template_for(None, "quyet-dinh", typo))
    assert "{{ hk.so_luong }" in str(caught.value)
    typo = _edited(tmp_path, "to-trinh", "{%p endfor %}", "{%p endfr %}")
    with pytest.raises(dp.PaperTemplateError, match="lệnh “endfr” không có"):
        dp.check("to-trinh", dp.template_for(None, "to-trinh", typo))

    # a file that is not .docx
    bad = tmp_path / "cu.docx"
    bad.write_bytes(b"\xd0\xcf\x11\xe0 an old .doc file")
    with pytest.raises(dp.PaperTemplateError, match="không phải tệp Word .docx"):
        dp.check("to-trinh", dp.template_for(None, "to-trinh", bad))

    # the desk cannot choose a template that does not fill: nothing is kept
    with pytest.raises(dp.PaperTemplateError):
        dp.use_template(sample, "to-trinh", typo)
    assert sp.kept_template(sample, "to-trinh") is None


def test_the_desks_edited_template_is_kept_in_the_data_file_and_used(sample, tmp_path):
    number = _biggest(certificates.decisions(sample))
    edited = _edited(tmp_path, "quyet-dinh", "- Lưu: VT.", "- Kho bạc Nhà nước tỉnh;", "mau-cua-ban.docx")
    dp.use_template(sample, "quyet-dinh", edited)
    edited.unlink()  # the copy in the data file is what is used
    assert dp.template_for(sample, "quyet-dinh").name == "mau-cua-ban.docx"
    assert sp.load_settings(sample)["templates"]["quyet-dinh"]["chosen_from"] == str(edited)
    dp.write(sample, "quyet-dinh", tmp_path / "a.docx", number=number)
    assert "- Kho bạc Nhà nước tỉnh;" in _all_text(Document(str(tmp_path / "a.docx")))
    sp.forget_template(sample, "quyet-dinh")
    dp.write(sample, "quyet-dinh", tmp_path / "b.docx", number=number)
    shipped = _all_text(Document(str(tmp_path / "b.docx")))
    assert "- Sở Tài chính;" in shipped and "- Kho bạc Nhà nước tỉnh;" not in shipped


# --- the achievement reports ---------------------------------------------------------------------------
def test_achievement_reports_carry_the_details_and_the_award_history(sample, tmp_path):
    person = sample.conn.execute(
        "SELECT individual_id FROM awards WHERE individual_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1"
    ).fetchone()[0]
    dp.write(sample, "bao-cao-ca-nhan", tmp_path / "cn.docx", person=person)
    document = Document(str(tmp_path / "cn.docx"))
    text = _all_text(document)
    assert not PLACEHOLDER.search(text)
    found = sp.person(sample, person)
    assert f"Họ và tên: {found['full_name']}." in text and found["unit_name"] in text
    history = exports.award_history(sample, individual_id=person)
    assert len(history) >= 3
    years = []
    for table in document.tables:
        head = [c.text for c in table.rows[0].cells]
        if head[0] == "Năm" and len(head) == 3 and "Số, ngày" in head[2]:
            years += [row.cells[0].text for row in table.rows[1:]]
            for row in table.rows[1:]:
                assert row.cells[2].text.startswith("Quyết định số ")
    # the years the award proposed rests on (a CSTĐ cấp tỉnh: three), and their awards only
    proposal = sp.latest_proposal(sample, individual_id=person)
    first, last = report_period(proposal["award_code"], proposal["year"])
    within = [a for a in history if first <= a["year"] <= last]
    assert sorted(map(int, years)) == sorted(a["year"] for a in within)
    for award in within:
        assert award["decision_number"] in text
    assert f"ĐỀ NGHỊ TẶNG {BY_CODE[proposal['award_code']].name.upper()}" in text
    period = f"năm {last}" if first == last else f"từ năm {first} đến năm {last}"
    assert f"Thành tích đạt được của cá nhân {period}:" in text
    assert "BÁO CÁO THÀNH TÍCH" in text and "NGƯỜI BÁO CÁO THÀNH TÍCH" in text

    unit = sample.conn.execute(
        "SELECT unit_id FROM awards WHERE unit_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1"
    ).fetchone()[0]
    dp.write(sample, "bao-cao-tap-the", tmp_path / "tt.docx", unit=unit)
    document = Document(str(tmp_path / "tt.docx"))
    text = _all_text(document)
    assert not PLACEHOLDER.search(text)
    name = sp.unit(sample, unit)["name"]
    assert (
        f"Tên tập thể đề nghị: {name}" in text
        and document.tables[0].cell(0, 0).text.split("\n")[1] == name.upper()
    )
    proposal = sp.latest_proposal(sample, unit_id=unit)
    first, last = report_period(proposal["award_code"], proposal["year"])
    for award in exports.award_history(sample, unit_id=unit):
        assert (award["decision_number"] in text) == (first <= award["year"] <= last)
    with pytest.raises(dp.PaperError, match="Không tìm thấy cá nhân mã 999999"):
        dp.write(sample, "bao-cao-ca-nhan", tmp_path / "x.docx", person=999999)


# --- the ceremony script -------------------------------------------------------------------------------
def _decision_with_most_awards(db) -> str:
    return db.conn.execute(
        "SELECT decision_number FROM proposals WHERE status IN ('da_khen', 'da_cap_bang') AND decision_number <> '' "
        "GROUP BY 1 ORDER BY count(DISTINCT coalesce(awarded_code, award_code)) DESC, count(*) DESC LIMIT 1"
    ).fetchone()[0]


def test_ceremony_script_pdf_has_one_page_per_award_in_certificate_order(sample, tmp_path):
    for number in (_decision_with_most_awards(sample), _biggest(certificates.decisions(sample))):
        expected = certificates.recipients(sample, decision=number)
        awards = list(dict.fromkeys(r["awarded_code"] or r["award_code"] for r in expected))
        out = tmp_path / f"kb-{number.split('/')[0]}.pdf"
        dp.write(sample, "kich-ban", out, number=number)
        reader = PdfReader(str(out))
        assert len(reader.pages) == len(awards)
        for page, code in zip(reader.pages, awards, strict=True):
            text = page.extract_text()
            assert ceremony.TITLE in text and f"Quyết định số {number}" in text
            assert BY_CODE[code].name.upper() in text.replace("\n", " ")
            names = [_name(r) for r in expected if (r["awarded_code"] or r["award_code"]) == code]
            flat = text.replace("\n", " ")
            found = [flat.find(n) for n in names]
            assert all(p >= 0 for p in found), names
            assert found == sorted(found)  # the order of the certificates
            assert "Lượt 1:" in text and "Người dẫn chương trình:" in text
    fonts = {
        str(f["/BaseFont"])
        for page in reader.pages
        for f in page["/Resources"]["/Font"].get_object().values()
    }  # fmt: skip
    assert fonts and all("LiberationSerif" in f for f in fonts)
    assert len(expected) >= 30  # the long list of the biggest decision still fits its page


def test_ceremony_script_docx_has_each_award_on_its_own_page(sample, tmp_path):
    number = _decision_with_most_awards(sample)
    out = tmp_path / "kb.docx"
    context = dp.write(sample, "kich-ban", out, number=number)
    assert len(context["hinh_thuc"]) >= 2
    document = Document(str(out))
    text = _all_text(document)
    assert not PLACEHOLDER.search(text)
    headings = [p for p in document.paragraphs if p.text == "KỊCH BẢN CÔNG BỐ QUYẾT ĐỊNH KHEN THƯỞNG"]
    assert len(headings) == len(context["hinh_thuc"])
    assert all(p.paragraph_format.page_break_before for p in headings)
    for award in context["hinh_thuc"]:
        assert award["ten_hoa"] in text
        for person in award["nguoi"]:
            assert person["ten_day_du"] in text


def test_a_long_list_is_set_smaller_and_only_runs_on_past_the_smallest_size():
    context = pc.example_context("kich-ban")
    award = context["hinh_thuc"][0]
    people = [dict(award["nguoi"][1], stt=i, ten_day_du=f"Bà Nguyễn Thị Mẫu {i}") for i in range(1, 81)]
    award = dict(
        award, nguoi=people, luot=[{"so": k // 10 + 1, "nguoi": people[k : k + 10]} for k in range(0, 80, 10)]
    )
    from thidua_desktop.reports.fonts import bundled

    pages = ceremony.pages_of(bundled(), dict(context, hinh_thuc=[award]))
    assert len(pages) == 2 and pages[0][-1].size == ceremony.SIZES[-1]
    short = ceremony.pages_of(bundled(), context)
    assert len(short) == 1 and max(line.size for line in short[0]) == 14


# --- what ships ----------------------------------------------------------------------------------------
def test_every_shipped_template_fills_and_every_placeholder_is_documented():
    readme = resource_path("papers", "README.md").read_text(encoding="utf-8")
    for kind in pc.KINDS:
        dp.check(kind, dp.template_for(None, kind))
        context = pc.example_context(kind)
        assert set(context) == set(pc.PLACEHOLDERS[kind]), kind
        for name in pc.PLACEHOLDERS[kind]:
            assert f"`{name}`" in readme, name
        document = Document(str(resource_path("papers", f"{kind}.docx")))
        assert document.styles["Normal"].font.name == "Times New Roman"
        sizes = {r.font.size.pt for p in document.paragraphs for r in p.runs if r.font.size and r.text.strip()
                 and "{%" not in r.text}  # fmt: skip
        assert sizes and min(sizes) >= 13 and max(sizes) <= 14, (kind, sizes)
    for fields in pc.ITEM_FIELDS.values():
        for name in fields:
            assert f"`{name}`" in readme, name


def test_dates_are_padded_as_decree_30_writes_them():
    assert pc.date_line("Đắk Lắk", date(2026, 1, 5)) == "Đắk Lắk, ngày 05 tháng 01 năm 2026"
    assert pc.date_line("Đắk Lắk", date(2025, 12, 9)) == "Đắk Lắk, ngày 09 tháng 12 năm 2025"
    assert pc.counted(2, 30) == "02 tập thể và 30 cá nhân" and pc.counted(0, 5) == "05 cá nhân"


# --- the command line ----------------------------------------------------------------------------------
def test_papers_command_line(sample_path, tmp_path):
    db = open_database(sample_path, create=False)
    decision = _biggest(certificates.decisions(db))
    submission = _biggest(sp.submissions(db))
    person = db.conn.execute(
        "SELECT individual_id FROM awards WHERE individual_id IS NOT NULL LIMIT 1"
    ).fetchone()[0]
    n_awards = len(
        {r["awarded_code"] or r["award_code"] for r in certificates.recipients(db, decision=decision)}
    )
    db.close()
    listed = run_cli("papers", "--list", "--db", str(sample_path))
    assert listed.returncode == 0 and decision in listed.stdout and submission in listed.stdout
    done = run_cli(
        "papers",
        "quyet-dinh",
        "--db",
        str(sample_path),
        "--decision",
        decision,
        "-o",
        str(tmp_path / "q.docx"),
    )
    assert done.returncode == 0, done.stderr
    assert "Đã ghi" in done.stdout and (tmp_path / "q.docx").is_file()
    done = run_cli(
        "papers",
        "to-trinh",
        "--db",
        str(sample_path),
        "--submission",
        submission,
        "-o",
        str(tmp_path / "t.docx"),
    )
    assert done.returncode == 0, done.stderr
    done = run_cli(
        "papers", "kich-ban", "--db", str(sample_path), "--decision", decision, "-o", str(tmp_path / "k.pdf")
    )
    assert done.returncode == 0 and len(PdfReader(str(tmp_path / "k.pdf")).pages) == n_awards
    done = run_cli("papers", "bao-cao-thanh-tich", "--db", str(sample_path), "--person", str(person), "-o",
                   str(tmp_path / "b.docx"))  # fmt: skip
    assert done.returncode == 0 and (tmp_path / "b.docx").is_file()
    typo = _edited(tmp_path, "to-trinh", "{{ so_to_trinh }}", "{{ so_to_trinhh }}")
    checked = run_cli("papers", "mau", "to-trinh", "--check", str(typo))
    assert (
        checked.returncode == 1 and "{{ so_to_trinhh }}" in checked.stderr and "so_to_trinh" in checked.stderr
    )
    missing = run_cli("papers", "quyet-dinh", "--db", str(sample_path), "--decision", "1/KHÔNG-CÓ", "-o",
                      str(tmp_path / "x.docx"))  # fmt: skip
    assert missing.returncode == 1 and "chưa có đề nghị nào được khen thưởng" in missing.stderr


# --- what a person sees ----------------------------------------------------------------------------------
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_submission_and_lays_it_out(sample, tmp_path):
    number = _biggest(sp.submissions(sample))
    out = tmp_path / "to-trinh.docx"
    dp.write(sample, "to-trinh", out, number=number)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(out)], check=True, capture_output=True, timeout=240)  # fmt: skip
    reader = PdfReader(str(tmp_path / "to-trinh.pdf"))
    # poppler reads LibreOffice's composed Vietnamese letters back whole (pypdf splits the marks)
    first = subprocess.run(["pdftotext", "-l", "1", str(tmp_path / "to-trinh.pdf"), "-"], capture_output=True,
                           text=True, check=True).stdout  # fmt: skip
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first and f"Số: {number}" in first and "TỜ TRÌNH" in first
    last = reader.pages[-1]
    assert float(last.mediabox.width) > float(last.mediabox.height)  # the list, landscape
    last_text = subprocess.run(["pdftotext", "-f", str(len(reader.pages)), str(tmp_path / "to-trinh.pdf"), "-"],
                               capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG" in last_text
