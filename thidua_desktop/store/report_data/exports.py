"""Rows for the Excel reports, read in sort order a page at a time (generators), so a
100,000-row export never holds the whole table in memory."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

import sqlite_utils

from thidua_desktop.store.listing import unit_name_in_year

_UNIT_THAT_YEAR = unit_name_in_year("coalesce(p.unit_id, i.unit_id)", "p.year")


def _where(year: int | None, decision: str | None, award: str | None, status: str | None) -> tuple[str, dict]:
    conditions, params = [], {}
    for column, value in (("p.year", year), ("p.decision_number", decision), ("p.award_code", award),
                          ("p.status", status)):  # fmt: skip
        if value not in (None, ""):
            key = column.split(".")[1]
            conditions.append(f"{column} = :{key}")
            params[key] = value
    return (" AND " + " AND ".join(conditions)) if conditions else "", params


def count_proposals(db: sqlite_utils.Database, *, year=None, decision=None, award=None, status=None) -> int:
    where, params = _where(year, decision, award, status)
    return db.conn.execute(f"SELECT count(*) FROM proposals p WHERE 1 = 1{where}", params).fetchone()[0]


def proposal_rows(
    db: sqlite_utils.Database,
    subject: str,
    *,
    year=None,
    decision=None,
    award=None,
    status=None,
    batch: int = 2000,
) -> Iterator[sqlite3.Row]:
    """Proposals of one subject (ca_nhan / tap_the), collectives by name, people the
    Vietnamese way; with the nominee's facts as they were that year."""
    where, params = _where(year, decision, award, status)
    params["subject"] = subject
    cursor = db.conn.execute(
        "SELECT p.id, p.year, p.award_code, p.awarded_code, p.kind, p.status, p.summary, p.decision_number, "
        "p.decision_date, p.register_number, p.votes_for, p.votes_total, p.subject, "
        "i.full_name, i.sex, i.birth_year, i.ethnicity, i.rank, i.position, "
        f"{_UNIT_THAT_YEAR} AS unit_name "
        "FROM proposals p LEFT JOIN individuals i ON i.id = p.individual_id "
        f"WHERE p.subject = :subject{where} ORDER BY p.sort_key, p.id",
        params,
    )
    cursor.row_factory = sqlite3.Row  # read by column name, made in C: no dict per row
    while True:  # streamed from one statement: constant memory however many rows
        page = cursor.fetchmany(batch)
        if not page:
            return
        yield from page


def award_history(
    db: sqlite_utils.Database, *, individual_id: int | None = None, unit_id: int | None = None
) -> list[dict[str, Any]]:
    column, value = ("individual_id", individual_id) if individual_id is not None else ("unit_id", unit_id)
    return list(
        db.query(
            "SELECT year, award_code, kind, decision_number, decision_date, issuer, legacy FROM awards "
            f"WHERE {column} = ? ORDER BY year, decision_date",
            (value,),
        )
    )


def decided(db: sqlite_utils.Database, decision: str) -> list[dict[str, Any]]:
    """The approved proposals of one decision, with what the reward depends on."""
    return list(
        db.query(
            "SELECT p.id, p.subject, coalesce(p.awarded_code, p.award_code) AS award_code, p.decision_date, "
            f"coalesce(i.full_name, {unit_name_in_year('p.unit_id', 'p.year')}) AS nominee, "
            f"{_UNIT_THAT_YEAR} AS unit_name "
            "FROM proposals p LEFT JOIN individuals i ON i.id = p.individual_id "
            "WHERE p.decision_number = ? AND p.status IN ('da_khen', 'da_cap_bang') ORDER BY p.subject DESC, p.sort_key",
            (decision,),
        )
    )


def decisions(db: sqlite_utils.Database) -> list[tuple[str, str | None, int]]:
    """Decision numbers with their date and how many approved proposals each covers."""
    return [
        tuple(r)
        for r in db.conn.execute(
            "SELECT decision_number, max(decision_date), count(*) FROM proposals "
            "WHERE decision_number <> '' AND status IN ('da_khen', 'da_cap_bang') "
            "GROUP BY decision_number ORDER BY max(decision_date) DESC"
        )
    ]


def nominee_name(db: sqlite_utils.Database, *, individual_id=None, unit_id=None) -> str:
    if individual_id is not None:
        row = db.conn.execute("SELECT full_name FROM individuals WHERE id = ?", (individual_id,)).fetchone()
    else:
        row = db.conn.execute("SELECT name FROM units WHERE id = ?", (unit_id,)).fetchone()
    return row[0] if row else ""
