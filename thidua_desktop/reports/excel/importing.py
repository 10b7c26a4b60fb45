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
from thidua_desktop.domain.text import fold, name_key, nfc
from thidua_desktop.reports.excel.list_reading import (
    PROGRESS_EVERY,
    ImportRow,
    PreviewRows,
    Progress,
    read_rows,
)
from thidua_desktop.rules.catalogue import AWARDS, BY_CODE
from thidua_desktop.store import lookups
from thidua_desktop.store.db import bulk_transaction
from thidua_desktop.store.records import individuals, proposals, unit_matching


# --- checking against the database -------------------------------------------------------------------
def _year(value: Any) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, int | float):
        return int(value)
    text = str(value).strip()
    if text.isdigit():
        return int(text)
    raise ValueError(f"năm sinh “{text}” không phải là số")


def _date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return parse_vn_date(str(value))


def _award_key(text: str) -> str:
    """Folded award text with the words people vary dropped: "Bằng khen của Chủ tịch Ủy ban
    nhân dân tỉnh", "Bằng khen Chủ tịch UBND tỉnh" and "Bằng khen tỉnh" meet."""
    folded = fold(text).replace("uy ban nhan dan", "ubnd").replace("chinh phu", "")
    words = [
        w for w in re.split(r"[\s,.()]+", folded) if w and w not in ("cua", "chu", "tich", "ubnd", "cap")
    ]
    return " ".join(words)


_AWARD_KEYS = {**{_award_key(a.name): a.code for a in AWARDS}, **{_award_key(a.short): a.code for a in AWARDS},
               **{a.code.lower(): a.code for a in AWARDS}}  # fmt: skip


def _award(value: Any) -> str | None:
    if not value:
        return None
    return _AWARD_KEYS.get(_award_key(str(value)))


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
        found = by_name.get(unit_matching.name_key(str(text)))
        if found:
            return found
    return []


def _preview_collective(row: ImportRow, matches: list, known: dict, taken: dict, this_year: int) -> None:
    """A collective's row: the unit it names, the award it is proposed for, and whether the
    unit has that proposal already (update) or not (new)."""
    v, at = row.values, f"Dòng {row.line}"
    row.action = "error"
    if not matches:
        row.reason = (f"{at}: tập thể “{v['name']}” chưa có trong danh sách đơn vị. Hãy thêm đơn vị này ở thẻ Đơn vị "
                      "(hoặc sửa tên trong tệp cho đúng tên ở thẻ Đơn vị) rồi nhập lại.")  # fmt: skip
        return
    if len(matches) > 1:
        names = "; ".join(m.name for m in matches)
        row.reason = f"{at}: tên “{v['name']}” trùng với {len(matches)} đơn vị ({names}); hãy ghi tên đầy đủ như ở thẻ Đơn vị."
        return
    unit = matches[0]
    row.unit_id = unit.id
    if not unit.active:
        row.reason = (
            f"{at}: đơn vị “{unit.name}” đã sáp nhập hoặc giải thể; không đề nghị khen thưởng cho đơn vị này."
        )
        return
    if not v.get("award"):
        row.reason = (
            f"{at}: tập thể “{unit.name}” chưa ghi hình thức đề nghị; hãy ghi vào cột Hình thức đề nghị."
        )
        return
    code = _award(v["award"])
    if code is None:
        row.reason = f"{at}: không nhận ra hình thức “{v['award']}”."
        return
    if not BY_CODE[code].for_subject("tap_the"):
        row.reason = f"{at}: “{BY_CODE[code].name}” không dành cho tập thể."
        return
    try:
        year = _year(v.get("year")) or this_year - 1
    except ValueError:
        row.reason = f"{at}: năm thành tích “{v.get('year')}” không phải là số."
        return
    row.award_code, v["year"] = code, year
    if (unit.id, code, year) in taken:
        row.reason = (
            f"{at}: trùng với dòng {taken[unit.id, code, year]} phía trên (cùng tập thể, hình thức và năm)."
        )
        return
    taken[unit.id, code, year] = row.line
    award = BY_CODE[code].name
    if (unit.id, code, year) in known:
        pid, status = known[unit.id, code, year]
        if status not in EDITABLE:
            row.reason = (f"{at}: tập thể “{unit.name}” đã có đề nghị “{award}” năm {year} ở bước "
                          f"“{ProposalStatus(status).label}”; bỏ qua dòng này.")  # fmt: skip
            return
        row.action, row.proposal_id = "update", pid
        row.reason = f"{at}: tập thể “{unit.name}” đã có đề nghị “{award}” năm {year} (mã {pid}); " + (
            "sẽ cập nhật tóm tắt thành tích."
            if v.get("summary")
            else "tệp không ghi tóm tắt nên không có gì thay đổi."
        )
        return
    row.action = "new"
    row.reason = f"{at}: tập thể “{unit.name}” (đơn vị có sẵn): đề nghị “{award}” năm {year} mới."


