"""Individuals and their history: annual ratings, titles and forms received, initiatives,
disciplines."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlite_utils

from thidua_desktop.domain.models import CommendationKind, InitiativeLevel, Rating, Sex
from thidua_desktop.domain.text import person_sort_key, search_text
from thidua_desktop.rules.nominee import DISCIPLINE_FORMS
from thidua_desktop.store import rows
from thidua_desktop.store.db import transaction
from thidua_desktop.store.errors import ConstraintError
from thidua_desktop.store.listing import Column, Listing
from thidua_desktop.store.records import proposals

PERSON_FIELDS = (
    "full_name", "sex", "birth_date", "birth_year", "ethnicity", "rank", "position",
    "unit_id", "is_exemplary", "exemplary_kind", "exemplary_note", "under_review", "person_group",
)  # fmt: skip


def _derived(values: dict[str, Any]) -> dict[str, Any]:
    return {
        "search": search_text(values.get("full_name"), values.get("position"), values.get("rank")),
        "sort_key": person_sort_key(values.get("full_name")),
    }


def create_individual(
    db: sqlite_utils.Database,
    full_name: str,
    sex: Sex,
    *,
    unit_id: int | None = None,
    birth_year: int | None = None,
    birth_date: date | None = None,
    ethnicity: str = "Kinh",
    rank: str = "",
    position: str = "",
    uid: str = "",
) -> int:
    if birth_date and not birth_year:
        birth_year = birth_date.year
    values = {
        "uid": uid, "full_name": full_name, "sex": sex, "unit_id": unit_id,
        "birth_year": birth_year, "birth_date": birth_date, "ethnicity": ethnicity,
        "rank": rank, "position": position,
    }  # fmt: skip
    return rows.insert(db, "individuals", {**values, **_derived(values)})


def update_individual(db: sqlite_utils.Database, person_id: int, **changes: Any) -> None:
    unknown = set(changes) - set(PERSON_FIELDS)
    if unknown:
        raise KeyError(f"not a person's field: {sorted(unknown)}")
    current = rows.get(db, "individuals", person_id) or {}
    merged = {**current, **changes}
    with transaction(db):
        rows.update(db, "individuals", person_id, {**changes, **_derived(merged)})
        if "full_name" in changes and changes["full_name"] != current.get("full_name"):
            proposals.refresh_nominee(db, individual_id=person_id)


def delete_individual(db: sqlite_utils.Database, person_id: int) -> None:
    person = rows.get(db, "individuals", person_id)
    label = f"cá nhân “{person['full_name']}”" if person else ""
    rows.delete(db, "individuals", person_id, label=label)


def set_rating(
    db: sqlite_utils.Database,
    year: int,
    rating: Rating,
    *,
    individual_id: int | None = None,
    unit_id: int | None = None,
    months_worked: int | None = None,
    note: str = "",
) -> int:
    """Record (or correct) the rating of a person or a unit for a year."""
    values = {"individual_id": individual_id, "unit_id": unit_id, "year": year, "rating": rating,
              "months_worked": months_worked, "note": note}  # fmt: skip
    with transaction(db):
        column, owner = (
            ("individual_id", individual_id) if individual_id is not None else ("unit_id", unit_id)
        )
        existing = db.conn.execute(
            f"SELECT id FROM ratings WHERE {column} = ? AND year = ?", (owner, year)
        ).fetchone()
        if existing:
            rows.update(db, "ratings", existing[0], values)
            return existing[0]
        return rows.insert(db, "ratings", values)


def ratings(db: sqlite_utils.Database, person_id: int) -> dict[int, tuple[str, int | None]]:
    """A person's rating and months worked by year."""
    return {
        year: (rating, months)
        for year, rating, months in db.conn.execute(
            "SELECT year, rating, months_worked FROM ratings WHERE individual_id = ?", (person_id,)
        )
    }


def set_ratings(
    db: sqlite_utils.Database, person_id: int, by_year: dict[int, tuple[Rating | None, int | None]]
) -> int:
    """Record a person's ratings for several years at once (one transaction): each year's
    rating and months worked; None removes that year's rating. Returns how many years changed."""
    before = ratings(db, person_id)
    changed = 0
    with transaction(db):
        for year, (rating, months) in sorted(by_year.items()):
            old = before.get(year)
            if rating is None:
                if old is not None:
                    (row_id,) = db.conn.execute(
                        "SELECT id FROM ratings WHERE individual_id = ? AND year = ?", (person_id, year)
                    ).fetchone()
                    rows.delete(db, "ratings", row_id)
                    changed += 1
            elif old != (rating.value, months):
                set_rating(db, year, rating, individual_id=person_id, months_worked=months)
                changed += 1
    return changed


