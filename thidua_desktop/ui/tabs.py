"""The four working tabs: what each lists, its form, filters and details panel."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

import sqlite_utils
from PySide6.QtGui import QUndoStack

from thidua_desktop.domain.models import (
    AwardTrack,
    CommendationKind,
    InitiativeLevel,
    MovementKind,
    ProposalStatus,
    Rating,
    ReviewKind,
    Role,
    Sex,
    Subject,
)
from thidua_desktop.domain.subjects import CollectiveType, PersonGroup
from thidua_desktop.domain.text import vn_number
from thidua_desktop.rules import eligibility
from thidua_desktop.rules.catalogue import AWARDS, BY_CODE, award_name
from thidua_desktop.rules.eligibility import Status
from thidua_desktop.store import (
    StoreError,
    desk_settings,
    individuals,
    lookups,
    movements,
    nominees,
    proposals,
    rows,
    units,
    workflow,
)
from thidua_desktop.ui import formats as fmt
from thidua_desktop.ui import messages
from thidua_desktop.ui.forms import Field, RecordForm, birth_date_check, birth_year_check, year_check
from thidua_desktop.ui.record_tab import DetailAction, FilterSpec, RecordSpec, RecordTab
from thidua_desktop.ui.table_model import ColumnView as C

Db = sqlite_utils.Database


def _choices(enum) -> list[tuple[str, str]]:
    return [(m.value, m.label) for m in enum]


def _quoted(kind: str, name: str) -> str:
    return f"{kind} “{name}”"


def _table(headers: list[str], body: list[list[Any]]) -> str:
    if not body:
        return "<p><i>Chưa có.</i></p>"
    head = "".join(f"<th align='left'>{escape(h)}</th>" for h in headers)
    lines = "".join(
        "<tr>" + "".join(f"<td>{escape('' if c is None else str(c))}</td>" for c in r) + "</tr>" for r in body
    )
    return f"<table cellspacing='0' cellpadding='3' border='1'><tr>{head}</tr>{lines}</table>"


# --- Đơn vị thành viên ---------------------------------------------------------------------
def _unit_fields(db: Db, row_id: int | None) -> list[Field]:
    return [
        Field("name", "Tên đơn vị", required=True),
        Field("short_name", "Tên viết tắt"),
        Field("code", "Mã"),
        Field("award_track", "Khối danh hiệu", "choice", required=True, choices=_choices(AwardTrack)),
        Field("collective_type", "Loại đối tượng", "choice", required=True, choices=_choices(CollectiveType)),
        Field("founded_on", "Ngày thành lập", "date"),
    ]


def _unit_load(db: Db, row_id: int):
    u = rows.get(db, "units", row_id)
    keys = ("name", "short_name", "code", "award_track", "founded_on", "collective_type")
    values = {k: u[k] for k in keys}
    values["founded_on"] = date.fromisoformat(u["founded_on"]) if u["founded_on"] else None
    return values, {}


def _unit_create(db: Db, v: dict[str, Any]) -> int:
    unit_id = units.create_unit(
        db, v["name"], short_name=v["short_name"], code=v["code"],
        award_track=AwardTrack(v["award_track"]), founded_on=v["founded_on"],
    )  # fmt: skip
    if v.get("collective_type") not in (None, CollectiveType.COLLECTIVE):
        units.update_unit(db, unit_id, collective_type=v["collective_type"])
    return unit_id


def _unit_detail(db: Db, row_id: int) -> str:
    h = units.history(db, row_id)
    unit = rows.get(db, "units", row_id)
    parts = [f"<h3>{escape(unit['name'])}</h3>"]
    if unit["merged_into_id"]:
        target = rows.get(db, "units", unit["merged_into_id"])
        parts.append(
            f"<p><b>Đã sáp nhập vào “{escape(target['name'])}” từ {fmt.vn_date(unit['dissolved_on'])}.</b></p>"
        )
    parts.append("<h4>Tên qua các thời kỳ</h4>")
    parts.append(
        _table(
            ["Tên", "Từ ngày", "Đến ngày"],
            [[n["name"], fmt.vn_date(n["valid_from"]), fmt.vn_date(n["valid_to"])] for n in h["names"]],
        )
    )
    parts.append("<h4>Thành viên khối theo năm</h4>")
    parts.append(
        _table(
            ["Năm", "Khối", "Vai trò", "Khối danh hiệu"],
            [
                [m["year"], m["cluster"], fmt.role(m["role"]), fmt.track(m["award_track"])]
                for m in h["memberships"]
            ],
        )
    )
    parts.append("<h4>Khối trưởng, khối phó các năm</h4>")
    parts.append(
        _table(
            ["Năm", "Vai trò", "Đơn vị"], [[m["year"], fmt.role(m["role"]), m["name"]] for m in h["heads"]]
        )
    )
    return "".join(parts)


def _rename_unit(tab: RecordTab, row_id: int) -> None:
    unit = rows.get(tab.db, "units", row_id)
    form = RecordForm(
        f"Đổi tên đơn vị “{unit['name']}”",
        [
            Field("name", "Tên mới", required=True),
            Field("short_name", "Tên viết tắt mới"),
            Field("effective", "Dùng tên mới từ ngày", "date", required=True),
        ],
        {"short_name": unit["short_name"]},
        parent=tab,
    )
    if messages.run_dialog(form):
        v = form.values()
        tab.run_undoable(
            f"đổi tên đơn vị “{unit['name']}”",
            _unit_groups(row_id),
            lambda: units.rename_unit(tab.db, row_id, v["name"], v["effective"], short_name=v["short_name"]),
            after_restore=lambda db: proposals.refresh_nominee(db, unit_id=row_id),
        )


def _merge_unit(tab: RecordTab, row_id: int) -> None:
    unit = rows.get(tab.db, "units", row_id)
    others = [(i, n) for i, n in lookups.units(tab.db, active_only=True) if i != row_id]
    form = RecordForm(
        f"Sáp nhập “{unit['name']}” vào đơn vị khác",
        [
            Field("target", "Sáp nhập vào", "choice", required=True, choices=others),
            Field("effective", "Từ ngày", "date", required=True),
        ],
        parent=tab,
    )
    if messages.run_dialog(form):
        v = form.values()
        if messages.ask(
            tab, f"Sáp nhập “{unit['name']}”? Các năm trước vẫn giữ tên và hồ sơ cũ.", "Sáp nhập"
        ):
            tab.run_undoable(
                f"sáp nhập “{unit['name']}”",
                _unit_groups(row_id),
                lambda: units.merge_units(tab.db, row_id, v["target"], v["effective"]),
            )


def _set_membership(tab: RecordTab, row_id: int) -> None:
    unit = rows.get(tab.db, "units", row_id)
    form = RecordForm(
        f"Thành viên khối của “{unit['name']}”",
        [
            Field("cluster_id", "Khối thi đua", "choice", required=True, choices=lookups.clusters(tab.db)),
            Field("year", "Năm", "int", required=True, check=year_check),
            Field("role", "Vai trò", "choice", required=True, choices=_choices(Role)),
            Field("award_track", "Khối danh hiệu", "choice", required=True, choices=_choices(AwardTrack)),
        ],
        {"year": date.today().year, "role": Role.MEMBER.value, "award_track": unit["award_track"]},
        parent=tab,
    )
    if messages.run_dialog(form):
        v = form.values()
        tab.run_undoable(
            f"thành viên khối năm {v['year']} của “{unit['name']}”",
            # the cluster's rows (a new head demotes the old one) and the unit's (it may move)
            [("memberships", "cluster_id", v["cluster_id"]), ("memberships", "unit_id", row_id)],
            lambda: units.set_membership(
                tab.db, v["cluster_id"], row_id, v["year"], Role(v["role"]), AwardTrack(v["award_track"])
            ),
        )


def _unit_groups(unit_id: int) -> list:
    return [("units", "id", unit_id), ("unit_names", "unit_id", unit_id), ("memberships", "unit_id", unit_id)]


UNITS = RecordSpec(
    table="units",
    noun="đơn vị",
    fields=_unit_fields,
    load=_unit_load,
    create=_unit_create,
    update=lambda db, i, v: units.update_unit(db, i, **v),
    describe=lambda db, i: _quoted("đơn vị", rows.get(db, "units", i)["name"]),
    filters=[
        FilterSpec(
            "year",
            "Năm",
            lambda db: [(y, str(y)) for y in lookups.years(db, "memberships")],
            default=lambda db: next(iter(lookups.years(db, "memberships")), None),
        ),
        FilterSpec("cluster_id", "Khối", lookups.clusters),
    ],  # fmt: skip
    detail=_unit_detail,
    detail_actions=[
        DetailAction("Đổi tên…", _rename_unit),
        DetailAction("Sáp nhập vào đơn vị khác…", _merge_unit),
        DetailAction("Thành viên khối, vai trò theo năm…", _set_membership),
        DetailAction("Hồ sơ, tài liệu của đơn vị…", lambda t, i: _attachments_ui().unit_attachments(t, i)),
    ],
)


def units_tab(db: Db, undo: QUndoStack) -> RecordTab:
    return RecordTab(
        db,
        units.LISTING,
        [
            C("code", "Mã", width=70),
            C("name", "Tên đơn vị", width=300),
            C("short_name", "Tên viết tắt", width=120),
            C("award_track", "Khối danh hiệu", fmt.track, width=140),
            C("cluster", "Khối thi đua", width=150),
            C("role", "Vai trò trong khối", fmt.role, width=130),
            C("status", "Tình trạng"),
        ],
        UNITS,
        undo,
        placeholder="Tên hoặc mã đơn vị (gõ không dấu cũng được)",
    )


# --- Phong trào thi đua ---------------------------------------------------------------------
def _period_check(value: date | None, values: dict) -> str | None:
    start = values.get("start_date")
    if value and start and value < start:
        return "Ngày kết thúc phải sau ngày bắt đầu."
    return None


def _movement_fields(db: Db, row_id: int | None) -> list[Field]:
    return [
        Field("name", "Tên phong trào", "multiline", required=True),
        Field("year", "Năm", "int", required=True, check=year_check),
        Field("kind", "Loại", "choice", required=True, choices=_choices(MovementKind)),
        Field("doc_number", "Văn bản phát động", placeholder="Chỉ thị số 24/CT-UBND"),
        Field("doc_date", "Ngày ban hành", "date"),
        Field("doc_issuer", "Cơ quan phát động", placeholder="Ủy ban nhân dân tỉnh Đắk Lắk"),
        Field("start_date", "Từ ngày", "date"),
        Field("end_date", "Đến ngày", "date", check=_period_check),
        Field("cluster_id", "Khối thi đua", "choice", choices=lookups.clusters(db)),
        Field("note", "Ghi chú", "multiline"),
    ]


def _iso_dates(values: dict[str, Any], *keys: str) -> dict[str, Any]:
    for k in keys:
        if values.get(k):
            values[k] = date.fromisoformat(values[k])
    return values


def _movement_load(db: Db, row_id: int):
    m = rows.get(db, "movements", row_id)
    values = {k: m[k] for k in movements.MOVEMENT_FIELDS}
    return _iso_dates(values, "doc_date", "start_date", "end_date"), {}


def _movement_detail(db: Db, row_id: int) -> str:
    m = rows.get(db, "movements", row_id)
    regs = movements.registrations(db, row_id)
    parts = [f"<h3>{escape(m['name'])}</h3>"]
    if m["doc_number"]:
        parts.append(
            f"<p>{escape(m['doc_number'])} ngày {fmt.vn_date(m['doc_date'])} của {escape(m['doc_issuer'])}</p>"
        )
    reviews = movements.reviews(db, m["cluster_id"], m["year"]) if m["cluster_id"] else []
    parts.append(f"<h4>Hội nghị sơ kết, tổng kết năm {m['year']}</h4>")
    parts.append(
        _table(
            ["Hội nghị", "Ngày", "Đơn vị đăng cai", "Đồng chủ trì", "Đăng cai lần sau"],
            [[ReviewKind(r["kind"]).label, fmt.vn_date(r["held_on"]), r["host"], r["cohost"], r["next_host"]]
             for r in reviews],
        )
    )  # fmt: skip
    parts.append(f"<h4>Đăng ký thi đua ({len(regs)} đơn vị)</h4>")
    parts.append(
        "".join(
            f"<p><b>{escape(r['unit'])}</b> ({fmt.vn_date(r['registered_on'])}): {escape(r['titles'])}"
            + (f"<br><i>Chỉ tiêu:</i> {escape(r['targets'])}" if r["targets"] else "")
            + "</p>"
            for r in regs
        )
        or "<p><i>Chưa có.</i></p>"
    )
    return "".join(parts)


def _register_unit(tab: RecordTab, row_id: int) -> None:
    form = RecordForm(
        "Đăng ký thi đua của đơn vị",
        [
            Field(
                "unit_id", "Đơn vị", "choice", required=True, choices=lookups.units(tab.db, active_only=True)
            ),
            Field("registered_on", "Ngày đăng ký", "date"),
            Field("titles", "Danh hiệu đăng ký", "multiline"),
            Field("targets", "Chỉ tiêu", "multiline"),
        ],
        parent=tab,
    )
    if messages.run_dialog(form):
        v = form.values()
        tab.run_undoable(
            "đăng ký thi đua",
            [("registrations", "movement_id", row_id)],
            lambda: movements.register_unit(
                tab.db,
                row_id,
                v["unit_id"],
                registered_on=v["registered_on"],
                titles=v["titles"],
                targets=v["targets"],
            ),
        )


def _add_review(tab: RecordTab, row_id: int) -> None:
    m = rows.get(tab.db, "movements", row_id)
    if not m["cluster_id"]:
        messages.error(tab, "Phong trào chưa gắn với khối thi đua nào. Hãy sửa phong trào, chọn khối trước.")
        return
    choices = lookups.units(tab.db, active_only=True)
    form = RecordForm(
        f"Hội nghị sơ kết, tổng kết năm {m['year']}",
        [
            Field("kind", "Hội nghị", "choice", required=True, choices=_choices(ReviewKind)),
            Field("held_on", "Ngày tổ chức", "date", required=True),
            Field("host", "Đơn vị đăng cai", "choice", required=True, choices=choices),
            Field("cohost", "Đồng chủ trì", "choice", choices=choices),
            Field("next_host", "Đăng cai lần sau", "choice", choices=choices),
            Field("place", "Địa điểm"),
        ],
        parent=tab,
    )
    if messages.run_dialog(form):
        v = form.values()
        tab.run_undoable(
            f"hội nghị năm {m['year']}",
            [("reviews", "cluster_id", m["cluster_id"])],
            lambda: movements.add_review(
                tab.db, m["cluster_id"], m["year"], ReviewKind(v["kind"]), held_on=v["held_on"],
                host_unit_id=v["host"], cohost_unit_id=v["cohost"], next_host_unit_id=v["next_host"],
                place=v["place"],
            ),
        )  # fmt: skip


MOVEMENTS = RecordSpec(
    table="movements",
    noun="phong trào",
    fields=_movement_fields,
    load=_movement_load,
    create=lambda db, v: movements.create_movement(db, **{**v, "kind": MovementKind(v["kind"])}),
    update=lambda db, i, v: movements.update_movement(db, i, **v),
    describe=lambda db, i: _quoted("phong trào", rows.get(db, "movements", i)["name"][:60]),
    filters=[
        FilterSpec("year", "Năm", lambda db: [(y, str(y)) for y in lookups.years(db, "movements")]),
        FilterSpec("kind", "Loại", lambda db: _choices(MovementKind)),
    ],
    detail=_movement_detail,
    detail_actions=[
        DetailAction("Đăng ký thi đua của đơn vị…", _register_unit),
        DetailAction("Hội nghị sơ kết, tổng kết…", _add_review),
    ],
)


def movements_tab(db: Db, undo: QUndoStack) -> RecordTab:
    return RecordTab(
        db,
        movements.LISTING,
        [
            C("year", "Năm", align_right=True, width=60),
            C("name", "Tên phong trào", width=380),
            C("kind", "Loại", fmt.movement_kind, width=130),
            C("doc_number", "Văn bản phát động", width=170),
            C("doc_date", "Ngày ban hành", fmt.vn_date, width=110),
            C("doc_issuer", "Cơ quan phát động", width=200),
            C("period", "Thời gian", fmt.period, width=180),
            C("registrations", "Đơn vị đăng ký", align_right=True),
        ],
        MOVEMENTS,
        undo,
        placeholder="Tên phong trào, số văn bản, cơ quan phát động",
    )


# --- Cá nhân điển hình ----------------------------------------------------------------------
EXEMPLARY_KINDS = [
    ("Điển hình tiên tiến", "Điển hình tiên tiến"),
    ("Gương người tốt, việc tốt", "Gương người tốt, việc tốt"),
]


def _person_fields(db: Db, row_id: int | None) -> list[Field]:
    return [
        Field("full_name", "Họ và tên", required=True),
        Field("sex", "Giới tính", "choice", required=True, choices=_choices(Sex)),
        Field("birth_date", "Ngày sinh", "date", check=birth_date_check),
        Field("birth_year", "Năm sinh", "int", check=birth_year_check),
        Field("ethnicity", "Dân tộc"),
        Field("rank", "Cấp bậc"),
        Field("position", "Chức vụ"),
        Field("person_group", "Nhóm đối tượng (thống kê)", "choice", choices=_choices(PersonGroup)),
        Field("unit_id", "Đơn vị", "choice", choices=lookups.units(db)),
        Field("under_review", "Đang bị xem xét kỷ luật, điều tra, giải quyết khiếu nại", "check"),
        Field("is_exemplary", "Là điển hình", "check"),
        Field("exemplary_kind", "Loại điển hình", "choice", choices=EXEMPLARY_KINDS,
              check=lambda v, vs: "Hãy chọn loại điển hình." if vs.get("is_exemplary") and not v else None),
        Field("exemplary_note", "Tóm tắt gương điển hình", "multiline",
              check=lambda v, vs: "Hãy viết vài dòng về gương điển hình." if vs.get("is_exemplary") and not v else None),
    ]  # fmt: skip


def _person_values(v: dict[str, Any]) -> dict[str, Any]:
    v = dict(v)
    v["exemplary_kind"] = v.get("exemplary_kind") or ""
    return v


def _person_prepare(v: dict[str, Any]) -> dict[str, Any]:
    v = dict(v)
    if v.get("birth_date") and not v.get("birth_year"):
        v["birth_year"] = v["birth_date"].year
    return v


def _person_changes(v: dict[str, Any]) -> dict[str, Any]:
    v = dict(v)
    for key in ("exemplary_kind", "exemplary_note", "ethnicity", "rank", "position", "person_group"):
        if key in v and v[key] is None:
            v[key] = ""
    return v


def _person_load(db: Db, row_id: int):
    p = rows.get(db, "individuals", row_id)
    values = {k: p[k] for k in individuals.PERSON_FIELDS}
    values["is_exemplary"] = bool(values["is_exemplary"])
    values["under_review"] = bool(values["under_review"])
    values["exemplary_kind"] = values["exemplary_kind"] or None
    values["person_group"] = values["person_group"] or None
    return _iso_dates(values, "birth_date"), {}


def _person_create(db: Db, v: dict[str, Any]) -> int:
    v = _person_values(v)
    pid = individuals.create_individual(
        db, v["full_name"], Sex(v["sex"]), unit_id=v["unit_id"], birth_year=v["birth_year"],
        birth_date=v["birth_date"], ethnicity=v["ethnicity"], rank=v["rank"], position=v["position"],
    )  # fmt: skip
    if v.get("under_review"):
        individuals.update_individual(db, pid, under_review=True)
    if v.get("person_group"):
        individuals.update_individual(db, pid, person_group=v["person_group"])
    if v["is_exemplary"]:
        individuals.update_individual(
            db, pid, is_exemplary=True, exemplary_kind=v["exemplary_kind"], exemplary_note=v["exemplary_note"]
        )
    return pid


def _person_warn(db: Db, v: dict[str, Any], row_id: int | None) -> str | None:
    if not v.get("full_name"):
        return None
    year = v.get("birth_year") or (v["birth_date"].year if v.get("birth_date") else None)
    same = lookups.same_person(db, v["full_name"], year, v.get("unit_id"), row_id)
    if same:
        return (
            f"Lưu ý: đã có {len(same)} người cùng họ tên, năm sinh và đơn vị. "
            "Kiểm tra xem có phải cùng một người không trước khi lưu."
        )
    return None


def _person_detail(db: Db, row_id: int) -> str:
    p = rows.get(db, "individuals", row_id)
    h = individuals.history(db, row_id)
    parts = [f"<h3>{escape(p['full_name'])}</h3>"]
    if p["under_review"]:
        parts.append("<p style='color:#b00020'><b>Đang bị xem xét kỷ luật, điều tra hoặc giải quyết khiếu nại: "
                     "chưa khen thưởng.</b></p>")  # fmt: skip
    if p["is_exemplary"]:
        parts.append(f"<p><b>{escape(p['exemplary_kind'])}</b>: {escape(p['exemplary_note'])}</p>")
    by_year: dict[int, list[str]] = {}
    for r in h["ratings"]:
        by_year.setdefault(r["year"], ["", ""])[0] = Rating(r["rating"]).label
    for a in h["awards"]:
        entry = by_year.setdefault(a["year"], ["", ""])
        text = award_name(a["award_code"])
        if a["decision_number"]:
            text += f" (QĐ {a['decision_number']} ngày {fmt.vn_date(a['decision_date'])})"
        if a["legacy"]:
            text += " – trước khi dùng phần mềm"
        entry[1] = f"{entry[1]}; {text}" if entry[1] else text
    parts.append("<h4>Xếp loại và danh hiệu theo năm</h4>")
    parts.append(
        _table(
            ["Năm", "Xếp loại", "Danh hiệu, khen thưởng"],
            [[y, *by_year[y]] for y in sorted(by_year, reverse=True)],
        )
    )
    parts.append("<h4>Sáng kiến</h4>")
    parts.append(
        _table(
            ["Năm", "Sáng kiến", "Cấp", "Đã dùng cho"],
            [[i["year"], i["title"], InitiativeLevel(i["level"]).label, _used_by(db, i["used_by_award_id"])]
             for i in h["initiatives"]],
        )
    )  # fmt: skip
    parts.append("<h4>Đề nghị khen thưởng và quyết định</h4>")
    parts.append(
        _table(
            ["Năm", "Hình thức", "Trạng thái", "Phiếu", "Quyết định"],
            [[r["year"], award_name(r["award_code"]), fmt.status(r["status"]),
              f"{r['votes_for']}/{r['votes_total']}" if r["votes_total"] else "",
              f"{r['decision_number']} ngày {fmt.vn_date(r['decision_date'])}" if r["decision_number"] else ""]
             for r in proposals.history(db, individual_id=row_id)],
        )
    )  # fmt: skip
    return "".join(parts)


def _used_by(db: Db, award_id: int | None) -> str:
    if not award_id:
        return "chưa dùng"
    a = rows.get(db, "awards", award_id)
    return f"{award_name(a['award_code'])} năm {a['year']}" if a else ""


def _add_rating(tab: RecordTab, row_id: int) -> None:
    person = rows.get(tab.db, "individuals", row_id)
    form = RecordForm(
        f"Xếp loại năm của “{person['full_name']}”",
        [
            Field("year", "Năm", "int", required=True, check=year_check),
            Field("rating", "Xếp loại", "choice", required=True, choices=_choices(Rating)),
            Field("months", "Số tháng công tác trong năm", "int", minimum=0, maximum=12),
        ],
        {"year": date.today().year - 1},
        parent=tab,
    )
    if messages.run_dialog(form):
        v = form.values()
        tab.run_undoable(
            f"xếp loại năm {v['year']} của “{person['full_name']}”",
            [("ratings", "individual_id", row_id)],
            lambda: individuals.set_rating(
                tab.db, v["year"], Rating(v["rating"]), individual_id=row_id, months_worked=v["months"]
            ),
        )


def _add_award(tab: RecordTab, row_id: int) -> None:
    person = rows.get(tab.db, "individuals", row_id)
    form = RecordForm(
        f"Danh hiệu, khen thưởng đã nhận của “{person['full_name']}”",
        [
            Field("year", "Năm thành tích", "int", required=True, check=year_check),
            Field("award_code", "Danh hiệu, hình thức", "choice", required=True,
                  choices=[(a.code, a.name) for a in AWARDS if a.for_subject("ca_nhan")]),
            Field("kind", "Loại khen thưởng", "choice", required=True, choices=_choices(CommendationKind)),
            Field("decision_number", "Số quyết định"),
            Field("decision_date", "Ngày quyết định", "date"),
            Field("issuer", "Cấp, người ký"),
            Field("legacy", "Nhận trước khi dùng phần mềm (kể cả theo Luật 2003)", "check"),
        ],
        parent=tab,
    )  # fmt: skip
    if messages.run_dialog(form):
        v = form.values()
        tab.run_undoable(
            f"danh hiệu năm {v['year']} của “{person['full_name']}”",
            [("awards", "individual_id", row_id)],
            lambda: individuals.add_award(
                tab.db, v["year"], v["award_code"], individual_id=row_id, kind=CommendationKind(v["kind"]),
                decision_number=v["decision_number"], decision_date=v["decision_date"], issuer=v["issuer"],
                legacy=v["legacy"],
            ),
        )  # fmt: skip


def _add_initiative(tab: RecordTab, row_id: int) -> None:
    person = rows.get(tab.db, "individuals", row_id)
    form = RecordForm(
        f"Sáng kiến của “{person['full_name']}”",
        [
            Field("title", "Tên sáng kiến", "multiline", required=True),
            Field("year", "Năm công nhận", "int", required=True, check=year_check),
            Field("level", "Phạm vi ảnh hưởng", "choice", required=True, choices=_choices(InitiativeLevel)),
            Field("decision_number", "Số quyết định công nhận"),
            Field("decision_date", "Ngày quyết định", "date"),
        ],
        parent=tab,
    )
    if messages.run_dialog(form):
        v = form.values()
        tab.run_undoable(
            f"sáng kiến của “{person['full_name']}”",
            [("initiatives", "individual_id", row_id)],
            lambda: individuals.add_initiative(
                tab.db, row_id, v["title"], v["year"], level=InitiativeLevel(v["level"]),
                decision_number=v["decision_number"], decision_date=v["decision_date"],
            ),
        )  # fmt: skip


PEOPLE = RecordSpec(
    table="individuals",
    noun="cá nhân",
    fields=_person_fields,
    load=_person_load,
    create=_person_create,
    update=lambda db, i, v: individuals.update_individual(db, i, **_person_changes(v)),
    describe=lambda db, i: _quoted("cá nhân", rows.get(db, "individuals", i)["full_name"]),
    warn=_person_warn,
    prepare=_person_prepare,
    filters=[
        FilterSpec("unit_id", "Đơn vị", lambda db: lookups.units(db)),
        FilterSpec("sex", "Giới tính", lambda db: _choices(Sex)),
        FilterSpec("exemplary", "Chỉ điển hình"),
    ],
    detail=_person_detail,
    detail_actions=[
        DetailAction("Xếp loại năm…", _add_rating),
        DetailAction("Danh hiệu, khen thưởng đã nhận…", _add_award),
        DetailAction("Sáng kiến…", _add_initiative),
    ],
)


def individuals_tab(db: Db, undo: QUndoStack) -> RecordTab:
    return RecordTab(
        db,
        individuals.LISTING,
        [
            C("full_name", "Họ và tên", width=200),
            C("sex", "Giới tính", fmt.sex, width=75),
            C("birth_year", "Năm sinh", align_right=True, width=75),
            C("rank", "Cấp bậc", width=90),
            C("position", "Chức vụ", width=190),
            C("unit", "Đơn vị", width=260),
            C("is_exemplary", "Điển hình", fmt.yes_no),
        ],
        PEOPLE,
        undo,
        placeholder="Họ tên, chức vụ, cấp bậc (gõ không dấu cũng được)",
    )


# --- Đề nghị khen thưởng --------------------------------------------------------------------
STATUS_COLOURS = {
    ProposalStatus.DRAFT.value: "#eeeeee",
    ProposalStatus.VOTED.value: "#fff3c4",
    ProposalStatus.SUBMITTED.value: "#d6e9ff",
    ProposalStatus.APPROVED.value: "#d4f5d4",
    ProposalStatus.REJECTED.value: "#ffd6d6",
    ProposalStatus.RETURNED.value: "#ffe0c2",
    ProposalStatus.CERTIFIED.value: "#b9ecc0",
}


# --- workflow steps, from the details panel --------------------------------------------------
def _step(tab: RecordTab, title: str, fields: list[Field], run, values=None, warning: str = "") -> None:
    form = RecordForm(title, fields, values or {}, warn=(lambda _v: warning) if warning else None, parent=tab)
    if not messages.run_dialog(form):
        return
    try:
        run(form.values(), desk_settings.load(tab.db))
    except StoreError as exc:
        messages.error(tab, str(exc))


def _deliberate(tab: RecordTab, row_id: int) -> None:
    _step(tab, "Kết quả bình xét, bỏ phiếu", [
        Field("votes_for", "Số phiếu đồng ý", "int", required=True, minimum=0, check=_votes_check),
        Field("votes_total", "Tổng số thành viên hội đồng", "int", required=True, minimum=1),
    ], lambda v, s: workflow.deliberate(tab.db, row_id, v["votes_for"], v["votes_total"], s))  # fmt: skip


def _attachments_ui():
    from thidua_desktop.ui import attachments_ui  # the dossier's papers (issue 9)

    return attachments_ui


def _submit(tab: RecordTab, row_id: int) -> None:
    missing = _attachments_ui().missing_papers_warning(tab.db, row_id)  # a missing paper warns, never blocks
    failed = eligibility.blocking(nominees.findings_for_proposal(tab.db, row_id, desk_settings.load(tab.db)))
    fields = [Field("number", "Số tờ trình", required=True, placeholder="15/TTr-KTĐ3"),
              Field("on", "Ngày tờ trình", "date", required=True)]  # fmt: skip
    if failed:
        fields.append(Field("override", "Chưa đủ điều kiện; lý do vẫn trình", "multiline", required=True))
    _step(tab, "Trình đề nghị", fields, lambda v, s: workflow.submit(
        tab.db, row_id, v["number"], v["on"], s, override_reason=v.get("override") or ""), {"on": date.today()},
        warning=missing)  # fmt: skip


def _decide(tab: RecordTab, row_id: int) -> None:
    p = rows.get(tab.db, "proposals", row_id)
    results = [
        ("approved", "Được khen thưởng"),
        ("promoted", "Đạt khen cao hơn"),
        ("rejected", "Không được duyệt"),
    ]
    _step(tab, "Quyết định khen thưởng", [
        Field("result", "Kết quả", "choice", required=True, choices=results),
        Field("awarded", "Hình thức thực nhận (khi đạt khen cao)", "choice",
              choices=[(a.code, a.name) for a in AWARDS if a.for_subject(p["subject"])],
              check=lambda v, vs: "Hãy chọn hình thức thực nhận." if vs.get("result") == "promoted" and not v else None),
        Field("number", "Số quyết định", required=True, placeholder="163/QĐ-UBND"),
        Field("on", "Ngày quyết định", "date", required=True),
        Field("issuer", "Người ký", required=True),
    ], lambda v, s: workflow.decide(
        tab.db, row_id, approved=v["result"] != "rejected", number=v["number"], on=v["on"], issuer=v["issuer"],
        awarded_code=v["awarded"] if v["result"] == "promoted" else None),
        {"issuer": BY_CODE[p["award_code"]].issuer if p["award_code"] in BY_CODE else ""})  # fmt: skip


def _certificate(tab: RecordTab, row_id: int) -> None:
    _step(tab, "Cấp bằng", [Field("register", "Số vào sổ", required=True)],
          lambda v, s: workflow.issue_certificate(tab.db, row_id, v["register"]))  # fmt: skip


def _print_certificates(tab: RecordTab, row_id: int) -> None:
    from thidua_desktop.ui.certificate_dialog import open_for_proposals

    if getattr(tab.window(), "read_only", False):
        messages.error(
            tab, "Cửa sổ này chỉ xem (tệp đang mở ở máy khác); in bằng cần ghi số vào sổ và nhật ký in."
        )
        return
    open_for_proposals(tab.window(), tab.selected_ids() or [row_id])


def _spoil_certificate(tab: RecordTab, row_id: int) -> None:
    from thidua_desktop.store import certificates

    form = RecordForm("Bằng hỏng hoặc bị hủy", [
        Field("action", "Đánh dấu", "choice", required=True,
              choices=[("hong", "Hỏng khi in (in lại, giữ số vào sổ)"), ("huy", "Hủy bằng (không còn giá trị)")]),
        Field("reason", "Lý do", "multiline", required=True),
    ], {"action": "hong"}, parent=tab)  # fmt: skip
    if messages.run_dialog(form):
        v = form.values()
        tab.run_undoable("Đánh dấu bằng hỏng, hủy", [("certificate_prints", "proposal_id", row_id)],
                         lambda: certificates.mark(tab.db, row_id, v["action"], v["reason"]))  # fmt: skip


def _return(tab: RecordTab, row_id: int) -> None:
    _step(tab, "Trả lại đơn vị", [Field("reason", "Lý do trả lại", "multiline", required=True)],
          lambda v, s: workflow.return_to_unit(tab.db, row_id, v["reason"]))  # fmt: skip


def _reopen(tab: RecordTab, row_id: int) -> None:
    try:
        workflow.reopen(tab.db, row_id)
    except StoreError as exc:
        messages.error(tab, str(exc))


def _undo_step(tab: RecordTab, row_id: int) -> None:
    _step(tab, "Hoàn tác bước vừa làm", [Field("reason", "Lý do hoàn tác", "multiline", required=True)],
          lambda v, s: workflow.undo_step(tab.db, row_id, v["reason"]))  # fmt: skip


def _award_check(value: str | None, values: dict) -> str | None:
    award = BY_CODE.get(value or "")
    subject = values.get("subject")
    if award and subject and award.subject not in (subject, "ca_hai"):
        return f"“{award.name}” không dành cho {Subject(subject).label.lower()}."
    return None


def _nominee_check(value: Any, values: dict) -> str | None:
    if values.get("subject") == Subject.INDIVIDUAL.value and value is None:
        return "Hãy chọn cá nhân được đề nghị."
    return None


def _unit_nominee_check(value: Any, values: dict) -> str | None:
    if values.get("subject") == Subject.COLLECTIVE.value and value is None:
        return "Hãy chọn tập thể được đề nghị."
    return None


def _votes_check(value: int | None, values: dict) -> str | None:
    total = values.get("votes_total")
    if value is not None and total is not None and value > total:
        return "Số phiếu đồng ý không thể lớn hơn tổng số phiếu."
    return None


def _proposal_fields(db: Db, row_id: int | None) -> list[Field]:
    editing = row_id is not None
    fields = []
    award_check = _award_check
    if editing:  # the subject is fixed: check the award against it
        subject = rows.get(db, "proposals", row_id)["subject"]
        award_check = lambda v, values: _award_check(v, {**values, "subject": subject})  # noqa: E731
    if not editing:  # the nominee is chosen once; propose anew for someone else
        fields += [
            Field("subject", "Đối tượng", "choice", required=True, choices=_choices(Subject)),
            Field("individual_id", "Cá nhân", "search", search=lambda text: lookups.find_people(db, text),
                  check=_nominee_check, placeholder="Gõ họ tên (không dấu cũng được)"),
            Field("unit_id", "Tập thể", "search", search=lambda text: lookups.find_units(db, text),
                  check=_unit_nominee_check, placeholder="Gõ tên đơn vị"),
        ]  # fmt: skip
    fields += [
        Field("award_code", "Hình thức đề nghị", "choice", required=True,
              choices=[(a.code, a.name) for a in AWARDS], check=award_check),
        Field("year", "Năm thành tích", "int", required=True, check=year_check),
        Field("kind", "Loại khen thưởng", "choice", required=True, choices=_choices(CommendationKind)),
        Field("movement_id", "Phong trào", "choice", choices=lookups.movements(db)),
        Field("summary", "Tóm tắt thành tích", "multiline"),
    ]  # fmt: skip
    return fields  # votes, tờ trình, decision and register number go through the workflow steps


PROPOSAL_FORM_FIELDS = ("award_code", "year", "kind", "movement_id", "summary")


def findings_html(findings) -> str:
    """Eligibility findings in colour: green met, red not met, amber to be checked."""
    style = {Status.MET: ("#1b7f2a", "✓"), Status.NOT_MET: ("#b00020", "✗"), Status.CHECK: ("#9a6200", "?")}
    lines = []
    for f in findings:
        colour, mark = style[f.status]
        basis = f" <i>({escape(f.basis)})</i>" if f.basis else ""
        lines.append(f"<div style='color:{colour}'>{mark} {escape(f.text)}{basis}</div>")
    return "".join(lines)


def _proposal_info(db: Db, v: dict[str, Any], row_id: int | None) -> str:
    """The eligibility of what the form holds, live."""
    if not v.get("award_code") or not v.get("year"):
        return ""
    if row_id is not None:
        nominee, _p = nominees.for_proposal(db, row_id)
    elif v.get("subject") == Subject.INDIVIDUAL.value and v.get("individual_id"):
        nominee = nominees.people(db, [v["individual_id"]])[v["individual_id"]]
    elif v.get("subject") == Subject.COLLECTIVE.value and v.get("unit_id"):
        nominee = nominees.unit(db, v["unit_id"])
    else:
        return ""
    findings = eligibility.check(nominee, v["award_code"], v["year"], desk_settings.load(db),
                                 kind=v.get("kind") or "thuong_xuyen", proposal_id=row_id)  # fmt: skip
    return "<b>Điều kiện:</b>" + findings_html(findings)


def _proposal_load(db: Db, row_id: int):
    p = rows.get(db, "proposals", row_id)
    return {k: p[k] for k in PROPOSAL_FORM_FIELDS}, {}


def _proposal_create(db: Db, v: dict[str, Any]) -> int:
    person = v.pop("individual_id") if v.get("subject") == Subject.INDIVIDUAL.value else None
    unit = v.pop("unit_id") if v.get("subject") == Subject.COLLECTIVE.value else None
    return proposals.create_proposal(
        db, v["award_code"], v["year"], individual_id=person, unit_id=unit, kind=CommendationKind(v["kind"]),
        movement_id=v.get("movement_id"), summary=v.get("summary") or "",
    )  # fmt: skip


def _proposal_describe(db: Db, row_id: int) -> str:
    p = rows.get(db, "proposals", row_id)
    if p["individual_id"]:
        who = rows.get(db, "individuals", p["individual_id"])["full_name"]
    else:
        who = units.name_in_year(db, p["unit_id"], p["year"])
    return f"đề nghị {award_name(p['award_code'])} năm {p['year']} cho “{who}”"


def _proposal_detail(db: Db, row_id: int) -> str:
    p = rows.get(db, "proposals", row_id)
    title = _proposal_describe(db, row_id)
    parts = [f"<h3>{escape(title[0].upper() + title[1:])}</h3>"]
    facts = [
        ("Trạng thái", fmt.status(p["status"])),
        ("Loại khen thưởng", CommendationKind(p["kind"]).label),
        ("Phiếu bầu", f"{p['votes_for']}/{p['votes_total']}" if p["votes_total"] else ""),
        ("Tờ trình", p["submission_number"]),
        (
            "Quyết định",
            f"{p['decision_number']} ngày {fmt.vn_date(p['decision_date'])}" if p["decision_number"] else "",
        ),
        ("Số vào sổ", p["register_number"]),
    ]
    parts.append("".join(f"<p><b>{k}:</b> {escape(v)}</p>" for k, v in facts if v))
    if p["summary"]:
        parts.append(f"<p><b>Tóm tắt thành tích:</b> {escape(p['summary'])}</p>")
    if p["status"] in ("da_khen", "da_cap_bang") and p["decision_date"]:
        from thidua_desktop.rules import money

        code = p["awarded_code"] or p["award_code"]
        if code in BY_CODE:
            amount = money.reward(
                code, p["subject"], date.fromisoformat(p["decision_date"]), desk_settings.load(db)
            )
            parts.append(f"<p><b>Tiền thưởng:</b> {vn_number(amount)} đồng</p>")
    if p["override_reason"]:
        parts.append(f"<p><b>Vẫn trình dù chưa đủ điều kiện, lý do:</b> {escape(p['override_reason'])}</p>")
    if p["return_reason"]:
        parts.append(f"<p><b>Lý do trả lại:</b> {escape(p['return_reason'])}</p>")
    parts.append(
        "<h4>Điều kiện</h4>"
        + findings_html(nominees.findings_for_proposal(db, row_id, desk_settings.load(db)))
    )
    parts.append(_attachments_ui().dossier_html(db, row_id))  # papers the award asks for, and attached
    steps = workflow.steps(db, row_id)
    if steps:
        parts.append("<h4>Các bước đã qua</h4>")
        parts.append(_table(["Lúc", "Từ", "Sang", "Lý do"], [
            [s["at"].replace("T", " ")[:16], fmt.status(s["from_status"]), fmt.status(s["to_status"]), s["reason"]]
            for s in steps]))  # fmt: skip
    from thidua_desktop.store import certificates

    printed = certificates.print_log(db, row_id)
    if printed:
        actions = certificates.ACTIONS
        parts.append("<h4>Nhật ký in bằng</h4>")
        parts.append(_table(["Lúc", "Việc", "Số vào sổ", "Mẫu", "Người làm", "Lý do"], [
            [e["at"].replace("T", " ")[:16], actions[e["action"]], e["register_number"], e["template"], e["user"],
             e["reason"]] for e in printed]))  # fmt: skip
    # then the record the council looks at: the nominee's ratings, titles and initiatives
    if p["individual_id"]:
        history = _person_detail(db, p["individual_id"])
        parts.append("<hr>" + history[history.index("<h4>") :])
    return "".join(parts)


PROPOSALS = RecordSpec(
    table="proposals",
    noun="đề nghị",
    fields=_proposal_fields,
    load=_proposal_load,
    create=_proposal_create,
    update=lambda db, i, v: proposals.update_proposal(db, i, **v),
    describe=_proposal_describe,
    detail=_proposal_detail,
    info=_proposal_info,
    detail_actions=[
        DetailAction("Bình xét…", _deliberate),
        DetailAction("Trình…", _submit),
        DetailAction("Quyết định…", _decide),
        DetailAction("In bằng…", _print_certificates),
        DetailAction("Ghi số vào sổ (bằng in ngoài)…", _certificate),
        DetailAction("Bằng hỏng, hủy…", _spoil_certificate),
        DetailAction("Trả lại đơn vị…", _return),
        DetailAction("Mở lại hồ sơ đã trả", _reopen),
        DetailAction("Hoàn tác bước vừa làm…", _undo_step),
        DetailAction("Tài liệu đính kèm…", lambda t, i: _attachments_ui().proposal_attachments(t, i)),
    ],
    filters=[
        FilterSpec("year", "Năm", lambda db: [(y, str(y)) for y in lookups.years(db, "proposals")]),
        FilterSpec("status", "Trạng thái", lambda db: _choices(ProposalStatus)),
        FilterSpec("award_code", "Hình thức", lambda db: [(a.code, a.short) for a in AWARDS]),
        FilterSpec("subject", "Đối tượng", lambda db: _choices(Subject)),
    ],
)


def proposals_tab(db: Db, undo: QUndoStack) -> RecordTab:
    return RecordTab(
        db,
        proposals.LISTING,
        [
            C("year", "Năm", align_right=True, width=60),
            C("nominee", "Cá nhân / tập thể", width=220),
            C("subject", "Đối tượng", fmt.subject, width=80),
            C("unit", "Đơn vị", width=220),
            C("award_code", "Hình thức đề nghị", fmt.award, width=260),
            C("status", "Trạng thái", fmt.status, width=130, color=STATUS_COLOURS.get),
            C("votes", "Phiếu", align_right=True, width=60),
            C("decision", "Quyết định số", width=120),
            C("decision_date", "Ngày quyết định", fmt.vn_date),
        ],
        PROPOSALS,
        undo,
        placeholder="Tên người hoặc đơn vị, hình thức, số quyết định",
    )


TABS = (
    ("Đơn vị thành viên", units_tab),
    ("Phong trào thi đua", movements_tab),
    ("Cá nhân điển hình", individuals_tab),
    ("Đề nghị khen thưởng", proposals_tab),
)
