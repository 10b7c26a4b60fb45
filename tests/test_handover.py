"""Hand-over files between two desks (issue 7): desk A scores and votes Khối 3's year,
exports it; desk B (its units created separately: other uids, one unit without a code
and with its name typed in capitals) previews, merges, and ends with the same figures.
Then conflicts and choices, a closed vote, a unit's file, bad files and the command line."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from handover_samples import REPORT, YEAR, attach_two, hold_the_year

from thidua_desktop.domain.text import fold
from thidua_desktop.reports.handover import archive as handover_file
from thidua_desktop.reports.handover import bundle as handover
from thidua_desktop.rules.voting import Race
from thidua_desktop.store import backup, open_database, rows
from thidua_desktop.store import sample as sample_data
from thidua_desktop.store.cluster import scoring, voting
from thidua_desktop.store.dossier import attachments
from thidua_desktop.store.dossier import files as attachment_files
from thidua_desktop.store.errors import ConstraintError
from thidua_desktop.store.handover.preview import CONFLICT, ERROR, NEW, SAME, HandoverFileError
from thidua_desktop.store.records import units

RENAMED = "THANH TRA TỈNH"  # desk B typed it in capitals and gave it no code


@pytest.fixture(scope="module")
def templates(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("desks")
    a = open_database(folder / "a.sqlite", user="khối trưởng 2025")
    sample_data.generate(a, "cluster")
    hold_the_year(a)
    a.close()
    b = open_database(folder / "b.sqlite", user="khối trưởng 2026")
    sample_data.generate(b, "cluster", seed=4)  # same units and cluster, created with other uids
    inspectorate = next(u for u in units.members(b, 1, YEAR) if u["name"] == "Thanh tra tỉnh")["id"]
    units.update_unit(b, inspectorate, name=RENAMED, code="")
    b.close()
    return folder / "a.sqlite", folder / "b.sqlite"


@pytest.fixture
def desks(templates, tmp_path):
    opened = []
    for template, name, user in (
        (templates[0], "a", "khối trưởng 2025"),
        (templates[1], "b", "khối trưởng 2026"),
    ):
        backup.backup_file(template, tmp_path / f"{name}.sqlite")
        opened.append(open_database(tmp_path / f"{name}.sqlite", user=user))
    yield opened
    for db in opened:
        db.close()


def run_cli(*args: str) -> subprocess.CompletedProcess:
    """The command line in a child process, as a user runs it (conftest's helper, which the
    window tests' conftest shadows when both folders are collected)."""
    return subprocess.run([sys.executable, "-m", "thidua_desktop", *args], capture_output=True, text=True,
                          encoding="utf-8", timeout=300)  # fmt: skip


def _audit(db) -> int:
    return db.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]


def _figures(db) -> dict:
    """What the two desks must agree on, with units named (folded) instead of local ids."""
    name = {r[0]: fold(r[1]) for r in db.conn.execute("SELECT id, name FROM units")}
    vote = voting.vote_for(db, 1, YEAR)
    t, ranked, outcome, _names = voting.standing(db, vote["id"])

    def count(sql: str) -> int:
        return db.conn.execute(sql, (vote["id"],)).fetchone()[0]

    return {
        "tally": (t.returned, t.valid, t.blank, t.spoiled, t.base, t.needed, t.problems,
                  {race.value: {name[u]: n for u, n in t.votes[race].items()} for race in Race}),
        "ranking": [(name[r.unit_id], r.rank, r.total, r.self_total, r.tie_note) for r in ranked],
        "result": (name[outcome.leading], [name[u] for u in outcome.commend]),
        "vote": {k: vote[k] for k in ("status", "closed_at", "issued", "place", "chair", "secretary", "base")},
        "counts": {
            "vote_units": count("SELECT count(*) FROM vote_units WHERE vote_id = ?"),
            "ballots": count("SELECT count(*) FROM ballots WHERE vote_id = ?"),
            "marks": count("SELECT count(*) FROM ballot_marks m JOIN ballots b ON b.id = m.ballot_id WHERE b.vote_id = ?"),
            "scores": db.conn.execute("SELECT count(*) FROM unit_scores s JOIN criteria c ON c.id = s.criterion_id "
                                      "JOIN scoring_tables t ON t.id = c.table_id WHERE t.year = ?", (YEAR,)).fetchone()[0],
        },
        "proposals": sorted(
            (name[r[0]], r[1], r[2], r[3], r[4])
            for r in db.conn.execute("SELECT unit_id, award_code, status, votes_for, votes_total FROM proposals "
                                     "WHERE vote_id = ?", (vote["id"],))
        ),
        "next_year": sorted((name[m["id"]], m["role"]) for m in units.members(db, 1, YEAR + 1)),
    }  # fmt: skip


def _typed_marks(db) -> dict[int, list[tuple[str, str]]]:
    """Each ballot's marks, units named, in the order they were typed (ballot_marks by id)."""
    out: dict[int, list[tuple[str, str]]] = {}
    for number, race, name in db.conn.execute(
        "SELECT b.number, m.race, u.name FROM ballot_marks m JOIN ballots b ON b.id = m.ballot_id "
        "JOIN units u ON u.id = m.unit_id WHERE b.vote_id = ? ORDER BY b.number, m.id",
        (voting.vote_for(db, 1, YEAR)["id"],)):  # fmt: skip
        out.setdefault(number, []).append((race, fold(name)))
    return out


