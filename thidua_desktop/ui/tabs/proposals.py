"""The tab of award proposals (Đề nghị khen thưởng): list, form, eligibility findings and the steps
of a proposal from the details panel."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

from PySide6.QtGui import QUndoStack

from thidua_desktop.domain.models import CommendationKind, ProposalStatus, Subject
from thidua_desktop.domain.models import ProposalStatus as S
from thidua_desktop.domain.text import vn_number
from thidua_desktop.rules import authorities, eligibility
from thidua_desktop.rules.catalogue import AWARDS, BY_CODE, award_name, awards_for, track_title
from thidua_desktop.rules.eligibility import Status
from thidua_desktop.store import StoreError, desk_settings, lookups, rows
from thidua_desktop.store.records import nominees, proposals, units, workflow
from thidua_desktop.ui import contrast, messages
from thidua_desktop.ui import formats as fmt
from thidua_desktop.ui.forms import Field, RecordForm, year_check
from thidua_desktop.ui.table_model import ColumnView as C
from thidua_desktop.ui.tabs import batch_steps
from thidua_desktop.ui.tabs.common import Db, attachments_ui, choices, html_table
from thidua_desktop.ui.tabs.people import person_detail
from thidua_desktop.ui.tabs.records import DetailAction, FilterSpec, RecordSpec, RecordTab

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
def _step(
    tab: RecordTab, title: str, fields: list[Field], run, values=None, warning: str = "", warn=None, *,
    undo: tuple[str, list[int]] | None = None,
) -> None:  # fmt: skip
    """One step's form; with ``undo`` (what it did, the proposals it changes) the step is an
    undo step of its own, named for what it did, said in the status bar."""
    form = RecordForm(
        title, fields, values or {}, warn=warn or ((lambda _v: warning) if warning else None), parent=tab
    )
    if not messages.run_dialog(form):
        return
    settings = desk_settings.load(tab.db)
    if undo is not None:
        text, ids = undo
        text = text(form.values()) if callable(text) else text
        if tab.run_undoable(text, batch_steps.groups(ids), lambda: run(form.values(), settings), select=ids):
            _said(tab, f"Đã ghi: {text}.")
        return
    try:
        run(form.values(), settings)
    except StoreError as exc:
        messages.error(tab, str(exc))


def _said(tab: RecordTab, text: str) -> None:
    window = tab.window()
    if hasattr(window, "statusBar"):
        window.statusBar().showMessage(text, 10000)


def _chosen(tab: RecordTab, row_id: int) -> list[int]:
    """The proposals a step acts on: the selected rows when several are, else the one."""
    ids = tab.selected_ids()
    return ids if len(ids) > 1 and row_id in ids else [row_id]


def _only(allowed: set, step: str, *, single: bool = False):
    """The greying rule of a step's button: which steps it takes the selected proposals
    from, said in the tooltip when they are elsewhere (issue 20, point 2)."""

    def refuse(tab: RecordTab, ids: list[int]) -> str:
        if single and len(ids) > 1:
            return f"Chọn một đề nghị để {step.split(' cho')[0]} (đang chọn {len(ids)})."
        states = {S(rows.get(tab.db, "proposals", pid)["status"]) for pid in ids}
        wrong = states - allowed
        if not wrong:
            return ""
        can = ", ".join(f"“{st.label}”" for st in S if st in allowed)
        now = ", ".join(f"“{st.label}”" for st in S if st in wrong)
        return f"Chỉ {step} đề nghị ở bước {can}; đang chọn đề nghị ở bước {now}."

    return refuse


def _batch(tab: RecordTab, ids: list[int], allowed: set, step: str) -> bool:
    """The button's own rule (``_only``), asked again as the step runs (a shortcut, a
    selection changed since the button was drawn)."""
    refusal = _only(allowed, step)(tab, ids)
    if refusal:
        messages.error(tab, refusal)
        return False
    return True


def _deliberate(tab: RecordTab, row_id: int) -> None:
    ids = _chosen(tab, row_id)
    if len(ids) > 1:
        if not _batch(tab, ids, {ProposalStatus.DRAFT}, "bình xét"):
            return
        grid = batch_steps.VoteGrid(tab.db, ids, tab)
        if messages.run_dialog(grid):
            settings, votes = desk_settings.load(tab.db), grid.votes()
            text = f"bình xét {len(ids)} đề nghị"
            if tab.run_undoable(
                text, batch_steps.groups(ids), lambda: workflow.deliberate_many(tab.db, votes, settings)
            ):
                _said(tab, f"Đã ghi: {text}.")
        return
    code, settings = rows.get(tab.db, "proposals", row_id)["award_code"], desk_settings.load(tab.db)

    def carries(value, values) -> str | None:  # the threshold, said as the numbers are typed
        return _votes_check(value, values) or (
            workflow.vote_problem(code, value, values.get("votes_total"), settings) if values.get("votes_total")
            else None) or None  # fmt: skip

    _step(tab, "Kết quả bình xét, bỏ phiếu", [
        Field("votes_for", "Số phiếu đồng ý", "int", required=True, minimum=0, check=carries),
        Field("votes_total", "Tổng số thành viên hội đồng", "int", required=True, minimum=1),
    ], lambda v, s: workflow.deliberate(tab.db, row_id, v["votes_for"], v["votes_total"], s),
        undo=("bình xét 1 đề nghị", ids))  # fmt: skip


def _submit(tab: RecordTab, row_id: int) -> None:
    """One tờ trình for the selected proposals (or the one): number and date once; a shared
    reason when any of them does not meet its rules yet."""
    ids = _chosen(tab, row_id)
    if len(ids) > 1 and not _batch(tab, ids, {ProposalStatus.VOTED}, "trình"):
        return
    settings = desk_settings.load(tab.db)
    missing = (
        attachments_ui().missing_papers_warning(tab.db, row_id) if len(ids) == 1 else ""
    )  # warns, never blocks
    failing = [
        pid for pid in ids if eligibility.blocking(nominees.findings_for_proposal(tab.db, pid, settings))
    ]
    fields = [Field("number", "Số tờ trình", required=True, placeholder="15/TTr-STP"),
              Field("on", "Ngày tờ trình", "date", required=True)]  # fmt: skip
    if failing:
        label = "Chưa đủ điều kiện; lý do vẫn trình" + (f" ({len(failing)} đề nghị)" if len(ids) > 1 else "")
        fields.append(Field("override", label, "multiline", required=True))
    title = "Trình đề nghị" if len(ids) == 1 else f"Trình {len(ids)} đề nghị (một tờ trình)"
    _step(tab, title, fields, lambda v, s: workflow.submit_many(
        tab.db, ids, v["number"], v["on"], s, override_reason=v.get("override") or ""), {"on": date.today()},
        warning=missing, undo=(lambda v: f"tờ trình {v['number']} cho {len(ids)} đề nghị", ids))  # fmt: skip


def _unit_of(db, proposal: dict) -> str:
    """The nominee's unit (the collective itself, or the person's unit)."""
    unit_id = proposal["unit_id"]
    if unit_id is None and proposal["individual_id"] is not None:
        unit_id = rows.get(db, "individuals", proposal["individual_id"])["unit_id"]
    unit = rows.get(db, "units", unit_id) if unit_id is not None else None
    return unit["name"] if unit else ""


def _decide(tab: RecordTab, row_id: int) -> None:
    """The decision: its issuer is the authority that decides the award (rules.authorities),
    written as the desk's identity names it, never taken from a signer's name."""
    ids = _chosen(tab, row_id)
    if len(ids) > 1:
        if not _batch(tab, ids, {ProposalStatus.SUBMITTED}, "ghi quyết định cho"):
            return
        grid = batch_steps.DecisionGrid(tab.db, ids, tab)
        if messages.run_dialog(grid):
            number, on, issuer, outcomes = (
                grid.number.text().strip(),
                grid.decided_on(),
                grid.issuer.text(),
                grid.outcomes(),
            )
            text = f"quyết định {number} cho {len(ids)} đề nghị"
            if tab.run_undoable(text, batch_steps.groups(ids), lambda: workflow.decide_many(
                    tab.db, outcomes, number=number, on=on, issuer=issuer), select=ids):  # fmt: skip
                _said(tab, f"Đã ghi: {text}.")
        return
    p = rows.get(tab.db, "proposals", row_id)
    identity = desk_settings.load_identity(tab.db)
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
        Field("issuer", "Cấp quyết định (người ban hành)", required=True,
              placeholder="Chủ tịch Ủy ban nhân dân tỉnh …; Giám đốc Sở …"),
    ], lambda v, s: workflow.decide(
        tab.db, row_id, approved=v["result"] != "rejected", number=v["number"], on=v["on"], issuer=v["issuer"],
        awarded_code=v["awarded"] if v["result"] == "promoted" else None),
        {"issuer": authorities.issuer_for(p["award_code"], identity, date.today(), unit_name=_unit_of(tab.db, p))},
        warn=lambda v: authorities.level_warning(v.get("issuer") or "", identity.level),
        undo=(lambda v: f"quyết định {v['number']} cho 1 đề nghị", ids))  # fmt: skip


def _certificate(tab: RecordTab, row_id: int) -> None:
    _step(tab, "Cấp bằng", [Field("register", "Số vào sổ", required=True)],
          lambda v, s: workflow.issue_certificate(tab.db, row_id, v["register"]))  # fmt: skip


def _print_certificates(tab: RecordTab, row_id: int) -> None:
    from thidua_desktop.ui.certificates.printing import open_for_proposals

    if getattr(tab.window(), "read_only", False):
        messages.error(
            tab, "Cửa sổ này chỉ xem (tệp đang mở ở máy khác); in bằng cần ghi số vào sổ và nhật ký in."
        )
        return
    open_for_proposals(tab.window(), tab.selected_ids() or [row_id])


def _spoil_certificate(tab: RecordTab, row_id: int) -> None:
    from thidua_desktop.store.report_data import certificates

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
            Field("subject", "Đối tượng", "choice", required=True, choices=choices(Subject)),
            Field("individual_id", "Cá nhân", "search", search=lambda text: lookups.find_people(db, text),
                  check=_nominee_check, placeholder="Gõ họ tên (không dấu cũng được)"),
            Field("unit_id", "Tập thể", "search", search=lambda text: lookups.find_units(db, text),
                  check=_unit_nominee_check, placeholder="Gõ tên đơn vị"),
        ]  # fmt: skip
    fields += [
        Field("award_code", "Hình thức đề nghị", "choice", required=True,
              choices=[(a.code, a.name) for a in AWARDS], check=award_check,
              suggest=None if editing else lambda v: _usual_award(db, v)),
        Field("year", "Năm thành tích", "int", required=True, check=year_check),
        Field("kind", "Loại khen thưởng", "choice", required=True, choices=choices(CommendationKind)),
        Field("movement_id", "Phong trào", "choice", choices=lookups.movements(db)),
        Field("summary", "Tóm tắt thành tích", "multiline"),
    ]  # fmt: skip
    return fields  # votes, tờ trình, decision and register number go through the workflow steps


PROPOSAL_FORM_FIELDS = ("award_code", "year", "kind", "movement_id", "summary")


def _proposal_defaults(db: Db) -> dict[str, Any]:
    """A new proposal starts at the working year (that of the newest proposals, else this
    year) with the award most often proposed in it, an individual's, of the regular kind."""
    year, code = proposals.usual(db)
    return {"subject": Subject.INDIVIDUAL.value, "year": year or date.today().year,
            "award_code": code or "LDTT", "kind": CommendationKind.REGULAR.value}  # fmt: skip


