"""Eligibility of a nominee for an award and a year: a list of findings, each met, not
met, or to be checked by a person, each a Vietnamese sentence citing its article.

The nominee's record comes in as plain data (``Nominee``); the store builds it. Titles
recorded under the older law count as history and in consecutive runs (Law Art. 95);
only merit-based (thường xuyên) awards count toward an upward proposal."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from thidua_desktop.rules import commendations
from thidua_desktop.rules.catalogue import (
    BY_CODE,
    LAW_2022,
    MERIT_KINDS,
    REPORT_YEARS,
    AwardType,
    report_period,
)
from thidua_desktop.rules.nominee import (  # noqa: F401 (the engine's names, as callers know them)
    GOOD,
    RATING_LABEL,
    AwardRecord,
    ClusterStanding,
    DisciplineRecord,
    Finding,
    InitiativeRecord,
    Nominee,
    Status,
    free_initiatives,
    run_length,
    title_years,
)
from thidua_desktop.rules.rulesets import LAW_CRITERIA_FROM, ruleset_for, straddles
from thidua_desktop.rules.settings import DeskSettings


def check(
    nominee: Nominee,
    award_code: str,
    year: int,
    settings: DeskSettings | None = None,
    *,
    kind: str = "thuong_xuyen",
    proposal_id: int | None = None,
    filed_on: date | None = None,
    decided_on: date | None = None,
    today: date | None = None,
    council: tuple[int | None, int | None] | None = None,
) -> list[Finding]:
    """All findings for ``nominee`` proposed for ``award_code`` for ``year``; ``council`` is the
    council's vote recorded on the proposal (for, members), read against its threshold."""
    settings = settings or DeskSettings()
    award = BY_CODE.get(award_code)
    if award is None:
        return [
            Finding(Status.CHECK, f"Hình thức “{award_code}” chưa có trong danh mục; cần kiểm tra thủ công.")
        ]
    on = decided_on or today or date.today()
    decree = ruleset_for(on)
    general_basis = f"Điều 4 {decree.decree}"
    findings: list[Finding] = []

    # --- general principles --------------------------------------------------------------------
    if not award.for_subject(nominee.subject):
        who = "cá nhân" if nominee.subject == "ca_nhan" else "tập thể"
        findings.append(Finding(Status.NOT_MET, f"“{award.name}” không dành cho {who}.", award.basis))
    if award.tracks and nominee.track not in award.tracks:
        findings.append(
            Finding(Status.NOT_MET, f"“{award.name}” không thuộc khối danh hiệu của đơn vị.", award.basis)
        )
    if nominee.under_review:
        findings.append(Finding(Status.NOT_MET, "Đang bị xem xét kỷ luật, điều tra hoặc giải quyết khiếu nại, "
                                "tố cáo: chưa khen thưởng.", general_basis))  # fmt: skip
    findings += _disciplines(nominee, award_code, year, on)
    findings += _rewarded_already(nominee, award, year, kind, proposal_id)
    for a in nominee.awards:
        if a.code == award_code and a.year == year and (proposal_id is None or a.proposal_id != proposal_id):
            number = f" (quyết định {a.decision_number})" if a.decision_number else ""
            if a.kind in MERIT_KINDS and kind in MERIT_KINDS:
                findings.append(Finding(Status.NOT_MET, f"Đã được tặng “{award.name}” năm {year}{number}: "
                                        "một thành tích không khen hai lần.", f"khoản 2 Điều 5 {LAW_2022}"))  # fmt: skip
            else:  # an ad-hoc or thematic one beside it rewards another achievement, unless it is this one
                findings.append(Finding(Status.CHECK, f"Đã có “{award.name}” năm {year}{number} (khen đột xuất, "
                                        "chuyên đề hoặc theo đợt): kiểm tra không trùng thành tích.",
                                        f"khoản 2 Điều 5 {LAW_2022}", hard=False))  # fmt: skip
    for other_id, other_year, other_code in nominee.proposals:
        if other_code == award_code and other_year == year and other_id != proposal_id:
            findings.append(Finding(Status.NOT_MET, f"Đã có đề nghị “{award.name}” năm {year} khác cho đối tượng "
                                    "này (trùng đề nghị).", f"khoản 2 Điều 5 {LAW_2022}"))  # fmt: skip
    if year < LAW_CRITERIA_FROM.year:
        findings.append(Finding(Status.CHECK, f"Thành tích năm {year} trước ngày 01/01/2024: xét theo Luật 2003 "
                                "và Nghị định 91/2017/NĐ-CP.", "Điều 95 " + LAW_2022, hard=False))  # fmt: skip
    if straddles(filed_on, decided_on):
        before, after = ruleset_for(filed_on), ruleset_for(decided_on)
        where = (
            "Điều 60 Nghị định 152/2025/NĐ-CP"
            if after.code == "nd152_2025"
            else f"điều khoản chuyển tiếp của {after.decree}"
        )
        findings.append(Finding(Status.CHECK, f"Hồ sơ trình khi {before.decree} còn hiệu lực nhưng quyết định theo "
                                f"{after.decree}: áp dụng điều khoản chuyển tiếp.", where, hard=False))  # fmt: skip
    if kind not in MERIT_KINDS and award.code in ("CSTDT", "CSTDTQ", "CSTDCS", "LDTT", "CSTT"):
        findings.append(Finding(Status.NOT_MET, "Danh hiệu này xét theo thành tích thường xuyên, không theo "
                                "đợt, chuyên đề hay đột xuất.", award.basis))  # fmt: skip

    rule = _RULES.get(award_code)
    if rule is not None:
        findings += rule(nominee, year, settings, proposal_id, _Context(decree.circular, decree.decree, kind))
    if council is not None:
        vote = commendations.council(award_code, *council, settings, on)
        if vote is not None:
            findings.append(vote)
    if not findings:
        findings.append(Finding(Status.MET, "Không thấy trở ngại nào trong dữ liệu đã có.", award.basis))
    if nominee.school_year:
        findings = [replace(f, text=school_years(f.text)) for f in findings]
    return findings