def test_round_trip_between_two_desks(desks, tmp_path):
    a, b = desks
    out = tmp_path / "ban-giao.zip"
    exported = handover.export_year(a, 1, YEAR, out)
    assert (exported.counts["unit_scores"], exported.counts["ballots"]) == (96, 8)
    assert exported.size == out.stat().st_size
    manifest, tables = handover_file.read(out)
    assert manifest["format"] == "thidua-desktop/ban-giao-khoi" and manifest["version"] == 1
    assert (manifest["cluster"]["name"], manifest["year"], manifest["exported_by"]) == (
        "Khối thi đua số 3", YEAR, "khối trưởng 2025")  # fmt: skip
    with zipfile.ZipFile(out) as zf:
        assert hashlib.sha256(zf.read("data.json")).hexdigest() == manifest["data"]["sha256"]
    described = handover.describe_manifest(manifest)
    assert described.startswith("Tệp bàn giao Khối thi đua số 3, năm 2025; do khối trưởng 2025 xuất")

    before = _audit(b)
    planned = handover.preview(b, out)
    assert _audit(b) == before and voting.vote_for(b, 1, YEAR) is None  # the preview writes nothing
    counts = planned.counts()
    assert counts["unit_scores"][NEW] == 96 and counts["criteria"][NEW] == 12 and counts["ballots"][NEW] == 8
    assert counts["votes"][NEW] == 1 and counts["proposals"][NEW] == 3 and counts["memberships"][NEW] == 8
    assert counts["units"][SAME] == 7 and counts["memberships"][SAME] == 8
    matched = {r.label: r.matched_by for r in planned.rows if r.table == "units"}
    assert matched["Thanh tra tỉnh"] == "name" and set(matched.values()) == {"code", "name"}
    inspectorate = next(r for r in planned.rows if r.label == "Thanh tra tỉnh")
    assert "theo cùng tên" in inspectorate.note and inspectorate.status == CONFLICT
    assert [(d.label, d.mine_text, d.theirs_text) for d in inspectorate.differences] == [
        ("Tên", RENAMED, "Thanh tra tỉnh"), ("Mã đơn vị", "(trống)", "TTR")]  # fmt: skip
    assert planned.total(ERROR) == 0

    result = handover.merge(b, out)
    assert result.inserted["unit_scores"] == 96 and result.inserted["proposals"] == 3 and not result.updated
    assert result.backup is not None and result.backup in backup.list_backups(b.conn.execute(
        "PRAGMA database_list").fetchone()[2])  # fmt: skip
    assert _figures(b) == _figures(a)
    assert _typed_marks(b) == _typed_marks(a)  # each ballot's marks in the order the secretary typed them
    assert voting.vote_for(b, 1, YEAR)["status"] == "da_khoa"  # the closed vote stays closed
    with pytest.raises(Exception, match="đã khóa"):
        voting.add_ballot(b, voting.vote_for(b, 1, YEAR)["id"], "trang")
    # proposals linked to the vote keep the link, to B's own vote row
    assert b.conn.execute("SELECT count(*) FROM proposals WHERE vote_id = ?",
                          (voting.vote_for(b, 1, YEAR)["id"],)).fetchone()[0] == 3  # fmt: skip
    assert b.conn.execute("SELECT count(*) FROM units").fetchone()[0] == a.conn.execute(
        "SELECT count(*) FROM units").fetchone()[0]  # fmt: skip

    # the same file again: nothing new, nothing written, no copy taken
    after = _audit(b)
    again = handover.preview(b, out)
    assert again.total(NEW) == 0 and again.writes() == 0
    second = handover.merge(b, out)
    assert second.written == 0 and second.backup is None and _audit(b) == after


def test_a_conflict_shows_both_values_and_follows_the_choice(desks, tmp_path):
    a, b = desks
    out = tmp_path / "ban-giao.zip"
    handover.export_year(a, 1, YEAR, out)
    handover.merge(b, out)
    table = scoring.table_for(b, 1, YEAR)["id"]
    first = scoring.criteria(b, table)[0]
    police = next(u["id"] for u in units.members(b, 1, YEAR) if u["name"] == "Công an tỉnh")
    theirs = scoring.score_details(b, table, police)[first.id]["agreed_score"]
    vote_b = voting.vote_for(b, 1, YEAR)["id"]
    with pytest.raises(ConstraintError, match="đã khóa"):  # the year's result is closed: its table too
        scoring.set_score(b, first.id, police, agreed_score=12.5)
    voting.reopen(b, vote_b, "Sửa điểm sau hội nghị")
    scoring.set_score(b, first.id, police, agreed_score=12.5, note="Sửa lại sau hội nghị")

    planned = handover.preview(b, out)
    conflict = next(r for r in planned.rows if r.table == "unit_scores" and r.status == CONFLICT)
    assert conflict.label == f"Công an tỉnh – I. {first.text}"
    diffs = {d.label: (d.mine_text, d.theirs_text) for d in conflict.differences}
    assert diffs["Điểm thống nhất"] == ("12,5", f"{theirs:g}".replace(".", ","))
    assert diffs["Ghi chú"] == ("Sửa lại sau hội nghị", "(trống)")
    assert "bàn này “12,5”" in conflict.describe()

    kept = handover.merge(b, out)  # by default this desk's version stands
    assert kept.written == 0 and scoring.score_details(b, table, police)[first.id]["agreed_score"] == 12.5
    taken = handover.merge(b, out, {conflict.key: handover.THEIRS})
    assert taken.updated == {"unit_scores": 1}
    row = scoring.score_details(b, table, police)[first.id]
    assert (row["agreed_score"], row["note"]) == (theirs, "")
    # "all theirs" settles the registrations the two desks dated differently too
    assert handover.preview(b, out).counts()["registrations"][CONFLICT] == 8
    handover.merge(b, out, handover.THEIRS)
    assert handover.preview(b, out).total(CONFLICT) == 0
    assert _figures(b) == _figures(a)


