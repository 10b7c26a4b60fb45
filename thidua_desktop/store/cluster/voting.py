"""The conference vote of a cluster's year: the units on the ballot, every paper ballot
numbered and kept, the tally, closing (frozen) and reopening (with a reason, audited), and
what the result feeds: proposals for the flag and Bằng khen, next year's head, deputy and
host. rules/voting.py counts."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import sqlite_utils

from thidua_desktop.domain.models import ProposalStatus, ReviewKind, Role
from thidua_desktop.domain.text import vn_decimal
from thidua_desktop.rules import voting
from thidua_desktop.rules.voting import Ballot, BallotState, Race, Result, Tally, VoteRules
from thidua_desktop.store import rows
from thidua_desktop.store.cluster import scoring
from thidua_desktop.store.db import transaction
from thidua_desktop.store.errors import ConstraintError
from thidua_desktop.store.records import proposals, units

FLAG_AWARD, COMMEND_AWARD = "CO_TINH", "BK_TINH"


def vote_for(db: sqlite_utils.Database, cluster_id: int, year: int) -> dict[str, Any] | None:
    return next(db.query("SELECT * FROM votes WHERE cluster_id = ? AND year = ?", (cluster_id, year)), None)


def create_vote(
    db: sqlite_utils.Database, cluster_id: int, year: int, *, issued: int | None = None, **settings: Any
) -> int:
    """A vote for the cluster's year with its member units on the ballot, numbered in the
    order of the scoring rank when there is a table, else head, deputy, then by name.
    ``issued`` defaults to one ballot per member unit."""
    members = units.members(db, cluster_id, year)
    if not members:
        raise ConstraintError(f"Khối chưa có đơn vị thành viên năm {year}; hãy ghi thành viên khối trước.")
    table = scoring.table_for(db, cluster_id, year)
    order = [r.unit_id for r in scoring.ranking(db, table["id"])] if table else [m["id"] for m in members]
    with transaction(db):
        if vote_for(db, cluster_id, year):
            raise ConstraintError(f"Khối đã có cuộc bỏ phiếu năm {year}.")
        vote_id = rows.insert(db, "votes", {"cluster_id": cluster_id, "year": year,
                                            "issued": len(members) if issued is None else issued, **settings})  # fmt: skip
        for position, unit_id in enumerate(order, start=1):
            rows.insert(db, "vote_units", {"vote_id": vote_id, "unit_id": unit_id, "position": position})
    return vote_id


SETTINGS = ("held_on", "place", "chair", "secretary", "counting_committee", "issued", "leading_places",
            "commend_places", "threshold_percent", "base")  # fmt: skip


def update_vote(db: sqlite_utils.Database, vote_id: int, *, reason: str = "", **changes: Any) -> None:
    """Change the vote's settings (ballots issued, places, the threshold and its base, the
    meeting's date, place, chair and secretary) while it is open. Once a ballot is typed a
    change of the count's settings needs ``reason``, kept with the vote (and so in the audit
    trail); ballots issued cannot fall below the ballots typed."""
    if set(changes) - set(SETTINGS):
        raise ValueError(f"cannot change {set(changes) - set(SETTINGS)}")
    with transaction(db):
        vote = _open(db, vote_id)
        typed = db.conn.execute("SELECT count(*) FROM ballots WHERE vote_id = ?", (vote_id,)).fetchone()[0]
        counted = {k for k in changes if k in ("issued", "leading_places", "commend_places", "threshold_percent",
                                                "base") and changes[k] != vote[k]}  # fmt: skip
        if "issued" in changes and changes["issued"] < typed:
            raise ConstraintError(
                f"Đã nhập {typed} phiếu: số phiếu phát ra không thể ít hơn. Nếu có phiếu nhập nhầm, hãy hủy phiếu đó."
            )
        if typed and counted and not reason.strip():
            raise ConstraintError(
                f"Đã nhập {typed} phiếu: đổi số phiếu phát ra, số đơn vị được chọn hoặc tỷ lệ cần đạt phải ghi lý do "
                "(lý do được lưu vào nhật ký)."
            )
        if typed and counted:
            changes = {**changes, "settings_reason": reason.strip()}
        rows.update(db, "votes", vote_id, changes)


def candidates(db: sqlite_utils.Database, vote_id: int) -> list[dict[str, Any]]:
    """The units on the ballot: position (the number typed), unit id, name that year, present."""
    return list(db.query(
        "SELECT vu.position, vu.unit_id, vu.present, vu.representative, "
        "coalesce((SELECT n.name FROM unit_names n WHERE n.unit_id = vu.unit_id AND (n.valid_from IS NULL OR "
        "n.valid_from <= v.year || '-12-31') ORDER BY n.valid_from DESC LIMIT 1), u.name) AS name "
        "FROM vote_units vu JOIN votes v ON v.id = vu.vote_id JOIN units u ON u.id = vu.unit_id "
        "WHERE vu.vote_id = ? ORDER BY vu.position", (vote_id,)))  # fmt: skip


def set_presence(
    db: sqlite_utils.Database, vote_id: int, unit_id: int, present: bool, representative: str = ""
) -> None:
    with transaction(db):
        _open(db, vote_id)
        row = db.conn.execute(
            "SELECT id FROM vote_units WHERE vote_id = ? AND unit_id = ?", (vote_id, unit_id)
        ).fetchone()
        if row is None:
            raise ConstraintError("Đơn vị không có trong danh sách bỏ phiếu.")
        rows.update(db, "vote_units", row[0], {"present": int(present), "representative": representative})


def rules_of(vote: dict[str, Any]) -> VoteRules:
    return VoteRules(issued=vote["issued"], leading_places=vote["leading_places"],
                     commend_places=vote["commend_places"], threshold_percent=vote["threshold_percent"],
                     base=vote["base"])  # fmt: skip


def get_vote(db, vote_id: int) -> dict[str, Any]:
    vote = rows.get(db, "votes", vote_id)
    if vote is None:
        raise ConstraintError(f"Không tìm thấy cuộc bỏ phiếu (mã {vote_id}).")
    return vote


def _open(db, vote_id: int) -> dict[str, Any]:
    vote = get_vote(db, vote_id)
    if vote["status"] != "mo":
        raise ConstraintError("Kết quả bỏ phiếu đã khóa. Muốn sửa, hãy mở lại cuộc bỏ phiếu và ghi lý do.")
    return vote


def _by_position(db, vote_id: int) -> dict[int, int]:
    return {c["position"]: c["unit_id"] for c in candidates(db, vote_id)}


def parse_marks(text: str, by_position: dict[int, int]) -> tuple[int, ...]:
    """Unit ids from what the secretary typed: ballot numbers separated by spaces, commas
    or dots ("1 4 5", "1,4,5")."""
    out = []
    for part in text.replace(",", " ").replace(".", " ").replace(";", " ").split():
        if not part.isdigit() or int(part) not in by_position:
            raise ConstraintError(
                f"“{part}” không phải số thứ tự của đơn vị nào trên phiếu (1–{len(by_position)})."
            )
        out.append(by_position[int(part)])
    return tuple(out)


def add_ballot(
    db: sqlite_utils.Database,
    vote_id: int,
    state: BallotState | str,
    leading: tuple[int, ...] = (),
    commend: tuple[int, ...] = (),
    *,
    number: int | None = None,
) -> int:
    """Record one paper ballot (unit ids), numbered in the order typed; refused when the
    vote is closed or the ballot cannot be valid as typed (too many marks: a spoiled one)."""
    state = BallotState(state)
    with transaction(db):
        vote = _open(db, vote_id)
        ballot = Ballot(number or 0, state, tuple(leading), tuple(commend))
        problem = voting.ballot_problem(ballot, rules_of(vote), _by_position(db, vote_id).values())
        if problem:
            raise ConstraintError(problem)
        if number is None:
            number = next_number(db, vote_id)
        ballot_id = rows.insert(db, "ballots", {"vote_id": vote_id, "number": number, "state": state.value})
        for race, marks in ((Race.LEADING, leading), (Race.COMMEND, commend)):
            for unit_id in marks:
                rows.insert(
                    db, "ballot_marks", {"ballot_id": ballot_id, "race": race.value, "unit_id": unit_id}
                )
    return ballot_id


def delete_ballot(db: sqlite_utils.Database, vote_id: int, number: int) -> None:
    with transaction(db):
        _open(db, vote_id)
        row = db.conn.execute(
            "SELECT id FROM ballots WHERE vote_id = ? AND number = ?", (vote_id, number)
        ).fetchone()
        if row is None:
            raise ConstraintError(f"Không có phiếu số {number}.")
        db.conn.execute("DELETE FROM ballot_marks WHERE ballot_id = ?", (row[0],))
        rows.delete(db, "ballots", row[0])


def void_ballot(db: sqlite_utils.Database, vote_id: int, number: int, reason: str) -> None:
    """Void a ballot typed wrong, with the reason: it keeps its number (the paper of that
    number is retyped under the next one), is listed struck through and counted nowhere."""
    if not reason.strip():
        raise ConstraintError("Cần ghi lý do hủy phiếu (ví dụ: nhập nhầm, nhập lại ở phiếu sau).")
    with transaction(db):
        _open(db, vote_id)
        row = db.conn.execute(
            "SELECT id, void_reason FROM ballots WHERE vote_id = ? AND number = ?", (vote_id, number)
        ).fetchone()
        if row is None:
            raise ConstraintError(f"Không có phiếu số {number}.")
        if row[1]:
            raise ConstraintError(f"Phiếu số {number} đã bị hủy ({row[1]}).")
        rows.update(db, "ballots", row[0], {"void_reason": reason.strip()})


def next_number(db: sqlite_utils.Database, vote_id: int) -> int:
    """The number the next ballot typed takes: after every ballot, voided ones included."""
    return db.conn.execute(
        "SELECT coalesce(max(number), 0) + 1 FROM ballots WHERE vote_id = ?", (vote_id,)
    ).fetchone()[0]


def voided(db: sqlite_utils.Database, vote_id: int) -> dict[int, str]:
    """The voided ballots' numbers and reasons."""
    return dict(db.conn.execute(
        "SELECT number, void_reason FROM ballots WHERE vote_id = ? AND void_reason != '' ORDER BY number", (vote_id,)
    ).fetchall())  # fmt: skip


