"""What a hand-over file holds, read from this desk: a cluster's year or one unit's registrations and
self-scores, with the attachments that travel with them; references written as uids."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlite_utils

from thidua_desktop.store import rows
from thidua_desktop.store.db import database_path
from thidua_desktop.store.dossier import attachments
from thidua_desktop.store.errors import ConstraintError
from thidua_desktop.store.handover.tables import SPECS, U
from thidua_desktop.store.records import units


def collect_year(db: sqlite_utils.Database, cluster_id: int, year: int) -> dict[str, list[dict[str, Any]]]:
    """The cluster's year as file rows: members (this year and next), movements and
    registrations, reviews, the scoring table with scores, the vote with its units and
    ballots, the calendar, the proposals the vote made, and every unit these name."""
    cluster = rows.get(db, "clusters", cluster_id)
    if cluster is None:
        raise ConstraintError(f"Không tìm thấy khối thi đua (mã {cluster_id}).")
    if not units.members(db, cluster_id, year):
        raise ConstraintError(
            f"{cluster['name']} chưa có đơn vị thành viên năm {year}: không có gì để bàn giao."
        )
    cy = (cluster_id, year)
    in_table = "SELECT c.id FROM criteria c JOIN scoring_tables t ON t.id = c.table_id WHERE t.cluster_id = ? AND t.year = ?"
    in_vote = "SELECT id FROM votes WHERE cluster_id = ? AND year = ?"
    local = {
        "clusters": _select(db, "clusters", "id = ?", (cluster_id,)),
        "memberships": _select(db, "memberships", "cluster_id = ? AND year IN (?, ?)", (cluster_id, year, year + 1)),
        "movements": _select(db, "movements", "cluster_id = ? AND year = ?", cy),
        "registrations": _select(db, "registrations", "movement_id IN (SELECT id FROM movements WHERE "
                                 "cluster_id = ? AND year = ?)", cy),
        "reviews": _select(db, "reviews", "cluster_id = ? AND year = ?", cy),
        "scoring_tables": _select(db, "scoring_tables", "cluster_id = ? AND year = ?", cy),
        "criteria": _select(db, "criteria", "table_id IN (SELECT id FROM scoring_tables WHERE cluster_id = ? "
                            "AND year = ?)", cy, order="position, id"),
        "unit_scores": _select(db, "unit_scores", f"criterion_id IN ({in_table})", cy),
        "votes": _select(db, "votes", "cluster_id = ? AND year = ?", cy),
        "vote_units": _select(db, "vote_units", f"vote_id IN ({in_vote})", cy, order="vote_id, position"),
        "ballots": _select(db, "ballots", f"vote_id IN ({in_vote})", cy, order="vote_id, number"),
        "calendar_events": _select(db, "calendar_events", "cluster_id = ? AND year = ?", cy, order="due_on, id"),
        "proposals": _select(db, "proposals", f"subject = 'tap_the' AND vote_id IN ({in_vote})", cy),
    }  # fmt: skip
    marks = _marks(db, [b["id"] for b in local["ballots"]])
    wanted = {m[1] for found in marks.values() for m in found}
    for table, found in local.items():
        for column, target in SPECS[table].refs.items():
            if target == U:
                wanted.update(r[column] for r in found if r[column] is not None)
    local["units"] = _select(db, "units", f"id IN ({','.join('?' * len(wanted))})", sorted(wanted))
    return _to_file(db, local, marks)


def collect_unit(
    db: sqlite_utils.Database, cluster_id: int, year: int, unit_id: int
) -> dict[str, list[dict[str, Any]]]:
    """A unit's file: its registrations to the cluster's movements of the year and its
    self-scores (never the agreed scores), with the movements and the scoring table so
    the desk can match them."""
    cluster = rows.get(db, "clusters", cluster_id)
    if cluster is None:
        raise ConstraintError(f"Không tìm thấy khối thi đua (mã {cluster_id}).")
    unit = rows.get(db, "units", unit_id)
    if unit is None:
        raise ConstraintError(f"Không tìm thấy đơn vị (mã {unit_id}).")
    if unit_id not in {m["id"] for m in units.members(db, cluster_id, year)}:
        raise ConstraintError(f"“{unit['name']}” không phải thành viên {cluster['name']} năm {year}.")
    cy = (cluster_id, year)
    local = {
        "clusters": [cluster],
        "units": [unit],
        "movements": _select(db, "movements", "cluster_id = ? AND year = ?", cy),
        "registrations": _select(db, "registrations", "unit_id = ? AND movement_id IN (SELECT id FROM movements "
                                 "WHERE cluster_id = ? AND year = ?)", (unit_id, *cy)),
        "scoring_tables": _select(db, "scoring_tables", "cluster_id = ? AND year = ?", cy),
        "criteria": _select(db, "criteria", "table_id IN (SELECT id FROM scoring_tables WHERE cluster_id = ? "
                            "AND year = ?)", cy, order="position, id"),
        "unit_scores": _select(db, "unit_scores", "unit_id = ? AND criterion_id IN (SELECT c.id FROM criteria c "
                               "JOIN scoring_tables t ON t.id = c.table_id WHERE t.cluster_id = ? AND t.year = ?)",
                               (unit_id, *cy)),
    }  # fmt: skip
    tables = _to_file(db, local, {})
    for score in tables["unit_scores"]:
        score.pop("agreed_score", None)  # the unit's file carries what the unit says, not what was agreed
    return tables


def attachments_of_year(db: sqlite_utils.Database, cluster_id: int, year: int) -> attachments.ExportSet:
    """The attachments a year's file carries: those of the proposals the vote made (the
    ones ``collect_year`` carries) and the dossiers of the year, and of no year, of the
    units that are members that year. Each checked by hash; the bad ones in ``problems``."""
    if database_path(db) is None:  # a database in memory has no attachment folder
        return attachments.ExportSet()
    cy = (cluster_id, year)
    proposal_ids = [r[0] for r in db.conn.execute(
        "SELECT id FROM proposals WHERE subject = 'tap_the' AND vote_id IN "
        "(SELECT id FROM votes WHERE cluster_id = ? AND year = ?) ORDER BY id", cy)]  # fmt: skip
    unit_ids = [r[0] for r in db.conn.execute(
        "SELECT unit_id FROM memberships WHERE cluster_id = ? AND year = ? ORDER BY unit_id", cy)]  # fmt: skip
    return attachments.for_export(db, proposal_ids, unit_ids, year=year)


def attachments_of_unit(db: sqlite_utils.Database, year: int, unit_id: int) -> attachments.ExportSet:
    """The attachments a unit's file carries: its dossier of the year (and of no year)."""
    if database_path(db) is None:
        return attachments.ExportSet()
    return attachments.for_export(db, (), [unit_id], year=year)


