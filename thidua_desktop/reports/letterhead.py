"""The administrative header and signature block of the desk's papers (Decree 30/2020,
Appendix I; DOMAIN.md §6): agency on the left, national title and motto on the right, the
number and the place-and-date line, the signer bottom right. Built from the desk's own
identity (``for_desk``); an empty Letterhead names nobody."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from thidua_desktop.domain.identity import DeskIdentity, padded_number
from thidua_desktop.store import desk_settings
from thidua_desktop.store.records import units

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


@dataclass
class Letterhead:
    parent_agency: str = ""  # the upper line; regular unless ``parent_bold``
    agency: str = ""  # the issuer's own name, bold
    place: str = ""
    number: str = ""  # "Số: 15/TTr-STP"; empty prints "Số:     /…"
    on: date = field(default_factory=date.today)
    signer_title: str = ""  # one line per "\n": the authority line (KT. GIÁM ĐỐC) first
    signer_name: str = ""
    parent_bold: bool = False  # a People's Committee's two lines are both its name, both bold
    font: str = "Times New Roman"

    def date_line(self) -> str:
        """ "Gia Lai, ngày 05 tháng 01 năm 2026" (days 01–09 and months 01–02 padded)."""
        month = f"{self.on.month:02d}" if self.on.month <= 2 else str(self.on.month)
        # a desk that has not said its place yet gets dots for the office to write it in
        return f"{self.place or '……………'}, ngày {self.on.day:02d} tháng {month} năm {self.on.year}"

    def number_line(self) -> str:
        return f"Số: {self.number}" if self.number else "Số:        /"

    def signer_lines(self) -> list[str]:
        return [line.strip() for line in self.signer_title.split("\n") if line.strip()]


def for_desk(
    identity: DeskIdentity, *, kind: str = "danh-sach", on: date | None = None, number: str = "",
    number_kind: str = "", head_unit: str = "",
) -> Letterhead:  # fmt: skip
    """The desk's own header and its signer of ``kind`` (domain.identity.SIGNED_PAPERS).
    A cluster's secretariat signs as TRƯỞNG KHỐI with the year's head unit (``head_unit``)
    under it, whose seal the paper takes. ``number_kind`` ("BC", "TTr") leaves the number
    blank with the desk's code for the office to fill."""
    upper, lower, bold = identity.letterhead()
    signer = identity.signer(kind)
    lines = signer.lines()
    if identity.level == "khoi" and head_unit and lines == ["TRƯỞNG KHỐI"]:
        lines.append(head_unit.upper())
    if not number and number_kind:
        number = padded_number(identity.code, number_kind)
    return Letterhead(
        parent_agency=upper, agency=lower, place=identity.place, number=number,
        on=on or date.today(), signer_title="\n".join(lines), signer_name=signer.name, parent_bold=bold,
    )  # fmt: skip


def of_db(
    db, *, kind: str = "danh-sach", on: date | None = None, year: int | None = None, number_kind: str = "",
    cluster_id: int | None = None,
) -> Letterhead:  # fmt: skip
    """The header of a paper of the desk whose data file is ``db`` (its identity, and for a
    cluster's secretariat the unit heading the cluster in ``year``)."""
    identity = desk_settings.load_identity(db)
    on = on or date.today()
    head = units.cluster_head(db, year or on.year, cluster_id) if identity.level == "khoi" else ""
    return for_desk(identity, kind=kind, on=on, number_kind=number_kind, head_unit=head)
