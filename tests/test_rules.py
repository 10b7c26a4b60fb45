"""The rules, table-driven, on both sides of every threshold."""

from datetime import date

import pytest

from thidua_desktop.rules import money
from thidua_desktop.rules.eligibility import AwardRecord, InitiativeRecord, Nominee, Status, check, run_length
from thidua_desktop.rules.quotas import quota
from thidua_desktop.rules.rulesets import ruleset_for, straddles
from thidua_desktop.rules.settings import ROUND_NEAREST, DeskSettings


def person(ratings=None, awards=(), initiatives=(), months=None, **kw) -> Nominee:
    return Nominee(
        "ca_nhan", "Nguyễn Văn An", ratings=dict(ratings or {}),
        awards=[AwardRecord(*a) if isinstance(a, tuple) else a for a in awards],
        initiatives=[InitiativeRecord(i, *x) for i, x in enumerate(initiatives, 1)],
        months_worked=dict(months or {}), **kw,
    )  # fmt: skip


def statuses(findings):
    return [f.status for f in findings]


def worst(findings):
    s = statuses(findings)
    return Status.NOT_MET if Status.NOT_MET in s else Status.CHECK if Status.CHECK in s else Status.MET


# --- consecutive runs ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "years, end, expected",
    [({2023, 2024, 2025}, 2025, 3), ({2022, 2024, 2025}, 2025, 2), ({2023, 2024}, 2025, 0), (set(), 2025, 0),
     ({2020, 2021, 2022, 2023, 2024, 2025}, 2025, 6)],
)  # fmt: skip
def test_run_length_breaks_on_a_gap(years, end, expected):
    assert run_length(years, end) == expected


# --- LĐTT / CSTT -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "rating, months, expected",
    [("HTXSNV", 12, Status.MET), ("HTTNV", 6, Status.MET), ("HTTNV", 5, Status.NOT_MET),
     ("HTNV", 12, Status.NOT_MET), ("KHTNV", 12, Status.NOT_MET), (None, 12, Status.CHECK), ("HTTNV", None, Status.CHECK)],
)  # fmt: skip
def test_ldtt_rating_and_six_months(rating, months, expected):
    n = person({2025: rating} if rating else {}, months={2025: months} if months is not None else {})
    assert worst(check(n, "LDTT", 2025)) == expected


def test_armed_forces_use_cstt_not_ldtt():
    n = person({2025: "HTTNV"}, months={2025: 12}, track="luc_luong_vu_trang")
    assert worst(check(n, "CSTT", 2025)) == Status.MET
    assert any("không thuộc khối danh hiệu" in f.text for f in check(n, "LDTT", 2025))


# --- CSTĐCS ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "rating, initiatives, expected",
    [("HTXSNV", [], Status.NOT_MET), ("HTXSNV", [(2025, "co_so", "SK")], Status.MET),
     ("HTTNV", [(2025, "co_so", "SK")], Status.MET), ("HTTNV", [], Status.NOT_MET),
     ("HTTNV", [(2024, "co_so", "SK")], Status.NOT_MET), ("HTNV", [(2025, "co_so", "SK")], Status.NOT_MET)],
)  # fmt: skip
def test_cstdcs_needs_an_initiative_of_the_year_an_excellent_rating_is_no_substitute(
    rating, initiatives, expected
):
    """Law 06/2022 Art. 23.1: the LĐTT (CSTT) standard and an initiative recognised by the agency
    (or an accepted science work, or combat ingenuity); "hoàn thành xuất sắc nhiệm vụ" is not one
    of the alternatives (issue 22, point 10; the Central Board's reading of the same clause)."""
    n = person({2025: rating}, initiatives=initiatives, months={2025: 12})
    findings = check(n, "CSTDCS", 2025)
    assert worst(findings) == expected
    if rating == "HTXSNV" and not initiatives:
        assert any("không thay được sáng kiến" in f.text and "Điều 23" in f.basis for f in findings)


def test_an_initiative_backs_one_award_only():
    used = InitiativeRecord(1, 2025, "co_so", "SK", used_by_award_id=77)
    n = person({2025: "HTTNV"}, months={2025: 12})
    n.initiatives = [used]
    findings = check(n, "CSTDCS", 2025)
    assert worst(findings) == Status.NOT_MET
    assert any("mỗi sáng kiến chỉ dùng một lần" in f.basis for f in findings)
    # reserved by this very proposal: still counts for it, not for another
    n.initiatives = [InitiativeRecord(1, 2025, "co_so", "SK", used_by_proposal_id=5)]
    assert worst(check(n, "CSTDCS", 2025, proposal_id=5)) == Status.MET
    assert worst(check(n, "CSTDCS", 2025, proposal_id=6)) == Status.NOT_MET


# --- CSTĐ cấp tỉnh: three consecutive CSTĐCS + a province-level initiative -----------------------
@pytest.mark.parametrize(
    "years, expected",
    [((2023, 2024, 2025), Status.MET), ((2022, 2024, 2025), Status.NOT_MET), ((2024, 2025), Status.NOT_MET)],
)
def test_cstdt_three_consecutive_years(years, expected):
    n = person(awards=[(y, "CSTDCS") for y in years], initiatives=[(2024, "tinh", "SK tỉnh")])
    assert worst(check(n, "CSTDT", 2025)) == expected


