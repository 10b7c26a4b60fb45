"""How the figures of a cluster's year read on paper, shared by the minutes of the vote
and the scoring tally: the cluster's header, group labels, tie notes, what a count means
for a unit ("Thiếu 1 phiếu"), the threshold and the result in words."""

from __future__ import annotations

import re
from datetime import date

from thidua_desktop.domain.identity import short_parent
from thidua_desktop.reports.letterhead import Letterhead
from thidua_desktop.reports.papers.blocks import vn_decimal
from thidua_desktop.rules.catalogue import award_name
from thidua_desktop.rules.scoring import ItemKind
from thidua_desktop.rules.voting import Race, Result, Tally
from thidua_desktop.store.cluster.papers import Group, YearPapers
from thidua_desktop.store.cluster.voting import COMMEND_AWARD, FLAG_AWARD

DRAFT = "DỰ THẢO — kết quả chưa khóa"
RACE_HEADS = {Race.LEADING: "Đơn vị dẫn đầu", Race.COMMEND: "Đề nghị Bằng khen"}


def letterhead_for(
    papers: YearPapers, on: date | None = None, kind: str = "BB", base: Letterhead | None = None
) -> Letterhead:
    """The cluster's header: the authority that set it up above the cluster's name, the
    number left blank for the office to fill ("Số:       /BB-KTĐ5"), dated the day of the
    vote; the place and the signer are the desk's (``base``, reports.letterhead.of_db)."""
    base = base or Letterhead()
    cluster = papers.cluster
    authority = (cluster.get("authority") or "").strip()
    place = re.search(r"(?:tỉnh|thành phố)\s+(.+)$", authority, re.IGNORECASE)
    number = re.search(r"(\d+)\s*$", cluster["name"])
    vote = papers.vote or {}
    if on is None:
        on = date.fromisoformat(vote["held_on"][:10]) if vote.get("held_on") else date.today()
    return Letterhead(
        parent_agency=short_parent(authority) or base.parent_agency, agency=cluster["name"].upper(),
        place=base.place or (place.group(1).strip() if place else ""), on=on,
        number="\u00a0" * 8 + f"/{kind}-KTĐ{number.group(1) if number else ''}",
        signer_title=base.signer_title, signer_name=base.signer_name,
    )  # fmt: skip


def group_label(g: Group) -> str:
    if g.kind is ItemKind.BONUS:
        return "Cộng"
    if g.kind is ItemKind.MINUS:
        return "Trừ"
    return g.code


def group_legend(groups: list[Group]) -> str:
    parts = []
    for g in groups:
        if g.kind is ItemKind.SCORED:
            parts.append(f"{g.code} – {g.title} (tối đa {vn_decimal(g.max_points)} điểm)")
        elif g.kind is ItemKind.BONUS:
            parts.append(f"Cộng – {g.title or 'điểm cộng'} (tối đa {vn_decimal(g.max_points)} điểm)")
        else:
            parts.append(f"Trừ – {g.title or 'điểm trừ'} (trừ tối đa {vn_decimal(g.max_points)} điểm)")
    return "Nhóm tiêu chí: " + "; ".join(parts) + "."


def score_notes(papers: YearPapers) -> list[str]:
    """How ties were broken, and which units still count a self-score."""
    notes = [f"{r.name} (hạng {r.rank}): {r.tie_note}." for r in papers.ranked if r.tie_note]
    notes += [f"{r.name}: {r.missing} mục chưa có điểm thống nhất, tạm tính theo điểm tự chấm."
              for r in papers.ranked if r.missing]  # fmt: skip
    return notes


def races(t: Tally) -> list[Race]:
    return [race for race in Race if t.rules.places(race) > 0]


def outcome(t: Tally, res: Result, race: Race, unit: int) -> str:
    """What the count means for ``unit`` in ``race``: chosen, over the threshold but not
    chosen, or how many votes it lacks ("Thiếu 1 phiếu")."""
    if race is Race.LEADING and unit == res.leading:
        return "Dẫn đầu"
    if race is Race.COMMEND and unit in res.commend:
        return "Được đề nghị"
    if not t.passes(race, unit):
        return f"Thiếu {t.short(race, unit)} phiếu"
    if race is Race.COMMEND and unit == res.leading:
        return "Đạt ngưỡng; đã là đơn vị dẫn đầu"
    return "Đạt ngưỡng, ngoài số được chọn"


def threshold_text(t: Tally) -> str:
    base = "phát ra" if t.rules.base == "phat_ra" else "hợp lệ"
    return (f"Đơn vị được chọn phải đạt {t.rules.describe()}: ít nhất {t.needed} phiếu trên {t.base} phiếu "
            f"{base}.")  # fmt: skip


def votes_text(t: Tally, race: Race, unit: int) -> str:
    return f"{t.count(race, unit)}/{t.base} phiếu, {vn_decimal(t.percent(race, unit), 1, fixed=True)}\u00a0%"


def result_lines(papers: YearPapers) -> list[str]:
    t, res, names = papers.tally, papers.result, papers.names
    assert t is not None and res is not None
    lines = []
    if t.rules.leading_places:
        if res.leading is not None:
            lines.append(f"- Đơn vị dẫn đầu Khối, đề nghị tặng {award_name(FLAG_AWARD)}: "
                         f"{names[res.leading]} ({votes_text(t, Race.LEADING, res.leading)}).")  # fmt: skip
        else:
            lines.append("- Không có đơn vị nào đạt đủ số phiếu để được chọn là đơn vị dẫn đầu.")
    if t.rules.commend_places:
        if res.commend:
            chosen = "; ".join(f"{names[u]} ({votes_text(t, Race.COMMEND, u)})" for u in res.commend)
            lines.append(f"- Đề nghị tặng {award_name(COMMEND_AWARD)} ({len(res.commend)} đơn vị): {chosen}.")
        else:
            lines.append("- Không có đơn vị nào đạt đủ số phiếu để đề nghị tặng Bằng khen.")
    lines += [f"- {note}" for note in res.notes]
    return lines
