"""The life of a proposal: draft → deliberated → submitted → decided (approved, not
approved, or promoted) → certificate issued; returned to its unit with a reason; any step
undone with a reason. Each step checks what it needs, is recorded in ``proposal_steps``
(and the audit trail), and writes everything it implies in one transaction."""

from __future__ import annotations

from datetime import date

import sqlite_utils

from thidua_desktop.domain.models import ProposalStatus as S
from thidua_desktop.rules import eligibility
from thidua_desktop.rules.catalogue import BY_CODE, award_name
from thidua_desktop.rules.rulesets import ruleset_for
from thidua_desktop.rules.settings import DeskSettings
from thidua_desktop.store import rows
from thidua_desktop.store.db import transaction
from thidua_desktop.store.errors import ConstraintError
from thidua_desktop.store.records import nominees

#: which step may follow which
NEXT = {
    S.DRAFT: {S.VOTED, S.RETURNED},
    S.VOTED: {S.SUBMITTED, S.RETURNED},
    S.SUBMITTED: {S.APPROVED, S.REJECTED, S.RETURNED},
    S.APPROVED: {S.CERTIFIED},
    S.RETURNED: {S.DRAFT},
    S.REJECTED: set(),
    S.CERTIFIED: set(),
}


def _proposal(db, proposal_id: int) -> dict:
    p = rows.get(db, "proposals", proposal_id)
    if p is None:
        raise ConstraintError(f"Không tìm thấy đề nghị (mã {proposal_id}).")
    return p


def _move(db, p: dict, to: S, reason: str = "", award_id: int | None = None, **changes) -> None:
    current = S(p["status"])
    if to not in NEXT[current]:
        raise ConstraintError(f"Đề nghị đang ở bước “{current.label}”, không chuyển sang “{to.label}” được.")
    rows.update(db, "proposals", p["id"], {"status": to, **changes})
    rows.insert(db, "proposal_steps", {"proposal_id": p["id"], "from_status": current, "to_status": to,
                                       "reason": reason, "award_id": award_id})  # fmt: skip


def deliberate(
    db: sqlite_utils.Database, proposal_id: int, votes_for: int, voters: int, settings: DeskSettings,
    *, on: date | None = None,
) -> None:  # fmt: skip
    """Record the council's vote; it must reach the threshold of the award in force."""
    with transaction(db):
        p = _proposal(db, proposal_id)
        problem = vote_problem(p["award_code"], votes_for, voters, settings, on)
        if problem:
            raise ConstraintError(problem + " Chưa thể chuyển bước bình xét.")
        _move(db, p, S.VOTED, votes_for=votes_for, votes_total=voters)


def vote_problem(
    award_code: str, votes_for: int | None, voters: int | None, settings: DeskSettings, on: date | None = None
) -> str:
    """Why a vote does not carry the award (empty when it does): checked as the numbers are
    typed in the vote dialogs and again when the step is recorded."""
    if not voters or voters <= 0 or votes_for is None or not 0 <= votes_for <= voters:
        return "Số phiếu không hợp lệ: số đồng ý phải từ 0 đến tổng số thành viên bỏ phiếu."
    rule_set = ruleset_for(on or date.today())
    threshold = settings.threshold(rule_set.code, award_code)
    share = votes_for * 100 / voters
    if threshold is not None and share < threshold:
        shown = f"{share:.1f}".replace(".", ",")
        return (f"Mới đạt {shown} % số phiếu ({votes_for}/{voters}); “{award_name(award_code)}” cần từ "
                f"{threshold} % tổng số thành viên hội đồng ({rule_set.decree}).")  # fmt: skip
    return ""


def deliberate_many(
    db: sqlite_utils.Database,
    votes: list[tuple[int, int, int]],
    settings: DeskSettings,
    *,
    on: date | None = None,
) -> None:
    """The council's votes on several proposals [(id, for, members)], all or none."""
    with transaction(db):
        for proposal_id, votes_for, voters in votes:
            deliberate(db, proposal_id, votes_for, voters, settings, on=on)


def submit_many(
    db: sqlite_utils.Database, proposal_ids: list[int], number: str, on: date, settings: DeskSettings,
    *, override_reason: str = "",
) -> None:  # fmt: skip
    """One tờ trình for several proposals, all or none."""
    with transaction(db):
        for proposal_id in proposal_ids:
            submit(db, proposal_id, number, on, settings, override_reason=override_reason)


