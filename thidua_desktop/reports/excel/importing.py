"""Lists of people and proposals sent in by the units, as Excel files: the template the
app hands out, or the usual layout of the official list (header not on row 1, merged
title cells, Nam / Nữ birth-year columns, dates as text or as Excel dates). Columns are
found by their header text. Text typed in the legacy TCVN3 (ABC) or VNI encodings, headers
included, is detected per column and converted to Unicode.

A row is a collective when it stands under the list's "TẬP THỂ" heading, or names a unit
(or a department, a household) and gives no birth year or sex; a collective is matched to
an existing unit by its folded name (current, short or former) and gets a proposal. Every
row is previewed as new, update or error with the reason; nothing is written until
``apply``, which writes all in one transaction."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from thidua_desktop.domain import legacy_text
from thidua_desktop.domain.dates import DateError, parse_vn_date
from thidua_desktop.domain.models import ProposalStatus
from thidua_desktop.domain.subjects import collective_type_of, counts_by_school_year
from thidua_desktop.domain.text import fold, name_key, nfc
from thidua_desktop.reports.excel.list_reading import (
    PROGRESS_EVERY,
    ImportRow,
    PreviewRows,
    Progress,
    read_rows,
)
from thidua_desktop.rules import award_aliases
from thidua_desktop.rules.catalogue import BY_CODE
from thidua_desktop.store import lookups
from thidua_desktop.store.db import bulk_transaction
from thidua_desktop.store.records import individuals, proposals, unit_matching, units

#: a new unit's row in ``unit_map``: create the unit (the default for a name the data file lacks)
CREATE = None


# --- checking against the database -------------------------------------------------------------------
def _year(value: Any, what: str = "năm sinh") -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime | date):  # a birth date typed in the Nam / Nữ column
        return value.year
    if isinstance(value, int | float):
        return int(value)
    text = str(value).strip()
    if text.isdigit():
        return int(text)
    try:
        return parse_vn_date(text).year
    except DateError:
        raise ValueError(f"{what} “{text}” không phải là số") from None


def _date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return parse_vn_date(str(value))


def _award(value: Any) -> str | None:
    return award_aliases.award_code(value)


def _unknown_award(at: str, value: Any) -> str:
    near = award_aliases.closest(value)
    hint = f" Có phải: {'; '.join(near)}?" if near else ""
    return f"{at}: không nhận ra hình thức “{value}”.{hint} Hãy sửa trong tệp cho đúng tên hình thức."


def _achievement_year(value: Any, file_year: int | None) -> int:
    """The row's own year (a "Năm thành tích" column), else the file's; never a guess."""
    own = _year(value, "năm thành tích")
    if own is not None:
        return own
    if file_year is None:
        raise ValueError(
            "chưa rõ năm thành tích: tệp không ghi năm (ở tiêu đề hoặc cột Năm thành tích); hãy chọn năm ở đầu "
            "bảng xem trước"
        )
    return file_year


# --- collectives ------------------------------------------------------------------------------------------
#: how the name of a collective begins (marks kept: "Trường" is a school, "Trương" a family name)
COLLECTIVE_STARTS = tuple(s.casefold() for s in (
    "Tập thể", "Phòng ", "Sở ", "Ban ", "Công an ", "Đội ", "Đồn ", "Trường ", "Bệnh viện", "Khoa ", "Công ty",
    "Tổng công ty", "Doanh nghiệp", "Hợp tác xã", "Nhà máy", "Xí nghiệp", "Chi nhánh", "Ngân hàng", "UBND",
    "Ủy ban", "Trung tâm", "Chi cục", "Cục ", "Văn phòng", "Viện ", "Tòa án", "Thanh tra", "Kho bạc", "Bộ Chỉ huy",
    "Ban Chỉ huy", "Tiểu đoàn", "Đại đội", "Trung đoàn", "Lữ đoàn", "Liên đoàn", "Hội ", "Đảng bộ", "Chi bộ",
    "Cơ quan", "Xã ", "Phường ", "Thôn ", "Buôn ", "Tổ ", "Hộ gia đình", "Hộ ông", "Hộ bà",
))  # fmt: skip
EDITABLE = ("du_thao", "da_binh_xet", "tra_lai")  # a collective's proposal an import may still update


def _person_data(v: dict[str, Any]) -> bool:
    return any(v.get(k) not in (None, "") for k in ("male", "female", "sex", "birth_year", "birth_date"))


def _looks_collective(name: str) -> bool:
    return nfc(name).strip().casefold().startswith(COLLECTIVE_STARTS)


def _unit_candidates(v: dict[str, Any], by_name: dict[str, list]) -> list:
    """The units a collective's row may mean: by its name, or by its name with the unit
    column ("Phòng Tham mưu" under "Công an tỉnh")."""
    texts = [v["name"]]
    parent = v.get("unit") or v.get("position_unit")
    if parent:
        texts.append(f"{v['name']} {parent}")
    for text in texts:
        found = unit_matching.find(by_name, str(text))
        if found:
            return found
    return []


class _Units:
    """The units rows name: found in the data file, or new (created on writing unless the
    user maps the name to a unit in the preview)."""

    def __init__(self, db: sqlite_utils.Database, unit_map: dict[str, int | None] | None) -> None:
        self.by_name = unit_matching.units_by_name(db)
        self.unit_map = unit_map or {}
        self.new: dict[str, int] = {}  # name as first typed -> rows naming it
        self._typed: dict[str, str] = {}  # key -> name as first typed
        self._found: dict[str, list] = {}  # a list names a few units thousands of times

    def find(self, text: str) -> list:
        if text not in self._found:
            self._found[text] = unit_matching.find(self.by_name, text)
        return self._found[text]

    def resolve(self, row: ImportRow, text: str) -> str | None:
        """Set the row's unit for ``text``; a refusal's reason, or None."""
        matches = self.find(text)
        if len(matches) > 1:
            names = "; ".join(m.name for m in matches)
            return f"đơn vị “{text}” trùng với {len(matches)} đơn vị ({names}); hãy ghi tên đầy đủ như ở thẻ Đơn vị"
        if matches:
            row.unit_id = matches[0].id
            return None
        self.mark_new(row, text)
        return None

    def mark_new(self, row: ImportRow, text: str) -> None:
        key = unit_matching.name_key(text)
        mapped = self.unit_map.get(key, CREATE)
        if mapped is not CREATE:
            row.unit_id = mapped
            return
        typed = self._typed.setdefault(key, " ".join(nfc(text).split()))
        row.new_unit = typed
        self.new[typed] = self.new.get(typed, 0) + 1


def _preview_collective(row: ImportRow, matches: list, known: dict, taken: dict, file_year: int | None,
                        units_seen: _Units) -> None:  # fmt: skip
    """A collective's row: the unit it names (or a new one), the award it is proposed for,
    and whether the unit has that proposal already (update) or not (new)."""
    v, at = row.values, f"Dòng {row.line}"
    row.action = "error"
    if len(matches) > 1:
        names = "; ".join(m.name for m in matches)
        row.reason = f"{at}: tên “{v['name']}” trùng với {len(matches)} đơn vị ({names}); hãy ghi tên đầy đủ như ở thẻ Đơn vị."
        return
    unit = matches[0] if matches else None
    if unit is None:
        units_seen.mark_new(row, v["name"])
    else:
        row.unit_id = unit.id
        if not unit.active:
            row.reason = f"{at}: đơn vị “{unit.name}” đã sáp nhập hoặc giải thể; không đề nghị khen thưởng cho đơn vị này."
            return
    name = unit.name if unit else (row.new_unit or v["name"])
    if not v.get("award"):
        row.reason = f"{at}: tập thể “{name}” chưa ghi hình thức đề nghị; hãy ghi vào cột Hình thức đề nghị."
        return
    code = _award(v["award"])
    if code is None:
        row.reason = _unknown_award(at, v["award"])
        return
    if not BY_CODE[code].for_subject("tap_the"):
        row.reason = f"{at}: “{BY_CODE[code].name}” không dành cho tập thể."
        return
    try:
        year = _achievement_year(v.get("year"), file_year)
    except ValueError as exc:
        row.reason = f"{at}: {exc}."
        return
    row.award_code, v["year"] = code, year
    who = row.unit_id if row.unit_id is not None else f"new:{row.new_unit}"
    if (who, code, year) in taken:
        row.reason = (
            f"{at}: trùng với dòng {taken[who, code, year]} phía trên (cùng tập thể, hình thức và năm)."
        )
        return
    taken[who, code, year] = row.line
    award = BY_CODE[code].name
    if row.unit_id is not None and (row.unit_id, code, year) in known:
        pid, status = known[row.unit_id, code, year]
        if status not in EDITABLE:
            row.reason = (f"{at}: tập thể “{name}” đã có đề nghị “{award}” năm {year} ở bước "
                          f"“{ProposalStatus(status).label}”; bỏ qua dòng này.")  # fmt: skip
            return
        row.action, row.proposal_id = "update", pid
        row.reason = f"{at}: tập thể “{name}” đã có đề nghị “{award}” năm {year} (mã {pid}); " + (
            "sẽ cập nhật tóm tắt thành tích."
            if v.get("summary")
            else "tệp không ghi tóm tắt nên không có gì thay đổi."
        )
        return
    row.action = "new"
    where = "đơn vị mới, sẽ được tạo" if row.new_unit else "đơn vị có sẵn"
    row.reason = f"{at}: tập thể “{name}” ({where}): đề nghị “{award}” năm {year} mới."


def _sex(v: dict[str, Any], at: str) -> str | None:
    """The sex the row gives: by the Nam / Nữ column holding the birth year, or a "Giới tính"
    column; both Nam and Nữ filled, or a sex that contradicts them, is an error, never a guess."""
    male, female = v.get("male") not in (None, ""), v.get("female") not in (None, "")
    if male and female:
        raise ValueError(f"{at}: có năm sinh ở cả cột Nam và cột Nữ; hãy để lại một cột rồi nhập lại.")
    by_column = "nu" if female else "nam" if male else None
    said = v.get("sex")
    if said in (None, ""):
        return by_column
    folded = fold(str(said)).strip(" .")
    stated = "nu" if folded in ("nu", "f", "female") else "nam" if folded in ("nam", "m", "male") else None
    if stated is None:
        raise ValueError(f"{at}: giới tính “{said}” không rõ; hãy ghi “Nam” hoặc “Nữ”.")
    if by_column is not None and stated != by_column:
        raise ValueError(
            f"{at}: cột Giới tính ghi “{said}” nhưng năm sinh lại ở cột {'Nữ' if by_column == 'nu' else 'Nam'}; "
            "hãy sửa cho thống nhất rồi nhập lại."
        )
    return stated


def _file_year(layout, year: int | None) -> tuple[int | None, str]:
    if year is not None:
        return year, "do người dùng chọn"
    if layout.title_year is not None:
        return layout.title_year, f"theo tiêu đề “{layout.title_text}”"
    return None, ""


def preview(
    db: sqlite_utils.Database,
    path: str | Path,
    *,
    default_unit: int | None = None,
    progress: Progress | None = None,
    year: int | None = None,
    columns: dict[str, int] | None = None,
    unit_map: dict[str, int | None] | None = None,
) -> PreviewRows:
    """Every row as new, update or error with its reason; writes nothing. A row whose text was
    converted from a legacy encoding says so in its reason; ``notices`` says it for the file.
    ``year``: the year of achievement for rows without their own (else the title's);
    ``columns``: each field's column as the user set it; ``unit_map``: a new unit's name
    (``unit_matching.name_key``) to the unit it means, or ``CREATE``. ``progress`` hears of
    the lines read (reading is most of the time)."""
    data, layout, notices = read_rows(path, progress, columns)
    file_year, year_source = _file_year(layout, year)
    this_year = date.today().year
    seen: dict[tuple, int] = {}  # (name, birth year, unit) -> the line it was first on
    existing = lookups.people_by_name(db, (r.values["name"] for r in data))
    units_seen = _Units(db, unit_map)
    collectives: list[tuple[ImportRow, list[unit_matching.UnitMatch]]] = []
    for row in data:
        v, at = row.values, f"Dòng {row.line}"
        if not _person_data(v):
            matches = _unit_candidates(v, units_seen.by_name)
            if matches or row.section == "tap_the" or _looks_collective(v["name"]):
                row.subject = "tap_the"
                collectives.append((row, matches))  # previewed below, with their units' proposals
                continue
        try:
            born = _date(v.get("birth_date"))
            if born is None and isinstance(v.get("male") or v.get("female"), datetime | date):
                born = _date(v.get("male") or v.get("female"))
            birth_year = _year(v.get("birth_year")) or _year(v.get("male")) or _year(v.get("female"))
            if born and not birth_year:
                birth_year = born.year
            sex = _sex(v, at)
        except DateError as exc:
            row.action, row.reason = "error", f"{at}: {exc}"
            continue
        except ValueError as exc:
            text = str(exc)
            row.action, row.reason = "error", text if text.startswith(at) else f"{at}: {text}"
            continue
        if birth_year is not None and not this_year - 100 <= birth_year <= this_year - 15:
            row.action, row.reason = "error", f"{at}: năm sinh {birth_year} không hợp lý."
            continue
        if sex is None:
            row.action, row.reason = (
                "error",
                f"{at}: thiếu giới tính (ghi năm sinh vào cột Nam hoặc Nữ, hoặc ghi cột Giới tính). Nếu đây là tập "
                "thể, hãy ghi tên đúng như trong thẻ Đơn vị hoặc đặt dòng dưới mục “TẬP THỂ”.",
            )
            continue
        unit_text = str(v.get("unit") or "").strip()
        position = str(v.get("position") or "").strip()
        if v.get("position_unit") and not unit_text:
            position, unit_text = _split_position_unit(str(v["position_unit"]), units_seen.by_name)
        row.unit_id = default_unit
        if unit_text:
            refusal = units_seen.resolve(row, unit_text)
            if refusal:
                row.action, row.reason = "error", f"{at}: {refusal}."
                continue
        if v.get("award"):
            row.award_code = _award(v["award"])
            if row.award_code is None:
                row.action, row.reason = "error", _unknown_award(at, v["award"])
                continue
            if not BY_CODE[row.award_code].for_subject("ca_nhan"):
                row.action, row.reason = (
                    "error",
                    f"{at}: “{BY_CODE[row.award_code].name}” không dành cho cá nhân.",
                )
                continue
        unit_key = row.unit_id if row.unit_id is not None else f"new:{row.new_unit}"
        key = (name_key(row.values["name"]), birth_year, unit_key)
        if key in seen:
            row.action, row.reason = (
                "error",
                f"{at}: trùng với dòng {seen[key]} phía trên (cùng họ tên, năm sinh, đơn vị).",
            )
            continue
        seen[key] = row.line
        row.changes = {
            "full_name": row.values["name"], "sex": sex, "birth_year": birth_year, "birth_date": born,
            "ethnicity": v.get("ethnicity") or "", "rank": v.get("rank") or "", "position": position,
            "unit_id": row.unit_id,
        }  # fmt: skip
        same = (
            existing.get((name_key(row.values["name"]), birth_year, row.unit_id))
            if not row.new_unit
            else None
        )
        if same == 0:
            row.action, row.reason = (
                "error",
                (
                    f"{at}: dữ liệu đã có nhiều người cùng họ tên “{row.values['name']}”, năm sinh {birth_year} và đơn vị; "
                    "không biết dòng này là ai. Hãy gộp hoặc sửa những người đó ở thẻ Cá nhân trước."
                ),
            )
            continue
        if same is not None:
            row.action, row.person_id = "update", same
            row.reason = f"{at}: đã có người này (mã {same}); sẽ cập nhật."
        else:
            row.reason = f"{at}: người mới."
        if row.new_unit:
            row.reason += f" Đơn vị “{row.new_unit}” chưa có: sẽ được tạo."
        if row.award_code:
            try:
                row.values["year"] = _achievement_year(v.get("year"), file_year)
            except ValueError as exc:
                row.action, row.reason = "error", f"{at}: {exc}."
    known = unit_matching.unit_proposals(db, (m[0].id for _row, m in collectives if len(m) == 1))
    taken: dict[tuple, int] = {}
    for row, matches in collectives:
        _preview_collective(row, matches, known, taken, file_year, units_seen)
    for row in data:
        if row.converted:
            row.reason += f" Đã chuyển từ bảng mã {legacy_text.LABELS[row.converted]} sang Unicode."
    out = PreviewRows(data)
    out.notices = notices
    out.layout, out.year, out.year_source = layout, file_year, year_source
    used = {r.new_unit for r in data if r.new_unit and r.action != "error"}
    out.new_units = {name: n for name, n in units_seen.new.items() if name in used}
    return out


def _split_position_unit(text: str, by_name: dict) -> tuple[str, str]:
    """ "Trưởng phòng Tham mưu, Công an tỉnh" -> position and unit: the unit is the longest
    tail after a comma or dash that names a unit, else the text after the last one."""
    parts = re.split(r"\s*[,;–-]\s*", text.strip())
    if len(parts) == 1:
        return parts[0], ""
    for cut in range(1, len(parts)):
        tail = ", ".join(parts[cut:])
        if unit_matching.find(by_name, tail):
            return ", ".join(parts[:cut]), tail
    return ", ".join(parts[:-1]), parts[-1]


def apply(
    db: sqlite_utils.Database, data: list[ImportRow], progress: Progress | None = None
) -> dict[str, int]:
    """Write the previewed rows (errors are skipped), all in one transaction; a cancel from
    ``progress`` leaves the data as it was. New units the rows name are created first. The
    commit leaves the copy of the write-ahead log into the file for later (see
    ``db.bulk_transaction``): call ``db.checkpoint`` after."""
    counts = {"new": 0, "update": 0, "proposals": 0, "error": 0, "collective_new": 0, "collective_update": 0,
              "units": 0}  # fmt: skip
    with bulk_transaction(db):
        created: dict[str, int] = {}
        for row in data:
            if row.new_unit and row.action != "error" and row.new_unit not in created:
                # a household or an enterprise by its name: paid and counted as such (issue 22, point 6)
                kind = collective_type_of(row.new_unit).value if row.subject == "tap_the" else "tap_the"
                created[row.new_unit] = units.create_unit(db, row.new_unit, collective_type=kind,
                                                          school_year=counts_by_school_year(row.new_unit))  # fmt: skip
                counts["units"] += 1
        for done, row in enumerate(data):
            if progress is not None and done % PROGRESS_EVERY == 0:
                progress(done, len(data))
            if row.action == "error":
                counts["error"] += 1
                continue
            unit_id = created[row.new_unit] if row.new_unit else row.unit_id
            summary = str(row.values.get("summary") or "")
            if row.subject == "tap_the":
                if row.action == "update":
                    if summary:
                        proposals.update_proposal(db, row.proposal_id, summary=summary)
                else:
                    proposals.create_proposal(db, row.award_code, row.values["year"], unit_id=unit_id,
                                              summary=summary)  # fmt: skip
                    counts["proposals"] += 1
                counts[f"collective_{row.action}"] += 1
                continue
            c = {**row.changes, "unit_id": unit_id}
            if row.action == "update":
                changes = {k: v for k, v in c.items() if v not in (None, "") and k != "full_name"}
                individuals.update_individual(db, row.person_id, **changes)
                pid = row.person_id
            else:
                pid = individuals.create_individual(
                    db, c["full_name"], c["sex"], unit_id=c["unit_id"], birth_year=c["birth_year"],
                    birth_date=c["birth_date"], ethnicity=c["ethnicity"] or "Kinh", rank=c["rank"], position=c["position"],
                )  # fmt: skip
            counts[row.action] += 1
            if row.award_code:
                proposals.create_proposal(db, row.award_code, row.values["year"], individual_id=pid,
                                          summary=str(row.values.get("summary") or ""))  # fmt: skip
                counts["proposals"] += 1
    return counts


def summary(rows: list[ImportRow]) -> str:
    """What the preview found, in a line: people new and updated, collectives' proposals
    new and updated, rows in error."""

    def count(subject: str, action: str) -> int:
        return sum(r.subject == subject and r.action == action for r in rows)

    parts = [f"{count('ca_nhan', 'new')} người mới", f"{count('ca_nhan', 'update')} cập nhật"]
    if any(r.subject == "tap_the" for r in rows):
        parts.append(f"{count('tap_the', 'new')} đề nghị tập thể mới")
        parts.append(f"{count('tap_the', 'update')} đề nghị tập thể cập nhật")
    new_units = {r.new_unit for r in rows if r.new_unit and r.action != "error"}
    if new_units:
        parts.append(f"{len(new_units)} đơn vị mới")
    parts.append(f"{sum(r.action == 'error' for r in rows)} dòng lỗi (bỏ qua)")
    return ", ".join(parts) + "."


# --- the template ---------------------------------------------------------------------------------------
def write_template(path: str | Path) -> Path:
    """The list units fill in: official layout, collectives then individuals, Nam / Nữ under
    Năm sinh."""
    from thidua_desktop.reports.excel.house import Column, HouseWorkbook, Section
    from thidua_desktop.reports.letterhead import Letterhead

    columns = [Column("STT", 6, "int"), Column("Họ và tên / Tên tập thể", 28), Column("Nam", 8, "int", "Năm sinh"),
               Column("Nữ", 8, "int", "Năm sinh"), Column("Ngày sinh", 12, "date"), Column("Dân tộc", 10),
               Column("Cấp bậc", 12), Column("Chức vụ", 22), Column("Đơn vị", 28), Column("Hình thức đề nghị", 26),
               Column("Năm thành tích", 10, "int"), Column("Tóm tắt thành tích", 40)]  # fmt: skip
    last_year = date.today().year - 1
    collective = [[1, "Công an tỉnh", None, None, None, None, None, None, None,
                   "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", last_year,
                   "Hoàn thành xuất sắc nhiệm vụ (dòng mẫu, xóa đi)"]]  # fmt: skip
    person = [[1, "Nguyễn Văn An", 1985, None, "05/01/1985", "Kinh", "Đại úy", "Đội trưởng", "Công an tỉnh",
               "Chiến sĩ thi đua cơ sở", last_year, "Hoàn thành xuất sắc nhiệm vụ (dòng mẫu, xóa đi)"]]  # fmt: skip
    book = HouseWorkbook(path, Letterhead(agency="TÊN ĐƠN VỊ GỬI"))
    book.sheet("Danh sách", "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG", columns,
               [Section("I. TẬP THỂ", collective), Section("II. CÁ NHÂN", person)],
               subtitle="Tập thể: ghi tên đúng như danh sách đơn vị của khối, để trống năm sinh. Cá nhân: ghi năm sinh "
               "vào cột Nam hoặc Nữ; ngày dạng ngày/tháng/năm; tên đơn vị đúng như danh sách đơn vị.",
               signature=False)  # fmt: skip
    return book.save()