_A_YEAR = re.compile(r"\b([Nn])ăm (\d{4})\b")


def school_years(text: str) -> str:
    """A finding of a school counting by school year (issue 22, point 9): "năm 2025" said as
    "năm học 2024–2025"; the arithmetic of consecutive years is the same, a school year for a year."""
    return _A_YEAR.sub(lambda m: f"{m[1]}ăm học {int(m[2]) - 1}–{m[2]}", text)


def _disciplines(nominee: Nominee, award_code: str, year: int, on: date) -> list[Finding]:
    """A person's disciplines (issue 22, point 1) [P]. The year of a discipline earns no title or
    award (Law Art. 24: a title asks that the person keeps the law; the decree's Art. 4). The
    achievements an award counts over several years (catalogue.REPORT_YEARS) must lie outside
    the discipline: under Decree 152/2025 they count only from the day after its period ends;
    under Decree 98/2023 (decisions before 152's date) the years the discipline was in force are
    left out. Neither clause could be read verbatim here: the article is named, to be checked."""
    span = REPORT_YEARS.get(award_code, 1)
    first = year - span + 1
    decree = ruleset_for(on)
    school = nominee.school_year  # a school year runs from September: 15/10/2025 is in 2025–2026

    def year_of(day: date) -> int:
        return day.year + (school and day.month >= 9)

    counted_from = date(first - 1, 9, 1) if school else date(first, 1, 1)
    findings = []
    for d in sorted(nominee.disciplines, key=lambda d: d.decided_on):
        if year_of(d.decided_on) > year:
            continue  # after the year proposed
        end = d.end()
        said = (
            f"kỷ luật {d.label}"
            + (f" (quyết định {d.decision_number}" if d.decision_number else " (quyết định")
            + f" ngày {d.decided_on:%d/%m/%Y}, hết thời hạn {end:%d/%m/%Y})"
        )
        if year_of(d.decided_on) == year:
            findings.append(Finding(Status.NOT_MET, f"Năm {year} bị {said}: không xét danh hiệu thi đua, khen thưởng "
                                    "cho thành tích năm này.", f"Điều 24 {LAW_2022}; Điều 4 {decree.decree}"))  # fmt: skip
        elif decree.code == "nd152_2025" and counted_from <= end:
            findings.append(Finding(Status.NOT_MET, f"Đã bị {said}: thành tích chỉ được tính từ sau ngày hết thời hạn "
                                    f"kỷ luật, mà thành tích xét từ năm {first}.", f"{decree.decree} (tính thành tích "
                                    "sau kỷ luật: đối chiếu nguyên văn)"))  # fmt: skip
        elif decree.code != "nd152_2025" and first <= year_of(end):
            years = ", ".join(
                str(y) for y in range(max(first, year_of(d.decided_on)), min(year, year_of(end)) + 1)
            )
            findings.append(Finding(Status.NOT_MET, f"Đã bị {said}: năm {years} trong thời hạn kỷ luật không được "
                                    "tính thành tích.", f"{decree.decree} (đối chiếu nguyên văn)"))  # fmt: skip
    return findings


