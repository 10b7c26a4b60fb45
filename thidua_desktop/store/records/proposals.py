"""Award proposals (đề nghị khen thưởng) for an individual or a collective."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlite_utils

from thidua_desktop.domain.models import CommendationKind, ProposalStatus, Subject
from thidua_desktop.domain.text import person_sort_key, search_text, vi_sort_key
from thidua_desktop.rules.catalogue import BY_CODE, For, award_name
from thidua_desktop.store import rows
from thidua_desktop.store.db import transaction
from thidua_desktop.store.errors import ConstraintError
from thidua_desktop.store.listing import Column, Listing, unit_name_in_year


def create_proposal(
    db: sqlite_utils.Database,
    award_code: str,
    year: int,
    *,
    individual_id: int | None = None,
    unit_id: int | None = None,
    kind: CommendationKind = CommendationKind.REGULAR,
    movement_id: int | None = None,
    summary: str = "",
    status: ProposalStatus = ProposalStatus.DRAFT,
    votes_for: int | None = None,
    votes_total: int | None = None,
    submission_number: str = "",
    decision_number: str = "",
    decision_date: date | None = None,
    register_number: str = "",
    uid: str = "",
) -> int:
    _check_award(award_code, Subject.INDIVIDUAL if individual_id is not None else Subject.COLLECTIVE)
    if (individual_id is None) == (unit_id is None):
        raise ConstraintError("Đề nghị khen thưởng phải dành cho đúng một cá nhân hoặc một tập thể.")
    if individual_id is not None:
        subject = Subject.INDIVIDUAL
        person = db.conn.execute(
            "SELECT full_name FROM individuals WHERE id = ?", (individual_id,)
        ).fetchone()
        if person is None:
            raise ConstraintError(f"Không tìm thấy cá nhân (mã {individual_id}).")
        nominee = person[0]
    else:
        subject = Subject.COLLECTIVE
        unit = rows.get(db, "units", unit_id)
        if unit is None:
            raise ConstraintError(f"Không tìm thấy đơn vị (mã {unit_id}).")
        nominee = unit["name"]
    return rows.insert(
        db,
        "proposals",
        {
            "uid": uid, "subject": subject, "individual_id": individual_id, "unit_id": unit_id,
            "award_code": award_code, "year": year, "kind": kind, "movement_id": movement_id,
            "summary": summary, "status": status, "votes_for": votes_for,
            "votes_total": votes_total, "submission_number": submission_number,
            "decision_number": decision_number, "decision_date": decision_date,
            "register_number": register_number,
            **derived_columns(
                nominee, subject == Subject.INDIVIDUAL, award_code, (decision_number, submission_number)
            ),
        },
    )  # fmt: skip


def _check_award(award_code: str, subject: Subject) -> None:
    award = BY_CODE.get(award_code)
    if award is not None and award.subject not in (subject.value, For.BOTH):
        raise ConstraintError(f"“{award.name}” không dành cho {subject.label.lower()}.")


def derived_columns(nominee: str, person: bool, award_code: str, numbers: tuple[str, str]) -> dict[str, str]:
    return {
        "search": search_text(nominee, award_name(award_code), *numbers),
        "sort_key": person_sort_key(nominee) if person else vi_sort_key(nominee),
    }


def refresh_nominee(
    db: sqlite_utils.Database, *, individual_id: int | None = None, unit_id: int | None = None
) -> None:
    """Recompute search and sort columns of a nominee's proposals after a rename."""
    if individual_id is not None:
        person = rows.get(db, "individuals", individual_id)
        nominee, column, row_id, is_person = person["full_name"], "individual_id", individual_id, True
    else:
        unit = rows.get(db, "units", unit_id)
        nominee, column, row_id, is_person = unit["name"], "unit_id", unit_id, False
    with transaction(db):
        for p in list(db.query(f"SELECT * FROM proposals WHERE {column} = ?", (row_id,))):
            derived = derived_columns(
                nominee, is_person, p["award_code"], (p["decision_number"], p["submission_number"])
            )
            rows.update(db, "proposals", p["id"], derived)