def test_cstdt_run_counts_titles_from_the_old_law_and_skips_ad_hoc_ones():
    legacy = AwardRecord(2023, "CSTDCS", legacy=True)
    n = person(awards=[legacy, (2024, "CSTDCS"), (2025, "CSTDCS")], initiatives=[(2025, "tinh", "SK")])
    assert worst(check(n, "CSTDT", 2025)) == Status.MET
    n.awards[0] = AwardRecord(2023, "CSTDCS", kind="dot_xuat")
    assert worst(check(n, "CSTDT", 2025)) == Status.NOT_MET


def test_cstdt_needs_a_province_level_initiative():
    n = person(awards=[(y, "CSTDCS") for y in (2023, 2024, 2025)], initiatives=[(2024, "co_so", "SK")])
    assert worst(check(n, "CSTDT", 2025)) == Status.NOT_MET


def test_cstdtq_two_consecutive_province_titles():
    n = person(awards=[(2022, "CSTDT"), (2025, "CSTDT")], initiatives=[(2025, "toan_quoc", "SK")])
    assert worst(check(n, "CSTDTQ", 2025)) == Status.MET
    n.awards = [AwardRecord(2021, "CSTDT"), AwardRecord(2025, "CSTDT")]
    assert worst(check(n, "CSTDTQ", 2025)) == Status.NOT_MET


# --- Bằng khen ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "awards, ratings, initiatives, expected",
    [([(2024, "CSTDCS"), (2025, "CSTDCS")], {}, [(2024, "co_so", "a"), (2025, "co_so", "b")], Status.MET),
     ([], {2024: "HTXSNV", 2025: "HTXSNV"}, [(2024, "co_so", "a"), (2025, "co_so", "b")], Status.MET),
     ([], {2024: "HTTNV", 2025: "HTXSNV"}, [(2024, "co_so", "a"), (2025, "co_so", "b")], Status.NOT_MET),
     ([(2024, "CSTDCS"), (2025, "CSTDCS")], {}, [(2025, "co_so", "a")], Status.NOT_MET)],
)  # fmt: skip
def test_bk_tinh_two_years_and_two_unused_initiatives(awards, ratings, initiatives, expected):
    findings = check(person(ratings, awards, initiatives), "BK_TINH", 2025)
    assert (
        Status.NOT_MET in statuses(findings)
        if expected == Status.NOT_MET
        else Status.NOT_MET not in statuses(findings)
    )


@pytest.mark.parametrize("good_years, cstdcs, bk_kind, bk_year, expected", [
    (5, 3, "thuong_xuyen", 2020, True), (4, 3, "thuong_xuyen", 2020, False), (5, 2, "thuong_xuyen", 2020, False),
    (5, 3, "dot_xuat", 2020, False),
])  # fmt: skip
def test_bk_ttg_needs_merit_based_bk_five_good_years_and_three_cstdcs(
    good_years, cstdcs, bk_kind, bk_year, expected
):
    ratings = {2025 - i: "HTTNV" for i in range(good_years)}
    awards = [AwardRecord(bk_year, "BK_TINH", kind=bk_kind)] + [
        AwardRecord(2025 - i, "CSTDCS") for i in range(cstdcs)
    ]
    findings = check(person(ratings, awards), "BK_TTG", 2025)
    assert (Status.NOT_MET not in statuses(findings)) is expected


# --- general principles --------------------------------------------------------------------------------
def test_same_award_same_year_is_a_duplicate():
    n = person(
        {2025: "HTXSNV"}, [AwardRecord(2025, "CSTDCS", decision_number="12/QĐ-UBND")], months={2025: 12}
    )
    findings = check(n, "CSTDCS", 2025)
    assert any("không khen hai lần" in f.text and "12/QĐ-UBND" in f.text for f in findings)
    n.awards, n.proposals = [], [(9, 2025, "CSTDCS")]
    assert any("trùng đề nghị" in f.text for f in check(n, "CSTDCS", 2025))
    assert not any("trùng" in f.text for f in check(n, "CSTDCS", 2025, proposal_id=9))


def test_nobody_under_disciplinary_review():
    n = person({2025: "HTXSNV"}, months={2025: 12}, under_review=True)
    assert any(f.status == Status.NOT_MET and "kỷ luật" in f.text for f in check(n, "CSTDCS", 2025))


def test_thematic_awards_do_not_ground_upward_proposals():
    n = person(awards=[(y, "CSTDCS") for y in (2023, 2024, 2025)], initiatives=[(2025, "tinh", "SK")])
    assert any("thường xuyên" in f.text for f in check(n, "CSTDT", 2025, kind="chuyen_de"))


def test_every_finding_cites_its_article():
    n = person({2025: "HTTNV"}, months={2025: 4})
    for code in ("LDTT", "CSTDCS", "CSTDT", "CSTDTQ", "BK_TINH", "BK_TTG"):
        for f in check(n, code, 2025):
            assert "Điều" in f.basis or "Thông tư" in f.basis, (code, f)


def test_collective_titles_use_member_shares():
    unit = Nominee("tap_the", "Sở Tư pháp", ratings={2025: "HTXSNV"}, members={2025: 10},
                   members_ldtt={2025: 7}, members_cstdcs={2025: 1}, members_completed={2025: 10})  # fmt: skip
    assert Status.NOT_MET not in statuses(check(unit, "TTLDXS", 2025))
    unit.members_ldtt[2025] = 6  # 60 % < 70 %
    assert Status.NOT_MET in statuses(check(unit, "TTLDXS", 2025))
    unit.members_ldtt[2025], unit.members_completed[2025] = 7, 9
    assert Status.NOT_MET in statuses(check(unit, "TTLDXS", 2025))


