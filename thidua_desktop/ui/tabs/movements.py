"""The tab of emulation movements (Phong trào thi đua): list, form, registrations, reviews."""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtGui import QUndoStack

from thidua_desktop.domain.models import MovementKind, ReviewKind
from thidua_desktop.store import lookups, rows
from thidua_desktop.store.records import movements
from thidua_desktop.ui import formats as fmt
from thidua_desktop.ui import messages
from thidua_desktop.ui.forms import Field, RecordForm, year_check
from thidua_desktop.ui.table_model import ColumnView as C
from thidua_desktop.ui.tabs.common import Db, choices, clusters_window, html_table, iso_dates, quoted
from thidua_desktop.ui.tabs.records import DetailAction, FilterSpec, RecordSpec, RecordTab
from thidua_desktop.ui.tabs.units import new_unit_window


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
        Field("kind", "Loại", "choice", required=True, choices=choices(MovementKind)),
        Field("doc_number", "Văn bản phát động", placeholder="Chỉ thị số 24/CT-UBND"),
        Field("doc_date", "Ngày ban hành", "date"),
        Field("doc_issuer", "Cơ quan phát động", placeholder="Ủy ban nhân dân tỉnh …"),
        Field("start_date", "Từ ngày", "date"),
        Field("end_date", "Đến ngày", "date", check=_period_check),
        Field(
            "cluster_id",
            "Khối thi đua",
            "choice",
            choices=lambda: lookups.clusters(db),
            add=("Khối thi đua…", "khối thi đua", lambda w: clusters_window(db, w)),
        ),
        Field("note", "Ghi chú", "multiline"),
    ]


def _movement_load(db: Db, row_id: int):
    m = rows.get(db, "movements", row_id)
    values = {k: m[k] for k in movements.MOVEMENT_FIELDS}
    return iso_dates(values, "doc_date", "start_date", "end_date"), {}


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
        html_table(
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
                "unit_id",
                "Đơn vị",
                "choice",
                required=True,
                choices=lambda: lookups.units(tab.db, active_only=True),
                add=("Thêm đơn vị…", "đơn vị", lambda w: new_unit_window(tab.db, w)),
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
    unit_choices = lambda: lookups.units(tab.db, active_only=True)  # noqa: E731 (read again after an add)
    form = RecordForm(
        f"Hội nghị sơ kết, tổng kết năm {m['year']}",
        [
            Field("kind", "Hội nghị", "choice", required=True, choices=choices(ReviewKind)),
            Field("held_on", "Ngày tổ chức", "date", required=True),
            Field(
                "host",
                "Đơn vị đăng cai",
                "choice",
                required=True,
                choices=unit_choices,
                add=("Thêm đơn vị…", "đơn vị", lambda w: new_unit_window(tab.db, w)),
            ),
            Field("cohost", "Đồng chủ trì", "choice", choices=unit_choices),
            Field("next_host", "Đăng cai lần sau", "choice", choices=unit_choices),
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
    describe=lambda db, i: quoted("phong trào", rows.get(db, "movements", i)["name"][:60]),
    filters=[
        FilterSpec("year", "Năm", lambda db: [(y, str(y)) for y in lookups.years(db, "movements")]),
        FilterSpec("kind", "Loại", lambda db: choices(MovementKind)),
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