def test_a_closed_year_keeps_its_table_against_a_file_with_later_scores(desks, tmp_path):
    """Issue 21: desk A reopens, raises a unit's agreed score and closes again; desk B, whose
    year is closed, previews the file: the changed scores are refused row by row with the
    reason, "take the file's" for everything changes neither the table nor the result; after
    desk B reopens the year (with its reason, audited) the same file goes in."""
    a, b = desks
    out = tmp_path / "ban-giao.zip"
    handover.export_year(a, 1, YEAR, out)
    handover.merge(b, out)
    vote_a = voting.vote_for(a, 1, YEAR)["id"]
    voting.reopen(a, vote_a, "Chấm lại mục I sau phúc tra")
    table_a = scoring.table_for(a, 1, YEAR)["id"]
    court = next(u["id"] for u in units.members(a, 1, YEAR) if u["name"] == "Tòa án nhân dân tỉnh")
    first = scoring.criteria(a, table_a)[0]
    scoring.set_score(a, first.id, court, agreed_score=first.max_points)
    voting.close(a, vote_a)
    handover.export_year(a, 1, YEAR, out)

    before = _figures(b)
    planned = handover.preview(b, out)
    refused = [r for r in planned.rows if r.table == "unit_scores" and r.status == ERROR]
    assert refused and all("đã khóa ở bàn này" in r.note and "mở lại kết quả" in r.note for r in refused)
    handover.merge(b, out, handover.THEIRS)
    after = _figures(b)
    assert after["ranking"] == before["ranking"] and after["result"] == before["result"]
    vote_b = voting.vote_for(b, 1, YEAR)["id"]
    voting.reopen(b, vote_b, "Nhận bảng điểm đã phúc tra của khối")
    assert [h["reason"] for h in voting.reopen_history(b, vote_b)][
        -1
    ] == "Nhận bảng điểm đã phúc tra của khối"
    handover.merge(b, out, handover.THEIRS)
    table_b = scoring.table_for(b, 1, YEAR)["id"]
    court_b = next(u["id"] for u in units.members(b, 1, YEAR) if u["name"] == "Tòa án nhân dân tỉnh")
    first_b = scoring.criteria(b, table_b)[0]
    assert scoring.score_details(b, table_b, court_b)[first_b.id]["agreed_score"] == first.max_points


def test_a_vote_closed_here_changes_only_when_the_vote_is_taken(desks, tmp_path):
    a, b = desks
    out = tmp_path / "ban-giao.zip"
    handover.export_year(a, 1, YEAR, out)
    handover.merge(b, out)
    # desk A recounts: ballot 8 was blank, not spoiled
    vote_a = voting.vote_for(a, 1, YEAR)["id"]
    voting.reopen(a, vote_a, "Kiểm phiếu lại: phiếu số 8 là phiếu trắng")
    a.conn.execute("UPDATE ballots SET state = 'trang' WHERE vote_id = ? AND number = 8", (vote_a,))
    voting.close(a, vote_a)
    handover.export_year(a, 1, YEAR, out)

    planned = handover.preview(b, out)
    vote_row = next(r for r in planned.rows if r.table == "votes")
    ballot = next(r for r in planned.rows if r.table == "ballots" and r.label == "Phiếu số 8")
    assert vote_row.status == CONFLICT and "Lý do mở lại" in vote_row.describe()
    assert ballot.status == CONFLICT and "đã khóa" in ballot.note
    assert [(d.mine_text, d.theirs_text) for d in ballot.differences] == [("Phiếu hỏng", "Phiếu trắng")]

    handover.merge(b, out, {ballot.key: handover.THEIRS})  # the ballot alone: the closed vote stands
    vote_b = voting.vote_for(b, 1, YEAR)
    assert voting.tally_of(b, vote_b["id"]).spoiled == 1
    handover.merge(b, out, {vote_row.key: handover.THEIRS, ballot.key: handover.THEIRS})
    vote_b = voting.vote_for(b, 1, YEAR)
    t = voting.tally_of(b, vote_b["id"])
    assert (t.blank, t.spoiled) == (2, 0) and vote_b["status"] == "da_khoa"
    assert vote_b["reopen_reason"].startswith("Kiểm phiếu lại")

    # a desk whose closed vote agrees in every field but holds other ballots is not changed
    a.conn.execute("UPDATE ballots SET state = 'hong' WHERE vote_id = ? AND number = 8", (vote_a,))
    handover.export_year(a, 1, YEAR, out)
    planned = handover.preview(b, out)
    ballot = next(r for r in planned.rows if r.table == "ballots" and r.label == "Phiếu số 8")
    assert ballot.status == ERROR and "mở lại cuộc bỏ phiếu" in ballot.note
    handover.merge(b, out, handover.THEIRS)
    assert voting.tally_of(b, vote_b["id"]).spoiled == 0


def test_a_units_file_touches_only_its_registrations_and_self_scores(desks, tmp_path):
    a, b = desks
    year_file = tmp_path / "ban-giao.zip"
    handover.export_year(a, 1, YEAR, year_file)
    handover.merge(b, year_file)
    # the unit, on desk A, revises its self-scores and registration (the year reopened there)
    voting.reopen(a, voting.vote_for(a, 1, YEAR)["id"], "Đơn vị gửi lại điểm tự chấm")
    table_a = scoring.table_for(a, 1, YEAR)["id"]
    court = next(u["id"] for u in units.members(a, 1, YEAR) if u["name"] == "Tòa án nhân dân tỉnh")
    criteria_a = scoring.criteria(a, table_a)
    for c in criteria_a[:3]:
        scoring.set_score(a, c.id, court, self_score=c.max_points, evidence=f"Báo cáo số {c.id}/BC-TA",
                          agreed_score=1.0)  # the agreed score must not travel  # fmt: skip
    registration = a.conn.execute("SELECT id FROM registrations WHERE unit_id = ?", (court,)).fetchone()[0]
    rows.update(a, "registrations", registration, {"targets": "100% hoàn thành; 80% Lao động tiên tiến"})
    out = tmp_path / "toa-an.zip"
    exported = handover.export_unit_file(a, 1, YEAR, court, out)
    manifest, tables = handover_file.read(out)
    assert (
        manifest["format"] == "thidua-desktop/tu-cham-don-vi"
        and manifest["unit"]["name"] == "Tòa án nhân dân tỉnh"
    )
    assert exported.counts["unit_scores"] == 12 and all(
        "agreed_score" not in s for s in tables["unit_scores"]
    )

    table_b = scoring.table_for(b, 1, YEAR)["id"]
    court_b = next(u["id"] for u in units.members(b, 1, YEAR) if u["name"] == "Tòa án nhân dân tỉnh")
    closed = handover.preview(b, out)  # desk B's year is closed: the new self-scores are refused
    refused = [r for r in closed.rows if r.table == "unit_scores" and r.status == ERROR]
    assert len(refused) == 3 and all("đã khóa ở bàn này" in r.note for r in refused)
    voting.reopen(b, voting.vote_for(b, 1, YEAR)["id"], "Nhận điểm tự chấm đơn vị gửi lại")
    scores_before = {k: v for k, v in scoring.scores(b, table_b).items()}
    audit_before = b.conn.execute("SELECT max(id) FROM audit_log").fetchone()[0]
    planned = handover.preview(b, out)
    assert {r.table for r in planned.rows} == {"units", "registrations", "unit_scores"}
    counts = planned.counts()
    assert counts["unit_scores"][CONFLICT] == 3 and counts["unit_scores"][SAME] == 9
    assert counts["registrations"][CONFLICT] == 1
    first = next(r for r in planned.rows if r.status == CONFLICT and r.table == "unit_scores")
    assert {d.field for d in first.differences} == {"self_score", "evidence"}

    result = handover.merge(b, out, handover.THEIRS)
    assert result.updated == {"registrations": 1, "unit_scores": 3} and not result.inserted
    after = scoring.scores(b, table_b)
    for (criterion, unit), (mine, agreed) in after.items():
        old_self, old_agreed = scores_before[(criterion, unit)]
        assert agreed == old_agreed  # never an agreed score
        if unit != court_b:
            assert mine == old_self  # never another unit
    by_text = {c.text: c.id for c in scoring.criteria(b, table_b)}
    for c in criteria_a[:3]:
        assert after[(by_text[c.text], court_b)][0] == c.max_points
    touched = b.conn.execute(
        "SELECT DISTINCT table_name FROM audit_log WHERE id > ?", (audit_before,)
    ).fetchall()
    assert {t for (t,) in touched} == {"unit_scores", "registrations"}
    assert handover.merge(b, out, handover.THEIRS).written == 0

    # a self-score above the maximum is refused row by row; the rest still goes in
    tables["unit_scores"][0]["self_score"] = 999
    forged = tmp_path / "sai-diem.zip"
    handover_file.write(forged, {k: v for k, v in manifest.items() if k not in ("data", "counts", "format", "version")},
                        tables)  # fmt: skip
    bad = next(r for r in handover.preview(b, forged).rows if r.status == ERROR)
    assert bad.table == "unit_scores" and "Vượt điểm tối đa" in bad.note


