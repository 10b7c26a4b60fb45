"""The proposal workflow on a real file: every step checked in the database."""

from datetime import date

import pytest

from thidua_desktop.domain.models import InitiativeLevel, Rating, Sex
from thidua_desktop.rules.settings import DeskSettings
from thidua_desktop.store import audit, desk_settings, errors
from thidua_desktop.store.records import individuals, nominees, proposals, units, workflow


@pytest.fixture
def nominee(db):
    unit = units.create_unit(db, "Sở Tư pháp tỉnh")
    pid = individuals.create_individual(db, "Trần Thị Ánh", Sex.FEMALE, unit_id=unit, birth_year=1985)
    for year in (2023, 2024, 2025):
        individuals.set_rating(db, year, Rating.EXCELLENT, individual_id=pid)
        individuals.add_award(db, year, "CSTDCS", individual_id=pid, decision_number=f"{year}/QĐ-STP")
    ini = individuals.add_initiative(db, pid, "Số hóa hồ sơ lý lịch tư pháp", 2025, level=InitiativeLevel.PROVINCE,
                                     decision_number="5/QĐ-HĐSK")  # fmt: skip
    return pid, ini


def state(db, proposal_id):
    return db.conn.execute("SELECT status FROM proposals WHERE id = ?", (proposal_id,)).fetchone()[0]


def test_full_workflow_from_draft_to_certificate_updates_history(db, nominee):
    pid, ini = nominee
    settings = DeskSettings()
    prop = proposals.create_proposal(db, "CSTDT", 2025, individual_id=pid, summary="Ba năm liền CSTĐCS")
    with pytest.raises(errors.ConstraintError) as info:  # 8/9 = 88.9 % < 90 % for CSTĐ tỉnh (ND 98 Art. 30.7)
        workflow.deliberate(db, prop, 8, 9, settings, on=date(2025, 3, 1))
    assert "90 %" in str(info.value) and state(db, prop) == "du_thao"
    workflow.deliberate(db, prop, 9, 9, settings, on=date(2025, 3, 1))
    assert state(db, prop) == "da_binh_xet"
    findings = workflow.submit(db, prop, "15/TTr-KTĐ3", date(2026, 1, 10), settings)
    assert all(f.status != "khong_dat" for f in findings)
    assert (
        db.conn.execute("SELECT used_by_proposal_id FROM initiatives WHERE id = ?", (ini,)).fetchone()[0]
        == prop
    )
    award = workflow.decide(db, prop, approved=True, number="163/QĐ-UBND", on=date(2026, 2, 5),
                            issuer="Chủ tịch UBND tỉnh Đắk Lắk")  # fmt: skip
    row = db.conn.execute(
        "SELECT award_code, year, decision_number, proposal_id FROM awards WHERE id = ?", (award,)
    ).fetchone()
    assert row == ("CSTDT", 2025, "163/QĐ-UBND", prop)
    assert (
        db.conn.execute("SELECT used_by_award_id FROM initiatives WHERE id = ?", (ini,)).fetchone()[0]
        == award
    )
    workflow.issue_certificate(db, prop, "0042")
    assert state(db, prop) == "da_cap_bang"
    assert [s["to_status"] for s in workflow.steps(db, prop)] == [
        "da_binh_xet",
        "da_trinh",
        "da_khen",
        "da_cap_bang",
    ]
    assert {e["table_name"] for e in audit.entries(db)} >= {
        "proposals",
        "proposal_steps",
        "awards",
        "initiatives",
    }
    # the same award for the same year again is now a duplicate
    again = proposals.create_proposal(db, "CSTDT", 2025, individual_id=pid)
    assert any("không khen hai lần" in f.text for f in nominees.findings_for_proposal(db, again, settings))


def test_a_failed_rule_blocks_submission_unless_a_reason_is_written(db, nominee):
    pid, _ = nominee
    settings = DeskSettings()
    prop = proposals.create_proposal(db, "CSTDTQ", 2025, individual_id=pid)  # no CSTĐ tỉnh at all
    workflow.deliberate(db, prop, 10, 10, settings)
    with pytest.raises(errors.ConstraintError) as info:
        workflow.submit(db, prop, "16/TTr-KTĐ3", date(2026, 1, 10), settings)
    assert "Chưa đủ điều kiện" in str(info.value) and "Điều 21" in str(info.value)
    with pytest.raises(errors.ConstraintError):
        workflow.submit(db, prop, "16/TTr-KTĐ3", date(2026, 1, 10), settings, override_reason="   ")
    workflow.submit(
        db, prop, "16/TTr-KTĐ3", date(2026, 1, 10), settings, override_reason="Thành tích đặc biệt xuất sắc"
    )
    assert db.conn.execute("SELECT status, override_reason FROM proposals WHERE id = ?", (prop,)).fetchone() == (
        "da_trinh", "Thành tích đặc biệt xuất sắc")  # fmt: skip


