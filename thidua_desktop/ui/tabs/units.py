"""The tab of member units (Đơn vị thành viên): list, form, renames, merges, cluster membership."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

from PySide6.QtGui import QUndoStack

from thidua_desktop.domain.models import AwardTrack, Role
from thidua_desktop.domain.subjects import CollectiveType
from thidua_desktop.store import StoreError, lookups, rows
from thidua_desktop.store.records import proposals, units
from thidua_desktop.ui import contrast, messages
from thidua_desktop.ui import formats as fmt
from thidua_desktop.ui.forms import Field, RecordForm, year_check
from thidua_desktop.ui.table_model import ColumnView as C
from thidua_desktop.ui.tabs.common import Db, attachments_ui, choices, clusters_window, html_table, quoted
from thidua_desktop.ui.tabs.records import DetailAction, FilterSpec, RecordSpec, RecordTab


# --- Đơn vị thành viên ---------------------------------------------------------------------
def _unit_fields(db: Db, row_id: int | None) -> list[Field]:
    return [
        Field("name", "Tên đơn vị", required=True),
        Field("short_name", "Tên viết tắt"),
        Field("code", "Mã"),
        Field("award_track", "Khối danh hiệu", "choice", required=True, choices=choices(AwardTrack)),
        Field("collective_type", "Loại đối tượng", "choice", required=True, choices=choices(CollectiveType)),
        Field("founded_on", "Ngày thành lập", "date"),
        Field("under_review", "Đang bị xem xét kỷ luật, thanh tra, kiểm tra (chưa khen thưởng)", "check"),
        Field("school_year", "Xét thi đua theo năm học (trường học: năm 2025 là năm học 2024–2025)", "check"),
    ]


def _unit_load(db: Db, row_id: int):
    u = rows.get(db, "units", row_id)
    keys = ("name", "short_name", "code", "award_track", "founded_on", "collective_type", "under_review",
            "school_year")  # fmt: skip
    values = {k: u[k] for k in keys}
    values["founded_on"] = date.fromisoformat(u["founded_on"]) if u["founded_on"] else None
    return values, {}


def _unit_create(db: Db, v: dict[str, Any]) -> int:
    unit_id = units.create_unit(
        db, v["name"], short_name=v["short_name"], code=v["code"],
        award_track=AwardTrack(v["award_track"]), founded_on=v["founded_on"],
        collective_type=v.get("collective_type") or CollectiveType.COLLECTIVE, school_year=bool(v.get("school_year")),
    )  # fmt: skip
    if v.get("under_review"):
        units.update_unit(db, unit_id, under_review=1)
    return unit_id


def new_unit_window(db: Db, parent) -> bool:
    """The new-unit form on its own (a form's "Thêm đơn vị…" button when no unit exists yet)."""
    form = RecordForm("Thêm đơn vị", _unit_fields(db, None),
                      {"award_track": AwardTrack.CIVIL.value, "collective_type": CollectiveType.COLLECTIVE.value},
                      parent=parent)  # fmt: skip
    if not messages.run_dialog(form):
        return False
    try:
        _unit_create(db, form.values())
    except StoreError as exc:
        messages.error(parent, str(exc))
        return False
    return True


def _unit_detail(db: Db, row_id: int) -> str:
    h = units.history(db, row_id)
    unit = rows.get(db, "units", row_id)
    parts = [f"<h3>{escape(unit['name'])}</h3>"]
    if unit["under_review"]:
        parts.append(f"<p style='color:{contrast.tone(contrast.ERROR)}'><b>Đang bị xem xét kỷ luật, thanh tra, kiểm tra: "
                     "chưa khen thưởng.</b></p>")  # fmt: skip
    if unit["merged_into_id"]:
        target = rows.get(db, "units", unit["merged_into_id"])
        parts.append(
            f"<p><b>Đã sáp nhập vào “{escape(target['name'])}” từ {fmt.vn_date(unit['dissolved_on'])}.</b></p>"
        )
    parts.append("<h4>Tên qua các thời kỳ</h4>")
    parts.append(
        html_table(
            ["Tên", "Từ ngày", "Đến ngày"],
            [[n["name"], fmt.vn_date(n["valid_from"]), fmt.vn_date(n["valid_to"])] for n in h["names"]],
        )
    )
    parts.append("<h4>Thành viên khối theo năm</h4>")
    parts.append(
        html_table(
            ["Năm", "Khối", "Vai trò", "Khối danh hiệu"],
            [
                [m["year"], m["cluster"], fmt.role(m["role"]), fmt.track(m["award_track"])]
                for m in h["memberships"]
            ],
        )
    )
    known = units.disciplined(db, row_id)
    if known:
        parts.append("<h4>Cá nhân bị kỷ luật từ cảnh cáo trở lên</h4>")
        parts.append(html_table(["Năm", "Số người"], [[y, known[y]] for y in sorted(known, reverse=True)]))
    parts.append("<h4>Khối trưởng, khối phó các năm</h4>")
    parts.append(
        html_table(
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
            Field(
                "cluster_id",
                "Khối thi đua",
                "choice",
                required=True,
                choices=lambda: lookups.clusters(tab.db),
                add=("Khối thi đua…", "khối thi đua", lambda w: clusters_window(tab.db, w)),
            ),
            Field("year", "Năm", "int", required=True, check=year_check),
            Field("role", "Vai trò", "choice", required=True, choices=choices(Role)),
            Field("award_track", "Khối danh hiệu", "choice", required=True, choices=choices(AwardTrack)),
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


def _set_discipline(tab: RecordTab, row_id: int) -> None:
    """How many of the unit's people were disciplined at cảnh cáo or above in a year: what the
    Tập thể lao động tiên tiến asks (Law Art. 28); empty removes the year's record."""
    unit = rows.get(tab.db, "units", row_id)
    year = date.today().year - 1
    known = units.disciplined(tab.db, row_id)
    form = RecordForm(
        f"Kỷ luật trong “{unit['name']}”",
        [
            Field("year", "Năm", "int", required=True, check=year_check),
            Field(
                "count",
                "Số cá nhân bị kỷ luật từ cảnh cáo trở lên (0 nếu không có; để trống nếu chưa rõ)",
                "int",
                minimum=0,
            ),
        ],  # fmt: skip
        {"year": year, "count": known.get(year)},
        parent=tab,
    )
    if messages.run_dialog(form):
        v = form.values()
        tab.run_undoable(
            f"số người bị kỷ luật năm {v['year']} của “{unit['name']}”",
            [("unit_discipline", "unit_id", row_id)],
            lambda: units.set_disciplined(tab.db, row_id, v["year"], v["count"]),
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
    describe=lambda db, i: quoted("đơn vị", rows.get(db, "units", i)["name"]),
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
        DetailAction(
            "Kỷ luật trong đơn vị…",
            _set_discipline,
            "Số cá nhân của đơn vị bị kỷ luật từ cảnh cáo trở lên trong năm (tiêu chuẩn Tập thể lao động "
            "tiên tiến, Điều 28 Luật).",
        ),
        DetailAction("Hồ sơ, tài liệu của đơn vị…", lambda t, i: attachments_ui().unit_attachments(t, i)),
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
            C(
                "award_track",
                "Khối danh hiệu",
                fmt.track,
                width=140,
                tip="Dân sự: Lao động tiên tiến…; lực lượng vũ trang: Chiến sĩ tiên tiến, Đơn vị quyết thắng…",
            ),
            C("cluster", "Khối thi đua", width=150),
            C(
                "role",
                "Vai trò trong khối",
                fmt.role,
                width=130,
                tip="Khối trưởng, khối phó hoặc thành viên trong năm đang lọc",
            ),
            C("status", "Tình trạng", tip="Đang hoạt động, đã sáp nhập hoặc đã giải thể"),
        ],
        UNITS,
        undo,
        placeholder="Tên hoặc mã đơn vị (gõ không dấu cũng được)",
    )
