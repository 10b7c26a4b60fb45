"""Dates as the desk writes them: dd/MM/yyyy."""

from __future__ import annotations

import re
from datetime import date

_DMY = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$")
EXAMPLE = "05/01/2026"


class DateError(ValueError):
    """A date the user typed that cannot be read; the message says how to write it."""


def parse_vn_date(text: str, *, earliest: int = 1900, latest: int = 2100) -> date | None:
    """ "05/01/2026" (also 5/1/2026, 05-01-2026, 05.01.2026) -> date; "" -> None."""
    if not text or not text.strip():
        return None
    match = _DMY.match(text)
    if not match:
        raise DateError(f"Hãy nhập ngày theo dạng ngày/tháng/năm, ví dụ {EXAMPLE}.")
    day, month, year = (int(g) for g in match.groups())
    try:
        value = date(year, month, day)
    except ValueError:
        raise DateError(f"Không có ngày {day:02d}/{month:02d}/{year} trong lịch.") from None
    if not earliest <= year <= latest:
        raise DateError(f"Năm {year} nằm ngoài khoảng {earliest}–{latest}.")
    return value


def format_vn_date(value: date | str | None) -> str:
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return value
    return value.strftime("%d/%m/%Y")


def year_words(year: int, school: bool = False) -> str:
    """The emulation year as a paper says it: "năm 2025", or for a school counting by school
    year (issue 22, point 9) "năm học 2024–2025" — the year stored is the school year's last."""
    return f"năm học {year - 1}–{year}" if school else f"năm {year}"


def year_short(year: int, school: bool = False) -> str:
    """The year in a table's column: "2025", or "2024–2025" for a school year."""
    return f"{year - 1}–{year}" if school else str(year)
