"""Vietnamese text: NFC normalisation, diacritic folding for search, and the sort key
that orders people the Vietnamese way (given name first, Vietnamese alphabet, tone
after the letters of each word)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")
# control characters (C0, DEL, C1) and the bidirectional overrides that can make a name read
# backwards on screen: never part of a name or a title, and an xlsx cannot hold most of them
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def nfc(text: str | None) -> str | None:
    """NFC form with runs of white space collapsed and the ends trimmed."""
    if text is None:
        return None
    if (text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " "
            and (text.isascii() or unicodedata.is_normalized("NFC", text))):  # fmt: skip
        return text  # already tidy: most of what a form or a spreadsheet holds
    return _SPACES.sub(" ", _CONTROL.sub(" ", unicodedata.normalize("NFC", text))).strip()


def _folding_table() -> dict[int, str]:
    """Each precomposed Latin letter to its bare letter ("ẫ" -> "a"), đ/Đ (and the eth Ð that
    stands in for Đ in some legacy files) to d/D: the letters Vietnamese text is made of."""
    table = {ord("đ"): "d", ord("Đ"): "D", ord("Ð"): "D", ord("ð"): "d"}
    for code in range(0xC0, 0x250):
        bare = "".join(c for c in unicodedata.normalize("NFD", chr(code)) if not unicodedata.combining(c))
        if bare != chr(code) and bare.isascii():
            table[code] = bare
    for code in range(0x1E00, 0x1F00):  # Latin Extended Additional: ạ ả ấ ầ ẩ ẫ ậ …
        bare = "".join(c for c in unicodedata.normalize("NFD", chr(code)) if not unicodedata.combining(c))
        if bare.isascii():
            table[code] = bare
    return table


_FOLDING = _folding_table()


def strip_marks(text: str) -> str:
    """Marks removed, case kept, đ -> d: "Đã ghi tệp" -> "Da ghi tep"."""
    quick = text.translate(_FOLDING)
    if quick.isascii():
        return quick
    return "".join(ch for ch in unicodedata.normalize("NFD", quick) if not unicodedata.combining(ch))


def fold(text: str | None) -> str:
    """Lower case, marks removed, đ -> d: "Đào Thị Thắng" -> "dao thi thang"."""
    if not text:
        return ""
    # Quick path: precomposed letters mapped one by one give plain ASCII for nearly every
    # Vietnamese text (a name, a position), twice as fast; anything else (combining marks,
    # other scripts) goes the long way, which gives the same result for what this takes.
    quick = text.translate(_FOLDING)
    if not quick.isascii():
        return fold_decomposed(text)
    quick = quick.lower()
    if "  " in quick or not quick.isprintable() or quick[0] == " " or quick[-1] == " ":
        quick = _SPACES.sub(" ", quick).strip()  # tabs, line breaks, runs of spaces
    return quick


def fold_decomposed(text: str) -> str:
    """``fold`` the long way: decompose, drop the marks, case-fold, tidy the spaces."""
    # Ð (U+00D0, Icelandic eth) stands in for Đ in some legacy files.
    decomposed = unicodedata.normalize(
        "NFD", text.replace("đ", "d").replace("Đ", "D").replace("Ð", "D").replace("ð", "d")
    )
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", bare.casefold()).strip()


def name_key(name: str | None) -> str:
    """A person's name for matching: case and spacing ignored, the marks kept ("Nguyễn Văn
    Dung" and "Nguyễn Văn Dũng" are two people; "NGUYỄN  văn dũng" is the second)."""
    return (nfc(name) or "").casefold()


def search_text(*parts: object) -> str:
    """The folded search column of a row: its searchable fields folded and joined."""
    return " ".join(fold(str(p)) for p in parts if p not in (None, ""))


# --- Vietnamese collation -------------------------------------------------------------
# Base letters in Vietnamese alphabet order; the foreign letters f j w z take their
# Latin places so that names such as "Y Wang" or "H'Zang" still sort sensibly.
_ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m",
    "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
]  # fmt: skip
# Tone order: none < huyền < hỏi < ngã < sắc < nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Marks that make a letter of its own (ă â ê ô ơ ư) stay attached to the base letter.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
_LETTER_CODE = {letter: chr(0x41 + i) for i, letter in enumerate(_ALPHABET)}  # "A".."a"
_DIGIT_BASE = 0x30  # digits sort before letters
_WORD_END = "!"  # ends a word's letters: a shorter word sorts first ("An" < "Anh")
_WORD_SEP = " "  # between words, below every other code


@lru_cache(maxsize=65536)  # names are made of a few hundred words
def _word_key(word: str) -> str:
    letters: list[str] = []
    tone = 0
    for cluster in _letter_clusters(word):
        base, marks = cluster[0], cluster[1:]
        for mark in marks:
            if mark in _TONES:
                tone = _TONES[mark]
        letter = unicodedata.normalize("NFC", base + "".join(m for m in marks if m in _LETTER_MARKS))
        if letter in _LETTER_CODE:
            letters.append(_LETTER_CODE[letter])
        elif letter.isdigit():
            letters.append(chr(_DIGIT_BASE + int(letter)) if letter.isascii() else letter)
        elif letter.isalnum():
            letters.append(chr(0x100) + letter)  # other scripts after the alphabet
        # punctuation (apostrophes in "H'Hen", hyphens) is ignored, as collators do
    return "".join(letters) + _WORD_END + str(tone)


def _letter_clusters(word: str) -> list[str]:
    """Split a lower-case word into base letters each followed by its combining marks."""
    clusters: list[str] = []
    for ch in unicodedata.normalize("NFD", word.lower().replace("đ", "\x00")):
        if unicodedata.combining(ch) and clusters:
            clusters[-1] += ch
        else:
            clusters.append(ch)
    return ["đ" + c[1:] if c.startswith("\x00") else c for c in clusters]


@lru_cache(maxsize=65536)  # a name is sorted for the person and again for each proposal
def vi_sort_key(text: str | None) -> str:
    """Key that sorts text in Vietnamese alphabet order, word by word."""
    words = (nfc(text) or "").split(" ")
    return _WORD_SEP.join(_word_key(w) for w in words if w)


@lru_cache(maxsize=65536)
def person_sort_key(full_name: str | None) -> str:
    """Key for people's lists: given name (last word) first, then family and middle names."""
    words = (nfc(full_name) or "").split(" ")
    if len(words) > 1:
        words = [words[-1], *words[:-1]]
    return _WORD_SEP.join(_word_key(w) for w in words if w)


def vn_number(n: int | float) -> str:
    """Thousands grouped with dots, as Vietnamese write them: 2340000 -> "2.340.000"."""
    return f"{n:,}".replace(",", ".")


def vn_decimal(value: float, places: int | None = None) -> str:
    """A decimal comma: 12.5 -> "12,5"; with ``places``, 12.5 -> "12,50"."""
    return (f"{value:g}" if places is None else f"{value:.{places}f}").replace(".", ",")
