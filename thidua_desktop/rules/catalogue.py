"""The award catalogue: emulation titles and forms of commendation (Law 06/2022,
Art. 8, 9, 19, 20; DOMAIN.md §3), keyed by the stable code stored in the database.

Each award carries its level, issuer, the award tracks it belongs to, its legal basis,
the reward coefficient (multiples of the base salary, ND 98/2023 Art. 54–58 and ND
152/2025 Art. 49–54) and the dates it is in force."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class AwardType(StrEnum):
    TITLE = "danh_hieu"  # danh hiệu thi đua
    FORM = "hinh_thuc"  # hình thức khen thưởng


class For(StrEnum):
    INDIVIDUAL = "ca_nhan"
    COLLECTIVE = "tap_the"
    BOTH = "ca_hai"


LAW_2022 = "Luật Thi đua, khen thưởng 2022"


@dataclass(frozen=True, slots=True)
class Award:
    code: str
    name: str
    short: str
    type: AwardType
    subject: For
    # award tracks it belongs to: 'dan_su', 'luc_luong_vu_trang', 'nganh'; () = every track
    tracks: tuple[str, ...] = ()
    rank: int = 0  # higher is the higher award of its type; decides "only the highest is paid"
    level: str = ""  # co_so, tinh, bo, nha_nuoc
    issuer: str = ""
    basis: str = ""  # the article that defines it
    coefficient: float = 0.0  # reward, multiples of the base salary (individual)
    collective_coefficient: float | None = None  # when the collective scale differs
    valid_from: date = date(2024, 1, 1)
    valid_to: date | None = None

    def in_force(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)

    def for_subject(self, subject: str) -> bool:
        return self.subject in (subject, For.BOTH)


_PROVINCE = "Chủ tịch Ủy ban nhân dân tỉnh"
_HEAD = "Thủ trưởng cơ quan, đơn vị"
_CIVIL, _ARMED, _SECTOR = "dan_su", "luc_luong_vu_trang", "nganh"

AWARDS: tuple[Award, ...] = (
    Award("CSTDTQ", "Chiến sĩ thi đua toàn quốc", "CSTĐTQ", AwardType.TITLE, For.INDIVIDUAL, rank=40,
          level="nha_nuoc", issuer="Thủ tướng Chính phủ", basis=f"Điều 21 {LAW_2022}", coefficient=4.5),
    Award("CSTDT", "Chiến sĩ thi đua cấp tỉnh", "CSTĐ tỉnh", AwardType.TITLE, For.INDIVIDUAL, rank=30,
          level="tinh", issuer=_PROVINCE, basis=f"Điều 22 {LAW_2022}", coefficient=3.0),
    Award("CSTDCS", "Chiến sĩ thi đua cơ sở", "CSTĐCS", AwardType.TITLE, For.INDIVIDUAL, rank=20,
          level="co_so", issuer=_HEAD, basis=f"Điều 23 {LAW_2022}", coefficient=1.0),
    Award("LDTT", "Lao động tiên tiến", "LĐTT", AwardType.TITLE, For.INDIVIDUAL, (_CIVIL, _SECTOR), 10,
          level="co_so", issuer=_HEAD, basis=f"Điều 24 {LAW_2022}", coefficient=0.3),
    Award("CSTT", "Chiến sĩ tiên tiến", "CSTT", AwardType.TITLE, For.INDIVIDUAL, (_ARMED,), 10,
          level="co_so", issuer=_HEAD, basis=f"khoản 2 Điều 24 {LAW_2022}", coefficient=0.3),
    Award("CO_CP", "Cờ thi đua của Chính phủ", "Cờ CP", AwardType.TITLE, For.COLLECTIVE, rank=40,
          level="nha_nuoc", issuer="Thủ tướng Chính phủ", basis=f"Điều 25 {LAW_2022}", coefficient=12.0),
    Award("CO_TINH", "Cờ thi đua của Ủy ban nhân dân tỉnh", "Cờ tỉnh", AwardType.TITLE, For.COLLECTIVE, rank=30,
          level="tinh", issuer="Ủy ban nhân dân tỉnh", basis=f"Điều 26 {LAW_2022}", coefficient=8.0),
    Award("TTLDXS", "Tập thể lao động xuất sắc", "TTLĐXS", AwardType.TITLE, For.COLLECTIVE, (_CIVIL, _SECTOR), 20,
          level="tinh", issuer=_PROVINCE, basis=f"Điều 27 {LAW_2022}", coefficient=1.5),
    Award("DVQT", "Đơn vị quyết thắng", "ĐVQT", AwardType.TITLE, For.COLLECTIVE, (_ARMED,), 20,
          level="tinh", issuer=_PROVINCE, basis=f"Điều 27 {LAW_2022}", coefficient=1.5),
    Award("TTLDTT", "Tập thể lao động tiên tiến", "TTLĐTT", AwardType.TITLE, For.COLLECTIVE, (_CIVIL, _SECTOR), 10,
          level="co_so", issuer=_HEAD, basis=f"Điều 28 {LAW_2022}", coefficient=0.8),
    Award("DVTT", "Đơn vị tiên tiến", "ĐVTT", AwardType.TITLE, For.COLLECTIVE, (_ARMED,), 10,
          level="co_so", issuer=_HEAD, basis=f"Điều 28 {LAW_2022}", coefficient=0.8),
    Award("HCLD3", "Huân chương Lao động hạng Ba", "HCLĐ hạng Ba", AwardType.FORM, For.BOTH, rank=50,
          level="nha_nuoc", issuer="Chủ tịch nước", basis=f"Điều 44 {LAW_2022}", coefficient=4.5),
    Award("BK_TTG", "Bằng khen của Thủ tướng Chính phủ", "BK Thủ tướng", AwardType.FORM, For.BOTH, rank=40,
          level="nha_nuoc", issuer="Thủ tướng Chính phủ", basis=f"Điều 73 {LAW_2022}", coefficient=3.5),
    Award("BK_BO", "Bằng khen của Bộ, ban, ngành", "BK Bộ, ngành", AwardType.FORM, For.BOTH, rank=30,
          level="bo", issuer="Bộ trưởng, thủ trưởng cơ quan ngang bộ", basis=f"Điều 74 {LAW_2022}", coefficient=1.5),
    Award("BK_TINH", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", "BK tỉnh", AwardType.FORM, For.BOTH, rank=30,
          level="tinh", issuer=_PROVINCE, basis=f"điểm d khoản 1 Điều 74 {LAW_2022}", coefficient=1.5),
    Award("GK", "Giấy khen", "Giấy khen", AwardType.FORM, For.BOTH, rank=10,
          level="co_so", issuer=_HEAD, basis=f"Điều 75 {LAW_2022}", coefficient=0.3),
)  # fmt: skip

BY_CODE: dict[str, Award] = {a.code: a for a in AWARDS}

#: kinds of commendation that rest on merit over time and so ground an upward proposal;
#: ad-hoc (đột xuất) and thematic (chuyên đề) awards do not (DOMAIN.md §4).
MERIT_KINDS = frozenset({"thuong_xuyen"})


def award_name(code: str | None) -> str:
    """The award's Vietnamese name; an unknown code (from a newer catalogue) shows as is."""
    if not code:
        return ""
    award = BY_CODE.get(code)
    return award.name if award else code