def preview(
    db: sqlite_utils.Database,
    path: str | Path,
    *,
    default_unit: int | None = None,
    progress: Progress | None = None,
) -> PreviewRows:
    """Every row as new, update or error with its reason; writes nothing. A row whose text was
    converted from a legacy encoding says so in its reason; ``notices`` says it for the file.
    ``progress`` hears of the lines read (reading is most of the time)."""
    data, columns, notices = read_rows(path, progress)
    units = {fold(name): uid for uid, name in lookups.units(db)}
    this_year = date.today().year
    seen: dict[tuple, int] = {}  # (name, birth year, unit) -> the line it was first on
    existing = lookups.people_by_name(db, (r.values["name"] for r in data))
    by_name = unit_matching.units_by_name(db)
    collectives: list[tuple[ImportRow, list[unit_matching.UnitMatch]]] = []
    for row in data:
        v = row.values
        if not _person_data(v):
            matches = _unit_candidates(v, by_name)
            if matches or row.section == "tap_the" or _looks_collective(v["name"]):
                row.subject = "tap_the"
                collectives.append((row, matches))  # previewed below, with their units' proposals
                continue
        try:
            born = _date(v.get("birth_date"))
            year = _year(v.get("birth_year")) or _year(v.get("male")) or _year(v.get("female"))
            if born and not year:
                year = born.year
            sex = (
                "nu"
                if v.get("female") not in (None, "")
                else "nam"
                if v.get("male") not in (None, "")
                else None
            )
            if v.get("sex"):
                sex = "nu" if fold(str(v["sex"])).startswith("nu") else "nam"
        except (ValueError, DateError) as exc:
            row.action, row.reason = "error", f"Dòng {row.line}: {exc}"
            continue
        if year is not None and not this_year - 100 <= year <= this_year - 15:
            row.action, row.reason = "error", f"Dòng {row.line}: năm sinh {year} không hợp lý."
            continue
        if sex is None:
            row.action, row.reason = (
                "error",
                f"Dòng {row.line}: thiếu giới tính (ghi năm sinh vào cột Nam hoặc Nữ). Nếu đây là tập thể, hãy ghi "
                "tên đúng như trong thẻ Đơn vị hoặc đặt dòng dưới mục “TẬP THỂ”.",
            )
            continue
        unit_text = v.get("unit") or ""
        position = v.get("position") or ""
        if v.get("position_unit") and not unit_text:
            position, _, unit_text = str(v["position_unit"]).rpartition(",")
            position, unit_text = position.strip(), unit_text.strip()
            if not position:
                position, unit_text = unit_text, ""
        row.unit_id = units.get(fold(unit_text)) if unit_text else default_unit
        if unit_text and row.unit_id is None:
            row.action, row.reason = (
                "error",
                f"Dòng {row.line}: không có đơn vị “{unit_text}” trong danh sách đơn vị.",
            )
            continue
        if v.get("award"):
            row.award_code = _award(v["award"])
            if row.award_code is None:
                row.action, row.reason = "error", f"Dòng {row.line}: không nhận ra hình thức “{v['award']}”."
                continue
            if not BY_CODE[row.award_code].for_subject("ca_nhan"):
                row.action, row.reason = (
                    "error",
                    f"Dòng {row.line}: “{BY_CODE[row.award_code].name}” không dành cho cá nhân.",
                )
                continue
        key = (name_key(row.values["name"]), year, row.unit_id)
        if key in seen:
            row.action, row.reason = (
                "error",
                f"Dòng {row.line}: trùng với dòng {seen[key]} phía trên (cùng họ tên, năm sinh, đơn vị).",
            )
            continue
        seen[key] = row.line
        row.changes = {
            "full_name": row.values["name"], "sex": sex, "birth_year": year, "birth_date": born,
            "ethnicity": v.get("ethnicity") or "", "rank": v.get("rank") or "", "position": position,
            "unit_id": row.unit_id,
        }  # fmt: skip
        same = existing.get(key)
        if same is not None:
            row.action, row.person_id = "update", same
            row.reason = f"Dòng {row.line}: đã có người này (mã {same}); sẽ cập nhật."
        else:
            row.reason = f"Dòng {row.line}: người mới."
        if row.award_code:
            try:
                row.values["year"] = _year(v.get("year")) or this_year - 1
            except ValueError as exc:
                row.action, row.reason = "error", f"Dòng {row.line}: {exc}"
    known = unit_matching.unit_proposals(db, (m[0].id for _row, m in collectives if len(m) == 1))
    taken: dict[tuple, int] = {}
    for row, matches in collectives:
        _preview_collective(row, matches, known, taken, this_year)
    for row in data:
        if row.converted:
            row.reason += f" Đã chuyển từ bảng mã {legacy_text.LABELS[row.converted]} sang Unicode."
    out = PreviewRows(data)
    out.notices = notices
    return out


def apply(
    db: sqlite_utils.Database, data: list[ImportRow], progress: Progress | None = None
) -> dict[str, int]:
    """Write the previewed rows (errors are skipped), all in one transaction; a cancel from
    ``progress`` leaves the data as it was. The commit leaves the copy of the write-ahead log
    into the file for later (see ``db.bulk_transaction``): call ``db.checkpoint`` after."""
    counts = {"new": 0, "update": 0, "proposals": 0, "error": 0, "collective_new": 0, "collective_update": 0}
    with bulk_transaction(db):
        for done, row in enumerate(data):
            if progress is not None and done % PROGRESS_EVERY == 0:
                progress(done, len(data))
            if row.action == "error":
                counts["error"] += 1
                continue
            summary = str(row.values.get("summary") or "")
            if row.subject == "tap_the":
                if row.action == "update":
                    if summary:
                        proposals.update_proposal(db, row.proposal_id, summary=summary)
                else:
                    proposals.create_proposal(db, row.award_code, row.values["year"], unit_id=row.unit_id,
                                              summary=summary)  # fmt: skip
                    counts["proposals"] += 1
                counts[f"collective_{row.action}"] += 1
                continue
            c = row.changes
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