def _rewarded_already(
    nominee: Nominee, award, year: int, kind: str, proposal_id: int | None
) -> list[Finding]:
    """One achievement is commended once (Law Art. 5.2; the decree's Art. 4: a form of
    commendation for achievements already commended by another form, or achievements added up
    to ask for a higher form, is not given) [C]: a merit-based form (Bằng khen, Huân chương)
    whose period overlaps that of a form already held of the same or a higher rank (a lower one is
    the ladder a higher form is asked on: Bằng khen tỉnh, then of the Prime Minister, then an
    order, each for the whole process); a title of several years (CSTĐ cấp tỉnh: three CSTĐCS
    years) whose years overlap the same title held. Titles (danh hiệu) sit beside forms
    (a CSTĐCS and a Bằng khen for the same year are both given: Decree 152/2025 Art. 49.7)."""
    several_years = (
        award.type == AwardType.TITLE and REPORT_YEARS.get(award.code, 1) > 1
    )  # CSTĐ tỉnh, toàn quốc
    if (award.type != AwardType.FORM and not several_years) or kind not in MERIT_KINDS:
        return []
    first, last = report_period(award.code, year)
    findings = []
    for a in nominee.awards:
        held = BY_CODE.get(a.code)
        if (
            held is None
            or (held.type != AwardType.FORM if not several_years else a.code != award.code)
            or a.kind not in MERIT_KINDS
            or held.rank < award.rank  # a lower form in the years a higher one covers: its ladder
            or (proposal_id is not None and a.proposal_id == proposal_id)
            or (a.code == award.code and a.year == year)  # said above as a duplicate
        ):
            continue
        start, end = a.period
        if start <= last and first <= end:
            number = f", quyết định {a.decision_number}" if a.decision_number else ""
            findings.append(Finding(Status.NOT_MET, f"Thành tích {_span(max(first, start), min(last, end))} đã được "
                                    f"khen bằng “{held.name}” (thời gian {_span(start, end)}{number}): một thành "
                                    "tích không khen hai lần; lần khen sau tính từ sau thời gian đó.",
                                    f"khoản 2 Điều 5 {LAW_2022}; Điều 4 nghị định"))  # fmt: skip
    return findings


def _span(first: int, last: int) -> str:
    return f"năm {first}" if first == last else f"{first}–{last}"


@dataclass(frozen=True)
class _Context:
    circular: str
    decree: str
    kind: str


def _share_text(n: int, total: int) -> str:
    """ "139/200 người (69,5 %)": counts, and a share rounded down so it never reads as
    reaching a threshold it misses."""
    share = int(n * 1000 / total) / 10
    return f"{n}/{total} người ({share:g} %)".replace(".", ",")


