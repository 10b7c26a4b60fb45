"""Which legal texts apply (DOMAIN.md §1). The Law's criteria apply to achievements from
01/01/2024; the decree and circular (procedure, council votes, money, forms) follow the
decision date; a dossier filed under one decree and decided under the next is flagged."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

LAW_CRITERIA_FROM = date(2024, 1, 1)


@dataclass(frozen=True, slots=True)
class RuleSet:
    code: str
    law: str
    decree: str
    circular: str
    valid_from: date
    valid_to: date | None

    @property
    def label(self) -> str:
        return f"{self.decree} và {self.circular}"

    def in_force(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


RULE_SETS: tuple[RuleSet, ...] = (
    RuleSet("nd91_2017", "Luật Thi đua, khen thưởng 2003 (sửa đổi)", "Nghị định 91/2017/NĐ-CP",
            "Thông tư 12/2019/TT-BNV", date(2017, 10, 1), date(2023, 12, 31)),
    RuleSet("nd98_2023", "Luật Thi đua, khen thưởng 2022", "Nghị định 98/2023/NĐ-CP",
            "Thông tư 01/2024/TT-BNV", date(2024, 1, 1), date(2025, 6, 30)),
    RuleSet("nd152_2025", "Luật Thi đua, khen thưởng 2022", "Nghị định 152/2025/NĐ-CP",
            "Thông tư 15/2025/TT-BNV", date(2025, 7, 1), None),
)  # fmt: skip
BY_CODE = {r.code: r for r in RULE_SETS}


def ruleset_for(decision_date: date) -> RuleSet:
    """The decree and circular in force on the decision date (the latest before it)."""
    for rule_set in RULE_SETS:
        if rule_set.in_force(decision_date):
            return rule_set
    return RULE_SETS[0] if decision_date < RULE_SETS[0].valid_from else RULE_SETS[-1]


def straddles(filed_on: date | None, decided_on: date | None) -> bool:
    """Filed under one decree, decided under the next: the transitional article (ND 152
    Art. 60) decides, so a person must check."""
    if not filed_on or not decided_on:
        return False
    return ruleset_for(filed_on).code != ruleset_for(decided_on).code