def ballots(db: sqlite_utils.Database, vote_id: int, *, with_voided: bool = False) -> list[Ballot]:
    """The ballots counted, in number order (``with_voided``: the voided ones too, for the list
    that shows them struck through)."""
    marks: dict[int, dict[str, list[int]]] = {}
    for ballot_id, race, unit_id in db.conn.execute(
        "SELECT m.ballot_id, m.race, m.unit_id FROM ballot_marks m JOIN ballots b ON b.id = m.ballot_id "
        "WHERE b.vote_id = ? ORDER BY m.id", (vote_id,)):  # fmt: skip
        marks.setdefault(ballot_id, {}).setdefault(race, []).append(unit_id)
    return [
        Ballot(
            number,
            BallotState(state),
            tuple(marks.get(bid, {}).get(Race.LEADING.value, ())),
            tuple(marks.get(bid, {}).get(Race.COMMEND.value, ())),
        )  # fmt: skip
        for bid, number, state in db.conn.execute(
            "SELECT id, number, state FROM ballots WHERE vote_id = ? "
            + ("" if with_voided else "AND void_reason = '' ")
            + "ORDER BY number",
            (vote_id,),
        )
    ]


def tally_of(db: sqlite_utils.Database, vote_id: int) -> Tally:
    vote = get_vote(db, vote_id)
    return voting.tally(ballots(db, vote_id), rules_of(vote), _by_position(db, vote_id).values())