# --- the criteria of DOMAIN.md §4 ---------------------------------------------------------------
def _rating(nominee: Nominee, year: int, basis: str) -> Finding:
    rating = nominee.ratings.get(year)
    if rating is None:
        return Finding(Status.CHECK, f"Chưa có kết quả xếp loại năm {year}; cần xếp loại từ hoàn thành tốt "
                       "nhiệm vụ trở lên.", basis)  # fmt: skip
    if rating in GOOD:
        return Finding(Status.MET, f"Năm {year} xếp loại {RATING_LABEL[rating]}.", basis)
    return Finding(Status.NOT_MET, f"Năm {year} chỉ xếp loại {RATING_LABEL.get(rating, rating)}; cần từ hoàn "
                   "thành tốt nhiệm vụ trở lên.", basis)  # fmt: skip


def _tenure(nominee: Nominee, year: int, circular: str) -> Finding:  # noqa: D401
    months = nominee.months_worked.get(year)
    basis = f"{circular}; khoản 5 Điều 4 nghị định (nghỉ thai sản được tính)"
    if months is None:
        return Finding(
            Status.CHECK, f"Cần xác nhận thời gian công tác năm {year} từ 6 tháng trở lên.", basis, hard=False
        )
    if months >= 6:
        return Finding(Status.MET, f"Năm {year} công tác {months} tháng (từ 6 tháng trở lên).", basis)
    return Finding(Status.NOT_MET, f"Năm {year} chỉ công tác {months} tháng; cần từ 6 tháng trở lên.", basis)


def _ldtt(nominee, year, settings, proposal_id, ctx) -> list[Finding]:
    basis = BY_CODE["LDTT"].basis
    return [_rating(nominee, year, basis), _tenure(nominee, year, ctx.circular)]


def _cstdcs(nominee, year, settings, proposal_id, ctx) -> list[Finding]:
    basis = BY_CODE["CSTDCS"].basis
    title = "Chiến sĩ tiên tiến" if nominee.track == "luc_luong_vu_trang" else "Lao động tiên tiến"
    findings = [
        Finding(f.status, f"Tiêu chuẩn {title}: {f.text[0].lower()}{f.text[1:]}", basis, f.hard)
        for f in _ldtt(nominee, year, settings, proposal_id, ctx)
    ]
    # Law 06/2022 Art. 23.1.b asks for an initiative recognised by the agency (or an accepted
    # science work, or ingenuity in combat); an excellent rating is not one of them. The Central
    # Emulation and Commendation Board said so of the same clause under Decree 91/2017 Art. 9.3
    # ("không đề cập đến hoàn thành xuất sắc nhiệm vụ" for civil servants); the words "hoàn thành
    # xuất sắc nhiệm vụ" there belonged to combat ingenuity. Confidence: the Board's reading [C].
    free = free_initiatives(nominee, range(year, year + 1), {"co_so", "tinh", "toan_quoc"}, proposal_id)
    if free:
        findings.append(
            Finding(Status.MET, f"Có sáng kiến được công nhận năm {year}: “{free[0].title}”.", basis)
        )
    else:
        excellent = nominee.ratings.get(year) == "HTXSNV"
        findings.append(Finding(Status.NOT_MET, f"Năm {year} chưa có sáng kiến (hoặc đề tài, công trình khoa học đã "
                                "nghiệm thu, áp dụng) được công nhận mà chưa dùng cho khen thưởng khác"
                                + ("; xếp loại hoàn thành xuất sắc nhiệm vụ không thay được sáng kiến." if excellent
                                   else "."),
                                f"{basis} (khoản 1 điểm b); Điều 4 nghị định: mỗi sáng kiến chỉ dùng một lần"))  # fmt: skip
    return findings


def _cstdt(nominee, year, settings, proposal_id, ctx) -> list[Finding]:
    basis = BY_CODE["CSTDT"].basis
    run = run_length(title_years(nominee, {"CSTDCS"}), year)
    findings = [
        Finding(Status.MET, f"{run} năm liên tục Chiến sĩ thi đua cơ sở đến năm {year}.", f"{basis}; Điều 95 {LAW_2022}")
        if run >= 3
        else Finding(Status.NOT_MET, (f"Mới có {run} năm liên tục" if run else f"Năm {year} chưa là")
                     + f" Chiến sĩ thi đua cơ sở; cần 3 năm liên tục đến năm {year} (năm gián đoạn làm mất chuỗi).",
                     basis)
    ]  # fmt: skip
    free = free_initiatives(nominee, range(year - 2, year + 1), {"tinh", "toan_quoc"}, proposal_id)
    findings.append(
        Finding(Status.MET, f"Có sáng kiến được công nhận hiệu quả áp dụng cấp tỉnh: “{free[0].title}”.", basis)
        if free
        else Finding(Status.NOT_MET, f"Chưa có sáng kiến được công nhận hiệu quả áp dụng cấp tỉnh trong "
                     f"{year - 2}–{year} mà chưa dùng cho khen thưởng khác.", basis)
    )  # fmt: skip
    return findings


