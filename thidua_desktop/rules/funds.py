"""The reward fund: which source of funds pays each award, and how much each decided
award is owed once the rule "several titles for one period: only the highest is paid"
(ND 152/2025 Art. 49.5) is applied across decisions.

The source of funds follows the level that decides: "cấp nào quyết định khen thưởng thì
cấp đó chi tiền thưởng", and awards of the President and the Prime Minister are paid by
the ministry or province that proposed them [P: the article is to be checked against ND
98/2023 and ND 152/2025]. So the mapping level -> source is a desk setting with these
defaults, never a constant."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

from thidua_desktop.rules import money
from thidua_desktop.rules.catalogue import BY_CODE, AwardType
from thidua_desktop.rules.settings import DeskSettings

LEVEL_LABELS = {
    "co_so": "Cấp cơ sở (thủ trưởng cơ quan, đơn vị)",
    "tinh": "Cấp tỉnh (Chủ tịch, Ủy ban nhân dân tỉnh)",
    "bo": "Cấp bộ, ngành",
    "nha_nuoc": "Cấp Nhà nước (Chủ tịch nước, Thủ tướng)",
}

UNIT_FUND = "Quỹ thi đua, khen thưởng của cơ quan, đơn vị"
PROVINCE_FUND = "Ngân sách tỉnh (Quỹ thi đua, khen thưởng của tỉnh)"


def _default_sources() -> dict[str, str]:
    return {
        "co_so": UNIT_FUND,
        "tinh": PROVINCE_FUND,
        "bo": "Quỹ thi đua, khen thưởng của bộ, ngành",
        "nha_nuoc": PROVINCE_FUND,  # paid by the province that proposed it [P]
    }


SOURCE_BASIS = (
    "Cấp nào quyết định khen thưởng thì cấp đó chi tiền thưởng từ quỹ thi đua, khen thưởng do cấp mình quản "
    "lý; khen thưởng của Chủ tịch nước, Thủ tướng Chính phủ do bộ, ngành, tỉnh trình thì bộ, ngành, tỉnh chi "
    "(Nghị định 98/2023/NĐ-CP, Nghị định 152/2025/NĐ-CP: cần đối chiếu điều khoản)."
)
UNKNOWN_SOURCE = "Chưa xác định nguồn"


@dataclass
class FundSources:
    """The source of funds per award level (``Award.level``), as the desk sets it."""

    by_level: dict[str, str] = field(default_factory=_default_sources)

    def source_for(self, award_code: str) -> str:
        award = BY_CODE.get(award_code)
        if award is None:
            return UNKNOWN_SOURCE
        return self.by_level.get(award.level) or _default_sources().get(award.level, UNKNOWN_SOURCE)

    def to_json(self) -> str:
        return json.dumps({"by_level": self.by_level}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str | None) -> FundSources:
        if not text:
            return cls()
        data = json.loads(text)
        levels = {**_default_sources(), **{k: str(v) for k, v in data.get("by_level", {}).items() if v}}
        return cls(levels)


@dataclass(frozen=True, slots=True)
class Decided:
    """One decided award as the fund sees it."""

    key: int  # the proposal's id
    nominee: tuple[str, int]  # ('ca_nhan', individual id) or ('tap_the', unit id)
    year: int  # the period of the achievement
    award_code: str
    subject: str
    decision_date: date


@dataclass(frozen=True, slots=True)
class Due:
    amount: int
    payable: bool
    note: str = ""
    coefficient: float | None = None  # multiples of the base salary (None: not in the catalogue)
    explain: str = ""  # the amount with its articles (money.explain)


NOT_IN_CATALOGUE = "không có trong danh mục, chưa tính được tiền thưởng"


def amounts_due(items: list[Decided], settings: DeskSettings) -> dict[int, Due]:
    """What each decided award is owed: ``money.reward`` on its decision date; of several
    titles of one nominee for one period only the highest is paid, the first decided of equal
    ones (``money.highest_title``, the one place of that rule); forms are all paid."""
    rewards: dict[tuple[str, str, date], tuple[int, float, str]] = {}  # a decision's awards share them

    def reward(item: Decided) -> tuple[int, float, str]:
        key = (item.award_code, item.subject, item.decision_date)
        if key not in rewards:
            rewards[key] = (money.reward(item.award_code, item.subject, item.decision_date, settings),
                            money.coefficient(item.award_code, item.subject, settings),
                            money.explain(item.award_code, item.subject, item.decision_date, settings))  # fmt: skip
        return rewards[key]

    groups: dict[tuple[tuple[str, int], int], list[Decided]] = {}
    for item in items:
        groups.setdefault((item.nominee, item.year), []).append(item)
    out: dict[int, Due] = {}
    for group in groups.values():
        by_date = sorted(group, key=lambda i: (i.decision_date, i.key))
        paid = money.highest_title([i.award_code for i in by_date])
        for i, item in enumerate(by_date):
            if item.award_code not in BY_CODE:
                out[item.key] = Due(0, False, NOT_IN_CATALOGUE)
                continue
            amount, k, said = reward(item)
            if BY_CODE[item.award_code].type == AwardType.TITLE and i != paid:
                out[item.key] = Due(0, False, money.not_paid_note(by_date[paid].award_code), k, said)
            else:
                out[item.key] = Due(amount, True, "", k, said)
    return out
