"""The criteria of the forms of commendation (Law 06/2022 ch. III): Bằng khen of the provincial
chairman (Art. 74), of the Prime Minister (Art. 73), Huân chương Lao động hạng Ba (Art. 44);
and the council's vote (Decree 98/2023 Art. 30.7). Each rule takes the nominee's record and
returns findings citing the article; where public guidance reads a clause two ways the desk's
setting (rules.settings.READINGS) decides, and a finding that the other reading would turn
says "cần xem xét" with both (issue 22, points 7 and 8).

Sources and confidence (DOMAIN.md tags): Art. 74.1.d [P] (verbatim in the Ministry of Home
Affairs' answers on chinhsachonline.chinhphu.vn); Art. 73.1.b [C] (verbatim in the Ministry's
answer of 15/02/2024); Art. 74.2 for collectives [P]: two consecutive years of excellent
completion, the rest (unity, democracy at the base) judged by the proposing level;
Art. 44.1.e [P]: a Prime Minister's Bằng khen, then five consecutive years of excellent
completion with two initiatives recognised at ministry or provincial level — the other points
of Art. 44.1 (exceptional achievements, inventions) are not merit-based and stay a person's."""

from __future__ import annotations

from datetime import date

from thidua_desktop.rules.catalogue import BY_CODE, LAW_2022, MERIT_KINDS
from thidua_desktop.rules.nominee import (
    GOOD,
    RATING_LABEL,
    Finding,
    InitiativeRecord,
    Nominee,
    Status,
    free_initiatives,
    run_length,
    title_years,
)
from thidua_desktop.rules.rulesets import ruleset_for
from thidua_desktop.rules.settings import READINGS, DeskSettings

ANY_LEVEL = {"co_so", "tinh", "toan_quoc"}


def _ad_hoc(ctx, article: str) -> list[Finding]:
    return [Finding(Status.CHECK, "Khen theo đợt, chuyên đề hoặc đột xuất: xét theo thành tích cụ thể nêu "
                    "trong hồ sơ.", f"{article} {LAW_2022}", hard=False)]  # fmt: skip


def _readings(
    setting: str, chosen: str, outcome: dict[str, bool], what: dict[str, str], basis: str
) -> Finding:
    """A criterion that rests on a reading: plain met or not met when both readings agree,
    "cần xem xét" with both when they do not."""
    other = next(v for v in READINGS[setting] if v != chosen)
    if outcome[chosen] == outcome[other]:
        return Finding(Status.MET if outcome[chosen] else Status.NOT_MET, what[chosen], basis)
    said = {v: f"{'đạt' if outcome[v] else 'chưa đạt'} ({what[v]}; cách hiểu: {READINGS[setting][v][0]} – "
               f"{READINGS[setting][v][1]})" for v in (chosen, other)}  # fmt: skip
    return Finding(Status.CHECK, f"Cần xem xét: theo cách hiểu bàn đang áp dụng thì {said[chosen]}; theo cách "
                   f"hiểu khác thì {said[other]}. Đổi cách hiểu ở Công cụ → Thiết lập quy định.", basis,
                   hard=False)  # fmt: skip