def _cstdtq(nominee, year, settings, proposal_id, ctx) -> list[Finding]:
    basis = BY_CODE["CSTDTQ"].basis
    province = title_years(nominee, {"CSTDT"})
    twice = year in province and (year - 3) in province
    findings = [
        Finding(Status.MET, f"Hai lần liên tục Chiến sĩ thi đua cấp tỉnh ({year - 3} và {year}).", basis)
        if twice
        else Finding(Status.NOT_MET, "Cần hai lần liên tục Chiến sĩ thi đua cấp tỉnh, lần thứ hai vào năm "
                     f"{year}.", basis)
    ]  # fmt: skip
    free = free_initiatives(nominee, range(year - 5, year + 1), {"toan_quoc"}, proposal_id)
    findings.append(
        Finding(Status.MET, f"Có sáng kiến được công nhận hiệu quả toàn quốc: “{free[0].title}”.", basis)
        if free
        else Finding(Status.NOT_MET, "Chưa có sáng kiến được công nhận hiệu quả áp dụng toàn quốc.", basis)
    )
    return findings


def _collective_ldtt(nominee, year, basis, *, need_cstdcs: bool) -> list[Finding]:
    findings = []
    title = "Chiến sĩ tiên tiến" if nominee.track == "luc_luong_vu_trang" else "Lao động tiên tiến"
    total, n = nominee.members.get(year), nominee.members_ldtt.get(year, 0)
    if not total:
        findings.append(
            Finding(
                Status.CHECK, f"Chưa có số liệu cá nhân của đơn vị năm {year} để tính tỷ lệ {title}.", basis
            )
        )
    elif n * 10 >= total * 7:
        findings.append(Finding(Status.MET, f"{_share_text(n, total)} đạt {title} (từ 70 % trở lên).", basis))
    else:
        findings.append(
            Finding(Status.NOT_MET, f"Chỉ {_share_text(n, total)} đạt {title}; cần từ 70 %.", basis)
        )
    if need_cstdcs:
        count = nominee.members_cstdcs.get(year, 0)
        findings.append(
            Finding(Status.MET, f"Có {count} cá nhân đạt Chiến sĩ thi đua cơ sở.", basis)
            if count >= 1
            else Finding(Status.NOT_MET, "Chưa có cá nhân nào đạt Chiến sĩ thi đua cơ sở.", basis)
        )
    return findings


def _ttldtt(nominee, year, settings, proposal_id, ctx) -> list[Finding]:
    basis = BY_CODE["TTLDTT"].basis
    findings = [_rating(nominee, year, basis)]
    findings += _collective_ldtt(nominee, year, basis, need_cstdcs=False)
    findings.append(_members_discipline(nominee, year, basis))
    return findings


def _members_discipline(nominee: Nominee, year: int, basis: str) -> Finding:
    """Law Art. 28 (Tập thể lao động tiên tiến): no member disciplined at cảnh cáo or above in
    the year. The unit's count of the year answers it; without one, a person confirms."""
    count = nominee.disciplined.get(year)
    if count is None:
        return Finding(Status.CHECK, f"Chưa ghi số cá nhân của đơn vị bị kỷ luật năm {year}: cần xác nhận không có ai "
                       "bị kỷ luật từ hình thức cảnh cáo trở lên (ghi ở thẻ Đơn vị, “Kỷ luật trong đơn vị…”).",
                       basis, hard=False)  # fmt: skip
    if count:
        return Finding(Status.NOT_MET, f"Năm {year} đơn vị có {count} cá nhân bị kỷ luật từ hình thức cảnh cáo trở lên.",
                       basis)  # fmt: skip
    return Finding(
        Status.MET, f"Năm {year} không có cá nhân nào bị kỷ luật từ hình thức cảnh cáo trở lên.", basis
    )


