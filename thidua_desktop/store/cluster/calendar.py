"""The year's calendar of a cluster: registration due, the mid-year and year-end reviews,
the deadline for proposals to the province; what is due soon."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import sqlite_utils

from thidua_desktop.store import rows
from thidua_desktop.store.db import transaction
from thidua_desktop.store.errors import ConstraintError

KINDS = {
    "dang_ky": "Hạn đăng ký thi đua",
    "so_ket": "Hội nghị sơ kết 6 tháng",
    "tong_ket": "Hội nghị tổng kết năm",
    "han_de_nghi": "Hạn gửi hồ sơ đề nghị khen thưởng lên tỉnh",
    "khac": "Việc khác",
}


def usual_dates(year: int) -> list[tuple[str, str, date]]:
    """The usual shape of a cluster's year, to start from and adjust."""
    return [
        ("dang_ky", f"Các đơn vị gửi bản đăng ký thi đua năm {year}", date(year, 3, 31)),
        ("so_ket", f"Hội nghị sơ kết 6 tháng đầu năm {year}", date(year, 7, 31)),
        ("tong_ket", f"Hội nghị tổng kết, bình xét thi đua năm {year}", date(year, 12, 15)),
        (
            "han_de_nghi",
            f"Gửi tờ trình, hồ sơ đề nghị khen thưởng năm {year} về Sở Nội vụ",
            date(year + 1, 1, 15),
        ),
    ]


def events(db: sqlite_utils.Database, cluster_id: int, year: int) -> list[dict[str, Any]]:
    return list(db.query("SELECT * FROM calendar_events WHERE cluster_id = ? AND year = ? ORDER BY due_on, id",
                         (cluster_id, year)))  # fmt: skip


def add_event(
    db: sqlite_utils.Database, cluster_id: int, year: int, kind: str, title: str, due_on: date
) -> int:
    if kind not in KINDS:
        raise ConstraintError(f"Loại việc “{kind}” không có.")
    if not title.strip():
        raise ConstraintError("Cần ghi nội dung việc.")
    return rows.insert(db, "calendar_events", {"cluster_id": cluster_id, "year": year, "kind": kind,
                                               "title": title, "due_on": due_on})  # fmt: skip


def fill_usual(db: sqlite_utils.Database, cluster_id: int, year: int) -> int:
    """Add the usual dates the year does not have yet (by kind); returns how many."""
    have = {e["kind"] for e in events(db, cluster_id, year)}
    added = 0
    with transaction(db):
        for kind, title, due in usual_dates(year):
            if kind not in have:
                add_event(db, cluster_id, year, kind, title, due)
                added += 1
    return added


def set_done(db: sqlite_utils.Database, event_id: int, done: bool) -> None:
    rows.update(db, "calendar_events", event_id, {"done": int(done)})


def due_soon(db: sqlite_utils.Database, today: date, days: int = 14) -> list[dict[str, Any]]:
    """Events not done whose date is within ``days`` from today, the overdue ones too."""
    until = (today + timedelta(days=days)).isoformat()
    return list(db.query(
        "SELECT e.*, c.name AS cluster FROM calendar_events e JOIN clusters c ON c.id = e.cluster_id "
        "WHERE e.done = 0 AND e.due_on <= ? ORDER BY e.due_on", (until,)))  # fmt: skip


def describe_due(event: dict[str, Any], today: date) -> str:
    due = date.fromisoformat(event["due_on"])
    days = (due - today).days
    when = "hôm nay" if days == 0 else f"quá hạn {-days} ngày" if days < 0 else f"còn {days} ngày"
    return f"{event['title']} — {due:%d/%m/%Y} ({when})"
