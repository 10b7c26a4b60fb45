"""Member units and their history: names over time, merges, cluster membership per year."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import sqlite_utils

from thidua_desktop.domain.models import AwardTrack, Role
from thidua_desktop.domain.text import search_text, vi_sort_key
from thidua_desktop.store import rows
from thidua_desktop.store.db import transaction
from thidua_desktop.store.errors import ConstraintError
from thidua_desktop.store.listing import Column, Listing, unit_name_in_year
from thidua_desktop.store.records import proposals


def _derived(name: str, short_name: str, code: str) -> dict[str, str]:
    return {"search": search_text(name, short_name, code), "sort_key": vi_sort_key(name)}


def create_unit(
    db: sqlite_utils.Database,
    name: str,
    *,
    short_name: str = "",
    code: str = "",
    award_track: AwardTrack = AwardTrack.CIVIL,
    founded_on: date | None = None,
    uid: str = "",
    collective_type: str = "tap_the",
    school_year: bool = False,
) -> int:
    with transaction(db):
        unit_id = rows.insert(
            db,
            "units",
            {
                "uid": uid, "name": name, "short_name": short_name, "code": code,
                "award_track": award_track, "founded_on": founded_on, "collective_type": collective_type,
                "school_year": int(school_year),
                **_derived(name, short_name, code),
            },
        )  # fmt: skip
        rows.insert(
            db,
            "unit_names",
            {"unit_id": unit_id, "name": name, "short_name": short_name, "valid_from": founded_on},
        )
    return unit_id


def rename_unit(
    db: sqlite_utils.Database, unit_id: int, new_name: str, effective: date, *, short_name: str = ""
) -> None:
    """Give a unit a new name from ``effective``; records before keep the old name."""
    with transaction(db):
        unit = _active_unit(db, unit_id)
        current = _current_name_before(db, unit_id, effective, "Ngày đổi tên")
        if current:
            rows.update(db, "unit_names", current[0], {"valid_to": effective - timedelta(days=1)})
        rows.insert(
            db,
            "unit_names",
            {"unit_id": unit_id, "name": new_name, "short_name": short_name, "valid_from": effective},
        )
        rows.update(
            db,
            "units",
            unit_id,
            {"name": new_name, "short_name": short_name, **_derived(new_name, short_name, unit["code"])},
        )
        proposals.refresh_nominee(db, unit_id=unit_id)


def _current_name_before(db: sqlite_utils.Database, unit_id: int, effective: date, what: str):
    """The (id, valid_from) of the unit's current name, which must have begun before
    ``effective``: a change on or before that day would leave an empty period."""
    current = db.conn.execute(
        "SELECT id, valid_from FROM unit_names WHERE unit_id = ? AND valid_to IS NULL", (unit_id,)
    ).fetchone()
    if current and current[1] and current[1] >= effective.isoformat():
        raise ConstraintError(
            f"{what} phải sau ngày bắt đầu dùng tên hiện tại ({date.fromisoformat(current[1]):%d/%m/%Y})."
        )
    return current


def _active_unit(db: sqlite_utils.Database, unit_id: int) -> dict:
    unit = rows.get(db, "units", unit_id)
    if unit is None:
        raise ConstraintError(f"Không tìm thấy đơn vị (mã {unit_id}).")
    if unit["merged_into_id"] is not None or unit["dissolved_on"]:
        raise ConstraintError(
            f"Đơn vị “{unit['name']}” đã sáp nhập hoặc giải thể từ "
            f"{date.fromisoformat(unit['dissolved_on']):%d/%m/%Y}; không thể đổi tên hay sáp nhập nữa."
        )
    return unit


def merge_units(db: sqlite_utils.Database, source_id: int, target_id: int, effective: date) -> None:
    """``source`` is merged into ``target`` from ``effective``. Its past records keep
    pointing at it (and its name); it takes no new membership after that date."""
    if source_id == target_id:
        raise ConstraintError("Không thể sáp nhập một đơn vị vào chính nó.")
    with transaction(db):
        source = _active_unit(db, source_id)
        _active_unit(db, target_id)
        current = _current_name_before(db, source_id, effective, f"Ngày sáp nhập “{source['name']}”")
        rows.update(db, "units", source_id, {"merged_into_id": target_id, "dissolved_on": effective})
        if current:
            rows.update(db, "unit_names", current[0], {"valid_to": effective - timedelta(days=1)})


def name_in_year(db: sqlite_utils.Database, unit_id: int, year: int) -> str | None:
    row = db.conn.execute(
        f"SELECT coalesce({unit_name_in_year('u.id', ':year')}, u.name) FROM units u WHERE u.id = :id",
        {"id": unit_id, "year": year},
    ).fetchone()
    return row[0] if row else None


def set_membership(
    db: sqlite_utils.Database,
    cluster_id: int,
    unit_id: int,
    year: int,
    role: Role = Role.MEMBER,
    award_track: AwardTrack | None = None,
) -> int:
    """Add or change a unit's membership of a cluster for one year. A unit is in one
    cluster a year: choosing another cluster moves it. A new head (or deputy) takes the
    role over: the unit that held it that year becomes a member."""
    with transaction(db):
        unit = rows.get(db, "units", unit_id)
        if unit is None:
            raise ConstraintError(f"Không tìm thấy đơn vị (mã {unit_id}).")
        if unit["dissolved_on"] and unit["dissolved_on"] < f"{year}-01-01":
            raise ConstraintError(
                f"Đơn vị “{unit['name']}” đã giải thể hoặc sáp nhập từ "
                f"{date.fromisoformat(unit['dissolved_on']):%d/%m/%Y}, không thể thêm vào khối năm {year}."
            )
        values: dict[str, Any] = {
            "cluster_id": cluster_id, "unit_id": unit_id, "year": year, "role": role,
            "award_track": award_track or unit["award_track"],
        }  # fmt: skip
        if role in (Role.HEAD, Role.DEPUTY):
            db.conn.execute(
                "UPDATE memberships SET role = 'thanh_vien' WHERE cluster_id = ? AND year = ? "
                "AND role = ? AND unit_id <> ?",
                (cluster_id, year, Role(role).value, unit_id),
            )
        existing = db.conn.execute(
            "SELECT id FROM memberships WHERE unit_id = ? AND year = ?", (unit_id, year)
        ).fetchone()
        if existing:
            rows.update(db, "memberships", existing[0], values)
            return existing[0]
        return rows.insert(db, "memberships", values)


def create_cluster(db: sqlite_utils.Database, name: str, authority: str = "", uid: str = "") -> int:
    name = " ".join((name or "").split())
    if not name:
        raise ConstraintError("Hãy nhập tên khối thi đua, ví dụ “Khối thi đua các cơ quan nội chính”.")
    return rows.insert(
        db, "clusters", {"uid": uid, "name": name, "authority": authority, "search": search_text(name)}
    )


def update_cluster(db: sqlite_utils.Database, cluster_id: int, name: str, authority: str) -> None:
    name = " ".join((name or "").split())
    if not name:
        raise ConstraintError("Tên khối thi đua không được để trống.")
    with transaction(db):
        rows.update(
            db, "clusters", cluster_id, {"name": name, "authority": authority, "search": search_text(name)}
        )


def set_year_members(
    db: sqlite_utils.Database, cluster_id: int, year: int, members: list[tuple[int, Role]]
) -> None:
    """The cluster's members in ``year`` as ``members`` [(unit id, role)], in one
    transaction: units not listed leave the cluster that year (their scores and votes of
    the year stay where they are); at most one head and one deputy."""
    heads = [u for u, r in members if Role(r) is Role.HEAD]
    deputies = [u for u, r in members if Role(r) is Role.DEPUTY]
    if len(heads) > 1 or len(deputies) > 1:
        raise ConstraintError("Mỗi năm khối chỉ có một đơn vị trưởng khối và một đơn vị phó khối.")
    with transaction(db):
        keep = [u for u, _ in members]
        db.conn.execute(
            f"DELETE FROM memberships WHERE cluster_id = ? AND year = ? AND unit_id NOT IN "
            f"({','.join('?' * len(keep)) or 'NULL'})",
            (cluster_id, year, *keep),
        )
        db.conn.execute(
            "UPDATE memberships SET role = 'thanh_vien' WHERE cluster_id = ? AND year = ?", (cluster_id, year)
        )
        for unit_id, role in sorted(members, key=lambda m: Role(m[1]) is not Role.MEMBER):
            set_membership(db, cluster_id, unit_id, year, Role(role))


def members(db: sqlite_utils.Database, cluster_id: int, year: int) -> list[dict[str, Any]]:
    """Units of a cluster in a year, head first, then deputy, then by name; with the
    name each unit had that year."""
    rows_ = db.query(
        f"""SELECT u.id, coalesce({unit_name_in_year("u.id", "m.year")}, u.name) AS name,
                   m.role, m.award_track
            FROM memberships m JOIN units u ON u.id = m.unit_id
            WHERE m.cluster_id = ? AND m.year = ?
            ORDER BY CASE m.role WHEN 'truong' THEN 0 WHEN 'pho' THEN 1 ELSE 2 END, u.sort_key""",
        (cluster_id, year),
    )
    return list(rows_)


_YEAR = "coalesce(:year, (SELECT max(year) FROM memberships))"
LISTING = Listing(
    name="units",
    from_sql=f"units u LEFT JOIN memberships m ON m.unit_id = u.id AND m.year = {_YEAR} "
    "LEFT JOIN clusters c ON c.id = m.cluster_id",
    columns=(
        Column("code", "u.code", "u.code"),
        Column("name", "u.name", "u.sort_key"),
        Column("short_name", "u.short_name", "u.short_name"),
        Column("award_track", "u.award_track", "u.award_track"),
        Column("cluster", "c.name", "c.name"),
        Column("role", "m.role", "CASE m.role WHEN 'truong' THEN 0 WHEN 'pho' THEN 1 ELSE 2 END"),
        Column(
            "status",
            "CASE WHEN u.merged_into_id IS NOT NULL THEN 'Đã sáp nhập' "
            "WHEN u.dissolved_on IS NOT NULL THEN 'Đã giải thể' ELSE 'Đang hoạt động' END",
            None,
        ),
    ),
    search_sql="u.search",
    fts_table="units_fts",
    default_sort="name",
    filters={"year": "", "cluster_id": "m.cluster_id = :cluster_id"},
    defaults={"year": None},
)


def update_unit(db: sqlite_utils.Database, unit_id: int, **changes: Any) -> None:
    """Change a unit's code, award track or dates. A new name goes through
    ``rename_unit`` so the old one stays in the history; here it corrects a typo in the
    current name (history row included)."""
    allowed = {"name", "short_name", "code", "award_track", "founded_on", "collective_type", "under_review",
               "school_year"}  # fmt: skip
    if set(changes) - allowed:
        raise KeyError(f"not a unit field: {sorted(set(changes) - allowed)}")
    with transaction(db):
        unit = rows.get(db, "units", unit_id)
        if unit is None:
            raise ConstraintError(f"Không tìm thấy đơn vị (mã {unit_id}).")
        merged = {**unit, **rows.clean(changes)}
        rows.update(
            db, "units", unit_id,
            {**changes, **_derived(merged["name"], merged["short_name"], merged["code"])},
        )  # fmt: skip
        if {"name", "short_name", "founded_on"} & set(changes):
            current = db.conn.execute(
                "SELECT id, valid_from FROM unit_names WHERE unit_id = ? ORDER BY valid_to IS NULL DESC, "
                "valid_from DESC LIMIT 1",
                (unit_id,),
            ).fetchone()
            if current:
                names = {"name": merged["name"], "short_name": merged["short_name"]}
                if "founded_on" in changes and _only_name(db, unit_id):
                    names["valid_from"] = merged["founded_on"]
                rows.update(db, "unit_names", current[0], names)
        if "name" in changes:
            proposals.refresh_nominee(db, unit_id=unit_id)


def _only_name(db: sqlite_utils.Database, unit_id: int) -> bool:
    return db.conn.execute("SELECT count(*) FROM unit_names WHERE unit_id = ?", (unit_id,)).fetchone()[0] == 1


def history(db: sqlite_utils.Database, unit_id: int) -> dict[str, list[dict[str, Any]]]:
    """A unit's names over time and its cluster memberships by year."""
    return {
        "names": list(
            db.query(
                "SELECT name, short_name, valid_from, valid_to FROM unit_names WHERE unit_id = ? "
                "ORDER BY valid_from IS NOT NULL, valid_from",
                (unit_id,),
            )
        ),
        "memberships": list(
            db.query(
                "SELECT m.year, c.name AS cluster, m.role, m.award_track FROM memberships m "
                "JOIN clusters c ON c.id = m.cluster_id WHERE m.unit_id = ? ORDER BY m.year DESC",
                (unit_id,),
            )
        ),
        "heads": list(
            db.query(
                f"""SELECT m.year, m.role, {unit_name_in_year("m.unit_id", "m.year")} AS name
                    FROM memberships m
                    WHERE m.cluster_id IN (SELECT cluster_id FROM memberships WHERE unit_id = ?)
                      AND m.role IN ('truong', 'pho')
                    ORDER BY m.year DESC, m.role DESC""",
                (unit_id,),
            )
        ),
    }