def _ttldxs(nominee, year, settings, proposal_id, ctx) -> list[Finding]:
    basis = BY_CODE["TTLDXS"].basis
    findings = []
    rating = nominee.ratings.get(year)
    if rating == "HTXSNV":
        findings.append(Finding(Status.MET, f"Năm {year} đơn vị hoàn thành xuất sắc nhiệm vụ.", basis))
    elif rating is None:
        findings.append(Finding(Status.CHECK, f"Chưa có kết quả xếp loại đơn vị năm {year}.", basis))
    else:
        findings.append(Finding(Status.NOT_MET, f"Năm {year} đơn vị chỉ {RATING_LABEL.get(rating, rating)}; cần "
                                "hoàn thành xuất sắc nhiệm vụ.", basis))  # fmt: skip
    total, done = nominee.members.get(year), nominee.members_completed.get(year)
    if total and done is not None:
        findings.append(
            Finding(Status.MET, f"100 % cá nhân hoàn thành nhiệm vụ ({done}/{total} người).", basis)
            if done >= total
            else Finding(
                Status.NOT_MET, f"Chỉ {_share_text(done, total)} hoàn thành nhiệm vụ; cần 100 %.", basis
            )
        )
    findings += _collective_ldtt(nominee, year, basis, need_cstdcs=True)
    return findings


def _co_tinh(nominee, year, settings, proposal_id, ctx) -> list[Finding]:
    """The provincial flag goes to the cluster's leading unit (DOMAIN.md §4, Law Art. 26): the
    cluster's closed result answers that part met or not met; an open one is provisional; a
    unit without a cluster vote on this desk is left to the person who knows its standing."""
    basis = BY_CODE["CO_TINH"].basis
    findings = [_ttldxs(nominee, year, settings, proposal_id, ctx)[0]]
    standing = nominee.standings.get(year)
    if standing is None:
        findings.append(Finding(Status.CHECK, f"Chưa có kết quả bình xét của khối thi đua năm {year} trên máy này: "
                                "đối chiếu đơn vị có là đơn vị dẫn đầu khối không.", basis, hard=False))  # fmt: skip
    else:
        figures = (f"{standing.votes}/{standing.base} phiếu" + (f", hạng {standing.rank} chấm điểm" if standing.rank
                   else ""))  # fmt: skip
        state = "" if standing.closed else " (kết quả chưa khóa, tạm tính)"
        if standing.leading:
            findings.append(Finding(Status.MET if standing.closed else Status.CHECK,
                                    f"Là đơn vị dẫn đầu {standing.cluster} năm {year} ({figures}){state}.", basis,
                                    hard=False))  # fmt: skip
        else:
            leader = f"; đơn vị dẫn đầu là {standing.leading_name}" if standing.leading_name else ""
            findings.append(Finding(Status.NOT_MET if standing.closed else Status.CHECK,
                                    f"Không phải đơn vị dẫn đầu {standing.cluster} năm {year} ({figures}){leader}{state}.",
                                    basis))  # fmt: skip
    return findings


