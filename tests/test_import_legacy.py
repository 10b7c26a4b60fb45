"""Importing units' lists typed in the legacy TCVN3 (ABC) and VNI encodings: hand-made files
in the official layout (merged title lines, header on row 7, "Năm sinh" over Nam / Nữ), with
the legacy text written as literals, compared with the expected Unicode names."""

from datetime import date, datetime

import pytest
from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Font
from xlsx_samples import official_list

from thidua_desktop.reports.excel import importing as ei
from thidua_desktop.store import open_database

TCVN3_TITLES = ["C¤NG AN TØNH §¾K L¾K", f"DANH S¸CH §Ò NGHÞ KHEN TH¦ëNG N¡M {date.today().year - 1}"]
TCVN3_HEADER = ["STT", "Hä vµ tªn", "N¨m sinh", None, "Ngµy sinh", "Chøc vô", "§¬n vÞ", "H×nh thøc ®Ò nghÞ",
                "Tãm t¾t thµnh tÝch"]  # fmt: skip
TCVN3_SEXES = ["Nam", "N÷"]
VNI_TITLES = ["COÂNG AN TÆNH ÑAÉK LAÉK", f"DANH SAÙCH ÑEÀ NGHÒ KHEN THÖÔÛNG NAÊM {date.today().year - 1}"]
VNI_HEADER = ["STT", "Hoï vaø teân", "Naêm sinh", None, "Ngaøy sinh", "Chöùc vuï", "Ñôn vò", "Hình thöùc ñeà nghò",
              "Toùm taét thaønh tích"]  # fmt: skip
VNI_SEXES = ["Nam", "Nöõ"]
CONVERTED = {
    "tcvn3": "Đã chuyển từ bảng mã TCVN3 (ABC) sang Unicode.",
    "vni": "Đã chuyển từ bảng mã VNI sang Unicode.",
}


def legacy_list(path, titles, header, sexes, rows, *, font=None, fonts=None):
    """The official layout with legacy text: titles merged above, header on row 7."""
    wb = Workbook()
    ws = wb.active
    ws["A1"] = titles[0]
    ws.merge_cells("A1:D1")
    ws["A4"] = titles[1]
    ws.merge_cells("A4:I4")
    for col, text in enumerate(header, start=1):
        ws.cell(7, col, text)
    ws.merge_cells(start_row=7, start_column=3, end_row=7, end_column=4)
    ws.cell(8, 3, sexes[0])
    ws.cell(8, 4, sexes[1])
    for r, values in enumerate(rows, start=10):
        for c, value in enumerate(values, start=1):
            cell = ws.cell(r, c, value)
            if font and isinstance(value, str):
                cell.font = Font(name=(fonts or {}).get((r, c), font))
    wb.save(path)
    return path


@pytest.fixture
def sample_db(sample_path):
    db = open_database(sample_path, user="tester")
    yield db
    db.close()


