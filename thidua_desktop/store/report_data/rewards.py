"""The one computation of reward money (issue 19): what each decided proposal is owed,
``rules.funds.amounts_due`` over every approved award of the same nominee and period, so
that the tiền thưởng export, Điều 2 of a draft decision and the fund ledger pay only the
highest title of a period (ND 152/2025 Art. 49.5; ND 98/2023 likewise) and agree; a household at
its own rate; each amount with its articles (``Due.explain``)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import sqlite_utils

from thidua_desktop.rules.funds import Decided, Due, amounts_due
from thidua_desktop.rules.settings import DeskSettings
from thidua_desktop.store import desk_settings

APPROVED = "p.status IN ('da_khen', 'da_cap_bang') AND p.decision_number <> ''"
#: the subject a reward is paid for: ca_nhan, tap_the, or ho_gia_dinh for a household (a unit whose
#: collective type says so), paid at its own rate (issue 22, point 6)
PAY_SUBJECT = (
    "CASE WHEN p.subject = 'tap_the' AND (SELECT collective_type FROM units WHERE id = p.unit_id) = 'ho_gia_dinh' "
    "THEN 'ho_gia_dinh' ELSE p.subject END"
)


#: an approved proposal as the fund sees it (``_decided``'s arguments), filtered by the caller
_RELATED = (
    f"SELECT p.id, {PAY_SUBJECT}, p.individual_id, p.unit_id, p.year, coalesce(p.awarded_code, p.award_code) "
    f"AS award_code, p.decision_date FROM proposals p WHERE {APPROVED}"
)


def _decided(
    pid: int, subject: str, person: int | None, unit: int | None, year: int, code: str, on: str | None
):
    nominee = ("ca_nhan", person) if subject == "ca_nhan" else ("tap_the", unit)  # a household is a unit
    when = date.fromisoformat(on[:10]) if on else date(year + 1, 1, 1)
    return Decided(pid, nominee, year, code, subject, when)


def due_for_years(
    db: sqlite_utils.Database, years: Iterable[int], settings: DeskSettings | None = None
) -> dict[int, Due]:
    """What every approved proposal of the periods ``years`` is owed, by proposal id."""
    periods = sorted(set(years))
    if not periods:
        return {}
    related = db.conn.execute(f"{_RELATED} AND p.year IN ({', '.join('?' * len(periods))})", periods)
    return amounts_due([_decided(*r) for r in related], settings or desk_settings.load(db))


def due_for(
    db: sqlite_utils.Database, proposal_ids: Iterable[int], settings: DeskSettings | None = None
) -> dict[int, Due]:
    """What each of ``proposal_ids`` (approved ones) is owed."""
    ids = list(proposal_ids)
    if not ids:
        return {}
    years = [r[0] for r in db.conn.execute(
        f"SELECT DISTINCT year FROM proposals WHERE id IN ({', '.join('?' * len(ids))})", ids)]  # fmt: skip
    due = due_for_years(db, years, settings)
    return {pid: due[pid] for pid in ids if pid in due}


def due_for_one(
    db: sqlite_utils.Database, proposal_id: int, settings: DeskSettings | None = None
) -> Due | None:
    """What one approved proposal is owed, read from its nominee's approved awards of the same
    period only (the highest-title rule looks no further): the proposal's details ask this on
    every selection, where a province year's 200,000 proposals would take seconds."""
    found = db.conn.execute(
        "SELECT individual_id, unit_id, year FROM proposals WHERE id = ?", (proposal_id,)
    ).fetchone()
    if found is None:
        return None
    person, unit, year = found
    whose = "p.individual_id = ?" if person is not None else "p.unit_id = ? AND p.individual_id IS NULL"
    related = db.conn.execute(
        f"{_RELATED} AND {whose} AND p.year = ?", (person if person is not None else unit, year)
    )
    return amounts_due([_decided(*r) for r in related], settings or desk_settings.load(db)).get(proposal_id)
