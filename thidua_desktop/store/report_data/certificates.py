"""Certificates in the data file: who gets one (the approved proposals of a decision, or
chosen ones), register numbers given in order, the print log, and the desk's certificate
settings (font, printer calibration per template, its own template copies, images)."""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from thidua_desktop.domain.models import ProposalStatus as S
from thidua_desktop.rules.catalogue import BY_CODE
from thidua_desktop.store import rows
from thidua_desktop.store.db import transaction
from thidua_desktop.store.errors import ConstraintError
from thidua_desktop.store.listing import unit_name_in_year
from thidua_desktop.store.records import workflow

APPROVED = (S.APPROVED.value, S.CERTIFIED.value)
ACTIONS = {"in": "In", "in_lai": "In lại", "hong": "Hỏng", "huy": "Hủy"}

_SELECT = (
    "SELECT p.id, p.subject, p.year, p.award_code, p.awarded_code, p.status, p.summary, p.decision_number, "
    "p.decision_date, p.decision_issuer, p.register_number, p.sort_key, i.full_name, i.sex, i.rank, i.position, "
    f"{unit_name_in_year('coalesce(p.unit_id, i.unit_id)', 'p.year')} AS unit_name "
    "FROM proposals p LEFT JOIN individuals i ON i.id = p.individual_id "
)


def _user(db: sqlite_utils.Database) -> str:
    return db.conn.execute("SELECT app_user()").fetchone()[0] or ""


def certificate_order(record: dict[str, Any]) -> tuple:
    """The order of the decision's list and of the ceremony: higher awards first, then
    collectives before individuals, then by name."""
    award = BY_CODE.get(record["awarded_code"] or record["award_code"])
    return (-(award.rank if award else 0), record["subject"] != "tap_the", record["sort_key"], record["id"])


def recipients(
    db: sqlite_utils.Database, *, decision: str | None = None, proposal_ids: list[int] | None = None
) -> list[dict[str, Any]]:
    """The approved proposals of ``decision``, or the proposals ``proposal_ids`` whatever
    their status (the preflight says which are not approved), in certificate order."""
    if proposal_ids is not None:
        ids = list(dict.fromkeys(proposal_ids))
        found = []
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found += db.query(_SELECT + f"WHERE p.id IN ({marks})", chunk)
    elif decision:
        marks = ",".join("?" * len(APPROVED))
        found = list(
            db.query(
                _SELECT + f"WHERE p.decision_number = ? AND p.status IN ({marks})", (decision, *APPROVED)
            )
        )
    else:
        raise ConstraintError("Hãy chọn một quyết định hoặc những đề nghị cần in bằng.")
    return sorted(found, key=certificate_order)


def decisions(db: sqlite_utils.Database) -> list[tuple[str, str | None, int]]:
    """Decisions with approved proposals: number, date, how many certificates."""
    marks = ",".join("?" * len(APPROVED))
    return [
        tuple(r)
        for r in db.conn.execute(
            f"SELECT decision_number, max(decision_date), count(*) FROM proposals WHERE decision_number <> '' "
            f"AND status IN ({marks}) GROUP BY decision_number ORDER BY max(decision_date) DESC, decision_number",
            APPROVED,
        )
    ]


def next_register_number(db: sqlite_utils.Database, year: int | None) -> int:
    """One more than the highest numeric register number given in the decision year."""
    row = db.conn.execute(
        "SELECT max(CAST(register_number AS INTEGER)) FROM proposals WHERE register_number GLOB '[0-9]*' "
        "AND (? IS NULL OR substr(decision_date, 1, 4) = ?)",
        (year, str(year) if year else None),
    ).fetchone()
    return (row[0] or 0) + 1


def plan_register_numbers(
    db: sqlite_utils.Database, records: list[dict[str, Any]], start: int | None = None
) -> dict[int, str]:
    """Register numbers for a batch, in order: a certificate that has one keeps it (a
    reprint); the others get the next numbers from ``start`` or from the register."""
    plan: dict[int, str] = {}
    following: int | None = start
    for record in records:
        if record["register_number"]:
            plan[record["id"]] = record["register_number"]
            continue
        if following is None:
            year = int(record["decision_date"][:4]) if record["decision_date"] else None
            following = next_register_number(db, year)
        plan[record["id"]] = str(following)
        following += 1
    return plan