def test_promoted_decision_records_the_award_actually_given(db, nominee):
    pid, _ = nominee
    settings = DeskSettings()
    prop = proposals.create_proposal(db, "GK", 2025, individual_id=pid)
    workflow.deliberate(db, prop, 7, 9, settings)
    workflow.submit(db, prop, "17/TTr", date(2026, 1, 10), settings)
    award = workflow.decide(db, prop, approved=True, number="20/QĐ-UBND", on=date(2026, 2, 1),
                            issuer="Chủ tịch UBND tỉnh", awarded_code="BK_TINH")  # fmt: skip
    assert db.conn.execute("SELECT award_code FROM awards WHERE id = ?", (award,)).fetchone()[0] == "BK_TINH"
    assert (
        db.conn.execute("SELECT awarded_code FROM proposals WHERE id = ?", (prop,)).fetchone()[0] == "BK_TINH"
    )


def test_undo_a_step_with_a_reason_removes_what_it_wrote(db, nominee):
    pid, ini = nominee
    settings = DeskSettings()
    prop = proposals.create_proposal(db, "CSTDT", 2025, individual_id=pid)
    workflow.deliberate(db, prop, 9, 9, settings)
    workflow.submit(db, prop, "18/TTr", date(2026, 1, 10), settings)
    award = workflow.decide(db, prop, approved=True, number="21/QĐ", on=date(2026, 2, 1), issuer="UBND")
    with pytest.raises(errors.ConstraintError):
        workflow.undo_step(db, prop, "")
    assert workflow.undo_step(db, prop, "Nhập nhầm quyết định") == "da_trinh"
    assert db.conn.execute("SELECT count(*) FROM awards WHERE id = ?", (award,)).fetchone()[0] == 0
    assert db.conn.execute("SELECT used_by_award_id, used_by_proposal_id FROM initiatives WHERE id = ?",
                           (ini,)).fetchone() == (None, prop)  # fmt: skip
    assert (
        workflow.undo_step(db, prop, "Trình lại sau") == "da_binh_xet"
    )  # a second undo takes the step before
    assert (
        db.conn.execute("SELECT used_by_proposal_id FROM initiatives WHERE id = ?", (ini,)).fetchone()[0]
        is None
    )
    assert workflow.steps(db, prop)[-1]["reason"] == "hoàn tác: Trình lại sau"


def test_return_to_unit_needs_a_reason_and_reopens_as_draft(db, nominee):
    pid, _ = nominee
    prop = proposals.create_proposal(db, "BK_TINH", 2025, individual_id=pid)
    with pytest.raises(errors.ConstraintError):
        workflow.return_to_unit(db, prop, "")
    workflow.return_to_unit(db, prop, "Thiếu báo cáo thành tích")
    assert state(db, prop) == "tra_lai"
    with pytest.raises(errors.ConstraintError):  # no decision from a returned proposal
        workflow.decide(db, prop, approved=True, number="1/QĐ", on=date(2026, 1, 1), issuer="x")
    workflow.reopen(db, prop)
    assert state(db, prop) == "du_thao"


def test_settings_are_kept_in_the_database_file(db):
    s = desk_settings.load(db)
    assert s == DeskSettings()
    s.quota_enabled = True
    s.vote_thresholds["nd152_2025"]["CSTDCS"] = 75
    desk_settings.save(db, s)
    assert desk_settings.load(db).threshold("nd152_2025", "CSTDCS") == 75


def test_suggest_nominees_for_cstd_tinh(db, nominee):
    pid, _ = nominee
    unit = db.conn.execute("SELECT unit_id FROM individuals WHERE id = ?", (pid,)).fetchone()[0]
    other = individuals.create_individual(db, "Lê Văn Bình", Sex.MALE, unit_id=unit)
    for year in (2023, 2025):  # a gap in 2024 breaks the run
        individuals.add_award(db, year, "CSTDCS", individual_id=other)
    individuals.add_initiative(db, other, "Sáng kiến B", 2025, level=InitiativeLevel.PROVINCE)
    found = nominees.suggest(db, "CSTDT", 2025, DeskSettings())
    assert [c["id"] for c in found] == [pid]
    assert found[0]["unit"] == "Sở Tư pháp tỉnh"
    proposals.create_proposal(db, "CSTDT", 2025, individual_id=pid)
    assert nominees.suggest(db, "CSTDT", 2025, DeskSettings()) == []  # already proposed


