"""Legacy Vietnamese encodings (TCVN3 / ABC and VNI): every letter, detection, no false alarms.

The legacy strings below are literals written from the published tables (Unikey's and
VBKey's, which agree letter by letter), not produced by the module under test."""

import pytest

from thidua_desktop.domain import legacy_text as lt
from thidua_desktop.domain.legacy_text import TCVN3, VNI

# each vowel with no tone, huyền, hỏi, ngã, sắc, nặng; then đ
LOWER = "aàảãáạ ăằẳẵắặ âầẩẫấậ eèẻẽéẹ êềểễếệ iìỉĩíị oòỏõóọ ôồổỗốộ ơờởỡớợ uùủũúụ ưừửữứự yỳỷỹýỵ đ"
UPPER = "AÀẢÃÁẠ ĂẰẲẴẮẶ ÂẦẨẪẤẬ EÈẺẼÉẸ ÊỀỂỄẾỆ IÌỈĨÍỊ OÒỎÕÓỌ ÔỒỔỖỐỘ ƠỜỞỠỚỢ UÙỦŨÚỤ ƯỪỬỮỨỰ YỲỶỸÝỴ Đ"
# fmt: off
TCVN3_LOWER = ("a\xb5\xb6\xb7\xb8\xb9 \xa8\xbb\xbc\xbd\xbe\xc6 \xa9\xc7\xc8\xc9\xca\xcb e\xcc\xce\xcf\xd0\xd1 "
               "\xaa\xd2\xd3\xd4\xd5\xd6 i\xd7\xd8\xdc\xdd\xde o\xdf\xe1\xe2\xe3\xe4 \xab\xe5\xe6\xe7\xe8\xe9 "
               "\xac\xea\xeb\xec\xed\xee u\xef\xf1\xf2\xf3\xf4 \xad\xf5\xf6\xf7\xf8\xf9 y\xfa\xfb\xfc\xfd\xfe \xae")
# capitals: Ă Â Ê Ô Ơ Ư Đ have codes; a capital with a tone is its lower-case code in a capitals font
TCVN3_UPPER = ("A\xb5\xb6\xb7\xb8\xb9 \xa1\xbb\xbc\xbd\xbe\xc6 \xa2\xc7\xc8\xc9\xca\xcb E\xcc\xce\xcf\xd0\xd1 "
               "\xa3\xd2\xd3\xd4\xd5\xd6 I\xd7\xd8\xdc\xdd\xde O\xdf\xe1\xe2\xe3\xe4 \xa4\xe5\xe6\xe7\xe8\xe9 "
               "\xa5\xea\xeb\xec\xed\xee U\xef\xf1\xf2\xf3\xf4 \xa6\xf5\xf6\xf7\xf8\xf9 Y\xfa\xfb\xfc\xfd\xfe \xa7")
VNI_LOWER = ("aa\xf8a\xfba\xf5a\xf9a\xef a\xeaa\xe8a\xfaa\xfca\xe9a\xeb a\xe2a\xe0a\xe5a\xe3a\xe1a\xe4 "
             "ee\xf8e\xfbe\xf5e\xf9e\xef e\xe2e\xe0e\xe5e\xe3e\xe1e\xe4 i\xec\xe6\xf3\xed\xf2 "
             "oo\xf8o\xfbo\xf5o\xf9o\xef o\xe2o\xe0o\xe5o\xe3o\xe1o\xe4 \xf4\xf4\xf8\xf4\xfb\xf4\xf5\xf4\xf9\xf4\xef "
             "uu\xf8u\xfbu\xf5u\xf9u\xef \xf6\xf6\xf8\xf6\xfb\xf6\xf5\xf6\xf9\xf6\xef yy\xf8y\xfby\xf5y\xf9\xee \xf1")
VNI_UPPER = ("AA\xd8A\xdbA\xd5A\xd9A\xcf A\xcaA\xc8A\xdaA\xdcA\xc9A\xcb A\xc2A\xc0A\xc5A\xc3A\xc1A\xc4 "
             "EE\xd8E\xdbE\xd5E\xd9E\xcf E\xc2E\xc0E\xc5E\xc3E\xc1E\xc4 I\xcc\xc6\xd3\xcd\xd2 "
             "OO\xd8O\xdbO\xd5O\xd9O\xcf O\xc2O\xc0O\xc5O\xc3O\xc1O\xc4 \xd4\xd4\xd8\xd4\xdb\xd4\xd5\xd4\xd9\xd4\xcf "
             "UU\xd8U\xdbU\xd5U\xd9U\xcf \xd6\xd6\xd8\xd6\xdb\xd6\xd5\xd6\xd9\xd6\xcf YY\xd8Y\xdbY\xd5Y\xd9\xce \xd1")
# fmt: on
LETTERS = [c for c in (LOWER + UPPER) if not c.isascii()]

