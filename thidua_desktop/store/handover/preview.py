"""The preview and the result of a hand-over merge, as a person reads them: what each
arriving row is (new, the same, in conflict with both values, in error), the choices, the
Vietnamese labels of fields and codes. No SQL: ``store.handover`` fills these in."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from thidua_desktop.domain.dates import format_vn_date
from thidua_desktop.domain.models import (
    AwardTrack,
    CommendationKind,
    MovementKind,
    ProposalStatus,
    ReviewKind,
    Role,
)
from thidua_desktop.rules import scoring as scoring_rules
from thidua_desktop.rules.catalogue import BY_CODE, award_name
from thidua_desktop.rules.voting import STATE_LABELS
from thidua_desktop.store import rows
from thidua_desktop.store.errors import StoreError
from thidua_desktop.store.rows import TABLE_LABELS

MINE, THEIRS = "mine", "theirs"
NEW, SAME, CONFLICT, ERROR = "new", "same", "conflict", "error"
STATUS_LABELS = {NEW: "Mới", SAME: "Giống nhau", CONFLICT: "Khác nhau", ERROR: "Lỗi"}
MATCH_LABELS = {
    "uid": "cùng mã định danh",
    "code": "cùng mã đơn vị",
    "name": "cùng tên (không kể dấu, hoa thường)",
}
UNTOUCHED = "Chưa có gì được ghi vào dữ liệu."


class HandoverFileError(StoreError):
    """A hand-over file that cannot be used at all; nothing was written."""

    def __init__(self, message: str):
        super().__init__(None, message)


FIELD_LABELS = {
    "name": "Tên", "short_name": "Tên viết tắt", "code": "Mã đơn vị", "award_track": "Loại đơn vị",
    "founded_on": "Ngày thành lập", "authority": "Cơ quan quản lý", "cluster_id": "Khối thi đua",
    "role": "Vai trò trong khối", "year": "Năm", "kind": "Loại", "doc_number": "Số văn bản",
    "doc_date": "Ngày văn bản", "doc_issuer": "Cơ quan ban hành", "start_date": "Ngày bắt đầu",
    "end_date": "Ngày kết thúc", "note": "Ghi chú", "registered_on": "Ngày đăng ký",
    "titles": "Danh hiệu đăng ký", "targets": "Chỉ tiêu đăng ký", "held_on": "Ngày tổ chức",
    "host_unit_id": "Đơn vị đăng cai", "cohost_unit_id": "Đơn vị đồng đăng cai",
    "next_host_unit_id": "Đơn vị đăng cai lần sau", "place": "Địa điểm", "title": "Tiêu đề",
    "tie_rule": "Quy tắc xếp hạng khi bằng điểm", "position": "Số thứ tự", "group_code": "Nhóm",
    "group_title": "Tên nhóm", "text": "Nội dung", "max_points": "Điểm tối đa", "self_score": "Điểm tự chấm",
    "agreed_score": "Điểm thống nhất", "evidence": "Minh chứng", "chair": "Chủ trì", "secretary": "Thư ký",
    "issued": "Số phiếu phát ra", "leading_places": "Số đơn vị dẫn đầu", "commend_places": "Số đơn vị đề nghị Bằng khen",
    "threshold_percent": "Tỷ lệ phiếu cần đạt (%)", "base": "Tính tỷ lệ trên", "status": "Trạng thái",
    "closed_at": "Thời điểm khóa", "reopen_reason": "Lý do mở lại", "settings_reason": "Lý do đổi thiết lập", "counting_committee": "Ban kiểm phiếu", "void_reason": "Lý do hủy phiếu", "next_head_unit_id": "Khối trưởng năm sau",
    "next_deputy_unit_id": "Khối phó năm sau", "present": "Có mặt", "representative": "Người đại diện",
    "number": "Số phiếu", "state": "Loại phiếu", "marks": "Đơn vị được chọn", "due_on": "Hạn", "done": "Đã xong",
    "award_code": "Hình thức khen thưởng", "summary": "Tóm tắt thành tích", "votes_for": "Số phiếu đồng ý",
    "votes_total": "Tổng số phiếu", "submission_number": "Số tờ trình", "submission_date": "Ngày tờ trình",
    "decision_number": "Số quyết định", "decision_date": "Ngày quyết định", "decision_issuer": "Cơ quan quyết định",
    "awarded_code": "Hình thức được khen", "register_number": "Số vào sổ", "return_reason": "Lý do trả lại",
    "override_reason": "Lý do đề nghị khi chưa đủ điều kiện", "movement_id": "Phong trào", "vote_id": "Cuộc bỏ phiếu",
}  # fmt: skip
_CALENDAR_KINDS = {"dang_ky": "Hạn đăng ký thi đua", "so_ket": "Sơ kết 6 tháng", "tong_ket": "Tổng kết năm",
                   "han_de_nghi": "Hạn gửi đề nghị khen thưởng", "khac": "Việc khác"}  # fmt: skip
CODES: dict[tuple[str, str], Mapping[str, str]] = {
    ("*", "role"): Role.labels(), ("*", "award_track"): AwardTrack.labels(),
    ("movements", "kind"): MovementKind.labels(), ("reviews", "kind"): ReviewKind.labels(),
    ("criteria", "kind"): {k.value: v for k, v in scoring_rules.KIND_LABELS.items()},
    ("proposals", "kind"): CommendationKind.labels(), ("proposals", "status"): ProposalStatus.labels(),
    ("calendar_events", "kind"): _CALENDAR_KINDS, ("votes", "status"): {"mo": "Đang mở", "da_khoa": "Đã khóa"},
    ("votes", "base"): {"phat_ra": "số phiếu phát ra", "hop_le": "số phiếu hợp lệ"},
    ("ballots", "state"): {k.value: v for k, v in STATE_LABELS.items()},
}  # fmt: skip


# --- the preview -------------------------------------------------------------------------------------
@dataclass
class Difference:
    field: str
    label: str  # the field, in Vietnamese
    mine: Any
    theirs: Any
    mine_text: str  # as a person reads it: names, dd/mm/yyyy, labels
    theirs_text: str


@dataclass
class PreviewRow:
    table: str
    key: str  # stable across preview and merge: what a choice names
    label: str  # the row, in Vietnamese
    status: str  # NEW, SAME, CONFLICT, ERROR
    differences: list[Difference] = field(default_factory=list)
    note: str = ""  # why an error; for units, how the unit was matched
    matched_by: str = ""  # units: "uid", "code" or "name"

    @property
    def table_label(self) -> str:
        """What the table holds, as a heading: "Điểm của đơn vị"."""
        return heading(TABLE_LABELS.get(self.table, self.table))

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    def describe(self) -> str:
        """The differences (or the note) in one line."""
        if self.differences:
            return "; ".join(
                f"{d.label}: bàn này “{d.mine_text}”, tệp “{d.theirs_text}”" for d in self.differences
            )
        return self.note


@dataclass
class Preview:
    kind: str  # "year" or "unit"
    manifest: dict[str, Any]
    cluster_id: int | None  # this desk's cluster the file was matched with (None: a new one)
    rows: list[PreviewRow]

    def counts(self) -> dict[str, dict[str, int]]:
        """table -> status -> how many rows, tables in merge order."""
        out: dict[str, dict[str, int]] = {}
        for r in self.rows:
            out.setdefault(r.table, dict.fromkeys(STATUS_LABELS, 0))[r.status] += 1
        return out

    def total(self, status: str) -> int:
        return sum(r.status == status for r in self.rows)

    def writes(self, choices: Mapping[str, str] | str | None = None) -> int:
        """Rows a merge with ``choices`` would write."""
        return sum(
            r.status == NEW or (r.status == CONFLICT and choice_for(choices, r) == THEIRS) for r in self.rows
        )

    def summary_lines(self) -> list[str]:
        out = []
        for table, n in self.counts().items():
            parts = [f"{n[s]} {STATUS_LABELS[s].lower()}" for s in STATUS_LABELS if n[s]]
            out.append(f"{heading(TABLE_LABELS.get(table, table))}: {', '.join(parts)}")
        return out


def choice_for(choices: Mapping[str, str] | str | None, row: PreviewRow) -> str:
    """The side chosen for a conflicting row: by its key, its table (``"table:*"``), or
    for all (``"*"``, or ``choices`` given as a plain ``MINE``/``THEIRS``); else ``MINE``."""
    if isinstance(choices, str):
        return choices
    choices = choices or {}
    return choices.get(row.key) or choices.get(f"{row.table}:*") or choices.get("*") or MINE


@dataclass
class MergeResult:
    inserted: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    kept: int = 0  # conflicts where this desk's version was kept
    errors: int = 0  # rows left out
    backup: Path | None = None

    @property
    def written(self) -> int:
        return sum(self.inserted.values()) + sum(self.updated.values())

    def describe(self) -> str:
        files = self.inserted.get("attachments", 0)
        return (
            f"Đã ghi {sum(self.inserted.values())} dòng mới"
            + (f" (trong đó {files} tài liệu đính kèm)" if files else "")
            + f", cập nhật {sum(self.updated.values())} dòng; "
            f"giữ bản của bàn này ở {self.kept} dòng khác nhau; bỏ qua {self.errors} dòng lỗi."
        )


# --- export ------------------------------------------------------------------------------------------
def display_value(table: str, column: str, value: Any) -> str:
    """A stored value as a person reads it (labels for codes, dd/mm/yyyy, decimal comma)."""
    if value is None or value == "":
        return "(trống)"
    codes = CODES.get((table, column)) or CODES.get(("*", column))
    if codes is not None:
        return codes.get(value, str(value))
    if column in ("award_code", "awarded_code"):
        return award_name(value)
    if column in ("present", "done"):
        return "Có" if value else "Không"
    if column in ("closed_at", "entered_at", "created_at") and isinstance(value, str) and len(value) >= 16:
        return f"{format_vn_date(value[:10])} {value[11:16]}"
    if column.endswith(("_on", "_date")) and isinstance(value, str):
        return format_vn_date(value)
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return str(value)


# columns whose values must be whole numbers, numbers, or dates (ISO text), whatever the file says
_INTS = {"year", "position", "issued", "leading_places", "commend_places", "number", "votes_for", "votes_total",
         "present", "done"}  # fmt: skip
_NUMBERS = {"max_points", "self_score", "agreed_score", "threshold_percent"}
_DATES = {"founded_on", "doc_date", "start_date", "end_date", "registered_on", "held_on", "due_on",
          "submission_date", "decision_date"}  # fmt: skip
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# A hand-over carries the cluster's year: the proposals its vote made, at "Đã bình xét" at most;
# never what happens after (tờ trình, quyết định, bằng), which the deciding desk records itself.
HANDOVER_STATUSES = ("du_thao", "da_binh_xet")
_AFTER_THE_VOTE = ("submission_number", "submission_date", "decision_number", "decision_date", "decision_issuer",
                   "awarded_code", "register_number")  # fmt: skip


def value_problem(table: str, values: Mapping[str, Any]) -> str | None:
    """Why values read from a file cannot be stored, checked as a form checks what is typed:
    a wrong type or range, an unknown code, text a file cannot hold; for proposals, anything
    past the vote (a decision, a certificate) and an award not in the catalogue for collectives."""
    for column, value in values.items():
        label = FIELD_LABELS.get(column, column)
        if value is None:
            continue
        if not isinstance(value, str | int | float):
            return f"{label}: giá trị trong tệp không đọc được."
        if isinstance(value, int) and not -(2**62) < value < 2**62:
            return f"{label}: số {str(value)[:30]}… quá lớn."
        if isinstance(value, float) and not math.isfinite(value):
            return f"{label}: giá trị trong tệp không phải là số."
        if column in _INTS and (not isinstance(value, int) or not -(10**9) < value < 10**9):
            return f"{label}: “{str(value)[:30]}” không phải số nguyên hợp lệ."
        if column in _NUMBERS and (isinstance(value, str) or not -(10**6) < value < 10**6):
            return f"{label}: “{str(value)[:30]}” không phải số hợp lệ."
        if column in _DATES and (
            not isinstance(value, str) or not _ISO_DATE.match(value) or not _real_date(value)
        ):
            return f"{label}: “{str(value)[:30]}” không phải ngày hợp lệ."
        if isinstance(value, str):
            problem = rows.text_problem(column, value)
            if problem:
                return f"{label}: {problem}"
        codes = CODES.get((table, column)) or CODES.get(("*", column))
        if codes is not None and value not in codes:
            return f"{label}: “{str(value)[:60]}” không phải giá trị hợp lệ."
    if table == "proposals":
        return _proposal_problem(values)
    return None


def _real_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _proposal_problem(values: Mapping[str, Any]) -> str | None:
    if values.get("status", "da_binh_xet") not in HANDOVER_STATUSES:
        status = ProposalStatus.labels().get(values["status"], values["status"])
        return (f"Đề nghị ở trạng thái “{status}”: tệp bàn giao chỉ mang đề nghị do cuộc bỏ phiếu của khối lập (đã "
                "bình xét); việc trình, quyết định, cấp bằng do bàn quyết định tự ghi.")  # fmt: skip
    past = [FIELD_LABELS[c].lower() for c in _AFTER_THE_VOTE if values.get(c) not in (None, "")]
    if past:
        return f"Đề nghị mang {', '.join(past)}: tệp bàn giao không mang quyết định khen thưởng."
    code = values.get("award_code")
    award = BY_CODE.get(code) if isinstance(code, str) else None
    if award is None:
        return (
            f"Hình thức khen thưởng “{str(code)[:40]}” không có trong danh mục của Luật Thi đua, khen thưởng."
        )
    if values.get("subject", "tap_the") != "tap_the" or not award.for_subject("tap_the"):
        return f"“{award.name}” không phải hình thức cho tập thể; tệp bàn giao chỉ mang đề nghị cho đơn vị của khối."
    return None


def heading(text: str) -> str:
    return text[:1].upper() + text[1:]