# --- rule sets ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("day, code", [
    (date(2024, 1, 1), "nd98_2023"), (date(2025, 6, 30), "nd98_2023"), (date(2025, 7, 1), "nd152_2025"),
    (date(2023, 12, 31), "nd91_2017"),
])  # fmt: skip
def test_rule_set_follows_the_decision_date(day, code):
    assert ruleset_for(day).code == code


def test_a_dossier_straddling_the_switch_is_to_be_checked():
    assert straddles(date(2025, 6, 20), date(2025, 7, 15))
    assert not straddles(date(2025, 7, 2), date(2025, 7, 15))
    n = person({2025: "HTXSNV"}, months={2025: 12})
    findings = check(n, "CSTDCS", 2025, filed_on=date(2025, 6, 20), decided_on=date(2025, 7, 15))
    assert any(f.status == Status.CHECK and "Điều 60 Nghị định 152/2025" in f.basis for f in findings)
    assert any("Nghị định 152/2025/NĐ-CP" in f.basis for f in check(person(under_review=True), "LDTT", 2025,
                                                                      decided_on=date(2025, 8, 1)))  # fmt: skip
    assert any("Nghị định 98/2023/NĐ-CP" in f.basis for f in check(person(under_review=True), "LDTT", 2025,
                                                                     decided_on=date(2025, 5, 1)))  # fmt: skip


# --- money ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("amount, up, nearest", [(702_000, 710_000, 700_000), (710_000, 710_000, 710_000),
                                                 (3_510_000, 3_510_000, 3_510_000), (705_000, 710_000, 710_000)])  # fmt: skip
def test_rounding_to_the_ten_thousand(amount, up, nearest):
    assert money.round_money(amount) == up
    assert money.round_money(amount, ROUND_NEAREST) == nearest


@pytest.mark.parametrize("code, subject, day, expected", [
    ("LDTT", "ca_nhan", date(2025, 1, 20), 710_000),  # 0.3 × 2,340,000 = 702,000 -> 710,000
    ("LDTT", "ca_nhan", date(2024, 6, 30), 540_000),  # 0.3 × 1,800,000
    ("BK_TINH", "ca_nhan", date(2025, 1, 20), 3_510_000),  # 1.5 × 2,340,000
    ("BK_TINH", "tap_the", date(2025, 1, 20), 7_020_000),  # forms: collectives twice
    ("TTLDXS", "tap_the", date(2025, 1, 20), 3_510_000),  # titles: their own scale
    ("CO_TINH", "tap_the", date(2025, 1, 20), 18_720_000),
])  # fmt: skip
def test_reward_uses_the_base_salary_on_the_decision_date(code, subject, day, expected):
    assert money.reward(code, subject, day, DeskSettings()) == expected


def test_only_the_highest_title_is_paid_but_a_form_is_paid_too():
    paid = money.payments(["LDTT", "CSTDCS", "BK_TINH"], "ca_nhan", date(2025, 2, 1), DeskSettings())
    by_code = {p.award_code: p for p in paid}
    assert by_code["CSTDCS"].paid and by_code["BK_TINH"].paid
    assert not by_code["LDTT"].paid and by_code["LDTT"].amount == 0 and "cao nhất" in by_code["LDTT"].note


def test_tie_break_women_first_and_collectives_with_seventy_percent_women():
    assert money.tie_break_key(sex="nu") < money.tie_break_key(sex="nam")
    assert money.tie_break_key(women_share=0.7) < money.tie_break_key(women_share=0.69)


# --- settings and quota ----------------------------------------------------------------------------------
def test_settings_round_trip_and_defaults():
    s = DeskSettings()
    assert not s.quota_enabled and s.quota_percent == 15
    assert s.threshold("nd98_2023", "CSTDT") == 90 and s.threshold("nd98_2023", "CSTDCS") == 80
    s.quota_enabled, s.rounding = True, ROUND_NEAREST
    back = DeskSettings.from_json(s.to_json())
    assert back == s and back.base_salary_on(date(2025, 1, 1)).amount == 2_340_000


@pytest.mark.parametrize("enabled, used, base, exceeded", [(False, 9, 10, False), (True, 1, 10, False),
                                                           (True, 2, 10, True), (True, 3, 20, False)])  # fmt: skip
def test_quota_off_by_default_fifteen_percent_preset(enabled, used, base, exceeded):
    s = DeskSettings(quota_enabled=enabled)
    assert quota(s, used, base).exceeded is exceeded


def test_shares_are_never_rounded_up_to_a_threshold():
    unit = Nominee("tap_the", "X", ratings={2025: "HTXSNV"}, members={2025: 200}, members_ldtt={2025: 139},
                   members_cstdcs={2025: 3}, members_completed={2025: 199})  # fmt: skip
    texts = " ".join(f.text for f in check(unit, "TTLDXS", 2025))
    assert "139/200 người (69,5 %)" in texts and "199/200 người (99,5 %)" in texts


def test_ad_hoc_bang_khen_is_judged_on_the_achievement_not_blocked():
    findings = check(person(), "BK_TINH", 2025, kind="dot_xuat")
    assert Status.NOT_MET not in statuses(findings)
    assert any(f.status == Status.CHECK for f in findings)


