"""Small queries that fill choosers and filters: years, units, clusters, movements,
people found by name, and likely duplicates."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlite_utils

from thidua_desktop.domain.text import fold, name_key, person_sort_key
from thidua_desktop.store import listing
from thidua_desktop.store.records.individuals import LISTING as PEOPLE

_YEAR_SOURCES = {
    "memberships": "SELECT DISTINCT year FROM memberships",
    "movements": "SELECT DISTINCT year FROM movements",
    # newest first, one index seek per year (DISTINCT read all 200,000 index entries: 23 ms
    # of opening the proposals tab on the province file)
    "proposals": "WITH RECURSIVE y(v) AS (SELECT max(year) FROM proposals UNION ALL "
    "SELECT (SELECT max(year) FROM proposals WHERE year < y.v) FROM y WHERE y.v IS NOT NULL) "
    "SELECT v FROM y WHERE v IS NOT NULL",
}


def years(db: sqlite_utils.Database, source: str) -> list[int]:
    """Years that occur in ``source`` (memberships, movements or proposals), newest first."""
    return sorted((r[0] for r in db.conn.execute(_YEAR_SOURCES[source])), reverse=True)


def units(db: sqlite_utils.Database, *, active_only: bool = False) -> list[tuple[int, str]]:
    sql = "SELECT id, name FROM units"
    if active_only:
        sql += " WHERE merged_into_id IS NULL AND dissolved_on IS NULL"
    return [(r[0], r[1]) for r in db.conn.execute(sql + " ORDER BY sort_key")]


def clusters(db: sqlite_utils.Database) -> list[tuple[int, str]]:
    return [(r[0], r[1]) for r in db.conn.execute("SELECT id, name FROM clusters ORDER BY id")]


def only_cluster(db: sqlite_utils.Database, year: int) -> int | None:
    """The desk's only cluster, or the only one with a scoring table or a vote that year."""
    clusters = [r[0] for r in db.conn.execute("SELECT id FROM clusters")]
    if len(clusters) == 1:
        return clusters[0]
    busy = [r[0] for r in db.conn.execute(
        "SELECT id FROM clusters c WHERE EXISTS (SELECT 1 FROM scoring_tables t WHERE t.cluster_id = c.id AND t.year = ?) "
        "OR EXISTS (SELECT 1 FROM votes v WHERE v.cluster_id = c.id AND v.year = ?)", (year, year))]  # fmt: skip
    return busy[0] if len(busy) == 1 else None


def movements(db: sqlite_utils.Database) -> list[tuple[int, str]]:
    return [
        (r[0], f"{r[1]} – {r[2]}")
        for r in db.conn.execute("SELECT id, year, name FROM movements ORDER BY year DESC, name")
    ]


def find_people(db: sqlite_utils.Database, text: str, limit: int = 20) -> list[tuple[int, str]]:
    """People whose name, position or rank matches ``text``, those whose name holds every
    word typed first ("hong nhung" finds Nguyễn Hồng Nhung before Đỗ Thị Nhung, Trưởng
    phòng); label with birth year and unit."""
    words = fold(text).split()
    candidates = [dict(zip(PEOPLE.keys, row, strict=False)) | {"_id": row[-1]}
                  for row in listing.fetch(db, PEOPLE, search=text, limit=limit * 5)]  # fmt: skip

    def rank(values: dict) -> tuple[int, int]:
        name = fold(values["full_name"]).split()
        in_name = sum(any(part.startswith(w) for part in name) for w in words)
        return (0 if in_name == len(words) else 1, -in_name)

    found = []
    for values in sorted(candidates, key=rank)[:limit]:  # stable: the list's own order within a rank
        label = values["full_name"]
        if values["birth_year"]:
            label += f" ({values['birth_year']})"
        if values["unit"]:
            label += f" – {values['unit']}"
        found.append((values["_id"], label))
    return found


def find_units(db: sqlite_utils.Database, text: str, limit: int = 20) -> list[tuple[int, str]]:
    words = fold(text).split()
    sql = "SELECT id, name FROM units"
    if words:
        sql += " WHERE " + " AND ".join("search LIKE ?" for _ in words)
    rows = db.conn.execute(sql + " ORDER BY sort_key LIMIT ?", [*(f"%{w}%" for w in words), limit])
    return [(r[0], r[1]) for r in rows]


def same_person(
    db: sqlite_utils.Database, full_name: str, birth_year: int | None, unit_id: int | None,
    exclude_id: int | None = None,
) -> list[dict[str, Any]]:  # fmt: skip
    """People with the same name (ignoring case and spaces), birth year and unit."""
    return list(
        db.query(
            "SELECT id, full_name, birth_year FROM individuals WHERE search LIKE :name "
            "AND lower(full_name) = lower(:full) AND birth_year IS :year AND unit_id IS :unit "
            "AND id IS NOT :exclude",
            {
                "name": fold(full_name) + "%", "full": " ".join(full_name.split()),
                "year": birth_year, "unit": unit_id, "exclude": exclude_id,
            },
        )
    )  # fmt: skip


def person_label(db: sqlite_utils.Database, person_id: int) -> str:
    row = db.conn.execute(
        "SELECT i.full_name, i.birth_year, u.name FROM individuals i "
        "LEFT JOIN units u ON u.id = i.unit_id WHERE i.id = ?",
        (person_id,),
    ).fetchone()
    if not row:
        return ""
    return row[0] + (f" ({row[1]})" if row[1] else "") + (f" – {row[2]}" if row[2] else "")


def people_by_name(
    db: sqlite_utils.Database, names: Iterable[str]
) -> dict[tuple[str, int | None, int | None], int]:
    """Existing people whose name is one of ``names``, keyed by (``name_key``, birth year,
    unit): the match an import uses; 0 where several people share the key (an import must not
    choose between them). Looked up through the indexed sort key, in chunks."""
    keys = sorted({person_sort_key(n) for n in names if n})
    found: dict[tuple[str, int | None, int | None], int] = {}
    for i in range(0, len(keys), 500):
        chunk = keys[i : i + 500]
        marks = ",".join("?" * len(chunk))
        for pid, name, year, unit in db.conn.execute(
            f"SELECT id, full_name, birth_year, unit_id FROM individuals WHERE sort_key IN ({marks})", chunk
        ):
            key = (name_key(name), year, unit)
            found[key] = 0 if key in found else pid
    return found
