"""What the desk's papers read (DOMAIN.md §6): the proposals of one tờ trình (same
submission number) or one decision (same decision number) in the order of the
certificates, a person's or a unit's details for the achievement report, and the desk's
paper settings (its own Word templates, kept as copies in the data file, and the
letterhead and signers)."""

from __future__ import annotations

import base64
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from thidua_desktop.domain.models import ProposalStatus as S
from thidua_desktop.rules.catalogue import BY_CODE
from thidua_desktop.store import rows
from thidua_desktop.store.db import transaction
from thidua_desktop.store.listing import unit_name_in_year
from thidua_desktop.store.report_data.certificates import APPROVED, certificate_order
from thidua_desktop.store.report_data.rewards import PAY_SUBJECT

#: a proposal belongs to its tờ trình once submitted; a returned one has left it
SUBMITTED = (S.SUBMITTED.value, S.APPROVED.value, S.REJECTED.value, S.CERTIFIED.value)

_SELECT = (
    "SELECT p.id, p.subject, p.year, p.award_code, p.awarded_code, p.kind, p.status, p.summary, "
    "p.votes_for, p.votes_total, p.submission_number, p.submission_date, p.decision_number, "
    "p.decision_date, p.decision_issuer, p.register_number, p.sort_key, p.unit_id AS collective_id, "
    "p.individual_id, i.full_name, i.sex, i.birth_year, i.ethnicity, i.rank, i.position, "
    f"{unit_name_in_year('coalesce(p.unit_id, i.unit_id)', 'p.year')} AS unit_name, {PAY_SUBJECT} AS pay_subject, "
    "(SELECT school_year FROM units WHERE id = coalesce(p.unit_id, i.unit_id)) AS school_year "
    "FROM proposals p LEFT JOIN individuals i ON i.id = p.individual_id "
)


def _proposed_order(record: dict[str, Any]) -> tuple:
    """A tờ trình lists what was proposed: the certificate order on the proposed award."""
    return certificate_order({**record, "awarded_code": None})


def submission_records(db: sqlite_utils.Database, number: str) -> list[dict[str, Any]]:
    """The proposals sent up with tờ trình ``number``: higher awards first, collectives
    before individuals, then by name (the order of the certificates)."""
    marks = ",".join("?" * len(SUBMITTED))
    found = db.query(
        _SELECT + f"WHERE p.submission_number = ? AND p.status IN ({marks})", (number, *SUBMITTED)
    )
    return sorted(found, key=_proposed_order)


def decision_records(db: sqlite_utils.Database, number: str) -> list[dict[str, Any]]:
    """The approved proposals of decision ``number``, in the order of
    ``store.certificates.recipients``."""
    marks = ",".join("?" * len(APPROVED))
    found = db.query(_SELECT + f"WHERE p.decision_number = ? AND p.status IN ({marks})", (number, *APPROVED))
    return sorted(found, key=certificate_order)


def submissions(db: sqlite_utils.Database) -> list[tuple[str, str | None, int]]:
    """Tờ trình numbers with their date and how many proposals each carries, newest first."""
    marks = ",".join("?" * len(SUBMITTED))
    return [
        tuple(r)
        for r in db.conn.execute(
            "SELECT submission_number, max(submission_date), count(*) FROM proposals "
            f"WHERE submission_number <> '' AND status IN ({marks}) GROUP BY submission_number "
            "ORDER BY max(submission_date) DESC, max(year) DESC, submission_number",
            SUBMITTED,
        )
    ]


def person(db: sqlite_utils.Database, person_id: int) -> dict[str, Any] | None:
    """A person with their unit's name (as it is now)."""
    row = db.query(
        "SELECT i.*, u.name AS unit_name FROM individuals i LEFT JOIN units u ON u.id = i.unit_id WHERE i.id = ?",
        (person_id,),
    )
    return next(iter(row), None)


def unit(db: sqlite_utils.Database, unit_id: int) -> dict[str, Any] | None:
    """A unit with the cluster it belongs to in its latest year of membership."""
    row = db.query(
        "SELECT u.*, c.name AS cluster_name, c.authority AS cluster_authority FROM units u "
        "LEFT JOIN memberships m ON m.unit_id = u.id AND m.year = "
        "(SELECT max(year) FROM memberships WHERE unit_id = u.id) "
        "LEFT JOIN clusters c ON c.id = m.cluster_id WHERE u.id = ?",
        (unit_id,),
    )
    return next(iter(row), None)


