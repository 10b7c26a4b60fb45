"""What the eligibility rules read and say: the nominee's record as plain data (``Nominee``,
built by the store), a finding (met, not met, to be checked, with its article), and the small
counts the criteria share (consecutive years, titles held, initiatives not yet used)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from thidua_desktop.rules.catalogue import MERIT_KINDS


class Status(StrEnum):
    MET = "dat"
    NOT_MET = "khong_dat"
    CHECK = "can_kiem_tra"


@dataclass(frozen=True)
class Finding:
    status: Status
    text: str
    basis: str = ""
    #: a failed hard finding blocks submission unless overridden with a written reason
    hard: bool = True

    def __str__(self) -> str:
        return f"{self.text} ({self.basis})" if self.basis else self.text


@dataclass
class AwardRecord:
    year: int
    code: str
    kind: str = "thuong_xuyen"
    legacy: bool = False
    decision_number: str = ""
    decision_date: date | None = None
    id: int | None = None
    proposal_id: int | None = None


@dataclass
class InitiativeRecord:
    id: int
    year: int
    level: str  # co_so, tinh, toan_quoc
    title: str = ""
    used_by_award_id: int | None = None
    used_by_proposal_id: int | None = None


@dataclass(frozen=True)
class ClusterStanding:
    """A collective's place in its emulation cluster's year (the cluster's scoring and vote):
    the input the flags' rules ask for (issue 22, point 4)."""

    year: int
    cluster: str
    closed: bool  # the vote's result is closed (adopted); an open one is provisional
    leading: bool  # the unit is the leading unit the vote chose
    rank: int | None  # its place in the scoring ranking
    votes: int  # its votes as leading unit
    base: int  # the ballots the percentage is taken of
    leading_name: str  # the leading unit chosen ("" when none passed)


@dataclass
class Nominee:
    subject: str  # ca_nhan or tap_the
    name: str
    track: str = "dan_su"
    sex: str | None = None
    under_review: bool = False
    ratings: dict[int, str] = field(default_factory=dict)  # year -> HTXSNV...
    months_worked: dict[int, int] = field(default_factory=dict)  # year -> months (if recorded)
    awards: list[AwardRecord] = field(default_factory=list)
    initiatives: list[InitiativeRecord] = field(default_factory=list)
    #: other open proposals: (proposal id, year, award code)
    proposals: list[tuple[int, int, str]] = field(default_factory=list)
    # collectives: per year, counts over the unit's people
    members: dict[int, int] = field(default_factory=dict)
    members_ldtt: dict[int, int] = field(default_factory=dict)
    members_cstdcs: dict[int, int] = field(default_factory=dict)
    members_completed: dict[int, int] = field(default_factory=dict)
    women_share: float | None = None
    standings: dict[int, ClusterStanding] = field(default_factory=dict)  # year -> its cluster's result
    disciplined: dict[int, int] = field(default_factory=dict)  # year -> its people disciplined (cảnh cáo +)


GOOD = ("HTXSNV", "HTTNV")
RATING_LABEL = {"HTXSNV": "hoàn thành xuất sắc nhiệm vụ", "HTTNV": "hoàn thành tốt nhiệm vụ",
                "HTNV": "hoàn thành nhiệm vụ", "KHTNV": "không hoàn thành nhiệm vụ"}  # fmt: skip


def run_length(years: set[int], end_year: int) -> int:
    """Consecutive years ending at ``end_year`` (a missing year breaks the run)."""
    n = 0
    while end_year - n in years:
        n += 1
    return n


def title_years(nominee: Nominee, codes: set[str]) -> set[int]:
    return {a.year for a in nominee.awards if a.code in codes and a.kind in MERIT_KINDS}


def free_initiatives(nominee: Nominee, years: range, levels: set[str], proposal_id: int | None):
    return [
        i
        for i in nominee.initiatives
        if i.year in years
        and i.level in levels
        and i.used_by_award_id is None
        and i.used_by_proposal_id in (None, proposal_id)
    ]
