"""Reward money (DOMAIN.md §4): multiples of the base salary in force on the decision date;
collectives get twice the individual amount for orders, medals, Bằng khen and Giấy khen,
households their own rate (a desk setting, 1.5× the individual amount: issue 22, point 6),
while titles have their own scale; several titles for one period pay only the highest; a title
and a form at once are both paid; amounts rounded to the ten thousand (up, or to the nearest,
as the desk sets). Each amount can say the articles it rests on (``explain``).

Articles (Decree 152/2025 from 01/07/2025; Decree 98/2023 before): principles Art. 49 (the
base salary of the decision date, rounding, the highest title, title and form both paid);
titles Art. 50 (98: Art. 54); orders Art. 51 (98: 55); state honorary titles Art. 52 (98: 56);
Bằng khen and Giấy khen Art. 54 (98: 58) [P, from DOMAIN.md]. The household rate could not be
read verbatim here: it is the setting ``household_multiplier``, whose source says so."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from thidua_desktop.domain.text import vn_decimal, vn_number
from thidua_desktop.rules.catalogue import BY_CODE, AwardType
from thidua_desktop.rules.rulesets import ruleset_for
from thidua_desktop.rules.settings import ROUND_UP, DeskSettings

STEP = 10_000
INDIVIDUAL, COLLECTIVE, HOUSEHOLD = "ca_nhan", "tap_the", "ho_gia_dinh"

#: the article of each kind of reward, by rule set: (titles, orders, Bằng khen and Giấy khen, principles)
_ARTICLES = {
    "nd152_2025": ("Điều 50", "Điều 51", "Điều 54", "Điều 49"),
    "nd98_2023": ("Điều 54", "Điều 55", "Điều 58", None),
}


def round_money(amount: float, mode: str = ROUND_UP) -> int:
    if mode == ROUND_UP:
        return int(math.ceil(round(amount, 6) / STEP) * STEP)
    return int(math.floor(amount / STEP + 0.5) * STEP)


def coefficient(award_code: str, subject: str, settings: DeskSettings | None = None) -> float:
    """Multiples of the base salary for ``subject`` (ca_nhan, tap_the, ho_gia_dinh)."""
    award = BY_CODE[award_code]
    if award.type == AwardType.FORM and subject == COLLECTIVE:
        return award.coefficient * 2  # ND 152/2025 Art. 51.2, 54
    if award.type == AwardType.FORM and subject == HOUSEHOLD:
        return round(award.coefficient * (settings or DeskSettings()).household_multiplier, 4)
    if award.type == AwardType.TITLE and subject != INDIVIDUAL and award.collective_coefficient is not None:
        return award.collective_coefficient
    return award.coefficient


def reward(award_code: str, subject: str, decision_date: date, settings: DeskSettings) -> int:
    salary = settings.base_salary_on(decision_date).amount
    return round_money(coefficient(award_code, subject, settings) * salary, settings.rounding)


def explain(award_code: str, subject: str, decision_date: date, settings: DeskSettings) -> str:
    """The amount with what it rests on: "1,5 × 2.340.000 đồng (lương cơ sở: …) = 3.510.000 đồng,
    làm tròn …; hệ số: Điều 54 Nghị định 152/2025/NĐ-CP (…)"."""
    award = BY_CODE[award_code]
    salary = settings.base_salary_on(decision_date)
    k = coefficient(award_code, subject, settings)
    rule_set = ruleset_for(decision_date)
    principles = _ARTICLES.get(rule_set.code, (None,) * 4)[3]
    if award.type == AwardType.TITLE:  # titles: the individual's or the collective's scale
        whom = "cá nhân" if subject == INDIVIDUAL else "tập thể"
    else:
        whom = {COLLECTIVE: "tập thể, gấp 2 lần cá nhân", INDIVIDUAL: "cá nhân",
                HOUSEHOLD: f"hộ gia đình, {vn_decimal(settings.household_multiplier)} lần cá nhân theo thiết lập"}[subject]  # fmt: skip
    exact = k * salary.amount
    rounded = round_money(exact, settings.rounding)
    how = (
        "làm tròn lên hàng chục nghìn"
        if settings.rounding == ROUND_UP
        else "làm tròn đến hàng chục nghìn gần nhất"
    )
    rounding = f"khoản 2 {principles} {rule_set.decree}" if principles else "theo thiết lập của bàn"
    said = (f"{vn_decimal(k)} × {vn_number(salary.amount)} đồng (lương cơ sở từ {salary.valid_from:%d/%m/%Y}"
            f"{': ' + salary.basis if salary.basis else ''}) = {vn_number(round(exact))} đồng")  # fmt: skip
    if rounded != round(exact):
        said += f", {how} ({rounding}): {vn_number(rounded)} đồng"
    return f"{said}; hệ số của {whom}: {article_of(award_code, decision_date)}."


def article_of(award_code: str, decision_date: date) -> str:
    """The article that sets the award's reward in the decree in force: "Điều 54 Nghị định
    152/2025/NĐ-CP" (Bằng khen), "Điều 50 …" (titles), "Điều 51 …" (orders)."""
    rule_set = ruleset_for(decision_date)
    titles, orders, forms, _principles = _ARTICLES.get(rule_set.code, (None,) * 4)
    award = BY_CODE[award_code]
    article = titles if award.type == AwardType.TITLE else orders if award_code.startswith("HC") else forms
    return f"{article} {rule_set.decree}" if article else rule_set.decree


def highest_title(codes: list[str]) -> int | None:
    """Of the awards of one nominee for one period (in the order decided), the index of the only
    title paid: the highest, the first of equal ones (ND 152/2025 Art. 49.5); forms are all paid
    beside it (Art. 49.7). None when there is no title."""
    titles = [i for i, c in enumerate(codes) if c in BY_CODE and BY_CODE[c].type == AwardType.TITLE]
    return max(titles, key=lambda i: (BY_CODE[codes[i]].rank, -i)) if titles else None


@dataclass(frozen=True)
class Payment:
    award_code: str
    amount: int
    paid: bool
    note: str = ""


def not_paid_note(paid_code: str) -> str:
    return f"chỉ nhận tiền thưởng danh hiệu cao nhất ({BY_CODE[paid_code].name})"


def payments(
    award_codes: list[str], subject: str, decision_date: date, settings: DeskSettings
) -> list[Payment]:
    """What one nominee is paid for the awards of one period: of several titles only the
    highest (ND 152/2025 Art. 49.5); a title and a form received together are both paid
    (Art. 49.7)."""
    paid = highest_title(award_codes)
    out = []
    for i, code in enumerate(award_codes):
        if BY_CODE[code].type == AwardType.TITLE and i != paid:
            out.append(Payment(code, 0, False, not_paid_note(award_codes[paid])))
        else:
            out.append(Payment(code, reward(code, subject, decision_date, settings), True))
    return out


def tie_break_key(sex: str | None = None, women_share: float | None = None) -> int:
    """0 sorts first: a woman, or a collective with at least 70 % women (DOMAIN.md §4)."""
    if sex == "nu" or (women_share is not None and women_share >= 0.7):
        return 0
    return 1
