"""PDF certificates: read back with pypdf (text, fonts, where each line was drawn) and
rasterised with pdftoppm; register numbers and the print log in a real SQLite file."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import run_cli
from thidua_desktop.domain.identity import DeskIdentity
from thidua_desktop.reports import fonts as certificate_fonts
from thidua_desktop.reports.certificates import batch as certificates
from thidua_desktop.reports.certificates.layout import MM, Calibration, Mode, layout, values_for
from thidua_desktop.reports.certificates.pdf import calibration_page
from thidua_desktop.reports.certificates.template import TemplateError, builtin_templates, dumps, loads
from thidua_desktop.reports.fonts import FontError
from thidua_desktop.reports.jobs import Cancelled
from thidua_desktop.store import open_database
from thidua_desktop.store.errors import ConstraintError
from thidua_desktop.store.report_data import certificates as sc

PERSON = {
    "id": 1, "subject": "ca_nhan", "full_name": "Nguyễn Thị Thanh Hương", "sex": "nu",
    "position": "Phó Trưởng phòng", "unit_name": "Sở Tư pháp tỉnh Gia Lai",
    "summary": "đã có thành tích xuất sắc trong thực hiện nhiệm vụ chính trị năm 2025", "year": 2025,
    "award_code": "BK_TINH", "awarded_code": None, "status": "da_khen", "decision_number": "15/QĐ-UBND",
    "decision_date": "2026-01-15", "register_number": "", "sort_key": "a",
}  # fmt: skip


#: a desk of another province than the sample's: the issuer, place and signer come from it
DESK = DeskIdentity(agency="Sở Tư pháp", parent_agency="Ủy ban nhân dân tỉnh Gia Lai", place="Pleiku",
                    province="tỉnh Gia Lai", level="so_nganh", head_title="Giám đốc")  # fmt: skip


def _templates():
    return {t.name: t for t in builtin_templates()}


def _text_runs(pdf: Path, page: int = 0) -> list[tuple[str, float, float, float]]:
    """(text, x, y, font size) of every text run drawn on a page, y from the bottom."""
    runs = []

    def visit(text, _cm, tm, _font, size):
        if text.strip():
            runs.append((text.strip(), tm[4], tm[5], size))

    PdfReader(str(pdf)).pages[page].extract_text(visitor_text=visit)
    return runs


@pytest.fixture(scope="module")
def fonts():
    return certificate_fonts.bundled()


def test_text_is_the_nfc_vietnamese_and_the_font_is_embedded(tmp_path, fonts):
    template = _templates()["bang-khen-tinh-a3"]
    # the recipient typed with combining marks (NFD) still prints as NFC text
    record = {**PERSON, "full_name": unicodedata.normalize("NFD", PERSON["full_name"])}
    batch = certificates.Batch(template, fonts, overrides={"signer_name": "Trần Văn Bình"}, identity=DESK)
    out = tmp_path / "bk.pdf"
    assert certificates.write_pdf(out, [record], batch, {1: "1024"}) == 1
    reader = PdfReader(str(out))
    page = reader.pages[0]
    assert (
        abs(float(page.mediabox.width) - 420 * MM) < 0.5 and abs(float(page.mediabox.height) - 297 * MM) < 0.5
    )
    text = page.extract_text()
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH GIA LAI", "TẶNG", "BẰNG KHEN", "Bà NGUYỄN THỊ THANH HƯƠNG",
                     "Phó Trưởng phòng, Sở Tư pháp tỉnh Gia Lai", "Quyết định số 15/QĐ-UBND ngày 15 tháng 01 năm 2026",
                     "Số sổ vàng: 1024", "Gia Lai, ngày 15 tháng 01 năm 2026", "CHỦ TỊCH", "Trần Văn Bình"):  # fmt: skip
        assert expected in text, expected
    assert unicodedata.normalize("NFC", text) == text
    fonts_used = {f.get_object()["/BaseFont"] for f in page["/Resources"]["/Font"].values()}
    assert fonts_used and all("LiberationSerif" in name for name in fonts_used), fonts_used
    for font in page["/Resources"]["/Font"].values():
        font = font.get_object()  # reportlab writes TrueType subsets as simple fonts
        assert font["/Subtype"] == "/TrueType"
        assert "/FontFile2" in font["/FontDescriptor"], "TrueType font not embedded"


def test_lines_are_drawn_where_the_template_says(tmp_path, fonts):
    template = _templates()["giay-khen-a4"]
    batch = certificates.Batch(template, fonts)
    out = tmp_path / "gk.pdf"
    certificates.write_pdf(out, [PERSON], batch, {1: "7"})
    runs = {text: (x, y, size) for text, x, y, size in _text_runs(out)}
    page = batch.page(PERSON, "7")
    for key in ("recipient", "register", "date_line"):
        placed = page.field(key)
        x, y, size = runs[placed.lines[0]]
        assert size == placed.size
        assert abs(y - (template.height_mm - placed.baselines_mm[0]) * MM) < 0.01
        spec = template.field(key)
        if spec.align == "left":
            assert abs(x - spec.x_mm * MM) < 0.01
        else:  # centred: the run starts half its width left of the box centre
            assert spec.x_mm * MM < x < (spec.x_mm + spec.width_mm / 2) * MM
    # the register line sits at the template's x, 18 mm from the left edge
    assert abs(runs["Số: 7"][0] - 18 * MM) < 0.01


def test_a_sixty_character_name_shrinks_to_fit_its_box(tmp_path, fonts):
    template = _templates()["bang-khen-tinh-a3"]
    long_name = "Nguyễn Hoàng Thị Phương Thảo Bích Ngọc Diễm Quỳnh Xuân Hương"
    long_name = (long_name + " Hạnh")[:60]
    assert len(long_name) == 60
    record = {**PERSON, "full_name": long_name}
    batch = certificates.Batch(template, fonts)
    placed = batch.page(record, "1").field("recipient")
    spec = template.field("recipient")
    assert placed.fits and placed.size < spec.size and placed.size >= spec.min_size
    from reportlab.pdfbase.pdfmetrics import stringWidth

    assert stringWidth(placed.lines[0], fonts.face_name("bold"), placed.size) <= spec.width_mm * MM
    out = tmp_path / "long.pdf"
    certificates.write_pdf(out, [record], batch, {1: "1"})
    drawn = [r for r in _text_runs(out) if long_name.upper() in r[0]]
    assert drawn and drawn[0][3] == placed.size
    # a short name keeps the template's size
    assert batch.page(PERSON, "1").field("recipient").size == spec.size


def test_overprint_draws_only_the_variable_fields_inside_their_boxes(tmp_path, fonts):
    template = _templates()["bang-khen-tinh-a3"]
    calibration = Calibration(1.5, -2.0, {"recipient": (0.0, 3.0)})
    batch = certificates.Batch(template, fonts, mode=Mode.OVERPRINT, calibration=calibration,
                               overrides={"signer_name": "Trần Văn Bình"}, identity=DESK)  # fmt: skip
    out = tmp_path / "over.pdf"
    certificates.write_pdf(out, [PERSON], batch, {1: "1024"})
    page = batch.page(PERSON, "1024")
    assert {f.key for f in page.fields} == {f.key for f in template.fields if f.variable}
    text = PdfReader(str(out)).pages[0].extract_text()
    for fixed in ("CỘNG HÒA", "BẰNG KHEN", "TẶNG", "ỦY BAN NHÂN DÂN"):
        assert fixed not in text
    content = PdfReader(str(out)).pages[0].get_contents().get_data().decode("latin-1")
    assert " re" not in content and " l\n" not in content and " Do" not in content  # no border, no image
    boxes = [f.box_mm for f in page.fields]
    for _text, x, y, size in _text_runs(out):
        top = template.height_mm - y / MM  # baseline, mm from the top edge
        assert any(
            bx - 0.5 <= x / MM <= bx + bw + 0.5 and by <= top <= by + bh + size / MM
            for bx, by, bw, bh in boxes
        )
    # the printer offset and the nudge moved the recipient
    spec = template.field("recipient")
    assert page.field("recipient").box_mm[:2] == (spec.x_mm + 1.5, spec.y_mm + 1.0)
    # the full design ignores the calibration
    full = certificates.Batch(template, fonts, calibration=calibration).page(PERSON, "1")
    assert full.field("recipient").box_mm[:2] == (spec.x_mm, spec.y_mm)


def test_a_font_without_vietnamese_is_refused_not_drawn_as_boxes(tmp_path):
    subset = pytest.importorskip("fontTools.subset")
    source = certificate_fonts.bundled().path("regular")
    latin_only = tmp_path / "LatinOnly-Regular.ttf"
    options = subset.Options()
    options.name_IDs = ["*"]
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=range(0x20, 0x180))  # Latin, no ạ ả ấ … ơ ư
    subsetter.subset(font)
    subset.save_font(font, str(latin_only), options)
    with pytest.raises(FontError, match="thiếu .* chữ tiếng Việt: .*ạ"):
        certificate_fonts.from_file(latin_only)
    with pytest.raises(FontError, match="Không tìm thấy tệp phông"):
        certificate_fonts.load(str(tmp_path / "missing.ttf"))
    not_a_font = tmp_path / "fake.ttf"
    not_a_font.write_bytes(b"not a font at all" * 10)
    with pytest.raises(FontError, match="không phải phông TrueType"):
        certificate_fonts.from_file(not_a_font)


def test_an_installed_family_is_found_from_its_regular_file(tmp_path):
    folder = tmp_path / "fonts"
    shutil.copytree(certificate_fonts.bundled().path("regular").parent, folder)
    chosen = certificate_fonts.from_file(folder / "LiberationSerif-Regular.ttf")
    assert chosen.family == "Liberation Serif"
    assert chosen.path("bold_italic").name == "LiberationSerif-BoldItalic.ttf"
    assert chosen.path("italic").name == "LiberationSerif-Italic.ttf"


def test_templates_round_trip_and_bad_ones_say_what_to_fix():
    template = _templates()["bang-khen-tinh-a3"]
    copy = template.copy("bk-cua-khoi", "Bằng khen (bản của khối)")
    copy.field("recipient").y_mm += 4
    again = loads(dumps(copy))
    assert again.field("recipient").y_mm == template.field("recipient").y_mm + 4 and not again.builtin
    assert again.width_mm == 420 and again.field("title").colour == "#c00000"
    broken = dumps(copy).replace("{position_unit}", "{chuc_vu}")
    with pytest.raises(TemplateError, match=r"chỗ điền \{chuc_vu\} không có"):
        loads(broken)
    with pytest.raises(TemplateError, match="JSON sai ở dòng"):
        loads("{ not json")
    with pytest.raises(TemplateError, match="ra ngoài khổ giấy"):
        loads(dumps(copy).replace('"x_mm": 35', '"x_mm": 300'))


def test_preflight_lists_every_problem_before_anything_is_printed(tmp_path, fonts):
    template = _templates()["bang-khen-tinh-a3"]
    batch = certificates.Batch(template, fonts)
    records = [
        PERSON,
        {**PERSON, "id": 2, "summary": "", "decision_date": None},
        {**PERSON, "id": 3, "full_name": "Nguyễn " * 40, "status": "da_trinh"},
        {**PERSON, "id": 4, "position": "Chuyên viên ∰ đặc biệt"},
    ]
    problems = certificates.preflight(records, batch, {1: "1", 2: "2", 3: "3", 4: "4"})
    by_id = {}
    for p in problems:
        by_id.setdefault(p.proposal_id, []).append(p.message)
    assert 1 not in by_id
    assert any("thành tích" in m for m in by_id[2]) and any("ngày quyết định" in m for m in by_id[2])
    assert any("chưa có quyết định" in m for m in by_id[3]) and any("dài quá khung" in m for m in by_id[3])
    assert any("không có chữ ∰" in m for m in by_id[4])


def test_batch_register_numbers_print_log_and_reprint(tmp_path, sample_path, fonts):
    db = open_database(sample_path, user="văn thư")
    try:
        decision, _on, count = max(sc.decisions(db), key=lambda d: d[2])
        records = sc.recipients(db, decision=decision)
        assert len(records) == count > 5
        kinds = [r["subject"] for r in records]
        assert kinds == sorted(kinds, key=lambda s: s != "tap_the")  # collectives first
        plan = sc.plan_register_numbers(db, records, start=101)
        assert [plan[r["id"]] for r in records] == [str(101 + i) for i in range(len(records))]
        template = certificates.template_for(certificates.all_templates({}), records[0]["award_code"])
        batch = certificates.Batch(template, fonts)
        out = tmp_path / "batch.pdf"
        assert certificates.write_pdf(out, records, batch, plan) == len(records)
        assert len(PdfReader(str(out)).pages) == len(records)
        assert sc.record_printing(db, records, plan, template=template.name, mode="full", target=str(out)) == {
            "in": len(records), "in_lai": 0}  # fmt: skip
        again = sc.recipients(db, decision=decision)
        assert all(r["status"] == "da_cap_bang" for r in again)
        assert sc.plan_register_numbers(db, again) == plan  # a reprint keeps its numbers
        assert (
            sc.record_printing(db, again[:1], plan, template=template.name, mode="full", target="x")["in_lai"]
            == 1
        )
        log = sc.print_log(db, records[0]["id"])
        assert [(e["action"], e["register_number"], e["user"]) for e in log] == [
            ("in", "101", "văn thư"), ("in_lai", "101", "văn thư")]  # fmt: skip
        # the next batch of the year continues the register
        assert sc.next_register_number(db, int(records[0]["decision_date"][:4])) == 101 + len(records)
        with pytest.raises(ConstraintError, match="lý do"):
            sc.mark(db, records[0]["id"], "hong", " ")
        sc.mark(db, records[0]["id"], "huy", "Quyết định bị thu hồi")
        assert sc.voided(db, records[0]["id"])
        assert (
            db.conn.execute(
                "SELECT count(*) FROM audit_log WHERE table_name = 'certificate_prints'"
            ).fetchone()[0]
            == len(records) + 2
        )
    finally:
        db.close()


def test_one_file_per_recipient_with_safe_names_and_cancel_leaves_nothing(tmp_path, fonts):
    template = _templates()["giay-khen-a4"]
    batch = certificates.Batch(template, fonts)
    records = [PERSON, {**PERSON, "id": 2, "full_name": 'Lê Văn "Đức"/Ánh: <con>'}]
    files = certificates.write_per_recipient(tmp_path / "out", records, batch, {1: "12", 2: "13"})
    assert [f.name for f in files] == ["0012-nguyen-thi-thanh-huong.pdf", "0013-le-van-duc-anh-con.pdf"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [f.name for f in files]
    with pytest.raises(Cancelled):
        certificates.write_per_recipient(
            tmp_path / "none", records, batch, {1: "12", 2: "13"}, cancelled=lambda: True
        )
    assert list((tmp_path / "none").iterdir()) == []
    with pytest.raises(Cancelled):
        certificates.write_pdf(
            tmp_path / "none.pdf", records, batch, {1: "1", 2: "2"}, cancelled=lambda: True
        )
    assert not (tmp_path / "none.pdf").exists() and not list(tmp_path.glob(".*dang-ghi"))


def test_command_line_prints_a_decision_and_refuses_problems(tmp_path, sample_path):
    db = open_database(sample_path)
    decision = max(sc.decisions(db), key=lambda d: d[2])[0]
    db.close()
    out = tmp_path / "qd.pdf"
    # the sample's biggest decision gives Bằng khen and CSTĐ cấp tỉnh: one PDF per kind
    bk, cn = tmp_path / "qd-bang-khen-tinh-a3.pdf", tmp_path / "qd-bang-chung-nhan-tinh-a3.pdf"
    unsigned = run_cli("certificates", "--db", str(sample_path), "--decision", decision, "-o", str(out))
    assert unsigned.returncode == 1 and "chưa ghi họ tên người ký" in unsigned.stderr
    assert not list(tmp_path.glob("*.pdf"))
    signer = ("--signer-name", "Nguyễn Văn Bình", "--signer-title", "KT. CHỦ TỊCH\\nPHÓ CHỦ TỊCH")
    preview = run_cli(
        "certificates", "--db", str(sample_path), "--decision", decision, *signer, "--no-log", "-o", str(out)
    )
    assert preview.returncode == 0, preview.stderr
    assert "Quốc huy" in preview.stderr  # the full design without the emblem: said, not refused
    text = PdfReader(str(bk)).pages[0].extract_text()
    assert "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH" in text and "Nguyễn Văn Bình" in text and "BẰNG KHEN" in text
    title = PdfReader(str(cn)).pages[0].extract_text()
    assert "CHIẾN SĨ THI ĐUA CẤP TỈNH" in title and "BẰNG KHEN" not in title  # headed by the title
    db = open_database(sample_path)
    assert db.conn.execute("SELECT count(*) FROM certificate_prints").fetchone()[0] == 0
    db.close()
    result = run_cli(
        "certificates",
        "--db",
        str(sample_path),
        "--decision",
        decision,
        *signer,
        "--overprint",
        "-o",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("in lần đầu") == 2
    reader = PdfReader(str(bk))
    assert "BẰNG KHEN" not in reader.pages[0].extract_text()  # overprint: the blank carries it
    db = open_database(sample_path)
    numbers = sorted(int(r[0]) for r in db.conn.execute(
        "SELECT register_number FROM proposals WHERE decision_number = ?", (decision,)))  # fmt: skip
    db.close()
    assert numbers == list(range(numbers[0], numbers[0] + len(numbers)))  # one register, no number twice
    cal = tmp_path / "cal.pdf"
    assert run_cli("certificates", "--db", str(sample_path), "--calibration", "-o", str(cal)).returncode == 0
    assert "Tâm dấu + phải cách mép trên 50 mm" in PdfReader(str(cal)).pages[0].extract_text()
    # a proposal that is not decided yet: the preflight says so and nothing is written
    db = open_database(sample_path)
    draft = db.conn.execute("SELECT id FROM proposals WHERE status = 'du_thao' LIMIT 1").fetchone()[0]
    db.close()
    refused = run_cli(
        "certificates", "--db", str(sample_path), "--proposal", str(draft), "-o", str(tmp_path / "no.pdf")
    )
    assert refused.returncode == 1 and "chưa có quyết định khen thưởng" in refused.stderr
    assert not (tmp_path / "no.pdf").exists()


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")
@pytest.mark.parametrize("name", ["bang-khen-tinh-a3", "giay-khen-a4"])
def test_each_template_rasterises_with_red_title_and_dark_text(tmp_path, fonts, name):
    template = _templates()[name]
    out = tmp_path / f"{name}.pdf"
    certificates.write_pdf(out, [PERSON], certificates.Batch(template, fonts), {1: "9"})
    subprocess.run(
        ["pdftoppm", "-r", "30", "-png", "-singlefile", str(out), str(tmp_path / name)], check=True
    )
    from PySide6.QtGui import QImage

    image = QImage(str(tmp_path / f"{name}.png"))
    assert abs(image.width() / image.height() - template.width_mm / template.height_mm) < 0.02
    title = template.field("title")
    red = dark = 0
    scale = image.width() / template.width_mm
    for x in range(int(title.x_mm * scale), int((title.x_mm + title.width_mm) * scale)):
        for y in range(int(title.y_mm * scale), int((title.y_mm + title.size / MM * 1.2) * scale)):
            c = image.pixelColor(x, y)
            red += c.red() > 150 and c.green() < 100 and c.blue() < 100
    recipient = template.field("recipient")
    for x in range(int(recipient.x_mm * scale), int((recipient.x_mm + recipient.width_mm) * scale)):
        for y in range(int(recipient.y_mm * scale), int((recipient.y_mm + 12) * scale)):
            dark += image.pixelColor(x, y).lightness() < 128
    assert red > 50 and dark > 50


def test_calibration_page_has_rulers_and_the_field_boxes(tmp_path, fonts):
    template = _templates()["bang-khen-tinh-a3"]
    out = tmp_path / "cal.pdf"
    sample = values_for(PERSON, template, {"signer_name": "Trần Văn Bình"})
    calibration_page(out, template, fonts, Calibration(2.0, -1.0), sample)
    text = PdfReader(str(out)).pages[0].extract_text()
    assert "ngang +2.0 mm" in text and "dọc -1.0 mm" in text
    for label in ("100", "200", "400", "recipient", "achievement", "NGUYỄN THỊ THANH HƯƠNG"):
        assert label in text
    page = layout(template, sample, fonts, Mode.OVERPRINT, Calibration(2.0, -1.0))
    assert page.field("recipient").box_mm[0] == template.field("recipient").x_mm + 2.0


def test_the_emblem_image_the_desk_gives_is_drawn_in_the_full_design_only(tmp_path, fonts):
    from PySide6.QtGui import QColor, QImage

    emblem = tmp_path / "quoc-huy.png"
    image = QImage(64, 64, QImage.Format.Format_RGB32)
    image.fill(QColor("#d4001a"))
    assert image.save(str(emblem))
    template = _templates()["bang-khen-tinh-a3"]
    full = certificates.Batch(template, fonts, images={"emblem": emblem})
    certificates.write_pdf(tmp_path / "full.pdf", [PERSON], full, {1: "1"})
    page = PdfReader(str(tmp_path / "full.pdf")).pages[0]
    assert " Do" in page.get_contents().get_data().decode("latin-1")
    assert any(x.get_object()["/Subtype"] == "/Image" for x in page["/Resources"]["/XObject"].values())
    over = certificates.Batch(template, fonts, mode=Mode.OVERPRINT, images={"emblem": emblem})
    certificates.write_pdf(tmp_path / "over.pdf", [PERSON], over, {1: "1"})
    assert "/XObject" not in PdfReader(str(tmp_path / "over.pdf")).pages[0]["/Resources"]


# --- hostile templates and fonts (issue 17, points 4 and 6) --------------------------------------------
def _shipped_data() -> dict:
    import json

    return json.loads(dumps(builtin_templates()[0]))


HOSTILE_TEMPLATES = {
    "infinite size": (lambda d: d["fields"][0].update(size=float("inf")), "số thật"),
    "NaN position": (lambda d: d["fields"][0].update(x_mm=float("nan")), "số thật"),
    "a huge width": (lambda d: d["fields"][0].update(width_mm=1e300), "quá lớn"),
    "a format spec": (lambda d: d["fields"][0].update(text="{name:>99999999}"), "không kèm định dạng"),
    "a positional field": (lambda d: d["fields"][0].update(text="{} {0}"), "không kèm định dạng"),
    "an attribute": (lambda d: d["fields"][0].update(text="{name.__class__}"), "không có"),
    "unbalanced braces": (lambda d: d["fields"][0].update(text="{name"), "không khớp"),
    "text for a size": (lambda d: d["fields"][0].update(size="mười bốn"), "phải là một số"),
    "text for wrap": (lambda d: d["fields"][0].update(wrap="có"), "true hoặc false"),
    "fields not a list": (lambda d: d.update(fields="x"), "phải là một danh sách"),
    "a field not an object": (lambda d: d["fields"].append(7), "đối tượng JSON"),
    "values a list": (lambda d: d.update(values=[1, 2]), "giá trị mặc định"),
    "awards a number": (lambda d: d.update(awards=5), "mã chữ"),
    "an infinite border": (lambda d: d.update(border={"inset_mm": float("inf")}), "số thật"),
    "a paper of text": (lambda d: d.update(paper={"width_mm": "rộng", "height_mm": 210}), "phải là một số"),
    "a missing key": (lambda d: d["fields"][0].pop("x_mm"), "thiếu thuộc tính bắt buộc x_mm"),
}


@pytest.mark.parametrize(("spoil", "said"), HOSTILE_TEMPLATES.values(), ids=HOSTILE_TEMPLATES.keys())
def test_a_hostile_template_is_refused_in_vietnamese(spoil, said):
    import json

    data = _shipped_data()
    spoil(data)
    with pytest.raises(TemplateError) as caught:
        loads(json.dumps(data))  # json writes inf and nan as Infinity and NaN, as an attacker would
    assert said in str(caught.value) and "Traceback" not in str(caught.value)


def test_one_bad_desk_template_never_breaks_the_others(sample_path, tmp_path):
    import json

    db = open_database(sample_path)
    try:
        good = _shipped_data()
        good["name"] = "mau-cua-ban"
        sc.save_template(db, "mau-cua-ban", json.dumps(good))
        bad = _shipped_data()
        bad["name"] = "mau-hong"
        bad["fields"][0]["size"] = "to"
        sc.save_template(db, "mau-hong", json.dumps(bad))
        sc.save_template(db, "mau-rac", "[[[[")
    finally:
        db.close()
    listed = run_cli("certificates", "--db", str(sample_path), "--list-templates")
    assert listed.returncode == 0, listed.stderr
    assert "mau-cua-ban" in listed.stdout and "Traceback" not in listed.stderr


def test_a_font_file_too_big_or_not_a_file_is_refused_before_it_is_read(tmp_path):
    huge = tmp_path / "times.ttf"
    with huge.open("wb") as fh:  # sparse: 2 GB on paper, nothing on disk
        fh.truncate(2 * 1024**3)
    with pytest.raises(FontError, match="quá lớn cho một tệp phông"):
        certificate_fonts.from_file(huge)
    folder = tmp_path / "thu-muc.ttf"
    folder.mkdir()
    with pytest.raises(FontError, match="không phải một tệp phông|Không tìm thấy"):
        certificate_fonts.from_file(folder)
    broken = tmp_path / "hong.ttf"
    broken.write_bytes(b"\x00\x01\x00\x00" + b"garbage" * 100)
    with pytest.raises(FontError) as caught:
        certificate_fonts.from_file(broken)
    assert "không phải phông TrueType" in str(caught.value) and "Error" not in str(caught.value)


def test_one_file_per_recipient_over_a_file_a_viewer_holds_replaces_none(tmp_path, fonts, monkeypatch):
    """Issue 24, point 6: a PDF of the same name open in a viewer stopped the batch halfway;
    now every file is checked first and none is replaced, with a Vietnamese reason."""
    from thidua_desktop.store.errors import FileWriteError

    template = _templates()["giay-khen-a4"]
    batch = certificates.Batch(template, fonts)
    records = [PERSON, {**PERSON, "id": 2, "full_name": "Lê Văn Đức"}]
    out = tmp_path / "out"
    first = certificates.write_per_recipient(out, records, batch, {1: "12", 2: "13"})
    before = {p.name: p.read_bytes() for p in first}
    held = out / "0013-le-van-duc.pdf"
    monkeypatch.setattr(certificates, "file_writable", lambda path: Path(path) != held)
    with pytest.raises(FileWriteError, match="0013-le-van-duc.pdf") as caught:
        certificates.write_per_recipient(out, [{**r, "summary": "Thành tích khác"} for r in records], batch,
                                         {1: "12", 2: "13"})  # fmt: skip
    assert "đóng lại" in str(caught.value)
    assert {p.name: p.read_bytes() for p in first} == before  # neither replaced
    assert not list(out.glob(".dang-ghi*"))
