"""The tab of exemplary individuals (Cá nhân điển hình): list, form, ratings, awards, initiatives."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

from PySide6.QtGui import QUndoStack

from thidua_desktop.domain.dates import year_short
from thidua_desktop.domain.models import CommendationKind, InitiativeLevel, Rating, Sex
from thidua_desktop.domain.subjects import PersonGroup
from thidua_desktop.rules.catalogue import AWARDS, award_name
from thidua_desktop.rules.nominee import DISCIPLINE_FORMS
from thidua_desktop.store import lookups, rows
from thidua_desktop.store.records import individuals, proposals
from thidua_desktop.ui import contrast, messages
from thidua_desktop.ui import formats as fmt
from thidua_desktop.ui.forms import Field, RecordForm, birth_date_check, birth_year_check, year_check
from thidua_desktop.ui.table_model import ColumnView as C
from thidua_desktop.ui.tabs.common import Db, choices, html_table, iso_dates, quoted
from thidua_desktop.ui.tabs.ratings_grid import RatingsGrid
from thidua_desktop.ui.tabs.records import DetailAction, FilterSpec, RecordSpec, RecordTab

# --- Cá nhân điển hình ----------------------------------------------------------------------
EXEMPLARY_KINDS = [
    ("Điển hình tiên tiến", "Điển hình tiên tiến"),
    ("Gương người tốt, việc tốt", "Gương người tốt, việc tốt"),
]


def _person_fields(db: Db, row_id: int | None) -> list[Field]:
    return [
        Field("full_name", "Họ và tên", required=True),
        Field("sex", "Giới tính", "choice", required=True, choices=choices(Sex)),
        Field("birth_date", "Ngày sinh", "date", check=birth_date_check),
        Field("birth_year", "Năm sinh", "int", check=birth_year_check),
        Field("ethnicity", "Dân tộc"),
        Field("rank", "Cấp bậc"),
        Field("position", "Chức vụ"),
        Field("person_group", "Nhóm đối tượng (thống kê)", "choice", choices=choices(PersonGroup)),
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
    return iso_dates(values, "birth_date"), {}


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


def person_detail(db: Db, row_id: int) -> str:
    p = rows.get(db, "individuals", row_id)
    h = individuals.history(db, row_id)
    parts = [f"<h3>{escape(p['full_name'])}</h3>"]
    if p["under_review"]:
        parts.append(f"<p style='color:{contrast.tone(contrast.ERROR)}'><b>Đang bị xem xét kỷ luật, điều tra hoặc giải quyết khiếu nại: "
                     "chưa khen thưởng.</b></p>")  # fmt: skip
    if p["is_exemplary"]:
        parts.append(f"<p><b>{escape(p['exemplary_kind'])}</b>: {escape(p['exemplary_note'])}</p>")
    by_year: dict[int, list[str]] = {}
    for r in h["ratings"]:
        by_year.setdefault(r["year"], ["", ""])[0] = Rating(r["rating"]).label
    for a in h["awards"]:
        entry = by_year.setdefault(a["year"], ["", ""])
        text = award_name(a["award_code"])
        if a["period_from"] and a["period_from"] != a["year"]:
            text += f" (thành tích {a['period_from']}–{a['period_to'] or a['year']})"
        if a["decision_number"]:
            text += f" (QĐ {a['decision_number']} ngày {fmt.vn_date(a['decision_date'])})"
        if a["legacy"]:
            text += " – trước khi dùng phần mềm"
        entry[1] = f"{entry[1]}; {text}" if entry[1] else text
    unit = rows.get(db, "units", p["unit_id"]) if p["unit_id"] else None
    school = bool(unit and unit["school_year"])  # a school counting by school year (issue 22, point 9)
    parts.append(f"<h4>Xếp loại và danh hiệu theo {'năm học' if school else 'năm'}</h4>")
    parts.append(
        html_table(
            ["Năm học" if school else "Năm", "Xếp loại", "Danh hiệu, khen thưởng"],
            [[year_short(y, school), *by_year[y]] for y in sorted(by_year, reverse=True)],
        )
    )
    kept = individuals.disciplines(db, row_id)
    if kept:
        parts.append("<h4>Kỷ luật</h4>")
        parts.append(html_table(
            ["Hình thức", "Quyết định", "Ngày", "Hết thời hạn"],
            [[DISCIPLINE_FORMS.get(d["form"], d["form"]), d["decision_number"], fmt.vn_date(d["decided_on"]),
              fmt.vn_date(d["ends_on"]) if d["ends_on"] else "theo hình thức (12 hoặc 18 tháng)"] for d in kept],
        ))  # fmt: skip
    parts.append("<h4>Sáng kiến</h4>")
    parts.append(
        html_table(
            ["Năm", "Sáng kiến", "Cấp", "Đã dùng cho"],
            [[i["year"], i["title"], InitiativeLevel(i["level"]).label, _used_by(db, i["used_by_award_id"])]
             for i in h["initiatives"]],
        )
    )  # fmt: skip
    parts.append("<h4>Đề nghị khen thưởng và quyết định</h4>")
    parts.append(
        html_table(
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
    """Every year's rating in one grid, saved as one undo step."""
    person = rows.get(tab.db, "individuals", row_id)
    year = proposals.usual(tab.db)[0] or date.today().year - 1
    unit = rows.get(tab.db, "units", person["unit_id"]) if person["unit_id"] else None
    grid = RatingsGrid(
        tab.db, row_id, person["full_name"], year, parent=tab, school=bool(unit and unit["school_year"])
    )
    if not messages.run_dialog(grid):
        return
    changes = grid.changes()
    if not changes:
        return
    years = ", ".join(str(y) for y in sorted(changes))
    tab.run_undoable(
        f"xếp loại năm {years} của “{person['full_name']}”",
        [("ratings", "individual_id", row_id)],
        lambda: individuals.set_ratings(tab.db, row_id, changes),
    )


