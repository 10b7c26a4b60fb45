"""The legal texts a paper cites, as dated data: number, date of signature, issuer, full
title and the day it took effect, so a paper cites "Nghị định số 98/2023/NĐ-CP ngày 31 tháng
12 năm 2023 của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, khen
thưởng" (DOMAIN.md §6) and only texts signed and in force on its date.

Sources: Công báo số 571+572 (15/7/2022) for Law 06/2022/QH15; DOMAIN.md §1 for the decrees and
circulars and their dates (ND 152/2025 Art. 59 ends ND 98/2023 on 01/07/2025). Marked [U] in a
``note`` where a date is not confirmed from the official gazette: such a text is cited from
its signature date at the earliest."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class LegalText:
    kind: str  # "Luật", "Nghị định", "Thông tư"
    number: str  # "98/2023/NĐ-CP"
    signed: date
    issuer: str  # "Chính phủ", "Bộ trưởng Bộ Nội vụ"; empty for a law (the National Assembly's)
    title: str  # what it does, lower case: "quy định chi tiết thi hành …"
    effective: date
    ends: date | None = None  # the last day it applies
    name: str = ""  # a law's own name: "Luật Thi đua, khen thưởng"
    note: str = ""

    def in_force(self, on: date) -> bool:
        return self.signed <= on and self.effective <= on and (self.ends is None or on <= self.ends)

    def citation(self) -> str:
        month = f"{self.signed.month:02d}" if self.signed.month <= 2 else str(self.signed.month)
        when = f"ngày {self.signed.day:02d} tháng {month} năm {self.signed.year}"  # Decree 30's padding
        if self.kind == "Luật":
            return f"{self.name} số {self.number} {when}" + (f" {self.title}" if self.title else "")
        return f"{self.kind} số {self.number} {when} của {self.issuer} {self.title}"


_GUIDES_LAW = "quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng"

EMULATION_LAW = LegalText("Luật", "06/2022/QH15", date(2022, 6, 15), "", "", date(2024, 1, 1),
                          name="Luật Thi đua, khen thưởng")  # fmt: skip

DECREES: tuple[LegalText, ...] = (
    LegalText("Nghị định", "98/2023/NĐ-CP", date(2023, 12, 31), "Chính phủ", _GUIDES_LAW,
              date(2024, 1, 1), date(2025, 6, 30)),
    LegalText("Nghị định", "152/2025/NĐ-CP", date(2025, 6, 14), "Chính phủ", _GUIDES_LAW, date(2025, 7, 1)),
)  # fmt: skip

CIRCULARS: tuple[LegalText, ...] = (
    LegalText("Thông tư", "01/2024/TT-BNV", date(2024, 2, 29), "Bộ trưởng Bộ Nội vụ",
              "quy định chi tiết thi hành một số điều của Nghị định số 98/2023/NĐ-CP",
              date(2024, 2, 29), date(2025, 6, 30), note="[U] signature and effective dates"),
    LegalText("Thông tư", "15/2025/TT-BNV", date(2025, 8, 4), "Bộ trưởng Bộ Nội vụ",
              "quy định chi tiết thi hành một số điều của Nghị định số 152/2025/NĐ-CP",
              date(2025, 8, 4), note="[U] effective date: cited from its signature (DOMAIN.md §1)"),
)  # fmt: skip

#: the law that gives a People's Committee and its chairman their power, by date
LOCAL_GOVERNMENT: tuple[tuple[LegalText, ...], ...] = (
    (
        LegalText("Luật", "77/2015/QH13", date(2015, 6, 19), "", "", date(2016, 1, 1), date(2025, 2, 28),
                  name="Luật Tổ chức chính quyền địa phương"),
        LegalText("Luật", "47/2019/QH14", date(2019, 11, 22), "", "", date(2020, 7, 1), date(2025, 2, 28),
                  name="Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền "
                  "địa phương"),
    ),
    (LegalText("Luật", "65/2025/QH15", date(2025, 2, 19), "", "", date(2025, 3, 1), date(2025, 6, 30),
               name="Luật Tổ chức chính quyền địa phương", note="[U] effective date"),),
    (LegalText("Luật", "72/2025/QH15", date(2025, 6, 16), "", "", date(2025, 7, 1),
               name="Luật Tổ chức chính quyền địa phương", note="[U] effective date"),),
)  # fmt: skip


def _latest(texts: tuple[LegalText, ...], on: date) -> LegalText | None:
    """The text in force on ``on``; before the first took effect, the first (a paper about
    the past is cited under the text that governs it)."""
    found = [t for t in texts if t.in_force(on)]
    if found:
        return found[-1]
    return texts[0] if on < texts[0].effective else None


def emulation_bases(on: date) -> dict[str, str]:
    """The law, the decree and the circular in force on ``on``, each cited in full ("" for
    none in force)."""
    decree, circular = _latest(DECREES, on), _latest(CIRCULARS, on)
    return {
        "luat": EMULATION_LAW.citation(),
        "nghi_dinh": decree.citation() if decree else "",
        "thong_tu": circular.citation() if circular else "",
    }


def local_government(on: date) -> list[str]:
    """The Law on the Organisation of Local Government (and its amendment) in force on ``on``."""
    for group in reversed(LOCAL_GOVERNMENT):
        if all(t.in_force(on) for t in group):
            return [t.citation() for t in group]
    return [t.citation() for t in LOCAL_GOVERNMENT[0]]
