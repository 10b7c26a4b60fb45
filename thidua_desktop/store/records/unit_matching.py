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


#: the abbreviations offices use in units' names, spelled out before comparing
_SPELLED = [
    (r"\bubnd\b", "uy ban nhan dan"), (r"\bvksnd\b", "vien kiem sat nhan dan"), (r"\btand\b", "toa an nhan dan"),
    (r"\bthads\b", "thi hanh an dan su"), (r"\bbchqs\b", "bo chi huy quan su"), (r"\bbch\b", "bo chi huy"),
    (r"\bqs\b", "quan su"), (r"\bbdbp\b", "bo doi bien phong"), (r"\bca\b", "cong an"),
    (r"\bhdnd\b", "hoi dong nhan dan"), (r"\bso gd&?dt\b", "so giao duc va dao tao"), (r"\bgd&?dt\b", "giao duc va dao tao"),
    (r"\bthpt\b", "trung hoc pho thong"), (r"\bthcs\b", "trung hoc co so"), (r"\btp\b", "thanh pho"),
]  # fmt: skip
#: the words that vary in how a unit's name is written and say nothing of which unit it is
_FILLER = {"tinh", "so", "cuc", "cua", "va", "huyen", "xa", "phuong"}
_FILLER_PHRASES = re.compile(r"\b(uy ban nhan dan|nhan dan|thanh pho|thi xa)\b")


def loose_key(text: str | None) -> str:
    """A unit's name with the usual abbreviations spelled out and the words that vary dropped
    ("tỉnh", "Sở", "UBND"): "BCH Quân sự tỉnh" and "Bộ Chỉ huy Quân sự" meet; used only when
    the exact name finds nothing, and only when it finds one unit."""
    folded = " ".join(re.findall(r"[\w&]+", fold(text or "")))
    for pattern, spelled in _SPELLED:
        folded = re.sub(pattern, spelled, folded)
    folded = _FILLER_PHRASES.sub(" ", folded)
    words = [w for w in re.findall(r"\w+", folded) if w not in _FILLER]
    return " ".join(words)


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
    loose: dict[str, list[UnitMatch]] = {}
    for key, matches in list(found.items()):
        for unit in matches:
            lk = "~" + loose_key(key)
            if lk != "~" and unit not in loose.setdefault(lk, []):
                loose[lk].append(unit)
    found.update(loose)  # "~…" keys: the loose names, asked after the exact ones
    return found


def find(by_name: dict[str, list[UnitMatch]], text: str | None) -> list[UnitMatch]:
    """The units a name means: by its exact (folded) name, else by its loose name."""
    if not text:
        return []
    return by_name.get(name_key(text)) or by_name.get("~" + loose_key(text)) or []


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
