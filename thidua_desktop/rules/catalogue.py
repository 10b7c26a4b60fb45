"""The award catalogue: emulation titles and forms of commendation (Law 06/2022,
Art. 8, 9, 19, 20; DOMAIN.md §3), keyed by the stable code stored in the database.

Legal criteria, effective dates and money per award come with the rules issue; the
names and subjects here are what lists and forms need already."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class AwardType(StrEnum):
    TITLE = "danh_hieu"  # danh hiệu thi đua
    FORM = "hinh_thuc"  # hình thức khen thưởng


class For(StrEnum):
    INDIVIDUAL = "ca_nhan"
    COLLECTIVE = "tap_the"
    BOTH = "ca_hai"


@dataclass(frozen=True, slots=True)
class Award:
    code: str
    name: str
    short: str
    type: AwardType
    subject: For
    # 'dan_su', 'luc_luong_vu_trang' or '' for any award track
    track: str = ""
    rank: int = 0  # higher is the higher award of its type; orders "highest title paid"


AWARDS: tuple[Award, ...] = (
    Award("CSTDTQ", "Chiến sĩ thi đua toàn quốc", "CSTĐTQ", AwardType.TITLE, For.INDIVIDUAL, rank=40),
    Award("CSTDT", "Chiến sĩ thi đua cấp tỉnh", "CSTĐ tỉnh", AwardType.TITLE, For.INDIVIDUAL, rank=30),
    Award("CSTDCS", "Chiến sĩ thi đua cơ sở", "CSTĐCS", AwardType.TITLE, For.INDIVIDUAL, rank=20),
    Award("LDTT", "Lao động tiên tiến", "LĐTT", AwardType.TITLE, For.INDIVIDUAL, "dan_su", 10),
    Award("CSTT", "Chiến sĩ tiên tiến", "CSTT", AwardType.TITLE, For.INDIVIDUAL, "luc_luong_vu_trang", 10),
    Award("CO_CP", "Cờ thi đua của Chính phủ", "Cờ CP", AwardType.TITLE, For.COLLECTIVE, rank=40),
    Award("CO_TINH", "Cờ thi đua của Ủy ban nhân dân tỉnh", "Cờ tỉnh", AwardType.TITLE, For.COLLECTIVE, rank=30),
    Award("TTLDXS", "Tập thể lao động xuất sắc", "TTLĐXS", AwardType.TITLE, For.COLLECTIVE, "dan_su", 20),
    Award("DVQT", "Đơn vị quyết thắng", "ĐVQT", AwardType.TITLE, For.COLLECTIVE, "luc_luong_vu_trang", 20),
    Award("TTLDTT", "Tập thể lao động tiên tiến", "TTLĐTT", AwardType.TITLE, For.COLLECTIVE, "dan_su", 10),
    Award("DVTT", "Đơn vị tiên tiến", "ĐVTT", AwardType.TITLE, For.COLLECTIVE, "luc_luong_vu_trang", 10),
    Award("HCLD3", "Huân chương Lao động hạng Ba", "HCLĐ hạng Ba", AwardType.FORM, For.BOTH, rank=50),
    Award("BK_TTG", "Bằng khen của Thủ tướng Chính phủ", "BK Thủ tướng", AwardType.FORM, For.BOTH, rank=40),
    Award("BK_BO", "Bằng khen của Bộ, ban, ngành", "BK Bộ, ngành", AwardType.FORM, For.BOTH, rank=30),
    Award("BK_TINH", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", "BK tỉnh", AwardType.FORM, For.BOTH, rank=30),
    Award("GK", "Giấy khen", "Giấy khen", AwardType.FORM, For.BOTH, rank=10),
)  # fmt: skip

BY_CODE: dict[str, Award] = {a.code: a for a in AWARDS}


def award_name(code: str | None) -> str:
    """The award's Vietnamese name; an unknown code (from a newer catalogue) shows as is."""
    if not code:
        return ""
    award = BY_CODE.get(code)
    return award.name if award else code


def awards_for(subject: str) -> list[Award]:
    """Awards a nominee of ``subject`` ('ca_nhan' or 'tap_the') can be proposed for."""
    return [a for a in AWARDS if a.subject in (subject, For.BOTH)]