def latest_proposal(
    db: sqlite_utils.Database, *, individual_id: int | None = None, unit_id: int | None = None
) -> dict[str, Any] | None:
    """The proposal a report is written for: of the newest year's, the highest award (a
    person proposed for CSTĐ cấp tỉnh and LĐTT the same year reports for the CSTĐ)."""
    column, value = ("individual_id", individual_id) if individual_id is not None else ("unit_id", unit_id)
    found = list(db.query(
        f"SELECT id, year, award_code, summary, status FROM proposals WHERE {column} = ? AND status <> ? "
        f"AND year = (SELECT max(year) FROM proposals WHERE {column} = ? AND status <> ?) ORDER BY id DESC",
        (value, S.RETURNED.value, value, S.RETURNED.value),
    ))  # fmt: skip
    return max(
        found, key=lambda p: BY_CODE[p["award_code"]].rank if p["award_code"] in BY_CODE else -1, default=None
    )


def proposal(db: sqlite_utils.Database, proposal_id: int) -> dict[str, Any] | None:
    """One proposal, as a report reads it."""
    return next(iter(db.query(
        "SELECT id, year, award_code, summary, status, individual_id, unit_id FROM proposals WHERE id = ?",
        (proposal_id,))), None)  # fmt: skip


def ratings(
    db: sqlite_utils.Database, *, individual_id: int | None = None, unit_id: int | None = None
) -> list[dict[str, Any]]:
    column, value = ("individual_id", individual_id) if individual_id is not None else ("unit_id", unit_id)
    return list(db.query(f"SELECT year, rating FROM ratings WHERE {column} = ? ORDER BY year", (value,)))


def initiatives(db: sqlite_utils.Database, individual_id: int) -> list[dict[str, Any]]:
    return list(
        db.query(
            "SELECT year, title, level, decision_number, decision_date, issuer FROM initiatives "
            "WHERE individual_id = ? ORDER BY year, id",
            (individual_id,),
        )
    )


def cluster(db: sqlite_utils.Database) -> dict[str, Any] | None:
    """The desk's cluster (the first one): its name heads the tờ trình."""
    return next(iter(db.query("SELECT name, authority FROM clusters ORDER BY id LIMIT 1")), None)


# --- the desk's paper settings -------------------------------------------------------------

SETTINGS_KEY = "papers"


def _get(db: sqlite_utils.Database) -> str | None:
    row = db.conn.execute("SELECT value FROM settings WHERE key = ?", (SETTINGS_KEY,)).fetchone()
    return row[0] if row else None


def load_settings(db: sqlite_utils.Database) -> dict[str, Any]:
    """{"templates": {kind: {"name", "chosen_from", "chosen_at", "docx" (base64)}},
    "letterhead": {field: text}, "signer": {kind: {"title", "name"}}}"""
    data = json.loads(_get(db) or "{}")
    for key in ("templates", "letterhead", "signer"):
        data.setdefault(key, {})
    return data


def save_settings(db: sqlite_utils.Database, data: dict[str, Any]) -> None:
    value = json.dumps(data, ensure_ascii=False, sort_keys=True)
    with transaction(db):
        row = db.conn.execute("SELECT id FROM settings WHERE key = ?", (SETTINGS_KEY,)).fetchone()
        if row:
            rows.update(db, "settings", row[0], {"value": value})
        else:
            rows.insert(db, "settings", {"key": SETTINGS_KEY, "value": value})


def keep_template(db: sqlite_utils.Database, kind: str, path: Path, content: bytes) -> None:
    """Keep a copy (``content``) of the desk's template for ``kind``, chosen from ``path``,
    in the data file: it travels with the data and still works when the original moves."""
    data = load_settings(db)
    data["templates"][kind] = {
        "name": path.name,
        "chosen_from": str(path),
        "chosen_at": datetime.now().isoformat(timespec="seconds"),
        "docx": base64.b64encode(content).decode("ascii"),
    }
    save_settings(db, data)


def forget_template(db: sqlite_utils.Database, kind: str) -> None:
    """Back to the template shipped with the program."""
    data = load_settings(db)
    if data["templates"].pop(kind, None) is not None:
        save_settings(db, data)


def kept_template(db: sqlite_utils.Database, kind: str) -> tuple[str, bytes] | None:
    """The desk's template for ``kind``: its file name and bytes, or None."""
    entry = load_settings(db)["templates"].get(kind)
    if not entry or not entry.get("docx"):
        return None
    return str(entry.get("name") or f"{kind}.docx"), base64.b64decode(entry["docx"], validate=True)