def test_straddle_message_names_the_decrees_involved():
    findings = check(person({2024: "HTXSNV"}, months={2024: 12}), "CSTDCS", 2024,
                     filed_on=date(2023, 12, 20), decided_on=date(2024, 2, 1))  # fmt: skip
    text = " ".join(str(f) for f in findings)
    assert "Nghị định 91/2017/NĐ-CP" in text and "Nghị định 98/2023/NĐ-CP" in text and "152/2025" not in text


def test_a_provincial_bang_khen_with_both_criteria_met_is_plainly_met():
    """Law 06/2022 Art. 74.1.d: two consecutive CSTĐCS (or HTXSNV) years and two initiatives not
    used for another award: "đạt", not "cần xem xét" (issue 22, point 8)."""
    n = person({2024: "HTXSNV", 2025: "HTXSNV"}, initiatives=[(2024, "co_so", "a"), (2025, "co_so", "b")],
               months={2024: 12, 2025: 12})  # fmt: skip
    findings = check(n, "BK_TINH", 2025)
    assert worst(findings) == Status.MET and not any(f.status == Status.CHECK for f in findings)
    lacking = person(
        {2024: "HTXSNV", 2025: "HTXSNV"}, initiatives=[(2025, "co_so", "b")], months={2024: 12, 2025: 12}
    )
    assert worst(check(lacking, "BK_TINH", 2025)) == Status.NOT_MET


def test_the_provincial_flag_reads_the_cluster_s_result():
    """Issue 22, point 4: the cluster's standing is an input of the flag's rule (Law Art. 26;
    DOMAIN.md §4: the cluster's leading unit by score and vote): the closed result answers met
    or not met with its figures; an open one is provisional; none on this desk is for a person."""
    from thidua_desktop.rules.eligibility import ClusterStanding

    def unit(standing=None):
        n = Nominee("tap_the", "Sở Tư pháp", ratings={2025: "HTXSNV"}, members={2025: 10}, members_ldtt={2025: 8},
                    members_cstdcs={2025: 2}, members_completed={2025: 10})  # fmt: skip
        if standing:
            n.standings[2025] = standing
        return n

    leading = ClusterStanding(2025, "Khối thi đua số 5", True, True, 1, 6, 8, "Sở Tư pháp")
    other = ClusterStanding(2025, "Khối thi đua số 5", True, False, 3, 1, 8, "Công an tỉnh")
    flag = [f for f in check(unit(leading), "CO_TINH", 2025) if "dẫn đầu" in f.text]
    assert flag[0].status == Status.MET and "6/8 phiếu, hạng 1" in flag[0].text
    flag = [f for f in check(unit(other), "CO_TINH", 2025) if "dẫn đầu" in f.text]
    assert flag[0].status == Status.NOT_MET and "đơn vị dẫn đầu là Công an tỉnh" in flag[0].text
    provisional = ClusterStanding(2025, "Khối thi đua số 5", False, True, 1, 6, 8, "Sở Tư pháp")
    flag = [f for f in check(unit(provisional), "CO_TINH", 2025) if "dẫn đầu" in f.text]
    assert flag[0].status == Status.CHECK and "chưa khóa" in flag[0].text
    assert any(
        f.status == Status.CHECK and "Chưa có kết quả bình xét" in f.text
        for f in check(unit(), "CO_TINH", 2025)
    )


def test_the_government_flag_is_chosen_among_the_provincial_flags_of_the_year():
    """Law 06/2022 Art. 25 (issue 22, point 4): a unit without the provincial flag of the year
    is not met; with it, met, the choice among the leaders left to the council."""

    def unit(awards=(), proposals=()):
        n = Nominee("tap_the", "Công an tỉnh")
        n.awards = [AwardRecord(y, code, decision_number="9/QĐ-UBND") for y, code in awards]
        n.proposals = list(proposals)
        return n

    assert worst(check(unit(), "CO_CP", 2025)) == Status.NOT_MET
    held = check(unit(awards=[(2025, "CO_TINH")]), "CO_CP", 2025)
    assert held[0].status == Status.MET and "9/QĐ-UBND" in held[0].text and "Điều 25" in held[0].basis
    assert worst(held) == Status.CHECK  # the council's choice remains
    asked = check(unit(proposals=[(4, 2025, "CO_TINH")]), "CO_CP", 2025)
    assert asked[0].status == Status.CHECK and "Đang đề nghị" in asked[0].text


def test_a_collective_s_members_discipline_answers_the_tap_the_lao_dong_tien_tien():
    """Law 06/2022 Art. 28 (issue 22, point 2): the unit's count of people disciplined at cảnh
    cáo or above in the year: none is met, some is not met, unknown is for a person."""

    def unit(disciplined=None):
        n = Nominee("tap_the", "Phòng Tư pháp", ratings={2025: "HTTNV"}, members={2025: 10}, members_ldtt={2025: 8},
                    members_completed={2025: 10})  # fmt: skip
        if disciplined is not None:
            n.disciplined[2025] = disciplined
        return n

    def about(n):
        return next(f for f in check(n, "TTLDTT", 2025) if "kỷ luật" in f.text)

    assert about(unit(0)).status == Status.MET
    none_yet = about(unit())
    assert none_yet.status == Status.CHECK and not none_yet.hard
    two = about(unit(2))
    assert two.status == Status.NOT_MET and "2 cá nhân" in two.text and "Điều 28" in two.basis


