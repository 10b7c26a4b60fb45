"""Vietnamese text in the legacy TCVN3 (ABC) and VNI encodings, as found in older agency
files: detect it and convert it to Unicode (NFC). Pure: no Qt, no SQL, stdlib only.

How the text arrives. A spreadsheet cell typed with a legacy font holds the legacy bytes
as Windows-1252 (or, from some converters, ISO 8859-1) characters: TCVN3 "NguyÔn V¨n
Th¾ng", VNI "Nguyeãn Vaên Thaéng". Every character is first taken back to its byte: a
character below U+0100 is its own byte, one of the 27 Windows-1252 characters of 0x80-0x9F
("€", "œ", "–"...) is that byte, so both readings of 0x80-0x9F land on the same byte. Neither
table uses 0x80-0x9F for a letter; those bytes come out as their Windows-1252 characters.

TCVN3 is VN3 of TCVN 5712:1993 (VSCII-3), the encoding of the ".VnTime", ".VnArial"... fonts:
one byte per letter, 0x00-0x7F ASCII. It holds the 67 lower-case letters with marks (0xA8-0xFE)
and only 7 capitals (Ă Â Ê Ô Ơ Ư Đ, 0xA1-0xA7). Capitals with a tone mark have no code: they
were typed with the capitals fonts (".VnTimeH", ".VnArialH"...), which draw the lower-case
codes as capitals. So ``to_unicode(..., capitals=True)`` is the decoding for text in such a
font (``is_capitals_font``); without the font, a word or cell whose ASCII letters are all
capitals (two or more) is taken as typed in capitals, and ``name_capitals`` restores the
capital a name's word could not be typed with ("Lª ThÞ ¸nh" -> "Lê Thị Ánh"). The capitals
VN1 and VN2 add (at 0x80-0x9F, 0xAF, 0xBA...) and VN2's combining marks (0xB0-0xB4) are not
part of VN3 and are not decoded: those bytes stay as they are and count against TCVN3.

VNI (VNI-Windows, fonts "VNI-Times"...) writes a vowel as its ASCII base letter followed by
one mark byte (tone, or circumflex/breve with the tone folded in); ơ ư đ, i with four of
its tones and ỵ are single bytes. Decoding takes the longest sequence first. VNI has every
capital.

Sources. The tables below were written from the standard's layout (TCVN 5712:1993 as
described on Wikipedia "VSCII") and checked letter by letter, all 134 precomposed letters
and đ/Đ in both cases, against:
  TCVN3 - (1) GNU libiconv / X11 ``tcvn.h`` (TCVN-5712, VN1; VN3 is its 0xA0-0xFF
          lower-case letters plus the 7 capitals), (2) Unikey's conversion tables
          (ibus-unikey ``ukengine/tables/singlebyte/tcvn3.cpp``), (3) VBKey
          (``Modules/mdlCodeTable.bas``, ``TCVN3_TABLE``).
  VNI   - (1) Unikey (ibus-unikey ``ukengine/tables/doublebytes/vni_win.cpp``),
          (2) VBKey (``VNI_WINDOWS_TABLE``), (3) duydev/vietnamese-conversion
          (``src/charsets.ts``).
For each encoding the three sources agree with these tables on every letter. Where they go
beyond the letters they differ: Unikey and VBKey write a TCVN3 capital with a tone as its
lower-case code (what the capitals fonts need); libiconv decodes the VN1 capitals VN3 lacks;
duydev's TCVN3 table (not used as a source) writes such a capital as base capital +
lower-case code ("Á" -> "A¸"), which is not VN3, and has ư (0xAD, a soft hyphen) lost as an
empty string. Unikey passes bytes 0x80-0x9F through as their Windows-1252 characters, as
done here.

Detection. Text is cut into words at spaces, digits and punctuation. A word with a byte
above 0x7F is evidence FOR an encoding when it decodes cleanly into a valid Vietnamese
syllable while, read as Unicode, it is not one (for example "V¨n": "¨" is no Vietnamese
letter). It is evidence AGAINST when it does not decode cleanly (an unassigned byte, a VNI
mark after a consonant, a character with no legacy byte such as "ế") or when it is valid
Unicode Vietnamese but decodes into nonsense. A word valid both ways ("Bá" is also TCVN3
"Bỏ") or nonsense both ways ("Café", "Müller") counts for nothing. An encoding is detected
when at least ``min_words`` (2) words speak for it and they are at least ``RATIO`` (3) times
the words against it; if both qualify, the one with more words for than against wins. Proper
Unicode Vietnamese thus never counts for a legacy encoding, and plain ASCII gives no
evidence at all. Known limit: a short Western word can happen to read as legacy Vietnamese
(French "Loïc" is VNI "Lọc"), which is why one word is never enough.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

TCVN3 = "tcvn3"
VNI = "vni"
ENCODINGS = (TCVN3, VNI)
LABELS = {TCVN3: "TCVN3 (ABC)", VNI: "VNI"}
RATIO = 3  # words for an encoding must outnumber the words against it three to one

# tone marks, in the order of the table columns: none, huyền, hỏi, ngã, sắc, nặng
_TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
_VOWELS = ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y")

# --- TCVN3 (VN3): byte of each lower-case letter -------------------------------------------
# fmt: off
_TCVN3_LOWER = {
    #      none  huyền hỏi   ngã   sắc   nặng
    "a": (0x61, 0xB5, 0xB6, 0xB7, 0xB8, 0xB9),
    "ă": (0xA8, 0xBB, 0xBC, 0xBD, 0xBE, 0xC6),
    "â": (0xA9, 0xC7, 0xC8, 0xC9, 0xCA, 0xCB),
    "e": (0x65, 0xCC, 0xCE, 0xCF, 0xD0, 0xD1),
    "ê": (0xAA, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6),
    "i": (0x69, 0xD7, 0xD8, 0xDC, 0xDD, 0xDE),
    "o": (0x6F, 0xDF, 0xE1, 0xE2, 0xE3, 0xE4),
    "ô": (0xAB, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9),
    "ơ": (0xAC, 0xEA, 0xEB, 0xEC, 0xED, 0xEE),
    "u": (0x75, 0xEF, 0xF1, 0xF2, 0xF3, 0xF4),
    "ư": (0xAD, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9),
    "y": (0x79, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE),
}
_TCVN3_OTHER = {"đ": 0xAE, "Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7}

# --- VNI (Windows): base letter + mark bytes, as Latin-1 characters -----------------------------
#                  none huyền hỏi ngã sắc nặng
_VNI_TONE =       {False: ("", "ø", "û", "õ", "ù", "ï"), True: ("", "Ø", "Û", "Õ", "Ù", "Ï")}
_VNI_CIRCUMFLEX = {False: ("â", "à", "å", "ã", "á", "ä"), True: ("Â", "À", "Å", "Ã", "Á", "Ä")}
_VNI_BREVE =      {False: ("ê", "è", "ú", "ü", "é", "ë"), True: ("Ê", "È", "Ú", "Ü", "É", "Ë")}
_VNI_I =          {False: ("i", "ì", "æ", "ó", "í", "ò"), True: ("I", "Ì", "Æ", "Ó", "Í", "Ò")}
# base of each vowel: (ASCII or single-byte base, lower case; the mark table it takes)
_VNI_BASE = {"a": ("a", _VNI_TONE), "ă": ("a", _VNI_BREVE), "â": ("a", _VNI_CIRCUMFLEX), "e": ("e", _VNI_TONE),
             "ê": ("e", _VNI_CIRCUMFLEX), "o": ("o", _VNI_TONE), "ô": ("o", _VNI_CIRCUMFLEX), "ơ": ("ô", _VNI_TONE),
             "u": ("u", _VNI_TONE), "ư": ("ö", _VNI_TONE), "y": ("y", _VNI_TONE)}
_VNI_SINGLE = {"đ": "ñ", "Đ": "Ñ", "ỵ": "î", "Ỵ": "Î"}  # ỵ is one byte, unlike the other y
# fmt: on


def _letter(base: str, tone: int, upper: bool) -> str:
    text = unicodedata.normalize("NFC", base + _TONES[tone])
    return text.upper() if upper else text


def _build_tcvn3() -> dict[str, str]:
    """Unicode letter -> TCVN3 byte (as a character), lower case and the 7 capitals."""
    table = {_letter(v, t, False): chr(b) for v, row in _TCVN3_LOWER.items() for t, b in enumerate(row)}
    table.update({k: chr(b) for k, b in _TCVN3_OTHER.items()})
    return {k: v for k, v in table.items() if ord(v) > 0x7F}


def _build_vni() -> dict[str, str]:
    """Unicode letter -> VNI sequence, all 134 letters with a mark plus đ/Đ."""
    table: dict[str, str] = {}
    for upper in (False, True):
        for vowel in _VOWELS:
            for tone in range(6):
                if vowel == "i":
                    seq = _VNI_I[upper][tone]
                elif vowel == "y" and tone == 5:
                    continue  # ỵ is in _VNI_SINGLE
                else:
                    base, marks = _VNI_BASE[vowel]
                    seq = (base.upper() if upper else base) + marks[upper][tone]
                table[_letter(vowel, tone, upper)] = seq
    table.update(_VNI_SINGLE)
    return {k: v for k, v in table.items() if any(ord(c) > 0x7F for c in v)}


TCVN3_TABLE = _build_tcvn3()  # 67 lower-case letters + 7 capitals
VNI_TABLE = _build_vni()  # 134 letters + đ Đ
_TCVN3_DECODE = {v: k for k, v in TCVN3_TABLE.items()}
_VNI_DECODE = {v: k for k, v in VNI_TABLE.items()}
# a mark typed in the other case than its base letter still belongs to it ("Eã" -> "Ễ")
for _seq, _letter_ in list(_VNI_DECODE.items()):
    if len(_seq) == 2:
        _VNI_DECODE.setdefault(_seq[0] + _seq[1].swapcase(), _letter_)
_VNI_PATTERN = re.compile("|".join(re.escape(s) for s in sorted(_VNI_DECODE, key=len, reverse=True)))

# --- characters back to bytes ----------------------------------------------------------------
_CP1252 = {}
for _b in range(0x80, 0xA0):
    try:
        _CP1252[bytes([_b]).decode("cp1252")] = chr(_b)
    except UnicodeDecodeError:
        pass
_C1_OUT = {v: k for k, v in _CP1252.items()}  # a C1 control (Latin-1 reading) -> its cp1252 character


def _byte_char(ch: str) -> str | None:
    """The legacy byte a character stands for, as a character < U+0100; None if it has none."""
    if ord(ch) < 0x100:
        return ch
    return _CP1252.get(ch)


# words: cut at white space, digits, ASCII punctuation, C1 / cp1252 punctuation and NBSP
_PUNCT = re.compile(r"[\x80-\xa0]")
_SPLIT = re.compile(r"([\s\x00-\x40\x5b-\x60\x7b-\xa0\u2000-\u206f\u20ac\u2122]+)")
_WORD = re.compile(r"[^\s\x00-\x40\x5b-\x60\x7b-\xa0\u2000-\u206f\u20ac\u2122]+")


# --- decoding --------------------------------------------------------------------------------------
def _decode_tcvn3(text: str) -> tuple[str, bool]:
    out, clean = [], True
    for ch in text:
        b = _byte_char(ch)
        letter = _TCVN3_DECODE.get(b) if b else None
        if letter:
            out.append(letter)
        elif b is None or ord(b) > 0xA0:  # no byte, or a byte VN3 leaves unassigned
            out.append(ch)
            clean = False
        else:
            out.append(_C1_OUT.get(b, ch))
    return "".join(out), clean


def _decode_vni(text: str) -> tuple[str, bool]:
    mapped = "".join(_byte_char(ch) or "\uffff" for ch in text)
    out, pos = [], 0
    for m in _VNI_PATTERN.finditer(mapped):
        out.append(text[pos : m.start()])
        out.append(_VNI_DECODE[m.group()])
        pos = m.end()
    out.append(text[pos:])
    clean = all(ord(c) < 0x80 or _PUNCT.match(c) for c in _VNI_PATTERN.sub("", mapped))
    return "".join(_C1_OUT.get(c, c) for c in "".join(out)), clean


_ASCII_LETTERS = re.compile(r"[A-Za-z]")


def to_unicode(text: str, encoding: str | None, *, capitals: bool = False) -> str:
    """Legacy text as NFC Unicode. ``capitals``: the text is in a TCVN3 capitals font
    (".VnTimeH"...), where every letter shows as a capital. Characters that have no meaning in
    the encoding are left as they are. ``encoding`` None returns the text in NFC."""
    if encoding == TCVN3:
        decoded = _decode_tcvn3(text)[0]
        decoded = decoded.upper() if capitals else _tcvn3_capitals(decoded)
    elif encoding == VNI:
        decoded = _decode_vni(text)[0]
    elif encoding is None:
        decoded = text
    else:
        raise ValueError(f"unknown encoding {encoding!r}")
    return unicodedata.normalize("NFC", decoded)


def _tcvn3_capitals(decoded: str) -> str:
    """TCVN3 typed in capitals (two or more ASCII letters, none lower case) had its toned vowels
    typed as lower-case codes: make those capitals too, for the whole cell or for one word."""
    if _all_caps(decoded):
        return decoded.upper()
    return "".join(w.upper() if _all_caps(w) else w for w in _SPLIT.split(decoded))


def _all_caps(text: str) -> bool:
    letters = _ASCII_LETTERS.findall(text)
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def from_unicode(text: str, encoding: str) -> str:
    """The legacy form of Unicode text, as Latin-1 characters (for tests and samples). TCVN3
    writes a capital with a tone as its lower-case code, as the capitals fonts expect."""
    table = TCVN3_TABLE if encoding == TCVN3 else VNI_TABLE
    out = []
    for ch in unicodedata.normalize("NFC", text):
        code = table.get(ch)
        if code is None and encoding == TCVN3:
            code = table.get(ch.lower())
        out.append(code if code is not None else ch)
    return "".join(out)


def is_capitals_font(name: str | None) -> bool:
    """A TCVN3 capitals font: ".VnTimeH", ".VnArialH", ".VnArial NarrowH"..."""
    return bool(name and name.lower().startswith(".vn") and name.rstrip().endswith("H"))


def decode_runs(runs: Iterable[tuple[str, str | None]], encoding: str) -> str:
    """A cell written in runs of different fonts, each run (text, font name) decoded on its own:
    in TCVN3 a single capital was often typed by switching that letter to the capitals font."""
    parts = [to_unicode(t, encoding, capitals=encoding == TCVN3 and is_capitals_font(f)) for t, f in runs]
    return unicodedata.normalize("NFC", "".join(parts))


def name_capitals(name: str) -> str:
    """A person's name decoded from TCVN3 whose words are capitalised except some that start
    with a toned vowel, which TCVN3's normal font could not write as a capital ("Lê Thị ánh"):
    those get their capital too. Anything else is left alone."""
    words = name.split(" ")
    lower = [w for w in words if w and w[0].islower()]
    if not lower or len(lower) == len([w for w in words if w]):
        return name
    if not all(_has_tone(w[0]) for w in lower):
        return name
    return " ".join(w[0].upper() + w[1:] if w and w[0].islower() else w for w in words)


def _has_tone(ch: str) -> bool:
    return any(m in _TONES[1:] for m in unicodedata.normalize("NFD", ch))


# --- Vietnamese syllables ----------------------------------------------------------------------
# fmt: off
_ONSETS = ["ngh", "ng", "gh", "gi", "kh", "ph", "th", "tr", "ch", "nh", "qu",
           *"bcdđghklmnprstvx", *"fjwz"]
_NUCLEI = ["iêu", "yêu", "oai", "oao", "oay", "oeo", "uây", "uôi", "uya", "uyê", "uyu", "ươi", "ươu",
           "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "ôi",
           "ơi", "ua", "uâ", "uê", "ui", "uô", "uơ", "uy", "ưa", "ưi", "ươ", "ưu", "yê", *_VOWELS]
_CODAS = ["ch", "ng", "nh", "c", "k", "m", "n", "p", "t"]  # k: place names such as "Đắk Nông"
# fmt: on
_SYLLABLE = re.compile(f"({'|'.join(_ONSETS)})?({'|'.join(_NUCLEI)})({'|'.join(_CODAS)})?")
_TONE_MARKS = frozenset(_TONES[1:])
_STOP_TONES = {"\u0301", "\u0323"}  # a syllable ending in c, ch, k, p, t takes sắc or nặng
# nuclei that end in a glide take no final; these others need one ("ăn", "tiên", "muốn", "xuân")
_OPEN_ONLY = {"ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oi", "ôi", "ơi", "ua", "ui", "ưa", "ưi",
              "ưu", "iêu", "yêu", "oai", "oao", "oay", "oeo", "uây", "uôi", "uya", "uyu", "ươi", "ươu"}  # fmt: skip
_NEED_FINAL = {"ă", "â", "iê", "yê", "oă", "uâ", "uô", "ươ", "uyê"}
_NH_CH = {"a", "ê", "i", "y", "uy", "oa", "uê"}  # the only nuclei before final "nh" / "ch"
_QUALITY = "ăâêôơư"


def is_syllable(word: str) -> bool:
    """One Vietnamese syllable (case ignored): onset, vowel nucleus, final, at most one tone,
    the tone on the vowel that carries it (old and new placement in "hòa"/"hoà" both pass)."""
    tone, at, letters, kept = None, -1, 0, []
    for c in unicodedata.normalize("NFD", word.lower()):
        if c in _TONE_MARKS:
            if tone:
                return False
            tone, at = c, letters - 1  # the tone sits on the letter just read
        else:
            kept.append(c)
            letters += not unicodedata.combining(c)
    bare = unicodedata.normalize("NFC", "".join(kept))
    m = _SYLLABLE.fullmatch(bare)
    if m is None:
        return False
    nucleus, final = m.group(2), m.group(3)
    if (final and nucleus in _OPEN_ONLY) or (not final and nucleus in _NEED_FINAL):
        return False
    if final in ("nh", "ch") and nucleus not in _NH_CH:
        return False
    if final in ("c", "ch", "k", "p", "t") and tone not in _STOP_TONES:
        return False
    if tone is None:
        return True
    marked = [i for i, ch in enumerate(nucleus) if ch in _QUALITY]
    if marked:
        allowed = {marked[-1]}
    elif len(nucleus) == 1 or (not final and len(nucleus) == 2 and nucleus not in ("oa", "oe", "uy")):
        allowed = {0}
    elif final:
        allowed = {len(nucleus) - 1}
    else:
        allowed = {0, 1} if len(nucleus) == 2 else {1}
    return at - m.start(2) in allowed


def _natural_case(word: str) -> bool:
    return word.islower() or word.isupper() or (word[0].isupper() and word[1:].islower())


# --- detection ------------------------------------------------------------------------------------
@lru_cache(maxsize=65536)
def _judge(word: str) -> tuple[int, int]:
    """For each encoding (TCVN3, VNI): +1 the word speaks for it, -1 against, 0 neither."""
    if word.isascii():
        return 0, 0
    if any(_byte_char(c) is None for c in word):
        return -1, -1  # a character no legacy byte stands for: this is Unicode text
    as_unicode = _natural_case(word) and is_syllable(word)
    verdicts = []
    for decode in (_decode_tcvn3, _decode_vni):
        decoded, clean = decode(word)
        if not clean:
            verdicts.append(-1)
        elif len(decoded) == 1 and not as_unicode:
            verdicts.append(0)  # a lone letter, an abbreviation ("§/c" = "Đ/c")
        elif is_syllable(decoded):
            verdicts.append(0 if as_unicode else 1)
        else:
            verdicts.append(-1 if as_unicode else 0)
    return verdicts[0], verdicts[1]


@dataclass
class Evidence:
    """Words for and against each encoding, summed over any number of texts."""

    votes: dict[str, list[int]] = field(default_factory=lambda: {e: [0, 0] for e in ENCODINGS})

    def add(self, text: str) -> Evidence:
        if text.isascii():
            return self  # no word of it says anything (see _judge)
        for word in _WORD.findall(text):
            for encoding, verdict in zip(ENCODINGS, _judge(word), strict=True):
                if verdict:
                    self.votes[encoding][verdict < 0] += 1
        return self

    def __iadd__(self, other: Evidence) -> Evidence:
        for e in ENCODINGS:
            self.votes[e] = [a + b for a, b in zip(self.votes[e], other.votes[e], strict=True)]
        return self

    def against_all(self) -> bool:
        """Some words, and none of them for any legacy encoding: this is Unicode (or Latin-1)."""
        return all(f == 0 and a > 0 for f, a in self.votes.values())

    def decide(self, min_words: int = 2) -> str | None:
        fits = [(f - a, e) for e, (f, a) in self.votes.items() if f >= min_words and f >= RATIO * a]
        return max(fits)[1] if fits else None


def evidence(texts: Iterable[object]) -> Evidence:
    """The evidence of many cells together (non-text values are skipped)."""
    ev = Evidence()
    for t in texts:
        if isinstance(t, str):
            ev.add(t)
    return ev


def detect(text: str) -> str | None:
    """ "tcvn3", "vni" or None for one text; it needs two clear words, like a column."""
    return Evidence().add(text).decide()


def detect_many(texts: Iterable[object], min_words: int = 2) -> str | None:
    """One decision for a whole column or sheet: decide on the aggregate, not per short cell."""
    return evidence(texts).decide(min_words)