def cluster_head(db: sqlite_utils.Database, year: int, cluster_id: int | None = None) -> str:
    """The name (that year) of the unit heading the cluster in ``year`` (the desk's first
    cluster unless ``cluster_id``); empty when none is recorded."""
    row = db.conn.execute(
        f"""SELECT coalesce({unit_name_in_year("m.unit_id", "m.year")}, u.name)
            FROM memberships m JOIN units u ON u.id = m.unit_id
            WHERE m.year = ? AND m.role = 'truong'
              AND m.cluster_id = coalesce(?, (SELECT min(id) FROM clusters))""",
        (year, cluster_id),
    ).fetchone()
    return row[0] if row else ""


def disciplined(db: sqlite_utils.Database, unit_id: int) -> dict[int, int]:
    """Per year, how many of the unit's people were disciplined at cảnh cáo or above."""
    return dict(
        db.conn.execute(
            "SELECT year, disciplined FROM unit_discipline WHERE unit_id = ?", (unit_id,)
        ).fetchall()
    )


def set_disciplined(db: sqlite_utils.Database, unit_id: int, year: int, count: int | None) -> None:
    """Record that count for a year (None: not known, the record removed)."""
    with transaction(db):
        row = db.conn.execute(
            "SELECT id FROM unit_discipline WHERE unit_id = ? AND year = ?", (unit_id, year)
        ).fetchone()
        if count is None:
            if row:
                rows.delete(db, "unit_discipline", row[0])
        elif row:
            rows.update(db, "unit_discipline", row[0], {"disciplined": count})
        else:
            rows.insert(db, "unit_discipline", {"unit_id": unit_id, "year": year, "disciplined": count})