def decide_many(
    db: sqlite_utils.Database, outcomes: list[tuple[int, bool, str | None]], *, number: str, on: date, issuer: str,
) -> None:  # fmt: skip
    """One decision for several proposals [(id, approved, awarded code or None)], all or none."""
    with transaction(db):
        for proposal_id, approved, awarded in outcomes:
            decide(
                db, proposal_id, approved=approved, number=number, on=on, issuer=issuer, awarded_code=awarded
            )


def submit(
    db: sqlite_utils.Database, proposal_id: int, number: str, on: date, settings: DeskSettings,
    *, override_reason: str = "",
) -> list[eligibility.Finding]:  # fmt: skip
    """Send the proposal up with a tờ trình. A failed hard rule blocks it unless the user
    writes why it goes on; the initiatives it relies on are reserved for it."""
    if not number.strip():
        raise ConstraintError("Cần ghi số tờ trình.")
    with transaction(db):
        p = _proposal(db, proposal_id)
        nominee, _ = nominees.for_proposal(db, proposal_id)
        findings = eligibility.check(nominee, p["award_code"], p["year"], settings, kind=p["kind"],
                                     proposal_id=proposal_id, filed_on=on)  # fmt: skip
        failed = eligibility.blocking(findings)
        if failed and not override_reason.strip():
            raise ConstraintError(
                "Chưa đủ điều kiện: "
                + "; ".join(str(f) for f in failed)
                + ". Nếu vẫn trình, hãy ghi rõ lý do."
            )
        for initiative_id in eligibility.initiatives_to_use(nominee, p["award_code"], p["year"], proposal_id):
            rows.update(db, "initiatives", initiative_id, {"used_by_proposal_id": proposal_id})
        _move(db, p, S.SUBMITTED, override_reason.strip(), submission_number=number, submission_date=on,
              override_reason=override_reason.strip())  # fmt: skip
        return findings


def decide(
    db: sqlite_utils.Database, proposal_id: int, *, approved: bool, number: str, on: date, issuer: str,
    awarded_code: str | None = None, reason: str = "",
) -> int | None:  # fmt: skip
    """Record the decision. Approval (or promotion to ``awarded_code``) writes the award
    into the nominee's history and consumes the initiatives it used; returns the award id."""
    if not number.strip():
        raise ConstraintError("Cần ghi số quyết định.")
    with transaction(db):
        p = _proposal(db, proposal_id)
        filed = p.get("submission_date")
        if filed and on < date.fromisoformat(str(filed)[:10]):
            raise ConstraintError(
                f"Ngày quyết định {on:%d/%m/%Y} trước ngày tờ trình {date.fromisoformat(str(filed)[:10]):%d/%m/%Y}; "
                "hãy kiểm tra lại ngày quyết định."
            )
        if not approved:
            _release_initiatives(db, proposal_id)  # free for another award
            _move(db, p, S.REJECTED, reason, decision_number=number, decision_date=on, decision_issuer=issuer)
            return None
        code = awarded_code or p["award_code"]
        if code not in BY_CODE:
            raise ConstraintError(f"Hình thức “{code}” không có trong danh mục.")
        if not BY_CODE[code].for_subject(p["subject"]):
            raise ConstraintError(f"“{award_name(code)}” không dành cho đối tượng của đề nghị này.")
        award_id = rows.insert(db, "awards", {
            "individual_id": p["individual_id"], "unit_id": p["unit_id"], "year": p["year"], "award_code": code,
            "kind": p["kind"], "decision_number": number, "decision_date": on, "issuer": issuer,
            "proposal_id": proposal_id,
        })  # fmt: skip
        for (initiative_id,) in db.conn.execute(
            "SELECT id FROM initiatives WHERE used_by_proposal_id = ? AND used_by_award_id IS NULL",
            (proposal_id,),
        ).fetchall():
            rows.update(db, "initiatives", initiative_id, {"used_by_award_id": award_id})
        promoted = code != p["award_code"]
        _move(db, p, S.APPROVED, reason or (f"đạt khen cao: {award_name(code)}" if promoted else ""), award_id,
              decision_number=number, decision_date=on, decision_issuer=issuer,
              awarded_code=code if promoted else None)  # fmt: skip
        return award_id


def issue_certificate(db: sqlite_utils.Database, proposal_id: int, register_number: str) -> None:
    if not register_number.strip():
        raise ConstraintError("Cần ghi số vào sổ của bằng.")
    with transaction(db):
        _move(db, _proposal(db, proposal_id), S.CERTIFIED, register_number=register_number)


