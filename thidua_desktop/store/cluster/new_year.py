"""A cluster's new year in one step (issue 21): last year's members carried over with the new
head and deputy, last year's scoring table (criteria and tie rule, no scores) whether or not
last year had a vote, and the usual calendar; all in one transaction. And the year the
cluster's page opens on: the current one, not the last year that had a table."""

from __future__ import annotations

from datetime import date

import sqlite_utils

from thidua_desktop.domain.models import Role
from thidua_desktop.store.cluster import calendar, scoring
from thidua_desktop.store.db import transaction
from thidua_desktop.store.errors import ConstraintError
from thidua_desktop.store.records import units


def working_year(db: sqlite_utils.Database, cluster_id: int | None, today: date | None = None) -> int:
    """The year the cluster's page opens on: the latest year, up to this one, in which the
    cluster has members; else the latest with a scoring table; else this year."""
    this_year = (today or date.today()).year
    if cluster_id is not None:
        row = db.conn.execute(
            "SELECT max(year) FROM memberships WHERE cluster_id = ? AND year <= ?", (cluster_id, this_year)
        ).fetchone()
        if row and row[0]:
            return row[0]
    return scoring.latest_year(db) or this_year


def latest_member_year(db: sqlite_utils.Database, cluster_id: int) -> int | None:
    """The latest year in which the cluster has members."""
    return db.conn.execute(
        "SELECT max(year) FROM memberships WHERE cluster_id = ?", (cluster_id,)
    ).fetchone()[0]


def start_year(
    db: sqlite_utils.Database, cluster_id: int, year: int, *, head: int | None, deputy: int | None
) -> dict[str, int]:
    """Open ``year`` from the latest earlier year: its members (head and deputy as given, the
    others members), its scoring table when ``year`` has none, the usual calendar dates it
    lacks. Refused when the earlier year has no members, or ``year`` has members already."""
    earlier = db.conn.execute(
        "SELECT max(year) FROM memberships WHERE cluster_id = ? AND year < ?", (cluster_id, year)
    ).fetchone()[0]
    if earlier is None:
        raise ConstraintError(
            f"Khối chưa có thành viên năm nào trước năm {year}; hãy ghi thành viên khối trước."
        )
    if units.members(db, cluster_id, year):
        raise ConstraintError(
            f"Khối đã có thành viên năm {year}; sửa ở Công cụ → Khối thi đua và thành viên…."
        )
    if head is not None and head == deputy:
        raise ConstraintError("Khối trưởng và khối phó phải là hai đơn vị khác nhau.")
    carried = [m["id"] for m in units.members(db, cluster_id, earlier)]
    roles = {head: Role.HEAD, deputy: Role.DEPUTY}
    done = {"members": len(carried), "table": 0, "events": 0, "from_year": earlier}
    with transaction(db):
        units.set_year_members(db, cluster_id, year, [(u, roles.get(u, Role.MEMBER)) for u in carried])
        if (
            scoring.table_for(db, cluster_id, year) is None
            and db.conn.execute(
                "SELECT 1 FROM scoring_tables WHERE cluster_id = ? AND year < ?", (cluster_id, year)
            ).fetchone()
        ):
            scoring.copy_last_year(db, cluster_id, year)
            done["table"] = 1
        done["events"] = calendar.fill_usual(db, cluster_id, year)
    return done
