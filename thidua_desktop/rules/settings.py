"""Parameters the desk changes without a new release (DOMAIN.md §1): provincial quota,
council vote thresholds per award and rule set, the base salary over time, the rounding
of reward money, the province's Giấy khen criteria. Each with its legal source."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

ROUND_UP = "len"  # "làm tròn số lên hàng chục nghìn đồng" (ND 152/2025 Art. 49.2)
ROUND_NEAREST = "gan_nhat"


@dataclass
class SalaryPeriod:
    amount: int
    valid_from: date
    basis: str


def _default_salary() -> list[SalaryPeriod]:
    return [
        SalaryPeriod(1_490_000, date(2019, 7, 1), "Nghị định 38/2019/NĐ-CP"),
        SalaryPeriod(1_800_000, date(2023, 7, 1), "Nghị định 24/2023/NĐ-CP"),
        SalaryPeriod(2_340_000, date(2024, 7, 1), "khoản 2 Điều 3 Nghị định 73/2024/NĐ-CP"),
    ]


# ND 98/2023 Art. 30.7: ≥ 90 % of all council members for Anh hùng, CSTĐ toàn quốc and CSTĐ
# tỉnh; ≥ 80 % for CSTĐCS and the emulation flags. ND 152/2025 values are not confirmed
# (DOMAIN.md [U]): the same numbers as a starting point, for the desk to correct.
_THRESHOLDS_98 = {"CSTDTQ": 90, "CSTDT": 90, "CSTDCS": 80, "CO_TINH": 80, "CO_CP": 80}


def _default_thresholds() -> dict[str, dict[str, int]]:
    return {"nd98_2023": dict(_THRESHOLDS_98), "nd152_2025": dict(_THRESHOLDS_98)}


@dataclass
class DeskSettings:
    quota_enabled: bool = False
    quota_percent: int = 15  # CSTĐCS at most this share of LĐTT (preset: ND 91/2017)
    vote_thresholds: dict[str, dict[str, int]] = field(default_factory=_default_thresholds)
    base_salary: list[SalaryPeriod] = field(default_factory=_default_salary)
    rounding: str = ROUND_UP
    # a household's reward for a form of commendation, in multiples of the individual's (issue 22,
    # point 6); its article could not be read verbatim here, hence a setting
    household_multiplier: float = 1.5
    # readings the public guidance leaves open (issue 22, point 8): which one the desk applies;
    # a finding that rests on one says so, and names the other when they disagree
    bk_tinh_initiatives: str = "unused"  # READINGS["bk_tinh_initiatives"]
    bk_ttg_interval: str = "after"  # READINGS["bk_ttg_interval"]
    # each province or agency sets its own (the sample names Đắk Lắk's regulation)
    giay_khen_criteria: str = (
        "Theo quy định về thi đua, khen thưởng của tỉnh hoặc của cơ quan (ghi số, ngày của quy định ở "
        "Công cụ → Thiết lập quy định): hoàn thành tốt nhiệm vụ, có thành tích được thủ trưởng đơn vị công nhận."
    )

    # --- reading --------------------------------------------------------------------------
    def base_salary_on(self, on: date) -> SalaryPeriod:
        periods = sorted(self.base_salary, key=lambda p: p.valid_from)
        current = periods[0]
        for period in periods:
            if period.valid_from <= on:
                current = period
        return current

    def threshold(self, rule_set: str, award_code: str) -> int | None:
        return self.vote_thresholds.get(rule_set, {}).get(award_code)

    # --- storage ----------------------------------------------------------------------------
    def to_json(self) -> str:
        data = asdict(self)
        data["base_salary"] = [{**p, "valid_from": p["valid_from"].isoformat()} for p in data["base_salary"]]
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str | None) -> DeskSettings:
        if not text:
            return cls()
        data: dict[str, Any] = json.loads(text)
        known = {f for f in cls.__dataclass_fields__}
        data = {k: v for k, v in data.items() if k in known}
        if "base_salary" in data:
            data["base_salary"] = [
                SalaryPeriod(int(p["amount"]), date.fromisoformat(p["valid_from"]), p.get("basis", ""))
                for p in data["base_salary"]
            ]
        return cls(**data)


#: the readings of a clause public guidance disagrees on: setting -> {value: (what it says, its source)}
READINGS: dict[str, dict[str, tuple[str, str]]] = {
    # Law Art. 74.1.d: "2 lần liên tục CSTĐCS hoặc 2 năm HTXSNV, trong thời gian đó có 02 sáng kiến"
    "bk_tinh_initiatives": {
        "unused": ("02 sáng kiến chưa dùng cho khen thưởng nào, kể cả danh hiệu Chiến sĩ thi đua cơ sở",
                   "nguyên tắc mỗi sáng kiến chỉ dùng một lần (Điều 4 Nghị định 98/2023/NĐ-CP, 152/2025/NĐ-CP); "
                   "cách hiểu của nhiều hướng dẫn cấp tỉnh"),
        "period": ("02 sáng kiến được công nhận trong thời gian đó, kể cả sáng kiến đã dùng cho danh hiệu "
                   "Chiến sĩ thi đua cơ sở", "trả lời của Bộ Nội vụ trên Cổng Chính sách online (điểm d khoản 1 "
                   "Điều 74 Luật: bà A có 1 sáng kiến mỗi năm, năm thứ hai là Chiến sĩ thi đua cơ sở, đủ tiêu chuẩn)"),
    },
    # Law Art. 73.1.b: "đã được tặng bằng khen ... và có liên tục từ 05 năm trở lên đến thời điểm đề nghị ..."
    "bk_ttg_interval": {
        "after": ("05 năm tính từ sau thời gian ghi trong quyết định tặng Bằng khen trước",
                  "khoản 3 Điều 4 và khoản 9 Điều 30 Nghị định 98/2023/NĐ-CP (thời gian tính từ sau thời gian ghi "
                  "trong quyết định khen thưởng lần trước); DOMAIN.md §4"),
        "held": ("Đã có Bằng khen cấp bộ, tỉnh; 05 năm liên tục đến thời điểm đề nghị có thể gồm cả năm được tặng",
                 "trả lời của Bộ Nội vụ ngày 15/02/2024 trên Cổng Chính sách online (Bằng khen 2021, các năm "
                 "2020–2024 hoàn thành tốt nhiệm vụ: đủ điều kiện)"),
    },
}  # fmt: skip

#: where each setting comes from, shown beside it in the settings dialog
SOURCES = {
    "quota_enabled": "Luật 2022 không đặt hạn mức; tỷ lệ là quy định riêng của tỉnh (nếu có).",
    "quota_percent": "Mức 15 % CSTĐCS so với LĐTT của Nghị định 91/2017/NĐ-CP, nay đã bỏ; giữ làm mẫu.",
    "vote_thresholds": "Khoản 7 Điều 30 Nghị định 98/2023/NĐ-CP; Nghị định 152/2025/NĐ-CP: cần đối chiếu.",
    "base_salary": "Mức lương cơ sở theo nghị định từng thời kỳ; tiền thưởng tính theo mức đang áp dụng "
    "vào ngày ký quyết định (khoản 1 Điều 49 Nghị định 152/2025/NĐ-CP).",
    "rounding": "Khoản 2 Điều 49 Nghị định 152/2025/NĐ-CP: làm tròn số lên hàng chục nghìn đồng.",
    "bk_tinh_initiatives": "Điểm d khoản 1 Điều 74 Luật Thi đua, khen thưởng 2022: hướng dẫn công khai hiểu khác "
    "nhau; kết luận dựa trên cách hiểu này ghi “cần xem xét” kèm cả hai cách hiểu khi chúng cho kết quả khác nhau.",
    "bk_ttg_interval": "Điểm b khoản 1 Điều 73 Luật Thi đua, khen thưởng 2022: hướng dẫn công khai hiểu khác nhau; "
    "kết luận dựa trên cách hiểu này ghi “cần xem xét” kèm cả hai cách hiểu khi chúng cho kết quả khác nhau.",
    "household_multiplier": "Mức tiền thưởng của hộ gia đình so với cá nhân cho cùng hình thức khen thưởng: Điều 54 "
    "Nghị định 152/2025/NĐ-CP (trước đó Nghị định 98/2023/NĐ-CP); chưa đối chiếu được nguyên văn, mặc định 1,5 lần.",
    "giay_khen_criteria": "Khoản 2 Điều 75 Luật Thi đua, khen thưởng 2022: tiêu chuẩn do tỉnh, cơ quan quy định.",
}
