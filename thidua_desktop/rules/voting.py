"""The conference vote of a cluster (DOMAIN.md §5): paper ballots marking the leading unit
and the units proposed for Bằng khen; the tally with percentages, the threshold and how many
votes each unit lacks; the reconciliation of the counts; the result with the same tie
resolution everywhere (the scoring rank). No Qt, no SQL."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum


class BallotState(StrEnum):
    VALID = "hop_le"
    BLANK = "trang"
    SPOILED = "hong"


STATE_LABELS = {
    BallotState.VALID: "Hợp lệ",
    BallotState.BLANK: "Phiếu trắng",
    BallotState.SPOILED: "Phiếu hỏng",
}


class Race(StrEnum):
    LEADING = "dan_dau"  # the leading unit: proposed for the provincial Emulation Flag
    COMMEND = "bang_khen"  # units proposed for the Chairman's Bằng khen


RACE_LABELS = {Race.LEADING: "Đơn vị dẫn đầu", Race.COMMEND: "Đề nghị Bằng khen"}


@dataclass(frozen=True)
class Ballot:
    number: int
    state: BallotState
    leading: tuple[int, ...] = ()
    commend: tuple[int, ...] = ()

    def marks(self, race: Race) -> tuple[int, ...]:
        return self.leading if race is Race.LEADING else self.commend


@dataclass(frozen=True)
class VoteRules:
    issued: int  # ballots handed out
    leading_places: int = 1
    commend_places: int = 3
    threshold_percent: float = 50.0  # a unit passes with MORE than this share …
    base: str = "phat_ra"  # … of the ballots issued ("phat_ra") or of the valid ones ("hop_le")

    def places(self, race: Race) -> int:
        return self.leading_places if race is Race.LEADING else self.commend_places

    def describe(self) -> str:
        base = "số phiếu phát ra" if self.base == "phat_ra" else "số phiếu hợp lệ"
        return f"trên {self.threshold_percent:g} % {base}"


def ballot_problem(ballot: Ballot, rules: VoteRules, candidates: Iterable[int]) -> str | None:
    """Why a ballot cannot be recorded as typed, in Vietnamese; None when it can."""
    allowed = set(candidates)
    if ballot.state is not BallotState.VALID:
        if ballot.leading or ballot.commend:
            return "Phiếu trắng hoặc phiếu hỏng không ghi đơn vị nào."
        return None
    if not ballot.leading and not ballot.commend:
        return "Phiếu không đánh dấu đơn vị nào là phiếu trắng: gõ T."
    for race in Race:
        marks = ballot.marks(race)
        if len(set(marks)) != len(marks):
            return f"{RACE_LABELS[race]}: một đơn vị được ghi hai lần."
        if len(marks) > rules.places(race):
            return (f"{RACE_LABELS[race]}: phiếu chọn {len(marks)} đơn vị, quá số được chọn ({rules.places(race)}). "
                    "Phiếu như vậy không hợp lệ: gõ H để ghi là phiếu hỏng.")  # fmt: skip
        strangers = [m for m in marks if m not in allowed]
        if strangers:
            return f"{RACE_LABELS[race]}: đơn vị không có trong danh sách bỏ phiếu."
    return None


@dataclass
class Tally:
    rules: VoteRules
    returned: int = 0
    valid: int = 0
    blank: int = 0
    spoiled: int = 0
    votes: dict[Race, dict[int, int]] = field(default_factory=lambda: {r: {} for r in Race})
    problems: list[str] = field(default_factory=list)  # counts that do not reconcile

    @property
    def base(self) -> int:
        return self.rules.issued if self.rules.base == "phat_ra" else self.valid

    @property
    def needed(self) -> int:
        """Votes a unit needs: more than the threshold share of the base."""
        return math.floor(self.base * self.rules.threshold_percent / 100 + 1e-9) + 1

    def count(self, race: Race, unit: int) -> int:
        return self.votes[race].get(unit, 0)

    def percent(self, race: Race, unit: int) -> float:
        return 100.0 * self.count(race, unit) / self.base if self.base else 0.0

    def passes(self, race: Race, unit: int) -> bool:
        return self.base > 0 and self.count(race, unit) >= self.needed

    def short(self, race: Race, unit: int) -> int:
        """How many more votes ``unit`` needs to pass ("thiếu N phiếu"); 0 when it passes."""
        return max(0, self.needed - self.count(race, unit))

    @property
    def reconciled(self) -> bool:
        return not self.problems


def tally(ballots: Sequence[Ballot], rules: VoteRules, candidates: Iterable[int]) -> Tally:
    candidates = list(candidates)
    t = Tally(rules)
    t.returned = len(ballots)
    for b in ballots:
        if b.state is BallotState.BLANK:
            t.blank += 1
        elif b.state is BallotState.SPOILED:
            t.spoiled += 1
        else:
            t.valid += 1
            problem = ballot_problem(b, rules, candidates)
            if problem:
                t.problems.append(f"Phiếu số {b.number}: {problem}")
                continue
            for race in Race:
                for unit in b.marks(race):
                    t.votes[race][unit] = t.votes[race].get(unit, 0) + 1
    if rules.issued != t.returned:
        t.problems.insert(0, f"Số phiếu phát ra ({rules.issued}) khác số phiếu thu về ({t.returned}): "
                             "kiểm lại số phiếu trước khi khóa kết quả.")  # fmt: skip
    if t.valid + t.blank + t.spoiled != t.returned:  # cannot happen with the states above
        t.problems.append("Số phiếu hợp lệ, trắng và hỏng cộng lại không bằng số phiếu thu về.")
    numbers = [b.number for b in ballots]
    if len(set(numbers)) != len(numbers):
        t.problems.append("Có hai phiếu cùng số thứ tự.")
    return t


@dataclass
class Result:
    leading: int | None
    commend: list[int]
    notes: list[str]  # how ties were resolved, in Vietnamese


def result(t: Tally, order: Sequence[int], names: Mapping[int, str]) -> Result:
    """The leading unit (most votes among those passing; a tie goes to the better scoring
    rank) and the units for Bằng khen (passing, the leading unit excepted, most votes
    first, the scoring rank between equals, up to the places)."""
    position = {u: i for i, u in enumerate(order)}
    notes: list[str] = []

    def ordered(race: Race, units: Iterable[int]) -> list[int]:
        return sorted(units, key=lambda u: (-t.count(race, u), position.get(u, len(position)), u))

    passing = ordered(Race.LEADING, [u for u in order if t.passes(Race.LEADING, u)])
    leading = passing[0] if passing else None
    if len(passing) > 1 and t.count(Race.LEADING, passing[0]) == t.count(Race.LEADING, passing[1]):
        notes.append(f"Dẫn đầu: {names.get(passing[0], passing[0])} và {names.get(passing[1], passing[1])} bằng phiếu; "
                     "chọn đơn vị xếp hạng chấm điểm cao hơn.")  # fmt: skip
    pool = ordered(Race.COMMEND, [u for u in order if u != leading and t.passes(Race.COMMEND, u)])
    places = t.rules.commend_places
    commend = pool[:places]
    if len(pool) > places and t.count(Race.COMMEND, pool[places - 1]) == t.count(Race.COMMEND, pool[places]):
        notes.append(f"Bằng khen: {names.get(pool[places - 1], '')} và {names.get(pool[places], '')} bằng phiếu ở "
                     "vị trí cuối; chọn đơn vị xếp hạng chấm điểm cao hơn.")  # fmt: skip
    return Result(leading, commend, notes)