def _add_award(tab: RecordTab, row_id: int) -> None:
    person = rows.get(tab.db, "individuals", row_id)
    form = RecordForm(
        f"Danh hiệu, khen thưởng đã nhận của “{person['full_name']}”",
        [
            Field("year", "Năm thành tích (năm cuối)", "int", required=True, check=year_check),
            Field("award_code", "Danh hiệu, hình thức", "choice", required=True,
                  choices=[(a.code, a.name) for a in AWARDS if a.for_subject("ca_nhan")]),
            Field("period_from", "Thời gian thành tích từ năm", "int", check=_period_check,
                  placeholder="để trống: theo hình thức (Bằng khen tỉnh 2 năm, Thủ tướng 5 năm…)"),
            Field("kind", "Loại khen thưởng", "choice", required=True, choices=choices(CommendationKind)),
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
                legacy=v["legacy"], period=(v["period_from"], v["year"]) if v["period_from"] else None,
            ),
        )  # fmt: skip


def _period_check(value, values) -> str | None:
    """The period an award rewards ends with its year (issue 22, point 5)."""
    if value is None or not values.get("year"):
        return None
    if value > values["year"]:
        return "Năm bắt đầu phải trước hoặc bằng năm thành tích."
    if values["year"] - value >= 10:
        return "Thời gian thành tích quá 10 năm: hãy kiểm tra lại năm bắt đầu."
    return None