def _usual_award(db: Db, v: dict[str, Any]) -> str | None:
    """The award a new proposal follows until the clerk picks one: the one most often proposed
    this working year for the subject and the nominee's award track (a Chiến sĩ tiên tiến for
    an officer of the armed forces, a Lao động tiên tiến for a civil servant), else the
    track's first title."""
    subject = v.get("subject") or Subject.INDIVIDUAL.value
    person = v.get("individual_id") if subject == Subject.INDIVIDUAL.value else None
    unit = v.get("unit_id") if subject == Subject.COLLECTIVE.value else None
    track = proposals.nominee_track(db, individual_id=person, unit_id=unit)
    code = proposals.usual(db, subject, track)[1]
    if code is None or (track and code not in {a.code for a in awards_for(subject, track)}):
        code = track_title("LDTT" if subject == Subject.INDIVIDUAL.value else "TTLDTT", track or "dan_su")
    return code


def findings_html(findings) -> str:
    """Eligibility findings in colour: green met, red not met, amber to be checked."""
    style = {Status.MET: ("#1b7f2a", "✓"), Status.NOT_MET: ("#b00020", "✗"), Status.CHECK: ("#9a6200", "?")}
    lines = []
    for f in findings:
        colour, mark = style[f.status]
        colour = contrast.tone(colour)  # readable in a dark palette too
        basis = f" <i>({escape(f.basis)})</i>" if f.basis else ""
        lines.append(f"<div style='color:{colour}'>{mark} {escape(f.text)}{basis}</div>")
    return "".join(lines)