def test_suggestions_on_the_sample_meet_every_hard_rule(sample_path):
    from thidua_desktop.store import open_database

    db = open_database(sample_path)
    found = nominees.suggest(db, "LDTT", 2025, DeskSettings())
    assert found
    records = nominees.people(db, [c["id"] for c in found])
    for c in found:
        assert all(f.status != "khong_dat" for f in c["findings"])
        assert not any(a.code in ("LDTT", "CSTT") and a.year == 2025 for a in records[c["id"]].awards)
    from thidua_desktop.domain.text import person_sort_key, vi_sort_key

    order = [(vi_sort_key(c["unit"]), person_sort_key(c["name"])) for c in found]
    assert order == sorted(order) and len({c["unit"] for c in found}) > 1  # unit by unit, then by name
    db.close()


@pytest.mark.parametrize("award, votes_for, voters, passes", [
    ("CSTDCS", 8, 10, True), ("CSTDCS", 7, 10, False), ("CSTDT", 9, 10, True), ("CSTDT", 8, 10, False),
    ("CO_TINH", 4, 5, True), ("CO_TINH", 3, 5, False), ("BK_TINH", 1, 10, True),  # no threshold set for BK tỉnh
])  # fmt: skip
def test_vote_threshold_on_both_sides(db, nominee, award, votes_for, voters, passes):
    pid, _ = nominee
    if award == "CO_TINH":
        unit = db.conn.execute("SELECT unit_id FROM individuals WHERE id = ?", (pid,)).fetchone()[0]
        prop = proposals.create_proposal(db, award, 2025, unit_id=unit)
    else:
        prop = proposals.create_proposal(db, award, 2025, individual_id=pid)
    if passes:
        workflow.deliberate(db, prop, votes_for, voters, DeskSettings(), on=date(2025, 12, 20))
        assert state(db, prop) == "da_binh_xet"
    else:
        with pytest.raises(errors.ConstraintError):
            workflow.deliberate(db, prop, votes_for, voters, DeskSettings(), on=date(2025, 12, 20))
        assert state(db, prop) == "du_thao"


def test_rejection_frees_the_initiatives_and_undoing_it_reserves_them_again(db, nominee):
    pid, ini = nominee
    settings = DeskSettings()
    prop = proposals.create_proposal(db, "CSTDT", 2025, individual_id=pid)
    workflow.deliberate(db, prop, 9, 9, settings)
    workflow.submit(db, prop, "19/TTr", date(2026, 1, 10), settings)
    workflow.decide(db, prop, approved=False, number="22/QĐ", on=date(2026, 2, 1), issuer="UBND")
    assert (
        db.conn.execute("SELECT used_by_proposal_id FROM initiatives WHERE id = ?", (ini,)).fetchone()[0]
        is None
    )
    workflow.undo_step(db, prop, "Nhập nhầm kết quả")
    assert (
        db.conn.execute("SELECT used_by_proposal_id FROM initiatives WHERE id = ?", (ini,)).fetchone()[0]
        == prop
    )


def test_undoing_a_return_needs_the_initiatives_still_free(db, nominee):
    pid, ini = nominee
    settings = DeskSettings()
    prop = proposals.create_proposal(db, "CSTDT", 2025, individual_id=pid)
    workflow.deliberate(db, prop, 9, 9, settings)
    workflow.submit(db, prop, "20/TTr", date(2026, 1, 10), settings)
    workflow.return_to_unit(db, prop, "Thiếu biên bản")
    db.conn.execute(
        "UPDATE initiatives SET used_by_award_id = NULL, used_by_proposal_id = NULL WHERE id = ?", (ini,)
    )
    workflow.undo_step(db, prop, "Trả nhầm")
    assert (
        db.conn.execute("SELECT used_by_proposal_id FROM initiatives WHERE id = ?", (ini,)).fetchone()[0]
        == prop
    )
    workflow.return_to_unit(db, prop, "Thiếu biên bản")
    other = individuals.add_award(db, 2025, "BK_TINH", individual_id=pid)
    db.conn.execute("UPDATE initiatives SET used_by_award_id = ? WHERE id = ?", (other, ini))
    with pytest.raises(errors.ConstraintError) as info:
        workflow.undo_step(db, prop, "Trả nhầm")
    assert "đã được dùng cho khen thưởng khác" in str(info.value)
    assert state(db, prop) == "tra_lai"