# --- issue 22, points 7 and 8: forms of commendation whose inputs exist; readings as settings ---
def test_bk_ttg_interval_is_a_reading_and_a_disagreement_says_both():
    """Law Art. 73.1.b; Decree 98/2023 Art. 4.3 and 30.9 ("after" the period of the earlier
    Bằng khen) against the Ministry of Home Affairs' answer of 15/02/2024 ("held")."""

    def findings(bk_year, interval):
        awards = [AwardRecord(bk_year, "BK_TINH")] + [AwardRecord(2025 - i, "CSTDCS") for i in range(3)]
        n = person({2025 - i: "HTTNV" for i in range(5)}, awards)
        return check(n, "BK_TTG", 2025, DeskSettings(bk_ttg_interval=interval))

    for interval in ("after", "held"):
        split = findings(2021, interval)  # inside the five years: the readings disagree
        assert worst(split) == Status.CHECK and split[0].text.startswith("Cần xem xét")
        assert "05 năm tính từ sau" in split[0].text and "15/02/2024" in split[0].text
        assert "Điều 73" in split[0].basis and not split[0].hard
        assert worst(findings(2019, interval)) == Status.MET  # both readings agree
    mine = findings(2021, "held")[0].text
    assert mine.index("theo cách hiểu bàn đang áp dụng thì đạt") < mine.index(
        "theo cách hiểu khác thì chưa đạt"
    )


def test_bk_tinh_initiatives_is_a_reading(tmp_path):
    """Law Art. 74.1.d: two initiatives "in that period"; whether those backing the CSTĐCS titles of
    the period count is read two ways (Decree Art. 4 one use per initiative; the Ministry's answer)."""
    awards = [AwardRecord(2024, "CSTDCS", id=1), AwardRecord(2025, "CSTDCS", id=2)]
    used = [InitiativeRecord(1, 2024, "co_so", "a", used_by_award_id=1),
            InitiativeRecord(2, 2025, "co_so", "b", used_by_award_id=2)]  # fmt: skip
    n = Nominee("ca_nhan", "Trần Thị Bình", awards=awards, initiatives=list(used))
    for reading in ("unused", "period"):
        found = check(n, "BK_TINH", 2025, DeskSettings(bk_tinh_initiatives=reading))
        assert worst(found) == Status.CHECK and "Cần xem xét" in found[-1].text + found[-2].text
    n.initiatives += [InitiativeRecord(3, 2025, "co_so", "c"), InitiativeRecord(4, 2024, "tinh", "d")]
    assert worst(check(n, "BK_TINH", 2025)) == Status.MET
    alone = Nominee("ca_nhan", "Lê Văn Cường", awards=awards, initiatives=[used[0]])
    assert Status.NOT_MET in statuses(
        check(alone, "BK_TINH", 2025, DeskSettings(bk_tinh_initiatives="period"))
    )


@pytest.mark.parametrize("bk_year, excellent, levels, expected", [
    (2019, 6, ("tinh", "toan_quoc"), Status.MET),
    (2022, 6, ("tinh", "tinh"), Status.NOT_MET),  # the Prime Minister's Bằng khen less than five years back
    (2019, 4, ("tinh", "tinh"), Status.NOT_MET),  # four years of excellent completion
    (2019, 6, ("co_so", "tinh"), Status.NOT_MET),  # one initiative at provincial level
    (None, 6, ("tinh", "tinh"), Status.NOT_MET),
])  # fmt: skip
def test_hcld3_individual_law_article_44_1_e(bk_year, excellent, levels, expected):
    """Law 06/2022 Art. 44.1.e: a Prime Minister's Bằng khen, five consecutive years of excellent
    completion after it, two initiatives recognised at ministry or provincial level meanwhile."""
    awards = [AwardRecord(bk_year, "BK_TTG")] if bk_year else []
    n = person({2025 - i: "HTXSNV" for i in range(excellent)}, awards,
               [(2021, levels[0], "x"), (2023, levels[1], "y")])  # fmt: skip
    found = check(n, "HCLD3", 2025)
    assert worst(found) == expected
    assert all("Điều 44" in f.basis for f in found)
    unit = Nominee("tap_the", "Công an tỉnh", track="luc_luong_vu_trang")
    assert worst(check(unit, "HCLD3", 2025)) == Status.CHECK


@pytest.mark.parametrize("ratings, expected", [
    ({2024: "HTXSNV", 2025: "HTXSNV"}, Status.MET),
    ({2024: "HTTNV", 2025: "HTXSNV"}, Status.NOT_MET),
    ({2025: "HTXSNV"}, Status.CHECK),
])  # fmt: skip
def test_collective_bk_tinh_law_article_74_2(ratings, expected):
    """Law 06/2022 Art. 74.2 (collectives): two consecutive years of excellent completion."""
    unit = Nominee("tap_the", "Sở Tư pháp", ratings=ratings)
    found = check(unit, "BK_TINH", 2025)
    assert worst(found) == expected and all("Điều 74" in f.basis for f in found)


def test_the_council_vote_is_a_finding_with_its_article():
    """Decree 98/2023 Art. 30.7: at least 80 % of all council members for CSTĐCS; a vote recorded
    on the proposal reads as a finding; none recorded, none said."""
    n = person({2025: "HTXSNV"}, [], [(2025, "co_so", "x")], months={2025: 12})
    on = date(2025, 3, 1)  # Decree 98/2023 in force
    passed = check(n, "CSTDCS", 2025, decided_on=on, council=(8, 10))[-1]
    assert passed.status == Status.MET and "8/10 (80 %)" in passed.text
    assert passed.basis == "khoản 7 Điều 30 Nghị định 98/2023/NĐ-CP"
    failed = check(n, "CSTDCS", 2025, decided_on=on, council=(7, 10))[-1]
    assert failed.status == Status.NOT_MET and failed.hard and "chưa đạt mức từ 80 %" in failed.text
    assert not any(
        "Hội đồng" in f.text for f in check(n, "CSTDCS", 2025, decided_on=on, council=(None, None))
    )
    later = check(n, "CSTDCS", 2025, decided_on=date(2026, 3, 1), council=(9, 10))[-1]
    assert later.status == Status.MET and "152/2025" in later.basis  # the desk's figure under the new decree