def add_award(
    db: sqlite_utils.Database,
    year: int,
    award_code: str,
    *,
    individual_id: int | None = None,
    unit_id: int | None = None,
    kind: CommendationKind = CommendationKind.REGULAR,
    decision_number: str = "",
    decision_date: date | None = None,
    issuer: str = "",
    legacy: bool = False,
    proposal_id: int | None = None,
    period: tuple[int, int] | None = None,
) -> int:
    """Record a title or form received (``legacy``: entered from before the app); ``period``:
    the years of achievement it rewards, when they differ from the award's usual span."""
    if period is not None and not period[0] <= period[1]:
        raise ConstraintError(f"Thời gian thành tích {period[0]}–{period[1]} không hợp lệ.")
    return rows.insert(
        db,
        "awards",
        {
            "individual_id": individual_id, "unit_id": unit_id, "year": year,
            "award_code": award_code, "kind": kind, "decision_number": decision_number,
            "decision_date": decision_date, "issuer": issuer, "legacy": legacy,
            "proposal_id": proposal_id, "period_from": period[0] if period else None,
            "period_to": period[1] if period else None,
        },
    )  # fmt: skip


def add_initiative(
    db: sqlite_utils.Database,
    individual_id: int,
    title: str,
    year: int,
    *,
    level: InitiativeLevel = InitiativeLevel.GRASSROOTS,
    decision_number: str = "",
    decision_date: date | None = None,
    issuer: str = "",
    used_by_award_id: int | None = None,
) -> int:
    return rows.insert(
        db,
        "initiatives",
        {
            "individual_id": individual_id, "title": title, "year": year, "level": level,
            "decision_number": decision_number, "decision_date": decision_date,
            "issuer": issuer, "used_by_award_id": used_by_award_id,
            "search": search_text(title, decision_number),
        },
    )  # fmt: skip


def add_discipline(
    db: sqlite_utils.Database, individual_id: int, form: str, decided_on: date, *,
    ends_on: date | None = None, decision_number: str = "", note: str = "",
) -> int:  # fmt: skip
    """Record a discipline of a person (issue 22, point 1): the eligibility rules read it."""
    if form not in DISCIPLINE_FORMS:
        raise ConstraintError(f"Hình thức kỷ luật “{form}” không có trong danh mục.")
    if ends_on is not None and ends_on < decided_on:
        raise ConstraintError("Ngày hết thời hạn kỷ luật phải sau ngày quyết định.")
    return rows.insert(db, "disciplines", {
        "individual_id": individual_id, "form": form, "decided_on": decided_on, "ends_on": ends_on,
        "decision_number": decision_number.strip(), "note": note.strip()})  # fmt: skip


def delete_discipline(db: sqlite_utils.Database, discipline_id: int) -> None:
    """Remove a discipline recorded by mistake (the audit trail keeps what it was)."""
    rows.delete(db, "disciplines", discipline_id)


def disciplines(db: sqlite_utils.Database, person_id: int) -> list[dict[str, Any]]:
    """A person's disciplines, oldest first."""
    return list(
        db.query("SELECT * FROM disciplines WHERE individual_id = ? ORDER BY decided_on, id", (person_id,))
    )


def history(db: sqlite_utils.Database, person_id: int) -> dict[str, list[dict[str, Any]]]:
    """A person's ratings, awards and initiatives, oldest year first."""

    def query(sql: str) -> list[dict[str, Any]]:
        return list(db.query(sql, (person_id,)))

    return {
        "ratings": query("SELECT year, rating FROM ratings WHERE individual_id = ? ORDER BY year"),
        "awards": query(
            "SELECT year, award_code, kind, decision_number, decision_date, issuer, legacy, period_from, period_to "
            "FROM awards WHERE individual_id = ? ORDER BY year, decision_date"
        ),
        "initiatives": query(
            "SELECT year, title, level, decision_number, used_by_award_id "
            "FROM initiatives WHERE individual_id = ? ORDER BY year"
        ),
    }


LISTING = Listing(
    name="individuals",
    from_sql="individuals i LEFT JOIN units u ON u.id = i.unit_id",
    columns=(
        Column("full_name", "i.full_name", "i.sort_key"),
        Column("sex", "i.sex", "i.sex"),
        Column("birth_year", "i.birth_year", "i.birth_year"),
        Column("rank", "i.rank", "i.rank"),
        Column("position", "i.position", "i.position"),
        Column("unit", "u.name", "u.sort_key"),
        Column("is_exemplary", "i.is_exemplary", "i.is_exemplary"),
    ),
    search_sql="i.search",
    count_from_sql="individuals i",
    fts_table="individuals_fts",
    default_sort="full_name",
    filters={"unit_id": "i.unit_id = :unit_id", "exemplary": "i.is_exemplary = :exemplary",
             "sex": "i.sex = :sex"},
)  # fmt: skip
