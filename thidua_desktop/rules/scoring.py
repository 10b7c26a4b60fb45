"""The cluster's scoring table (DOMAIN.md §5): groups of criteria with maximum points, bonus
items and minus items; each unit's self-score and the agreed (cross-checked) score; totals
per group and overall; the ranking with the cluster's tie rule. No Qt, no SQL."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from thidua_desktop.domain.text import vi_sort_key


class ItemKind(StrEnum):
    SCORED = "diem"  # a criterion scored from 0 up to its maximum
    BONUS = "cong"  # điểm cộng: 0 up to its maximum
    MINUS = "tru"  # điểm trừ: 0 down to minus its maximum


KIND_LABELS = {ItemKind.SCORED: "Tiêu chí", ItemKind.BONUS: "Điểm cộng", ItemKind.MINUS: "Điểm trừ"}


@dataclass(frozen=True)
class Criterion:
    id: int
    group: str  # "I", "II", … (bonus and minus items have their own group code)
    group_title: str
    kind: ItemKind
    text: str
    max_points: float


def score_problem(criterion: Criterion, value: float | None) -> str | None:
    """Why ``value`` cannot be a score of ``criterion``, in Vietnamese; None if it can."""
    if value is None:
        return None
    if criterion.kind is ItemKind.MINUS:
        if value > 0:
            return f"Điểm trừ phải là số âm hoặc 0 (tối đa trừ {criterion.max_points:g} điểm)."
        if value < -criterion.max_points:
            return f"Không trừ quá {criterion.max_points:g} điểm ở mục này."
        return None
    if value < 0:
        return "Điểm không được âm; điểm trừ ghi ở mục điểm trừ."
    if value > criterion.max_points:
        return f"Vượt điểm tối đa của mục này ({criterion.max_points:g} điểm)."
    return None


@dataclass
class UnitResult:
    unit_id: int
    name: str
    total: float = 0.0
    self_total: float = 0.0
    by_group: dict[str, float] = field(default_factory=dict)
    bonus: float = 0.0
    minus: float = 0.0
    missing: int = 0  # criteria without an agreed score (the self-score stood in)
    rank: int = 0
    tied_with: list[int] = field(default_factory=list)  # units still level after the tie rule
    tie_note: str = ""  # how a tie was broken, in Vietnamese


def totals(
    criteria: Iterable[Criterion],
    units: Mapping[int, str],
    scores: Mapping[tuple[int, int], tuple[float | None, float | None]],
) -> dict[int, UnitResult]:
    """Totals per unit: ``scores[(criterion_id, unit_id)] = (self, agreed)``. The agreed
    score counts; where it is missing the self-score stands in and ``missing`` says so."""
    criteria = list(criteria)
    results = {uid: UnitResult(uid, name) for uid, name in units.items()}
    for r in results.values():
        for c in criteria:
            mine, agreed = scores.get((c.id, r.unit_id), (None, None))
            value = agreed if agreed is not None else mine
            if agreed is None:
                r.missing += 1
            r.self_total += mine or 0.0
            value = value or 0.0
            r.total += value
            if c.kind is ItemKind.BONUS:
                r.bonus += value
            elif c.kind is ItemKind.MINUS:
                r.minus += value
            r.by_group[c.group] = r.by_group.get(c.group, 0.0) + value
    for r in results.values():
        r.total = round(r.total, 2)
        r.self_total = round(r.self_total, 2)
    return results


# --- the tie rule --------------------------------------------------------------------------

#: tie breakers a cluster may list in order: "group:I" (higher score in group I), "bonus"
#: (more bonus points), "minus" (fewer points taken off), "vote" (more votes as leading unit)
TIE_BREAKERS = {
    "bonus": "điểm cộng cao hơn",
    "minus": "bị trừ ít điểm hơn",
    "vote": "nhiều phiếu bầu dẫn đầu hơn",
}


def describe_tie_rule(rule: str) -> str:
    parts = []
    for item in filter(None, (p.strip() for p in rule.split(","))):
        if item.startswith("group:"):
            parts.append(f"điểm nhóm {item[6:]} cao hơn")
        else:
            parts.append(TIE_BREAKERS.get(item, item))
    return ", rồi ".join(parts) if parts else "không có (đồng hạng)"


def check_tie_rule(rule: str, groups: Iterable[str]) -> str | None:
    known = set(groups)
    for item in filter(None, (p.strip() for p in rule.split(","))):
        if item.startswith("group:"):
            if item[6:] not in known:
                return f"Quy tắc xếp hạng nói tới nhóm “{item[6:]}” không có trong bảng điểm."
        elif item not in TIE_BREAKERS:
            return f"Không hiểu tiêu chí phân hạng “{item}”; dùng group:I, bonus, minus hoặc vote."
    return None


def _key(r: UnitResult, item: str, votes: Mapping[int, int]) -> float:
    if item.startswith("group:"):
        return r.by_group.get(item[6:], 0.0)
    if item == "bonus":
        return r.bonus
    if item == "minus":
        return r.minus  # minus points are negative: fewer taken off is higher
    if item == "vote":
        return float(votes.get(r.unit_id, 0))
    return 0.0


def rank(
    results: Mapping[int, UnitResult], rule: str, votes: Mapping[int, int] | None = None
) -> list[UnitResult]:
    """Units in rank order: total first, then each tie breaker of ``rule`` in turn. Units
    still level share a rank (listed by name) and ``tied_with`` names each other; a tie a
    breaker settled says which in ``tie_note``."""
    votes = votes or {}
    items = [p.strip() for p in rule.split(",") if p.strip()]

    def key(r: UnitResult) -> tuple:
        return (-r.total, *(-_key(r, i, votes) for i in items))

    ordered = sorted(results.values(), key=lambda r: (key(r), vi_sort_key(r.name)))
    for position, r in enumerate(ordered):
        same_total = [o for o in ordered if o is not r and o.total == r.total]
        level = [o for o in same_total if key(o) == key(r)]
        r.tied_with = [o.unit_id for o in level]
        if position and key(ordered[position - 1]) == key(r):
            r.rank = ordered[position - 1].rank
        else:
            r.rank = position + 1
        r.tie_note = ""
        if same_total and not level:
            for item in items:  # the first breaker that tells r apart from those level on points
                mine = _key(r, item, votes)
                if any(_key(o, item, votes) != mine for o in same_total):
                    r.tie_note = f"bằng tổng điểm; xếp theo {describe_tie_rule(item)}"
                    break
        elif level:
            r.tie_note = "đồng hạng: bằng điểm và bằng mọi tiêu chí phân hạng"
    return ordered


#: a 100-point table in the usual shape of a provincial cluster's scoring (DOMAIN.md §5), to
#: start from when a cluster has none: (group, group title, kind, text, maximum)
STANDARD_TABLE: list[tuple[str, str, ItemKind, str, float]] = [
    ("I", "Thực hiện nhiệm vụ chính trị, chuyên môn", ItemKind.SCORED, "Hoàn thành chỉ tiêu, nhiệm vụ được giao trong năm", 25),
    ("I", "Thực hiện nhiệm vụ chính trị, chuyên môn", ItemKind.SCORED, "Chất lượng, hiệu quả công tác chuyên môn, nghiệp vụ", 15),
    ("II", "Công tác thi đua, khen thưởng", ItemKind.SCORED, "Phát động, tổ chức phong trào thi đua; đăng ký thi đua", 8),
    ("II", "Công tác thi đua, khen thưởng", ItemKind.SCORED, "Phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến", 7),
    ("III", "Xây dựng tổ chức đảng, đoàn thể", ItemKind.SCORED, "Tổ chức đảng trong sạch, vững mạnh; đoàn thể vững mạnh", 15),
    ("IV", "Cải cách hành chính, phòng chống tham nhũng", ItemKind.SCORED, "Cải cách hành chính, chuyển đổi số", 10),
    ("IV", "Cải cách hành chính, phòng chống tham nhũng", ItemKind.SCORED, "Thực hành tiết kiệm, phòng chống tham nhũng, lãng phí", 5),
    ("V", "Tham gia hoạt động của Khối", ItemKind.SCORED, "Tham dự đầy đủ hội nghị, hoạt động chung của Khối", 10),
    ("V", "Tham gia hoạt động của Khối", ItemKind.SCORED, "Gửi báo cáo, đăng ký, tự chấm điểm đúng hạn", 5),
    ("C", "Điểm cộng", ItemKind.BONUS, "Được tặng cờ, bằng khen, mô hình mới có hiệu quả trong năm", 5),
    ("T", "Điểm trừ", ItemKind.MINUS, "Cán bộ bị kỷ luật; vi phạm bị cơ quan có thẩm quyền kết luận", 10),
    ("T", "Điểm trừ", ItemKind.MINUS, "Không tham dự hoạt động chung, gửi báo cáo chậm", 5),
]  # fmt: skip