def test_unreadable_values_are_row_errors_and_the_rest_merges(desks, tmp_path):
    a, b = desks
    good = tmp_path / "good.zip"
    handover.export_year(a, 1, YEAR, good)
    manifest, tables = handover_file.read(good)
    tables["memberships"][0]["role"] = "vua"  # not a role
    tables["unit_scores"][0]["self_score"] = {"điểm": 20}  # not a number
    tables["unit_scores"][1]["criterion_id"] = ["không", "phải", "mã"]
    forged = tmp_path / "sua-tay.zip"
    handover_file.write(forged, {k: v for k, v in manifest.items() if k not in ("data", "counts", "format", "version")},
                        tables)  # fmt: skip
    errors = {r.table: r.note for r in handover.preview(b, forged).rows if r.status == ERROR}
    assert errors["memberships"] == "Vai trò trong khối: “vua” không phải giá trị hợp lệ."
    assert errors["unit_scores"] in ("Điểm tự chấm: giá trị trong tệp không đọc được.",
                                     "Tệp ghi tham chiếu không đọc được.")  # fmt: skip
    result = handover.merge(b, forged)
    assert result.errors == 3 and result.inserted["unit_scores"] == 94


def _bytes(target: Path, data: bytes) -> Path:
    target.write_bytes(data)
    return target


def _forge(good: Path, target: Path, *, manifest=None, data: bytes | None = None, keep_sum=False) -> Path:
    with zipfile.ZipFile(good) as zf:
        m = json.loads(zf.read("manifest.json"))
        raw = zf.read("data.json")
    m.update(manifest or {})
    if data is not None:
        raw = data
        if not keep_sum:
            m["data"]["sha256"] = hashlib.sha256(raw).hexdigest()
    with zipfile.ZipFile(target, "w") as zf:
        zf.writestr("manifest.json", json.dumps(m))
        zf.writestr("data.json", raw)
    return target


