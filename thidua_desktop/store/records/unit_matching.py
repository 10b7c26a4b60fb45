"""Finding the unit a list means by its name, as people write it: the current name, the
short name or a former name, compared folded (no marks, any case), and the proposals a
unit already has, so an import neither misses a unit nor proposes it twice."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import sqlite_utils

from thidua_desktop.domain.text import fold


def name_key(text: str | None) -> str:
    """A unit's name as compared: folded, punctuation and extra spaces dropped, so "Phòng
    Tham mưu, Công an tỉnh" and "PHÒNG THAM MƯU - CÔNG AN TỈNH" meet."""
    return " ".join(re.findall(r"\w+", fold(text or "")))


@dataclass(frozen=True)
class UnitMatch:
    id: int
    name: str  # the current name
    active: bool  # not merged into another, not dissolved


def units_by_name(db: sqlite_utils.Database) -> dict[str, list[UnitMatch]]:
    """Units by folded name. A current or short name is found before a former one; a key
    shared by several units lists them all, so the caller can ask which one is meant."""
    units = {
        r[0]: UnitMatch(r[0], r[1], r[3] is None and not r[4])
        for r in db.conn.execute("SELECT id, name, short_name, merged_into_id, dissolved_on FROM units")
    }
    found: dict[str, list[UnitMatch]] = {}
    former: dict[str, list[UnitMatch]] = {}

    def add(into: dict[str, list[UnitMatch]], text: str | None, unit: UnitMatch) -> None:
        key = name_key(text)
        if key and unit not in into.setdefault(key, []):
            into[key].append(unit)

    for uid, name, short in db.conn.execute("SELECT id, name, short_name FROM units"):
        add(found, name, units[uid])
        add(found, short, units[uid])
    for uid, name, short in db.conn.execute("SELECT unit_id, name, short_name FROM unit_names"):
        add(former, name, units[uid])
        add(former, short, units[uid])
    for key, matches in former.items():
        found.setdefault(key, matches)
    return found


def unit_proposals(
    db: sqlite_utils.Database, unit_ids: Iterable[int]
) -> dict[tuple[int, str, int], tuple[int, str]]:
    """The proposals of ``unit_ids`` by (unit, award, year): their id and status."""
    ids = sorted(set(unit_ids))
    out: dict[tuple[int, str, int], tuple[int, str]] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        marks = ",".join("?" * len(chunk))
        for pid, unit, award, year, status in db.conn.execute(
            f"SELECT id, unit_id, award_code, year, status FROM proposals WHERE unit_id IN ({marks}) ORDER BY id",
            chunk,
        ):
            out.setdefault((unit, award, year), (pid, status))
    return out