def bk_tinh(nominee, year, settings, proposal_id, ctx) -> list[Finding]:
    basis = BY_CODE["BK_TINH"].basis
    if ctx.kind not in MERIT_KINDS:
        return _ad_hoc(ctx, "Điều 74")
    if nominee.subject == "tap_the":
        return _bk_tinh_collective(nominee, year)
    cstdcs = run_length(title_years(nominee, {"CSTDCS"}), year) >= 2
    excellent = all(nominee.ratings.get(y) == "HTXSNV" for y in (year - 1, year))
    findings = []
    if cstdcs:
        findings.append(
            Finding(Status.MET, f"Hai năm liên tục Chiến sĩ thi đua cơ sở ({year - 1}, {year}).", basis)
        )
    elif excellent:
        findings.append(
            Finding(Status.MET, f"Hai năm liên tục hoàn thành xuất sắc nhiệm vụ ({year - 1}, {year}).", basis)
        )
    else:
        findings.append(Finding(Status.NOT_MET, f"Cần 2 năm liên tục ({year - 1}, {year}) Chiến sĩ thi đua cơ sở "
                                "hoặc hoàn thành xuất sắc nhiệm vụ.", basis))  # fmt: skip
    span = range(year - 1, year + 1)
    unused = free_initiatives(nominee, span, ANY_LEVEL, proposal_id)
    counted = {"unused": len(unused), "period": len(unused) + len(_used_by_cstdcs(nominee, span))}
    what = {
        "unused": f"Có {counted['unused']} sáng kiến trong {year - 1}–{year} chưa dùng cho khen thưởng nào "
                  "(kể cả danh hiệu Chiến sĩ thi đua cơ sở)" + ("." if counted["unused"] >= 2 else "; cần 2."),
        "period": f"Có {counted['period']} sáng kiến được công nhận trong {year - 1}–{year}, kể cả sáng kiến đã dùng "
                  "cho Chiến sĩ thi đua cơ sở những năm đó" + ("." if counted["period"] >= 2 else "; cần 2."),
    }  # fmt: skip
    chosen = (
        settings.bk_tinh_initiatives
        if settings.bk_tinh_initiatives in READINGS["bk_tinh_initiatives"]
        else "unused"
    )
    findings.append(
        _readings("bk_tinh_initiatives", chosen, {k: n >= 2 for k, n in counted.items()}, what, basis)
    )
    # both criteria of Art. 74.1.d met: a plain "đạt" (issue 22, point 8); the soft note stays
    # only beside a criterion not met
    if any(f.status is Status.NOT_MET for f in findings):
        findings.append(Finding(Status.CHECK, "Tiêu chí này mới được xác nhận một phần; đối chiếu văn bản hướng dẫn "
                                "hiện hành của tỉnh.", basis, hard=False))  # fmt: skip
    return findings


def _used_by_cstdcs(nominee: Nominee, span: range) -> list[InitiativeRecord]:
    """Initiatives of ``span`` already backing the CSTĐCS titles (held or proposed) of those years."""
    awards = {a.id for a in nominee.awards if a.code == "CSTDCS" and a.year in span and a.id is not None}
    proposals = {p[0] for p in nominee.proposals if p[2] == "CSTDCS" and p[1] in span}
    return [i for i in nominee.initiatives if i.year in span and (
        (i.used_by_award_id is not None and i.used_by_award_id in awards)
        or (i.used_by_award_id is None and i.used_by_proposal_id in proposals))]  # fmt: skip


def _bk_tinh_collective(nominee: Nominee, year: int) -> list[Finding]:
    """Law Art. 74.2 (collectives), its merit-based criterion: two consecutive years of excellent
    completion [P]; unity and democracy at the base are judged by the level that proposes."""
    basis = f"điểm c khoản 2 Điều 74 {LAW_2022}"
    if nominee.collective_type != "tap_the":  # a household or an enterprise: criteria of their own
        what = "hộ gia đình" if nominee.collective_type == "ho_gia_dinh" else "doanh nghiệp"
        return [Finding(Status.CHECK, f"Tiêu chuẩn Bằng khen cho {what}: đối chiếu Điều 74 Luật và quy định của tỉnh "
                        "(không xét theo xếp loại hoàn thành nhiệm vụ).", f"Điều 74 {LAW_2022}", hard=False)]  # fmt: skip
    ratings = {y: nominee.ratings.get(y) for y in (year - 1, year)}
    missing = [str(y) for y, r in ratings.items() if r is None]
    weaker = [f"{y} {RATING_LABEL.get(r, r)}" for y, r in ratings.items() if r is not None and r != "HTXSNV"]
    if weaker:
        return [Finding(Status.NOT_MET, f"Cần 2 năm liên tục ({year - 1}, {year}) hoàn thành xuất sắc nhiệm vụ; năm "
                        + ", năm ".join(weaker) + ".", basis)]  # fmt: skip
    if missing:
        return [Finding(Status.CHECK, f"Chưa có kết quả xếp loại đơn vị năm {', '.join(missing)}: cần 2 năm liên tục "
                        "hoàn thành xuất sắc nhiệm vụ.", basis)]  # fmt: skip
    return [Finding(Status.MET, f"Hai năm liên tục ({year - 1}, {year}) hoàn thành xuất sắc nhiệm vụ (nội bộ đoàn "
                    "kết, thực hiện tốt quy chế dân chủ: theo nhận xét của cấp trình).", basis)]  # fmt: skip