BAD_FILES = {
    "empty": (lambda good, t: _bytes(t, b""), "rỗng"),
    "not a zip": (lambda good, t: _bytes(t, "Họ và tên;Đơn vị\n".encode()),
                  "không phải tệp bàn giao"),
    "another program's zip": (lambda good, t: zipfile.ZipFile(t, "w").close() or t, "không phải tệp bàn giao"),
    "another format": (lambda good, t: _forge(good, t, manifest={"format": "other/thing"}), "không phải tệp bàn giao"),
    "a newer version": (lambda good, t: _forge(good, t, manifest={"version": 3}), "phiên bản mới hơn"),
    "an older version": (lambda good, t: _forge(good, t, manifest={"version": 0}),
                         "chỉ đọc được số 1 đến số 2"),
    "cut off": (lambda good, t: _bytes(t, good.read_bytes()[: good.stat().st_size // 2]), "bị cắt cụt"),
    "edited data": (lambda good, t: _forge(good, t, data=b'{"tables": {}}', keep_sum=True), "SHA-256"),
    "broken JSON": (lambda good, t: _forge(good, t, data=b'{"tables": [1,'), "không đọc được"),
    "wrong shape": (lambda good, t: _forge(good, t, data=b'{"tables": {"units": 3}}'), "không đúng cấu trúc"),
    "no year": (lambda good, t: _forge(good, t, manifest={"year": "năm nay"}), "thiếu khối, năm"),
}  # fmt: skip


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_file_is_refused_with_a_message_and_nothing_written(desks, tmp_path, case):
    a, b = desks
    good = tmp_path / "good.zip"
    handover.export_year(a, 1, YEAR, good)
    make, words = BAD_FILES[case]
    path = make(good, tmp_path / "bad.zip")
    before = _audit(b)
    for attempt in (lambda: handover.preview(b, path), lambda: handover.merge(b, path, handover.THEIRS)):
        with pytest.raises(HandoverFileError, match=words) as caught:
            attempt()
        assert "Chưa có gì được ghi" in str(caught.value)
    assert _audit(b) == before and not backup.list_backups(tmp_path / "b.sqlite")


def test_a_file_for_another_cluster_is_refused(desks, tmp_path):
    a, b = desks
    out = tmp_path / "ban-giao.zip"
    handover.export_year(a, 1, YEAR, out)
    other = units.create_cluster(b, "Khối thi đua số 5")
    before = _audit(b)
    with pytest.raises(HandoverFileError, match="không phải của Khối thi đua số 5"):
        handover.merge(b, out, cluster_id=other)
    rows.update(b, "clusters", 1, {"name": "Khối thi đua các cơ quan nội chính"})
    before = _audit(b)
    with pytest.raises(HandoverFileError, match="bàn này không theo dõi khối đó") as caught:
        handover.preview(b, out)
    assert "Khối thi đua các cơ quan nội chính" in str(caught.value)
    with pytest.raises(HandoverFileError):
        handover.merge(b, out)
    assert _audit(b) == before and not backup.list_backups(tmp_path / "b.sqlite")


def test_an_empty_desk_takes_the_whole_year(desks, tmp_path):
    a, _b = desks
    out = tmp_path / "ban-giao.zip"
    handover.export_year(a, 1, YEAR, out)
    fresh = open_database(tmp_path / "moi.sqlite", user="bàn mới")
    try:
        planned = handover.preview(fresh, out)
        assert planned.cluster_id is None and {r.status for r in planned.rows} == {NEW}
        handover.merge(fresh, out)
        assert _figures(fresh) == _figures(a)
    finally:
        fresh.close()


def test_command_line_export_preview_and_merge(desks, tmp_path):
    a, b = desks
    for db in desks:
        db.close()
    out = tmp_path / "ban-giao.zip"
    done = run_cli(
        "handover", "export", "--db", str(tmp_path / "a.sqlite"), "--year", str(YEAR), "-o", str(out)
    )
    assert done.returncode == 0, done.stderr
    assert "Đã ghi ban-giao.zip" in done.stdout and out.exists()
    dry = run_cli("handover", "import", str(out), "--db", str(tmp_path / "b.sqlite"), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert (
        "MỚI    Điểm của đơn vị: Công an tỉnh – I." in dry.stdout and "KHÁC   Đăng ký thi đua" in dry.stdout
    )
    assert "Chỉ xem trước (--dry-run): chưa ghi gì." in dry.stdout
    merged = run_cli("handover", "import", str(out), "--db", str(tmp_path / "b.sqlite"), "--theirs")
    assert merged.returncode == 0, merged.stderr
    assert (
        "Đã ghi 138 dòng mới, cập nhật 9 dòng" in merged.stdout and "Bản sao trước khi nhận" in merged.stdout
    )
    unit = run_cli("handover", "unit-export", "--db", str(tmp_path / "b.sqlite"), "--year", str(YEAR),
                   "--unit", "2", "-o", str(tmp_path / "dv.zip"))  # fmt: skip
    assert unit.returncode == 0, unit.stderr
    again = run_cli("handover", "unit-import", str(tmp_path / "dv.zip"), "--db", str(tmp_path / "b.sqlite"))
    assert again.returncode == 0 and "Đã ghi 0 dòng mới, cập nhật 0 dòng" in again.stdout
    shutil.copy(tmp_path / "dv.zip", tmp_path / "hong.zip")
    with open(tmp_path / "hong.zip", "r+b") as fh:
        fh.truncate(100)
    bad = run_cli("handover", "import", str(tmp_path / "hong.zip"), "--db", str(tmp_path / "b.sqlite"))
    assert bad.returncode == 3 and "bị hỏng" in bad.stderr


# --- attachments (issue 9) ----------------------------------------------------------------------------
def _attachments_of(db) -> dict[str, dict]:
    return {r["uid"]: r for r in db.query("SELECT * FROM attachments ORDER BY id")}


def _folder_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_attachments_travel_with_the_year_and_arrive_checked(desks, tmp_path):
    a, b = desks
    on_proposal, on_unit = attach_two(a)
    out = tmp_path / "ban-giao.zip"
    exported = handover.export_year(a, 1, YEAR, out)
    assert exported.counts["attachments"] == 2 and not exported.problems
    assert "2 tài liệu đính kèm" in exported.describe()
    manifest, tables = handover_file.read(out)
    assert manifest["version"] == 2 and manifest["attachments"]["files"] == 2
    with zipfile.ZipFile(out) as zf:  # each file's bytes, with the size and hash the reader checks
        for meta in tables["attachments"]:
            content = zf.read(f"tailieu/{meta['sha256']}")
            assert (len(content), hashlib.sha256(content).hexdigest()) == (meta["size"], meta["sha256"])

    planned = handover.preview(b, out)
    rows_ = {r.label: r for r in planned.rows if r.table == "attachments"}
    assert {r.status for r in rows_.values()} == {NEW} and len(rows_) == 2
    proposal_a = rows.get(a, "proposals", attachments.get(a, on_proposal)["proposal_id"])
    unit_name = rows.get(a, "units", proposal_a["unit_id"])["name"]
    assert f"bien-ban-khoi-2025.pdf – đề nghị Cờ thi đua của Ủy ban nhân dân tỉnh – {unit_name}" in rows_
    assert "bao-cao-tong-ket.txt – hồ sơ Thanh tra tỉnh năm 2025" in rows_
    assert rows_[next(iter(rows_))].table_label == "Tài liệu đính kèm"
    assert not _attachments_of(b)  # the preview writes nothing

    result = handover.merge(b, out)
    assert result.inserted["attachments"] == 2
    assert "trong đó 2 tài liệu đính kèm" in result.describe()
    sent, arrived = _attachments_of(a), _attachments_of(b)
    assert set(arrived) == set(sent)
    for uid, mine in arrived.items():
        assert (mine["sha256"], mine["size"], mine["file_name"], mine["kind"]) == (
            sent[uid]["sha256"], sent[uid]["size"], sent[uid]["file_name"], sent[uid]["kind"])  # fmt: skip
        assert attachments.checked_path(b, mine["id"]).parent.parent == tmp_path / "b-tailieu"
        assert attachments.read_bytes(b, mine["id"]) == attachments.read_bytes(a, sent[uid]["id"])
    # each on its owner as desk B knows it: the proposal linked to B's vote, B's own unit row
    minutes = arrived[attachments.get(a, on_proposal)["uid"]]
    proposal_b = rows.get(b, "proposals", minutes["proposal_id"])
    assert proposal_b["vote_id"] == voting.vote_for(b, 1, YEAR)["id"]
    assert proposal_b["award_code"] == proposal_a["award_code"]
    report = arrived[attachments.get(a, on_unit)["uid"]]
    assert rows.get(b, "units", report["unit_id"])["name"] == RENAMED and report["year"] == YEAR

    # the same file again: already here, nothing written, no copy taken, no file added
    files = _folder_files(tmp_path / "b-tailieu")
    after = _audit(b)
    again = handover.preview(b, out)
    assert {r.status for r in again.rows if r.table == "attachments"} == {SAME} and again.writes() == 0
    second = handover.merge(b, out)
    assert second.written == 0 and second.backup is None and _audit(b) == after
    assert _folder_files(tmp_path / "b-tailieu") == files and len(_attachments_of(b)) == 2


def _replace_member(good: Path, target: Path, name: str, content: bytes) -> Path:
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, content if info.filename == name else src.read(info))
    return target


def test_a_tampered_attachment_is_refused_and_nothing_of_it_written(desks, tmp_path):
    a, b = desks
    _on_proposal, on_unit = attach_two(a)
    good = tmp_path / "ban-giao.zip"
    handover.export_year(a, 1, YEAR, good)
    report = attachments.get(a, on_unit)
    forged_content = REPORT.replace(b"2025", b"2024")  # same size, other content, a valid ZIP CRC
    forged = _replace_member(good, tmp_path / "sua.zip", f"tailieu/{report['sha256']}", forged_content)

    planned = handover.preview(b, forged)
    bad = next(r for r in planned.rows if r.table == "attachments" and r.status == ERROR)
    assert bad.label.startswith("bao-cao-tong-ket.txt – hồ sơ Thanh tra tỉnh")
    assert "không khớp mã kiểm tra SHA-256" in bad.note and "không được nhận" in bad.note
    result = handover.merge(b, forged)
    assert result.errors == 1 and result.inserted["attachments"] == 1  # the rest of the file is taken
    arrived = _attachments_of(b)
    assert report["uid"] not in arrived and report["sha256"] not in {r["sha256"] for r in arrived.values()}
    names = {p.name.split(".")[0] for p in _folder_files(tmp_path / "b-tailieu")}
    assert report["sha256"] not in names and hashlib.sha256(forged_content).hexdigest() not in names


def test_a_failed_file_write_rolls_back_the_whole_merge(desks, tmp_path, monkeypatch):
    a, b = desks
    attach_two(a)
    out = tmp_path / "ban-giao.zip"
    handover.export_year(a, 1, YEAR, out)
    real = attachment_files.store_bytes
    written = []

    def disk_full_on_the_second(folder, data, ext, *, expected=None):
        if written:
            raise OSError(28, "No space left on device")
        written.append(real(folder, data, ext, expected=expected))
        return written[-1]

    monkeypatch.setattr(attachment_files, "store_bytes", disk_full_on_the_second)
    before = _audit(b)
    with pytest.raises(attachments.AttachmentError, match="Không ghi được tài liệu .* ổ đĩa còn chỗ trống"):
        handover.merge(b, out)
    assert _audit(b) == before and voting.vote_for(b, 1, YEAR) is None and not _attachments_of(b)
    # the file written before the failure is named by no row: prune takes it away
    assert len(written) == 1 and len(attachments.prune(b, min_age_s=0)) == 1
    monkeypatch.undo()
    assert handover.merge(b, out).inserted["attachments"] == 2


def test_an_older_file_without_attachments_still_merges(desks, tmp_path):
    a, b = desks
    attach_two(a)
    current = tmp_path / "moi.zip"
    handover.export_year(a, 1, YEAR, current)
    manifest, tables = handover_file.read(current)
    # the file as version 1 wrote it: two members, no attachments anywhere
    tables.pop("attachments")
    raw = json.dumps({"tables": tables}, ensure_ascii=False).encode()
    manifest.pop("attachments")
    manifest["counts"].pop("attachments")
    manifest.update(
        version=1, data={"name": "data.json", "bytes": len(raw), "sha256": hashlib.sha256(raw).hexdigest()}
    )
    old = tmp_path / "cu.zip"
    with zipfile.ZipFile(old, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False))
        zf.writestr("data.json", raw)

    planned = handover.preview(b, old)
    assert planned.total(ERROR) == 0 and not [r for r in planned.rows if r.table == "attachments"]
    result = handover.merge(b, old)
    assert result.inserted["unit_scores"] == 96 and "attachments" not in result.inserted
    assert _figures(b) == _figures(a) and not _attachments_of(b)
    # a desk without attachments still writes version 1, which an older program reads
    plain = tmp_path / "khong-dinh-kem.zip"
    handover.export_year(b, 1, YEAR, plain)
    assert handover_file.read(plain)[0]["version"] == 1
    with zipfile.ZipFile(plain) as zf:
        assert zf.namelist() == ["manifest.json", "data.json"]


def test_a_units_file_carries_its_dossier_of_the_year(desks, tmp_path):
    a, b = desks
    year_file = tmp_path / "ban-giao.zip"
    handover.export_year(a, 1, YEAR, year_file)
    handover.merge(b, year_file)
    members = {u["name"]: u["id"] for u in units.members(a, 1, YEAR)}
    court = members["Tòa án nhân dân tỉnh"]
    for name, year in (
        ("dang-ky-2025.pdf", YEAR),
        ("quyet-dinh-thanh-lap.pdf", None),
        ("dang-ky-2024.pdf", YEAR - 1),
    ):
        attachments.add_bytes(
            a, f"%PDF-1.4 {name}".encode(), name, unit_id=court, year=year, kind="dang_ky_thi_dua"
        )
    attachments.add_bytes(a, b"%PDF-1.4 another unit", "cong-an.pdf", unit_id=members["Công an tỉnh"], year=YEAR,
                          kind="dang_ky_thi_dua")  # fmt: skip
    out = tmp_path / "toa-an.zip"
    exported = handover.export_unit_file(a, 1, YEAR, court, out)
    manifest, tables = handover_file.read(out)
    assert manifest["version"] == 2 and exported.counts["attachments"] == 2
    assert sorted(m["file_name"] for m in tables["attachments"]) == [
        "dang-ky-2025.pdf",
        "quyet-dinh-thanh-lap.pdf",
    ]

    planned = handover.preview(b, out)
    labels = {r.label: r.status for r in planned.rows if r.table == "attachments"}
    assert labels == {"dang-ky-2025.pdf – hồ sơ Tòa án nhân dân tỉnh năm 2025": NEW,
                      "quyet-dinh-thanh-lap.pdf – hồ sơ Tòa án nhân dân tỉnh": NEW}  # fmt: skip
    result = handover.merge(b, out, handover.THEIRS)
    assert result.inserted == {"attachments": 2}
    court_b = next(u["id"] for u in units.members(b, 1, YEAR) if u["name"] == "Tòa án nhân dân tỉnh")
    assert {r["unit_id"] for r in _attachments_of(b).values()} == {court_b}
    assert handover.merge(b, out, handover.THEIRS).written == 0

    # another unit's dossier smuggled into the unit's file is refused, row by row
    other = {
        **tables["attachments"][0],
        "uid": "khac",
        "unit_uid": rows.get(a, "units", members["Công an tỉnh"])["uid"],
    }
    forged = tmp_path / "ho-so-khac.zip"
    with zipfile.ZipFile(out) as zf:
        blob = zf.read(f"tailieu/{other['sha256']}")
    item = type("Item", (), {"meta": other, "read_bytes": lambda self: blob})()
    handover_file.write(
        forged, {k: v for k, v in manifest.items() if k not in ("data", "counts")}, tables, [item]
    )
    bad = next(r for r in handover.preview(b, forged).rows if r.table == "attachments")
    assert bad.status == ERROR and "không thuộc hồ sơ của đơn vị gửi tệp" in bad.note


def test_an_attachment_missing_on_disk_is_named_and_the_export_goes_on(desks, tmp_path):
    a, b = desks
    _on_proposal, on_unit = attach_two(a)
    attachment_files.remove([attachments.checked_path(a, on_unit)])
    out = tmp_path / "ban-giao.zip"
    exported = handover.export_year(a, 1, YEAR, out)
    assert exported.counts["attachments"] == 1 and len(exported.problems) == 1
    assert exported.problems[0].startswith(
        "bao-cao-tong-ket.txt (hồ sơ Thanh tra tỉnh năm 2025): Không tìm thấy tệp"
    )
    assert "1 tài liệu đính kèm không đưa vào được" in exported.describe()
    assert [m["file_name"] for m in handover_file.read(out)[1]["attachments"]] == ["bien-ban-khoi-2025.pdf"]
    for db in desks:
        db.close()
    done = run_cli("handover", "export", "--db", str(tmp_path / "a.sqlite"), "--year", str(YEAR), "-o",
                   str(tmp_path / "cli.zip"))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Cảnh báo: không đưa vào tệp tài liệu bao-cao-tong-ket.txt" in done.stderr
    assert (tmp_path / "cli.zip").exists()


def test_a_zip_bomb_or_an_oversized_file_is_refused_before_unpacking(desks, tmp_path, monkeypatch):
    a, b = desks
    attach_two(a)
    good = tmp_path / "ban-giao.zip"
    handover.export_year(a, 1, YEAR, good)
    bomb = tmp_path / "bom.zip"
    shutil.copy(good, bomb)
    with zipfile.ZipFile(bomb, "a", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("tailieu/" + "0" * 64, bytes(16 * 1024 * 1024))  # 16 MB of zeros in ~16 KB
    before = _audit(b)
    for attempt in (lambda: handover.preview(b, bomb), lambda: handover.merge(b, bomb)):
        with pytest.raises(HandoverFileError, match="bom nén") as caught:
            attempt()
        assert "Chưa có gì được ghi" in str(caught.value)
    with zipfile.ZipFile(good) as zf:  # a limit the rows fit in and the attachments (16 KB) do not
        rows_only = sum(i.file_size for i in zf.infolist() if not i.filename.startswith("tailieu/"))
    monkeypatch.setattr(handover_file, "MAX_TOTAL", rows_only + 1024)
    with pytest.raises(HandoverFileError, match="quá lớn: khi giải nén .* quá mức"):
        handover.preview(b, good)
    monkeypatch.undo()
    monkeypatch.setattr(handover_file, "MAX_ATTACHMENT_BYTES", 4096)  # one attachment over the limit
    with pytest.raises(HandoverFileError, match="một tài liệu đính kèm nặng .* quá mức"):
        handover.merge(b, good)
    monkeypatch.setattr(handover_file, "MAX_TOTAL", rows_only + 1024)
    assert _audit(b) == before and not _attachments_of(b) and not backup.list_backups(tmp_path / "b.sqlite")
    # and the exporting desk is told before it writes a file no desk would take
    with pytest.raises(HandoverFileError, match="quá mức .* một tệp bàn giao"):
        handover.export_year(a, 1, YEAR, tmp_path / "qua-lon.zip")
    assert not (tmp_path / "qua-lon.zip").exists()


# --- hostile files (issue 17, points 4, 5 and 6) -------------------------------------------------------
def _tables_of(path: Path) -> tuple[dict, dict]:
    with zipfile.ZipFile(path) as zf:
        return json.loads(zf.read("manifest.json")), json.loads(zf.read("data.json"))


def _forged_tables(good: Path, target: Path, change) -> Path:
    """The good file with its tables changed by ``change(tables)``, checksum made to match."""
    _m, data = _tables_of(good)
    change(data["tables"])
    return _forge(good, target, data=json.dumps(data).encode())


def test_a_file_cannot_plant_decided_awards_or_awards_for_non_members(desks, tmp_path):
    """The review planted proposals at 'da_cap_bang' with award 'ZZZ', a decision and a register
    number, and a decided proposal for a unit that is not a member: the ledger, papers and
    find-paper then listed them. Each such row is now an error in the preview, with its reason,
    and the rest of the year is still taken."""
    a, b = desks
    good = handover.export_year(a, 1, YEAR, tmp_path / "y.zip").path

    def plant(tables):
        first, second, third = tables["proposals"][:3]
        first.update(
            status="da_cap_bang", decision_number="1/QĐ", decision_date="2025-12-01", register_number=7
        )
        second["award_code"] = "ZZZ"
        third["submission_number"] = "9/TTr"
        outsider = {"uid": "f" * 32, "name": "Công ty Không Thuộc Khối", "short_name": "", "code": "NGOAI",
                    "award_track": tables["units"][0].get("award_track"), "founded_on": None}  # fmt: skip
        tables["units"].append(outsider)
        tables["proposals"].append(dict(second, uid="e" * 32, unit_id=outsider["uid"], award_code="BK_TINH"))

    planted = _forged_tables(good, tmp_path / "cay.zip", plant)
    planned = handover.preview(b, planted)
    errors = {r.label: r.note or r.why for r in planned.rows if r.table == "proposals" and r.status == ERROR}
    text = " ".join(map(str, errors.values()))
    assert len(errors) == 4, errors
    assert "chỉ mang đề nghị do cuộc bỏ phiếu" in text and "không có trong danh mục" in text
    assert "không mang quyết định khen thưởng" in text and "không phải thành viên của khối" in text
    result = handover.merge(b, planted)
    decided = b.conn.execute("SELECT count(*) FROM proposals WHERE status IN ('da_khen', 'da_cap_bang') "
                             "AND decision_number = '1/QĐ'").fetchone()[0]  # fmt: skip
    assert decided == 0 and result.errors == 4
    assert not b.conn.execute("SELECT 1 FROM proposals WHERE award_code = 'ZZZ'").fetchone()
    assert result.inserted["unit_scores"] == 96  # the rest of the year arrived


HOSTILE_DATA = {
    "nested 200,000 deep": b'{"tables": ' + b"[" * 200_000 + b"]" * 200_000 + b"}",
    "an integer past 2**63": b'{"tables": {"units": [{"uid": "x", "name": "A", "founded_on": null, "code": 9223372036854775808}]}}',
    "NaN": b'{"tables": {"criteria": [{"max_points": NaN}]}}',
    "not UTF-8": b'{"tables": {"units": [{"name": "\xff\xfe"}]}}',
}


@pytest.mark.parametrize("data", HOSTILE_DATA.values(), ids=HOSTILE_DATA.keys())
def test_hostile_json_is_a_message(desks, tmp_path, data):
    a, b = desks
    good = handover.export_year(a, 1, YEAR, tmp_path / "y.zip").path
    bad = _forge(good, tmp_path / "xau.zip", data=data)
    before = _audit(b)
    with pytest.raises(HandoverFileError, match="không đọc được|bị hỏng"):
        handover.preview(b, bad)
    assert _audit(b) == before


def test_hostile_values_are_errors_of_their_rows_not_tracebacks(desks, tmp_path):
    a, b = desks
    good = handover.export_year(a, 1, YEAR, tmp_path / "y.zip").path

    def spoil(tables):
        tables["ballots"][0]["marks"] = [[["lồng"], {"x": 1}]]  # an unhashable mark
        tables["ballots"][1]["number"] = 10**12
        tables["unit_scores"][0]["agreed_score"] = "mười"
        tables["calendar_events"][0]["due_on"] = "2025-02-30"
        tables["movements"][0]["name"] = "Phong trào \ud800 hỏng"  # a lone surrogate, as JSON's \\ud800 gives
        tables["units"][1]["name"] = "Sở " * 1000

    planned = handover.preview(b, _forged_tables(good, tmp_path / "hong.zip", spoil))
    errors = [r for r in planned.rows if r.status == ERROR]
    reasons = " ".join(str(r.note or r.why) for r in errors)
    assert (
        "không đọc được" in reasons
        and "không phải số nguyên hợp lệ" in reasons
        and "không phải số hợp lệ" in reasons
    )
    assert (
        "không phải ngày hợp lệ" in reasons and "ký tự không hợp lệ" in reasons and "quá mức 500" in reasons
    )
    before = _audit(b)
    handover.merge(b, _forged_tables(good, tmp_path / "hong2.zip", spoil))  # the good rows only, no crash
    assert _audit(b) != before


def _padded(good: Path, target: Path, megabytes: int) -> Path:
    """The good file with its manifest padded to ``megabytes`` MB of spaces, packed to little."""
    with zipfile.ZipFile(good) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        raw = zf.read("data.json")
    manifest["padding"] = " " * (megabytes * 1024 * 1024)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", json.dumps(manifest))
        zf.writestr("data.json", raw)
    return target


def test_size_bombs_are_refused_before_they_are_read(desks, tmp_path):
    a, b = desks
    good = handover.export_year(a, 1, YEAR, tmp_path / "y.zip").path
    padded = _padded(good, tmp_path / "dem.zip", 100)
    assert padded.stat().st_size < 2 * 1024 * 1024
    with pytest.raises(HandoverFileError, match="mô tả tệp không đọc được"):
        handover.preview(b, padded)
    many = _forged_tables(good, tmp_path / "nhieu.zip",
                          lambda t: t.__setitem__("calendar_events", [{"uid": str(i)} for i in range(250_000)]))  # fmt: skip
    with pytest.raises(HandoverFileError, match="dòng dữ liệu"):
        handover.preview(b, many)
    twice = tmp_path / "hai.zip"
    with zipfile.ZipFile(good) as zf, zipfile.ZipFile(twice, "w") as out:
        for info in zf.infolist():
            out.writestr(info, zf.read(info))
        with pytest.warns(UserWarning):  # zipfile warns of the duplicate name
            out.writestr("data.json", b'{"tables": {}}')
    with pytest.raises(HandoverFileError, match="hai phần cùng tên"):
        handover.preview(b, twice)


def test_memory_stays_bounded_on_a_padded_file_in_a_child_process(desks, tmp_path):
    """The 0.3 MB file whose manifest unpacks to 300 MB was read at 645 MB: now refused under a
    1 GiB address-space limit with the Vietnamese message, before anything is unpacked."""
    import resource

    a, b = desks
    good = handover.export_year(a, 1, YEAR, tmp_path / "y.zip").path
    padded = _padded(good, tmp_path / "dem.zip", 600)
    b.close()

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1024**3, 1024**3))

    result = subprocess.run(
        [sys.executable, "-m", "thidua_desktop", "handover", "import", str(padded), "--db", str(tmp_path / "b.sqlite"),
         "--dry-run"], capture_output=True, text=True, encoding="utf-8", timeout=120, preexec_fn=limit,
    )  # fmt: skip
    assert result.returncode == 3, result.stdout + result.stderr
    assert "mô tả tệp không đọc được" in result.stderr and "MemoryError" not in result.stderr
