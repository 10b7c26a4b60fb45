"""Emulation movements, unit registrations and the cluster's review conferences."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlite_utils

from thidua_desktop.domain.models import MovementKind, ReviewKind
from thidua_desktop.domain.text import search_text
from thidua_desktop.store import rows
from thidua_desktop.store.db import transaction
from thidua_desktop.store.listing import Column, Listing


def create_movement(
    db: sqlite_utils.Database,
    name: str,
    year: int,
    *,
    kind: MovementKind = MovementKind.REGULAR,
    doc_number: str = "",
    doc_date: date | None = None,
    doc_issuer: str = "",
    start_date: date | None = None,
    end_date: date | None = None,
    cluster_id: int | None = None,
    note: str = "",
    uid: str = "",
) -> int:
    return rows.insert(
        db,
        "movements",
        {
            "uid": uid, "name": name, "year": year, "kind": kind, "doc_number": doc_number,
            "doc_date": doc_date, "doc_issuer": doc_issuer, "start_date": start_date,
            "end_date": end_date, "cluster_id": cluster_id, "note": note,
            "search": search_text(name, doc_number, doc_issuer),
        },
    )  # fmt: skip


def register_unit(
    db: sqlite_utils.Database,
    movement_id: int,
    unit_id: int,
    *,
    registered_on: date | None = None,
    titles: str = "",
    targets: str = "",
) -> int:
    return rows.insert(
        db,
        "registrations",
        {
            "movement_id": movement_id, "unit_id": unit_id, "registered_on": registered_on,
            "titles": titles, "targets": targets,
        },
    )  # fmt: skip


def add_review(
    db: sqlite_utils.Database,
    cluster_id: int,
    year: int,
    kind: ReviewKind,
    *,
    held_on: date | None = None,
    host_unit_id: int | None = None,
    cohost_unit_id: int | None = None,
    next_host_unit_id: int | None = None,
    place: str = "",
    note: str = "",
) -> int:
    return rows.insert(
        db,
        "reviews",
        {
            "cluster_id": cluster_id, "year": year, "kind": kind, "held_on": held_on,
            "host_unit_id": host_unit_id, "cohost_unit_id": cohost_unit_id,
            "next_host_unit_id": next_host_unit_id, "place": place, "note": note,
        },
    )  # fmt: skip


def reviews(db: sqlite_utils.Database, cluster_id: int, year: int) -> list[dict[str, Any]]:
    return list(
        db.query(
            """SELECT r.kind, r.held_on, h.name AS host, co.name AS cohost,
                  nx.name AS next_host, r.place
           FROM reviews r
           LEFT JOIN units h ON h.id = r.host_unit_id
           LEFT JOIN units co ON co.id = r.cohost_unit_id
           LEFT JOIN units nx ON nx.id = r.next_host_unit_id
           WHERE r.cluster_id = ? AND r.year = ? ORDER BY r.held_on""",
            (cluster_id, year),
        )
    )


LISTING = Listing(
    name="movements",
    from_sql="movements mv LEFT JOIN clusters c ON c.id = mv.cluster_id",
    columns=(
        Column("year", "mv.year", "mv.year"),
        Column("name", "mv.name", "mv.name"),
        Column("kind", "mv.kind", "mv.kind"),
        Column("doc_number", "mv.doc_number", "mv.doc_number"),
        Column("doc_date", "mv.doc_date", "mv.doc_date"),
        Column("doc_issuer", "mv.doc_issuer", "mv.doc_issuer"),
        Column("period", "mv.start_date || '|' || coalesce(mv.end_date, '')", "mv.start_date"),
        Column("registrations",
               "(SELECT count(*) FROM registrations r WHERE r.movement_id = mv.id)", None),
    ),  # fmt: skip
    search_sql="mv.search",
    fts_table="movements_fts",
    default_sort="year",
    filters={"year": "mv.year = :year", "cluster_id": "mv.cluster_id = :cluster_id",
             "kind": "mv.kind = :kind"},
)  # fmt: skip


MOVEMENT_FIELDS = (
    "name", "year", "kind", "doc_number", "doc_date", "doc_issuer", "start_date", "end_date",
    "cluster_id", "note",
)  # fmt: skip


def update_movement(db: sqlite_utils.Database, movement_id: int, **changes: Any) -> None:
    if set(changes) - set(MOVEMENT_FIELDS):
        raise KeyError(f"not a movement field: {sorted(set(changes) - set(MOVEMENT_FIELDS))}")
    with transaction(db):
        current = rows.get(db, "movements", movement_id) or {}
        merged = {**current, **rows.clean(changes)}
        search = search_text(merged.get("name"), merged.get("doc_number"), merged.get("doc_issuer"))
        rows.update(db, "movements", movement_id, {**changes, "search": search})


def registrations(db: sqlite_utils.Database, movement_id: int) -> list[dict[str, Any]]:
    return list(
        db.query(
            "SELECT r.id, u.name AS unit, r.registered_on, r.titles, r.targets FROM registrations r "
            "JOIN units u ON u.id = r.unit_id WHERE r.movement_id = ? ORDER BY u.sort_key",
            (movement_id,),
        )
    )