_NOMINEE_UNIT = "coalesce(p.unit_id, i.unit_id)"
LISTING = Listing(
    name="proposals",
    from_sql="proposals p LEFT JOIN individuals i ON i.id = p.individual_id",
    columns=(
        Column("year", "p.year", "p.year"),
        Column("nominee", "coalesce(i.full_name, "
               f"{unit_name_in_year('p.unit_id', 'p.year')})", "p.sort_key"),
        Column("subject", "p.subject", "p.subject"),
        Column("unit", f"{unit_name_in_year(_NOMINEE_UNIT, 'p.year')}", None),
        Column("award_code", "p.award_code", "p.award_code"),
        Column("status", "p.status", "p.status"),
        Column("votes", "CASE WHEN p.votes_total IS NOT NULL "
               "THEN p.votes_for || '/' || p.votes_total END", None),
        Column("decision", "p.decision_number", "p.decision_number"),
        Column("decision_date", "p.decision_date", "p.decision_date"),
    ),  # fmt: skip
    search_sql="p.search",
    count_from_sql="proposals p",
    fts_table="proposals_fts",
    default_sort="nominee",
    filters={"year": "p.year = :year", "status": "p.status = :status",
             "award_code": "p.award_code = :award_code", "subject": "p.subject = :subject"},
)  # fmt: skip


PROPOSAL_FIELDS = (
    "award_code", "year", "kind", "movement_id", "summary", "status", "votes_for",
    "votes_total", "submission_number", "decision_number", "decision_date", "register_number",
)  # fmt: skip


def update_proposal(db: sqlite_utils.Database, proposal_id: int, **changes: Any) -> None:
    """Change a proposal's fields (its nominee stays: propose anew for someone else)."""
    if set(changes) - set(PROPOSAL_FIELDS):
        raise KeyError(f"not a proposal field: {sorted(set(changes) - set(PROPOSAL_FIELDS))}")
    with transaction(db):
        if "award_code" in changes:
            current = rows.get(db, "proposals", proposal_id)
            _check_award(changes["award_code"], Subject(current["subject"]))
        rows.update(db, "proposals", proposal_id, changes)
        p = rows.get(db, "proposals", proposal_id)
        if p["individual_id"] is not None:
            refresh_nominee(db, individual_id=p["individual_id"])
        else:
            refresh_nominee(db, unit_id=p["unit_id"])


def history(db: sqlite_utils.Database, *, individual_id: int) -> list[dict[str, Any]]:
    """A person's proposals with their decisions, newest first."""
    return list(
        db.query(
            "SELECT year, award_code, status, votes_for, votes_total, submission_number, "
            "decision_number, decision_date FROM proposals WHERE individual_id = ? ORDER BY year DESC",
            (individual_id,),
        )
    )


def labels(db: sqlite_utils.Database, ids: list[int]) -> dict[int, str]:
    """ "Nguyễn Thị Mai – Bằng khen của …" for each proposal (a batch dialog's rows)."""
    if not ids:
        return {}
    marks = ", ".join("?" * len(ids))
    found = db.conn.execute(
        "SELECT p.id, coalesce(i.full_name, u.name), p.award_code FROM proposals p "
        "LEFT JOIN individuals i ON i.id = p.individual_id LEFT JOIN units u ON u.id = p.unit_id "
        f"WHERE p.id IN ({marks})",
        ids,
    ).fetchall()
    return {pid: f"{name} – {award_name(code)}" for pid, name, code in found}


def usual(
    db: sqlite_utils.Database, subject: str = "ca_nhan", track: str | None = None
) -> tuple[int | None, str | None]:
    """The working year (the newest year with proposals) and the award most often proposed
    for ``subject`` in it, among nominees of ``track`` (their unit's award track) when given:
    what a new proposal's form starts with."""
    row = db.conn.execute("SELECT max(year) FROM proposals").fetchone()
    year = row[0] if row else None
    if year is None:
        return None, None
    if track is None:
        found = db.conn.execute(
            "SELECT award_code FROM proposals WHERE year = ? AND subject = ? GROUP BY award_code "
            "ORDER BY count(*) DESC, award_code LIMIT 1",
            (year, subject),
        ).fetchone()
    else:
        found = db.conn.execute(
            "SELECT p.award_code FROM proposals p LEFT JOIN individuals i ON i.id = p.individual_id "
            "JOIN units u ON u.id = coalesce(p.unit_id, i.unit_id) "
            "WHERE p.year = ? AND p.subject = ? AND u.award_track = ? GROUP BY p.award_code "
            "ORDER BY count(*) DESC, p.award_code LIMIT 1",
            (year, subject, track),
        ).fetchone()
    return year, found[0] if found else None


def nominee_track(
    db: sqlite_utils.Database, *, individual_id: int | None = None, unit_id: int | None = None
) -> str | None:
    """The award track of a nominee's unit (a person's own unit), None when it has none."""
    if individual_id is not None:
        row = db.conn.execute(
            "SELECT u.award_track FROM individuals i JOIN units u ON u.id = i.unit_id WHERE i.id = ?",
            (individual_id,),
        ).fetchone()
    elif unit_id is not None:
        row = db.conn.execute("SELECT award_track FROM units WHERE id = ?", (unit_id,)).fetchone()
    else:
        return None
    return row[0] if row else None
