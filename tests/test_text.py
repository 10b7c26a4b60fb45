import random
import unicodedata

from thidua_desktop.domain.text import fold, fold_decomposed, nfc, person_sort_key, vi_sort_key


def test_nfc_composes_and_tidies_spaces():
    decomposed = unicodedata.normalize("NFD", "Nguyễn  Thị   Ánh ")
    assert decomposed != "Nguyễn Thị Ánh"
    assert nfc(decomposed) == "Nguyễn Thị Ánh"
    assert unicodedata.is_normalized("NFC", nfc(decomposed))


def test_fold_removes_marks_case_and_d_bar():
    assert fold("Đào Thị THẮNG") == "dao thi thang"
    assert fold(unicodedata.normalize("NFD", "Ưng Hoàng Phúc")) == "ung hoang phuc"
    assert fold("Đắk Lắk") == "dak lak"
    assert fold(None) == ""
    assert fold(" Lê\tVăn  Tám\n") == "le van tam"


def test_quick_fold_agrees_with_the_long_way():
    """The translate-table path must give what decomposing gives, for every character and for
    mixed text (combining marks, other scripts, tabs, runs of spaces)."""
    for code in range(0x10000):
        if not 0xD800 <= code < 0xE000:
            assert fold(chr(code)) == fold_decomposed(chr(code)), hex(code)
    rng = random.Random(7)
    pool = [chr(c) for c in [*range(0x0, 0x250), *range(0x1E00, 0x1F00), 0x300, 0x301, 0x303, 0x309, 0x323,
                             0x212A, 0x130, 0xFB01, 0xA0, 0x2003, 0x85]] + [" "] * 60  # fmt: skip
    for _ in range(20_000):
        text = "".join(rng.choice(pool) for _ in range(rng.randrange(1, 12)))
        assert fold(text) == fold_decomposed(text), repr(text)


def test_people_sort_by_given_name_in_vietnamese_order():
    expected = ["Nguyễn Văn An", "Trần Thị Ánh", "Lê Văn Bình", "Hoàng Văn Dũng", "Phạm Thị Đào"]
    shuffled = [expected[i] for i in (4, 2, 0, 3, 1)]
    assert sorted(shuffled, key=person_sort_key) == expected


def test_alphabet_letters_and_tones_order():
    # ă â after a, đ after d, ê after e, ô ơ after o, ư after u
    words = ["ư", "u", "ơ", "ô", "o", "ê", "e", "đ", "d", "â", "ă", "a"]
    assert sorted(words, key=vi_sort_key) == ["a", "ă", "â", "d", "đ", "e", "ê", "o", "ô", "ơ", "u", "ư"]
    # tone after the letters: no mark < huyền < hỏi < ngã < sắc < nặng
    tones = ["mạ", "má", "mã", "mả", "mà", "ma"]
    assert sorted(tones, key=vi_sort_key) == ["ma", "mà", "mả", "mã", "má", "mạ"]
    # a word's letters decide before its tone: "má" < "mai" though á > a
    assert sorted(["mai", "má"], key=vi_sort_key) == ["má", "mai"]


def test_same_given_name_then_family_and_middle_names():
    names = ["Trần Văn An", "Lê Thị An", "Nguyễn Văn An"]
    assert sorted(names, key=person_sort_key) == ["Lê Thị An", "Nguyễn Văn An", "Trần Văn An"]


def test_sort_key_is_the_same_for_nfc_and_nfd_input():
    name = "Phạm Thị Đào"
    assert person_sort_key(unicodedata.normalize("NFD", name)) == person_sort_key(name)


def test_decimals_with_a_comma():
    from thidua_desktop.domain.text import vn_decimal

    assert vn_decimal(12.5) == "12,5" and vn_decimal(12.5, 2) == "12,50" and vn_decimal(62.5, 1) == "62,5"
    assert vn_decimal(-3.0) == "-3" and vn_decimal(100.0, 2) == "100,00"


def test_nfc_quick_return_agrees_with_normalising():
    """Text already tidy is returned as it is; everything else is normalised, its control
    characters (and bidirectional overrides) made spaces and its white space collapsed, exactly
    as doing that to every text would."""
    import re

    def tidy(text):
        controls = "".join(chr(c) for c in [*range(0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F),
                                            *range(0x2066, 0x206A)])  # fmt: skip
        spaced = "".join(" " if ch in controls else ch for ch in unicodedata.normalize("NFC", text))
        return re.sub(r"\s+", " ", spaced).strip()

    rng = random.Random(3)
    pool = [chr(c) for c in [*range(0x0, 0x250), *range(0x1E00, 0x1F00), 0x300, 0x301, 0x303, 0x309, 0x323,
                             0x2028, 0xA0, 0x2003, 0x85, 0x3000, 0xFEFF, 0x202E, 0x2066]] + [" "] * 60  # fmt: skip
    for _ in range(20_000):
        text = "".join(rng.choice(pool) for _ in range(rng.randrange(0, 10)))
        assert nfc(text) == tidy(text), repr(text)
