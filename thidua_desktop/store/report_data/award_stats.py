"""Counts of awards for the statistics forms: how many commendations of given awards were
decided in a period, by award, kind, subject, type of collective and group of person."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import sqlite_utils


@dataclass(frozen=True)
class AwardCount:
    award_code: str
    kind: str  # thuong_xuyen, chuyen_de, ...
    subject: str  # ca_nhan or tap_the
    collective_type: str  # of a unit's award: tap_the, doanh_nghiep, ho_gia_dinh; '' for a person
    person_group: str  # of a person's award (domain.subjects.PersonGroup, or ''); '' for a unit
    count: int


def award_counts(db: sqlite_utils.Database, codes: Iterable[str], start: date, end: date) -> list[AwardCount]:
    """Awards of ``codes`` whose decision was signed from ``start`` to ``end`` (both
    included), counted by award, kind and who received them (as the unit or person is
    recorded now)."""
    codes = sorted(set(codes))
    if not codes:
        return []
    marks = ", ".join("?" for _ in codes)
    result = db.conn.execute(
        "SELECT a.award_code, a.kind, CASE WHEN a.individual_id IS NULL THEN 'tap_the' ELSE 'ca_nhan' END, "
        "coalesce(u.collective_type, ''), coalesce(i.person_group, ''), count(*) "
        "FROM awards a LEFT JOIN units u ON u.id = a.unit_id LEFT JOIN individuals i ON i.id = a.individual_id "
        f"WHERE a.award_code IN ({marks}) AND a.decision_date BETWEEN ? AND ? "
        "GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5",
        (*codes, start.isoformat(), end.isoformat()),
    )
    return [AwardCount(*r) for r in result]


def undated_awards(db: sqlite_utils.Database, codes: Iterable[str], year: int) -> int:
    """Awards of ``codes`` for the achievements of ``year`` recorded without a decision
    date: a statistics form by decision date cannot place them."""
    codes = sorted(set(codes))
    if not codes:
        return 0
    marks = ", ".join("?" for _ in codes)
    return db.conn.execute(
        f"SELECT count(*) FROM awards WHERE award_code IN ({marks}) AND year = ? "
        "AND coalesce(decision_date, '') = ''",
        (*codes, year),
    ).fetchone()[0]


def decision_years(db: sqlite_utils.Database) -> list[int]:
    """Years in which award decisions were signed, newest first."""
    return [
        int(r[0])
        for r in db.conn.execute(
            "SELECT DISTINCT substr(decision_date, 1, 4) FROM awards WHERE coalesce(decision_date, '') <> '' "
            "ORDER BY 1 DESC"
        )
    ]