def record_printing(
    db: sqlite_utils.Database,
    records: list[dict[str, Any]],
    plan: dict[int, str],
    *,
    template: str,
    mode: str,
    target: str,
) -> dict[str, int]:
    """After a batch was written or printed: register numbers recorded (the proposal moves
    to “đã cấp bằng”), and one log row per certificate, “in” the first time, “in lại”
    after. All in one transaction. Returns how many of each."""
    counts = {"in": 0, "in_lai": 0}
    user = _user(db)
    with transaction(db):
        for record in records:
            number = plan[record["id"]]
            if record["status"] == S.APPROVED.value:
                workflow.issue_certificate(db, record["id"], number)
            elif record["status"] != S.CERTIFIED.value:
                raise ConstraintError(f"Đề nghị mã {record['id']} chưa được khen thưởng; không in bằng được.")
            printed = db.conn.execute(
                "SELECT 1 FROM certificate_prints WHERE proposal_id = ? AND action IN ('in', 'in_lai') LIMIT 1",
                (record["id"],),
            ).fetchone()
            action = "in_lai" if printed else "in"
            rows.insert(db, "certificate_prints", {
                "proposal_id": record["id"], "register_number": number, "action": action, "template": template,
                "mode": mode, "target": target, "user": user,
            })  # fmt: skip
            counts[action] += 1
    return counts


def mark(db: sqlite_utils.Database, proposal_id: int, action: str, reason: str) -> None:
    """A printed certificate marked spoiled (“hỏng”: print it again, same number) or voided
    (“hủy”), with the reason."""
    if action not in ("hong", "huy"):
        raise ConstraintError("Chỉ đánh dấu bằng là hỏng hoặc hủy.")
    if not reason.strip():
        raise ConstraintError("Cần ghi lý do bằng bị hỏng hoặc bị hủy.")
    with transaction(db):
        proposal = rows.get(db, "proposals", proposal_id)
        if proposal is None or not proposal["register_number"]:
            raise ConstraintError("Đề nghị này chưa được in bằng, chưa có số vào sổ.")
        rows.insert(db, "certificate_prints", {
            "proposal_id": proposal_id, "register_number": proposal["register_number"], "action": action,
            "reason": reason, "user": _user(db),
        })  # fmt: skip


def print_log(db: sqlite_utils.Database, proposal_id: int) -> list[dict[str, Any]]:
    return list(
        db.query("SELECT * FROM certificate_prints WHERE proposal_id = ? ORDER BY id", (proposal_id,))
    )


def voided(db: sqlite_utils.Database, proposal_id: int) -> bool:
    last = db.conn.execute(
        "SELECT action FROM certificate_prints WHERE proposal_id = ? ORDER BY id DESC LIMIT 1", (proposal_id,)
    ).fetchone()
    return bool(last and last[0] == "huy")


# --- the desk's certificate settings -----------------------------------------------------

SETTINGS_KEY = "certificates"
TEMPLATE_PREFIX = "certificate_template:"


def _get(db: sqlite_utils.Database, key: str) -> str | None:
    row = db.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def _put(db: sqlite_utils.Database, key: str, value: str | None) -> None:
    with transaction(db):
        row = db.conn.execute("SELECT id FROM settings WHERE key = ?", (key,)).fetchone()
        if value is None:
            if row:
                rows.delete(db, "settings", row[0])
        elif row:
            rows.update(db, "settings", row[0], {"value": value})
        else:
            rows.insert(db, "settings", {"key": key, "value": value})


def load_settings(db: sqlite_utils.Database) -> dict[str, Any]:
    """{"font": path or "", "images": {key: path}, "calibration": {template: {...}},
    "backgrounds": {template: path}, "signer": {template: {...}}}"""
    data = json.loads(_get(db, SETTINGS_KEY) or "{}")
    for key in ("images", "calibration", "backgrounds", "signer"):
        data.setdefault(key, {})
    data.setdefault("font", "")
    return data


def save_settings(db: sqlite_utils.Database, data: dict[str, Any]) -> None:
    _put(db, SETTINGS_KEY, json.dumps(data, ensure_ascii=False, sort_keys=True))


def desk_templates(db: sqlite_utils.Database) -> dict[str, str]:
    """The desk's own templates: name → JSON text."""
    return {
        key[len(TEMPLATE_PREFIX) :]: value
        for key, value in db.conn.execute(
            "SELECT key, value FROM settings WHERE key LIKE ? ORDER BY key", (TEMPLATE_PREFIX + "%",)
        )
    }


def save_template(db: sqlite_utils.Database, name: str, text: str) -> None:
    _put(db, TEMPLATE_PREFIX + name, text)


def delete_template(db: sqlite_utils.Database, name: str) -> None:
    _put(db, TEMPLATE_PREFIX + name, None)
