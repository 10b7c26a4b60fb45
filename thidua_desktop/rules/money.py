"""Reward money (DOMAIN.md §4): multiples of the base salary in force on the decision
date; collectives get twice the individual amount for orders, medals, Bằng khen and Giấy
khen, while titles have their own scale; several titles for one period pay only the
highest; amounts rounded to the ten thousand (up, or to the nearest, as the desk sets)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from thidua_desktop.rules.catalogue import BY_CODE, AwardType
from thidua_desktop.rules.settings import ROUND_UP, DeskSettings

STEP = 10_000


def round_money(amount: float, mode: str = ROUND_UP) -> int:
    if mode == ROUND_UP:
        return int(math.ceil(round(amount, 6) / STEP) * STEP)
    return int(math.floor(amount / STEP + 0.5) * STEP)


def coefficient(award_code: str, subject: str) -> float:
    award = BY_CODE[award_code]
    if award.type == AwardType.FORM and subject == "tap_the":
        return award.coefficient * 2  # ND 152/2025 Art. 51.2, 54
    if award.type == AwardType.TITLE and subject == "tap_the" and award.collective_coefficient is not None:
        return award.collective_coefficient
    return award.coefficient


def reward(award_code: str, subject: str, decision_date: date, settings: DeskSettings) -> int:
    salary = settings.base_salary_on(decision_date).amount
    return round_money(coefficient(award_code, subject) * salary, settings.rounding)


@dataclass(frozen=True)
class Payment:
    award_code: str
    amount: int
    paid: bool
    note: str = ""


def payments(
    award_codes: list[str], subject: str, decision_date: date, settings: DeskSettings
) -> list[Payment]:
    """What one nominee is paid for the awards of one period: of several titles only the
    highest (ND 152/2025 Art. 49.5); a title and a form received together are both paid
    (Art. 49.7)."""
    titles = [c for c in award_codes if BY_CODE[c].type == AwardType.TITLE]
    highest = max(titles, key=lambda c: BY_CODE[c].rank) if titles else None
    out = []
    for code in award_codes:
        amount = reward(code, subject, decision_date, settings)
        if BY_CODE[code].type == AwardType.TITLE and code != highest:
            out.append(
                Payment(code, 0, False, f"chỉ nhận tiền thưởng danh hiệu cao nhất ({BY_CODE[highest].name})")
            )
        else:
            out.append(Payment(code, amount, True))
    return out


def tie_break_key(sex: str | None = None, women_share: float | None = None) -> int:
    """0 sorts first: a woman, or a collective with at least 70 % women (DOMAIN.md §4)."""
    if sex == "nu" or (women_share is not None and women_share >= 0.7):
        return 0
    return 1
