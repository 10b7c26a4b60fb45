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