# --- issue 22, point 1: a person's disciplinary history ---------------------------------------------------
def test_the_year_of_a_discipline_earns_no_title():
    """Law Art. 24 (a title asks that the person keeps the law); the decree's Art. 4."""
    from thidua_desktop.rules.eligibility import DisciplineRecord

    n = person({2025: "HTXSNV"}, [], [(2025, "co_so", "x")], months={2025: 12},
               disciplines=[DisciplineRecord("canh_cao", date(2025, 5, 10), decision_number="7/QĐ-STP")])  # fmt: skip
    for code in ("LDTT", "CSTDCS"):
        found = check(n, code, 2025, decided_on=date(2025, 12, 1))
        said = [f for f in found if "kỷ luật" in f.text]
        assert said[0].status == Status.NOT_MET and said[0].hard
        assert "Năm 2025 bị kỷ luật cảnh cáo (quyết định 7/QĐ-STP ngày 10/05/2025" in said[0].text
        assert "Điều 24" in said[0].basis
    assert worst(check(n, "CSTDCS", 2026, decided_on=date(2027, 1, 5))) != Status.MET  # period to 10/05/2026


def test_a_discipline_period_is_left_out_of_the_years_counted_by_the_decree_in_force():
    """Decree 152/2025 (decisions from 01/07/2025): achievements count only from the day after the
    period ends; Decree 98/2023 (decisions before): the years the discipline was in force are left out."""
    from thidua_desktop.rules.eligibility import DisciplineRecord

    reprimand = DisciplineRecord("khien_trach", date(2023, 3, 15))  # 12 months: to 15/03/2024
    assert reprimand.end() == date(2024, 3, 15)
    n = person({2024: "HTXSNV", 2025: "HTXSNV"}, [(2024, "CSTDCS"), (2025, "CSTDCS")],
               [(2024, "co_so", "a"), (2025, "co_so", "b"), (2025, "co_so", "c"), (2024, "co_so", "d")],
               months={2024: 12, 2025: 12}, disciplines=[reprimand])  # fmt: skip
    new = [f for f in check(n, "BK_TINH", 2025, decided_on=date(2026, 3, 1)) if "kỷ luật" in f.text]
    assert new[0].status == Status.NOT_MET and "từ sau ngày hết thời hạn" in new[0].text
    assert "152/2025" in new[0].basis
    old = [f for f in check(n, "BK_TINH", 2025, decided_on=date(2025, 3, 1)) if "kỷ luật" in f.text]
    assert (
        old[0].status == Status.NOT_MET
        and "năm 2024 trong thời hạn" in old[0].text
        and "98/2023" in old[0].basis
    )
    # a title of one year after the period: nothing said
    assert not [f for f in check(n, "LDTT", 2025, decided_on=date(2026, 3, 1)) if "kỷ luật" in f.text]
    # the decision's own end, before the years counted: nothing said either
    n.disciplines = [DisciplineRecord("khien_trach", date(2023, 3, 15), ends_on=date(2023, 12, 31))]
    assert not [f for f in check(n, "BK_TINH", 2025, decided_on=date(2026, 3, 1)) if "kỷ luật" in f.text]


# --- issue 22, point 5: periods of awards, no double reward -------------------------------------------------
def test_an_award_records_the_period_it_rewards():
    """A Bằng khen tỉnh rewards two years (Law Art. 74.1.d), of the Prime Minister five (Art. 73),
    a title its own year; a period written in the decision wins."""
    assert AwardRecord(2025, "BK_TINH").period == (2024, 2025)
    assert AwardRecord(2025, "BK_TTG").period == (2021, 2025)
    assert AwardRecord(2025, "CSTDCS").period == (2025, 2025)
    assert AwardRecord(2025, "BK_TINH", period_from=2022, period_to=2025).period == (2022, 2025)


def test_the_same_achievement_is_not_commended_twice():
    """Law Art. 5.2; the decree's Art. 4: overlapping periods of two merit-based forms of the same
    or a higher rank are one achievement commended twice; titles beside forms, and the lower form
    a higher one is asked on, are not."""
    n = person({y: "HTXSNV" for y in range(2018, 2026)}, [AwardRecord(2024, "BK_BO", decision_number="88/QĐ-BTP")],
               [(2025, "co_so", "a"), (2025, "co_so", "b")], months={2025: 12})  # fmt: skip
    twice = [f for f in check(n, "BK_TINH", 2025) if "không khen hai lần" in f.text]
    assert len(twice) == 1 and twice[0].status == Status.NOT_MET and twice[0].hard
    assert twice[0].text.startswith(
        "Thành tích năm 2024 đã được khen bằng “Bằng khen của Bộ, ban, ngành” (thời gian 2023–2024"
    )
    assert "quyết định 88/QĐ-BTP" in twice[0].text and "khoản 2 Điều 5" in twice[0].basis
    assert not [f for f in check(n, "BK_TINH", 2026) if "không khen hai lần" in f.text]  # 2025–2026: after it
    assert not [
        f for f in check(n, "CSTDCS", 2024) if "không khen hai lần" in f.text
    ]  # a title beside the form
    # the lower form is the ladder of a higher one; a higher one held covers the lower's years
    assert not [f for f in check(n, "BK_TTG", 2025) if "không khen hai lần" in f.text]
    n.awards.append(AwardRecord(2023, "BK_TTG"))  # 2019–2023
    assert [f for f in check(n, "BK_TINH", 2024) if "không khen hai lần" in f.text]
    ad_hoc = person({}, [AwardRecord(2025, "BK_TINH", kind="dot_xuat")])
    assert not [f for f in check(ad_hoc, "BK_TINH", 2025) if "không khen hai lần" in f.text]