# realistic names, header rows and titles: (legacy, expected Unicode)
TCVN3_SAMPLES = [
    ("NguyÔn V¨n Th¾ng", "Nguyễn Văn Thắng"),
    ("TrÇn ThÞ Mü Duyªn", "Trần Thị Mỹ Duyên"),
    ("§ç ThÞ H»ng", "Đỗ Thị Hằng"),
    ("Lª V¨n Kh¶i", "Lê Văn Khải"),
    ("Hoµng Minh Tr\xadêng", "Hoàng Minh Trường"),
    ("STT Hä vµ tªn N¨m sinh Chøc vô §¬n vÞ", "STT Họ và tên Năm sinh Chức vụ Đơn vị"),
    ("H×nh thøc ®Ò nghÞ Tãm t¾t thµnh tÝch", "Hình thức đề nghị Tóm tắt thành tích"),
    ("C¤NG AN TØNH §¾K L¾K", "CÔNG AN TỈNH ĐẮK LẮK"),
    ("Hoµn thµnh xuÊt s¾c nhiÖm vô n¨m 2003", "Hoàn thành xuất sắc nhiệm vụ năm 2003"),
]
VNI_SAMPLES = [
    ("Nguyeãn Vaên Thaéng", "Nguyễn Văn Thắng"),
    ("Traàn Thò Myõ Duyeân", "Trần Thị Mỹ Duyên"),
    ("Ñoã Thò Haèng", "Đỗ Thị Hằng"),
    ("Leâ Vaên Khaûi", "Lê Văn Khải"),
    ("Hoaøng Minh Tröôøng", "Hoàng Minh Trường"),
    ("STT Hoï vaø teân Naêm sinh Chöùc vuï Ñôn vò", "STT Họ và tên Năm sinh Chức vụ Đơn vị"),
    ("Hình thöùc ñeà nghò Toùm taét thaønh tích", "Hình thức đề nghị Tóm tắt thành tích"),
    ("COÂNG AN TÆNH ÑAÉK LAÉK", "CÔNG AN TỈNH ĐẮK LẮK"),
    ("Hoaøn thaønh xuaát saéc nhieäm vuï naêm 2003", "Hoàn thành xuất sắc nhiệm vụ năm 2003"),
]
UNICODE_TEXTS = [
    "Nguyễn Văn Thắng", "Trần Thị Mỹ Duyên", "Lê Bá Tú", "Lê Hà", "Hồ Chí Minh", "Chí Tín", "Tóm tắt",
    "Họ và tên", "Năm sinh", "Chiến sĩ thi đua cơ sở", "Bằng khen của Chủ tịch UBND tỉnh", "Đại úy",
    "CÔNG AN TỈNH ĐẮK LẮK", "Y Wang Niê", "H'Hen Niê", "Ksor Y Nhi", "Êban", "Phó Giám đốc", "Lò Văn Pá",
]  # fmt: skip
ASCII_TEXTS = ["Nguyen Van Thang", "STT", "Ho va ten", "05/03/1990", "Kinh", "UBND", "Y Nhi"]
LATIN1_TEXTS = [
    "Café", "Müller", "François", "Hélène", "José", "Zoë", "Noël", "Straße", "Größe", "São Paulo", "Ñandú",
    "Crème brûlée", "Bjørn Ærø", "Façade", "Loïc", "Jürgen Schön", "Café Müller", "Renée Dupré", "Mañana",
    "Curaçao", "Ångström", "Þórður", "naïve", "À la carte", "déjà vu",
]  # fmt: skip


def test_tables_hold_every_letter():
    assert len(LETTERS) == 134
    assert len(lt.VNI_TABLE) == 134 and set(lt.VNI_TABLE) == set(LETTERS)
    # TCVN3 (VN3): 67 lower-case letters and the 7 capitals Ă Â Ê Ô Ơ Ư Đ
    assert len(lt.TCVN3_TABLE) == 74
    assert {c for c in lt.TCVN3_TABLE if c.isupper()} == set("ĂÂÊÔƠƯĐ")


def test_whole_alphabet_decodes_from_the_published_codes():
    assert lt.to_unicode(TCVN3_LOWER, TCVN3) == LOWER
    assert lt.to_unicode(TCVN3_UPPER, TCVN3, capitals=True) == UPPER
    assert lt.to_unicode(VNI_LOWER, VNI) == LOWER
    assert lt.to_unicode(VNI_UPPER, VNI) == UPPER


def test_whole_alphabet_encodes_to_the_published_codes():
    assert lt.from_unicode(LOWER, TCVN3) == TCVN3_LOWER
    assert lt.from_unicode(UPPER, TCVN3) == TCVN3_UPPER
    assert lt.from_unicode(LOWER, VNI) == VNI_LOWER
    assert lt.from_unicode(UPPER, VNI) == VNI_UPPER


@pytest.mark.parametrize("letter", LETTERS)
def test_every_letter_round_trips(letter):
    assert lt.to_unicode(lt.from_unicode(letter, VNI), VNI) == letter
    # a TCVN3 capital with a tone exists only in a capitals font (.VnTimeH)
    needs_font = letter.isupper() and letter not in lt.TCVN3_TABLE
    assert lt.to_unicode(lt.from_unicode(letter, TCVN3), TCVN3, capitals=needs_font) == letter
    if not needs_font:
        assert lt.to_unicode(lt.from_unicode(letter, TCVN3), TCVN3) == letter


