"""The reward fund ledger (sổ quỹ khen thưởng): what every decision owes in reward money,
what was paid (date, amount, who received it, voucher number) and what is still owed,
with totals per year, per unit, per source of funds and per decision.

Amounts come from the rules (``rules.funds.amounts_due`` over ``rules.money.reward``),
never typed in: a ledger line is an approved proposal with its decision; a payment is a
row of ``reward_payments``. The year of a line is the year of its decision (the budget
year it is paid from)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlite_utils

from thidua_desktop.domain.text import vn_number
from thidua_desktop.rules.catalogue import award_name
from thidua_desktop.rules.funds import FundSources
from thidua_desktop.rules.settings import DeskSettings
from thidua_desktop.store import desk_settings, rows
from thidua_desktop.store.bulk import cycle_collector_paused
from thidua_desktop.store.db import transaction
from thidua_desktop.store.errors import ConstraintError
from thidua_desktop.store.listing import unit_name_in_year
from thidua_desktop.store.report_data import rewards

SOURCES_KEY = "fund_sources"
APPROVED = ("da_khen", "da_cap_bang")


def load_sources(db: sqlite_utils.Database) -> FundSources:
    row = db.conn.execute("SELECT value FROM settings WHERE key = ?", (SOURCES_KEY,)).fetchone()
    return FundSources.from_json(row[0] if row else None)


def save_sources(db: sqlite_utils.Database, sources: FundSources) -> None:
    with transaction(db):
        row = db.conn.execute("SELECT id FROM settings WHERE key = ?", (SOURCES_KEY,)).fetchone()
        if row:
            rows.update(db, "settings", row[0], {"value": sources.to_json()})
        else:
            rows.insert(db, "settings", {"key": SOURCES_KEY, "value": sources.to_json()})


@dataclass
class LedgerLine:
    proposal_id: int
    decision_number: str
    decision_date: str | None
    year: int  # of the achievement
    subject: str
    nominee: str
    unit_name: str
    award_code: str
    source: str
    amount: int  # owed by the rules
    payable: bool
    note: str
    paid: int = 0
    payments: list[dict[str, Any]] = field(default_factory=list)
    explain: str = ""  # the amount with its coefficient, base salary, rounding and articles

    @property
    def balance(self) -> int:
        return self.amount - self.paid

    @property
    def award(self) -> str:
        return award_name(self.award_code)


@dataclass
class Totals:
    count: int = 0
    amount: int = 0
    paid: int = 0

    @property
    def balance(self) -> int:
        return self.amount - self.paid

    def add(self, line: LedgerLine) -> None:
        self.count += 1
        self.amount += line.amount
        self.paid += line.paid


_SELECT = (
    "SELECT p.id, p.subject, p.individual_id, p.unit_id, p.year, coalesce(p.awarded_code, p.award_code) AS award_code, "
    "p.decision_number, p.decision_date, i.full_name, coalesce(p.unit_id, i.unit_id) AS unit_of "
    "FROM proposals p LEFT JOIN individuals i ON i.id = p.individual_id "
)
_DECISION_YEAR = "CAST(coalesce(substr(p.decision_date, 1, 4), p.year) AS INTEGER)"


def _unit_names(db, pairs: set[tuple[int, int]]) -> dict[tuple[int, int], str]:
    """The name each unit had in each year, once per (unit, year) however many lines."""
    sql = f"SELECT {unit_name_in_year(':unit', ':year')}"
    return {(u, y): db.conn.execute(sql, {"unit": u, "year": y}).fetchone()[0] or "" for u, y in pairs}


def lines(
    db: sqlite_utils.Database, year: int | None = None, *, decision: str | None = None,
    settings: DeskSettings | None = None, sources: FundSources | None = None,
) -> list[LedgerLine]:  # fmt: skip
    """The ledger lines of the decisions of ``year`` (all years when None; one decision
    with ``decision``), by decision date and number, collectives before individuals."""
    with cycle_collector_paused():  # 85,000 lines for a province year
        return _lines(db, year, decision, settings, sources)


def _lines(
    db: sqlite_utils.Database, year: int | None, decision: str | None, settings: DeskSettings | None,
    sources: FundSources | None,
) -> list[LedgerLine]:  # fmt: skip
    settings = settings or desk_settings.load(db)
    sources = sources or load_sources(db)
    conditions = ["p.status IN ('da_khen', 'da_cap_bang')", "p.decision_number <> ''"]
    params: dict[str, Any] = {}
    if year is not None:
        conditions.append(f"{_DECISION_YEAR} = :year")
        params["year"] = year
    if decision:
        conditions.append("p.decision_number = :decision")
        params["decision"] = decision
    found = list(
        db.query(
            f"{_SELECT} WHERE {' AND '.join(conditions)} "
            "ORDER BY p.decision_date, p.decision_number, p.subject DESC, p.sort_key, p.id",
            params,
        )
    )
    if not found:
        return []
    # "only the highest title is paid" looks at every approved award of the same nominee
    # and period, whatever year it was decided in
    due = rewards.due_for_years(db, {r["year"] for r in found}, settings)
    paid = _payments(db, [r["id"] for r in found])
    names = _unit_names(db, {(r["unit_of"], r["year"]) for r in found if r["unit_of"] is not None})
    out = []
    for r in found:
        d = due[r["id"]]
        unit_name = names.get((r["unit_of"], r["year"]), "")
        nominee = r["full_name"] if r["subject"] == "ca_nhan" else unit_name
        line = LedgerLine(
            r["id"], r["decision_number"], r["decision_date"], r["year"], r["subject"], nominee or "", unit_name,
            r["award_code"], sources.source_for(r["award_code"]), d.amount, d.payable, d.note, explain=d.explain,
        )  # fmt: skip
        line.payments = paid.get(r["id"], [])
        line.paid = sum(p["amount"] for p in line.payments)
        out.append(line)
    return out


def _payments(db, proposal_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = {}
    for start in range(0, len(proposal_ids), 900):  # under SQLite's bound-parameter limit
        chunk = proposal_ids[start : start + 900]
        for p in db.query(
            f"SELECT * FROM reward_payments WHERE proposal_id IN ({', '.join('?' * len(chunk))}) "
            "ORDER BY paid_on, id",
            chunk,
        ):
            out.setdefault(p["proposal_id"], []).append(p)
    return out


def totals_by(found: Iterable[LedgerLine], key: Callable[[LedgerLine], str]) -> dict[str, Totals]:
    """Totals grouped by ``key`` (source, unit, decision), in the order first met."""
    out: dict[str, Totals] = {}
    for line in found:
        out.setdefault(key(line), Totals()).add(line)
    return out


def total(found: Iterable[LedgerLine]) -> Totals:
    t = Totals()
    for line in found:
        t.add(line)
    return t


def by_source(found):
    return totals_by(found, lambda line: line.source)


def by_unit(found):
    return totals_by(found, lambda line: line.unit_name or "(không rõ đơn vị)")


def by_decision(found):
    return totals_by(found, lambda line: line.decision_number)


def years(db: sqlite_utils.Database) -> list[int]:
    """Years with decisions that carry reward money, newest first."""
    return [
        r[0]
        for r in db.conn.execute(
            f"SELECT DISTINCT {_DECISION_YEAR} AS y FROM proposals p "
            "WHERE p.status IN ('da_khen', 'da_cap_bang') AND p.decision_number <> '' ORDER BY y DESC"
        )
    ]


def year_totals(db: sqlite_utils.Database) -> dict[int, Totals]:
    """Totals of every year, newest first."""
    settings, sources = desk_settings.load(db), load_sources(db)
    return {y: total(lines(db, y, settings=settings, sources=sources)) for y in years(db)}


# --- payments ---------------------------------------------------------------------------------------
def record_payment(
    db: sqlite_utils.Database, proposal_id: int, *, paid_on: date, amount: int, receiver: str = "",
    voucher: str = "", note: str = "",
) -> int:  # fmt: skip
    """Record money paid out for one decided award. Refused beyond what is still owed."""
    if amount is None or amount <= 0:
        raise ConstraintError("Số tiền chi phải lớn hơn 0.")
    if paid_on is None:
        raise ConstraintError("Cần ghi ngày chi.")
    with transaction(db):
        p = rows.get(db, "proposals", proposal_id)
        if p is None or p["status"] not in APPROVED or not p["decision_number"]:
            raise ConstraintError("Chỉ ghi chi tiền thưởng cho đề nghị đã có quyết định khen thưởng.")
        found = lines(db, decision=p["decision_number"])
        line = next((x for x in found if x.proposal_id == proposal_id), None)
        owed = line.balance if line else 0
        if amount > owed:
            raise ConstraintError(
                f"Số tiền chi {vn_number(amount)} đồng vượt số còn phải chi ({vn_number(max(owed, 0))} đồng)."
            )
        return rows.insert(db, "reward_payments", {
            "proposal_id": proposal_id, "paid_on": paid_on, "amount": int(amount), "receiver": receiver,
            "voucher": voucher, "note": note,
        })  # fmt: skip


def pay_outstanding(
    db: sqlite_utils.Database, proposal_ids: Iterable[int], *, paid_on: date, receiver: str = "",
    voucher: str = "", note: str = "",
) -> int:  # fmt: skip
    """Pay what is still owed on each of these awards, under one voucher (a unit receiving
    the money of all its people), in one transaction; returns the amount paid."""
    wanted = set(proposal_ids)
    total_paid = 0
    with transaction(db):
        decisions = {
            r[0] for r in db.conn.execute(
                f"SELECT DISTINCT decision_number FROM proposals WHERE id IN ({', '.join('?' * len(wanted))})",
                list(wanted),
            )
        } if wanted else set()  # fmt: skip
        for number in decisions:
            for line in lines(db, decision=number):
                if line.proposal_id in wanted and line.balance > 0:
                    record_payment(db, line.proposal_id, paid_on=paid_on, amount=line.balance, receiver=receiver,
                                   voucher=voucher, note=note)  # fmt: skip
                    total_paid += line.balance
    return total_paid


def delete_payment(db: sqlite_utils.Database, payment_id: int) -> None:
    rows.delete(db, "reward_payments", payment_id)


def payments_of(db: sqlite_utils.Database, proposal_id: int) -> list[dict[str, Any]]:
    return _payments(db, [proposal_id]).get(proposal_id, [])
