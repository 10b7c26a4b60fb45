"""Biểu số 0603.N/BNV-TĐKT of Thông tư 02/2023/TT-BNV: the number of commendations at
the level of a ministry or province in a year, by subject (collective, of which
enterprises; household; individual, with leaders by level, businesspeople and people
working directly) and by kind of commendation, per form of award.

Rows, codes and columns follow the form as public implementations of it show it
(the same layout as form 0703.N of Thông tư 03/2018/TT-BNV before it). Awards are
counted by the date their decision was signed, within the year; who received them is
taken as the unit or person is recorded now."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from thidua_desktop.domain.subjects import CollectiveType, PersonGroup
from thidua_desktop.reports.excel import stat_form
from thidua_desktop.reports.letterhead import of_db
from thidua_desktop.store import desk_settings
from thidua_desktop.store.report_data import award_stats
from thidua_desktop.store.report_data.award_stats import AwardCount

NUMBER = "0603.N/BNV-TĐKT"
BASIS = "Ban hành theo Thông tư số 02/2023/TT-BNV ngày 23/3/2023"
TITLE = (
    "SỐ LƯỢNG KHEN THƯỞNG CẤP BỘ, BAN, NGÀNH, ĐOÀN THỂ TRUNG ƯƠNG VÀ TỈNH, THÀNH PHỐ TRỰC THUỘC TRUNG ƯƠNG"
)


@dataclass(frozen=True)
class FigureColumn:
    title: str
    codes: frozenset[str] | None  # the catalogue's awards it counts; None: not kept by the desk


#: the columns under "Chia ra": the awards a province gives. A ministry's Bằng khen held by
#: the desk's people (BK_BO) is counted by the ministry that gave it, not here.
COLUMNS = (
    FigureColumn("Bằng khen", frozenset({"BK_TINH"})),
    FigureColumn("Chiến sĩ thi đua cấp bộ, cấp tỉnh", frozenset({"CSTDT"})),
    FigureColumn("Cờ thi đua của bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực thuộc Trung ương",
                 frozenset({"CO_TINH"})),
    FigureColumn("Huy hiệu (kỷ niệm chương) của bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực "
                 "thuộc Trung ương", None),
)  # fmt: skip

Match = Callable[[AwardCount], bool] | None  # None: a line the desk keeps no data for


def _collective(c: AwardCount) -> bool:
    return c.subject == "tap_the" and c.collective_type != CollectiveType.HOUSEHOLD


def _group(group: PersonGroup) -> Match:
    return lambda c: c.subject == "ca_nhan" and c.person_group == group


def _kind(kind: str) -> Match:
    return lambda c: c.kind == kind


#: label, code, unit of count, which awards it counts (None: a heading, or not kept), style
LINES: tuple[tuple[str, str, str, Match, str], ...] = (
    ("Tổng số", "01", "", lambda c: True, "bold"),
    ("1. Chia theo đối tượng khen thưởng", "", "", None, "heading"),
    ("- Tập thể", "02", "Tập thể", _collective, ""),
    ("Trong đó: Doanh nghiệp", "03", "Doanh nghiệp",
     lambda c: c.subject == "tap_the" and c.collective_type == CollectiveType.ENTERPRISE, "italic"),
    ("- Hộ gia đình", "04", "Hộ", lambda c: c.subject == "tap_the" and c.collective_type == CollectiveType.HOUSEHOLD,
     ""),
    ("- Cá nhân", "05", "Người", lambda c: c.subject == "ca_nhan", ""),
    ("+ Lãnh đạo cấp bộ, cấp tỉnh và tương đương trở lên", "06", "Người", _group(PersonGroup.PROVINCE_LEADER), ""),
    ("+ Lãnh đạo cấp vụ, sở, ngành và tương đương", "07", "Người", _group(PersonGroup.DEPARTMENT_LEADER), ""),
    ("+ Doanh nhân", "08", "Người", _group(PersonGroup.BUSINESSPERSON), ""),
    ("+ Các cấp lãnh đạo khác từ phó phòng trở lên", "09", "Người", _group(PersonGroup.OTHER_LEADER), ""),
    ("+ Người trực tiếp công tác, lao động, học tập, chiến đấu và phục vụ chiến đấu (công nhân, nông dân,...)",
     "10", "Người", _group(PersonGroup.DIRECT_WORKER), ""),
    ("2. Chia theo phương thức khen thưởng", "", "", None, "heading"),
    ("- Thường xuyên", "11", "", _kind("thuong_xuyen"), ""),
    ("- Chuyên đề", "12", "", _kind("chuyen_de"), ""),
    ("- Đột xuất", "13", "", _kind("dot_xuat"), ""),
    ("- Đối ngoại", "14", "", _kind("doi_ngoai"), ""),
    ("- Cống hiến", "15", "", _kind("cong_hien"), ""),
    ("- Niên hạn", "16", "", _kind("nien_han"), ""),
    ("- Kháng chiến", "17", "", None, "untracked"),
)  # fmt: skip


def figures(counts: list[AwardCount]) -> dict[str, tuple[int | None, ...]]:
    """Each coded line's figures: the total, then one per column (None where the desk
    keeps no data)."""
    out: dict[str, tuple[int | None, ...]] = {}
    for _label, code, _unit, match, _style in LINES:
        if not code:
            continue
        if match is None:
            out[code] = (None,) * (1 + len(COLUMNS))
            continue
        per_column = [
            None
            if col.codes is None
            else sum(c.count for c in counts if c.award_code in col.codes and match(c))
            for col in COLUMNS
        ]
        out[code] = (sum(v for v in per_column if v is not None), *per_column)
    return out


def counted_codes() -> set[str]:
    return {code for col in COLUMNS if col.codes for code in col.codes}


def build(db, year: int, *, reporter: str = "") -> stat_form.StatForm:
    codes = counted_codes()
    counts = award_stats.award_counts(db, codes, date(year, 1, 1), date(year, 12, 31))
    values = figures(counts)
    lines = []
    for label, code, unit, _match, style in LINES:
        lines.append(stat_form.FormLine(label, code, unit, values.get(code, ()), bold=style == "bold",
                                        italic=style == "italic"))  # fmt: skip
    notes = [
        f"Ghi chú: đếm các quyết định khen thưởng ký từ ngày 01/01/{year} đến ngày 31/12/{year}; loại tập thể và "
        "nhóm đối tượng cá nhân theo thông tin hiện ghi trong phần mềm (thẻ Đơn vị, thẻ Cá nhân). Phần mềm chưa "
        "theo dõi huy hiệu, kỷ niệm chương và khen thưởng kháng chiến nên cột 5 và dòng 17 để trống.",
    ]
    undated = award_stats.undated_awards(db, codes, year)
    if undated:
        notes.append(
            f"Có {undated} khen thưởng về thành tích năm {year} chưa ghi ngày quyết định nên chưa được đếm; "
            "hãy bổ sung ngày quyết định rồi xuất lại biểu."
        )
    return stat_form.StatForm(
        number=NUMBER, basis=BASIS, title=TITLE, period=f"Năm {year}",
        figure_titles=tuple(c.title for c in COLUMNS), lines=tuple(lines), notes=tuple(notes), reporter=reporter,
    )  # fmt: skip


def reporter_of(db) -> str:
    """Đơn vị báo cáo: the desk itself (Thông tư 02/2023/TT-BNV, biểu 0603.N)."""
    return desk_settings.load_identity(db).full_name


def report(db, out: Path, opts, progress=None, cancelled=None) -> int:
    """The form for ``opts.year``; returns the number of coded lines written."""
    if not opts.year:
        raise ValueError("Cần ghi năm báo cáo (--year NĂM), ví dụ --year 2025.")
    letterhead = opts.letterhead or of_db(db, year=opts.year, number_kind="BC")
    form = build(db, opts.year, reporter=reporter_of(db))
    stat_form.write(form, out, letterhead)
    written = sum(1 for line in form.lines if line.code)
    if progress is not None:
        progress(written, written)
    return written