@pytest.mark.parametrize("legacy, expected", TCVN3_SAMPLES)
def test_tcvn3_text_is_detected_and_converted(legacy, expected):
    assert lt.detect(legacy) == TCVN3
    assert lt.to_unicode(legacy, TCVN3) == expected


@pytest.mark.parametrize("legacy, expected", VNI_SAMPLES)
def test_vni_text_is_detected_and_converted(legacy, expected):
    assert lt.detect(legacy) == VNI
    assert lt.to_unicode(legacy, VNI) == expected


@pytest.mark.parametrize("text", UNICODE_TEXTS + ASCII_TEXTS + LATIN1_TEXTS)
def test_unicode_ascii_and_western_text_is_not_taken_for_legacy(text):
    assert lt.detect(text) is None


def test_columns_of_unicode_or_western_names_are_not_taken_for_legacy():
    assert lt.detect_many(UNICODE_TEXTS) is None
    assert lt.detect_many(LATIN1_TEXTS) is None
    assert lt.detect_many(UNICODE_TEXTS + ASCII_TEXTS + LATIN1_TEXTS + [1990, None]) is None


def test_a_column_decides_where_single_cells_cannot():
    # "Hïng" (Hùng) and "Th¶o" (Thảo) each give one clear word; "Tó" (Tú) reads as Unicode too
    column = ["Hïng", "Th¶o", "Lan", "Tó", None, 1985]
    assert [lt.detect(c) for c in column if isinstance(c, str)] == [None] * 4
    assert lt.detect_many(column) == TCVN3
    assert lt.detect_many(["Huøng", "Thaûo", "Lan"]) == VNI
    # a few Unicode cells typed in later do not change the column's decision
    assert lt.detect_many([t for t, _ in TCVN3_SAMPLES] + ["Phạm Văn Tâm"]) == TCVN3


def test_mixed_unicode_in_a_legacy_text_is_left_alone():
    assert lt.to_unicode("NguyÔn Văn", TCVN3) == "Nguyễn Văn"
    assert lt.to_unicode("Nguyeãn Văn", VNI) == "Nguyễn Văn"


def test_both_readings_of_bytes_0x80_to_0x9f():
    # cp1252 "…" / "–" and the Latin-1 reading U+0085 / U+0096 are the same bytes
    assert (
        lt.to_unicode("V¨n\u2026 H\u2013ng", TCVN3) == lt.to_unicode("V¨n\x85 H\x96ng", TCVN3) == "Văn… H–ng"
    )
    assert lt.to_unicode("Vaên\x96Hoïc", VNI) == lt.to_unicode("Vaên\u2013Hoïc", VNI) == "Văn–Học"
    assert lt.detect("NguyÔn\x96V¨n Th¾ng") == TCVN3


def test_tcvn3_capitals():
    # typed all in capitals: the toned vowels had only lower-case codes
    assert lt.to_unicode("DANH S¸CH §Ò NGHÞ KHEN TH¦ëNG", TCVN3) == "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"
    assert lt.to_unicode("Tr\xadêng §¹i häc", TCVN3) == "Trường Đại học"
    assert lt.to_unicode("Hä", TCVN3) == "Họ"  # one capital is not "all capitals"
    # in a capitals font every letter shows as a capital
    assert lt.is_capitals_font(".VnTimeH") and lt.is_capitals_font(".VnArial NarrowH")
    assert not lt.is_capitals_font(".VnTime") and not lt.is_capitals_font("Times New Roman")
    assert not lt.is_capitals_font(None)
    assert lt.to_unicode("nguyÔn v¨n", TCVN3, capitals=True) == "NGUYỄN VĂN"
    runs = [("Lª ThÞ ", ".VnTime"), ("¸", ".VnTimeH"), ("nh", ".VnTime")]
    assert lt.decode_runs(runs, TCVN3) == "Lê Thị Ánh"


def test_name_capitals():
    assert lt.name_capitals("Lê Thị ánh") == "Lê Thị Ánh"
    assert lt.name_capitals("Đinh ấn") == "Đinh Ấn"
    assert lt.name_capitals("Đinh ước") == "Đinh ước"  # TCVN3 had a capital Ư: typed as meant
    assert lt.name_capitals("hoàng văn nam") == "hoàng văn nam"  # nothing to go by
    assert lt.name_capitals("Lê thị Ánh") == "Lê thị Ánh"  # "t" had a capital: leave it


def test_vietnamese_syllables():
    valid = (
        "Nguyễn Thắng Huyền Tuyết Quốc giữa người Nghĩa của Khuỷu ngoài hòa hoà Thủy thuỷ Đắk Lắk Huỳnh Ấy"
    )
    assert all(lt.is_syllable(w) for w in valid.split())
    invalid = "teõn Leõ hòan tặnh Cafộ bac càc Mỹller"
    assert not any(lt.is_syllable(w) for w in invalid.split())


def test_unknown_encoding_is_refused():
    with pytest.raises(ValueError):
        lt.to_unicode("x", "viscii")
    assert lt.to_unicode("Nguye\u0302\u0303n", None) == "Nguyễn"  # None: only NFC
