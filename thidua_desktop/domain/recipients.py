"""A recipient as a decision's list writes them (DOMAIN.md §7): the rank of an officer of the
armed forces or the police ("Đại úy Trần Thị Hà"), otherwise Ông or Bà; then position and
unit. The decision's list, the certificate, the ceremony script and the Excel list all use
these, so the four say the same."""

from __future__ import annotations


def title(sex: str | None, rank: str | None) -> str:
    """ "Đại úy" for an officer, else "Ông" / "Bà"."""
    rank = " ".join((rank or "").split())
    if rank:
        return rank[:1].upper() + rank[1:]
    return "Bà" if sex == "nu" else "Ông"


def named(full_name: str | None, sex: str | None, rank: str | None) -> str:
    """ "Đại úy Trần Thị Hà", "Bà Nguyễn Thị Mai"."""
    name = " ".join((full_name or "").split())
    return f"{title(sex, rank)} {name}".strip()


def post(position: str | None, unit: str | None) -> str:
    """ "Trợ lý Tác chiến, Bộ Chỉ huy Quân sự tỉnh": position and unit (the rank is in the title)."""
    return ", ".join(p for p in (" ".join((position or "").split()), " ".join((unit or "").split())) if p)