def standing(db: sqlite_utils.Database, vote_id: int) -> tuple[Tally, list, Result, dict[int, str]]:
    """Everything the screen, the minutes and the exports show, computed once the same way:
    the tally, the scoring ranking (its tie rule may use the leading votes), the result with
    ties broken by that ranking, and the units' names."""
    vote = get_vote(db, vote_id)
    t = tally_of(db, vote_id)
    names = {c["unit_id"]: c["name"] for c in candidates(db, vote_id)}
    table = scoring.table_for(db, vote["cluster_id"], vote["year"])
    ranked = scoring.ranking(db, table["id"], t.votes[Race.LEADING]) if table else []
    order = [r.unit_id for r in ranked] + [u for u in names if u not in {r.unit_id for r in ranked}]
    return t, ranked, voting.result(t, order, names), names


def close(db: sqlite_utils.Database, vote_id: int) -> None:
    """Freeze the vote. Counts that do not reconcile are refused: they are shown to be
    checked, not frozen."""
    with transaction(db):
        _open(db, vote_id)
        t = tally_of(db, vote_id)
        if t.problems:
            raise ConstraintError("Chưa khóa được: " + " ".join(t.problems))
        rows.update(db, "votes", vote_id, {"status": "da_khoa",
                                           "closed_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")})  # fmt: skip


def reopen(db: sqlite_utils.Database, vote_id: int, reason: str) -> None:
    if not reason.strip():
        raise ConstraintError("Cần ghi lý do mở lại kết quả bỏ phiếu; lý do được lưu vào nhật ký.")
    with transaction(db):
        vote = get_vote(db, vote_id)
        if vote["status"] == "mo":
            raise ConstraintError("Cuộc bỏ phiếu đang mở.")
        rows.update(db, "votes", vote_id, {"status": "mo", "closed_at": None, "reopen_reason": reason})


def reopen_history(db: sqlite_utils.Database, vote_id: int) -> list[dict[str, Any]]:
    """When the vote was reopened, by whom and why (from the audit trail)."""
    out = []
    for at, user, new in db.conn.execute(
        "SELECT at, user, json_extract(new_values, '$.reopen_reason') FROM audit_log WHERE table_name = 'votes' "
        "AND row_id = ? AND action = 'update' AND json_extract(old_values, '$.status') = 'da_khoa' "
        "AND json_extract(new_values, '$.status') = 'mo' ORDER BY id", (vote_id,)):  # fmt: skip
        out.append({"at": at, "user": user, "reason": new})
    return out