def test_the_years_since_the_last_award_run_from_the_end_of_its_period():
    """Decree 98/2023 Art. 4.3 and 30.9: the next proposal counts from after the period written
    in the earlier decision — a Bằng khen decided for 2019–2021 leaves 2022–2026 for the next."""
    awards = [AwardRecord(2020, "BK_TINH", period_from=2019, period_to=2021)]
    awards += [AwardRecord(2026 - i, "CSTDCS") for i in range(3)]
    n = person({2026 - i: "HTTNV" for i in range(5)}, awards)
    first = check(n, "BK_TTG", 2025, DeskSettings(bk_ttg_interval="after"))[0]
    assert first.status != Status.MET and "05 năm tính từ sau" in first.text  # 2021 is inside 2021–2025
    later = check(n, "BK_TTG", 2026, DeskSettings(bk_ttg_interval="after"))[0]
    assert later.status == Status.MET and "đến năm 2021" in later.text


# --- issue 22, point 6: money by subject type, Art. 49's principles in one place -----------------------------
def test_a_household_is_paid_at_its_own_rate_with_its_articles():
    """Decree 152/2025 Art. 54 (Bằng khen, Giấy khen): a household's rate is the desk's setting
    (1.5× the individual's by default), not the collective's 2×; every amount says its articles."""
    on, settings = date(2026, 1, 20), DeskSettings()
    assert money.coefficient("BK_TINH", "ho_gia_dinh", settings) == 2.25
    assert money.reward("BK_TINH", "ho_gia_dinh", on, settings) == 5_270_000  # 5,265,000 rounded up
    assert money.reward("BK_TINH", "tap_the", on, settings) == 7_020_000
    assert money.reward("GK", "ho_gia_dinh", on, DeskSettings(household_multiplier=2.0)) == 1_410_000
    said = money.explain("CSTDCS", "ca_nhan", on, settings)
    assert said == ("1 × 2.340.000 đồng (lương cơ sở từ 01/07/2024: khoản 2 Điều 3 Nghị định 73/2024/NĐ-CP) = "
                    "2.340.000 đồng; hệ số của cá nhân: Điều 50 Nghị định 152/2025/NĐ-CP.")  # fmt: skip
    older = money.explain("BK_TINH", "tap_the", date(2024, 8, 1), settings)
    assert (
        "Điều 58 Nghị định 98/2023/NĐ-CP" in older and "theo thiết lập của bàn" not in older
    )  # exact: no rounding
    assert "Điều 51 Nghị định 152/2025/NĐ-CP" in money.explain("HCLD3", "ca_nhan", on, settings)


def test_only_the_highest_title_of_a_period_is_paid_in_one_place():
    """Decree 152/2025 Art. 49.5 (several titles for one period: the highest) and 49.7 (a title and
    a form at once: both), by money.highest_title for one decision and for the fund alike."""
    from thidua_desktop.rules.funds import Decided, amounts_due

    assert money.highest_title(["LDTT", "BK_TINH", "CSTDCS"]) == 2
    assert money.highest_title(["BK_TINH", "GK"]) is None
    assert money.highest_title(["CSTDCS", "CSTDCS"]) == 0  # of equal ones the first decided
    paid = money.payments(["LDTT", "CSTDCS", "BK_TINH"], "ca_nhan", date(2026, 1, 20), DeskSettings())
    assert [p.paid for p in paid] == [False, True, True] and "Chiến sĩ thi đua cơ sở" in paid[0].note
    items = [Decided(1, ("ca_nhan", 7), 2025, "LDTT", "ca_nhan", date(2026, 1, 5)),
             Decided(2, ("ca_nhan", 7), 2025, "CSTDCS", "ca_nhan", date(2026, 2, 5)),
             Decided(3, ("ca_nhan", 7), 2025, "BK_TINH", "ca_nhan", date(2026, 3, 5))]  # fmt: skip
    due = amounts_due(items, DeskSettings())
    assert (due[1].payable, due[2].payable, due[3].payable) == (False, True, True)
    assert due[2].amount == 2_340_000 and "Điều 50" in due[2].explain and due[1].coefficient == 0.3


