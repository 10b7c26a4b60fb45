"""The administrative header and signature block of the desk's papers (Decree 30/2020,
DOMAIN.md §6): agency on the left, national title and motto on the right, the number
and the place-and-date line, the signer bottom right."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


@dataclass
class Letterhead:
    parent_agency: str = "ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK"
    agency: str = "KHỐI THI ĐUA SỐ 3"
    place: str = "Đắk Lắk"
    number: str = ""  # "Số: 15/TTr-KTĐ3"; empty prints "Số:     /…"
    on: date = field(default_factory=date.today)
    signer_title: str = "TRƯỞNG KHỐI"
    signer_name: str = ""
    font: str = "Times New Roman"

    def date_line(self) -> str:
        """ "Đắk Lắk, ngày 05 tháng 01 năm 2026" (days 01–09 and months 01–02 padded)."""
        month = f"{self.on.month:02d}" if self.on.month <= 2 else str(self.on.month)
        return f"{self.place}, ngày {self.on.day:02d} tháng {month} năm {self.on.year}"

    def number_line(self) -> str:
        return f"Số: {self.number}" if self.number else "Số:        /"