def bk_ttg(nominee, year, settings, proposal_id, ctx) -> list[Finding]:
    basis = f"{BY_CODE['BK_TTG'].basis}; Điều 4 {ctx.decree}"
    if ctx.kind not in MERIT_KINDS:
        return [Finding(Status.CHECK, "Khen đột xuất, chuyên đề: xét theo thành tích cụ thể nêu trong hồ sơ.",
                        basis, hard=False)]  # fmt: skip
    if nominee.subject == "tap_the":
        return [Finding(Status.CHECK, "Tiêu chuẩn Bằng khen Thủ tướng cho tập thể: đối chiếu khoản 2 Điều 73 Luật.",
                        basis, hard=False)]  # fmt: skip
    # merit-based Bằng khen of a ministry or province only (Decree Art. 4.3: ad-hoc and thematic
    # awards are no basis for a higher merit award)
    held = sorted((a for a in nominee.awards if a.code in ("BK_TINH", "BK_BO") and a.kind in MERIT_KINDS
                   and a.year < year), key=lambda a: a.period[1])  # fmt: skip
    # "after": the five years run after the period written in the earlier decision (point 5)
    before = {"after": [a for a in held if a.period[1] <= year - 5], "held": held}
    what = {
        "after": (f"Đã có Bằng khen cấp bộ, tỉnh theo thành tích thường xuyên (thời gian thành tích đến năm "
                  f"{before['after'][-1].period[1]}), 5 năm sau đó đến năm {year}." if before["after"] else
                  f"Chưa có Bằng khen cấp bộ, tỉnh theo thành tích thường xuyên từ năm {year - 5} trở về trước "
                  "(5 năm tính từ sau thời gian ghi trong quyết định đó; khen đột xuất, chuyên đề không tính)."),
        "held": (f"Đã có Bằng khen cấp bộ, tỉnh theo thành tích thường xuyên (năm {held[-1].year})." if held else
                 "Chưa có Bằng khen cấp bộ, tỉnh theo thành tích thường xuyên (khen đột xuất, chuyên đề không tính)."),
    }  # fmt: skip
    chosen = settings.bk_ttg_interval if settings.bk_ttg_interval in READINGS["bk_ttg_interval"] else "after"
    findings = [_readings("bk_ttg_interval", chosen, {k: bool(v) for k, v in before.items()}, what, basis)]
    good = {y for y, r in nominee.ratings.items() if r in GOOD}
    years = run_length(good, year)
    findings.append(
        Finding(Status.MET, f"{years} năm liên tục hoàn thành tốt nhiệm vụ trở lên đến năm {year}.", basis)
        if years >= 5
        else Finding(
            Status.NOT_MET, f"Mới có {years} năm liên tục hoàn thành tốt nhiệm vụ trở lên; cần 5 năm.", basis
        )
    )
    cstdcs = len([y for y in title_years(nominee, {"CSTDCS"}) if year - 4 <= y <= year])
    findings.append(
        Finding(Status.MET, f"Có {cstdcs} lần Chiến sĩ thi đua cơ sở trong {year - 4}–{year}.", basis)
        if cstdcs >= 3
        else Finding(
            Status.NOT_MET,
            f"Chỉ có {cstdcs} lần Chiến sĩ thi đua cơ sở trong {year - 4}–{year}; cần 3.",
            basis,
        )  # fmt: skip
    )
    return findings


