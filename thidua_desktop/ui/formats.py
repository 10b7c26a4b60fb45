"""How stored values read on screen: dd/MM/yyyy dates, Vietnamese labels of codes."""

from __future__ import annotations

from datetime import date
from typing import Any

from thidua_desktop.domain.models import AwardTrack, MovementKind, ProposalStatus, Role, Sex, Subject
from thidua_desktop.rules.catalogue import award_name


def vn_date(value: Any) -> str:
    if not value:
        return ""
    try:
        return date.fromisoformat(str(value)[:10]).strftime("%d/%m/%Y")
    except ValueError:
        return str(value)


def period(value: Any) -> str:
    """ "2024-01-01|2024-12-31" -> "01/01/2024 – 31/12/2024"."""
    if not value:
        return ""
    start, _, end = str(value).partition("|")
    return f"{vn_date(start)} – {vn_date(end)}" if end else vn_date(start)


def labels(enum) -> Any:
    table = enum.labels()
    return lambda v: table.get(v, "" if v is None else str(v))


def yes_no(value: Any) -> str:
    return "✓" if value else ""


sex = labels(Sex)
role = labels(Role)
track = labels(AwardTrack)
movement_kind = labels(MovementKind)
status = labels(ProposalStatus)
subject = labels(Subject)
award = award_name
