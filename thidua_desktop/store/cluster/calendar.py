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


def update_event(db: sqlite_utils.Database, event_id: int, kind: str, title: str, due_on: date) -> None:
    """Correct an event's date, kind or wording (the usual dates are only a start)."""
    if kind not in KINDS:
        raise ConstraintError(f"Loại việc “{kind}” không có.")
    if not title.strip():
        raise ConstraintError("Cần ghi nội dung việc.")
    rows.update(db, "calendar_events", event_id, {"kind": kind, "title": title, "due_on": due_on})


def delete_event(db: sqlite_utils.Database, event_id: int) -> None:
    rows.delete(db, "calendar_events", event_id, label="việc trong lịch")


def set_done(db: sqlite_utils.Database, event_id: int, done: bool) -> None:
    rows.update(db, "calendar_events", event_id, {"done": int(done)})


# an event the year's record shows done, ticked or not: the year-end conference once its vote is
# closed, the deadline for proposals once the vote's proposals have been sent up (tờ trình)
_SETTLED = (
    "(e.kind = 'tong_ket' AND EXISTS (SELECT 1 FROM votes v WHERE v.cluster_id = e.cluster_id AND v.year = e.year "
    "AND v.status = 'da_khoa')) OR (e.kind = 'han_de_nghi' AND EXISTS (SELECT 1 FROM proposals p JOIN votes v ON "
    "v.id = p.vote_id WHERE v.cluster_id = e.cluster_id AND v.year = e.year AND p.status IN ('da_trinh', 'da_khen', "
    "'khong_duyet', 'da_cap_bang')))"
)


def settled(db: sqlite_utils.Database, cluster_id: int, year: int) -> set[int]:
    """The year's events its record shows done (see ``_SETTLED``), ticked or not."""
    return {r[0] for r in db.conn.execute(
        f"SELECT e.id FROM calendar_events e WHERE e.cluster_id = ? AND e.year = ? AND ({_SETTLED})", (cluster_id, year)
    )}  # fmt: skip


def due_soon(db: sqlite_utils.Database, today: date, days: int = 14) -> list[dict[str, Any]]:
    """Events not done whose date is within ``days`` from today, the overdue ones too; an
    event the record shows done (the vote closed, the proposals sent) is not due."""
    until = (today + timedelta(days=days)).isoformat()
    return list(db.query(
        "SELECT e.*, c.name AS cluster FROM calendar_events e JOIN clusters c ON c.id = e.cluster_id "
        f"WHERE e.done = 0 AND e.due_on <= ? AND NOT ({_SETTLED}) ORDER BY e.due_on", (until,)))  # fmt: skip


def describe_due(event: dict[str, Any], today: date) -> str:
    due = date.fromisoformat(event["due_on"])
    days = (due - today).days
    when = "hôm nay" if days == 0 else f"quá hạn {-days} ngày" if days < 0 else f"còn {days} ngày"
    return f"{event['title']} — {due:%d/%m/%Y} ({when})"