def _co_cp(nominee, year, settings, proposal_id, ctx) -> list[Finding]:
    """The Government's flag is chosen among the units that led the provinces' (ministries')
    flags that year (Law Art. 25; DOMAIN.md §4 [P]): the flag of the province held (or asked
    for in the same year) answers that part; the choice among them is the council's."""
    basis = BY_CODE["CO_CP"].basis
    held = [a for a in nominee.awards if a.code == "CO_TINH" and a.year == year]
    asked = [p for p in nominee.proposals if p[2] == "CO_TINH" and p[1] == year]
    if held:
        first = f"Đã được tặng Cờ thi đua cấp tỉnh năm {year}" + (
            f" (quyết định {held[0].decision_number})." if held[0].decision_number else ".")  # fmt: skip
        findings = [Finding(Status.MET, first, basis)]
    elif asked:
        findings = [Finding(Status.CHECK, f"Đang đề nghị Cờ thi đua cấp tỉnh năm {year}: Cờ thi đua của Chính phủ "
                            "xét sau khi có quyết định đó.", basis, hard=False)]  # fmt: skip
    else:
        findings = [Finding(Status.NOT_MET, f"Chưa được tặng Cờ thi đua cấp tỉnh (bộ, ngành) năm {year}; Cờ thi đua "
                            "của Chính phủ chọn trong các đơn vị đã được tặng cờ đó.", basis)]  # fmt: skip
    findings.append(Finding(Status.CHECK, "Là đơn vị tiêu biểu xuất sắc nhất trong các đơn vị dẫn đầu, hoàn thành vượt "
                            "mức chỉ tiêu: do Hội đồng thi đua, khen thưởng xét chọn.", basis, hard=False))  # fmt: skip
    return findings


def _manual(text: str):
    def rule(nominee, year, settings, proposal_id, ctx) -> list[Finding]:
        return [Finding(Status.CHECK, text, "", hard=False)]

    return rule


def _giay_khen(nominee, year, settings, proposal_id, ctx) -> list[Finding]:
    return [
        Finding(
            Status.CHECK,
            f"Tiêu chuẩn Giấy khen: {settings.giay_khen_criteria}",
            BY_CODE["GK"].basis,
            hard=False,
        )
    ]


_RULES = {
    "LDTT": _ldtt,
    "CSTT": _ldtt,
    "CSTDCS": _cstdcs,
    "CSTDT": _cstdt,
    "CSTDTQ": _cstdtq,
    "BK_TINH": commendations.bk_tinh,
    "BK_TTG": commendations.bk_ttg,
    "TTLDTT": _ttldtt,
    "DVTT": _ttldtt,
    "TTLDXS": _ttldxs,
    "DVQT": _ttldxs,
    "CO_TINH": _co_tinh,
    "CO_CP": _co_cp,
    "HCLD3": commendations.hcld3,
    "BK_BO": _manual("Bằng khen cấp bộ, ngành: tiêu chuẩn theo quy định của bộ, ngành."),
    "GK": _giay_khen,
}  # fmt: skip


#: how many unused initiatives an award consumes, from which levels and which years back
_INITIATIVE_NEEDS = {
    "CSTDCS": (1, {"co_so", "tinh", "toan_quoc"}, 0),
    "CSTDT": (1, {"tinh", "toan_quoc"}, 2),
    "CSTDTQ": (1, {"toan_quoc"}, 5),
    "BK_TINH": (2, {"co_so", "tinh", "toan_quoc"}, 1),
}


def initiatives_needed(nominee: Nominee, award_code: str, year: int) -> int:
    """How many unused initiatives the award takes (CSTĐCS one, whatever the rating: Law Art. 23)."""
    need = _INITIATIVE_NEEDS.get(award_code)
    if need is None or nominee.subject != "ca_nhan":
        return 0
    return need[0]


def initiatives_to_use(
    nominee: Nominee, award_code: str, year: int, proposal_id: int | None = None
) -> list[int]:
    """The initiatives a proposal takes for itself (an initiative backs one award only)."""
    count = initiatives_needed(nominee, award_code, year)
    if not count:
        return []
    _count, levels, back = _INITIATIVE_NEEDS[award_code]
    free = free_initiatives(nominee, range(year - back, year + 1), levels, proposal_id)
    return [i.id for i in free[:count]]


def blocking(findings: list[Finding]) -> list[Finding]:
    """The failed hard findings: they block submission unless overridden with a reason."""
    return [f for f in findings if f.status == Status.NOT_MET and f.hard]


def summary(findings: list[Finding]) -> Status:
    if any(f.status == Status.NOT_MET for f in findings):
        return Status.NOT_MET
    if any(f.status == Status.CHECK for f in findings):
        return Status.CHECK
    return Status.MET