def _proposal_info(db: Db, v: dict[str, Any], row_id: int | None) -> str:
    """The eligibility of what the form holds, live."""
    if not v.get("award_code") or not v.get("year"):
        return ""
    council = None
    if row_id is not None:
        nominee, stored = nominees.for_proposal(db, row_id)
        council = (stored["votes_for"], stored["votes_total"])
    elif v.get("subject") == Subject.INDIVIDUAL.value and v.get("individual_id"):
        nominee = nominees.people(db, [v["individual_id"]])[v["individual_id"]]
    elif v.get("subject") == Subject.COLLECTIVE.value and v.get("unit_id"):
        nominee = nominees.unit(db, v["unit_id"])
    else:
        return ""
    findings = eligibility.check(nominee, v["award_code"], v["year"], desk_settings.load(db),
                                 kind=v.get("kind") or "thuong_xuyen", proposal_id=row_id, council=council)  # fmt: skip
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
    if p["vote_id"]:
        from thidua_desktop.store.cluster import voting

        origin, reopened = voting.origin_of(db, row_id)
        style = f" style='color:{contrast.tone(contrast.WARNING)}'" if reopened else ""
        parts.append(f"<p{style}><b>Nguồn:</b> {escape(origin)}</p>")
    if p["status"] in ("da_khen", "da_cap_bang") and p["decision_number"]:
        from thidua_desktop.store.report_data import rewards

        owed = rewards.due_for_one(db, row_id)  # as the ledger and the export count it
        if owed is not None and owed.coefficient is not None:
            paid = f"{vn_number(owed.amount)} đồng" if owed.payable else f"không nhận ({escape(owed.note)})"
            parts.append(f"<p><b>Tiền thưởng:</b> {paid}<br><small>{escape(owed.explain)}</small></p>")
    if p["override_reason"]:
        parts.append(f"<p><b>Vẫn trình dù chưa đủ điều kiện, lý do:</b> {escape(p['override_reason'])}</p>")
    if p["return_reason"]:
        parts.append(f"<p><b>Lý do trả lại:</b> {escape(p['return_reason'])}</p>")
    parts.append(
        "<h4>Điều kiện</h4>"
        + findings_html(nominees.findings_for_proposal(db, row_id, desk_settings.load(db)))
    )
    parts.append(attachments_ui().dossier_html(db, row_id))  # papers the award asks for, and attached
    steps = workflow.steps(db, row_id)
    if steps:
        parts.append("<h4>Các bước đã qua</h4>")
        parts.append(html_table(["Lúc", "Từ", "Sang", "Lý do"], [
            [s["at"].replace("T", " ")[:16], fmt.status(s["from_status"]), fmt.status(s["to_status"]), s["reason"]]
            for s in steps]))  # fmt: skip
    from thidua_desktop.store.report_data import certificates

    printed = certificates.print_log(db, row_id)
    if printed:
        actions = certificates.ACTIONS
        parts.append("<h4>Nhật ký in bằng</h4>")
        parts.append(html_table(["Lúc", "Việc", "Số vào sổ", "Mẫu", "Người làm", "Lý do"], [
            [e["at"].replace("T", " ")[:16], actions[e["action"]], e["register_number"], e["template"], e["user"],
             e["reason"]] for e in printed]))  # fmt: skip
    # then the record the council looks at: the nominee's ratings, titles and initiatives
    if p["individual_id"]:
        history = person_detail(db, p["individual_id"])
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
    defaults=_proposal_defaults,
    detail=_proposal_detail,
    info=_proposal_info,
    detail_actions=[
        DetailAction(
            "Bình xét…",
            _deliberate,
            "Ghi kết quả bỏ phiếu của hội đồng (chọn nhiều dòng: bình xét cả loạt)",
            _only({S.DRAFT}, "bình xét"),
        ),
        DetailAction(
            "Trình…",
            _submit,
            "Ghi tờ trình (chọn nhiều dòng: một tờ trình cho cả loạt)",
            _only({S.VOTED}, "trình"),
        ),
        DetailAction(
            "Quyết định…",
            _decide,
            "Ghi quyết định khen thưởng (chọn nhiều dòng: một quyết định, kết quả từng dòng)",
            _only({S.SUBMITTED}, "ghi quyết định cho"),
        ),
        DetailAction(
            "In bằng…",
            _print_certificates,
            "In bằng của các đề nghị đã khen thưởng đang chọn",
            _only({S.APPROVED, S.CERTIFIED}, "in bằng cho"),
        ),
        DetailAction(
            "Ghi số vào sổ (bằng in ngoài)…",
            _certificate,
            "Ghi số vào sổ của bằng in ở nơi khác",
            _only({S.APPROVED}, "ghi số vào sổ cho", single=True),
        ),
        DetailAction(
            "Bằng hỏng, hủy…",
            _spoil_certificate,
            "Đánh dấu bằng in hỏng (in lại giữ số) hoặc bị hủy",
            _only({S.CERTIFIED}, "đánh dấu bằng của", single=True),
        ),
        DetailAction(
            "Trả lại đơn vị…",
            _return,
            "Trả hồ sơ về đơn vị kèm lý do",
            _only({S.DRAFT, S.VOTED, S.SUBMITTED}, "trả lại", single=True),
        ),
        DetailAction(
            "Mở lại hồ sơ đã trả",
            _reopen,
            "Đưa hồ sơ đã trả về bước dự thảo",
            _only({S.RETURNED}, "mở lại", single=True),
        ),
        DetailAction(
            "Hoàn tác bước vừa làm…",
            _undo_step,
            "Lùi đề nghị về bước trước, kèm lý do",
            _only(
                {S.VOTED, S.SUBMITTED, S.APPROVED, S.REJECTED, S.RETURNED, S.CERTIFIED},
                "hoàn tác bước của",
                single=True,
            ),
        ),
        DetailAction("Tài liệu đính kèm…", lambda t, i: attachments_ui().proposal_attachments(t, i)),
    ],
    filters=[
        FilterSpec("year", "Năm", lambda db: [(y, str(y)) for y in lookups.years(db, "proposals")]),
        FilterSpec("status", "Trạng thái", lambda db: choices(ProposalStatus)),
        FilterSpec("award_code", "Hình thức", lambda db: [(a.code, a.short) for a in AWARDS]),
        FilterSpec("subject", "Đối tượng", lambda db: choices(Subject)),
    ],
)


def proposals_tab(db: Db, undo: QUndoStack) -> RecordTab:
    return RecordTab(
        db,
        proposals.LISTING,
        [
            C("year", "Năm", align_right=True, width=60, tip="Năm của thành tích được đề nghị khen thưởng"),
            C("nominee", "Cá nhân / tập thể", width=220),
            C("subject", "Đối tượng", fmt.subject, width=80),
            C("unit", "Đơn vị", width=220),
            C("award_code", "Hình thức đề nghị", fmt.award, width=260),
            C(
                "status",
                "Trạng thái",
                fmt.status,
                width=130,
                color=STATUS_COLOURS.get,
                tip="Bước xử lý: dự thảo → đã bình xét → đã trình → đã khen thưởng → đã cấp bằng",
            ),
            C(
                "votes",
                "Phiếu",
                align_right=True,
                width=60,
                tip="Số phiếu đồng ý / tổng số thành viên hội đồng",
            ),
            C("decision", "Quyết định số", width=120),
            C("decision_date", "Ngày quyết định", fmt.vn_date),
        ],
        PROPOSALS,
        undo,
        placeholder="Tên người hoặc đơn vị, hình thức, số quyết định",
    )