def test_tcvn3_list_is_converted(sample_db, tmp_path):
    path = legacy_list(tmp_path / "abc.xlsx", TCVN3_TITLES, TCVN3_HEADER, TCVN3_SEXES, [
        [1, "TrÇn ThÞ Mü Duyªn", None, 1990, "05/03/1990", "C¸n bé", "C«ng an tØnh", "ChiÕn sÜ thi ®ua c¬ së",
         "Hoµn thµnh xuÊt s¾c nhiÖm vô"],
        [2, "NguyÔn V¨n Th¾ng", 1984, None, datetime(1984, 7, 2), "§éi tr\xadëng", "C«ng an tØnh", "B»ng khen tØnh",
         None],
        [3, "Lª ThÞ ¸nh", None, 1992, None, "C¸n bé", "C«ng an tØnh", None, None],
        [4, "Phạm Văn Tâm", 1979, None, None, "Cán bộ", "Công an tỉnh", None, None],  # typed later, in Unicode
    ], font=".VnTime")  # fmt: skip
    rows = ei.preview(sample_db, path)
    assert [r.line for r in rows] == [10, 11, 12, 13]
    assert [r.values["name"] for r in rows] == [
        "Trần Thị Mỹ Duyên",
        "Nguyễn Văn Thắng",
        "Lê Thị Ánh",
        "Phạm Văn Tâm",
    ]
    assert [r.action for r in rows] == ["new"] * 4, [r.reason for r in rows]
    assert rows.notices == ["Tệp dùng bảng mã TCVN3 (ABC); đã chuyển sang Unicode."]
    assert all(CONVERTED["tcvn3"] in r.reason for r in rows[:3])
    assert CONVERTED["tcvn3"] not in rows[3].reason and rows[3].converted is None
    first, second = rows[0].changes, rows[1].changes
    assert first["position"] == "Cán bộ" and first["sex"] == "nu" and first["birth_year"] == 1990
    assert first["birth_date"].isoformat() == "1990-03-05"
    assert (
        second["position"] == "Đội trưởng" and second["birth_date"].isoformat() == "1984-07-02"
    )  # a date cell
    assert rows[0].award_code == "CSTDCS" and rows[1].award_code == "BK_TINH"
    assert all(r.unit_id is not None for r in rows)  # "C«ng an tØnh" found the unit "Công an tỉnh"
    assert rows[0].values["summary"] == "Hoàn thành xuất sắc nhiệm vụ"

    counts = ei.apply(sample_db, rows)
    assert counts == {
        "new": 4,
        "update": 0,
        "proposals": 2,
        "error": 0,
        "collective_new": 0,
        "collective_update": 0,
        "units": 0,
    }
    names = {r[0] for r in sample_db.conn.execute("SELECT full_name FROM individuals")}
    assert {"Trần Thị Mỹ Duyên", "Nguyễn Văn Thắng", "Lê Thị Ánh", "Phạm Văn Tâm"} <= names
    assert not any("Ç" in n or "Þ" in n for n in names)


def test_vni_list_is_converted(sample_db, tmp_path):
    path = legacy_list(tmp_path / "vni.xlsx", VNI_TITLES, VNI_HEADER, VNI_SEXES, [
        [1, "Traàn Thò Myõ Duyeân", None, 1990, "05/03/1990", "Caùn boä", "Coâng an tænh", "Chieán só thi ñua cô sôû",
         "Hoaøn thaønh xuaát saéc nhieäm vuï"],
        [2, "Nguyeãn Vaên Thaéng", 1984, None, datetime(1984, 7, 2), "Ñoäi tröôûng", "Coâng an tænh", None, None],
        [3, "Ñoã Thò Haèng", None, 1991, None, "Chuyeân vieân", "Coâng an tænh", None, None],
    ], font="VNI-Times")  # fmt: skip
    rows = ei.preview(sample_db, path)
    assert [r.values["name"] for r in rows] == ["Trần Thị Mỹ Duyên", "Nguyễn Văn Thắng", "Đỗ Thị Hằng"]
    assert [r.action for r in rows] == ["new"] * 3, [r.reason for r in rows]
    assert rows.notices == ["Tệp dùng bảng mã VNI; đã chuyển sang Unicode."]
    assert all(r.reason.endswith(CONVERTED["vni"]) for r in rows)
    assert [r.changes["position"] for r in rows] == ["Cán bộ", "Đội trưởng", "Chuyên viên"]
    assert rows[0].award_code == "CSTDCS" and rows[0].values["summary"] == "Hoàn thành xuất sắc nhiệm vụ"
    assert rows[1].changes["birth_date"].isoformat() == "1984-07-02" and rows[1].changes["birth_year"] == 1984
    assert ei.apply(sample_db, rows)["new"] == 3
    found = sample_db.conn.execute(
        "SELECT count(*) FROM individuals WHERE full_name = 'Đỗ Thị Hằng'"
    ).fetchone()[0]
    assert found == 1


def test_tcvn3_capitals_fonts(sample_db, tmp_path):
    """A cell in .VnTimeH shows every letter as a capital; a run in it, only that run."""
    path = tmp_path / "hoa.xlsx"
    legacy_list(path, TCVN3_TITLES, TCVN3_HEADER, TCVN3_SEXES, [
        [1, "hoµng v¨n nam", 1980, None, None, "C¸n bé", "C«ng an tØnh", None, None],
        [2, "NguyÔn V¨n ¸nh", 1981, None, None, "C¸n bé", "C«ng an tØnh", None, None],
    ], font=".VnTime", fonts={(10, 2): ".VnTimeH"})  # fmt: skip
    from openpyxl import load_workbook

    wb = load_workbook(path, rich_text=True)
    wb.active["B11"] = CellRichText(
        [
            TextBlock(InlineFont(rFont=".VnTime"), "NguyÔn V¨n "),
            TextBlock(InlineFont(rFont=".VnTimeH"), "¸nh"),
        ]
    )
    wb.save(path)
    rows = ei.preview(sample_db, path)
    assert [r.values["name"] for r in rows] == ["HOÀNG VĂN NAM", "Nguyễn Văn ÁNH"]