def hcld3(nominee, year, settings, proposal_id, ctx) -> list[Finding]:
    """Law Art. 44.1.e [P]: a merit-based Prime Minister's Bằng khen, then five consecutive years
    or more of excellent completion up to the proposal, with two initiatives recognised at
    ministry or provincial level in that time (each backs one award only)."""
    basis = f"điểm e khoản 1 Điều 44 {LAW_2022}"
    if ctx.kind not in MERIT_KINDS:
        return _ad_hoc(ctx, "khoản 1 Điều 44")
    if nominee.subject == "tap_the":
        return [Finding(Status.CHECK, "Huân chương Lao động hạng Ba cho tập thể: đối chiếu khoản 3 Điều 44 Luật.",
                        f"khoản 3 Điều 44 {LAW_2022}", hard=False)]  # fmt: skip
    held = sorted(
        a.year for a in nominee.awards if a.code == "BK_TTG" and a.kind in MERIT_KINDS and a.year <= year - 5
    )
    excellent = run_length({y for y, r in nominee.ratings.items() if r == "HTXSNV"}, year)
    findings = [
        Finding(Status.MET, f"Đã có Bằng khen của Thủ tướng Chính phủ (thời gian thành tích đến năm {held[-1]}).",
                basis)
        if held
        else Finding(Status.NOT_MET, f"Chưa có Bằng khen của Thủ tướng Chính phủ theo thành tích thường xuyên từ năm "
                     f"{year - 5} trở về trước.", basis),
        Finding(Status.MET, f"{excellent} năm liên tục hoàn thành xuất sắc nhiệm vụ đến năm {year}.", basis)
        if excellent >= 5
        else Finding(Status.NOT_MET, f"Mới có {excellent} năm liên tục hoàn thành xuất sắc nhiệm vụ đến năm {year}; "
                     "cần từ 5 năm.", basis),
    ]  # fmt: skip
    since = (held[-1] + 1) if held else year - 4
    free = free_initiatives(nominee, range(since, year + 1), {"tinh", "toan_quoc"}, proposal_id)
    findings.append(
        Finding(Status.MET, f"Có {len(free)} sáng kiến được công nhận hiệu quả cấp bộ, tỉnh trong {since}–{year} chưa "
                "dùng cho khen thưởng khác.", basis)
        if len(free) >= 2
        else Finding(Status.NOT_MET, f"Chỉ có {len(free)} sáng kiến được công nhận hiệu quả cấp bộ, tỉnh trong "
                     f"{since}–{year} chưa dùng cho khen thưởng khác; cần 2.", basis)
    )  # fmt: skip
    return findings


def council(
    award_code: str, votes_for: int | None, voters: int | None, settings: DeskSettings, on: date
) -> Finding | None:
    """The council's vote recorded on the proposal, against the threshold of the rule set in
    force (Decree 98/2023 Art. 30.7; Decree 152/2025's figures are the desk's setting [U]);
    None when no vote is recorded or the award needs none."""
    rule_set = ruleset_for(on)
    threshold = settings.threshold(rule_set.code, award_code)
    if threshold is None or not voters or votes_for is None:
        return None
    basis = ("khoản 7 Điều 30 Nghị định 98/2023/NĐ-CP" if rule_set.code == "nd98_2023"
             else f"{rule_set.decree}; mức ở Công cụ → Thiết lập quy định")  # fmt: skip
    share = votes_for * 100 / voters
    shown = f"{int(share * 10) / 10:g}".replace(".", ",")
    if share >= threshold:
        return Finding(Status.MET, f"Hội đồng thi đua, khen thưởng bỏ phiếu {votes_for}/{voters} ({shown} %), đạt "
                       f"mức từ {threshold} % tổng số thành viên.", basis)  # fmt: skip
    return Finding(Status.NOT_MET, f"Hội đồng thi đua, khen thưởng bỏ phiếu {votes_for}/{voters} ({shown} %), chưa "
                   f"đạt mức từ {threshold} % tổng số thành viên.", basis)  # fmt: skip
