"""Award names as offices write them in the lists they send (issue 23, point 4): the short
forms (CSTĐCS, LĐTT, BK UBND tỉnh), the wordings with the issuer's title ("Giấy khen Giám
đốc Sở", "Bằng khen Chủ tịch UBND tỉnh") and the names of the catalogue itself, all folded
(no marks, any case) to the catalogue's code. An unknown wording is never guessed: ``closest``
names the awards it is nearest to, for the row's error."""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

from thidua_desktop.domain.text import fold
from thidua_desktop.rules.catalogue import AWARDS, BY_CODE

#: how a wording is compared: folded, punctuation gone, the words of courtesy and of the issuer's
#: office dropped ("của", "Chủ tịch", "Giám đốc"), the usual abbreviations spelled out
_DROPPED = {"cua", "chu", "tich", "cap", "do", "giam", "doc", "thu", "truong", "danh", "hieu", "hinh", "thuc"}
_SPELLED = [
    (r"\bubnd\b", "uy ban nhan dan"), (r"\bttcp\b", "thu tuong chinh phu"), (r"\btt\b", "thu tuong"),
    (r"\bbk\b", "bang khen"), (r"\bgk\b", "giay khen"), (r"\bcstd\b", "chien si thi dua"),
    (r"\bhcld\b", "huan chuong lao dong"), (r"\bcp\b", "chinh phu"), (r"\bcs\b", "co so"),
]  # fmt: skip


def key(text: str) -> str:
    """A wording as compared: "Bằng khen của Chủ tịch UBND tỉnh" and "BK UBND tỉnh" meet."""
    folded = " ".join(re.findall(r"[a-z0-9]+", fold(text or "")))
    for pattern, spelled in _SPELLED:
        folded = re.sub(pattern, spelled, folded)
    folded = folded.replace("uy ban nhan dan", "ubnd").replace("thu tuong chinh phu", "thu tuong")
    return " ".join(w for w in folded.split() if w not in _DROPPED)


#: wordings seen in units' lists, beyond the catalogue's own names and short names
_ALIASES = {
    "CSTDCS": ["CSTĐCS", "CSTĐ cơ sở", "CSTĐ CS", "Chiến sỹ thi đua cơ sở", "Chiến sĩ thi đua cấp cơ sở"],
    "CSTDT": ["CSTĐ tỉnh", "CSTĐ cấp tỉnh", "Chiến sỹ thi đua cấp tỉnh", "Chiến sĩ thi đua tỉnh"],
    "CSTDTQ": ["CSTĐ toàn quốc", "Chiến sỹ thi đua toàn quốc"],
    "LDTT": ["LĐTT", "Lao động tiên tiến"],
    "CSTT": ["CSTT", "Chiến sỹ tiên tiến"],
    "TTLDXS": ["TTLĐXS", "TT LĐXS", "Tập thể LĐXS"],
    "TTLDTT": ["TTLĐTT", "TT LĐTT", "Tập thể LĐTT"],
    "DVQT": ["ĐVQT"],
    "DVTT": ["ĐVTT"],
    "CO_TINH": ["Cờ thi đua tỉnh", "Cờ thi đua UBND tỉnh", "Cờ thi đua của UBND tỉnh", "Cờ tỉnh"],
    "CO_CP": ["Cờ thi đua Chính phủ", "Cờ CP"],
    "BK_TINH": ["BK UBND tỉnh", "BK tỉnh", "Bằng khen UBND tỉnh", "Bằng khen tỉnh", "BKCT UBND tỉnh",
                "Bằng khen Chủ tịch UBND tỉnh", "Bằng khen của Chủ tịch UBND tỉnh"],
    "BK_TTG": ["BK TTCP", "BK Thủ tướng", "Bằng khen Thủ tướng", "Bằng khen Thủ tướng Chính phủ", "BKTTCP"],
    "BK_BO": ["BK Bộ", "Bằng khen Bộ", "Bằng khen của Bộ trưởng", "Bằng khen Bộ, ngành"],
    "GK": ["GK", "Giấy khen Giám đốc Sở", "Giấy khen của Giám đốc", "Giấy khen Giám đốc", "Giấy khen Chủ tịch UBND huyện",
           "Giấy khen Chủ tịch UBND xã", "Giấy khen Thủ trưởng", "Giấy khen của Thủ trưởng đơn vị"],
    "HCLD3": ["HCLĐ hạng Ba", "Huân chương Lao động hạng 3", "HCLĐ hạng III", "Huân chương Lao động hạng III"],
}  # fmt: skip

ALIASES: dict[str, str] = {}
for _award in AWARDS:
    for _text in (_award.name, _award.short, _award.code):
        ALIASES.setdefault(key(_text), _award.code)
for _code, _texts in _ALIASES.items():
    for _text in _texts:
        ALIASES.setdefault(key(_text), _code)
ALIASES.pop("", None)


@lru_cache(maxsize=4096)  # a list repeats a handful of wordings thousands of times
def _code(text: str) -> str | None:
    return ALIASES.get(key(text))


def award_code(text: object) -> str | None:
    """The catalogue's code for a wording, or None when it is not one the desk knows."""
    if text in (None, ""):
        return None
    return _code(str(text))


def closest(text: object, n: int = 3) -> list[str]:
    """The names of the awards nearest to an unknown wording (for "did you mean")."""
    near = difflib.get_close_matches(key(str(text)), list(ALIASES), n=n * 3, cutoff=0.5)
    names: list[str] = []
    for k in near:
        name = BY_CODE[ALIASES[k]].name
        if name not in names:
            names.append(name)
    return names[:n]