def _select(db, table: str, where: str, params: Iterable[Any], *, order: str = "id") -> list[dict[str, Any]]:
    return list(db.query(f'SELECT * FROM "{table}" WHERE {where} ORDER BY {order}', list(params)))


def _marks(db, ballot_ids: list[int]) -> dict[int, list[tuple[str, int]]]:
    out: dict[int, list[tuple[str, int]]] = {b: [] for b in ballot_ids}
    if ballot_ids:
        for ballot_id, race, unit_id in db.conn.execute(
            f"SELECT ballot_id, race, unit_id FROM ballot_marks WHERE ballot_id IN ({','.join('?' * len(ballot_ids))}) "
            "ORDER BY id",
            ballot_ids,
        ):
            out[ballot_id].append((race, unit_id))
    return out


def _to_file(db, local: dict[str, list[dict[str, Any]]], marks: dict[int, list[tuple[str, int]]]) -> dict:
    uid_of = {table: {r["id"]: r["uid"] for r in found} for table, found in local.items() if SPECS[table].uid}
    out: dict[str, list[dict[str, Any]]] = {}
    for table, found in local.items():
        spec = SPECS[table]
        file_rows = []
        for r in found:
            row: dict[str, Any] = {}
            for column in spec.columns:
                if column == "marks":
                    row[column] = [[race, uid_of[U][u]] for race, u in marks.get(r["id"], [])]  # as typed
                elif column in spec.refs:
                    row[column] = uid_of.get(spec.refs[column], {}).get(r[column])
                else:
                    row[column] = r[column]
            if table == U:  # every name it has had, so the other desk can match it by name
                row["names"] = [n for (n,) in db.conn.execute(
                    "SELECT name FROM unit_names WHERE unit_id = ? ORDER BY valid_from IS NOT NULL, valid_from",
                    (r["id"],))]  # fmt: skip
            file_rows.append(row)
        out[table] = file_rows
    return out