def awards_for(subject: str, track: str | None = None) -> list[Award]:
    """Awards a nominee of ``subject`` ('ca_nhan' or 'tap_the') on ``track`` can receive."""
    return [a for a in AWARDS if a.for_subject(subject) and (not track or not a.tracks or track in a.tracks)]


def track_title(base_code: str, track: str) -> str:
    """The title of the ladder the track uses: LĐTT for civil, CSTT for the armed forces."""
    pairs = {"LDTT": "CSTT", "TTLDXS": "DVQT", "TTLDTT": "DVTT"}
    if track == _ARMED and base_code in pairs:
        return pairs[base_code]
    return base_code


#: the years of achievement an award's report covers, ending with the year proposed (DOMAIN.md
#: §4): CSTĐ cấp tỉnh three consecutive CSTĐCS years (Law Art. 22), CSTĐ toàn quốc two provincial
#: titles (six years, Art. 21), a minister's or the chairman's Bằng khen two years (Art. 74.1.d), the Prime
#: Minister's five (Art. 73), orders five; every other award its own year
REPORT_YEARS = {"CSTDT": 3, "CSTDTQ": 6, "BK_TINH": 2, "BK_BO": 2, "BK_TTG": 5, "HCLD3": 5}


def report_period(award_code: str | None, year: int) -> tuple[int, int]:
    """(first year, last year) of the achievement the report of ``award_code`` covers."""
    return year - REPORT_YEARS.get(award_code or "", 1) + 1, year