# --- issue 22, point 9: school years -------------------------------------------------------------------------
def test_a_school_counting_by_school_year_reads_its_years_as_school_years():
    """A school's emulation year is the school year (năm học 2024–2025 stored as 2025): the same
    consecutive-years arithmetic, said in school years."""
    from thidua_desktop.domain.dates import year_short, year_words

    assert year_words(2025, True) == "năm học 2024–2025" and year_words(2025) == "năm 2025"
    assert year_short(2025, True) == "2024–2025"
    teacher = person({2024: "HTXSNV", 2025: "HTXSNV"}, [(2024, "CSTDCS"), (2025, "CSTDCS")],
                     [(2024, "co_so", "a"), (2025, "co_so", "b")], months={2025: 12}, school_year=True)  # fmt: skip
    texts = " ".join(f.text for f in check(teacher, "LDTT", 2025))
    assert "Năm học 2024–2025 xếp loại hoàn thành xuất sắc nhiệm vụ" in texts and "Năm 2025" not in texts
    found = check(teacher, "BK_TINH", 2025)
    assert worst(found) == Status.MET
    assert "Hai năm liên tục Chiến sĩ thi đua cơ sở (2024, 2025)" in found[0].text


def test_a_unit_under_review_or_inspection_is_not_commended():
    """Issue 22, point 3; the decree's Art. 4 (Decree 98/2023 and 152/2025): no commendation of a
    collective while it is under disciplinary review, inspection or investigation."""
    unit = Nominee("tap_the", "Sở Tư pháp", ratings={2024: "HTXSNV", 2025: "HTXSNV"}, under_review=True)
    for code in ("TTLDTT", "BK_TINH"):
        found = [
            f for f in check(unit, code, 2025, decided_on=date(2026, 1, 5)) if "xem xét kỷ luật" in f.text
        ]
        assert found and found[0].status == Status.NOT_MET and found[0].hard
        assert found[0].basis == "Điều 4 Nghị định 152/2025/NĐ-CP"
    unit.under_review = False
    assert not [f for f in check(unit, "BK_TINH", 2025) if "xem xét kỷ luật" in f.text]


def test_a_title_of_several_years_does_not_reuse_the_years_of_the_same_title():
    """Law Art. 22 (CSTĐ cấp tỉnh: three consecutive CSTĐCS years) with Law Art. 5.2: a second
    provincial title cannot rest on years the first one rewarded."""
    awards = [AwardRecord(y, "CSTDCS") for y in range(2020, 2026)] + [AwardRecord(2024, "CSTDT")]
    n = person({y: "HTXSNV" for y in range(2020, 2026)}, awards, [(2025, "tinh", "a")])
    twice = [f for f in check(n, "CSTDT", 2025) if "không khen hai lần" in f.text]
    assert twice and twice[0].status == Status.NOT_MET and "2023–2024" in twice[0].text
    n.awards[-1] = AwardRecord(2022, "CSTDT")  # 2020–2022: the next may rest on 2023–2025
    assert not [f for f in check(n, "CSTDT", 2025) if "không khen hai lần" in f.text]


def test_a_schools_discipline_falls_in_its_school_year_and_periods_end_on_real_days():
    """Issue 22, points 1 and 9 together: a reprimand of 15/10/2025 falls in school year 2025–2026,
    not in the 2024–2025 a school's 2025 title rewards; a period ends on a day the month has."""
    from thidua_desktop.rules.eligibility import DisciplineRecord

    late = DisciplineRecord("khien_trach", date(2025, 10, 15))
    teacher = person({2024: "HTXSNV", 2025: "HTXSNV"}, [], [(2025, "co_so", "a")], months={2025: 12},
                     disciplines=[late], school_year=True)  # fmt: skip
    said = [
        f.text for f in check(teacher, "CSTDCS", 2025, decided_on=date(2025, 11, 20)) if "kỷ luật" in f.text
    ]
    assert not said
    assert [f for f in check(teacher, "CSTDCS", 2026, decided_on=date(2026, 11, 20)) if "kỷ luật" in f.text]
    clerk = person({2025: "HTXSNV"}, [], [(2025, "co_so", "a")], months={2025: 12}, disciplines=[late])
    assert [
        f
        for f in check(clerk, "CSTDCS", 2025, decided_on=date(2025, 11, 20))
        if "Năm 2025 bị kỷ luật" in f.text
    ]
    assert DisciplineRecord("canh_cao", date(2025, 3, 31)).end() == date(2026, 3, 31)
    assert DisciplineRecord("giang_chuc", date(2024, 8, 31)).end() == date(2026, 2, 28)


def test_school_years_leave_the_quoted_sources_as_they_are():
    """The rewrite into school years touches the rule's own years, not the dates of a quoted answer."""
    awards = [AwardRecord(2021, "BK_TINH")] + [AwardRecord(2025 - i, "CSTDCS") for i in range(3)]
    teacher = person({2025 - i: "HTTNV" for i in range(5)}, awards, school_year=True)
    split = check(teacher, "BK_TTG", 2025)[0]
    assert split.status == Status.CHECK and "15/02/2024" in split.text and "Bằng khen 2021" in split.text


def test_a_household_or_enterprise_is_not_held_to_an_agencys_ratings_for_a_bang_khen():
    """Law Art. 74: a household's or an enterprise's Bằng khen is judged on its own criteria; the
    rate of its reward (money.explain) says the collective's scale only for titles."""
    home = Nominee("tap_the", "Hộ gia đình ông Y Phôn Niê", collective_type="ho_gia_dinh")
    found = check(home, "BK_TINH", 2025)
    assert worst(found) == Status.CHECK and "hộ gia đình" in found[0].text and not found[0].hard
    firm = Nominee("tap_the", "Công ty TNHH Cà phê Ban Mê", collective_type="doanh_nghiep")
    assert "doanh nghiệp" in check(firm, "BK_TINH", 2025)[0].text
    assert "hệ số của tập thể:" in money.explain("TTLDTT", "ho_gia_dinh", date(2026, 1, 5), DeskSettings())