def test_collective_shares_count_each_person_once(db):
    unit = units.create_unit(db, "Thanh tra tỉnh")
    people = [individuals.create_individual(db, f"Người {i}", Sex.MALE, unit_id=unit) for i in range(10)]
    for i, p in enumerate(people):
        individuals.set_rating(db, 2025, Rating.GOOD, individual_id=p)
        if i < 5:  # five people hold both LĐTT and CSTĐCS
            individuals.add_award(db, 2025, "LDTT", individual_id=p)
            individuals.add_award(db, 2025, "CSTDCS", individual_id=p)
    n = nominees.unit(db, unit)
    assert n.members_ldtt[2025] == 5 and n.members_cstdcs[2025] == 5
    from thidua_desktop.rules.eligibility import check

    texts = [f.text for f in check(n, "TTLDTT", 2025)]
    assert any("Chỉ 5/10 người (50 %) đạt Lao động tiên tiến" in t for t in texts)


def test_suggest_shortcuts_give_the_same_nominees_as_reading_every_record(sample_path, monkeypatch):
    """The SQL pre-filters (track, CSTĐCS's excellent rating or free initiative) and reading
    one year's records for one-year titles must not change who is suggested or why."""
    from thidua_desktop.rules.settings import DeskSettings
    from thidua_desktop.store import open_database
    from thidua_desktop.store.records import nominees

    db = open_database(sample_path)
    try:
        good = "SELECT individual_id FROM ratings WHERE year = :y AND rating IN ('HTXSNV', 'HTTNV') AND individual_id IS NOT NULL"

        def key(found):
            return [(r["id"], r["unit"], [(f.status, f.text) for f in r["findings"]]) for r in found]

        from thidua_desktop.store.records import individuals

        # someone rated only "well" but with a free initiative of the year: CSTĐCS through it
        fine = db.conn.execute(
            "SELECT individual_id FROM ratings WHERE year = 2025 AND rating = 'HTTNV' AND individual_id IS NOT NULL "
            "AND individual_id NOT IN (SELECT individual_id FROM initiatives WHERE year = 2025) LIMIT 1"
        ).fetchone()[0]
        individuals.add_initiative(db, fine, "Cải tiến quy trình tiếp nhận hồ sơ", 2025)
        for code in ("LDTT", "CSTT", "CSTDCS"):
            for year in (2024, 2025):
                fast = nominees.suggest(db, code, year, DeskSettings())
                with monkeypatch.context() as m:
                    m.setattr(nominees, "_ONE_YEAR", set())
                    m.setattr(nominees, "BY_CODE", {})
                    m.setitem(nominees._CANDIDATES, code, good)
                    full = nominees.suggest(db, code, year, DeskSettings())
                assert key(fast) == key(full), (code, year)
        assert fine in {r["id"] for r in nominees.suggest(db, "CSTDCS", 2025, DeskSettings())}
    finally:
        db.close()


def test_the_council_vote_recorded_reads_as_a_finding_of_the_proposal(db, nominee):
    """Issue 22, point 7: the council's vote is a finding with its article, not only a refusal
    of the step; once the threshold is raised after the vote, the finding says it falls short."""
    pid, _ini = nominee
    settings = DeskSettings()
    prop = proposals.create_proposal(db, "CSTDT", 2025, individual_id=pid)
    assert not any("Hội đồng" in f.text for f in nominees.findings_for_proposal(db, prop, settings))
    workflow.deliberate(db, prop, 9, 10, settings, on=date(2025, 3, 1))
    said = [f for f in nominees.findings_for_proposal(db, prop, settings) if "Hội đồng" in f.text]
    assert len(said) == 1 and said[0].status == "dat" and "9/10 (90 %)" in said[0].text
    assert "Điều 30" in said[0].basis or "152/2025" in said[0].basis
    settings.vote_thresholds = {
        code: dict.fromkeys(table, 95) for code, table in settings.vote_thresholds.items()
    }
    short = [f for f in nominees.findings_for_proposal(db, prop, settings) if "Hội đồng" in f.text]
    assert short[0].status == "khong_dat" and "từ 95 %" in short[0].text