def _add_initiative(tab: RecordTab, row_id: int) -> None:
    person = rows.get(tab.db, "individuals", row_id)
    form = RecordForm(
        f"Sáng kiến của “{person['full_name']}”",
        [
            Field("title", "Tên sáng kiến", "multiline", required=True),
            Field("year", "Năm công nhận", "int", required=True, check=year_check),
            Field("level", "Phạm vi ảnh hưởng", "choice", required=True, choices=choices(InitiativeLevel)),
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


def _add_discipline(tab: RecordTab, row_id: int) -> None:
    """A discipline of the person (form, decision, the end of its period): the rules leave the
    year of the discipline and its period out of the achievements counted (issue 22, point 1)."""
    person = rows.get(tab.db, "individuals", row_id)

    def after(value, values) -> str | None:
        decided = values.get("decided_on")
        return (
            "Ngày hết thời hạn phải sau ngày quyết định." if value and decided and value < decided else None
        )

    form = RecordForm(
        f"Kỷ luật của “{person['full_name']}”",
        [
            Field(
                "kind", "Hình thức kỷ luật", "choice", required=True, choices=list(DISCIPLINE_FORMS.items())
            ),
            Field("decision_number", "Số quyết định kỷ luật"),
            Field("decided_on", "Ngày quyết định", "date", required=True),
            Field(
                "ends_on",
                "Ngày hết thời hạn kỷ luật",
                "date",
                check=after,
                placeholder="để trống: 12 tháng (khiển trách, cảnh cáo) hoặc 18 tháng",
            ),
            Field("note", "Ghi chú", "multiline"),
        ],  # fmt: skip
        parent=tab,
    )
    if messages.run_dialog(form):
        v = form.values()
        tab.run_undoable(
            f"kỷ luật của “{person['full_name']}”",
            [("disciplines", "individual_id", row_id)],
            lambda: individuals.add_discipline(
                tab.db, row_id, v["kind"], v["decided_on"], ends_on=v["ends_on"],
                decision_number=v["decision_number"], note=v["note"],
            ),
        )  # fmt: skip


def _remove_discipline(tab: RecordTab, row_id: int) -> None:
    """A discipline recorded by mistake, removed (undoable; the audit trail keeps it)."""
    person = rows.get(tab.db, "individuals", row_id)
    kept = individuals.disciplines(tab.db, row_id)
    if not kept:
        messages.info(tab, f"Chưa ghi kỷ luật nào của “{person['full_name']}”.")
        return
    listed = [(d["id"], f"{DISCIPLINE_FORMS.get(d['form'], d['form'])}, quyết định {d['decision_number'] or '(không số)'} "
                         f"ngày {fmt.vn_date(d['decided_on'])}") for d in kept]  # fmt: skip
    form = RecordForm(f"Xóa kỷ luật đã ghi của “{person['full_name']}”",
                      [Field("discipline_id", "Kỷ luật cần xóa", "choice", required=True, choices=listed)],
                      parent=tab)  # fmt: skip
    if messages.run_dialog(form):
        chosen = form.values()["discipline_id"]
        tab.run_undoable(f"xóa kỷ luật của “{person['full_name']}”", [("disciplines", "individual_id", row_id)],
                         lambda: individuals.delete_discipline(tab.db, chosen))  # fmt: skip


PEOPLE = RecordSpec(
    table="individuals",
    noun="cá nhân",
    fields=_person_fields,
    load=_person_load,
    create=_person_create,
    update=lambda db, i, v: individuals.update_individual(db, i, **_person_changes(v)),
    describe=lambda db, i: quoted("cá nhân", rows.get(db, "individuals", i)["full_name"]),
    warn=_person_warn,
    prepare=_person_prepare,
    filters=[
        FilterSpec("unit_id", "Đơn vị", lambda db: lookups.units(db)),
        FilterSpec("sex", "Giới tính", lambda db: choices(Sex)),
        FilterSpec("exemplary", "Chỉ điển hình"),
    ],
    detail=person_detail,
    detail_actions=[
        DetailAction(
            "Xếp loại các năm…",
            _add_rating,
            "Xếp loại của mười năm gần nhất trong một bảng; lưu một lần, hoàn tác một lần.",
        ),
        DetailAction(
            "Danh hiệu, khen thưởng đã nhận…",
            _add_award,
            "Ghi một danh hiệu hoặc hình thức khen thưởng đã nhận (kể cả trước khi dùng phần mềm).",
        ),
        DetailAction(
            "Sáng kiến…", _add_initiative, "Ghi một sáng kiến đã được công nhận và phạm vi ảnh hưởng."
        ),
        DetailAction(
            "Kỷ luật…",
            _add_discipline,
            "Ghi một quyết định kỷ luật (hình thức, số, ngày, hết thời hạn): năm bị kỷ luật và thời hạn kỷ luật "
            "không được tính thành tích.",
        ),
        DetailAction("Xóa kỷ luật đã ghi…", _remove_discipline, "Xóa một kỷ luật ghi nhầm (hoàn tác được)."),
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
            C(
                "rank",
                "Cấp bậc",
                width=90,
                tip="Cấp bậc của sĩ quan lực lượng vũ trang, in thay Ông/Bà trên bằng",
            ),
            C("position", "Chức vụ", width=190),
            C("unit", "Đơn vị", width=260),
            C("is_exemplary", "Điển hình", fmt.yes_no, tip="Cá nhân được đánh dấu là điển hình tiên tiến"),
        ],
        PEOPLE,
        undo,
        placeholder="Họ tên, chức vụ, cấp bậc (gõ không dấu cũng được)",
    )
