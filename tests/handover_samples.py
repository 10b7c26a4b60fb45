"""A cluster's year held the way tests/test_cluster_year.py holds it, for the hand-over
tests (headless and in the window)."""

from __future__ import annotations

from test_cluster_year import _score_year

from thidua_desktop.store.cluster import voting
from thidua_desktop.store.dossier import attachments
from thidua_desktop.store.records import units

YEAR = 2025
MINUTES = b"%PDF-1.4\n" + "Biên bản họp khối thi đua số 3, bỏ phiếu suy tôn năm 2025.\n".encode() * 40
REPORT = "Báo cáo tổng kết công tác năm 2025 của Thanh tra tỉnh.\n".encode() * 200


def hold_the_year(db) -> None:
    """Scores for the eight units, eight ballots (one blank, one spoiled), the vote closed,
    proposals from the result, next year's head, deputy and host."""
    _score_year(db)
    vote_id = voting.create_vote(db, 1, YEAR, issued=8, commend_places=3, place="Hội trường Công an tỉnh",
                                 chair="Đại tá Nguyễn Văn A", secretary="Trần Thị B")  # fmt: skip
    at = {c["position"]: c["unit_id"] for c in voting.candidates(db, vote_id)}
    for leading, commend in [("1", "2 3 4"), ("1", "2 3 4"), ("1", "2 4 5"), ("2", "1 3 4"), ("1", "2 3 5"),
                             ("1", "3 4 6")]:  # fmt: skip
        voting.add_ballot(
            db, vote_id, "hop_le", voting.parse_marks(leading, at), voting.parse_marks(commend, at)
        )
    voting.add_ballot(db, vote_id, "trang")
    voting.add_ballot(db, vote_id, "hong")
    voting.close(db, vote_id)
    voting.create_proposals(db, vote_id)
    voting.record_next_year(db, vote_id, head=at[2], deputy=at[3], host=at[4])


def attach_two(db) -> tuple[int, int]:
    """The cluster's minutes on the first proposal the vote made, and Thanh tra tỉnh's
    year-end report in its dossier of the year: (proposal's attachment, unit's)."""
    vote = voting.vote_for(db, 1, YEAR)["id"]
    proposal = db.conn.execute("SELECT id FROM proposals WHERE vote_id = ? ORDER BY id", (vote,)).fetchone()[
        0
    ]
    inspectorate = next(u["id"] for u in units.members(db, 1, YEAR) if u["name"] == "Thanh tra tỉnh")
    on_proposal = attachments.add_bytes(db, MINUTES, "bien-ban-khoi-2025.pdf", proposal_id=proposal,
                                        kind="bien_ban_khoi", title="Biên bản bỏ phiếu suy tôn")  # fmt: skip
    on_unit = attachments.add_bytes(db, REPORT, "bao-cao-tong-ket.txt", unit_id=inspectorate, year=YEAR,
                                    kind="bao_cao_tong_ket")  # fmt: skip
    return on_proposal, on_unit
