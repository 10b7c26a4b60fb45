"""The minutes of a cluster's vote (biên bản bình xét thi đua của Khối, DOMAIN.md §5–6):
who met where and when, the units present with their representatives, the scoring result,
the ballot count and whether it reconciles, the votes of every unit against the threshold,
the result, next year's head, deputy and host, any reopening, the signatures of the
secretary and the chair. One content (paper_blocks.py) written to Excel and to PDF; the
figures are those of ``voting.standing`` (read through store/cluster_papers.py), so they
match the screen. While the vote is open every page says it is a draft."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from thidua_desktop.reports.cluster.figures import (
    DRAFT,
    RACE_HEADS,
    group_label,
    group_legend,
    letterhead_for,
    outcome,
    races,
    result_lines,
    score_notes,
    threshold_text,
)  # fmt: skip
from thidua_desktop.reports.letterhead import Letterhead, of_db
from thidua_desktop.reports.papers.blocks import Grid, Paper, Signatures, Text
from thidua_desktop.reports.papers.pdf import write_paper_pdf
from thidua_desktop.reports.papers.xlsx import write_paper_xlsx
from thidua_desktop.rules.scoring import describe_tie_rule
from thidua_desktop.rules.voting import Tally
from thidua_desktop.store.cluster import papers as cluster_papers
from thidua_desktop.store.cluster.papers import YearPapers

__all__ = ["DRAFT", "minutes_paper", "write_minutes_pdf", "write_minutes_xlsx"]
BLANK = "……………"


def score_grid(papers: YearPapers) -> Grid:
    """Units × groups in rank order: rank, unit, each group's agreed points, the self-scored
    and the agreed total."""
    groups = papers.groups
    g = len(groups)
    header = [["Hạng", "Đơn vị", "Điểm theo nhóm tiêu chí"] + [None] * (g - 1) + ["Tổng điểm", None],
              [None, None] + [group_label(x) for x in groups] + ["Tự chấm", "Thống nhất"]]  # fmt: skip
    rows = [[r.rank, r.name] + [round(r.by_group.get(x.code, 0.0), 2) for x in groups]
            + [round(r.self_total, 2), round(r.total, 2)] for r in papers.ranked]  # fmt: skip
    group_width = min(12.0, 80.0 / max(1, g))
    widths = [12.0, 165.0 - 12 - g * group_width - 34, *([group_width] * g), 16.0, 18.0]
    return Grid(widths, header, rows, ["int", "text"] + ["score"] * (g + 2),
                [(0, 0, 0, 1), (1, 0, 1, 1), (2, 0, 1 + g, 0), (2 + g, 0, 3 + g, 0)])  # fmt: skip


def vote_grid(papers: YearPapers) -> Grid:
    t, res = papers.tally, papers.result
    assert t is not None and res is not None
    shown_races = races(t)
    header = [["TT trên phiếu", "Đơn vị"], [None, None]]
    spans = [(0, 0, 0, 1), (1, 0, 1, 1)]
    kinds = ["int", "text"]
    for i, race in enumerate(shown_races):
        header[0] += [RACE_HEADS[race], None, None]
        header[1] += ["Số phiếu", "Tỷ lệ (%)", "Kết quả"]
        spans.append((2 + 3 * i, 0, 4 + 3 * i, 0))
        kinds += ["int", "percent", "center"]
    rows = []
    for c in papers.candidates:
        row: list[Any] = [c["position"], c["name"]]
        for race in shown_races:
            u = c["unit_id"]
            row += [t.count(race, u), round(t.percent(race, u), 1), outcome(t, res, race, u)]
        rows.append(row)
    rest = 165.0 - 12 - len(shown_races) * 55
    return Grid([12.0, rest] + [14.0, 14.0, 27.0] * len(shown_races), header, rows, kinds, spans)


def count_grid(t: Tally) -> Grid:
    return Grid([27.5] * 6, [["Phát ra", "Thu về", "Hợp lệ", "Phiếu trắng", "Phiếu hỏng", "Đối chiếu"]],
                [[t.rules.issued, t.returned, t.valid, t.blank, t.spoiled, "Khớp" if t.reconciled else "Không khớp"]],
                ["int"] * 5 + ["center"])  # fmt: skip


def count_blocks(t: Tally) -> list:
    """The ballots counted and whether they reconcile (the minutes and the count record)."""
    blocks: list = [count_grid(t)]
    if t.reconciled:
        blocks.append(Text("Số phiếu thu về bằng số phiếu phát ra và bằng tổng số phiếu hợp lệ, phiếu trắng, phiếu "
                           "hỏng."))  # fmt: skip
    else:
        blocks.append(Text("Số phiếu không khớp, phải kiểm lại trước khi khóa kết quả:", "warning"))
        blocks += [Text(f"- {p}", "warning") for p in t.problems]
    return blocks


def day_words(held_on: str | None) -> str:
    if not held_on:
        return "ngày …… tháng …… năm ……"
    d = date.fromisoformat(held_on[:10])
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"


def _when(at: str) -> str:
    moment = datetime.fromisoformat(at.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().strftime("%H:%M ngày %d/%m/%Y")


# --- the minutes ------------------------------------------------------------------------------
def minutes_paper(papers: YearPapers, letterhead: Letterhead | None = None) -> Paper:
    vote, t = papers.vote, papers.tally
    assert vote is not None and t is not None
    cluster, year = papers.cluster["name"], papers.year
    blocks: list = [
        Text(f"Hôm nay, {day_words(vote['held_on'])}, tại {vote['place'] or BLANK}, {cluster} tổ chức hội nghị "
             f"bình xét thi đua, khen thưởng năm {year}."),
        Text("I. THÀNH PHẦN THAM DỰ", "heading"),
        Text(f"- Chủ trì: {vote['chair'] or BLANK}."),
        Text(f"- Thư ký: {vote['secretary'] or BLANK}."),
    ]  # fmt: skip
    present = [c for c in papers.candidates if c["present"]]
    absent = [c["name"] for c in papers.candidates if not c["present"]]
    blocks.append(Text(f"- Đại diện các đơn vị thành viên: có mặt {len(present)}/{len(papers.candidates)} đơn vị"
                       + (f"; vắng mặt: {', '.join(absent)}." if absent else "; không đơn vị nào vắng mặt.")))  # fmt: skip
    blocks.append(Grid([12.0, 72.0, 56.0, 25.0], [["STT", "Đơn vị", "Người đại diện", "Tham dự"]],
                       [[c["position"], c["name"], c["representative"] or None, "Có mặt" if c["present"] else "Vắng mặt"]
                        for c in papers.candidates], ["int", "text", "text", "center"]))  # fmt: skip

    blocks.append(Text("II. KẾT QUẢ CHẤM ĐIỂM THI ĐUA", "heading"))
    if papers.table is None:
        blocks.append(Text(f"{cluster} chưa lập bảng chấm điểm thi đua năm {year}."))
    else:
        rule = describe_tie_rule(papers.table["tie_rule"])
        blocks.append(Text(f"Các đơn vị tự chấm điểm theo bảng điểm thi đua năm {year}; Khối trưởng tổng hợp, đối "
                           f"chiếu và hội nghị thống nhất điểm như sau (bằng tổng điểm thì xếp theo: {rule}):"))  # fmt: skip
        blocks.append(score_grid(papers))
        blocks.append(Text(group_legend(papers.groups), "note"))
        blocks += [Text(f"Ghi chú: {n}", "note") for n in score_notes(papers)]

    blocks.append(Text("III. KẾT QUẢ BỎ PHIẾU", "heading"))
    blocks.append(Text("1. Kiểm phiếu", "subheading"))
    blocks += count_blocks(t)
    blocks.append(Text("2. Số phiếu của từng đơn vị", "subheading"))
    blocks.append(Text(threshold_text(t)))
    blocks.append(vote_grid(papers))
    blocks.append(Text("3. Kết quả bình xét" + ("" if papers.closed else " (tạm tính: cuộc bỏ phiếu chưa khóa)"),
                       "subheading"))  # fmt: skip
    blocks += [Text(line) for line in result_lines(papers)]

    blocks.append(Text(f"IV. KHỐI TRƯỞNG, KHỐI PHÓ NĂM {year + 1}", "heading"))
    roles = papers.next_roles
    blocks += [Text(f"- Khối trưởng năm {year + 1}: {roles.get('head') or 'chưa chọn'}."),
               Text(f"- Khối phó năm {year + 1}: {roles.get('deputy') or 'chưa chọn'}."),
               Text(f"- Đơn vị đăng cai hội nghị tiếp theo của Khối: {roles.get('host') or 'chưa chọn'}.")]  # fmt: skip
    if papers.history:
        blocks.append(Text("V. MỞ LẠI KẾT QUẢ BỎ PHIẾU", "heading"))
        blocks += [Text(f"- Lúc {_when(h['at'])}, {h['user'] or 'người dùng'} mở lại kết quả đã khóa; lý do: "
                        f"{h['reason']}.") for h in papers.history]  # fmt: skip
    if papers.closed:
        blocks.append(Text("Biên bản được đọc lại và thông qua tại hội nghị; các đại biểu dự họp nhất trí.",
                           "closing"))  # fmt: skip
    blocks.append(Signatures(("THƯ KÝ", vote["secretary"] or ""), ("CHỦ TRÌ", vote["chair"] or "")))
    return Paper(
        letterhead or letterhead_for(papers), "BIÊN BẢN", f"Bình xét thi đua, khen thưởng năm {year} của {cluster}", blocks,
        draft="" if papers.closed else DRAFT,
    )  # fmt: skip


def _desk_letterhead(db: sqlite_utils.Database, papers) -> Letterhead:
    return letterhead_for(papers, base=of_db(db, year=papers.year, cluster_id=papers.cluster.get("id")))


def write_minutes_xlsx(
    db: sqlite_utils.Database, vote_id: int, out: Path, letterhead: Letterhead | None = None
) -> Path:
    """The minutes of vote ``vote_id`` as one printable Excel sheet; the header is the
    cluster's unless ``letterhead`` is given."""
    papers = cluster_papers.minutes(db, vote_id)
    return write_paper_xlsx(minutes_paper(papers, letterhead or _desk_letterhead(db, papers)), Path(out))


def write_minutes_pdf(
    db: sqlite_utils.Database, vote_id: int, out: Path, letterhead: Letterhead | None = None
) -> Path:
    """The minutes of vote ``vote_id`` as PDF (A4, the bundled font embedded)."""
    papers = cluster_papers.minutes(db, vote_id)
    paper = minutes_paper(papers, letterhead or _desk_letterhead(db, papers))
    return write_paper_pdf(paper, Path(out), title=f"Biên bản bình xét thi đua năm {papers.year} – "
                           f"{papers.cluster['name']}", author=papers.cluster["name"])  # fmt: skip
