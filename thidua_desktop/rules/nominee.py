"""What the eligibility rules read and say: the nominee's record as plain data (``Nominee``,
built by the store), a finding (met, not met, to be checked, with its article), and the small
counts the criteria share (consecutive years, titles held, initiatives not yet used)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from thidua_desktop.rules.catalogue import MERIT_KINDS, report_period


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
    #: the years of achievement it rewards (issue 22, point 5); None: the award's usual span
    #: ending with its year (catalogue.report_period: a Bằng khen tỉnh two years, of the Prime
    #: Minister five, a title its own year)
    period_from: int | None = None
    period_to: int | None = None

    @property
    def period(self) -> tuple[int, int]:
        first, last = report_period(self.code, self.year)
        return (self.period_from or first, self.period_to or last)


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


#: forms of discipline, lightest first (Law on Cadres and Civil Servants Art. 79, on Public
#: Employees Art. 52, as amended 2019; the armed forces' forms by their own laws)
DISCIPLINE_FORMS = {
    "khien_trach": "khiển trách", "canh_cao": "cảnh cáo", "ha_bac_luong": "hạ bậc lương",
    "giang_chuc": "giáng chức", "giang_cap_bac": "giáng cấp bậc quân hàm", "cach_chuc": "cách chức",
    "buoc_thoi_viec": "buộc thôi việc",
}  # fmt: skip
#: how long a form's effect lasts when the decision states no end: 12 months for khiển trách and
#: cảnh cáo, 18 for hạ bậc lương, giáng chức, cách chức (Law on Cadres and Civil Servants Art. 82.2
#: as amended 2019) [P]; the decision's own date wins when it is recorded
PERIOD_MONTHS = {"khien_trach": 12, "canh_cao": 12, "ha_bac_luong": 18, "giang_chuc": 18, "giang_cap_bac": 18,
                 "cach_chuc": 18}  # fmt: skip


@dataclass(frozen=True)
class DisciplineRecord:
    """One discipline of a person: its form, its decision, the end of its period (issue 22, point 1)."""

    form: str
    decided_on: date
    ends_on: date | None = None
    decision_number: str = ""

    @property
    def label(self) -> str:
        return DISCIPLINE_FORMS.get(self.form, self.form)

    def end(self) -> date:
        """The last day of the period: the decision's, else the form's usual length [P]."""
        if self.ends_on is not None:
            return self.ends_on
        import calendar

        months = PERIOD_MONTHS.get(self.form, 12)
        month = self.decided_on.month - 1 + months
        year, month = self.decided_on.year + month // 12, month % 12 + 1
        return date(year, month, min(self.decided_on.day, calendar.monthrange(year, month)[1]))


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
    disciplines: list[DisciplineRecord] = field(default_factory=list)  # a person's history
    school_year: bool = False  # of a school counting by school year: year 2025 is 2024–2025 (point 9)
    collective_type: str = "tap_the"  # a collective's: tap_the, doanh_nghiep, ho_gia_dinh


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