def origin_of(db: sqlite_utils.Database, proposal_id: int) -> tuple[str, bool]:
    """The vote result a proposal was made from, in a sentence, and whether that result has
    been reopened since (the proposal may no longer match it): ("", False) for a proposal
    not made from a vote."""
    row = db.conn.execute(
        "SELECT v.id, v.year, v.status, v.closed_at, c.name FROM proposals p JOIN votes v ON v.id = p.vote_id "
        "JOIN clusters c ON c.id = v.cluster_id WHERE p.id = ?",
        (proposal_id,),
    ).fetchone()
    if row is None:
        return "", False
    vote_id, year, status, closed_at, cluster = row
    history = reopen_history(db, vote_id)
    if status == "mo" and history:
        last = history[-1]
        when = _local_time(last["at"])
        return (f"Lập từ kết quả bỏ phiếu năm {year} của {cluster}; kết quả đó đã được mở lại lúc {when} "
                f"(lý do: {last['reason']}). Hãy kiểm tra lại đề nghị này khi khóa kết quả mới."), True  # fmt: skip
    if status == "mo":
        return f"Lập từ kết quả bỏ phiếu năm {year} của {cluster} (chưa khóa).", False
    return f"Lập từ kết quả bỏ phiếu năm {year} của {cluster}, khóa lúc {_local_time(closed_at)}.", False


def _local_time(stamp: str | None) -> str:
    """An audit or closing time (UTC, ISO) as the clerk reads it: local, to the minute."""
    if not stamp:
        return ""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().strftime("%H:%M ngày %d/%m/%Y")


def create_proposals(db: sqlite_utils.Database, vote_id: int) -> dict[str, int]:
    """The result feeds the proposals: the provincial Emulation Flag for the leading unit,
    Bằng khen for the voted units, each with its votes and linked to the vote. Only a
    closed vote; running it again adds only what is missing."""
    vote = get_vote(db, vote_id)
    if vote["status"] != "da_khoa":
        raise ConstraintError("Hãy khóa kết quả bỏ phiếu trước khi lập đề nghị khen thưởng.")
    t, _ranked, outcome, names = standing(db, vote_id)
    made = {"flag": 0, "commend": 0}
    wanted = ([(outcome.leading, FLAG_AWARD, Race.LEADING, "flag")] if outcome.leading else []) + [
        (u, COMMEND_AWARD, Race.COMMEND, "commend") for u in outcome.commend]  # fmt: skip
    with transaction(db):
        for unit_id, award, race, key in wanted:
            exists = db.conn.execute(
                "SELECT 1 FROM proposals WHERE vote_id = ? AND unit_id = ? AND award_code = ?",
                (vote_id, unit_id, award),
            ).fetchone()
            if exists:
                continue
            pid = proposals.create_proposal(
                db, award, vote["year"], unit_id=unit_id, status=ProposalStatus.VOTED,
                votes_for=t.count(race, unit_id), votes_total=t.base,
                summary=f"Được Khối thi đua bình xét, bỏ phiếu năm {vote['year']}: {t.count(race, unit_id)}/{t.base} phiếu "
                        f"({vn_decimal(t.percent(race, unit_id), 1)} %).",
            )  # fmt: skip
            rows.update(db, "proposals", pid, {"vote_id": vote_id})
            made[key] += 1
    return made


def record_next_year(
    db: sqlite_utils.Database,
    vote_id: int,
    *,
    head: int | None,
    deputy: int | None,
    host: int | None,
) -> None:
    """Next year's head and deputy (memberships of next year, every member carried over)
    and the next review's host (this year's year-end review), kept on the vote too."""
    vote = get_vote(db, vote_id)
    cluster, year = vote["cluster_id"], vote["year"]
    with transaction(db):
        rows.update(db, "votes", vote_id, {"next_head_unit_id": head, "next_deputy_unit_id": deputy,
                                           "next_host_unit_id": host})  # fmt: skip
        carried = {m["id"] for m in units.members(db, cluster, year + 1)}
        for member in units.members(db, cluster, year):
            if member["id"] not in carried:
                units.set_membership(db, cluster, member["id"], year + 1)
        if head:
            units.set_membership(db, cluster, head, year + 1, Role.HEAD)
        if deputy:
            units.set_membership(db, cluster, deputy, year + 1, Role.DEPUTY)
        review = db.conn.execute("SELECT id FROM reviews WHERE cluster_id = ? AND year = ? AND kind = ?",
                                 (cluster, year, ReviewKind.YEAR_END.value)).fetchone()  # fmt: skip
        if review:
            rows.update(db, "reviews", review[0], {"next_host_unit_id": host})
        else:
            rows.insert(db, "reviews", {"cluster_id": cluster, "year": year, "kind": ReviewKind.YEAR_END.value,
                                        "held_on": vote["held_on"] or date.today(), "next_host_unit_id": host})  # fmt: skip