def return_to_unit(db: sqlite_utils.Database, proposal_id: int, reason: str) -> None:
    if not reason.strip():
        raise ConstraintError("Cần ghi lý do trả lại để đơn vị biết cần bổ sung gì.")
    with transaction(db):
        p = _proposal(db, proposal_id)
        _release_initiatives(db, proposal_id)
        _move(db, p, S.RETURNED, reason, return_reason=reason)


def reopen(db: sqlite_utils.Database, proposal_id: int) -> None:
    """A returned proposal, completed by its unit, starts again as a draft."""
    with transaction(db):
        _move(db, _proposal(db, proposal_id), S.DRAFT)


def undo_step(db: sqlite_utils.Database, proposal_id: int, reason: str) -> S:
    """Take back the last step (a wrong vote, a decision entered on the wrong proposal),
    with a written reason; what the step wrote is removed. Returns the status restored."""
    if not reason.strip():
        raise ConstraintError("Cần ghi lý do hoàn tác bước này.")
    with transaction(db):
        p = _proposal(db, proposal_id)
        step, skip = None, 0  # the newest step not already taken back
        for row in db.conn.execute(
            "SELECT id, from_status, to_status, award_id, reason FROM proposal_steps WHERE proposal_id = ? "
            "ORDER BY id DESC",
            (proposal_id,),
        ).fetchall():
            if row[4].startswith("hoàn tác:"):
                skip += 1
            elif skip:
                skip -= 1
            else:
                step = row[:4]
                break
        if step is None or step[2] != p["status"]:
            raise ConstraintError("Đề nghị này chưa qua bước nào để hoàn tác.")
        step_id, back, done, award_id = step
        cleared = {
            S.VOTED: {"votes_for": None, "votes_total": None},
            S.SUBMITTED: {"submission_number": "", "submission_date": None, "override_reason": ""},
            S.APPROVED: {
                "decision_number": "",
                "decision_date": None,
                "decision_issuer": "",
                "awarded_code": None,
            },
            S.REJECTED: {"decision_number": "", "decision_date": None, "decision_issuer": ""},
            S.CERTIFIED: {"register_number": ""},
            S.RETURNED: {"return_reason": ""},
            S.DRAFT: {},
        }[S(done)]
        if award_id is not None:
            db.conn.execute(
                "UPDATE initiatives SET used_by_award_id = NULL WHERE used_by_award_id = ?", (award_id,)
            )
            rows.update(db, "proposal_steps", step_id, {"award_id": None})
            rows.delete(db, "awards", award_id)
        if S(done) == S.SUBMITTED:
            _release_initiatives(db, proposal_id)
        if S(back) == S.SUBMITTED and S(done) in (S.RETURNED, S.REJECTED):
            _reserve_again(db, p)  # the proposal stands submitted again: it needs its initiatives
        rows.update(db, "proposals", proposal_id, {"status": back, **cleared})
        rows.insert(db, "proposal_steps", {"proposal_id": proposal_id, "from_status": done, "to_status": back,
                                           "reason": f"hoàn tác: {reason.strip()}"})  # fmt: skip
        return S(back)


def steps(db: sqlite_utils.Database, proposal_id: int) -> list[dict]:
    return list(db.query(
        "SELECT at, from_status, to_status, reason FROM proposal_steps WHERE proposal_id = ? ORDER BY id",
        (proposal_id,),
    ))  # fmt: skip


def _reserve_again(db, p: dict) -> None:
    nominee, _ = nominees.for_proposal(db, p["id"])
    wanted = eligibility.initiatives_to_use(nominee, p["award_code"], p["year"], p["id"])
    if (
        len(wanted) < eligibility.initiatives_needed(nominee, p["award_code"], p["year"])
        and not p["override_reason"]
    ):
        raise ConstraintError(
            "Không hoàn tác được: sáng kiến đề nghị này dựa vào đã được dùng cho khen thưởng khác trong lúc hồ sơ bị "
            "trả lại. Hãy lập đề nghị mới."
        )
    for initiative_id in wanted:
        rows.update(db, "initiatives", initiative_id, {"used_by_proposal_id": p["id"]})


def _release_initiatives(db, proposal_id: int) -> None:
    db.conn.execute(
        "UPDATE initiatives SET used_by_proposal_id = NULL WHERE used_by_proposal_id = ? AND used_by_award_id IS NULL",
        (proposal_id,),
    )