def test_header_in_unicode_data_in_tcvn3(sample_db, tmp_path):
    """The app's own template filled in with names typed in TCVN3: the column decides."""
    path = official_list(tmp_path / "mix.xlsx", [
        [1, "NguyÔn V¨n Th¾ng", 1984, None, None, "C¸n bé", "Công an tỉnh", None, None],
        [2, "Hïng", 1985, None, None, "C¸n bé", "Công an tỉnh", None, None],
    ])  # fmt: skip
    rows = ei.preview(sample_db, path)
    assert [r.values["name"] for r in rows] == ["Nguyễn Văn Thắng", "Hùng"]
    assert [r.changes["position"] for r in rows] == ["Cán bộ", "Cán bộ"]
    assert all(r.unit_id is not None for r in rows)
    assert rows.notices == ["Tệp dùng bảng mã TCVN3 (ABC); đã chuyển sang Unicode."]


def test_unicode_and_western_names_are_left_as_they_are(sample_db, tmp_path):
    path = official_list(tmp_path / "uni.xlsx", [
        [1, "Lê Bá Tú", 1984, None, None, "Cán bộ", "Công an tỉnh", None, None],
        [2, "Chí Tín", 1985, None, None, "Cán bộ", "Công an tỉnh", None, None],
        [3, "José Müller", 1986, None, None, "Café", "Công an tỉnh", None, None],
    ])  # fmt: skip
    rows = ei.preview(sample_db, path)
    assert [r.values["name"] for r in rows] == ["Lê Bá Tú", "Chí Tín", "José Müller"]
    assert rows.notices == [] and not any(r.converted for r in rows)
    assert not any("bảng mã" in r.reason for r in rows)


def test_the_notice_reaches_the_command_line(sample_path, tmp_path):
    from tests.conftest import run_cli

    path = legacy_list(tmp_path / "vni.xlsx", VNI_TITLES, VNI_HEADER, VNI_SEXES, [
        [1, "Traàn Thò Myõ Duyeân", None, 1990, "05/03/1990", "Caùn boä", "Coâng an tænh", None, None],
    ])  # fmt: skip
    result = run_cli("import", str(path), "--db", str(sample_path), "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "Tệp dùng bảng mã VNI; đã chuyển sang Unicode." in result.stdout
    assert "Trần Thị Mỹ Duyên" in result.stdout


def test_tcvn3_list_with_its_collectives(sample_db, tmp_path):
    from thidua_desktop.domain import legacy_text

    def abc(text):
        return legacy_text.from_unicode(text, legacy_text.TCVN3)

    path = legacy_list(tmp_path / "abc-tt.xlsx", TCVN3_TITLES, TCVN3_HEADER, TCVN3_SEXES, [
        [None, abc("I. TẬP THỂ")],
        [1, abc("Công an tỉnh"), None, None, None, None, None, abc("Bằng khen tỉnh"), abc("Dẫn đầu phong trào")],
        [None, abc("II. CÁ NHÂN")],
        [1, abc("Trần Thị Mỹ Duyên"), None, 1990, None, abc("Cán bộ"), abc("Công an tỉnh"), None, None],
    ], font=".VnTime")  # fmt: skip
    rows = ei.preview(sample_db, path)
    assert [(r.line, r.section, r.subject) for r in rows] == [
        (11, "tap_the", "tap_the"),
        (13, "ca_nhan", "ca_nhan"),
    ]
    unit = sample_db.conn.execute("SELECT id FROM units WHERE name = 'Công an tỉnh'").fetchone()[0]
    assert rows[0].action != "error" and rows[0].unit_id == unit and rows[0].award_code == "BK_TINH"
    assert rows[0].values["summary"] == "Dẫn đầu phong trào" and rows[1].values["name"] == "Trần Thị Mỹ Duyên"
